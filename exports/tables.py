"""The flat CSV files of an export: one per resource, with stable, documented column names.

Multi-valued cells are joined with ``SEPARATOR`` ('; ', as in the API's CSV). Dates are ISO 8601; an
empty cell is an unknown or absent value. ``targets.csv`` follows OpenSanctions' ``targets.simple.csv``.
Columns are only ever added at the end, so that scripts reading them by position keep working.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from core.api.renderers import SEPARATOR
from sanctions.models import Designation

SCHEMA_OF_KIND = {"person": "Person", "organisation": "Organization"}


def joined(values):
    return SEPARATOR.join(str(value) for value in values if value not in (None, ""))


def iso(value):
    return value.isoformat() if value else ""


def codes(states):
    return joined(state.code for state in states.all())


def keys(related):
    return joined(record.natural_key()[-1] for record in related.all())


def sanction(designation):
    """'PROGRAM listed/delisted', e.g. 'ICC-EO14203 2025-02-13/' (an open interval: still listed)."""
    start = designation.effective_on or designation.listed_on
    return f"{designation.program.code} {start.isoformat()}/{iso(designation.delisted_on)}"


def _designation_dates(actor):
    return [day for d in actor.designations.all() for day in (d.listed_on, d.effective_on, d.delisted_on) if day]


@dataclass(frozen=True)
class Resource:
    """A CSV file: the selection's queryset for it, what to prefetch, and ``(column, value of a row)`` pairs."""

    name: str
    rows: str  # the ``Selection`` method giving the queryset
    filters: frozenset
    columns: tuple
    select: tuple = ()
    prefetch: tuple = field(default=())

    @property
    def header(self):
        return [name for name, _ in self.columns]

    def queryset(self, selection):
        rows = getattr(selection, self.rows)()
        return rows.select_related(*self.select).prefetch_related(*self.prefetch).order_by("pk")

    def row(self, record):
        return [value(record) for _, value in self.columns]


SOURCES = ("sources", lambda r: keys(r.sources))
NOTES = ("notes", lambda r: r.notes)

TARGETS = Resource(
    "targets",
    "targets",
    frozenset({"programs", "as_of"}),
    (
        ("id", lambda a: a.slug),
        ("schema", lambda a: SCHEMA_OF_KIND[a.kind]),
        ("name", lambda a: a.name),
        ("aliases", lambda a: joined(alias.name for alias in a.aliases.all())),
        ("birth_date", lambda a: iso(a.birth_date)[: {"year": 4, "month": 7}.get(a.birth_date_precision, 10)]),
        ("countries", lambda a: codes(a.nationalities)),
        ("identifiers", lambda a: joined(sorted({d.reference for d in a.designations.all() if d.reference}))),
        ("sanctions", lambda a: joined(sanction(d) for d in a.designations.all())),
        ("first_seen", lambda a: iso(min(_designation_dates(a), default=None))),
        ("last_change", lambda a: iso(max(_designation_dates(a), default=None))),
        ("addresses", lambda a: joined(address.full for address in a.addresses.all())),
    ),
    prefetch=(
        "nationalities",
        "aliases",
        "addresses__country",  # the JSON Lines children give each address's country
        Prefetch(
            "designations",
            Designation.objects.select_related("program").prefetch_related("measures").order_by("listed_on", "pk"),
        ),
    ),
)

ACTORS = Resource(
    "actors",
    "actors",
    frozenset(),
    (
        ("id", lambda a: a.slug),
        ("kind", lambda a: a.kind),
        ("name", lambda a: a.name),
        ("aliases", lambda a: joined(alias.name for alias in a.aliases.all())),
        ("nationalities", lambda a: codes(a.nationalities)),
        ("birth_date", lambda a: iso(a.birth_date)),
        ("birth_date_precision", lambda a: a.birth_date_precision),
        ("description", lambda a: a.description),
        SOURCES,
        NOTES,
        ("addresses", lambda a: joined(address.full for address in a.addresses.all())),
    ),
    prefetch=("nationalities", "aliases", "addresses__country", "sources"),
)

DESIGNATIONS = Resource(
    "designations",
    "designations",
    frozenset({"programs", "as_of"}),
    (
        ("id", lambda d: d.pk),
        ("actor", lambda d: d.actor.slug),
        ("actor_name", lambda d: d.actor.name),
        ("program", lambda d: d.program.code),
        ("listed_on", lambda d: iso(d.listed_on)),
        ("effective_on", lambda d: iso(d.effective_on)),
        ("delisted_on", lambda d: iso(d.delisted_on)),
        ("designated_by", lambda d: d.designated_by),
        ("measures", lambda d: keys(d.measures)),
        ("reference", lambda d: d.reference),
        ("basis", lambda d: d.basis),
        SOURCES,
        NOTES,
    ),
    select=("actor", "program"),
    prefetch=("measures", "sources"),
)

