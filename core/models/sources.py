from django.db import models

from core.models.base import edit_history


class SourceManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Source(models.Model):
    """A citation: where a fact was published, and optionally the passage that states it."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", "official record"
        NEWS = "news", "news report"
        NGO = "ngo", "NGO or academic publication"
        DATASET = "dataset", "dataset"
        OTHER = "other", "other"

    key = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Stable identifier used by fixtures and the API, e.g. 'fr-2025-02612'.",
    )
    title = models.CharField(max_length=500, help_text="Title or headline of the cited document.")
    publisher = models.CharField(max_length=200, help_text="Who published it, e.g. 'Federal Register'.")
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.OFFICIAL, help_text="What sort of source this is."
    )
    url = models.URLField(max_length=500, blank=True, help_text="Address of the document, if it is online.")
    published_on = models.DateField(null=True, blank=True, help_text="Publication date of the document.")
    accessed_on = models.DateField(null=True, blank=True, help_text="Date the document was consulted.")
    quote = models.TextField(blank=True, help_text="The passage that states the fact, quoted verbatim.")
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where in the document: page, section, article, paragraph, row."
    )

    objects = SourceManager()
    history = edit_history()

    class Meta:
        ordering = ["key"]
        verbose_name = "source"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(publisher=""),
                name="%(app_label)s_%(class)s_url_or_publisher",
            ),
        ]

    def __str__(self):
        when = f", {self.published_on.isoformat()}" if self.published_on else ""
        return f"{self.publisher}: {self.title}{when}"

    def natural_key(self):
        return (self.key,)
