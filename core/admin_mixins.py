"""Admin base classes shared by the three apps.

* System checks keep our admin rules from eroding as the models grow: a fact-bearing record's
  form shows ``sources`` (core.E101); every relation on a form uses an autocomplete widget, since a
  plain select would load all ~250 States or every source into the page (core.E102); a foreign key
  in ``list_display`` is in ``list_select_related`` (core.E104); declared fields or fieldsets name
  every editable field, so that a field added to a model does not silently stay uneditable
  (core.E105).
* Inlines cost a fixed number of queries however many rows they hold (the Rome Statute has
  hundreds of treaty actions), on display and on save, and stay savable when they are too many
  for one POST; see ``QuerySafeInlineFormSet`` and ``_BaseInlineMixin``.
* Every record's history, with field-level differences and revert, and no lost updates: see
  ``HistoryAdminMixin``.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core import checks
from django.db import connections, models, router, transaction
from django.forms.models import BaseInlineFormSet, _get_foreign_key
from django.forms.utils import ErrorDict
from django.utils.functional import cached_property
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from core import history
from core.models import SourcedModel
from core.paginators import EstimatedCountPaginator

#: The closing fieldset of every fact-bearing record's form.
SOURCES_FIELDSET = ("Sources", {"fields": ("sources", "notes")})


def _form_field_names(model_admin):
    """Names of the model fields the admin's form edits, as far as the class attributes tell."""
    if model_admin.fieldsets:
        declared = set(flatten_fieldsets(model_admin.fieldsets))
    elif model_admin.fields:
        declared = set(flatten_fieldsets([(None, {"fields": model_admin.fields})]))
    else:
        declared = None
    hidden = set(model_admin.exclude or ()) | set(model_admin.readonly_fields)
    opts = model_admin.model._meta
    return {
        field.name
        for field in [*opts.fields, *opts.many_to_many]
        if field.editable and (declared is None or field.name in declared) and field.name not in hidden
    }


def _admin_rule_checks(model_admin, parent_fk_name=None):
    errors = []
    label = type(model_admin).__qualname__
    on_form = _form_field_names(model_admin)
    autocomplete = set(model_admin.autocomplete_fields)
    # A read-only view (every field in readonly_fields) records nothing, so needs no source field.
    if issubclass(model_admin.model, SourcedModel) and on_form:
        if "sources" not in on_form:
            errors.append(
                checks.Error(
                    f"{label} does not show 'sources' on its form; every fact-bearing record must cite a source.",
                    obj=type(model_admin),
                    id="core.E101",
                )
            )
    for field in [*model_admin.model._meta.fields, *model_admin.model._meta.many_to_many]:
        if not field.is_relation or field.name == parent_fk_name or field.name not in on_form:
            continue
        if field.name not in autocomplete and field.name not in model_admin.raw_id_fields:
            errors.append(
                checks.Error(
                    f"{label} edits the relation '{field.name}' without an autocomplete widget.",
                    hint="Add it to autocomplete_fields.",
                    obj=type(model_admin),
                    id="core.E102",
                )
            )
    return errors


def _list_display_checks(model_admin):
    """A foreign key shown in the changelist must be selected with the rows, or each row costs a query."""
    selected = model_admin.list_select_related
    if selected is True:
        return []
    errors = []
    for name in model_admin.list_display:
        try:
            field = model_admin.model._meta.get_field(name)
        except Exception:  # a method, an annotation or '__str__'
            continue
        if field.many_to_one or field.one_to_one:
            if not any(path == name or path.startswith(f"{name}__") for path in selected or ()):
                errors.append(
                    checks.Error(
                        f"{type(model_admin).__qualname__} shows '{name}' in list_display "
                        "but does not select it in list_select_related.",
                        obj=type(model_admin),
                        id="core.E104",
                    )
                )
    return errors


def _completeness_checks(model_admin):
    """Declared fields or fieldsets must name every editable field, or a new field silently stays uneditable."""
    if not (model_admin.fieldsets or model_admin.fields):
        return []
    opts = model_admin.model._meta
    on_form = _form_field_names(model_admin)
    hidden = set(model_admin.exclude or ()) | set(model_admin.readonly_fields)
    missing = [
        f.name
        for f in [*opts.fields, *opts.many_to_many]
        if f.editable and not f.auto_created and f.name not in on_form and f.name not in hidden
    ]
    if not missing:
        return []
    return [
        checks.Error(
            f"{type(model_admin).__qualname__} leaves {', '.join(missing)} off its form.",
            hint="Add them to fields / fieldsets, or to exclude if they must not be edited here.",
            obj=type(model_admin),
            id="core.E105",
        )
    ]


