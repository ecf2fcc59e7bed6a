"""The flat CSV files of an export: one per resource, with stable, documented column names.

Multi-valued cells are joined with ``SEPARATOR`` ('; ', as in the API's CSV). Dates are ISO 8601; an
empty cell is an unknown or absent value. ``targets.csv`` follows OpenSanctions' ``targets.simple.csv``.
Columns are only ever added at the end, so that scripts reading them by position keep working.
"""

from dataclasses import dataclass, field
from operator import attrgetter

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


def document(document):
    """'TYPE NUMBER (COUNTRY)', e.g. 'Passport AD001095 (ZW)': the type as the source wrote it (the kind when it
    wrote none), and the issuing State's code when known."""
    written = f"{document.type_as_written or document.get_kind_display()} {document.number}"
    return f"{written} ({document.country.code})" if document.country else written


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


def attr(name):
    """The column ``name``: the record's attribute of that name, as it is."""
    return name, attrgetter(name)


def date(name):
    """The column ``name``: the record's date of that name, ISO 8601 (empty when unknown)."""
    return name, lambda record: iso(getattr(record, name))


def related(name, key):
    """The column ``name``: the ``key`` of the related record of that name (empty when there is none)."""

    def value(record):
        other = getattr(record, name)
        return "" if other is None else getattr(other, key)

    return name, value


SOURCES = ("sources", lambda r: keys(r.sources))
NOTES = attr("notes")
DOCUMENTS = ("documents", lambda a: joined(document(d) for d in a.documents.all()))

TARGETS = Resource(
    "targets",
    "targets",
    frozenset({"programs", "as_of"}),
    (
        ("id", lambda a: a.slug),
        ("schema", lambda a: SCHEMA_OF_KIND[a.kind]),
        attr("name"),
        ("aliases", lambda a: joined(alias.name for alias in a.aliases.all())),
        ("birth_date", lambda a: iso(a.birth_date)[: {"year": 4, "month": 7}.get(a.birth_date_precision, 10)]),
        ("countries", lambda a: codes(a.nationalities)),
        ("identifiers", lambda a: joined(sorted({d.reference for d in a.designations.all() if d.reference}))),
        ("sanctions", lambda a: joined(sanction(d) for d in a.designations.all())),
        ("first_seen", lambda a: iso(min(_designation_dates(a), default=None))),
        ("last_change", lambda a: iso(max(_designation_dates(a), default=None))),
        ("addresses", lambda a: joined(address.full for address in a.addresses.all())),
        DOCUMENTS,
        attr("birth_place"),  # columns are only ever added at the end
        attr("gender"),
    ),
    prefetch=(
        "nationalities",
        "aliases",
        "addresses__country",  # the JSON Lines children give each address's country
        "documents__country",
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
        attr("kind"),
        attr("name"),
        ("aliases", lambda a: joined(alias.name for alias in a.aliases.all())),
        ("nationalities", lambda a: codes(a.nationalities)),
        date("birth_date"),
        attr("birth_date_precision"),
        attr("description"),
        SOURCES,
        NOTES,
        ("addresses", lambda a: joined(address.full for address in a.addresses.all())),
        DOCUMENTS,
        attr("birth_place"),  # columns are only ever added at the end
        attr("gender"),
    ),
    prefetch=("nationalities", "aliases", "addresses__country", "documents__country", "sources"),
)

DESIGNATIONS = Resource(
    "designations",
    "designations",
    frozenset({"programs", "as_of"}),
    (
        ("id", lambda d: d.pk),
        related("actor", "slug"),
        ("actor_name", lambda d: d.actor.name),
        related("program", "code"),
        date("listed_on"),
        date("effective_on"),
        date("delisted_on"),
        attr("designated_by"),
        ("measures", lambda d: keys(d.measures)),
        attr("reference"),
        attr("basis"),
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
        attr("code"),
        attr("name"),
        attr("authority"),
        related("jurisdiction", "code"),
        attr("status"),
        date("started_on"),
        date("ended_on"),
        ("instruments", lambda p: keys(p.instruments)),
        ("measures", lambda p: keys(p.measures)),
        attr("url"),
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
        attr("slug"),
        attr("kind"),
        attr("number"),
        attr("title"),
        related("jurisdiction", "code"),
        related("issued_by", "slug"),
        date("signing_date"),
        date("publication_date"),
        date("effective_date"),
        attr("citation"),
        attr("document_number"),
        ("authorities", lambda i: keys(i.authorities)),
        ("measures", lambda i: keys(i.measures)),
        attr("url"),
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
        related("source", "slug"),
        attr("relation_type"),
        related("target", "slug"),
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
        related("treaty", "slug"),
        related("state", "code"),
        ("state_name", lambda t: t.state.name),
        attr("action_type"),
        date("date"),
        attr("date_precision"),
        date("effective_date"),
        date("period_start"),
        date("period_end"),
        attr("article"),
        attr("scope"),
        attr("description"),
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
        related("holder", "slug"),
        attr("title"),
        attr("institution"),
        related("state", "code"),
        date("start_date"),
        date("end_date"),
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
        related("court", "slug"),
        attr("kind"),
        related("subject", "slug"),
        date("date"),
        attr("chamber"),
        attr("situation"),
        attr("reference"),
        attr("status"),
        date("status_date"),
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
        attr("slug"),
        attr("title"),
        attr("short_title"),
        date("adopted_on"),
        attr("adopted_at"),
        date("entered_into_force_on"),
        attr("depositary"),
        attr("registration_number"),
        attr("treaty_series"),
        attr("url"),
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
        related("court", "slug"),
        attr("referred_by"),
        related("referring_state", "code"),
        attr("situation"),
        related("territory", "code"),
        attr("resolution"),
        date("date"),
        date("period_start"),
        date("period_end"),
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
        related("legislature", "code"),
        attr("congress"),
        attr("bill_type"),
        attr("number"),
        attr("title"),
        related("sponsor", "slug"),
        date("introduced_on"),
        attr("url"),
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
        attr("chamber"),
        attr("action_type"),
        date("date"),
        attr("description"),
        attr("roll_call"),
        attr("yeas"),
        attr("nays"),
        attr("present"),
        attr("not_voting"),
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
        attr("key"),
        attr("title"),
        attr("publisher"),
        attr("kind"),
        attr("url"),
        date("published_on"),
        date("accessed_on"),
        attr("quote"),
        attr("locator"),
    ),
)

STATES = Resource(
    "states",
    "states",
    frozenset(),
    (
        attr("code"),
        attr("alpha3"),
        attr("name"),
        attr("official_name"),
    ),
)

MEASURES = Resource(
    "measures",
    "measures",
    frozenset(),
    (
        attr("slug"),
        attr("name"),
        attr("description"),
    ),
)

COURTS = Resource(
    "courts",
    "courts",
    frozenset(),
    (
        attr("slug"),
        attr("name"),
        attr("abbreviation"),
        attr("kind"),
        attr("seat_city"),
        related("seat_state", "code"),
        related("founding_treaty", "slug"),
        date("established_on"),
        attr("is_permanent"),
        attr("jurisdiction_summary"),
        attr("enforcement_notes"),
        attr("url"),
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
