"""The edit history of the curated records: what each write path uses to record who changed what, and why.

django-simple-history records every ``save()`` and ``delete()`` (with the request's user, through its
middleware). Bulk writes bypass those signals, so the importers go through the helpers here, which
write the history rows in bulk too. ``change_reason()`` labels every history row written inside it
(e.g. ``import un-xml ...``, ``loaddata 10_article.json``), whichever path writes it.

Many-to-many values (sources, nationalities, measures...) are versioned too: every history row of a
model that has them holds, in ``history_relations``, the ids the record's many-to-many fields held in
that version (``{"sources": [3, 7], "nationalities": [12]}``; null on rows written before they were
versioned). A change to them alone (``actor.sources.add(s)``) is a new version; when the record itself
was saved earlier in the same transaction, as the admin and the API do (instance first, many-to-many
after), it completes that version instead, so that one save is one version. See ``RelationChanges``
for the diff and ``core.signals`` for the receivers.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from simple_history.models import HistoricalChanges, ModelChange, ModelDelta

from core.bulk import PLAIN_FIELDS, insert_rows

REASON_LENGTH = 100  # simple_history's history_change_reason column
_reason = ContextVar("history_change_reason", default="")


@contextmanager
def change_reason(reason):
    """Label the history rows written inside the block."""
    token = _reason.set(reason[:REASON_LENGTH])
    try:
        yield
    finally:
        _reason.reset(token)


def current_reason():
    return _reason.get()


def fill_change_reason(sender, history_instance, **kwargs):
    """``pre_create_historical_record`` receiver: a row without a reason of its own gets the block's."""
    if not history_instance.history_change_reason and _reason.get():
        history_instance.history_change_reason = _reason.get()


def is_history_model(model):
    return issubclass(model, HistoricalChanges)


# Many-to-many values ----------------------------------------------------------------------------------------------
RELATIONS = "history_relations"
_recorders = {}  # model -> its HistoricalRecords, which writes a version the way a save() does


def register(model, records):
    _recorders[model] = records


def versioned_relations(model):
    """The many-to-many fields whose values every version of ``model`` holds (all of them)."""
    return list(model._meta.concrete_model._meta.many_to_many)


def linking_records(instance, limit=20):
    """Up to ``limit`` records of each kind whose versioned many-to-many values include ``instance``
    (the actors citing a source, the designations with a measure, the actors of a nationality...)."""
    found = []
    for relation in instance._meta.related_objects:
        if relation.many_to_many and relation.field in versioned_relations(relation.related_model):
            found += list(getattr(instance, relation.get_accessor_name()).all()[:limit])
    return found


def link_targets(models):
    """The models that some versioned many-to-many field of ``models`` points to."""
    return {field.related_model for model in models for field in versioned_relations(model)}


def refuse_to_delete_a_linked_record(sender, instance, **kwargs):
    """A record others link to cannot be deleted: the link rows would cascade without a version of the
    records that lose them (and a record could lose its only source). Like ``on_delete=PROTECT``."""
    linked = linking_records(instance, limit=5)
    if linked:
        names = "; ".join(str(record) for record in linked)
        raise ProtectedError(f"{instance} is linked from {names}: remove it from them first.", set(linked))


def has_relations(history_model):
    return any(field.name == RELATIONS for field in history_model._meta.concrete_fields)


def _columns(field):
    """The through table's columns that name the record and the related record."""
    opts = field.remote_field.through._meta
    return opts.get_field(field.m2m_field_name()).attname, opts.get_field(field.m2m_reverse_field_name()).attname


def relations_of(model, pks, *, fields=None, using=None):
    """The many-to-many values of the records ``pks``, ``{pk: {field name: [ids, sorted]}}``: one query per
    field and thousand records, whatever the number of links."""
    fields = versioned_relations(model) if fields is None else fields
    pks = list(pks)
    values = {pk: {field.name: [] for field in fields} for pk in pks}
    for field in fields:
        own, other = _columns(field)
        through = field.remote_field.through._base_manager.db_manager(using)
        for start in range(0, len(pks), CHUNK):
            links = through.filter(**{f"{own}__in": pks[start : start + CHUNK]}).order_by(other)
            for pk, related in links.values_list(own, other):
                values[pk][field.name].append(related)
    return values