class HistoryAdminMixin(SimpleHistoryAdmin):
    """The record's history (django-simple-history: who, when, field-level changes, revert to a version),
    and a change form that refuses to save over a change made since it was opened.

    The form carries, in a hidden ``edit_version`` input, the version of the record and of the rows of its
    inlines when the page was rendered (the ids of their newest history rows). Every write path records
    history, so a different version at save time means someone else changed the record or one of those
    rows: the form comes back with an error listing the changes, and the curator's values are kept on the
    page to re-apply. A POST without the input is refused too: every page the admin renders carries it,
    so only a script or a page saved from elsewhere lacks it, and accepting those would reopen the lost
    update the check exists to prevent.

    Many-to-many values are versioned with the record (``core.history``): the history page lists them
    as added and removed keys, and a revert restores them with the fields, in the same transaction.
    """

    change_form_template = "admin/core/versioned_change_form.html"
    object_history_form_template = "admin/core/versioned_history_form.html"
    object_history_list_template = "admin/core/versioned_history_list.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert is a save: like the change form, it runs in one transaction, so that the version
        # check locks the row (VersionCheckedFormMixin) and the record and its relations save together.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None:
            return form
        inlines = self._versioned_inlines(request, obj)
        attrs = {
            "edit_version": _edit_version_field(edit_version(self.model, obj.pk, inlines)),
            "versioned_inlines": inlines,
        }
        # On the revert page the instance is the old version (simple_history sets ``_history`` on it): its
        # many-to-many values are those of that version, not the record's current ones.
        row = getattr(obj, "_history", None)
        relations = getattr(row, history.RELATIONS, None)
        if relations is not None:
            attrs["initial_relations"] = relations
        return type(form.__name__, (VersionCheckedFormMixin, form), attrs)

    def _versioned_inlines(self, request, obj):
        """``(model, name of its key to the record)`` for each inline of the page whose rows keep history."""
        inlines = []
        for inline in self.get_inlines(request, obj):
            if history.has_history(inline.model):
                key = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
                inlines.append((inline.model, key.attname))
        return inlines

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """simple_history's field-level changes, with many-to-many changes as the keys added and removed."""
        records = list(historical_records)
        deltas = [
            (record, record.diff_against(older, foreign_keys_are_objs=foreign_keys_are_objs))
            for record, older in zip(records, records[1:], strict=False)
        ]
        many = {field.name for field in history.versioned_relations(self.model)}
        labels = history.relation_labels(
            self.model, [(c.field, c.old, c.new) for _, delta in deltas for c in delta.changes if c.field in many]
        )
        for record, delta in deltas:
            helper = self.get_historical_record_context_helper(request, record)
            context = []
            for change in delta.changes:
                if change.field in many:
                    field = self.model._meta.get_field(change.field)
                    links = history.describe_relation_change(change.field, change.old, change.new, labels)
                    context.append({"field": capfirst(field.verbose_name), "links": links})
                else:
                    formatted = helper.format_delta_change(change)
                    context.append({"field": formatted.field, "old": formatted.old, "new": formatted.new})
            record.history_delta_changes = context


def edit_version(model, pk, inlines=()):
    """The version a change form is opened on: the id of the record's newest history row, then, for each
    inline, ``;<model>=<id of the newest history row of its rows>``. Any write to either changes it."""
    version = history.latest_version(model, pk)
    for inline_model, key in inlines:
        version += f";{inline_model._meta.label_lower}={history.latest_version_of_rows(inline_model, key, pk)}"
    return version


def _edit_version_field(version):
    return forms.CharField(widget=forms.HiddenInput, required=False, initial=version)


