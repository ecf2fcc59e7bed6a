from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from core.models import SourcedModel, State, date_order_message, edit_history
from courts.models.courts import Court


class ReferralManager(models.Manager):
    def get_by_natural_key(self, court_slug, territory_code, date):
        return self.get(court__slug=court_slug, territory__code=territory_code, date=date)


class Referral(SourcedModel):
    """A situation referred to a court: by the UN Security Council (Rome Statute art. 13(b)) or a State Party."""

    class ReferredBy(models.TextChoices):
        SECURITY_COUNCIL = "security_council", "UN Security Council (art. 13(b))"
        STATE_PARTY = "state_party", "State Party (art. 13(a))"

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="referrals", help_text="Court seized.")
    referred_by = models.CharField(max_length=20, choices=ReferredBy.choices, help_text="Who referred the situation.")
    referring_state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
        help_text="The referring State, for a State referral.",
    )
    situation = models.CharField(max_length=200, help_text="The situation as the court names it, e.g. 'Darfur, Sudan'.")
    territory = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="referred_situations", help_text="State whose territory it is."
    )
    resolution = models.CharField(
        max_length=100, blank=True, help_text="Referring instrument, e.g. 'UN Security Council resolution 1593 (2005)'."
    )
    date = models.DateField(help_text="Date of the referral (e.g. adoption of the resolution).")
    period_start = models.DateField(help_text="First day of the conduct the referral covers ('since').")
    period_end = models.DateField(null=True, blank=True, help_text="Last day covered; empty if open-ended.")

    objects = ReferralManager()
    history = edit_history()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "referral"
        constraints = [
            models.UniqueConstraint(fields=["court", "territory", "date"], name="%(app_label)s_%(class)s_unique"),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=F("period_start")),
                name="%(app_label)s_%(class)s_period_ordered",
                violation_error_message="The period covered cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(referred_by="state_party") | Q(referring_state__isnull=False),
                name="%(app_label)s_%(class)s_state_referral_names_state",
                violation_error_message="A State referral needs the referring State.",
            ),
        ]

    def __str__(self):
        return f"{self.situation}: referred by the {self.get_referred_by_display()} on {self.date.isoformat()}"

    def natural_key(self):
        return (*self.court.natural_key(), *self.territory.natural_key(), self.date.isoformat())

    natural_key.dependencies = ["courts.court", "core.state"]

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": date_order_message("end of the period covered", "start", self.period_start)}
            )
        if self.referred_by == self.ReferredBy.STATE_PARTY and not self.referring_state_id:
            raise ValidationError(
                {"referring_state": "Name the State that referred the situation, or choose another referrer."}
            )

    def covers(self, when):
        return self.period_start <= when and (self.period_end is None or when <= self.period_end)
