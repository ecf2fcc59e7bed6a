from django.db import models

from core.models import SourcedModel, State, edit_history
from courts.models.treaties import Treaty


class CourtManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Court(SourcedModel):
    """A court or tribunal: where it sits, what founded it, and how it enforces its decisions."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", "international"
        HYBRID = "hybrid", "hybrid (internationalised)"
        REGIONAL = "regional", "regional"
        NATIONAL = "national", "national"

    slug = models.SlugField(max_length=50, unique=True, help_text="Stable identifier, e.g. 'icc'.")
    name = models.CharField(max_length=200, unique=True, help_text="Full name, e.g. 'International Criminal Court'.")
    abbreviation = models.CharField(max_length=20, blank=True, help_text="Usual abbreviation, e.g. 'ICC'.")
    kind = models.CharField(
        max_length=20, choices=Kind.choices, help_text="International, hybrid, regional or national."
    )
    seat_city = models.CharField(max_length=100, help_text="City where the court sits, e.g. 'The Hague'.")
    seat_state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="seated_courts", help_text="State where the court sits."
    )
    founding_treaty = models.ForeignKey(
        Treaty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courts",
        help_text="Treaty that established the court, if any.",
    )
    established_on = models.DateField(null=True, blank=True, help_text="Date the court came into existence.")
    is_permanent = models.BooleanField(default=True, help_text="False for ad hoc tribunals with a limited mandate.")
    jurisdiction_summary = models.TextField(
        blank=True, help_text="Over whom and what the court has jurisdiction, in brief."
    )
    enforcement_notes = models.TextField(
        blank=True, help_text="How its decisions are enforced, e.g. the ICC has no police and relies on States."
    )
    url = models.URLField(max_length=500, blank=True, help_text="Official website.")

    objects = CourtManager()
    history = edit_history()

    class Meta:
        ordering = ["name"]
        verbose_name = "court"

    def __str__(self):
        return self.abbreviation or self.name

    def natural_key(self):
        return (self.slug,)
