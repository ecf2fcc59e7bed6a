from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core import admin as core_admin
from core import screening
from core.admin_filters import UsedRelatedFieldListFilter, YearListFilter
from core.admin_mixins import SOURCES_FIELDSET, BaseAdmin, BaseTabularInline
from core.models import Actor, Position, Source
from courts.models import CourtAction
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
from sanctions.services import designations_delist


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


def _links(objects, admin_name, describe=str):
    """HTML lines linking each object to its admin page."""
    return format_html_join(
        mark_safe("<br>"),
        '<a href="{}">{}</a>',
        ((reverse(f"admin:{admin_name}_change", args=[obj.pk]), describe(obj)) for obj in objects),
    )


@admin.register(LegalInstrument)
class LegalInstrumentAdmin(BaseAdmin):
    list_display = ("title", "kind", "number", "jurisdiction", "signing_date", "citation")
    list_select_related = ("jurisdiction",)
    list_filter = ("kind", ("jurisdiction", UsedRelatedFieldListFilter))
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
    change_only_fieldsets = (
        ("Relations", {"fields": ("outgoing_relations_list", "incoming_relations_list", "programs_list")}),
    )
    inlines = [InstrumentRelationInline]

    @admin.display(description="programs it governs")
    def programs_list(self, obj):
        return _links(obj.programs.all(), "sanctions_sanctionprogram") or self.get_empty_value_display()

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
    list_filter = ("congress", "bill_type", ("legislature", UsedRelatedFieldListFilter))
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
        # Conditions on the rows themselves, not pk IN (subquery): one pass over the table at scale.
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.active_on(today)
        if self.value() == "no":
            starts = Coalesce("effective_on", "listed_on")
            return queryset.alias(starts=starts).filter(Q(starts__gt=today) | Q(delisted_on__lte=today))
        return queryset


class ListedInYearFilter(YearListFilter):
    title = "listed in year"
    field_name = "listed_on"


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


def _instrument_summary(instrument):
    signed = f", signed {instrument.signing_date.isoformat()}" if instrument.signing_date else ""
    return f"{instrument}{signed}"


@admin.register(SanctionProgram)
class SanctionProgramAdmin(BaseAdmin):
    list_display = ("code", "name", "authority", "jurisdiction", "status", "started_on", "ended_on")
    list_select_related = ("jurisdiction",)
    list_filter = ("status", ("jurisdiction", UsedRelatedFieldListFilter))
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
    change_only_fieldsets = (("At a glance", {"fields": ("instruments_list", "targets_summary")}),)
    inlines = [ProgramDesignationInline]

    @admin.display(description="instruments (open each for what it amends and what revokes it)")
    def instruments_list(self, obj):
        instruments = obj.instruments.order_by("signing_date")
        return _links(instruments, "sanctions_legalinstrument", _instrument_summary) or self.get_empty_value_display()

    @admin.display(description="targets")
    def targets_summary(self, obj):
        today = timezone.localdate()
        listed = obj.designations.count()
        active = obj.designations.active_on(today).count()
        url = reverse("admin:sanctions_designation_changelist")
        return format_html(
            '{} listed today, {} ever (<a href="{}?program__id__exact={}">open them as a list</a>; '
            "each is a row of the designations below)",
            active,
            listed,
            url,
            obj.pk,
        )


class DelistForm(forms.Form):
    """The intermediate page of the 'mark delisted' action: the date, and the source that says so."""

    delisted_on = forms.DateField(
        label="Delisted on", widget=AdminDateWidget, help_text="The date the authority removed them from its list."
    )
    source = forms.ModelChoiceField(
        Source.objects.all(),
        widget=AutocompleteSelect(Designation._meta.get_field("sources"), admin.site),
        help_text="The source that states the delisting; it is added to each designation's sources.",
    )