def fill_relations(sender, instance, history_instance, **kwargs):
    """``pre_create_historical_record`` receiver: a version written by a save or a delete holds the
    record's many-to-many values at that moment."""
    if not has_relations(sender):
        return
    fields = versioned_relations(type(instance))
    if history_instance.history_type == "+":
        relations = {field.name: [] for field in fields}  # a record just inserted has no links yet
    elif history_instance.history_type == "-":
        relations = getattr(instance, "_relations_before_delete", None)  # its links are gone by now
    else:
        relations = relations_of(type(instance), [instance.pk], using=kwargs.get("using"))[instance.pk]
    history_instance.history_relations = relations


def keep_relations_before_delete(sender, instance, **kwargs):
    """``pre_delete`` receiver: the links of a record being deleted, for its last version ('-')."""
    instance._relations_before_delete = relations_of(type(instance), [instance.pk])[instance.pk]


def remember_version(sender, instance, history_instance, using=None, **kwargs):
    """``post_create_historical_record`` receiver: until the transaction ends, a many-to-many change made
    through the same instance completes this version rather than writing another (``record_relation_change``).
    """
    if not has_relations(sender):
        return
    instance._history_version = history_instance

    def forget():
        if getattr(instance, "_history_version", None) is history_instance:
            del instance._history_version

    transaction.on_commit(forget, using=using)  # outside a transaction: at once


