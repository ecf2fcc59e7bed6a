from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce

from core.models import Actor, SourcedModel, State, date_order_message, edit_history
from core.models.actors import ActorManager


class SanctionProgramManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class SanctionProgram(SourcedModel):
    """A sanctions regime run by one authority under one or more instruments, e.g. OFAC's ICC-EO14203."""

    class Status(models.TextChoices):
        ACTIVE = "active", "active"
        TERMINATED = "terminated", "terminated"

    code = models.CharField(
        max_length=50, unique=True, help_text="Program code as the authority tags it, e.g. 'ICC-EO14203'."
    )
    name = models.CharField(max_length=300, help_text="Descriptive name.")
    authority = models.CharField(
        max_length=200, help_text="Who administers it, e.g. 'U.S. Department of the Treasury, OFAC'."
    )
    jurisdiction = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sanction_programs",
        help_text="State that runs the program; empty for the UN or the EU.",
    )
    instruments = models.ManyToManyField(
        "sanctions.LegalInstrument",
        related_name="programs",
        blank=True,
        help_text="Instruments that establish or govern the program.",
    )
    measures = models.ManyToManyField(
        "sanctions.Measure", related_name="programs", blank=True, help_text="Measures the program can impose."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE, help_text="Current status.")
    started_on = models.DateField(null=True, blank=True, help_text="Date the program began.")
    ended_on = models.DateField(null=True, blank=True, help_text="Date the program ended; empty while it runs.")
    url = models.URLField(max_length=500, blank=True, help_text="Official program page.")

    objects = SanctionProgramManager()
    history = edit_history()

    class Meta:
        ordering = ["code"]
        verbose_name = "sanction program"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message="A program cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated") | Q(ended_on__isnull=False),
                name="%(app_label)s_%(class)s_terminated_has_end",
                violation_error_message="A terminated program needs its end date.",
            ),
        ]

    def __str__(self):
        return self.code

    def natural_key(self):
        return (self.code,)

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": date_order_message("end date", "start date", self.started_on)})
        if self.status == self.Status.TERMINATED and not self.ended_on:
            raise ValidationError(
                {"ended_on": "A terminated program needs its end date: give it, or set the status back to active."}
            )


class DesignationQuerySet(models.QuerySet):
    def get_by_natural_key(self, actor_slug, program_code, listed_on):
        return self.get(actor__slug=actor_slug, program__code=program_code, listed_on=listed_on)

    def active_on(self, when):
        """Designations in effect on ``when``: effective (or listed) by then and not yet delisted."""
        return self.alias(starts=Coalesce("effective_on", "listed_on")).filter(
            Q(starts__lte=when), Q(delisted_on__isnull=True) | Q(delisted_on__gt=when)
        )


class Designation(SourcedModel):
    """The listing of an actor under a program: since when, until when, with which measures and why."""

    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="designations", help_text="The person or organisation listed."
    )
    program = models.ForeignKey(
        SanctionProgram, on_delete=models.PROTECT, related_name="designations", help_text="Program listed under."
    )
    listed_on = models.DateField(help_text="Date the authority added the actor to its list.")
    effective_on = models.DateField(
        null=True,
        blank=True,
        help_text="Date the designation took legal effect, when it differs from the listing date "
        "(e.g. an order's annex takes effect on signing, before the list is updated).",
    )
    delisted_on = models.DateField(null=True, blank=True, help_text="Date removed from the list; empty while listed.")
    designated_by = models.CharField(
        max_length=200, blank=True, help_text="Who designated, e.g. 'Secretary of State' or 'annex to EO 14203'."
    )
    measures = models.ManyToManyField(
        "sanctions.Measure", related_name="designations", blank=True, help_text="Measures applied to this actor."
    )
    basis = models.TextField(blank=True, help_text="Stated reason for the designation.")
    reference = models.CharField(
        max_length=100, blank=True, help_text="The list's own identifier, e.g. an OFAC UID or a UN reference number."
    )

    objects = DesignationQuerySet.as_manager()
    history = edit_history()

    class Meta:
        ordering = ["-listed_on", "-id"]
        indexes = [
            models.Index(fields=["-listed_on", "-id"], name="designation_newest_first"),
            # The admin's search looks designations up by the list's own identifier.
            models.Index(fields=["reference"], name="designation_reference"),
        ]
        verbose_name = "designation"
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "program", "listed_on"], name="%(app_label)s_%(class)s_unique_listing"
            ),
            models.CheckConstraint(
                condition=Q(delisted_on__isnull=True) | Q(delisted_on__gte=F("listed_on")),
                name="%(app_label)s_%(class)s_delisted_after_listed",
                violation_error_message="A designation cannot be delisted before it was listed.",
            ),
        ]

    def __str__(self):
        return f"{self.actor} under {self.program} (listed {self.listed_on.isoformat()})"

    def natural_key(self):
        return (*self.actor.natural_key(), *self.program.natural_key(), self.listed_on.isoformat())

    natural_key.dependencies = ["core.actor", "sanctions.sanctionprogram"]

    def clean(self):
        if self.delisted_on and self.listed_on and self.delisted_on < self.listed_on:
            raise ValidationError({"delisted_on": date_order_message("delisting date", "listing date", self.listed_on)})
        if self.delisted_on and self.effective_on and self.delisted_on < self.effective_on:
            raise ValidationError(
                {"delisted_on": date_order_message("delisting date", "effective date", self.effective_on)}
            )


class SanctionTargetQuerySet(models.QuerySet):
    def count(self):
        # Every target, unfiltered: its designations' distinct actors, read from their index alone. The
        # semi-join of actors with designations cost three times as much, on every page of the list.
        if self._result_cache is None and self._is_every_target():
            return Designation.objects.values("actor_id").distinct().count()
        return super().count()

    def _is_every_target(self):
        # Any filter, join, annotation, slice or DISTINCT changes the statement: compare it with the base one.
        def statement(queryset):
            return queryset.order_by().values("pk").query.sql_with_params()

        try:
            return not self.query.is_sliced and statement(self) == statement(self.model._default_manager.all())
        except EmptyResultSet:  # a filter that nothing can pass (pk__in=[], a search that found no one)
            return False


class SanctionTargetManager(ActorManager.from_queryset(SanctionTargetQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(Exists(Designation.objects.filter(actor=OuterRef("pk"))))


class SanctionTarget(Actor):
    """An actor seen as a sanctions target: one with at least one designation."""

    objects = SanctionTargetManager()

    class Meta:
        proxy = True
        ordering = ["name"]
        verbose_name = "sanction target"
