from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce

from core.models import Actor, SourcedModel, State, date_order_message, edit_history


class LegalInstrumentQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def in_force(self, when):
        """Instruments in effect on ``when`` and not revoked or superseded by an instrument in effect by then.

        An instrument with neither an effective nor a signing date is left out: whether it was in
        force is unknown.
        """
        ended = InstrumentRelation.objects.filter(
            target=OuterRef("pk"),
            relation_type__in=InstrumentRelation.ENDING_TYPES,
        ).filter(Q(effective_date__lte=when) | Q(effective_date__isnull=True, source__signing_date__lte=when))
        return (
            self.alias(starts=Coalesce("effective_date", "signing_date"))
            .filter(starts__lte=when)
            .exclude(Exists(ended))
        )


class LegalInstrument(SourcedModel):
    """An executive order, statute, regulation or resolution that creates or shapes sanctions."""

    class Kind(models.TextChoices):
        EXECUTIVE_ORDER = "executive_order", "executive order"
        STATUTE = "statute", "statute"
        REGULATION = "regulation", "regulation"
        UN_RESOLUTION = "un_resolution", "UN Security Council resolution"
        OTHER = "other", "other"

    slug = models.SlugField(max_length=100, unique=True, help_text="Stable identifier, e.g. 'eo-14203', 'ieepa'.")
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="What sort of instrument this is.")
    number = models.CharField(
        max_length=50, blank=True, help_text="Official number within its kind, e.g. '14203' for EO 14203."
    )
    title = models.CharField(
        max_length=500,
        help_text="Official title; an executive order's can be long (EO 13716's, naming the orders it revokes, has "
        "327 characters).",
    )
    jurisdiction = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_instruments",
        help_text="State that issued it; empty for international bodies.",
    )
    issued_by = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_instruments",
        help_text="Person who signed it, e.g. the President for an executive order.",
    )
    signing_date = models.DateField(null=True, blank=True, help_text="Date signed, enacted or adopted.")
    publication_date = models.DateField(null=True, blank=True, help_text="Date published in the official journal.")
    effective_date = models.DateField(
        null=True, blank=True, help_text="Date it takes effect, when that differs from the signing date."
    )
    citation = models.CharField(
        max_length=100, blank=True, help_text="Official citation, e.g. '90 FR 9369' or '50 U.S.C. 1701 et seq.'."
    )
    document_number = models.CharField(
        max_length=50, blank=True, help_text="Federal Register document number, e.g. '2025-02612'."
    )
    authorities = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="authorised_instruments",
        help_text="Legal authorities the instrument cites as its basis.",
    )
    measures = models.ManyToManyField(
        "sanctions.Measure", blank=True, related_name="instruments", help_text="Measures the instrument provides for."
    )
    url = models.URLField(max_length=500, blank=True, help_text="Official text.")

    objects = LegalInstrumentQuerySet.as_manager()
    history = edit_history()

    class Meta:
        ordering = ["-signing_date", "slug"]
        verbose_name = "legal instrument"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"],
                condition=~Q(number=""),
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message="An instrument of this kind already has this number.",
            ),
            models.CheckConstraint(
                condition=Q(publication_date__isnull=True)
                | Q(signing_date__isnull=True)
                | Q(publication_date__gte=F("signing_date")),
                name="%(app_label)s_%(class)s_published_after_signing",
                violation_error_message="An instrument cannot be published before it is signed.",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.EXECUTIVE_ORDER and self.number:
            return f"EO {self.number}: {self.title}"
        return self.title

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.kind == self.Kind.EXECUTIVE_ORDER and not self.number:
            raise ValidationError(
                {"number": "An executive order needs its number (e.g. 14203); or choose another kind."}
            )
        if self.publication_date and self.signing_date and self.publication_date < self.signing_date:
            raise ValidationError(
                {"publication_date": date_order_message("publication date", "signing date", self.signing_date)}
            )


class InstrumentRelationManager(models.Manager):
    def get_by_natural_key(self, source_slug, relation_type, target_slug):
        return self.get(source__slug=source_slug, relation_type=relation_type, target__slug=target_slug)


class InstrumentRelation(SourcedModel):
    """A typed link between instruments: ``source`` amends / revokes / supersedes / implements ``target``."""

    class Type(models.TextChoices):
        AMENDS = "amends", "amends"
        REVOKES = "revokes", "revokes"
        SUPERSEDES = "supersedes", "supersedes"
        IMPLEMENTS = "implements", "implements"

    ENDING_TYPES = (Type.REVOKES, Type.SUPERSEDES)

    source = models.ForeignKey(
        LegalInstrument,
        on_delete=models.CASCADE,
        related_name="outgoing_relations",
        help_text="The instrument that acts (e.g. the revoking order).",
    )
    relation_type = models.CharField(max_length=20, choices=Type.choices, help_text="How it acts on the target.")
    target = models.ForeignKey(
        LegalInstrument,
        on_delete=models.CASCADE,
        related_name="incoming_relations",
        help_text="The instrument acted upon (e.g. the revoked order).",
    )
    effective_date = models.DateField(
        null=True, blank=True, help_text="Date the change took effect; empty means the source's signing date."
    )

    objects = InstrumentRelationManager()
    history = edit_history()

    class Meta:
        ordering = ["source", "relation_type", "target"]
        verbose_name = "instrument relation"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "relation_type", "target"], name="%(app_label)s_%(class)s_unique_link"
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="%(app_label)s_%(class)s_not_self",
                violation_error_message="An instrument cannot act on itself.",
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.relation_type} {self.target}"

    def natural_key(self):
        return (*self.source.natural_key(), self.relation_type, *self.target.natural_key())

    natural_key.dependencies = ["sanctions.legalinstrument"]

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": "An instrument cannot act on itself."})
