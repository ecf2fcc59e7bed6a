import datetime

import django_filters
from django.db.models import Exists, OuterRef
from rest_framework.exceptions import ValidationError

from core.api.filters import DATE_LOOKUPS, TEXT_LOOKUPS, BaseFilterSet, GenderFilter, key_filter
from core.filters import IndexedSearchMixin
from core.models import Actor, State
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


class MeasureFilterSet(BaseFilterSet):
    search_fields = ("slug", "name", "description")

    class Meta:
        model = Measure
        fields = {"slug": ["exact"]}


class LegalInstrumentFilterSet(BaseFilterSet):
    """Instruments; ``?in_force=true&as_of=2021-06-01`` respects revocations and supersessions."""

    search_fields = ("slug", "number", "title", "citation", "document_number")
    jurisdiction = key_filter("jurisdiction", "code", State.objects.all(), "Jurisdiction (ISO code)")
    issued_by = key_filter("issued_by", "slug", Actor.objects.all(), "Signed by (actor slug)")
    measure = key_filter("measures", "slug", Measure.objects.all(), "Provides for measure (slug)")
    in_force = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_in_force",
        label="true: in force on as_of (default today); false: not in force then",
    )
    as_of = django_filters.DateFilter(method="filter_as_of", label="Date for in_force (YYYY-MM-DD)")
    ordering = django_filters.OrderingFilter(
        fields=["signing_date", "publication_date", "effective_date", "number", "slug"]
    )

    class Meta:
        model = LegalInstrument
        fields = {
            "kind": ["exact"],
            "number": ["exact", "in"],
            "document_number": ["exact"],
            "citation": TEXT_LOOKUPS,
            "signing_date": DATE_LOOKUPS,
            "publication_date": DATE_LOOKUPS,
            "effective_date": DATE_LOOKUPS,
        }

    def filter_in_force(self, queryset, name, value):
        when = self.form.cleaned_data.get("as_of") or datetime.date.today()
        in_force = LegalInstrument.objects.in_force(when).values("pk")
        return queryset.filter(pk__in=in_force) if value == "true" else queryset.exclude(pk__in=in_force)

    def filter_as_of(self, queryset, name, value):
        if not self.form.cleaned_data.get("in_force"):
            raise ValidationError({"as_of": ["as_of applies to in_force: give in_force=true or false too."]})
        return queryset


class InstrumentRelationFilterSet(BaseFilterSet):
    source = key_filter("source", "slug", LegalInstrument.objects.all(), "Acting instrument (slug)")
    target = key_filter("target", "slug", LegalInstrument.objects.all(), "Instrument acted upon (slug)")

    class Meta:
        model = InstrumentRelation
        fields = {"relation_type": ["exact"], "effective_date": DATE_LOOKUPS}


class SanctionProgramFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "authority")
    jurisdiction = key_filter("jurisdiction", "code", State.objects.all(), "Jurisdiction (ISO code)")
    instrument = key_filter("instruments", "slug", LegalInstrument.objects.all(), "Instrument (slug)")
    ordering = django_filters.OrderingFilter(fields=["code", "started_on"])

    class Meta:
        model = SanctionProgram
        fields = {"code": ["exact", "in"], "status": ["exact"], "started_on": DATE_LOOKUPS, "ended_on": DATE_LOOKUPS}


class DesignationFilterSet(BaseFilterSet):
    """Designations; ``?as_of=`` keeps those in effect on that date."""

    search_fields = ("actor__name", "actor__aliases__name", "basis", "reference")
    program = key_filter("program", "code", SanctionProgram.objects.all(), "Program (code)")
    actor = key_filter("actor", "slug", Actor.objects.all(), "Actor (slug)")
    nationality = key_filter("actor__nationalities", "code", State.objects.all(), "Actor's nationality (ISO code)")
    measure = key_filter("measures", "slug", Measure.objects.all(), "Measure (slug)")
    as_of = django_filters.DateFilter(method="filter_as_of", label="In effect on this date (YYYY-MM-DD)")
    ordering = django_filters.OrderingFilter(fields=["listed_on", "effective_on", "delisted_on"])

    class Meta:
        model = Designation
        fields = {
            "listed_on": DATE_LOOKUPS,
            "effective_on": DATE_LOOKUPS,
            "delisted_on": DATE_LOOKUPS,
            "designated_by": TEXT_LOOKUPS,
            "reference": ["exact"],
        }

    def filter_as_of(self, queryset, name, value):
        return queryset.active_on(value)


class SanctionTargetFilterSet(IndexedSearchMixin, BaseFilterSet):
    """Targets; ``?program=ICC-EO14203&as_of=2025-03-01`` keeps those designated under it on that date."""

    program = key_filter("designations__program", "code", SanctionProgram.objects.all(), "Program (code)")
    nationality = key_filter("nationalities", "code", State.objects.all(), "Nationality (ISO code)")
    as_of = django_filters.DateFilter(method="filter_as_of", label="Designated on this date (YYYY-MM-DD)")
    gender = GenderFilter()
    ordering = django_filters.OrderingFilter(fields=["name", "slug"])

    class Meta:
        model = SanctionTarget
        fields = {"kind": ["exact"], "slug": ["exact", "in"], "name": TEXT_LOOKUPS}

    def filter_as_of(self, queryset, name, value):
        # Program and date must hold for the same designation, not for two different ones.
        active = Designation.objects.active_on(value).filter(actor=OuterRef("pk"))
        programs = self.form.cleaned_data.get("program")
        if programs:
            active = active.filter(program__in=programs)
        return queryset.filter(Exists(active))


class BillFilterSet(BaseFilterSet):
    search_fields = ("title",)
    legislature = key_filter("legislature", "code", State.objects.all(), "Legislature (ISO code)")
    sponsor = key_filter("sponsor", "slug", Actor.objects.all(), "Sponsor (actor slug)")
    ordering = django_filters.OrderingFilter(fields=["congress", "number", "introduced_on"])

    class Meta:
        model = Bill
        fields = {"congress": ["exact"], "bill_type": ["exact"], "number": ["exact"], "introduced_on": DATE_LOOKUPS}


class BillActionFilterSet(BaseFilterSet):
    search_fields = ("description",)

    class Meta:
        model = BillAction
        fields = {"bill": ["exact"], "chamber": ["exact"], "action_type": ["exact"], "date": DATE_LOOKUPS}
