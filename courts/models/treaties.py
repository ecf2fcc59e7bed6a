import datetime
from copy import copy
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from core.models import DatePrecision, SourcedModel, State, date_order_message, edit_history


class TreatyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Treaty(SourcedModel):
    """A multilateral treaty, e.g. the Rome Statute; who is party to it is derived from its actions."""

    slug = models.SlugField(max_length=100, unique=True, help_text="Stable identifier, e.g. 'rome-statute'.")
    title = models.CharField(max_length=300, help_text="Full title as registered.")
    short_title = models.CharField(max_length=100, blank=True, help_text="Usual short title, e.g. 'Rome Statute'.")
    adopted_on = models.DateField(null=True, blank=True, help_text="Date the text was adopted.")
    adopted_at = models.CharField(max_length=100, blank=True, help_text="Place of adoption, e.g. 'Rome'.")
    entered_into_force_on = models.DateField(
        null=True, blank=True, help_text="Date the treaty entered into force generally."
    )
    depositary = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who receives instruments, e.g. 'Secretary-General of the United Nations'.",
    )
    registration_number = models.CharField(max_length=50, blank=True, help_text="UN registration number, e.g. '38544'.")
    treaty_series = models.CharField(
        max_length=100, blank=True, help_text="Treaty series citation, e.g. '2187 UNTS 3'."
    )
    url = models.URLField(max_length=500, blank=True, help_text="Official text or depositary record.")

    objects = TreatyManager()
    history = edit_history()

    class Meta:
        ordering = ["title"]
        verbose_name = "treaty"
        verbose_name_plural = "treaties"
        constraints = [
            models.CheckConstraint(
                condition=Q(entered_into_force_on__isnull=True)
                | Q(adopted_on__isnull=True)
                | Q(entered_into_force_on__gte=F("adopted_on")),
                name="%(app_label)s_%(class)s_in_force_after_adoption",
                violation_error_message="A treaty cannot enter into force before it is adopted.",
            ),
        ]

    def __str__(self):
        return self.short_title or self.title

    def natural_key(self):
        return (self.slug,)

    def parties_as_of(self, when):
        """States bound by the treaty on ``when``: a consent in effect and not undone by a later withdrawal."""
        return State.objects.annotate(
            consent_effective=Subquery(
                self.actions.effective_by(when).consents().filter(state=OuterRef("pk")).latest_effective()
            ),
            withdrawal_effective=Subquery(
                self.actions.effective_by(when).withdrawals().filter(state=OuterRef("pk")).latest_effective()
            ),
        ).filter(
            Q(consent_effective__isnull=False),
            Q(withdrawal_effective__isnull=True) | Q(withdrawal_effective__lt=F("consent_effective")),
        )

    def status_of(self, state, when):
        """One State's relationship with the treaty on ``when``, as a ``TreatyAction.Status``."""
        return standing_on(list(self.actions.filter(state=state)), when).status

    def status_periods(self, state):
        """The State's successive statuses: ``[(status, first day, last day or None)]``, oldest first."""
        return status_periods(list(self.actions.filter(state=state)))


@dataclass(frozen=True)
class Standing:
    """A State's status on a treaty on one day, with the acts that decide it."""

    status: str
    consent: "TreatyAction | None" = None
    withdrawal: "TreatyAction | None" = None


def status_periods(actions):
    """Successive statuses derived from one State's actions on one treaty; see ``Treaty.status_periods``."""
    days = sorted({day for a in actions for day in (a.date, a.effective_date) if day})
    periods = []
    for day in days:
        status = standing_on(actions, day).status
        if periods and periods[-1][0] == status:
            continue
        if periods:
            periods[-1][2] = day - datetime.timedelta(days=1)
        periods.append([status, day, None])
    return [tuple(period) for period in periods if period[0] != TreatyAction.Status.NOT_PARTY or period[2]]


def standing_on(actions, when):
    """Derive a State's standing on ``when`` from its actions on one treaty (a list, so callers can reuse it)."""
    in_effect = [a for a in actions if a.effective_date and a.effective_date <= when]
    consent = max((a for a in in_effect if a.is_consent), key=lambda a: a.effective_date, default=None)
    withdrawal = max(
        (a for a in in_effect if a.action_type == TreatyAction.Type.WITHDRAWAL),
        key=lambda a: a.effective_date,
        default=None,
    )
    if consent and (withdrawal is None or withdrawal.effective_date < consent.effective_date):
        return Standing(TreatyAction.Status.PARTY, consent, None)
    if withdrawal:
        return Standing(TreatyAction.Status.WITHDRAWN, consent, withdrawal)
    done = {a.action_type for a in actions if (a.date or a.effective_date) <= when}
    if TreatyAction.Type.NOT_TO_BECOME_PARTY in done:
        return Standing(TreatyAction.Status.NOT_TO_BECOME_PARTY)
    if TreatyAction.Type.SIGNATURE in done:
        return Standing(TreatyAction.Status.SIGNATORY)
    return Standing(TreatyAction.Status.NOT_PARTY)


