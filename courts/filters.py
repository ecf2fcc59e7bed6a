import datetime

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from core.api.filters import DATE_LOOKUPS, TEXT_LOOKUPS, BaseFilterSet, key_filter
from core.filters import StateFilterSet
from core.models import Actor, State
from courts.models import Charge, Court, CourtAction, Referral, Treaty, TreatyAction


class StatePartyFilterSet(StateFilterSet):
    """States, plus ``?party_to=<treaty>&as_of=<date>``: the States bound by a treaty on a date."""

    party_to = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Treaty.objects.all(), method="filter_party_to", label="Party to (treaty slug)"
    )
    as_of = django_filters.DateFilter(method="filter_as_of", label="Date for party_to (YYYY-MM-DD); default today")

    @extend_schema_field(OpenApiTypes.STR)
    def filter_party_to(self, queryset, name, treaty):
        when = self.form.cleaned_data.get("as_of") or datetime.date.today()
        return queryset.filter(pk__in=treaty.parties_as_of(when).values("pk"))

    def filter_as_of(self, queryset, name, value):
        if not self.form.cleaned_data.get("party_to"):
            raise ValidationError({"as_of": ["as_of applies to party_to: give party_to=<treaty slug> too."]})
        return queryset


class TreatyFilterSet(BaseFilterSet):
    search_fields = ("slug", "title", "short_title")
    ordering = django_filters.OrderingFilter(fields=["slug", "title", "adopted_on", "entered_into_force_on"])

    class Meta:
        model = Treaty
        fields = {"slug": ["exact"], "adopted_on": DATE_LOOKUPS, "entered_into_force_on": DATE_LOOKUPS}


class TreatyActionFilterSet(BaseFilterSet):
    search_fields = ("state__name", "description", "article")
    treaty = key_filter("treaty", "slug", Treaty.objects.all(), "Treaty (slug)")
    state = key_filter("state", "code", State.objects.all(), "State (ISO code)")
    ordering = django_filters.OrderingFilter(fields=["date", "effective_date", "action_type"])

    class Meta:
        model = TreatyAction
        fields = {
            "action_type": ["exact", "in"],
            "article": ["exact"],
            "date": DATE_LOOKUPS,
            "effective_date": DATE_LOOKUPS,
            "period_start": DATE_LOOKUPS,
            "period_end": DATE_LOOKUPS,
        }


class CourtFilterSet(BaseFilterSet):
    search_fields = ("slug", "name", "abbreviation", "seat_city")
    seat_state = key_filter("seat_state", "code", State.objects.all(), "Seat State (ISO code)")
    founding_treaty = key_filter("founding_treaty", "slug", Treaty.objects.all(), "Founding treaty (slug)")
    ordering = django_filters.OrderingFilter(fields=["name", "established_on"])

    class Meta:
        model = Court
        fields = {"kind": ["exact"], "established_on": DATE_LOOKUPS}


class CourtActionFilterSet(BaseFilterSet):
    search_fields = ("subject__name", "subject__aliases__name", "situation", "chamber", "reference")
    court = key_filter("court", "slug", Court.objects.all(), "Court (slug)")
    subject = key_filter("subject", "slug", Actor.objects.all(), "Subject (actor slug)")
    ordering = django_filters.OrderingFilter(fields=["date", "status_date"])

    class Meta:
        model = CourtAction
        fields = {
            "kind": ["exact"],
            "status": ["exact", "in"],
            "chamber": TEXT_LOOKUPS,
            "situation": TEXT_LOOKUPS,
            "date": DATE_LOOKUPS,
            "status_date": DATE_LOOKUPS,
            "conduct_from": DATE_LOOKUPS,
            "conduct_until": DATE_LOOKUPS,
        }


class ChargeFilterSet(BaseFilterSet):
    search_fields = ("crime", "article")

    class Meta:
        model = Charge
        fields = {"court_action": ["exact"], "category": ["exact"], "article": ["exact", "startswith"]}


class ReferralFilterSet(BaseFilterSet):
    search_fields = ("situation", "resolution", "territory__name")
    court = key_filter("court", "slug", Court.objects.all(), "Court (slug)")
    territory = key_filter("territory", "code", State.objects.all(), "Territory (ISO code)")
    ordering = django_filters.OrderingFilter(fields=["date", "period_start"])

    class Meta:
        model = Referral
        fields = {"referred_by": ["exact"], "date": DATE_LOOKUPS, "period_start": DATE_LOOKUPS}
