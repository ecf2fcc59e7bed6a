"""A record's edit history in the API: its versions, newest first, each with what changed from the one before."""

from rest_framework import serializers

from core import history

TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def history_rows(instance):
    """Every version of ``instance``, newest first, with the user who wrote it."""
    model = instance._meta.concrete_model
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    return (
        manager.filter(**{model._meta.pk.attname: instance.pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def with_changes(instance, rows):
    """The rows of one page, each given ``changes`` against the version before it (one query for the page)."""
    rows = list(rows)
    if not rows:
        return rows
    oldest = rows[-1]
    before = (
        history_rows(instance)
        .filter(history_date__lte=oldest.history_date)
        .exclude(history_id=oldest.history_id)
        .exclude(history_date=oldest.history_date, history_id__gt=oldest.history_id)
        .first()
    )
    for row, previous in zip(rows, [*rows[1:], before], strict=True):
        row.changes = (
            []
            if previous is None
            else [
                {"field": change.field, "old": change.old, "new": change.new}
                for change in row.diff_against(previous, foreign_keys_are_objs=False).changes
            ]
        )
    return rows


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field that changed.")
    old = serializers.JSONField(
        help_text="Its value in the version before (related records by id; a many-to-many field's as a list of ids)."
    )
    new = serializers.JSONField(help_text="Its value in this version.")


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="history_id", help_text="The version's id.")
    date = serializers.DateTimeField(source="history_date", help_text="When the version was written.")
    type = serializers.ChoiceField(
        choices=list(TYPES.values()), help_text="What happened to the record in this version."
    )
    user = serializers.CharField(
        allow_null=True, help_text="Username of who wrote it; null for imports and fixture loads."
    )
    reason = serializers.CharField(
        source="history_change_reason",
        allow_null=True,
        help_text="Why: e.g. the import (format and release) or fixture that wrote it.",
    )
    changes = HistoryChangeSerializer(many=True, help_text="Field-level changes from the version before.")
    record = serializers.DictField(
        help_text="The record's field values in this version (related records by id; many-to-many fields as lists "
        "of ids, null in versions written before those were recorded)."
    )

    def to_representation(self, row):
        row.type = TYPES[row.history_type]
        row.user = row.history_user.get_username() if row.history_user else None
        row.record = {field.attname: getattr(row, field.attname) for field in row.tracked_fields}
        relations = getattr(row, history.RELATIONS, None)
        for field in history.versioned_relations(row.instance_type):
            row.record[field.name] = None if relations is None else relations.get(field.name)
        return super().to_representation(row)
