"""Federal Register executive orders: the site's CSV export and its API's JSON documents.

Each order becomes a ``LegalInstrument`` (kind executive order, keyed by number); the disposition notes
('Revokes: EO 13928, June 11, 2020', 'Revoked by: ...', 'Amends:', 'Amended by:', 'Supersedes:',
'Superseded by:') become typed ``InstrumentRelation`` rows once both orders are in the database.
"""

import csv
import datetime
import json
import re
from pathlib import Path

from django.core.exceptions import ValidationError

from core import history
from core.bulk import insert_objects
from core.models import Actor, DataVersion, Source, State
from sanctions.importers import repeats
from sanctions.importers.common import check_cells
from sanctions.importers.entries import Rejected
from sanctions.importers.sync import (
    CHUNK,
    LOAD_FIXTURES,
    MissingReferenceData,
    Summary,
    created_relations,
    link,
)
from sanctions.models import InstrumentRelation, LegalInstrument

NOTE = re.compile(
    r"^(Revokes|Revoked by|Amends|Amended by|Supersedes|Superseded by|Supplements|Supplemented by)\s*:\s*(.*)$", re.I
)
TITLE_LENGTH = LegalInstrument._meta.get_field("title").max_length
EO_NUMBER = re.compile(r"\bEO (\d{4,5})\b")
# note -> (relation type, whether this order is the one acting)
RELATIONS = {
    "revokes": ("revokes", True), "revoked by": ("revokes", False),
    "amends": ("amends", True), "amended by": ("amends", False),
    "supersedes": ("supersedes", True), "superseded by": ("supersedes", False),
    "supplements": ("amends", True), "supplemented by": ("amends", False),
}  # fmt: skip
FIELDS = ("title", "signing_date", "publication_date", "citation", "document_number", "url")


def _date(text):
    text = (text or "").strip()
    if not text:
        return None
    if re.match(r"\d{2}/\d{2}/\d{4}$", text):
        month, day, year = text.split("/")
        return datetime.date(int(year), int(month), int(day))
    return datetime.date.fromisoformat(text[:10])


def csv_orders(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            for number, row in enumerate(reader, start=2):
                where = f"{Path(path).name} line {number}"
                check_cells([*(v for v in row.values() if isinstance(v, str)), *(row.get(None) or [])])
                if None in row or None in row.values():  # DictReader's marks of extra or missing cells
                    columns = len(reader.fieldnames)
                    yield where, Rejected(where, f"not as many cells as the header has columns ({columns})")
                    continue
                yield (
                    where,
                    {
                        "number": (row.get("executive_order_number") or row.get("number") or "").strip(),
                        "title": (row.get("title") or "").strip(),
                        "signing_date": row.get("signing_date"),
                        "publication_date": row.get("publication_date"),
                        "citation": (row.get("citation") or "").strip(),
                        "document_number": (row.get("document_number") or "").strip(),
                        "url": (row.get("html_url") or "").strip(),
                        "notes": row.get("disposition_notes") or row.get("notes") or "",
                    },
                )
        except csv.Error as error:  # e.g. a field over the csv module's limit
            raise Rejected(f"{Path(path).name} line {reader.line_num}", f"cannot be read as CSV: {error}") from error


def _text(doc, *keys):
    """The first of ``keys`` that ``doc`` has, as text; a list or an object there is not a value we can take."""
    for key in keys:
        value = doc.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str | int):
            raise ValueError(f"{key} is not a text or a number")
        return str(value).strip()
    return ""


# The fields of a Federal Register API document that this importer reads: an object with none is no document.
DOCUMENT_KEYS = {
    "executive_order_number",
    "title",
    "signing_date",
    "publication_date",
    "citation",
    "document_number",
    "html_url",
    "executive_order_notes",
    "disposition_notes",
    "president",
}


