import django_filters

from core import screening
from core.api.filters import DATE_LOOKUPS, TEXT_LOOKUPS, BaseFilterSet, GenderFilter, key_filter
from core.models import Actor, Address, Alias, IdentityDocument, Position, Source, State


class StateFilterSet(BaseFilterSet):
    search_fields = ("code", "alpha3", "name", "official_name")
    ordering = django_filters.OrderingFilter(fields=["code", "name", "alpha3"])

    class Meta:
        model = State
        fields = {"code": ["exact", "in"], "alpha3": ["exact"], "name": TEXT_LOOKUPS}


class SourceFilterSet(BaseFilterSet):
    search_fields = ("key", "title", "publisher", "url", "quote")
    ordering = django_filters.OrderingFilter(fields=["key", "published_on", "publisher"])

    class Meta:
        model = Source
        fields = {"key": ["exact", "in"], "publisher": TEXT_LOOKUPS, "kind": ["exact"], "published_on": DATE_LOOKUPS}


class IndexedSearchMixin:
    """``q`` through the screening name index: any spelling, script or order of any name or alias."""

    def search(self, queryset, name, value):
        return queryset.filter(pk__in=screening.search(value, actors=queryset))


class ActorFilterSet(IndexedSearchMixin, BaseFilterSet):
    nationality = key_filter("nationalities", "code", State.objects.all(), "Nationality (ISO code); repeat for any of")
    gender = GenderFilter()
    ordering = django_filters.OrderingFilter(fields=["name", "slug", "birth_date"])

    class Meta:
        model = Actor
        fields = {
            "slug": ["exact", "in"],
            "kind": ["exact"],
            "name": TEXT_LOOKUPS,
            "birth_date": DATE_LOOKUPS,
        }


class AliasFilterSet(BaseFilterSet):
    search_fields = ("name",)
    actor = key_filter("actor", "slug", Actor.objects.all(), "Actor (slug)")

    class Meta:
        model = Alias
        fields = {"kind": ["exact"], "script": ["exact"], "language": ["exact"], "name": TEXT_LOOKUPS}


class AddressFilterSet(BaseFilterSet):
    search_fields = ("full",)
    actor = key_filter("actor", "slug", Actor.objects.all(), "Actor (slug)")
    country = key_filter("country", "code", State.objects.all(), "Country (ISO code)")

    class Meta:
        model = Address
        fields = {"full": TEXT_LOOKUPS, "city": TEXT_LOOKUPS, "postal_code": ["exact"]}


class IdentityDocumentFilterSet(BaseFilterSet):
    search_fields = ("number", "type_as_written")
    actor = key_filter("actor", "slug", Actor.objects.all(), "Actor (slug)")
    country = key_filter("country", "code", State.objects.all(), "Issuing State (ISO code)")
    number = django_filters.CharFilter(
        method="filter_number",
        help_text="A document number, however spaced or punctuated: 'ab 850-901' finds 'AB850901'.",
    )

    class Meta:
        model = IdentityDocument
        fields = {
            "kind": ["exact"],
            "number": ["istartswith"],
            "type_as_written": TEXT_LOOKUPS,
            "issued_on": DATE_LOOKUPS,
            "expires_on": DATE_LOOKUPS,
        }

    def filter_number(self, queryset, name, value):
        return queryset.numbered([value])


class PositionFilterSet(BaseFilterSet):
    search_fields = ("title", "institution", "holder__name")
    holder = key_filter("holder", "slug", Actor.objects.all(), "Holder (actor slug)")
    state = key_filter("state", "code", State.objects.all(), "State (ISO code)")
    ordering = django_filters.OrderingFilter(fields=["start_date", "end_date", "title"])

    class Meta:
        model = Position
        fields = {"title": TEXT_LOOKUPS, "start_date": DATE_LOOKUPS, "end_date": DATE_LOOKUPS}
