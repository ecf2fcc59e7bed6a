"""Which records an export covers: the whole database, or the part chosen by program, treaty and date."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from core.models import Actor, Position, Source, State
from courts.models import Court, CourtAction, Referral, Treaty, TreatyAction
from sanctions.models import (
    Bill,
    BillAction,
    Designation,
    InstrumentRelation,
    LegalInstrument,
    Measure,
    SanctionProgram,
)


class UnknownKey(ValueError):
    """A program code or treaty slug that is not in the database."""


@dataclass(frozen=True)
class Selection:
    """Filters of an export. Each applies to the resources it makes sense for (``Resource.filters``); when any
    filter is given, resources that none of the given filters applies to are left out of the export."""

    programs: tuple[str, ...] = ()
    treaty: str | None = None
    as_of: datetime.date | None = None

    def __post_init__(self):
        known = set(SanctionProgram.objects.filter(code__in=self.programs).values_list("code", flat=True))
        missing = sorted(set(self.programs) - known)
        if missing:
            raise UnknownKey(f"program: no program with code {', '.join(missing)}")
        if self.treaty and not Treaty.objects.filter(slug=self.treaty).exists():
            raise UnknownKey(f"treaty: no treaty with slug {self.treaty}")

    @property
    def given(self):
        """Names of the filters given."""
        return {name for name in ("programs", "treaty", "as_of") if getattr(self, name)}

    def designations(self):
        rows = Designation.objects.all()
        if self.programs:
            rows = rows.filter(program__code__in=self.programs)
        if self.as_of:
            rows = rows.active_on(self.as_of)
        return rows

    def targets(self):
        return Actor.objects.filter(Exists(self.designations().filter(actor=OuterRef("pk"))))

    def actors(self):
        return Actor.objects.all()

    def sanction_programs(self):
        rows = SanctionProgram.objects.all()
        return rows.filter(code__in=self.programs) if self.programs else rows

    def instruments(self):
        rows = LegalInstrument.objects.all()
        if self.programs:
            links = SanctionProgram.instruments.through.objects.filter(
                legalinstrument=OuterRef("pk"), sanctionprogram__code__in=self.programs
            )
            rows = rows.filter(Exists(links))
        return rows.in_force(self.as_of) if self.as_of else rows

    def instrument_relations(self):
        rows = InstrumentRelation.objects.all()
        if self.as_of:
            by_then = Q(effective_date__isnull=True, source__signing_date__lte=self.as_of)
            rows = rows.filter(Q(effective_date__lte=self.as_of) | by_then)
        return rows

    def treaties(self):
        rows = Treaty.objects.all()
        return rows.filter(slug=self.treaty) if self.treaty else rows

    def treaty_actions(self):
        rows = TreatyAction.objects.all()
        if self.treaty:
            rows = rows.filter(treaty__slug=self.treaty)
        if self.as_of:
            rows = rows.alias(made=Coalesce("date", "effective_date")).filter(made__lte=self.as_of)
        return rows

    def positions(self):
        rows = Position.objects.all()
        if self.as_of:
            rows = rows.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.as_of), start_date__lte=self.as_of)
        return rows

    def court_actions(self):
        rows = CourtAction.objects.all()
        return rows.filter(date__lte=self.as_of) if self.as_of else rows

    def referrals(self):
        rows = Referral.objects.all()
        return rows.filter(date__lte=self.as_of) if self.as_of else rows

    def bills(self):
        rows = Bill.objects.all()
        if self.as_of:  # a bill whose introduction date is unknown is dated by its first recorded action
            acted = BillAction.objects.filter(bill=OuterRef("pk"), date__lte=self.as_of)
            rows = rows.filter(Q(introduced_on__lte=self.as_of) | Q(Exists(acted), introduced_on__isnull=True))
        return rows

    def bill_actions(self):
        rows = BillAction.objects.all()
        return rows.filter(date__lte=self.as_of) if self.as_of else rows

    # Reference tables: written whole, and only by an export without filters.
    def sources(self):
        return Source.objects.all()

    def states(self):
        return State.objects.all()

    def measures(self):
        return Measure.objects.all()

    def courts(self):
        return Court.objects.all()