PROGRAMS = Resource(
    "programs",
    "sanction_programs",
    frozenset({"programs"}),
    (
        ("code", lambda p: p.code),
        ("name", lambda p: p.name),
        ("authority", lambda p: p.authority),
        ("jurisdiction", lambda p: p.jurisdiction.code if p.jurisdiction else ""),
        ("status", lambda p: p.status),
        ("started_on", lambda p: iso(p.started_on)),
        ("ended_on", lambda p: iso(p.ended_on)),
        ("instruments", lambda p: keys(p.instruments)),
        ("measures", lambda p: keys(p.measures)),
        ("url", lambda p: p.url),
        SOURCES,
        NOTES,
    ),
    select=("jurisdiction",),
    prefetch=("instruments", "measures", "sources"),
)

INSTRUMENTS = Resource(
    "instruments",
    "instruments",
    frozenset({"programs", "as_of"}),
    (
        ("slug", lambda i: i.slug),
        ("kind", lambda i: i.kind),
        ("number", lambda i: i.number),
        ("title", lambda i: i.title),
        ("jurisdiction", lambda i: i.jurisdiction.code if i.jurisdiction else ""),
        ("issued_by", lambda i: i.issued_by.slug if i.issued_by else ""),
        ("signing_date", lambda i: iso(i.signing_date)),
        ("publication_date", lambda i: iso(i.publication_date)),
        ("effective_date", lambda i: iso(i.effective_date)),
        ("citation", lambda i: i.citation),
        ("document_number", lambda i: i.document_number),
        ("authorities", lambda i: keys(i.authorities)),
        ("measures", lambda i: keys(i.measures)),
        ("url", lambda i: i.url),
        SOURCES,
        NOTES,
    ),
    select=("jurisdiction", "issued_by"),
    prefetch=("authorities", "measures", "sources"),
)

INSTRUMENT_RELATIONS = Resource(
    "instrument_relations",
    "instrument_relations",
    frozenset({"as_of"}),
    (
        ("source", lambda r: r.source.slug),
        ("relation_type", lambda r: r.relation_type),
        ("target", lambda r: r.target.slug),
        ("effective_date", lambda r: iso(r.effective_date or r.source.signing_date)),
        SOURCES,
        NOTES,
    ),
    select=("source", "target"),
    prefetch=("sources",),
)

TREATY_ACTIONS = Resource(
    "treaty_actions",
    "treaty_actions",
    frozenset({"treaty", "as_of"}),
    (
        ("treaty", lambda t: t.treaty.slug),
        ("state", lambda t: t.state.code),
        ("state_name", lambda t: t.state.name),
        ("action_type", lambda t: t.action_type),
        ("date", lambda t: iso(t.date)),
        ("date_precision", lambda t: t.date_precision),
        ("effective_date", lambda t: iso(t.effective_date)),
        ("period_start", lambda t: iso(t.period_start)),
        ("period_end", lambda t: iso(t.period_end)),
        ("article", lambda t: t.article),
        ("scope", lambda t: t.scope),
        ("description", lambda t: t.description),
        SOURCES,
        NOTES,
    ),
    select=("treaty", "state"),
    prefetch=("sources",),
)

POSITIONS = Resource(
    "positions",
    "positions",
    frozenset({"as_of"}),
    (
        ("holder", lambda p: p.holder.slug),
        ("title", lambda p: p.title),
        ("institution", lambda p: p.institution),
        ("state", lambda p: p.state.code if p.state else ""),
        ("start_date", lambda p: iso(p.start_date)),
        ("end_date", lambda p: iso(p.end_date)),
        SOURCES,
        NOTES,
    ),
    select=("holder", "state"),
    prefetch=("sources",),
)

COURT_ACTIONS = Resource(
    "court_actions",
    "court_actions",
    frozenset({"as_of"}),
    (
        ("court", lambda c: c.court.slug),
        ("kind", lambda c: c.kind),
        ("subject", lambda c: c.subject.slug),
        ("date", lambda c: iso(c.date)),
        ("chamber", lambda c: c.chamber),
        ("situation", lambda c: c.situation),
        ("reference", lambda c: c.reference),
        ("status", lambda c: c.status),
        ("status_date", lambda c: iso(c.status_date)),
        ("charges", lambda c: joined(charge.crime for charge in c.charges.all())),
        SOURCES,
        NOTES,
    ),
    select=("court", "subject"),
    prefetch=("charges", "sources"),
)

TREATIES = Resource(
    "treaties",
    "treaties",
    frozenset({"treaty"}),
    (
        ("slug", lambda t: t.slug),
        ("title", lambda t: t.title),
        ("short_title", lambda t: t.short_title),
        ("adopted_on", lambda t: iso(t.adopted_on)),
        ("adopted_at", lambda t: t.adopted_at),
        ("entered_into_force_on", lambda t: iso(t.entered_into_force_on)),
        ("depositary", lambda t: t.depositary),
        ("registration_number", lambda t: t.registration_number),
        ("treaty_series", lambda t: t.treaty_series),
        ("url", lambda t: t.url),
        SOURCES,
        NOTES,
    ),
    prefetch=("sources",),
)

