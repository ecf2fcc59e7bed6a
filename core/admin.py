from django.contrib import admin
from django.db.models import Q
from django.urls import reverse

from core import screening
from core.admin_actions import export_as_csv
from core.admin_filters import GenderListFilter, UsedRelatedFieldListFilter
from core.admin_mixins import SOURCES_FIELDSET, BaseAdmin, BaseTabularInline
from core.models import Actor, Address, Alias, IdentityDocument, Position, Source, State
from core.models.documents import number_key

# Offered on every changelist of the site.
admin.site.add_action(export_as_csv)


@admin.register(State)
class StateAdmin(BaseAdmin):
    list_display = ("name", "code", "alpha3", "official_name")
    list_display_links = ("name", "code")
    search_fields = ("code", "alpha3", "name", "official_name")
    ordering = ("name",)
    # The whole ISO list fits on one page; each row is a plain column read, no relation.
    list_per_page = 300
    fields = ("code", "alpha3", "name", "official_name")


@admin.register(Source)
class SourceAdmin(BaseAdmin):
    list_display = ("key", "title", "publisher", "kind", "published_on")
    list_filter = ("kind",)
    search_fields = ("key", "title", "publisher", "url", "quote")
    date_hierarchy = "published_on"
    ordering = ("key",)
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("key", "title", "publisher", "kind", "url")}),
        ("Dates", {"fields": ("published_on", "accessed_on")}),
        ("Passage", {"fields": ("quote", "locator")}),
    )


class AliasInline(BaseTabularInline):
    model = Alias
    fields = ("name", "kind", "script", "language")
    select_related = ("actor",)


class AddressInline(BaseTabularInline):
    model = Address
    fields = ("full", "street", "city", "postal_code", "region", "country", "note")
    autocomplete_fields = ("country",)
    select_related = ("actor",)


class IdentityDocumentInline(BaseTabularInline):
    model = IdentityDocument
    fields = ("kind", "type_as_written", "number", "country", "issued_on", "expires_on", "note")
    autocomplete_fields = ("country",)
    select_related = ("actor",)


class PositionInline(BaseTabularInline):
    model = Position
    fk_name = "holder"
    fields = (
        "title",
        "institution",
        "state",
        "start_date",
        "start_date_precision",
        "end_date",
        "end_date_precision",
        "sources",
    )
    autocomplete_fields = ("state", "sources")
    select_related = ("holder",)


@admin.register(Actor)
class ActorAdmin(BaseAdmin):
    list_display = ("name", "kind", "slug", "birth_date")
    list_filter = ("kind", ("nationalities", UsedRelatedFieldListFilter), GenderListFilter)
    search_fields = ("name", "slug", "aliases__name")
    ordering = ("name",)
    list_per_page = 50
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("nationalities", "sources")
    fieldsets = (
        (None, {"fields": ("slug", "kind", "name", "gender", "nationalities", "description")}),
        ("Birth or founding", {"fields": ("birth_date", "birth_date_precision", "birth_place")}),
        SOURCES_FIELDSET,
    )
    inlines = [AliasInline, AddressInline, IdentityDocumentInline, PositionInline]

    def get_search_results(self, request, queryset, search_term):
        """Search (and autocomplete) through the screening name index: any spelling of any alias."""
        term = search_term.strip()
        if not term:
            return queryset, False
        found = Q(pk__in=screening.search(term, actors=queryset)) | Q(slug=term)
        if request.path == reverse("admin:autocomplete"):
            # The index holds whole words, and an autocomplete box is typed a few letters at a time
            # ("Netan"). The prefix match reads every name (~100 ms at 100,000 actors), so the
            # changelist's search box, where whole names are typed, does without it.
            found |= Q(name__istartswith=term)
        return queryset.filter(found), False


@admin.register(Alias)
class AliasAdmin(BaseAdmin):
    list_display = ("name", "kind", "actor", "script", "language")
    list_select_related = ("actor",)
    select_related = ("actor",)
    list_filter = ("kind",)
    search_fields = ("name", "actor__name", "actor__slug")
    ordering = ("actor__name", "name")
    list_per_page = 50
    autocomplete_fields = ("actor",)
    fields = ("actor", "name", "kind", "script", "language")


@admin.register(Address)
class AddressAdmin(BaseAdmin):
    list_display = ("full", "actor", "country")
    list_select_related = ("actor", "country")
    select_related = ("actor",)
    list_filter = (("country", UsedRelatedFieldListFilter),)
    search_fields = ("full", "actor__name", "actor__slug")
    ordering = ("actor__name", "full")
    list_per_page = 50
    autocomplete_fields = ("actor", "country")
    fields = ("actor", "full", "street", "city", "postal_code", "region", "country", "note")


@admin.register(IdentityDocument)
class IdentityDocumentAdmin(BaseAdmin):
    list_display = ("number", "kind", "type_as_written", "actor", "country", "issued_on", "expires_on")
    list_select_related = ("actor", "country")
    select_related = ("actor",)
    list_filter = ("kind", ("country", UsedRelatedFieldListFilter))
    search_fields = ("actor__name", "actor__slug")
    ordering = ("actor__name", "kind", "number")
    list_per_page = 50
    autocomplete_fields = ("actor", "country")
    fields = ("actor", "kind", "type_as_written", "number", "country", "issued_on", "expires_on", "note")

    def get_search_results(self, request, queryset, search_term):
        """The holder's name, or a number by its start however spaced ('ab 850' finds 'AB850901'): Django's
        search would split the number at its spaces."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        key = number_key(search_term)
        if key:
            found |= queryset.filter(number_key__startswith=key)
        return found, duplicates


@admin.register(Position)
class PositionAdmin(BaseAdmin):
    list_display = ("holder", "title", "institution", "state", "start_date", "end_date")
    list_select_related = ("holder", "state")
    select_related = ("holder",)
    list_filter = (("state", UsedRelatedFieldListFilter),)
    search_fields = ("title", "institution", "holder__name", "holder__slug")
    date_hierarchy = "start_date"
    ordering = ("-start_date", "holder__name")
    list_per_page = 50
    autocomplete_fields = ("holder", "state", "sources")
    fieldsets = (
        (None, {"fields": ("holder", "title", "institution", "state")}),
        ("Term", {"fields": ("start_date", "start_date_precision", "end_date", "end_date_precision")}),
        SOURCES_FIELDSET,
    )
