from copy import copy

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core.admin_mixins import SOURCES_FIELDSET, BaseAdmin, BaseTabularInline
from core.models import State
from courts.models import Charge, Court, CourtAction, Referral, Treaty, TreatyAction
from courts.models.treaties import preview_action


class TreatyActionInline(BaseTabularInline):
    """Every State's acts on the treaty; the Rome Statute has hundreds, hence autocomplete and a fixed query count."""

    model = TreatyAction
    # Description and notes are edited on the action's own page (the change link of each row).
    fields = (
        "state",
        "action_type",
        "date",
        "date_precision",
        "effective_date",
        "period_start",
        "period_end",
        "article",
        "scope",
        "sources",
    )
    autocomplete_fields = ("state", "sources")
    select_related = ("state", "treaty")


@admin.register(Treaty)
class TreatyAdmin(BaseAdmin):
    list_display = ("title", "short_title", "adopted_on", "entered_into_force_on", "depositary")
    search_fields = ("slug", "title", "short_title", "registration_number", "treaty_series")
    date_hierarchy = "adopted_on"
    ordering = ("title",)
    list_per_page = 50
    prepopulated_fields = {"slug": ("short_title",)}
    autocomplete_fields = ("sources",)
    fieldsets = (
        (None, {"fields": ("slug", "title", "short_title", "url")}),
        ("Adoption and entry into force", {"fields": ("adopted_on", "adopted_at", "entered_into_force_on")}),
        ("Registration", {"fields": ("depositary", "registration_number", "treaty_series")}),
        SOURCES_FIELDSET,
    )
    change_only_fieldsets = (("Participation", {"fields": ("parties_today",)}),)
    inlines = [TreatyActionInline]

    @admin.display(description="States parties today")
    def parties_today(self, obj):
        return obj.parties_as_of(timezone.localdate()).count()


class TreatyActionPreviewForm(forms.Form):
    """The fields of a treaty action that decide the State's status, as the change form holds them.

    A plain form, not a ModelForm: the model's own validation is reported by the preview, not refused.
    """

    treaty = forms.ModelChoiceField(Treaty.objects.all())
    state = forms.ModelChoiceField(State.objects.all())
    action_type = forms.ChoiceField(choices=TreatyAction.Type.choices)
    date = forms.DateField(required=False)
    effective_date = forms.DateField(required=False)


def _status_label(status):
    return TreatyAction.Status(status).label if status else None


def preview_lines(preview):
    """The preview as sentences a curator reads on the form."""
    lines = []
    if preview["suggested_effective_date"]:
        lines.append(
            f"No effective date given: a withdrawal usually takes effect a year after its notification "
            f"(Rome Statute art. 127(1)), i.e. {preview['suggested_effective_date'].isoformat()}; "
            "check the treaty's own clause and enter it."
        )
    if preview["on"]:
        before, after = _status_label(preview["before"]), _status_label(preview["after"])
        change = f"{before} → {after}" if before != after else f"{after} (unchanged)"
        lines.append(f"On {preview['on'].isoformat()}: {change}.")
    today_before, today_after = _status_label(preview["today_before"]), _status_label(preview["today_after"])
    change = f"{today_before} → {today_after}" if today_before != today_after else f"{today_after} (unchanged)"
    lines.append(f"Today ({preview['today'].isoformat()}): {change}.")
    for field, messages in preview["problems"].items():
        lines.extend(f"Will not save ({field}): {message}" for message in messages)
    return lines


