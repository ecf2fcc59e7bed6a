import datetime

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.filters import read_query
from core.api.prefetch import listed
from core.api.views import ResourceViewSet
from core.serializers import StateSerializer
from core.views import SOURCES, StateViewSet
from courts.filters import (
    ChargeFilterSet,
    CourtActionFilterSet,
    CourtFilterSet,
    ReferralFilterSet,
    StatePartyFilterSet,
    TreatyActionFilterSet,
    TreatyFilterSet,
)
from courts.jurisdiction import NoRulesForCourt, Question, assess
from courts.models import Charge, Court, CourtAction, Referral, Treaty, TreatyAction
from courts.models.treaties import standing_on, status_periods
from courts.serializers import (
    AssessmentSerializer,
    ChargeSerializer,
    CourtActionSerializer,
    CourtSerializer,
    JurisdictionQuerySerializer,
    PartiesQuerySerializer,
    ReferralSerializer,
    StateTreatySerializer,
    TreatyActionSerializer,
    TreatySerializer,
)


class StatePartyViewSet(StateViewSet):
    """States; ``?party_to=rome-statute&as_of=2019-03-18`` keeps those bound by the treaty on that date."""

    filterset_class = StatePartyFilterSet

    @extend_schema(parameters=[PartiesQuerySerializer], responses=StateTreatySerializer(many=True), filters=False)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def treaties(self, request, code=None):
        """The State's status on every treaty it has acted on, over time, with the acts behind each status."""
        when = read_query(request, PartiesQuerySerializer).get("as_of") or datetime.date.today()
        actions = TreatyAction.objects.filter(state=self.get_object()).select_related("treaty", "state")
        by_treaty = {}
        for treaty_action in actions.prefetch_related(SOURCES):
            by_treaty.setdefault(treaty_action.treaty, []).append(treaty_action)
        data = [
            {
                "treaty": treaty.slug,
                "title": str(treaty),
                "status": standing_on(acts, when).status,
                "periods": [{"status": s, "start": a, "end": b} for s, a, b in status_periods(acts)],
                "actions": acts,
            }
            for treaty, acts in sorted(by_treaty.items(), key=lambda item: item[0].slug)
        ]
        return Response(StateTreatySerializer(data, many=True, context=self.get_serializer_context()).data)


class TreatyViewSet(ResourceViewSet):
    """Treaties by slug, e.g. /api/treaties/rome-statute/; parties on any date under .../parties/."""

    serializer_class = TreatySerializer
    filterset_class = TreatyFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return Treaty.objects.prefetch_related(*listed(SOURCES))

    @extend_schema(
        parameters=[PartiesQuerySerializer],
        responses=inline_serializer(
            "TreatyParties",
            {
                "treaty": serializers.CharField(),
                "as_of": serializers.DateField(),
                "count": serializers.IntegerField(),
                "results": StateSerializer(many=True),
            },
        ),
        filters=False,
    )
    @action(detail=True, filter_backends=[], pagination_class=None)
    def parties(self, request, slug=None):
        """The States bound by the treaty on ``as_of`` (default today), derived from their dated actions."""
        when = read_query(request, PartiesQuerySerializer).get("as_of") or datetime.date.today()
        parties = self.get_object().parties_as_of(when)
        data = StateSerializer(parties, many=True, context=self.get_serializer_context()).data
        return Response({"treaty": slug, "as_of": when, "count": len(data), "results": data})


class TreatyActionViewSet(ResourceViewSet):
    serializer_class = TreatyActionSerializer
    filterset_class = TreatyActionFilterSet

    def get_queryset(self):
        return TreatyAction.objects.select_related("treaty", "state").prefetch_related(*listed(SOURCES))


class CourtViewSet(ResourceViewSet):
    """Courts by slug, e.g. /api/courts/icc/."""

    serializer_class = CourtSerializer
    filterset_class = CourtFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return Court.objects.select_related("seat_state", "founding_treaty").prefetch_related(*listed(SOURCES))

    @extend_schema(parameters=[JurisdictionQuerySerializer], responses=AssessmentSerializer, filters=False)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def jurisdiction(self, request, slug=None):
        """Can the court exercise jurisdiction over this conduct? A verdict, its bases and the reasoning.

        Answers whether the court *can* act (preconditions, temporal and personal limits), not whether a
        case would be admissible. Reads the dated records, so it changes when they do.
        """
        question = Question(**read_query(request, JurisdictionQuerySerializer))
        try:
            assessment = assess(self.get_object(), question)
        except NoRulesForCourt as error:
            raise serializers.ValidationError({"court": [str(error)]}) from error
        return Response(AssessmentSerializer(assessment, context=self.get_serializer_context()).data)


class ReferralViewSet(ResourceViewSet):
    """Situations referred to a court by the Security Council or a State Party."""

    serializer_class = ReferralSerializer
    filterset_class = ReferralFilterSet

    def get_queryset(self):
        return Referral.objects.select_related("court", "referring_state", "territory").prefetch_related(
            *listed(SOURCES)
        )


class CourtActionViewSet(ResourceViewSet):
    """Arrest warrants, summonses and applications, with the crimes charged."""

    serializer_class = CourtActionSerializer
    filterset_class = CourtActionFilterSet

    def get_queryset(self):
        return CourtAction.objects.select_related("court", "subject").prefetch_related(*listed("charges", SOURCES))


class ChargeViewSet(ResourceViewSet):
    serializer_class = ChargeSerializer
    filterset_class = ChargeFilterSet

    def get_queryset(self):
        return Charge.objects.all()