def record_relation_change(sender, instance, action, reverse, pk_set, using, *, field, **kwargs):
    """``m2m_changed`` receiver for one versioned field: the records whose links changed get a new version.

    From the record's side (``actor.sources.add(s)``) that is ``instance``; from the other side
    (``source.core_actor_records.add(actor)``) the records in ``pk_set`` (those of a ``clear()``
    are read before it). Bulk writes to the through table send no signal: the importers write
    those versions themselves (``record_created``, ``record_changed``).
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or hasattr(instance, "skip_history_when_saving"):
        return
    owner = field.model._meta.concrete_model
    if reverse and action == "pre_clear":
        own, other = _columns(field)
        through = field.remote_field.through._base_manager.using(using)
        instance.__dict__.setdefault("_relations_clearing", {})[field] = set(
            through.filter(**{other: instance.pk}).values_list(own, flat=True)
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        if action == "post_clear" or pk_set:
            _record_relations(instance, field, using)
        return
    if action == "post_clear":
        pks = instance.__dict__.get("_relations_clearing", {}).pop(field, ())
    else:
        pks = pk_set
    for record in owner._base_manager.using(using).filter(pk__in=pks):
        _record_relations(record, field, using)


def _record_relations(record, field, using):
    version = getattr(record, "_history_version", None)
    if version is not None and version.history_relations is not None:
        relations = {**version.history_relations, **relations_of(type(record), [record.pk], fields=[field])[record.pk]}
        if relations == version.history_relations:
            return
        history_model = type(version)
        if history_model._default_manager.filter(history_id=version.history_id).update(history_relations=relations):
            version.history_relations = relations
            return
    _recorders[record._meta.concrete_model].create_historical_record(record, "~", using=using)


class RelationChanges(HistoricalChanges):
    """The base of our history models: ``diff_against`` also compares the many-to-many values.

    A changed many-to-many field is a ``ModelChange`` whose ``old`` and ``new`` are the sorted lists of
    related ids (whatever ``foreign_keys_are_objs`` says: the admin and the API name them in bulk). A
    field is left out of the diff when either version predates its versioning.
    """

    def diff_against(self, old_history, excluded_fields=None, included_fields=None, *, foreign_keys_are_objs=False):
        delta = super().diff_against(
            old_history, excluded_fields, included_fields, foreign_keys_are_objs=foreign_keys_are_objs
        )
        new, old = getattr(self, RELATIONS, None), getattr(old_history, RELATIONS, None)
        if not new or not old:
            return delta
        names = [
            name
            for name in sorted(new)
            if name in old
            and (included_fields is None or name in included_fields)
            and name not in (excluded_fields or ())
            and set(old[name]) != set(new[name])
        ]
        if not names:
            return delta
        changes = sorted([*delta.changes, *(ModelChange(n, old[n], new[n]) for n in names)], key=lambda c: c.field)
        return ModelDelta(changes, [c.field for c in changes], delta.old_record, delta.new_record)


# Bulk writes ------------------------------------------------------------------------------------------------------
def bulk_create(objs, model, *, batch_size=None):
    """``bulk_create`` plus one history row per object ('+'), in bulk."""
    objs = model._default_manager.bulk_create(objs, batch_size=batch_size)
    insert_history(objs, model, "+")
    return objs


def bulk_update(objs, model, fields, *, batch_size=None):
    """``bulk_update`` plus one history row per object ('~'), in bulk."""
    updated = model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
    insert_history(objs, model, "~")
    return updated


def bulk_delete(model, pks):
    """Delete rows of ``model`` by id (a model without many-to-many fields, nor rows of others pointing to it) plus
    one history row per object ('-'), in bulk: ``QuerySet.delete`` sends each row's signals, a history row and a
    data version each, and for an alias a new name index of its actor (12 s of the 639 entries of OFAC's
    consolidated XML imported over its CSV). The caller records the data version and indexes names again."""
    for start in range(0, len(pks), CHUNK):
        part = model._default_manager.filter(pk__in=pks[start : start + CHUNK])
        insert_history(list(part), model, "-")
        part._raw_delete(router.db_for_write(model))


def record_created(objs, model, *, batch_size=None, relations=None):
    """History rows ('+') for objects already inserted by a plain ``bulk_create`` (e.g. with ignore_conflicts),
    written once their many-to-many values are too, so that the rows hold them. ``relations``, the values
    as ``relations_of`` gives them, spares reading back what the caller has just written."""
    insert_history(objs, model, "+", relations=relations)


def record_changed(objs, model, *, batch_size=None):
    """History rows ('~') for objects already updated by a plain ``bulk_update`` or whose many-to-many
    values were written in bulk."""
    insert_history(objs, model, "~")


CHUNK = 1000


def insert_history(objs, model, history_type, *, user=None, relations=None):
    """One history row per object, written in bulk (``core.bulk.insert_rows``) rather than as model instances.

    simple_history's ``bulk_history_create`` builds a model instance per row and compiles one wide
    INSERT; on an import of the 2019 OFAC list that cost three times the import itself.
    """
    objs = list(objs)
    if not objs:
        return
    model = model._meta.concrete_model
    history_model = getattr(model, model._meta.simple_history_manager_attribute).model
    using = router.db_for_write(history_model)
    connection = connections[using]
    tracked = history_model.tracked_fields
    history_fields = history_model._meta
    columns = [history_fields.get_field(f.name).column for f in tracked]
    columns += ["history_date", "history_change_reason", "history_type", "history_user_id"]
    converters = []
    for field in tracked:
        target = field.target_field if field.is_relation else field
        if isinstance(target, PLAIN_FIELDS):
            converters.append(None)
        else:
            converters.append(partial(history_fields.get_field(field.name).get_db_prep_save, connection=connection))
    date = connection.ops.adapt_datetimefield_value(timezone.now())
    tail = (date, current_reason(), history_type, getattr(user, "pk", user))
    if has_relations(history_model):
        # The many-to-many values of all the objects, one query per field and thousand objects.
        columns.append(history_fields.get_field(RELATIONS).column)
        to_json = partial(history_fields.get_field(RELATIONS).get_db_prep_save, connection=connection)
        if relations is None:
            relations = relations_of(model, [obj.pk for obj in objs], using=using)
        last = [(to_json(relations[obj.pk]),) for obj in objs]
    else:
        last = [()] * len(objs)
    rows = [
        (
            *(
                value if convert is None or value is None else convert(value)
                for value, convert in zip((getattr(obj, f.attname) for f in tracked), converters, strict=True)
            ),
            *tail,
            *extra,
        )
        for obj, extra in zip(objs, last, strict=True)
    ]
    insert_rows(connection, history_model._meta.db_table, columns, rows)


def has_history(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def record_saved(instance, *, created):
    """A history row for one record saved without the signals (e.g. a raw fixture save), with its
    many-to-many values as they are now."""
    insert_history([instance], type(instance), "+" if created else "~")


def latest_version(model, pk):
    """The id of the newest history row of one record ('0' when it has none): it changes on every write."""
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    latest = manager.filter(**{model._meta.pk.attname: pk}).order_by("-history_id").values_list("history_id")
    return str(next(iter(latest), (0,))[0])


def latest_version_of_rows(model, key, parent_pk):
    """The id of the newest history row of any row of ``model`` whose ``key`` names ``parent_pk`` (e.g. an
    actor's aliases, deleted ones included); '0' when there is none."""
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    newest = manager.filter(**{key: parent_pk}).aggregate(newest=models.Max("history_id"))["newest"]
    return str(newest or 0)


def _as_id(version):
    return int(version) if str(version).isdigit() else 0


def changes_of_rows_since(model, key, parent_pk, version):
    """The history rows written after ``version`` of the rows of ``model`` whose ``key`` names ``parent_pk``,
    each with its changes from the version of the same row before it: ``(row, [(field, old, new)])``."""
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    pk_name = model._meta.pk.attname
    rows = (
        manager.filter(**{key: parent_pk}, history_id__gt=_as_id(version))
        .select_related("history_user")
        .order_by("history_id")
    )
    for row in rows:
        previous = (
            manager.filter(**{pk_name: getattr(row, pk_name)}, history_id__lt=row.history_id)
            .order_by("-history_id")
            .first()
        )
        changes = [] if previous is None else [(c.field, c.old, c.new) for c in row.diff_against(previous).changes]
        yield row, changes


def changes_since(model, pk, version):
    """The history rows of one record written after ``version``, each with its field-level changes.

    Yields ``(row, changes)`` where ``changes`` is a list of ``(field name, old, new)``.
    """
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    rows = list(
        manager.filter(**{model._meta.pk.attname: pk}, history_id__gte=_as_id(version))
        .select_related("history_user")
        .order_by("history_id")
    )
    previous = rows[0] if rows and str(rows[0].history_id) == str(version) else None
    for row in rows:
        if previous is row:
            continue
        if previous is None:
            changes = []
        else:
            changes = [
                (change.field, change.old, change.new)
                for change in row.diff_against(previous, foreign_keys_are_objs=False).changes
            ]
        yield row, changes
        previous = row


def relation_labels(model, changes):
    """Names for the related ids in many-to-many ``changes`` (``(field, old, new)`` triples, others ignored):
    ``{(field name, id): natural key}``, one query per related model."""
    many = {field.name: field for field in versioned_relations(model)}
    wanted = {}
    for name, old, new in changes:
        if name in many:
            wanted.setdefault(name, set()).update(old, new)
    labels = {}
    for name, ids in wanted.items():
        related = many[name].related_model
        for obj in related._base_manager.filter(pk__in=ids):
            key = obj.natural_key() if hasattr(obj, "natural_key") else (str(obj),)
            labels[name, obj.pk] = "/".join(map(str, key))
    return labels


def describe_relation_change(name, old, new, labels):
    """``+ hrw-2025-02-07, − un-sc-2024`` for a many-to-many field: what was added, what was taken away."""
    label = lambda pk: labels.get((name, pk), f"#{pk} (deleted)")  # noqa: E731
    before, after = set(old), set(new)
    added = [f"+ {label(pk)}" for pk in new if pk not in before]
    removed = [f"− {label(pk)}" for pk in old if pk not in after]
    return ", ".join(added + removed)


def describe_row(row, changes, labels=None):
    """One line for a person: when, by whom, why, and what changed (``labels`` from ``relation_labels``)."""
    who = row.history_user.get_username() if row.history_user else "no user (an import or a fixture load)"
    kind = {"+": "created", "~": "changed", "-": "deleted"}[row.history_type]
    relations = {field.name for field in versioned_relations(row.instance_type)}
    what = "; ".join(
        f"{field}: {describe_relation_change(field, old, new, labels or {})}"
        if field in relations and isinstance(old, list)
        else f"{field}: {old!r} → {new!r}"
        for field, old, new in changes
    )
    reason = f" ({row.history_change_reason})" if row.history_change_reason else ""
    return f"{kind} on {row.history_date:%Y-%m-%d %H:%M:%S} UTC by {who}{reason}" + (f": {what}" if what else "")