class VersionCheckedFormMixin:
    """Refuses the save when the record's newest history row, or that of one of its inline rows, is no
    longer the one the form was opened on; and when the form did not say which one that was."""

    versioned_inlines = ()
    initial_relations = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, ids in self.initial_relations.items():
            if name in self.fields:
                self.initial[name] = ids

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        opened = self.data.get(self.add_prefix("edit_version"))
        if not opened:
            raise forms.ValidationError(
                "This form does not say which version of the record it was opened on (its edit_version input "
                "is missing), so it could overwrite someone else's change; nothing was saved. Reload the page "
                "and apply your changes again.",
                code="edit_version_missing",
            )
        model = self._meta.model
        using = router.db_for_write(model)
        if connections[using].in_atomic_block:
            # Hold the row until this save commits, so that no other save slips in between check and write.
            list(model._base_manager.using(using).select_for_update().filter(pk=self.instance.pk).values("pk"))
        current = edit_version(model, self.instance.pk, self.versioned_inlines)
        if current != opened:
            raise forms.ValidationError(
                [
                    "This record or one of its rows below was changed by someone else after you opened this "
                    "page; your changes were not saved. Reload the page to see the current values, then apply "
                    "your changes again. Changes since you opened it:",
                    *self._changes_since(opened),
                ],
                code="edit_conflict",
            )
        return cleaned

    def _changes_since(self, opened):
        """One line per history row written since the version ``opened``: the record's, then its inline rows'."""
        model, pk = self._meta.model, self.instance.pk
        record, *parts = opened.split(";")
        lines = _describe(model, history.changes_since(model, pk, record))
        versions = dict(part.partition("=")[::2] for part in parts)
        for inline_model, key in self.versioned_inlines:
            since = versions.get(inline_model._meta.label_lower)
            if since is None:
                continue  # a form opened before this inline was checked: nothing to compare with
            rows = list(history.changes_of_rows_since(inline_model, key, pk, since))
            name = inline_model._meta.verbose_name
            lines += [
                f"{name} «{row.history_object}»: {line}"
                for (row, _), line in zip(rows, _describe(inline_model, rows), strict=True)
            ]
        return lines


def _describe(model, rows):
    rows = list(rows)
    labels = history.relation_labels(model, [change for _, changes in rows for change in changes])
    return [history.describe_row(row, changes, labels) for row, changes in rows]


class BaseAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """A ModelAdmin held to our admin rules, with room for computed values on the change form."""

    # Changelists at scale: no second COUNT(*) of the whole table beside the filtered one, and the
    # size of a large unfiltered table read from the planner's statistics (core.paginators).
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    #: Relations that the model's ``__str__`` follows, selected on every view: change form title,
    #: delete confirmation, and the results of autocomplete widgets pointing at this model.
    select_related = ()

    #: Fieldsets of computed, read-only values shown on the change form only (they need a saved
    #: object). Requires ``fieldsets`` to be declared.
    change_only_fieldsets = ()

    def get_deleted_objects(self, objs, request):
        # Records linked to through a versioned many-to-many are protected (core.history): the
        # confirmation page lists who links to them, and then refuses, as for a PROTECT foreign key.
        deleted, counts, permissions, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            protected += [f"{r._meta.verbose_name.capitalize()}: {r}" for r in history.linking_records(obj)]
        return deleted, counts, permissions, protected

    def check(self, **kwargs):
        errors = [
            *super().check(**kwargs),
            *_admin_rule_checks(self),
            *_list_display_checks(self),
            *_completeness_checks(self),
        ]
        if self.change_only_fieldsets and not self.fieldsets:
            errors.append(
                checks.Error(
                    f"{type(self).__qualname__} has change_only_fieldsets but no fieldsets.",
                    obj=type(self),
                    id="core.E103",
                )
            )
        return errors

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.select_related:
            # The changelist applies list_select_related only to a queryset that selects nothing yet,
            # so it has to be added here too.
            list_selected = self.list_select_related if isinstance(self.list_select_related, list | tuple) else ()
            queryset = queryset.select_related(*self.select_related, *list_selected)
        return queryset

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.change_only_fieldsets:
            fieldsets = [*fieldsets, *self.change_only_fieldsets]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and self.change_only_fieldsets:
            readonly = (*readonly, *flatten_fieldsets(self.change_only_fieldsets))
        return readonly


class _PrimedAutocompleteMixin:
    """An autocomplete widget that can take its selected options from a lookup shared by all rows.

    ``primed`` maps ``str(pk)`` to the option's label, in the related model's ordering; while it
    is ``None`` the widget queries for its selected options itself, as Django's does.
    """

    primed = None

    def optgroups(self, name, value, attr=None):
        if self.primed is None:
            return super().optgroups(name, value, attr)
        # Same output as AutocompleteMixin.optgroups, with the labels taken from ``primed``.
        default = (None, [], 0)
        selected_choices = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for option_value, option_label in self.primed.items():
            if option_value in selected_choices:
                index = len(default[1])
                default[1].append(self.create_option(name, option_value, option_label, selected_choices, index))
        return [default]


class PrimedAutocompleteSelect(_PrimedAutocompleteMixin, AutocompleteSelect):
    pass


class PrimedAutocompleteSelectMultiple(_PrimedAutocompleteMixin, AutocompleteSelectMultiple):
    pass


def _inner_widget(field):
    return getattr(field.widget, "widget", field.widget)  # unwrap RelatedFieldWidgetWrapper