@admin.action(description="Mark selected designations delisted on a date…", permissions=["change"])
def delist_designations(modeladmin, request, queryset):
    form = DelistForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            result = designations_delist(
                designations=queryset, delisted_on=form.cleaned_data["delisted_on"], source=form.cleaned_data["source"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            when = form.cleaned_data["delisted_on"].isoformat()
            modeladmin.message_user(
                request, f"{len(result.delisted)} designation(s) marked delisted on {when}.", messages.SUCCESS
            )
            if result.already_delisted:
                modeladmin.message_user(
                    request,
                    f"{len(result.already_delisted)} already delisted, left unchanged: "
                    + "; ".join(str(d) for d in result.already_delisted[:10]),
                    messages.WARNING,
                )
            return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Mark designations delisted",
        "opts": modeladmin.model._meta,
        "form": form,
        "media": modeladmin.media + form.media,
        "designations": queryset.select_related("actor", "program")[:100],
        "count": queryset.count(),
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action": "delist_designations",
    }
    return TemplateResponse(request, "admin/sanctions/designation/delist.html", context)


@admin.register(Designation)
class DesignationAdmin(BaseAdmin):
    list_display = ("actor", "program", "listed_on", "effective_on", "delisted_on")
    list_select_related = ("actor", "program")
    select_related = ("actor", "program")
    # A year filter instead of date_hierarchy, whose list of years scans the whole table.
    list_filter = ("program", CurrentlyListedFilter, ListedInYearFilter)
    search_fields = ("actor__name", "program__code", "reference")
    search_help_text = "An actor's name in any spelling or script, a program code, or the list's reference."
    list_per_page = 50
    autocomplete_fields = ("actor", "program", "measures", "sources")
    actions = [delist_designations]
    fieldsets = (
        (None, {"fields": ("actor", "program", "designated_by", "reference")}),
        ("Dates", {"fields": ("listed_on", "effective_on", "delisted_on")}),
        ("Measures and basis", {"fields": ("measures", "basis")}),
        SOURCES_FIELDSET,
    )

    def get_search_results(self, request, queryset, search_term):
        """Actors through the screening name index (any spelling of any alias), programs and references exactly."""
        term = search_term.strip()
        if not term:
            return queryset, False
        # Each alternative on an indexed column, so that their OR does not read the whole table.
        actors = screening.search(term)
        programs = list(SanctionProgram.objects.filter(code__iexact=term).values_list("pk", flat=True))
        return queryset.filter(Q(actor__in=actors) | Q(program__in=programs) | Q(reference=term)), False


# Actors seen from sanctions and courts. core cannot import them (the apps depend one way), so the
# Actor admin gains its designations, warrants and the sources of all of them here.
admin.site.unregister(Actor)


class CourtActionInline(BaseTabularInline):
    """Warrants and other court actions concerning the actor, read-only here (edited on their own page)."""

    model = CourtAction
    fk_name = "subject"
    verbose_name = "warrant or other court action"
    verbose_name_plural = "warrants and other court actions"
    fields = ("court", "kind", "date", "status", "status_date", "charges_list")
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0
    select_related = ("court", "subject")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("charges")

    @admin.display(description="charges")
    def charges_list(self, obj):
        return "; ".join(f"{c.crime} ({c.article})" if c.article else c.crime for c in obj.charges.all()) or "—"


# Fact-bearing records about an actor, each with its path to the actor; the labels say which cites a source.
_ACTOR_RECORDS = (
    ("the actor", Actor, "pk"),
    ("a position", Position, "holder"),
    ("a designation", Designation, "actor"),
    ("a court action", CourtAction, "subject"),
)


@admin.register(Actor)
class ActorAdmin(core_admin.ActorAdmin):
    inlines = [*core_admin.ActorAdmin.inlines, ActorDesignationInline, CourtActionInline]
    change_only_fieldsets = (("Every source on this actor", {"fields": ("sources_cited",)}),)

    @admin.display(description="sources cited by the actor, its positions, designations and court actions")
    def sources_cited(self, obj):
        cited_for = {}
        for label, model, path in _ACTOR_RECORDS:
            through = model.sources.through
            column = f"{model._meta.model_name}__{path}" if path != "pk" else model._meta.model_name
            for source_id in through.objects.filter(**{column: obj.pk}).values_list("source_id", flat=True):
                cited_for.setdefault(source_id, []).append(label)
        sources = Source.objects.filter(pk__in=cited_for).order_by("-published_on", "key")
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a> ({}{}) — cited by {}',
                (
                    (
                        reverse("admin:core_source_change", args=[source.pk]),
                        source.title,
                        source.publisher,
                        f", {source.published_on.isoformat()}" if source.published_on else "",
                        ", ".join(sorted(set(cited_for[source.pk]))),
                    )
                    for source in sources
                ),
            )
            or self.get_empty_value_display()
        )


class TargetDesignationInline(ActorDesignationInline):
    # A sanction target is an actor with at least one designation.
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.register(SanctionTarget)
class SanctionTargetAdmin(core_admin.ActorAdmin):
    list_display = ("name", "kind", "designation_count")
    inlines = [*core_admin.ActorAdmin.inlines, TargetDesignationInline, CourtActionInline]

    def get_queryset(self, request):
        # A subquery per row of the page, not a GROUP BY over every actor (100,000 of them at scale).
        count = (
            Designation.objects.filter(actor=OuterRef("pk")).order_by().values("actor").annotate(n=Count("pk"))
        ).values("n")
        return super().get_queryset(request).annotate(designation_count=Coalesce(Subquery(count), 0))

    @admin.display(description="designations")
    def designation_count(self, obj):
        return obj.designation_count
