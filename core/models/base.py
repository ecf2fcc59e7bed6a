"""Building blocks shared by every fact-bearing model."""

from django.db import models
from simple_history.models import HistoricalRecords


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


def edit_history():
    """The edit history of a curated model: who changed what and when, kept in the ``history`` app.

    Every write path records it: the admin and the API (the request's user, through
    ``HistoryRequestMiddleware``), the importers (``bulk_create_with_history`` and friends) and
    ``loaddata`` (records that a fixture adds or changes). Many-to-many values (sources,
    nationalities, measures) are not versioned; the record's own fields are.
    """
    return HistoricalRecords(app="history", cascade_delete_history=False)


def date_order_message(field, other, other_date):
    """The message for a date that comes before the date it must follow: what is wrong and how to fix it.

    ``field`` and ``other`` are what a curator calls the two dates ("delisting date", "listing date").
    """
    return (
        f"The {field} must be on or after the {other} ({other_date.isoformat()}): correct the {field}, "
        f"or the {other} if that is the wrong one."
    )