def json_orders(path):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except RecursionError as error:
        raise ValueError("nested too deeply to be a Federal Register document") from error
    if isinstance(data, dict) and "results" not in data and not DOCUMENT_KEYS.intersection(data):
        # e.g. a misspelt "results": read as one document, it would only be rejected for lacking a number.
        keys = ", ".join(map(repr, sorted(data)[:5])) or "none"
        raise Rejected(
            Path(path).name,
            f"is neither a Federal Register document nor a list of them (an object whose keys are {keys})",
        )
    documents = data.get("results", [data]) if isinstance(data, dict) else data
    if not isinstance(documents, list):
        raise Rejected(Path(path).name, "is neither a Federal Register document nor a list of them")
    for i, doc in enumerate(documents):
        where = f"{Path(path).name} document {i + 1}"
        if not isinstance(doc, dict):
            yield where, Rejected(where, "is not a document (a JSON object)")
            continue
        try:
            president = doc.get("president") or {}
            yield (
                where,
                {
                    "number": _text(doc, "executive_order_number"),
                    "title": _text(doc, "title"),
                    "signing_date": _text(doc, "signing_date"),
                    "publication_date": _text(doc, "publication_date"),
                    "citation": _text(doc, "citation"),
                    "document_number": _text(doc, "document_number"),
                    "url": _text(doc, "html_url"),
                    "notes": _text(doc, "executive_order_notes", "disposition_notes"),
                    "president": _text(president, "identifier") if isinstance(president, dict) else None,
                },
            )
        except ValueError as error:
            yield where, Rejected(where, str(error))


