from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.filters import read_query, reject_unknown_parameters
from core.api.prefetch import listed
from core.api.views import ResourceViewSet
from core.views import SOURCES, addresses, documents
from exports import ftm
from sanctions.filters import (
    BillActionFilterSet,
    BillFilterSet,
    DesignationFilterSet,
    InstrumentRelationFilterSet,
    LegalInstrumentFilterSet,
    MeasureFilterSet,
    SanctionProgramFilterSet,
    SanctionTargetFilterSet,
)
from sanctions.lineage import lineage
from sanctions.matching import DEFAULT_THRESHOLD, IDENTIFIER_PROPERTIES, match
from sanctions.models import (
    Bill,
    BillAction,
    Designation,
    InstrumentRelation,
    LegalInstrument,
    Measure,
    SanctionProgram,
    SanctionTarget,
)
from sanctions.serializers import (
    BillActionSerializer,
    BillSerializer,
    DesignationSerializer,
    ExecutiveOrderSerializer,
    InstrumentRelationSerializer,
    LegalInstrumentSerializer,
    LineageSerializer,
    MatchParamsSerializer,
    MatchRequestSerializer,
    MatchResponseSerializer,
    MeasureSerializer,
    SanctionProgramSerializer,
    SanctionTargetSerializer,
)


class MeasureViewSet(ResourceViewSet):
    serializer_class = MeasureSerializer
    filterset_class = MeasureFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return Measure.objects.all()


class LegalInstrumentViewSet(ResourceViewSet):
    """Every legal instrument by slug, with what it amends or revokes and what amends or revokes it."""

    serializer_class = LegalInstrumentSerializer
    filterset_class = LegalInstrumentFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return LegalInstrument.objects.select_related("jurisdiction", "issued_by").prefetch_related(
            *listed(
                "authorities",
                "measures",
                Prefetch("outgoing_relations", InstrumentRelation.objects.select_related("target")),
                Prefetch("incoming_relations", InstrumentRelation.objects.select_related("source")),
                SOURCES,
            )
        )

    @extend_schema(responses=LineageSerializer, filters=False)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def lineage(self, request, **kwargs):
        """The chain of instruments linked to this one by amends / revokes / supersedes / implements, both ways."""
        reject_unknown_parameters(request, ())
        instrument = self.get_object()
        instruments, relations = lineage(instrument)
        data = {"instrument": instrument.slug, "instruments": instruments, "relations": relations}
        return Response(LineageSerializer(data, context=self.get_serializer_context()).data)


class ExecutiveOrderViewSet(LegalInstrumentViewSet):
    """Executive orders by number, e.g. /api/executive-orders/14203/."""

    serializer_class = ExecutiveOrderSerializer
    lookup_field = "number"

    def get_queryset(self):
        return super().get_queryset().filter(kind=LegalInstrument.Kind.EXECUTIVE_ORDER)


class InstrumentRelationViewSet(ResourceViewSet):
    serializer_class = InstrumentRelationSerializer
    filterset_class = InstrumentRelationFilterSet

    def get_queryset(self):
        return InstrumentRelation.objects.select_related("source", "target").prefetch_related(*listed(SOURCES))


class SanctionProgramViewSet(ResourceViewSet):
    """Programs by code, e.g. /api/programs/ICC-EO14203/."""

    serializer_class = SanctionProgramSerializer
    filterset_class = SanctionProgramFilterSet
    lookup_field = "code"

    def get_queryset(self):
        return SanctionProgram.objects.select_related("jurisdiction").prefetch_related(
            *listed("instruments", "measures", SOURCES)
        )


class DesignationViewSet(ResourceViewSet):
    serializer_class = DesignationSerializer
    filterset_class = DesignationFilterSet
    ftm_entities = ftm.designation_entities
    ftm_prefetch = ftm.DESIGNATION_PREFETCH

    def get_queryset(self):
        return Designation.objects.select_related("actor", "program").prefetch_related(*listed("measures", SOURCES))


class SanctionTargetViewSet(ResourceViewSet):
    """Actors with at least one designation, with their designations; read-only."""

    serializer_class = SanctionTargetSerializer
    filterset_class = SanctionTargetFilterSet
    lookup_field = "slug"
    http_method_names = ["get", "head", "options"]
    ftm_entities = ftm.actor_entities
    ftm_prefetch = ftm.ACTOR_PREFETCH

    def get_queryset(self):
        return SanctionTarget.objects.prefetch_related(
            *listed(
                "nationalities",
                "aliases",
                addresses(),
                documents(),
                Prefetch(
                    "designations", Designation.objects.select_related("program").prefetch_related(*listed("measures"))
                ),
            )
        )


class BillViewSet(ResourceViewSet):
    """Bills with their chamber actions and votes."""

    serializer_class = BillSerializer
    filterset_class = BillFilterSet

    def get_queryset(self):
        return Bill.objects.select_related("legislature", "sponsor").prefetch_related(*listed("actions", SOURCES))


class BillActionViewSet(ResourceViewSet):
    serializer_class = BillActionSerializer
    filterset_class = BillActionFilterSet

    def get_queryset(self):
        return BillAction.objects.select_related("bill").prefetch_related(*listed(SOURCES))


class MatchView(APIView):
    """Screen names against the database: each query answered with scored candidates and the reasons.

    The body follows yente's ``/match``: ``{"queries": {"q1": {"schema": "Person", "properties": {"name":
    ["..."], "birthDate": ["1949"], "nationality": ["il"]}}}}``. A read, open to anonymous clients.
    """

    permission_classes = [AllowAny]

    @extend_schema(
        request=MatchRequestSerializer, parameters=[MatchParamsSerializer], responses=MatchResponseSerializer
    )
    def post(self, request):
        params = read_query(request, MatchParamsSerializer)
        body = MatchRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        threshold = params.get("threshold", DEFAULT_THRESHOLD)
        limit = params.get("limit", 5)
        queries = {
            key: {
                "schema": query["schema"],
                "names": query["properties"]["name"] + query["properties"].get("alias", []),
                "birth_date": (query["properties"].get("birthDate") or [None])[0],
                "nationalities": query["properties"].get("nationality", []) + query["properties"].get("country", []),
                "identifiers": [
                    (kind, number)
                    for name, kind in IDENTIFIER_PROPERTIES.items()
                    for number in query["properties"].get(name, [])
                ],
            }
            for key, query in body.validated_data["queries"].items()
        }
        responses, version = match(
            queries,
            threshold=threshold,
            limit=limit,
            as_of=params.get("as_of"),
            programs=params.get("program"),
            kind=params.get("kind"),
        )
        data = {"data_version": version, "threshold": threshold, "limit": limit, "responses": responses}
        return Response(MatchResponseSerializer(data, context={"request": request}).data)
