"""The numbers behind the charts, computed from the live records (one query per series)."""

import datetime
from collections import Counter, defaultdict
from itertools import groupby

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from courts.models import Treaty, TreatyAction
from courts.models.treaties import status_periods
from sanctions.models import Designation, SanctionProgram

ONE_DAY = datetime.timedelta(days=1)
TOP_PROGRAMS = 8  # more lines than this cannot be told apart on one chart


def _steps(changes):
    """``{day: +n / -n}`` to ``[(day, running total)]``, one point per day where the total changes."""
    points, total = [], 0
    for day in sorted(changes):
        if changes[day]:
            total += changes[day]
            points.append((day, total))
    return points


def parties_over_time(slug="rome-statute"):
    """How many States were party to the treaty from each date on, and the withdrawals that took effect."""
    treaty = get_object_or_404(Treaty, slug=slug)
    actions = list(TreatyAction.objects.filter(treaty=treaty).select_related("state").order_by("state_id", "pk"))
    changes = Counter()
    for _, state_actions in groupby(actions, key=lambda action: action.state_id):
        for status, start, end in status_periods(list(state_actions)):
            if status == TreatyAction.Status.PARTY:
                changes[start] += 1
                if end:
                    changes[end + ONE_DAY] -= 1
    withdrawals = [
        {"state": a.state.code, "name": a.state.name, "effective_date": a.effective_date, "notified_on": a.date}
        for a in sorted(actions, key=lambda a: a.effective_date or datetime.date.min)
        if a.action_type == TreatyAction.Type.WITHDRAWAL
    ]
    return {
        "treaty": treaty.slug,
        "title": str(treaty),
        "points": [{"date": day, "parties": count} for day, count in _steps(changes)],
        "withdrawals": withdrawals,
    }


def designations_over_time(programs=None):
    """Designations in effect per program from each date on (the ``TOP_PROGRAMS`` largest programs unless
    ``programs`` names them), and how many were listed per year."""
    if not programs:
        programs = list(
            SanctionProgram.objects.annotate(n=Count("designations"))
            .filter(n__gt=0)
            .order_by("-n", "code")
            .values_list("code", flat=True)[:TOP_PROGRAMS]
        )
    rows = (
        Designation.objects.filter(program__code__in=programs)
        .annotate(start=Coalesce("effective_on", "listed_on"))
        .values_list("program__code", "start", "listed_on", "delisted_on")
    )
    changes = defaultdict(Counter)
    listed = defaultdict(Counter)
    for code, start, listed_on, delisted_on in rows.iterator():
        changes[code][start] += 1
        if delisted_on:
            changes[code][delisted_on] -= 1
        listed[code][listed_on.year] += 1
    return {
        "programs": [
            {
                "code": code,
                "points": [{"date": day, "active": count} for day, count in _steps(changes[code])],
                "listed_per_year": {str(year): listed[code][year] for year in sorted(listed[code])},
            }
            for code in programs
            if code in changes
        ]
    }
