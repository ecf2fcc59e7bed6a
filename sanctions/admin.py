from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from core import admin as core_admin
from core.admin_mixins import SOURCES_FIELDSET, BaseAdmin, BaseTabularInline
from core.models import Actor
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


@admin.register(Measure)
class MeasureAdmin(BaseAdmin):
    list_display = ("name", "slug", "description")
    search_fields = ("name", "slug", "description")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("slug", "name", "description")


# Legal instruments


class InstrumentRelationInline(BaseTabularInline):
    model = InstrumentRelation
    fk_name = "source"
    verbose_name = "act on another instrument"
    verbose_name_plural = "acts on other instruments (outgoing relations)"
    fields = ("relation_type", "target", "effective_date", "sources")
    autocomplete_fields = ("target", "sources")
    select_related = ("source", "target")


# How an incoming relation reads from the target's side.
_INCOMING_LABELS = {
    InstrumentRelation.Type.AMENDS: "amended by",
    InstrumentRelation.Type.REVOKES: "revoked by",
    InstrumentRelation.Type.SUPERSEDES: "superseded by",
    InstrumentRelation.Type.IMPLEMENTS: "implemented by",
}


def _instrument_link(instrument):
    return reverse("admin:sanctions_legalinstrument_change", args=[instrument.pk]), instrument


def _relation_lines(rows):
    """HTML lines 'verb <link to instrument>[, effective date]'; rows are (verb, instrument, effective_date)."""
    return format_html_join(
        mark_safe("<br>"),
        '{} <a href="{}">{}</a>{}',
        (
            (verb, *_instrument_link(instrument), f" (effective {when.isoformat()})" if when else "")
            for verb, instrument, when in rows
        ),
    )


@admin.register(LegalInstrument)
class LegalInstrumentAdmin(BaseAdmin):
    list_display = ("title", "kind", "number", "jurisdiction", "signing_date", "citation")
    list_select_related = ("jurisdiction",)
    list_filter = ("kind", ("jurisdiction", admin.RelatedOnlyFieldListFilter))
    search_fields = ("slug", "number", "title", "citation", "document_number")
    date_hierarchy = "signing_date"
    list_per_page = 50
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("jurisdiction", "issued_by", "authorities", "measures", "sources")
    fieldsets = (
        (None, {"fields": ("slug", "kind", "number", "title", "jurisdiction", "issued_by")}),
        (
            "Dates and citation",
            {"fields": ("signing_date", "publication_date", "effective_date", "citation", "document_number", "url")},
        ),
        ("Content", {"fields": ("authorities", "measures")}),
        SOURCES_FIELDSET,
    )
    change_only_fieldsets = (("Relations", {"fields": ("outgoing_relations_list", "incoming_relations_list")}),)
    inlines = [InstrumentRelationInline]

    @admin.display(description="amends / revokes (outgoing)")
    def outgoing_relations_list(self, obj):
        relations = obj.outgoing_relations.select_related("target")
        lines = _relation_lines((r.get_relation_type_display(), r.target, r.effective_date) for r in relations)
        return lines or self.get_empty_value_display()

    @admin.display(description="amended / revoked by (incoming)")
    def incoming_relations_list(self, obj):
        relations = obj.incoming_relations.select_related("source").order_by("relation_type", "source__signing_date")
        lines = _relation_lines((_INCOMING_LABELS[r.relation_type], r.source, r.effective_date) for r in relations)
        return lines or self.get_empty_value_display()


@admin.register(InstrumentRelation)
class InstrumentRelationAdmin(BaseAdmin):
    list_display = ("source", "relation_type", "target", "effective_date")
    list_select_related = ("source", "target")
    select_related = ("source", "target")
    list_filter = ("relation_type",)
    search_fields = (
        "source__slug",
        "source__number",
        "source__title",
        "target__slug",
        "target__number",
        "target__title",
    )
    date_hierarchy = "effective_date"
    list_per_page = 50
    autocomplete_fields = ("source", "target", "sources")
    fieldsets = (
        (None, {"fields": ("source", "relation_type", "target", "effective_date")}),
        SOURCES_FIELDSET,
    )


# Legislation


class BillActionInline(BaseTabularInline):
    model = BillAction
    fields = (
        "chamber",
        "action_type",
        "date",
        "description",
        "roll_call",
        "yeas",
        "nays",
        "present",
        "not_voting",
        "sources",
    )
    autocomplete_fields = ("sources",)
    select_related = ("bill",)


