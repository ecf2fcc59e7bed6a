import re

from django.core.exceptions import ValidationError
from django.db import models

from core.models.actors import Actor
from core.models.base import date_order_message, edit_history


def number_key(number):
    """A number as numbers are compared: in capitals, without spaces or punctuation ('AB 850-901' -> 'AB850901'),
    since lists and callers write the same number with and without them."""
    return re.sub(r"[\W_]+", "", number or "").upper()


class IdentityDocumentQuerySet(models.QuerySet):
    def numbered(self, numbers, *, kind=None):
        """Documents whose number is one of ``numbers``, however spaced or punctuated; of one kind if given."""
        documents = self.filter(number_key__in={number_key(number) for number in numbers})
        return documents.filter(kind=kind) if kind else documents


class IdentityDocumentManager(models.Manager.from_queryset(IdentityDocumentQuerySet)):
    def get_by_natural_key(self, actor_slug, kind, number):
        return self.get(actor__slug=actor_slug, kind=kind, number=number)


class IdentityDocument(models.Model):
    """A document or register number that identifies an actor: a passport, a national identity or tax number, a
    company registration, as a list or another source gives it. Numbers tell namesakes apart where names cannot."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", "passport or travel document"
        NATIONAL_ID = "national_id", "national identity number or card"
        TAX_ID = "tax_id", "tax or social security number"
        REGISTRATION = "registration", "company or other registration number"
        OTHER = "other", "other identifying document"

    actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="documents",
        help_text="The actor the document identifies.",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text="What sort of document this is; the source's own wording is kept in 'type as written'.",
    )
    type_as_written = models.CharField(
        max_length=200,
        blank=True,
        help_text="The document's type in the source's words, e.g. 'Cedula No.', 'Italian Fiscal Code', "
        "'National passport', 'Government Gazette Number'.",
    )
    # No index of its own: numbers are looked up by ``number_key``, and an actor's by the unique constraint.
    number = models.CharField(max_length=200, help_text="The number as written, e.g. 'AD001095' or '1027739609391'.")
    number_key = models.CharField(
        max_length=200,
        db_index=True,
        editable=False,
        help_text="The number in capitals without spaces or punctuation, as identifiers are matched; set on save.",
    )
    country = models.ForeignKey(
        "core.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="identity_documents",
        help_text="State that issued the document; empty when the source names none.",
    )
    issued_on = models.DateField(null=True, blank=True, help_text="Date of issue, when the source gives it.")
    expires_on = models.DateField(null=True, blank=True, help_text="Date of expiry, when the source gives it.")
    note = models.CharField(
        max_length=500,
        blank=True,
        help_text="What the source says of the document, as written: place or authority of issue, 'diplomatic', "
        "'reported lost', the name on the document.",
    )

    objects = IdentityDocumentManager()
    history = edit_history()

    class Meta:
        ordering = ["actor_id", "kind", "number"]
        verbose_name = "identity document"
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "kind", "number"], name="%(app_label)s_%(class)s_unique_per_actor"
            ),
            models.CheckConstraint(
                condition=~models.Q(number=""),
                name="%(app_label)s_%(class)s_number_not_blank",
                violation_error_message="An identity document needs its number.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["passport", "national_id", "tax_id", "registration", "other"]),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="%(app_label)s_%(class)s_expires_after_issue",
                violation_error_message="A document cannot expire before it is issued.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number} (of {self.actor})"

    def save(self, *args, **kwargs):
        self.number_key = number_key(self.number)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (*self.actor.natural_key(), self.kind, self.number)

    natural_key.dependencies = ["core.actor"]

    def clean(self):
        self.number = " ".join(self.number.split())
        if not self.number:
            raise ValidationError({"number": "Give the document's number."})
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": date_order_message("expiry date", "issue date", self.issued_on)})