@admin.register(TreatyAction)
class TreatyActionAdmin(BaseAdmin):
    list_display = ("state", "treaty", "action_type", "date", "effective_date")
    list_select_related = ("state", "treaty")
    select_related = ("treaty", "state")
    list_filter = ("treaty", "action_type")
    search_fields = ("state__name", "state__code", "treaty__short_title", "treaty__title", "article", "description")
    date_hierarchy = "date"
    list_per_page = 100
    autocomplete_fields = ("treaty", "state", "sources")
    readonly_fields = ("resulting_status",)
    fieldsets = (
        (None, {"fields": ("treaty", "state", "action_type", "article", "description")}),
        ("Dates", {"fields": ("date", "date_precision", "effective_date")}),
        ("Resulting status (preview, before saving)", {"fields": ("resulting_status",)}),
        ("Declarations only", {"fields": ("period_start", "period_end", "scope")}),
        SOURCES_FIELDSET,
    )
    change_only_fieldsets = (("Today", {"fields": ("status_today",)}),)

    class Media:
        js = ("admin/js/jquery.init.js", "courts/treaty_action_preview.js")

    def get_urls(self):
        preview = path(
            "preview/",
            self.admin_site.admin_view(self.preview_view),
            name="courts_treatyaction_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request):
        """JSON: the State's status with the form's values, before saving (read by treaty_action_preview.js)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        form = TreatyActionPreviewForm(request.GET)
        if not form.is_valid():
            return JsonResponse(form.errors.get_json_data(), status=400)
        saved = (
            TreatyAction.objects.filter(pk=request.GET["id"]).first() if request.GET.get("id", "").isdigit() else None
        )
        action = copy(saved) if saved else TreatyAction()
        for name, value in form.cleaned_data.items():
            setattr(action, name, value)
        preview = preview_action(action, timezone.localdate())
        return JsonResponse(
            {
                "lines": preview_lines(preview),
                "on": preview["on"],
                "suggested_effective_date": preview["suggested_effective_date"],
                "before": preview["before"],
                "after": preview["after"],
                "today_before": preview["today_before"],
                "today_after": preview["today_after"],
                "problems": preview["problems"],
            }
        )

    @admin.display(description="the State's status with this act")
    def resulting_status(self, obj):
        return format_html(
            '<div id="treaty-action-preview" data-url="{}" data-id="{}">'
            '<button type="button" class="button" id="treaty-action-preview-button">Preview</button>'
            '<ul class="treaty-action-preview-lines"></ul></div>',
            reverse("admin:courts_treatyaction_preview"),
            obj.pk or "",
        )

    @admin.display(description="the State's status on the treaty today")
    def status_today(self, obj):
        return obj.treaty.status_of(obj.state, timezone.localdate()).label


@admin.register(Court)
class CourtAdmin(BaseAdmin):
    list_display = ("name", "abbreviation", "kind", "seat_city", "seat_state", "founding_treaty", "established_on")
    list_select_related = ("seat_state", "founding_treaty")
    list_filter = ("kind", "is_permanent")
    search_fields = ("slug", "name", "abbreviation", "seat_city")
    date_hierarchy = "established_on"
    ordering = ("name",)
    list_per_page = 50
    autocomplete_fields = ("seat_state", "founding_treaty", "sources")
    fieldsets = (
        (None, {"fields": ("slug", "name", "abbreviation", "kind", "url")}),
        ("Seat and foundation", {"fields": ("seat_city", "seat_state", "founding_treaty", "established_on")}),
        ("Jurisdiction", {"fields": ("is_permanent", "jurisdiction_summary", "enforcement_notes")}),
        SOURCES_FIELDSET,
    )


class ChargeInline(BaseTabularInline):
    model = Charge
    fields = ("category", "crime", "article", "mode_of_liability")


@admin.register(CourtAction)
class CourtActionAdmin(BaseAdmin):
    list_display = ("subject", "kind", "court", "date", "status", "status_date", "situation")
    list_select_related = ("subject", "court")
    select_related = ("court", "subject")
    list_filter = ("court", "kind", "status")
    search_fields = ("subject__name", "subject__slug", "court__name", "court__abbreviation", "situation", "reference")
    date_hierarchy = "date"
    list_per_page = 50
    autocomplete_fields = ("court", "subject", "sources")
    fieldsets = (
        (None, {"fields": ("court", "kind", "subject", "date")}),
        ("Case", {"fields": ("chamber", "situation", "reference", "conduct_from", "conduct_until")}),
        ("Status", {"fields": ("status", "status_date")}),
        SOURCES_FIELDSET,
    )
    inlines = [ChargeInline]


@admin.register(Charge)
class ChargeAdmin(BaseAdmin):
    list_display = ("crime", "article", "category", "mode_of_liability", "court_action")
    list_select_related = ("court_action__court", "court_action__subject")
    list_filter = ("category", "court_action__court")
    search_fields = ("crime", "article", "mode_of_liability", "court_action__subject__name")
    ordering = ("court_action__subject__name", "category", "crime")
    list_per_page = 50
    autocomplete_fields = ("court_action",)
    fields = ("court_action", "category", "crime", "article", "mode_of_liability")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "court_action":
            # The widget labels the selected action with its __str__, which names court and subject.
            kwargs["queryset"] = CourtAction.objects.select_related("court", "subject")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Referral)
class ReferralAdmin(BaseAdmin):
    list_display = ("situation", "court", "referred_by", "territory", "date", "period_start", "period_end")
    list_select_related = ("court", "territory")
    select_related = ("court",)
    list_filter = ("court", "referred_by")
    search_fields = ("situation", "resolution", "territory__name", "territory__code")
    date_hierarchy = "date"
    list_per_page = 50
    autocomplete_fields = ("court", "referring_state", "territory", "sources")
    fieldsets = (
        (None, {"fields": ("court", "referred_by", "referring_state", "situation", "territory", "resolution")}),
        ("Dates", {"fields": ("date", "period_start", "period_end")}),
        SOURCES_FIELDSET,
    )
