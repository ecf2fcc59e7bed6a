from django.db.models import Prefetch

from core.api.prefetch import listed
from core.api.views import ResourceViewSet
from core.filters import (
    ActorFilterSet,
    AddressFilterSet,
    AliasFilterSet,
    IdentityDocumentFilterSet,
    PositionFilterSet,
    SourceFilterSet,
    StateFilterSet,
)
from core.models import Actor, Address, Alias, IdentityDocument, Position, Source, State
from core.serializers import (
    ActorSerializer,
    AddressSerializer,
    AliasSerializer,
    IdentityDocumentSerializer,
    PositionSerializer,
    SourceSerializer,
    StateSerializer,
)
from exports import ftm

# Prefetches that every sourced record's serializer needs.
SOURCES = "sources"


def addresses():
    """An actor's addresses with their country, in one query (the brief serializer shows its code)."""
    return Prefetch("addresses", Address.objects.select_related("country"))


def documents():
    """An actor's identity documents with their country, in one query, as for addresses."""
    return Prefetch("documents", IdentityDocument.objects.select_related("country"))


class StateViewSet(ResourceViewSet):
    """States and entities keyed by ISO 3166-1 alpha-2 code, e.g. /api/states/IL/."""

    serializer_class = StateSerializer
    filterset_class = StateFilterSet
    lookup_field = "code"

    def get_queryset(self):
        return State.objects.all()


class SourceViewSet(ResourceViewSet):
    """Citations: every fact-bearing record links to one or more of these by key."""

    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    lookup_field = "key"

    def get_queryset(self):
        return Source.objects.all()


class ActorViewSet(ResourceViewSet):
    """Persons and organisations, with their aliases and positions; /api/actors/karim-khan/."""

    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet
    lookup_field = "slug"
    ftm_entities = ftm.actor_entities
    ftm_prefetch = ftm.ACTOR_PREFETCH

    def get_queryset(self):
        return Actor.objects.prefetch_related(
            *listed(
                "nationalities",
                "aliases",
                addresses(),
                documents(),
                Prefetch("positions", Position.objects.select_related("state")),
                SOURCES,
            )
        )


class AliasViewSet(ResourceViewSet):
    serializer_class = AliasSerializer
    filterset_class = AliasFilterSet

    def get_queryset(self):
        return Alias.objects.select_related("actor")


class AddressViewSet(ResourceViewSet):
    """Addresses of actors, one line each as the lists give them; also nested in actors and targets."""

    serializer_class = AddressSerializer
    filterset_class = AddressFilterSet

    def get_queryset(self):
        return Address.objects.select_related("actor", "country")


class IdentityDocumentViewSet(ResourceViewSet):
    """Passports, identity cards, tax and registration numbers of actors, as the lists give them; also nested
    in actors and targets. ``?number=`` finds the holder of a number."""

    serializer_class = IdentityDocumentSerializer
    filterset_class = IdentityDocumentFilterSet

    def get_queryset(self):
        return IdentityDocument.objects.select_related("actor", "country")


class PositionViewSet(ResourceViewSet):
    serializer_class = PositionSerializer
    filterset_class = PositionFilterSet

    def get_queryset(self):
        return Position.objects.select_related("holder", "state").prefetch_related(*listed(SOURCES))