def preview_action(action, today):
    """What saving ``action`` (new, or an edited copy of a saved one) does to its State's status on the treaty.

    Compares the status derived from the saved records with the status derived from them once this act
    replaces its saved version, on the day the act takes effect (or is made) and on ``today``. Returns
    ``{"on": day, "effective_date", "before", "after", "today", "today_before", "today_after",
    "suggested_effective_date", "problems"}``; statuses are ``TreatyAction.Status`` values.
    """
    saved = list(TreatyAction.objects.filter(treaty_id=action.treaty_id, state_id=action.state_id))
    with_act = [a for a in saved if a.pk != action.pk] + [action]
    on = action.effective_date or action.date
    suggested = None
    if action.action_type == TreatyAction.Type.WITHDRAWAL and action.date and not action.effective_date:
        # The usual clause (Rome Statute art. 127(1)): a withdrawal takes effect a year after its notification.
        suggested = _add_years(action.date, 1)
        on = suggested
        action = copy(action)
        action.effective_date = suggested
        with_act[-1] = action
    try:
        action.clean()
        problems = {}
    except ValidationError as error:
        problems = error.message_dict
    return {
        "on": on,
        "effective_date": action.effective_date,
        "suggested_effective_date": suggested,
        "before": standing_on(saved, on).status if on else None,
        "after": standing_on(with_act, on).status if on else None,
        "today": today,
        "today_before": standing_on(saved, today).status,
        "today_after": standing_on(with_act, today).status,
        "problems": problems,
    }


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class TreatyActionQuerySet(models.QuerySet):
    def consents(self):
        return self.filter(action_type__in=TreatyAction.CONSENT_TYPES)

    def withdrawals(self):
        return self.filter(action_type=TreatyAction.Type.WITHDRAWAL)

    def effective_by(self, when):
        return self.filter(effective_date__lte=when)

    def latest_effective(self):
        """The latest effective date, as a one-value queryset usable in a ``Subquery``."""
        return self.order_by("-effective_date").values("effective_date")[:1]

    def get_by_natural_key(self, treaty_slug, state_code, action_type, date, effective_date):
        return self.get(
            treaty__slug=treaty_slug,
            state__code=state_code,
            action_type=action_type,
            date=date,
            effective_date=effective_date,
        )


_NO_DATE = Value(datetime.date(1, 1, 1))