@admin.register(Bill)
class BillAdmin(BaseAdmin):
    list_display = ("label", "congress", "title", "legislature", "sponsor", "introduced_on")
    list_select_related = ("legislature", "sponsor")
    list_filter = ("congress", "bill_type", ("legislature", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "number", "sponsor__name")
    date_hierarchy = "introduced_on"
    list_per_page = 50
    autocomplete_fields = ("legislature", "sponsor", "sources")
    fieldsets = (
        (None, {"fields": ("legislature", "congress", "bill_type", "number", "title", "url")}),
        ("Introduction", {"fields": ("sponsor", "introduced_on")}),
        SOURCES_FIELDSET,
    )
    inlines = [BillActionInline]

    @admin.display(description="bill", ordering="number")
    def label(self, obj):
        return f"{obj.get_bill_type_display()} {obj.number}"


@admin.register(BillAction)
class BillActionAdmin(BaseAdmin):
    list_display = ("bill", "chamber", "action_type", "date", "yeas", "nays")
    list_select_related = ("bill",)
    select_related = ("bill",)
    list_filter = ("chamber", "action_type")
    search_fields = ("bill__title", "bill__number", "description")
    date_hierarchy = "date"
    list_per_page = 50
    autocomplete_fields = ("bill", "sources")
    fieldsets = (
        (None, {"fields": ("bill", "chamber", "action_type", "date", "description")}),
        ("Vote", {"fields": ("roll_call", "yeas", "nays", "present", "not_voting")}),
        SOURCES_FIELDSET,
    )


# Programs and designations


class CurrentlyListedFilter(admin.SimpleListFilter):
    """In effect today (effective or listed by today, not delisted) or not."""

    title = "currently listed"
    parameter_name = "currently_listed"

    def lookups(self, request, model_admin):
        return (("yes", "yes"), ("no", "no"))

    def queryset(self, request, queryset):
        in_effect = Designation.objects.active_on(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=in_effect)
        if self.value() == "no":
            return queryset.exclude(pk__in=in_effect)
        return queryset


class ProgramDesignationInline(BaseTabularInline):
    """The actors listed under a program."""

    model = Designation
    fields = ("actor", "listed_on", "effective_on", "delisted_on", "reference", "measures", "sources")
    autocomplete_fields = ("actor", "measures", "sources")
    select_related = ("actor", "program")


class ActorDesignationInline(BaseTabularInline):
    """The listings of one actor."""

    model = Designation
    fields = ("program", "listed_on", "effective_on", "delisted_on", "reference", "measures", "sources")
    autocomplete_fields = ("program", "measures", "sources")
    select_related = ("actor", "program")


@admin.register(SanctionProgram)
class SanctionProgramAdmin(BaseAdmin):
    list_display = ("code", "name", "authority", "jurisdiction", "status", "started_on", "ended_on")
    list_select_related = ("jurisdiction",)
    list_filter = ("status", ("jurisdiction", admin.RelatedOnlyFieldListFilter))
    search_fields = ("code", "name", "authority")
    date_hierarchy = "started_on"
    ordering = ("code",)
    list_per_page = 50
    autocomplete_fields = ("jurisdiction", "instruments", "measures", "sources")
    fieldsets = (
        (None, {"fields": ("code", "name", "authority", "jurisdiction", "url")}),
        ("Legal basis and measures", {"fields": ("instruments", "measures")}),
        ("Status", {"fields": ("status", "started_on", "ended_on")}),
        SOURCES_FIELDSET,
    )
    inlines = [ProgramDesignationInline]


@admin.register(Designation)
class DesignationAdmin(BaseAdmin):
    list_display = ("actor", "program", "listed_on", "effective_on", "delisted_on")
    list_select_related = ("actor", "program")
    select_related = ("actor", "program")
    list_filter = ("program", CurrentlyListedFilter)
    search_fields = ("actor__name", "actor__slug", "actor__aliases__name", "program__code", "reference", "basis")
    date_hierarchy = "listed_on"
    list_per_page = 50
    autocomplete_fields = ("actor", "program", "measures", "sources")
    fieldsets = (
        (None, {"fields": ("actor", "program", "designated_by", "reference")}),
        ("Dates", {"fields": ("listed_on", "effective_on", "delisted_on")}),
        ("Measures and basis", {"fields": ("measures", "basis")}),
        SOURCES_FIELDSET,
    )


# Actors seen from sanctions. core cannot import sanctions (the apps depend one way), so the
# Actor admin gains its designations here.
admin.site.unregister(Actor)


@admin.register(Actor)
class ActorAdmin(core_admin.ActorAdmin):
    inlines = [*core_admin.ActorAdmin.inlines, ActorDesignationInline]


class TargetDesignationInline(ActorDesignationInline):
    # A sanction target is an actor with at least one designation.
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.register(SanctionTarget)
class SanctionTargetAdmin(core_admin.ActorAdmin):
    list_display = ("name", "kind", "designation_count")
    inlines = [*core_admin.ActorAdmin.inlines, TargetDesignationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(designation_count=Count("designations", distinct=True))

    @admin.display(description="designations", ordering="designation_count")
    def designation_count(self, obj):
        return obj.designation_count
