"""Building blocks shared by every fact-bearing model."""

from django.db import models
from simple_history.models import HistoricalRecords

from core import history


class DatePrecision(models.TextChoices):
    """How much of a date the sources actually give; the stored date fills the rest with 1s."""

    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


class SourcedModel(models.Model):
    """A record that states facts, and therefore must cite at least one source.

    The many-to-many cannot be required by a database constraint; the admin form
    (``blank=False``), the fixture loader and the test suite enforce it instead.
    """

    sources = models.ManyToManyField(
        "core.Source",
        related_name="%(app_label)s_%(class)s_records",
        help_text="Sources that state or confirm the facts of this record (at least one).",
    )
    notes = models.TextField(
        blank=True,
        help_text="Curator's notes: caveats, disagreements between sources, how a value was derived.",
    )

    class Meta:
        abstract = True


class EditHistory(HistoricalRecords):
    """simple_history's records, whose versions also hold the record's many-to-many values.

    simple_history's own ``m2m_fields`` was not used: it writes one row per link per version in a
    table per field, a version per ``add()`` / ``remove()`` (three for one admin save, the first
    with the links as they were before it), none for a change made from the other side, and the
    importers could not write it in bulk without reading back the ids of the rows they insert.
    Here a version holds its links as a JSON column (see ``core.history``).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bases = (history.RelationChanges, *self.bases[1:])  # in place of HistoricalChanges

    def copy_fields(self, model):
        """The record's fields, indexed only where history is read by: the record's id and its relations
        (an actor's aliases, for the admin's edit check). simple_history copies every index of the record
        (names, slugs, codes, each twice on PostgreSQL): no history query uses them, every write paid for them,
        and they were a fifth of the history tables' index size."""
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if not field.is_relation and name != model._meta.pk.name:
                field.db_index = False
        return fields

    def create_history_model(self, model, inherited):
        history.register(model, self)
        return super().create_history_model(model, inherited)

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        if history.versioned_relations(model):
            extra[history.RELATIONS] = models.JSONField(
                null=True,
                editable=False,
                help_text="The record's many-to-many values in this version, as lists of ids by field name "
                "(e.g. sources); null on versions written before they were recorded.",
            )
        return extra


def edit_history():
    """The edit history of a curated model: who changed what and when, kept in the ``history`` app.

    Every write path records it: the admin and the API (the request's user, through
    ``HistoryRequestMiddleware``), the importers (``core.history.bulk_create`` and friends) and
    ``loaddata`` (records that a fixture adds or changes). Many-to-many values (sources,
    nationalities, measures) are versioned with the record's own fields (``EditHistory``).
    """
    return EditHistory(app="history", cascade_delete_history=False)


def date_order_message(field, other, other_date):
    """The message for a date that comes before the date it must follow: what is wrong and how to fix it.

    ``field`` and ``other`` are what a curator calls the two dates ("delisting date", "listing date").
    """
    return (
        f"The {field} must be on or after the {other} ({other_date.isoformat()}): correct the {field}, "
        f"or the {other} if that is the wrong one."
    )
