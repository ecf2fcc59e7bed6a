"""Dated events derived from the records themselves (never a second copy of them).

Each ``EventSource`` names one dated field of one model as a kind of event. ``events()`` turns the
sources into one SQL UNION of (date, kind, record id), so that filtering, ordering, counting and
paging happen in the database; ``describe()`` then loads the records of one page, a query or two
per kind, and says what happened in a sentence.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, F, Q, Value

from core.models import Position
from courts.models import Court, CourtAction, Referral, Treaty, TreatyAction
from sanctions.models import BillAction, Designation, LegalInstrument


@dataclass(frozen=True)
class EventSource:
    kind: str
    model: type
    date_field: str
    describe: callable
    # Filter name -> lookup on this model; a source lacking a requested filter yields no events.
    filters: dict = field(default_factory=dict)
    condition: Q = field(default_factory=Q)
    select_related: tuple = ()
    view: tuple = (None, None)  # API view name and lookup attribute (None: the primary key)


# Filter name -> lookup, shared by the events of one model.
TREATY_ACTION_FILTERS = {"state": "state__code", "treaty": "treaty__slug"}
COURT_ACTION_FILTERS = {"actor": "subject__slug", "court": "court__slug"}
INSTRUMENT_FILTERS = {"state": "jurisdiction__code", "actor": "issued_by__slug", "instrument": "slug"}
DESIGNATION_FILTERS = {
    "actor": "actor__slug",
    "program": "program__code",
    "state": "actor__nationalities__code",
    "instrument": "program__instruments__slug",
}

SOURCES = [
    EventSource(
        "treaty_adopted",
        Treaty,
        "adopted_on",
        lambda t: f"{t} adopted" + (f" at {t.adopted_at}" if t.adopted_at else ""),
        view=("treaty", "slug"),
    ),
    EventSource(
        "treaty_in_force", Treaty, "entered_into_force_on", lambda t: f"{t} enters into force", view=("treaty", "slug")
    ),
    EventSource(
        "treaty_action",
        TreatyAction,
        "date",
        lambda a: f"{a.state.name}: {a.get_action_type_display()} of the {a.treaty}",
        filters=TREATY_ACTION_FILTERS,
        select_related=("state", "treaty"),
        view=("treaty-action", None),
    ),
    EventSource(
        "treaty_action_effective",
        TreatyAction,
        "effective_date",
        lambda a: f"{a.state.name}: {a.get_action_type_display()} of the {a.treaty} takes effect",
        filters=TREATY_ACTION_FILTERS,
        # Acts that take effect the day they are made are already told by ``treaty_action``.
        condition=Q(date__isnull=True) | ~Q(effective_date=F("date")),
        select_related=("state", "treaty"),
        view=("treaty-action", None),
    ),
    EventSource(
        "court_established",
        Court,
        "established_on",
        lambda c: f"{c.name} established",
        filters={"court": "slug"},
        view=("court", "slug"),
    ),
    EventSource(
        "referral",
        Referral,
        "date",
        lambda r: f"{r.get_referred_by_display()} refers the situation in {r.situation} to the {r.court}",
        filters={"state": "territory__code", "court": "court__slug"},
        select_related=("court",),
        view=("referral", None),
    ),
    EventSource(
        "court_action",
        CourtAction,
        "date",
        lambda a: f"{a.court}: {a.get_kind_display()} for {a.subject}",
        filters=COURT_ACTION_FILTERS,
        select_related=("court", "subject"),
        view=("court-action", None),
    ),
    EventSource(
        "court_action_status",
        CourtAction,
        "status_date",
        lambda a: f"{a.court}: {a.get_kind_display()} for {a.subject} {a.get_status_display()}",
        filters=COURT_ACTION_FILTERS,
        condition=~Q(status_date=F("date")),
        select_related=("court", "subject"),
        view=("court-action", None),
    ),
    EventSource(
        "instrument_signed",
        LegalInstrument,
        "signing_date",
        lambda i: f"{i} signed" + (f" by {i.issued_by}" if i.issued_by_id else ""),
        filters=INSTRUMENT_FILTERS,
        select_related=("issued_by",),
        view=("instrument", "slug"),
    ),
    EventSource(
        "instrument_published",
        LegalInstrument,
        "publication_date",
        lambda i: f"{i} published" + (f" ({i.citation})" if i.citation else ""),
        filters=INSTRUMENT_FILTERS,
        view=("instrument", "slug"),
    ),
    EventSource(
        "instrument_effective",
        LegalInstrument,
        "effective_date",
        lambda i: f"{i} takes effect",
        filters=INSTRUMENT_FILTERS,
        view=("instrument", "slug"),
    ),
    EventSource(
        "designation_listed",
        Designation,
        "listed_on",
        lambda d: f"{d.actor} listed under {d.program}",
        filters=DESIGNATION_FILTERS,
        select_related=("actor", "program"),
        view=("designation", None),
    ),
    EventSource(
        "designation_effective",
        Designation,
        "effective_on",
        lambda d: f"{d.actor} designated under {d.program} (takes effect)",
        filters=DESIGNATION_FILTERS,
        condition=~Q(effective_on=F("listed_on")),
        select_related=("actor", "program"),
        view=("designation", None),
    ),
    EventSource(
        "designation_delisted",
        Designation,
        "delisted_on",
        lambda d: f"{d.actor} delisted from {d.program}",
        filters=DESIGNATION_FILTERS,
        select_related=("actor", "program"),
        view=("designation", None),
    ),
    EventSource(
        "bill_action",
        BillAction,
        "date",
        lambda a: str(a),
        filters={"state": "bill__legislature__code", "actor": "bill__sponsor__slug"},
        select_related=("bill",),
        view=("bill-action", None),
    ),
    EventSource(
        "position_started",
        Position,
        "start_date",
        lambda p: f"{p.holder} becomes {p.title}",
        filters={"actor": "holder__slug", "state": "state__code"},
        select_related=("holder",),
        view=("position", None),
    ),
    EventSource(
        "position_ended",
        Position,
        "end_date",
        lambda p: f"{p.holder} leaves office as {p.title}",
        filters={"actor": "holder__slug", "state": "state__code"},
        select_related=("holder",),
        view=("position", None),
    ),
]
BY_KIND = {source.kind: source for source in SOURCES}
KINDS = [source.kind for source in SOURCES]
FILTERS = ("state", "actor", "court", "program", "instrument", "treaty")


def events(*, date_from=None, date_to=None, kinds=None, **filters):
    """A queryset of ``{date, kind, record_id}`` rows, oldest first, from every matching source."""
    wanted = {name: value for name, value in filters.items() if value}
    parts = []
    for source in SOURCES:
        if kinds and source.kind not in kinds:
            continue
        if not set(wanted) <= set(source.filters):
            continue
        queryset = source.model._default_manager.filter(source.condition).filter(
            **{f"{source.date_field}__isnull": False}
        )
        for name, value in wanted.items():
            queryset = queryset.filter(**{source.filters[name]: value})
        if date_from:
            queryset = queryset.filter(**{f"{source.date_field}__gte": date_from})
        if date_to:
            queryset = queryset.filter(**{f"{source.date_field}__lte": date_to})
        parts.append(
            queryset.order_by()
            .annotate(
                event_date=F(source.date_field),
                event_kind=Value(source.kind, output_field=CharField()),
                record_id=F("pk"),
            )
            .values("event_date", "event_kind", "record_id")
            .distinct()
        )
    if not parts:
        return Designation.objects.none().values("pk")
    first, *rest = parts
    return first.union(*rest, all=True).order_by("event_date", "event_kind", "record_id")


def describe(rows):
    """Load the records behind one page of event rows and describe each event."""
    wanted = {}
    for row in rows:
        wanted.setdefault(BY_KIND[row["event_kind"]].model, set()).add(row["record_id"])
    records = {}
    for model, ids in wanted.items():
        related = {name for source in SOURCES if source.model is model for name in source.select_related}
        for record in model._default_manager.filter(pk__in=ids).select_related(*related).prefetch_related("sources"):
            records[model, record.pk] = record
    described = []
    for row in rows:
        source = BY_KIND[row["event_kind"]]
        record = records[source.model, row["record_id"]]
        described.append(
            {
                "date": row["event_date"],
                "kind": source.kind,
                "source": source,
                "record": record,
                "description": source.describe(record),
            }
        )
    return described
