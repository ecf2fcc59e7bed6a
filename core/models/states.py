from django.core.validators import RegexValidator
from django.db import models

from core.models.base import edit_history


class StateManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class State(models.Model):
    """A State (or an entity that sources treat as one), keyed by its ISO 3166-1 alpha-2 code."""

    code = models.CharField(
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code: two capital letters.")],
        help_text="ISO 3166-1 alpha-2 code, e.g. 'IL'; 'XK' for Kosovo (user-assigned, widely used).",
    )
    alpha3 = models.CharField(
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use an ISO 3166-1 alpha-3 code: three capital letters.")],
        help_text="ISO 3166-1 alpha-3 code, e.g. 'ISR'.",
    )
    name = models.CharField(max_length=200, help_text="Common English name, e.g. 'Israel'.")
    official_name = models.CharField(
        max_length=300, blank=True, help_text="Official English name, e.g. 'State of Israel'."
    )

    objects = StateManager()
    history = edit_history()

    class Meta:
        ordering = ["name"]
        verbose_name = "State"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="%(app_label)s_%(class)s_code_alpha2"
            ),
            models.CheckConstraint(
                condition=models.Q(alpha3__regex=r"^[A-Z]{3}$"), name="%(app_label)s_%(class)s_alpha3_format"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def natural_key(self):
        return (self.code,)
