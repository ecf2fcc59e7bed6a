"""What the importers remember of the releases they loaded (derived data, like the name index)."""

from django.db import models
from django.utils import timezone


class ListImport(models.Model):
    """The last import of one list release: the bytes it read and what importing them again reports.

    Importing the same bytes again over a database no record of which has changed since (the data
    version's counter is still the one stored) is known to change nothing, so the importer reports the
    stored outcome without reading the file again. Derived data: losing a row only costs a full import.
    """

    source = models.OneToOneField(
        "core.Source",
        on_delete=models.CASCADE,
        related_name="list_import",
        help_text="The release's source (its publisher, title and publication date).",
    )
    digest = models.CharField(max_length=64, help_text="SHA-256 of the release's files, in the order they are read.")
    data_version = models.PositiveBigIntegerField(
        help_text="The data version's counter once the import was written: any later change to a record makes "
        "the next import of the release read it again."
    )
    entries = models.PositiveIntegerField(help_text="Entries and rows read, for the progress bar.")
    summary = models.JSONField(
        help_text="What importing the same bytes again reports: counts by kind and outcome "
        "({'actor': {'unchanged': 7379}}) and the rejected rows."
    )
    imported_at = models.DateTimeField(default=timezone.now, help_text="When the release was last imported.")

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = "list import"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest__regex=r"^[0-9a-f]{64}\Z"), name="%(app_label)s_%(class)s_digest_sha256"
            )
        ]

    def __str__(self):
        return f"{self.source} ({self.digest[:12]})"
