"""The edit history of the curated records: what each write path uses to record who changed what, and why.

django-simple-history records every ``save()`` and ``delete()`` (with the request's user, through its
middleware). Bulk writes bypass those signals, so the importers go through the helpers here, which
write the history rows in bulk too. ``change_reason()`` labels every history row written inside it
(e.g. ``import un-xml ...``, ``loaddata 10_article.json``), whichever path writes it.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import connections, models, router
from django.utils import timezone
from simple_history.models import HistoricalChanges

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


def record_created(objs, model, *, batch_size=None):
    """History rows ('+') for objects already inserted by a plain ``bulk_create`` (e.g. with ignore_conflicts)."""
    insert_history(objs, model, "+")


# Values the database drivers take as they are; other types go through the field's own conversion.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
CHUNK = 1000


def insert_history(objs, model, history_type, *, user=None):
    """One history row per object, written with ``executemany`` rather than model instances.

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
        if isinstance(target, _PLAIN):
            converters.append(None)
        else:
            converters.append(partial(history_fields.get_field(field.name).get_db_prep_save, connection=connection))
    date = connection.ops.adapt_datetimefield_value(timezone.now())
    tail = (date, current_reason(), history_type, getattr(user, "pk", user))
    rows = [
        (
            *(
                value if convert is None or value is None else convert(value)
                for value, convert in zip((getattr(obj, f.attname) for f in tracked), converters, strict=True)
            ),
            *tail,
        )
        for obj in objs
    ]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(history_model._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def has_history(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def record_saved(instance, *, created):
    """A history row for one record saved without the signals (e.g. a raw fixture save)."""
    manager = getattr(type(instance), type(instance)._meta.simple_history_manager_attribute)
    manager.bulk_history_create([instance], update=not created, default_change_reason=current_reason())


def latest_version(model, pk):
    """The id of the newest history row of one record ('0' when it has none): it changes on every write."""
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    latest = manager.filter(**{model._meta.pk.attname: pk}).order_by("-history_id").values_list("history_id")
    return str(next(iter(latest), (0,))[0])


def changes_since(model, pk, version):
    """The history rows of one record written after ``version``, each with its field-level changes.

    Yields ``(row, changes)`` where ``changes`` is a list of ``(field name, old, new)``.
    """
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    rows = list(
        manager.filter(**{model._meta.pk.attname: pk}, history_id__gte=int(version or 0))
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


def describe_row(row, changes):
    """One line for a person: when, by whom, why, and what changed."""
    who = row.history_user.get_username() if row.history_user else "no user (an import or a fixture load)"
    kind = {"+": "created", "~": "changed", "-": "deleted"}[row.history_type]
    what = "; ".join(f"{field}: {old!r} → {new!r}" for field, old, new in changes)
    reason = f" ({row.history_change_reason})" if row.history_change_reason else ""
    return f"{kind} on {row.history_date:%Y-%m-%d %H:%M:%S} UTC by {who}{reason}" + (f": {what}" if what else "")