class TreatyAction(SourcedModel):
    """A State's dated act on a treaty, with the date it was made and the date it takes effect."""

    class Type(models.TextChoices):
        SIGNATURE = "signature", "signature"
        RATIFICATION = "ratification", "ratification"
        ACCESSION = "accession", "accession"
        ACCEPTANCE = "acceptance", "acceptance"
        APPROVAL = "approval", "approval"
        SUCCESSION = "succession", "succession"
        WITHDRAWAL = "withdrawal", "withdrawal (notified to the depositary)"
        WITHDRAWAL_ANNOUNCED = "withdrawal_announced", "withdrawal announced (no legal effect)"
        WITHDRAWAL_REVOKED = "withdrawal_revoked", "withdrawal notification revoked"
        NOT_TO_BECOME_PARTY = "not_to_become_party", "notification of intent not to become a party"
        INSTRUMENT_WITHDRAWN = "instrument_withdrawn", "instrument withdrawn before entry into force"
        JURISDICTION_DECLARATION = "jurisdiction_declaration", "declaration accepting jurisdiction (art. 12(3))"
        DECLARATION = "declaration", "reservation or declaration"

    class Status(models.TextChoices):
        PARTY = "party", "party"
        SIGNATORY = "signatory", "signatory"
        NOT_TO_BECOME_PARTY = "not_to_become_party", "signatory that notified its intent not to become a party"
        WITHDRAWN = "withdrawn", "former party (withdrawn)"
        NOT_PARTY = "not_party", "not a party"

    class Scope(models.TextChoices):
        TERRITORY = "territory", "conduct on its territory"
        NATIONALS = "nationals", "conduct by its nationals"

    CONSENT_TYPES = (Type.RATIFICATION, Type.ACCESSION, Type.ACCEPTANCE, Type.APPROVAL, Type.SUCCESSION)
    PERIOD_TYPES = (Type.JURISDICTION_DECLARATION, Type.DECLARATION)

    treaty = models.ForeignKey(
        Treaty, on_delete=models.PROTECT, related_name="actions", help_text="The treaty acted upon."
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="treaty_actions", help_text="The State that acted."
    )
    action_type = models.CharField(max_length=30, choices=Type.choices, help_text="What the State did.")
    date = models.DateField(
        null=True,
        blank=True,
        help_text="Date of signature, deposit, notification to the depositary, or announcement; empty if unknown.",
    )
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, help_text="Precision of the date."
    )
    effective_date = models.DateField(
        null=True,
        blank=True,
        help_text="Date the act takes legal effect for the State (e.g. entry into force, withdrawal effective); "
        "empty when it has none.",
    )
    period_start = models.DateField(
        null=True, blank=True, help_text="For declarations: first day of the period the declaration covers."
    )
    period_end = models.DateField(
        null=True, blank=True, help_text="For declarations: last day of the period covered; empty if open-ended."
    )
    article = models.CharField(
        max_length=20, blank=True, help_text="Treaty article the act relies on, e.g. '12(3)', '124', '127'."
    )
    scope = models.CharField(
        max_length=20,
        choices=Scope.choices,
        blank=True,
        help_text="For declarations: whether they concern conduct on the State's territory, by its nationals, "
        "or both (empty).",
    )
    description = models.TextField(blank=True, help_text="What the act says, in a sentence or two.")

    objects = TreatyActionQuerySet.as_manager()
    history = edit_history()

    class Meta:
        ordering = ["treaty", "state", Coalesce("date", "effective_date").asc(), "action_type"]
        verbose_name = "treaty action"
        constraints = [
            models.UniqueConstraint(
                F("treaty"),
                F("state"),
                F("action_type"),
                Coalesce("date", _NO_DATE),
                Coalesce("effective_date", _NO_DATE),
                name="%(app_label)s_%(class)s_unique_act",
                violation_error_message="This State already has this act on this treaty with the same dates.",
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=False) | Q(effective_date__isnull=False),
                name="%(app_label)s_%(class)s_has_a_date",
                violation_error_message="Give the date of the act, the date it takes effect, or both.",
            ),
            models.CheckConstraint(
                # A successor State is bound from its independence, before it notifies its succession.
                condition=Q(date__isnull=True)
                | Q(effective_date__isnull=True)
                | Q(effective_date__gte=F("date"))
                | Q(action_type="succession"),
                name="%(app_label)s_%(class)s_effective_after_act",
                violation_error_message="An act cannot take effect before it is made (except a succession).",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True, period_end__isnull=True)
                | Q(action_type__in=["jurisdiction_declaration", "declaration"]),
                name="%(app_label)s_%(class)s_period_only_on_declarations",
                violation_error_message="Only declarations cover a period.",
            ),
            models.CheckConstraint(
                condition=Q(scope="") | Q(action_type__in=["jurisdiction_declaration", "declaration"]),
                name="%(app_label)s_%(class)s_scope_only_on_declarations",
                violation_error_message="Only declarations have a scope.",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="%(app_label)s_%(class)s_period_ordered",
                violation_error_message="The period covered cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(action_type="withdrawal_announced") | Q(effective_date__isnull=True),
                name="%(app_label)s_%(class)s_announcement_has_no_effect",
                violation_error_message="An announced withdrawal has no legal effect: leave its effective date empty.",
            ),
            models.CheckConstraint(
                condition=~Q(action_type="withdrawal") | Q(effective_date__isnull=False),
                name="%(app_label)s_%(class)s_withdrawal_has_effect",
                violation_error_message="A withdrawal needs the date it takes effect.",
            ),
        ]

    def __str__(self):
        when = self.date or self.effective_date
        state = self.state.name if self.state_id else "?"
        treaty = self.treaty if self.treaty_id else "?"
        return f"{state}: {self.get_action_type_display()} of {treaty} ({when.isoformat() if when else '?'})"

    def natural_key(self):
        return (
            *self.treaty.natural_key(),
            *self.state.natural_key(),
            self.action_type,
            self.date.isoformat() if self.date else None,
            self.effective_date.isoformat() if self.effective_date else None,
        )

    natural_key.dependencies = ["courts.treaty", "core.state"]

    @property
    def is_consent(self):
        return self.action_type in self.CONSENT_TYPES

    def clean(self):
        errors = {}
        if self.action_type == self.Type.WITHDRAWAL_ANNOUNCED and self.effective_date:
            errors["effective_date"] = (
                "An announcement is not a notification to the depositary and has no legal effect; "
                "leave the effective date empty, or record a withdrawal instead."
            )
        if self.action_type == self.Type.WITHDRAWAL:
            if not self.effective_date:
                errors["effective_date"] = (
                    "A withdrawal needs the date it takes effect (art. 127: a year after notification)."
                )
            elif self.treaty_id and self.state_id:
                earlier = TreatyAction.objects.consents().filter(
                    treaty_id=self.treaty_id, state_id=self.state_id, effective_date__lt=self.effective_date
                )
                if not earlier.exists():
                    errors["effective_date"] = (
                        "This withdrawal takes effect before any consent of this State to this treaty took effect; "
                        "record the ratification or accession first, or correct the date."
                    )
        if self.period_start or self.period_end:
            if self.action_type not in self.PERIOD_TYPES:
                errors["period_start"] = "Only declarations cover a period; clear the period or change the type."
            elif self.period_start and self.period_end and self.period_end < self.period_start:
                errors["period_end"] = date_order_message("end of the period covered", "start", self.period_start)
        if self.scope and self.action_type not in self.PERIOD_TYPES:
            errors["scope"] = "Only declarations have a scope; clear it or change the type."
        if (
            self.date
            and self.effective_date
            and self.effective_date < self.date
            and self.action_type != self.Type.SUCCESSION
        ):
            errors["effective_date"] = date_order_message("effective date", "date of the act", self.date)
        if not self.date and not self.effective_date:
            errors["date"] = "Give the date of the act, the date it takes effect, or both."
        if errors:
            raise ValidationError(errors)