REFERRALS = Resource(
    "referrals",
    "referrals",
    frozenset({"as_of"}),
    (
        ("court", lambda r: r.court.slug),
        ("referred_by", lambda r: r.referred_by),
        ("referring_state", lambda r: r.referring_state.code if r.referring_state else ""),
        ("situation", lambda r: r.situation),
        ("territory", lambda r: r.territory.code),
        ("resolution", lambda r: r.resolution),
        ("date", lambda r: iso(r.date)),
        ("period_start", lambda r: iso(r.period_start)),
        ("period_end", lambda r: iso(r.period_end)),
        SOURCES,
        NOTES,
    ),
    select=("court", "referring_state", "territory"),
    prefetch=("sources",),
)


def bill_id(bill):
    """A bill's natural key in one cell, e.g. 'US-119-hr-23'."""
    return "-".join(str(part) for part in bill.natural_key())


BILLS = Resource(
    "bills",
    "bills",
    frozenset({"as_of"}),
    (
        ("id", bill_id),
        ("legislature", lambda b: b.legislature.code),
        ("congress", lambda b: b.congress),
        ("bill_type", lambda b: b.bill_type),
        ("number", lambda b: b.number),
        ("title", lambda b: b.title),
        ("sponsor", lambda b: b.sponsor.slug if b.sponsor else ""),
        ("introduced_on", lambda b: iso(b.introduced_on)),
        ("url", lambda b: b.url),
        SOURCES,
        NOTES,
    ),
    select=("legislature", "sponsor"),
    prefetch=("sources",),
)

BILL_ACTIONS = Resource(
    "bill_actions",
    "bill_actions",
    frozenset({"as_of"}),
    (
        ("bill", lambda a: bill_id(a.bill)),
        ("chamber", lambda a: a.chamber),
        ("action_type", lambda a: a.action_type),
        ("date", lambda a: iso(a.date)),
        ("description", lambda a: a.description),
        ("roll_call", lambda a: a.roll_call),
        ("yeas", lambda a: a.yeas),
        ("nays", lambda a: a.nays),
        ("present", lambda a: a.present),
        ("not_voting", lambda a: a.not_voting),
        SOURCES,
        NOTES,
    ),
    select=("bill__legislature",),
    prefetch=("sources",),
)

# Reference tables (filters=frozenset(): only a whole-database export writes them).
SOURCES_TABLE = Resource(
    "sources",
    "sources",
    frozenset(),
    (
        ("key", lambda s: s.key),
        ("title", lambda s: s.title),
        ("publisher", lambda s: s.publisher),
        ("kind", lambda s: s.kind),
        ("url", lambda s: s.url),
        ("published_on", lambda s: iso(s.published_on)),
        ("accessed_on", lambda s: iso(s.accessed_on)),
        ("quote", lambda s: s.quote),
        ("locator", lambda s: s.locator),
    ),
)

STATES = Resource(
    "states",
    "states",
    frozenset(),
    (
        ("code", lambda s: s.code),
        ("alpha3", lambda s: s.alpha3),
        ("name", lambda s: s.name),
        ("official_name", lambda s: s.official_name),
    ),
)

MEASURES = Resource(
    "measures",
    "measures",
    frozenset(),
    (
        ("slug", lambda m: m.slug),
        ("name", lambda m: m.name),
        ("description", lambda m: m.description),
    ),
)

COURTS = Resource(
    "courts",
    "courts",
    frozenset(),
    (
        ("slug", lambda c: c.slug),
        ("name", lambda c: c.name),
        ("abbreviation", lambda c: c.abbreviation),
        ("kind", lambda c: c.kind),
        ("seat_city", lambda c: c.seat_city),
        ("seat_state", lambda c: c.seat_state.code),
        ("founding_treaty", lambda c: c.founding_treaty.slug if c.founding_treaty else ""),
        ("established_on", lambda c: iso(c.established_on)),
        ("is_permanent", lambda c: c.is_permanent),
        ("jurisdiction_summary", lambda c: c.jurisdiction_summary),
        ("enforcement_notes", lambda c: c.enforcement_notes),
        ("url", lambda c: c.url),
        SOURCES,
        NOTES,
    ),
    select=("seat_state", "founding_treaty"),
    prefetch=("sources",),
)

RESOURCES = (
    TARGETS,
    ACTORS,
    DESIGNATIONS,
    PROGRAMS,
    INSTRUMENTS,
    INSTRUMENT_RELATIONS,
    TREATY_ACTIONS,
    POSITIONS,
    COURT_ACTIONS,
    TREATIES,
    REFERRALS,
    BILLS,
    BILL_ACTIONS,
    SOURCES_TABLE,
    STATES,
    MEASURES,
    COURTS,
)


def resources_for(selection):
    """The resources an export with these filters writes (all of them when no filter is given)."""
    given = selection.given
    return [resource for resource in RESOURCES if not given or resource.filters & given]
