from django.db import models

from core.models.base import edit_history


class MeasureManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Measure(models.Model):
    """A kind of restrictive measure, e.g. an asset freeze or an entry ban (reference data)."""

    slug = models.SlugField(max_length=50, unique=True, help_text="Stable identifier, e.g. 'asset-freeze'.")
    name = models.CharField(max_length=100, unique=True, help_text="Short name, e.g. 'Asset freeze'.")
    description = models.TextField(blank=True, help_text="What the measure does, in a sentence or two.")

    objects = MeasureManager()
    history = edit_history()

    class Meta:
        ordering = ["name"]
        verbose_name = "measure"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)