class QuerySafeInlineFormSet(BaseInlineFormSet):
    """An inline formset whose cost does not grow with its rows, on display or on save.

    * The autocomplete widgets of all rows get the labels of their selected options from one query
      per field.
    * An existing row posted back unchanged is not validated again: it will not be saved
      (``BaseModelFormSet.save_existing_objects`` skips it), and validating it costs queries, a
      field lookup per relation and one per database constraint. Django's admin does the same for
      rows shown read-only.
    """

    @cached_property
    def forms(self):
        forms = super().forms
        if forms:
            for name, field in forms[0].fields.items():
                widget = _inner_widget(field)
                if isinstance(widget, _PrimedAutocompleteMixin):
                    self._prime(forms, name, widget)
        return forms

    def full_clean(self):
        if self.is_bound:
            for form in self.initial_forms:
                if form._errors is None and not form.has_changed():
                    form._errors = ErrorDict()
                    form.cleaned_data = form.initial
        super().full_clean()

    @staticmethod
    def _prime(forms, name, widget):
        selected = set()
        for form in forms:
            value = form[name].value()
            values = value if isinstance(value, list | tuple) else [value]
            selected.update(str(v) for v in values if v not in (None, ""))
        remote_opts = widget.field.remote_field.model._meta
        to_field = remote_opts.get_field(getattr(widget.field.remote_field, "field_name", remote_opts.pk.name)).attname
        primed = {}
        if selected:
            queryset = widget.choices.queryset.using(widget.db).filter(**{f"{to_field}__in": selected})
            primed = {str(getattr(obj, to_field)): widget.choices.field.label_from_instance(obj) for obj in queryset}
        for form in forms:
            _inner_widget(form.fields[name]).primed = primed


class _BaseInlineMixin:
    """Inline rules: fixed query count whatever the number of rows, rows that can always be saved,
    and the checks of BaseAdmin.

    A browser posts every input of every row, and Django refuses a request with more than
    ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` (1000) parameters. Past the number of rows that fits, the
    existing rows are shown read-only, each with a link to its own page, and new rows can still be
    added; the page then posts two hidden inputs per existing row instead of one per field.
    """

    formset = QuerySafeInlineFormSet
    show_change_link = True
    #: Relations that the inline model's ``__str__`` follows (a tabular inline prints it on every row).
    select_related = ()
    #: Parameters left for the parent's form and the page's other inlines.
    post_fields_reserve = 200

    def _max_editable_rows(self):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        if limit is None:
            return None
        # Per row: its fields, counting a many-to-many as three values, plus the id, the parent key,
        # DELETE and a spare.
        opts = self.model._meta
        names = flatten_fieldsets([(None, {"fields": self.fields})]) if self.fields else [f.name for f in opts.fields]
        many = {f.name for f in opts.many_to_many}
        per_row = sum(3 if name in many else 1 for name in names) + 4
        return max(limit - self.post_fields_reserve, 0) // per_row

    def _row_count(self, request, obj):
        """Rows of this inline on ``obj``, counted once per request."""
        counts = request.__dict__.setdefault("_inline_row_counts", {})
        key = (type(self), obj.pk)
        if key not in counts:
            fk = _get_foreign_key(self.parent_model, self.model, fk_name=self.fk_name)
            counts[key] = self.model._default_manager.filter(**{fk.name: obj}).count()
        return counts[key]

    def too_many_rows_to_edit(self, request, obj):
        max_rows = self._max_editable_rows()
        return obj is not None and max_rows is not None and self._row_count(request, obj) > max_rows

    def has_change_permission(self, request, obj=None):
        if request is not None and self.too_many_rows_to_edit(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        if request.method == "GET" and self.too_many_rows_to_edit(request, obj):
            messages.info(
                request,
                f"The {self._row_count(request, obj)} {self.model._meta.verbose_name_plural} below are too many "
                "to save in one form, so they are shown read-only: edit each through its link. "
                "New ones can still be added here.",
            )
        return super().get_formset(request, obj, **kwargs)

    def check(self, **kwargs):
        parent_fk = self.fk_name or next(
            (
                f.name
                for f in self.model._meta.fields
                if isinstance(f, models.ForeignKey)
                and f.remote_field.model._meta.concrete_model is self.parent_model._meta.concrete_model
            ),
            None,
        )
        return [*super().check(**kwargs), *_admin_rule_checks(self, parent_fk_name=parent_fk)]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        many_to_many = [f.name for f in self.model._meta.many_to_many if f.name in self.autocomplete_fields]
        if many_to_many:
            queryset = queryset.prefetch_related(*many_to_many)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PrimedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PrimedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class BaseTabularInline(_BaseInlineMixin, admin.TabularInline):
    extra = 0