class FederalRegister:
    publisher = "federal-register"

    def __init__(self, kind):
        self.kind = kind
        self.title = {
            "csv": "Federal Register executive orders (CSV export)",
            "json": "Federal Register API documents",
        }[kind]

    def release(self, paths, *, release_date=None):
        from sanctions.importers.entries import Release
        from sanctions.importers.formats import digest  # which imports this module

        for path in paths:
            if not Path(path).exists():
                raise OSError(f"no such file: {path}")
        published = release_date or datetime.date.fromtimestamp(Path(paths[0]).stat().st_mtime)
        return Release(
            self.publisher,
            f"{self.title}: {', '.join(Path(p).name for p in paths)}",
            published,
            entries=paths,
            digest=digest([Path(p) for p in paths]),
        )

    def load(self, release, progress=None):
        us = State.objects.filter(code="US").first()
        if us is None:  # the fixtures not loaded: an order's jurisdiction is not nullable
            raise MissingReferenceData(f"The United States is not among the states in the database: {LOAD_FIXTURES}.")
        summary = Summary()
        source, _ = Source.objects.get_or_create(
            # The API's files keyed apart from the export's: 'fr.json' must not cite the source of an earlier 'fr.csv'.
            key=f"import-federal-register-{'json-' if self.kind == 'json' else ''}"
            f"{'-'.join(Path(p).stem for p in release.entries)}"[:100],
            defaults={
                "title": release.title,
                "publisher": "Federal Register (Office of the Federal Register, NARA)",
                "kind": Source.Kind.DATASET,
                "url": "https://www.federalregister.gov/",
                "published_on": release.published_on,
            },
        )
        # The exports disagree on some orders' dates and document numbers, and the last one read wins: the same
        # bytes read again after a later release would undo it, so that a sequence of imports run twice would
        # change records on each run. As for the lists, the same bytes are then reported, not read.
        if repeats.reported(source, release, summary, progress) is not None:
            return summary
        if source.published_on != release.published_on:  # the same files, given another date
            source.published_on = release.published_on
            source.save(update_fields=["published_on"])
        reader = csv_orders if self.kind == "csv" else json_orders
        links, done, read, batch, unsigned = [], set(), 0, [], {}
        for path in release.entries:
            for where, order in reader(path):
                read += 1
                if progress is not None:
                    progress.update(1)
                # A refusal joins the batch in its place, so that the summary lists them all in line order,
                # with those the batch's validation finds.
                if isinstance(order, Rejected):
                    pass  # refused by the reader already
                elif not order["number"].isdigit():
                    order = Rejected(where, "no executive order number")
                elif order["number"] in done:  # e.g. an order and its correction: the order's row comes first
                    order = Rejected(where, f"EO {order['number']} again (document {order['document_number']})")
                else:
                    done.add(order["number"])
                    # The Federal Register's own seed table has no titles; a later export fills them in.
                    order["title"] = order["title"] or f"Executive Order {order['number']}"
                batch.append((where, order))
                if len(batch) == CHUNK:
                    links += self._orders(batch, us, source, summary, unsigned)
                    batch = []
        links += self._orders(batch, us, source, summary, unsigned)
        if not read:
            raise Rejected(release.title, "holds no executive order")
        for president, orders in sorted(unsigned.items()):
            more = f" and {len(orders) - 1} more" if len(orders) > 1 else ""
            summary.notes.append(f"signer not kept, no actor '{president}' in the database: {orders[0]}{more}")
        self._relations(links, source, summary)
        if (
            summary.counts["instrument"]["added"]
            or summary.counts["instrument"]["updated"]
            or summary.counts["relation"]["added"]
        ):
            DataVersion.bump()
        repeats.remember(source, release.digest, read, summary, ("instrument", "relation"), summary.notes)
        return summary

    def _orders(self, batch, us, source, summary, unsigned):
        """Add or update the orders of ``batch`` (``(where, order)`` pairs, or ``(where, Rejected)`` for a row
        refused as it was read), a few queries for all of them: each was saved, cited and validated on its own,
        with its signals, about 25 queries an order. Return the links its disposition notes name, for the orders
        kept. An order whose president is no actor in the database goes into ``unsigned`` (slug -> orders)."""
        numbers = [order["number"] for _, order in batch if not isinstance(order, Rejected)]
        kind = LegalInstrument.Kind.EXECUTIVE_ORDER
        existing = {i.number: i for i in LegalInstrument.objects.filter(kind=kind, number__in=numbers)}
        # A slug taken by another record (not this order under its number) refuses the order, as validation did.
        taken = set(
            LegalInstrument.objects.filter(slug__in=[f"eo-{n}" for n in numbers if n not in existing]).values_list(
                "slug", flat=True
            )
        )
        presidents = {o["president"] for _, o in batch if not isinstance(o, Rejected) and o.get("president")}
        signers = dict(Actor.objects.filter(slug__in=presidents).values_list("slug", "pk")) if presidents else {}
        new, changed, fields, links = [], [], set(), []
        for where, order in batch:
            if isinstance(order, Rejected):
                summary.count("instrument", "rejected")
                summary.rejected.append(str(order))
                continue
            if len(order["title"]) > TITLE_LENGTH:
                summary.notes.append(
                    f"{where}: EO {order['number']}'s title not kept, {len(order['title'])} characters where its "
                    f"column holds {TITLE_LENGTH}"
                )
            try:
                instrument, updated = self._order(order, existing.get(order["number"]), us, signers)
                if instrument.pk is None and instrument.slug in taken:
                    raise ValidationError({"slug": "Legal instrument with this Slug already exists."})
                if instrument.pk is None or updated:  # what is written; a record left as it is stays unjudged
                    # A query or more each, left out: the number and the slug are unique (``existing``, ``taken``
                    # and ``done``), clean() checks the order of the dates, and the State and the signer were read
                    # from the database.
                    instrument.full_clean(
                        exclude=["jurisdiction", "issued_by"], validate_unique=False, validate_constraints=False
                    )
            except (ValueError, TypeError, ValidationError) as error:
                summary.count("instrument", "rejected")
                summary.rejected.append(f"{where}: {error}")
                continue
            if instrument.pk is None:
                new.append(instrument)
            elif updated:
                changed.append(instrument)
                fields |= updated
            else:
                summary.count("instrument", "unchanged")
            if order.get("president") and order["president"] not in signers:
                unsigned.setdefault(order["president"], []).append(f"EO {order['number']} ({where})")
            for line in order["notes"].splitlines():
                match = NOTE.match(line.strip())
                if match:
                    relation, acting = RELATIONS[match.group(1).lower()]
                    for other in EO_NUMBER.findall(match.group(2)):
                        pair = (order["number"], other) if acting else (other, order["number"])
                        links.append((*pair, relation, where))
        insert_objects(new, LegalInstrument)
        if changed:
            LegalInstrument.objects.bulk_update(changed, sorted(fields), batch_size=CHUNK)
        through = LegalInstrument.sources.through
        link(through, "legalinstrument", "source", [source.pk], [i.pk for i in new], [i.pk for i in changed])
        history.record_created(
            new,
            LegalInstrument,
            relations=created_relations(LegalInstrument, {i.pk: {"sources": [source.pk]} for i in new}),
        )
        history.record_changed(changed, LegalInstrument)
        summary.count("instrument", "added", len(new))
        summary.count("instrument", "updated", len(changed))
        return links

    @staticmethod
    def _order(order, instrument, us, signers):
        """The order's instrument, new (``instrument`` is None) or the one recorded with the export's values, and
        the names of the fields that changed; nothing written."""
        placeholder = f"Executive Order {order['number']}"
        # A title longer than its column is the export's error (EO 13003's runs on into the order's text): not
        # kept, nor cut mid-word, and the rest of the row is.
        too_long = len(order["title"]) > TITLE_LENGTH
        values = {
            "title": "" if order["title"] == placeholder or too_long else order["title"],
            "signing_date": _date(order["signing_date"]),
            "publication_date": _date(order["publication_date"]),
            "citation": order["citation"][:100],
            "document_number": order["document_number"][:50],
            "url": order["url"][:500],
        }
        if instrument is None:
            instrument = LegalInstrument(
                slug=f"eo-{order['number']}",
                kind=LegalInstrument.Kind.EXECUTIVE_ORDER,
                number=order["number"],
                jurisdiction=us,
                issued_by_id=signers.get(order.get("president")),
                **{**values, "title": values["title"] or placeholder},
            )
            return instrument, set()
        # Values the export leaves empty do not erase what curators recorded.
        changed = {k: v for k, v in values.items() if v and getattr(instrument, k) != v}
        if too_long and instrument.title == order["title"][:300]:  # cut so by this importer until 2026-11-29
            changed["title"] = placeholder
        if order.get("president") and instrument.issued_by_id is None:
            # An order the CSV export (which names no president) added first gets its signer from the API's
            # documents; a signer already recorded is kept.
            if order["president"] in signers:
                changed["issued_by_id"] = signers[order["president"]]
        for k, v in changed.items():
            setattr(instrument, k, v)
        return instrument, {k.removesuffix("_id") for k in changed}

    def _relations(self, links, source, summary):
        numbers = {n for a, b, _, _ in links for n in (a, b)}
        instruments = dict(
            LegalInstrument.objects.filter(kind=LegalInstrument.Kind.EXECUTIVE_ORDER, number__in=numbers).values_list(
                "number", "pk"
            )
        )
        seen, wanted = set(), []
        for acting, acted, relation, where in links:
            if (acting, acted, relation) in seen:
                continue
            seen.add((acting, acted, relation))
            missing = [number for number in dict.fromkeys((acting, acted)) if number not in instruments]
            if missing or acting == acted:
                why = "an order cannot act on itself"
                if missing:
                    verb = "is" if len(missing) == 1 else "are"
                    why = f"{' and '.join(f'EO {n}' for n in missing)} {verb} not in the database"
                summary.count("relation", "rejected")
                summary.rejected.append(f"{where}: EO {acting} {relation} EO {acted}: {why}")
                continue
            wanted.append((instruments[acting], instruments[acted], relation))
        recorded = set(
            InstrumentRelation.objects.filter(source_id__in={acting for acting, _, _ in wanted}).values_list(
                "source_id", "target_id", "relation_type"
            )
        )
        new = [
            InstrumentRelation(source_id=acting, target_id=acted, relation_type=relation)
            for acting, acted, relation in wanted
            if (acting, acted, relation) not in recorded
        ]
        insert_objects(new, InstrumentRelation)
        link(InstrumentRelation.sources.through, "instrumentrelation", "source", [source.pk], [r.pk for r in new], [])
        history.record_created(
            new,
            InstrumentRelation,
            relations=created_relations(InstrumentRelation, {r.pk: {"sources": [source.pk]} for r in new}),
        )
        summary.count("relation", "added", len(new))
        summary.count("relation", "unchanged", len(wanted) - len(new))


__all__ = ["FederalRegister", "Rejected"]
