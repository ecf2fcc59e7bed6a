from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from core.models import Actor, SourcedModel, date_order_message, edit_history
from courts.models.courts import Court


class CourtActionManager(models.Manager):
    def get_by_natural_key(self, court_slug, kind, subject_slug, date):
        return self.get(court__slug=court_slug, kind=kind, subject__slug=subject_slug, date=date)


class CourtAction(SourcedModel):
    """A court's act concerning a person: an arrest warrant, a summons, or an application for one."""

    class Kind(models.TextChoices):
        WARRANT_APPLICATION = "warrant_application", "application for an arrest warrant"
        ARREST_WARRANT = "arrest_warrant", "arrest warrant"
        SUMMONS = "summons", "summons to appear"

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        ISSUED = "issued", "issued"
        UNDER_SEAL = "under_seal", "issued under seal"
        EXECUTED = "executed", "executed (person in custody)"
        WITHDRAWN = "withdrawn", "withdrawn"
        TERMINATED = "terminated", "terminated (e.g. death of the person)"
        REJECTED = "rejected", "rejected"

    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="actions", help_text="The court that acted."
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, help_text="What sort of act.")
    subject = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="court_actions", help_text="The person the act concerns."
    )
    date = models.DateField(help_text="Date the warrant was issued or the application filed.")
    chamber = models.CharField(max_length=100, blank=True, help_text="Chamber or organ, e.g. 'Pre-Trial Chamber I'.")
    situation = models.CharField(max_length=200, blank=True, help_text="Situation or case, e.g. 'State of Palestine'.")
    reference = models.CharField(max_length=100, blank=True, help_text="Case or document number, if public.")
    conduct_from = models.DateField(null=True, blank=True, help_text="Start of the alleged conduct (at least from).")
    conduct_until = models.DateField(null=True, blank=True, help_text="End of the alleged conduct (at least until).")
    status = models.CharField(max_length=20, choices=Status.choices, help_text="Current status.")
    status_date = models.DateField(null=True, blank=True, help_text="Date the current status was reached.")

    objects = CourtActionManager()
    history = edit_history()

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = "court action"
        constraints = [
            models.UniqueConstraint(
                fields=["court", "kind", "subject", "date"], name="%(app_label)s_%(class)s_unique_act"
            ),
            models.CheckConstraint(
                condition=Q(conduct_from__isnull=True)
                | Q(conduct_until__isnull=True)
                | Q(conduct_until__gte=F("conduct_from")),
                name="%(app_label)s_%(class)s_conduct_period_ordered",
                violation_error_message="The conduct period cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(status_date__isnull=True) | Q(status_date__gte=F("date")),
                name="%(app_label)s_%(class)s_status_after_act",
                violation_error_message="The status cannot change before the act itself.",
            ),
        ]

    def __str__(self):
        return f"{self.court}: {self.get_kind_display()} for {self.subject} ({self.date.isoformat()})"

    def natural_key(self):
        return (*self.court.natural_key(), self.kind, *self.subject.natural_key(), self.date.isoformat())

    natural_key.dependencies = ["courts.court", "core.actor"]

    def clean(self):
        errors = {}
        if self.conduct_from and self.conduct_until and self.conduct_until < self.conduct_from:
            errors["conduct_until"] = date_order_message("end of the conduct period", "start", self.conduct_from)
        if self.status_date and self.date and self.status_date < self.date:
            errors["status_date"] = date_order_message("status date", "date of the act", self.date)
        if self.subject_id and self.subject.kind != Actor.Kind.PERSON:
            errors["subject"] = "Warrants and summons concern natural persons (Rome Statute art. 25(1))."
        if errors:
            raise ValidationError(errors)


class ChargeManager(models.Manager):
    def get_by_natural_key(self, court_slug, kind, subject_slug, date, category, crime, mode_of_liability):
        return self.get(
            court_action=CourtAction.objects.get_by_natural_key(court_slug, kind, subject_slug, date),
            category=category,
            crime=crime,
            mode_of_liability=mode_of_liability,
        )


class Charge(models.Model):
    """One crime named in a court action, with the article that defines it."""

    class Category(models.TextChoices):
        GENOCIDE = "genocide", "genocide (art. 6)"
        CRIME_AGAINST_HUMANITY = "crime_against_humanity", "crime against humanity (art. 7)"
        WAR_CRIME = "war_crime", "war crime (art. 8)"
        AGGRESSION = "aggression", "crime of aggression (art. 8 bis)"

    court_action = models.ForeignKey(
        CourtAction, on_delete=models.CASCADE, related_name="charges", help_text="The warrant or application."
    )
    category = models.CharField(max_length=30, choices=Category.choices, help_text="Category of crime.")
    crime = models.CharField(max_length=200, help_text="The crime as the court names it, e.g. 'murder'.")
    article = models.CharField(
        max_length=30, blank=True, help_text="Article of the founding statute, e.g. '7(1)(a)'; empty if not stated."
    )
    mode_of_liability = models.CharField(
        max_length=100, blank=True, help_text="E.g. 'co-perpetrator', 'civilian superior'."
    )

    objects = ChargeManager()
    history = edit_history()

    class Meta:
        ordering = ["court_action_id", "category", "crime"]
        verbose_name = "charge"
        constraints = [
            models.UniqueConstraint(
                fields=["court_action", "category", "crime", "mode_of_liability"],
                name="%(app_label)s_%(class)s_unique_charge",
            ),
        ]

    def __str__(self):
        article = f" (art. {self.article})" if self.article else ""
        return f"{self.crime}{article}"

    def natural_key(self):
        return (*self.court_action.natural_key(), self.category, self.crime, self.mode_of_liability)

    natural_key.dependencies = ["courts.courtaction"]
