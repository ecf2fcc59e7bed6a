"""Write a release into the database: add, update, leave unchanged, and delist what is gone.

Idempotent (a second import of the same release finds every record unchanged) and atomic (the caller
wraps it in one transaction). Entries are processed in chunks so that memory does not grow with the
file: what the delisting needs of earlier chunks, the (actor, program) pairs seen, is kept in a temporary
table (``SeenTable``).

An import remembers the digest of the bytes it read (``ListImport``): the same bytes imported again, with
no record changed since, report what a full import would (everything unchanged) without being read.
"""

import gc
import itertools
from collections import Counter, defaultdict
from contextlib import contextmanager
from typing import NamedTuple

from django.db import connections, router
from django.utils.text import slugify

from core import history
from core.bulk import insert_objects, insert_rows, refresh_statistics
from core.models import Actor, Address, Alias, DataVersion, IdentityDocument, Source, State
from core.models.documents import number_key
from core.screening import index_actors, index_names
from core.scripts import script_of
from sanctions.importers import repeats
from sanctions.importers.curated import CuratedTwins
from sanctions.importers.entries import BIRTH_PLACE_LENGTH, Entry, Rejected
from sanctions.importers.seen import SeenTable
from sanctions.models import Designation, Measure, SanctionProgram

# Lists, each with its own identifiers and its own delisting scope. OFAC publishes two: the SDN list
# and the consolidated (non-SDN) list, in several formats each.
OFAC = {
    "authority": "U.S. Department of the Treasury, Office of Foreign Assets Control (OFAC)",
    "jurisdiction": "US",
    "measures": ["asset-freeze"],
    "code": "{tag}",
}
PUBLISHERS = {
    "ofac-sdn": OFAC,
    "ofac-cons": OFAC,
    "un": {
        "authority": "United Nations Security Council",
        "jurisdiction": None,
        "measures": ["asset-freeze", "travel-ban", "arms-embargo"],
        "code": "UN-{tag}",
    },
    "eu": {
        "authority": "European Union (Council of the EU)",
        "jurisdiction": None,
        "measures": ["asset-freeze"],
        "code": "EU-{tag}",
    },
}
CHUNK = 1000
# Why a value an entry gave was not kept, as the summary says it (its lines are sorted by these).
NO_COUNTRY = "nationality not kept, no country today can be told from it"
NO_ROOM = f"place of birth not kept, {BIRTH_PLACE_LENGTH} characters were full"
NO_GENDER = "gender not kept, read as neither male nor female"
TWO_GENDERS = "gender not kept, the entry gives more than one"


class Summary:
    """Counts by kind of record and outcome, the rejected rows with where they were, and notes."""

    OUTCOMES = ("added", "updated", "delisted", "unchanged", "rejected")

    def __init__(self):
        self.counts = defaultdict(Counter)
        self.rejected = []
        self.notes = []  # what the run did not do, and why

    def count(self, kind, outcome, n=1):
        self.counts[kind][outcome] += n

    def lines(self):
        yield f"{'':14}" + "".join(f"{o:>11}" for o in self.OUTCOMES)
        for kind in sorted(self.counts):
            yield f"{kind:14}" + "".join(f"{self.counts[kind][o]:>11}" for o in self.OUTCOMES)
        for rejection in self.rejected:
            yield f"rejected: {rejection}"
        yield from self.notes


def actor_slug(publisher, uid):
    return f"{publisher}-{slugify(uid)}"[:120]


def reference_of(publisher, entry):
    return f"{publisher.upper()}:{entry.uid}" + (f" ({entry.reference})" if entry.reference else "")


def too_long(entry):
    """A ``Rejected`` for an entry whose primary name does not fit its column; None otherwise.

    Cutting it would store a name nobody wrote (real ones are far shorter). Over-long aliases are still cut:
    the UN list has a 324-character one that runs a list of spellings together.
    """
    if isinstance(entry, Rejected):
        return None
    longest = Actor._meta.get_field("name").max_length
    if len(entry.name) > longest:
        return Rejected(entry.where, f"a name longer than {longest} characters")
    return None


@contextmanager
def _earlier_objects_frozen():
    """Keep the objects made before an import (Django's, the modules', the caches') out of the garbage collector's
    full collections while it runs. An import makes hundreds of thousands of objects, and every so many of them
    set off a collection that walked all the earlier ones too: 0.44 s of the 2019 OFAC CSV's 4.5 s, 0.04 s once
    they were frozen. A caller that froze objects itself keeps them frozen."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class MissingReferenceData(Exception):
    """The states or measures that imports map the lists onto are not in the database (its fixtures were not
    loaded): the import stops rather than write a release without its countries or measures, which a repeat of
    the same file would not bring back."""


LOAD_FIXTURES = "load the fixtures first (`make setup-db`, or `manage.py loaddata fixtures/*.json`)"


class Sync:
    def __init__(self, release, *, summary=None, progress=None):
        self.release = release
        self.config = PUBLISHERS[release.publisher]
        self.summary = summary or Summary()
        self.progress = progress
        self.seen = None  # the actors and designations read so far (``SeenTable``), from the start of the run
        self.not_kept = {}  # (why, value as written) -> where: what an entry gave that was imported without it
        self.repeated = False  # whether a uid came again in a later chunk
        self.curated = CuratedTwins(f"{publisher}-" for publisher in PUBLISHERS)
        self.twins = []  # new actors named like a curated one under the same program
        # Every program, in one query rather than one per tag the release uses (a few hundred rows).
        self.programs = {program.code: program for program in SanctionProgram.objects.all()}
        self.states, self.measures = self._reference_data()
        self.source = self._source()

    def _reference_data(self):
        """Every state's id by its ISO code, and the ids of the publisher's measures (every program and designation
        of the release takes them); ``MissingReferenceData`` when the fixtures that hold them were not loaded."""
        states = dict(State.objects.values_list("code", "pk"))
        if not states:
            raise MissingReferenceData(
                f"No states in the database: {LOAD_FIXTURES}. Without them every country the release names would be "
                "lost."
            )
        if (jurisdiction := self.config["jurisdiction"]) and jurisdiction not in states:
            raise MissingReferenceData(
                f"The list's jurisdiction, {jurisdiction}, is not among the states in the database: {LOAD_FIXTURES}."
            )
        measures = dict(Measure.objects.filter(slug__in=self.config["measures"]).values_list("slug", "pk"))
        if missing := [slug for slug in self.config["measures"] if slug not in measures]:
            raise MissingReferenceData(
                f"Measures missing from the database: {', '.join(missing)}: {LOAD_FIXTURES}. Without them the "
                "release's programs and designations would lack them."
            )
        return states, sorted(measures.values())

    def _source(self):
        release = self.release
        key = slugify(f"import-{release.publisher}-{release.title}-{release.published_on}")[:100]
        source, _ = Source.objects.get_or_create(
            key=key,
            defaults={
                "title": release.title,
                "publisher": self.config["authority"],
                "kind": Source.Kind.DATASET,
                "url": release.url,
                "published_on": release.published_on,
            },
        )
        return source

    def run(self):
        with _earlier_objects_frozen():
            return self._run()

    def _run(self):
        if repeats.reported(self.source, self.release, self.summary, self.progress) is not None:
            return self.summary  # these very bytes, imported before: reading them again would change nothing
        newer = repeats.newer_release(self.release.publisher, self.release.published_on)
        if newer and not self.release.partial:
            raise Rejected(
                self.release.title,
                f"older than the release of {newer} already imported, which it would partly undo: what it lacks "
                "would be delisted as of its date (--partial imports it without delisting)",
            )
        self.seen = SeenTable(connections[router.db_for_write(Designation)])
        valid = read = 0
        for chunk in _chunks(self.release.entries, CHUNK):
            entries = []
            for item in chunk:
                item = too_long(item) or item
                if isinstance(item, Rejected):
                    self.summary.count("row", "rejected")
                    self.summary.rejected.append(str(item))
                else:
                    entries.append(item)
                    for written in item.unplaced:
                        self.not_kept.setdefault((NO_COUNTRY, written), []).append(item.where)
                    for place in item.birth_places_left_out:
                        self.not_kept.setdefault((NO_ROOM, place), []).append(item.where)
                    for written in item.genders_unread:
                        self.not_kept.setdefault((NO_GENDER, written), []).append(item.where)
                    if item.genders_disagreeing:
                        self.not_kept.setdefault((TWO_GENDERS, item.genders_disagreeing), []).append(item.where)
            valid += len(entries)
            read += len(chunk)
            self._sync_chunk(entries)
            if self.progress is not None:
                self.progress.update(len(chunk))
        if not valid:
            # An empty, garbled or misnamed file would otherwise read as a release that delisted everyone.
            raise Rejected(self.release.title, "holds no valid entry")
        if not self.release.partial:
            counts = self.summary.counts
            refresh_statistics(
                connections[router.db_for_write(Designation)],
                {Actor: counts["actor"]["added"], Designation: counts["designation"]["added"]},
            )
            self._delist_missing()
        for warning in self.release.warnings:
            self.summary.rejected.append(warning)
        self.summary.notes += self.twins + self._not_kept_notes()
        if any(self.summary.counts[kind][o] for kind in self.summary.counts for o in ("added", "updated", "delisted")):
            DataVersion.bump()
        self._remember(read)
        self.seen.drop()
        return self.summary

    # The same release again -----------------------------------------------------------------------------------------
    def _remember(self, read):
        """Store what importing the same bytes again will report, unless a uid came twice in different chunks:
        its second entry overwrote the first, so that every import of the release changes it again."""
        if not self.release.digest or self.repeated:
            return
        repeats.remember(
            self.source, self.release.digest, read, self.summary, ("actor", "designation"), self._not_kept_notes()
        )

    def _not_kept_notes(self):
        """A line per value imported without it (a nationality that tells no country today, a place of birth the
        column had no room left for, a gender read as neither or as both), with where it was written."""
        lines = []
        for (why, written), places in sorted(self.not_kept.items()):
            more = f" and {len(places) - 1} more" if len(places) > 1 else ""
            lines.append(f"{why}: {written!r} ({places[0]}{more})")
        return lines

    # Actors ------------------------------------------------------------------------------------------------------
    def _sync_chunk(self, entries):
        publisher = self.release.publisher
        by_slug = {actor_slug(publisher, e.uid): e for e in entries}
        existing = {actor.slug: actor for actor in Actor.objects.filter(slug__in=by_slug)}
        known = self._details([actor.pk for actor in existing.values()])
        # What each entry's aliases, addresses, documents and nationalities are in the database's terms, worked
        # out once: compared with what an actor has, and written as they are when it is new or changed.
        wanted = {slug: self._wanted(entry) for slug, entry in by_slug.items()}
        new, changed, changed_fields = [], [], set()
        for slug, entry in by_slug.items():
            actor = existing.get(slug)
            fields = {
                "kind": entry.kind,
                "name": entry.name[:300],
                "birth_date": entry.birth_date,
                "birth_date_precision": entry.birth_date_precision if entry.birth_date else "",
                "birth_place": entry.birth_place,
                "gender": entry.gender,
                "description": entry.description,
            }
            if actor is None:
                new.append(Actor(slug=slug, **fields))
                continue
            same = all(getattr(actor, k) == v for k, v in fields.items()) and all(
                set(known[name][actor.pk]) == set(values) for name, values in wanted[slug]._asdict().items()
            )
            if same:
                self.summary.count("actor", "unchanged")
            else:
                changed_fields.update(k for k, v in fields.items() if getattr(actor, k) != v)
                for k, v in fields.items():
                    setattr(actor, k, v)
                changed.append(actor)
        # Their history rows are written once their nationalities and sources are, so that the rows hold them.
        insert_objects(new, Actor)
        if changed_fields:  # none when only their aliases, addresses, documents or nationalities changed
            Actor.objects.bulk_update(changed, sorted(changed_fields), batch_size=CHUNK)
        self.summary.count("actor", "added", len(new))
        self.summary.count("actor", "updated", len(changed))
        if new or changed:
            self._write_details(new, changed, wanted, known)
        # New actors are indexed from the names at hand; changed ones from the database, which drops their old keys.
        index_names(
            {
                actor.pk: (
                    actor.name,
                    [name for name, *_ in wanted[actor.slug].aliases],
                    actor.kind == Actor.Kind.ORGANISATION,
                )
                for actor in new
            }
        )
        if changed:
            index_actors([actor.pk for actor in changed])
        history.record_created(
            new,
            Actor,
            relations=created_relations(
                Actor,
                {
                    actor.pk: {
                        "sources": [self.source.pk],
                        "nationalities": sorted(self.states[code] for code in wanted[actor.slug].nationalities),
                    }
                    for actor in new
                },
            ),
        )
        history.record_changed(changed, Actor)
        actors = {**existing, **{actor.slug: actor for actor in new}}
        self.repeated = self.seen.add_actors(actor.pk for actor in actors.values()) or self.repeated
        self._sync_designations(actors, by_slug, set(existing))
        for actor in new:  # their programs are all in ``self.programs`` now
            entry = by_slug[actor.slug]
            programs = [self._program(tag) for tag in dict.fromkeys(entry.programs)]
            self.twins += self.curated.notes(actor.slug, entry, programs)

    def _details(self, ids):
        """The aliases, addresses and documents (``CHILDREN``) of these actors, by actor id, as ``{values: id}`` (their
        unique constraints keep two rows of an actor from holding the same values), and their nationality codes as
        sets by actor id; a query each.

        Read as values: a prefetch builds a related manager and a queryset per actor and relation, which
        was most of the time of an import that changes nothing.
        """
        known = {name: defaultdict(dict) for name in self.CHILDREN}
        known["nationalities"] = defaultdict(set)
        if not ids:
            return known
        for name, (model, fields) in self.CHILDREN.items():
            for pk, actor_id, *values in model.objects.filter(actor_id__in=ids).values_list("pk", "actor_id", *fields):
                known[name][actor_id][tuple(values)] = pk
        links = Actor.nationalities.through.objects.filter(actor_id__in=ids).values_list("actor_id", "state__code")
        for actor_id, code in links:
            known["nationalities"][actor_id].add(code)
        return known

    def _wanted(self, entry):
        return Wanted(
            self._wanted_aliases(entry),
            self._wanted_addresses(entry),
            self._wanted_documents(entry),
            self._nationalities(entry),
        )

    @staticmethod
    def _wanted_aliases(entry):
        """One alias per distinct name (the first given wins), as the database keeps them (``ALIAS_FIELDS``), by
        name: its script read off its letters, its language when the list gives one."""
        wanted = {}
        for name, kind, *language in entry.aliases:
            if name and name[:300] != entry.name[:300]:
                wanted.setdefault(name[:300], (kind, script_of(name), language[0][:8] if language else ""))
        return [(name, *wanted[name]) for name in sorted(wanted)]

    ADDRESS_FIELDS = ("full", "street", "city", "region", "postal_code", "country_id", "note")

    def _wanted_addresses(self, entry):
        """One address per distinct line (the first given wins), cut to the columns, as the database keeps them,
        by line."""
        wanted = {}
        for found in entry.addresses:
            full = found.full[:600]
            wanted.setdefault(
                full,
                (
                    full,
                    found.street[:300],
                    found.city[:200],
                    found.region[:200],
                    found.postal_code[:50],
                    self.states.get(found.country),
                    found.note[:500],
                ),
            )
        return [wanted[full] for full in sorted(wanted)]

    DOCUMENT_FIELDS = (
        "kind",
        "number",
        "number_key",
        "type_as_written",
        "country_id",
        "issued_on",
        "expires_on",
        "note",
    )

    ALIAS_FIELDS = ("name", "kind", "script", "language")

    # The records an actor has several of, by their name in ``Wanted``: their model and the columns compared.
    CHILDREN = {
        "aliases": (Alias, ALIAS_FIELDS),
        "addresses": (Address, ADDRESS_FIELDS),
        "documents": (IdentityDocument, DOCUMENT_FIELDS),
    }

    def _wanted_documents(self, entry):
        """One document per kind and number however spaced or punctuated ('BTEJIRTH' and 'BTEJ IR TH' are one
        bank's code, which a search by number would find twice), cut to the columns, as the database keeps them.

        Of two spellings, the one written as its key wins, else the lower, whatever the order the entry gives
        them in: two formats of one list giving them in turn would otherwise change the actor at each import. Of
        one number given twice, the first wins.
        """
        wanted = {}
        for found in entry.documents:
            number = found.number[:200]
            key = number_key(number)
            known = wanted.get((found.kind, key))
            if known is None or (number != key, number) < (known[1] != key, known[1]):
                wanted[found.kind, key] = (
                    found.kind,
                    number,
                    key,
                    found.type_as_written[:200],
                    self.states.get(found.country),
                    found.issued_on,
                    found.expires_on,
                    found.note[:500],
                )
        return [wanted[key] for key in sorted(wanted)]

    def _nationalities(self, entry):
        return [code for code in dict.fromkeys(entry.nationalities) if code in self.states]

    def _write_details(self, new, changed, wanted, known):
        """Write the aliases, addresses, documents, nationalities and source of new and changed actors. A changed
        actor keeps the aliases, addresses and documents it still has (``known``): those no longer wanted are
        deleted, those it lacks are added, so that its history records what changed and nothing else."""
        ids = [a.pk for a in changed]
        if ids:
            Actor.nationalities.through.objects.filter(actor_id__in=ids).delete()
        touched = new + changed
        for name, (model, fields) in self.CHILDREN.items():
            doomed = []
            for actor in changed:
                kept = set(getattr(wanted[actor.slug], name))
                doomed += [pk for values, pk in known[name][actor.pk].items() if values not in kept]
            history.bulk_delete(model, doomed)  # the run bumps the data version; the actors are indexed below
            rows = insert_objects(
                [
                    model(actor_id=actor.pk, **dict(zip(fields, values, strict=True)))
                    for actor in touched
                    for values in getattr(wanted[actor.slug], name)
                    if values not in known[name][actor.pk]
                ],
                model,
            )
            history.record_created(rows, model)
        through = Actor.nationalities.through
        insert_rows(
            connections[router.db_for_write(through)],
            through._meta.db_table,
            [through._meta.get_field("actor").column, through._meta.get_field("state").column],
            [(actor.pk, self.states[code]) for actor in touched for code in wanted[actor.slug].nationalities],
        )
        link(Actor.sources.through, "actor", "source", [self.source.pk], [a.pk for a in new], ids)

    def _cite(self, model, own, created, updated):
        """The release's source and the publisher's measures for programs or designations just created or
        updated."""
        link(model.sources.through, own, "source", [self.source.pk], created, updated)
        link(model.measures.through, own, "measure", self.measures, created, updated)

    # Designations ------------------------------------------------------------------------------------------------
    def _program(self, tag):
        return self.programs[self._code(tag)]

    def _code(self, tag):
        return self.config["code"].format(tag=tag)[:50]

    def _add_programs(self, tags):
        """Create, in bulk, the programs of these tags that the database does not hold yet, citing the release
        and with the publisher's measures: one ``get_or_create`` and two link writes per new program, with
        their signals, cost over a second of a first import of the 2019 OFAC list (49 programs)."""
        authority, jurisdiction = self.config["authority"], self.states.get(self.config["jurisdiction"])
        new = {}
        for tag in tags:
            code = self._code(tag)
            if code not in self.programs and code not in new:
                new[code] = SanctionProgram(
                    code=code, name=f"{tag} ({authority})", authority=authority, jurisdiction_id=jurisdiction
                )
        if not new:
            return
        created = insert_objects(new.values(), SanctionProgram)
        ids = [program.pk for program in created]
        self._cite(SanctionProgram, "sanctionprogram", ids, [])
        history.record_created(
            created,
            SanctionProgram,
            relations=created_relations(
                SanctionProgram, {pk: {"sources": [self.source.pk], "measures": self.measures} for pk in ids}
            ),
        )
        self.programs.update(new)
        self.summary.count("program", "added", len(created))

    def _sync_designations(self, actors, by_slug, existing):
        """``existing``: the slugs of the actors that were in the database before this chunk (only they can
        have designations)."""
        active = defaultdict(list)
        ids = [actors[slug].pk for slug in existing]
        for designation in Designation.objects.filter(actor_id__in=ids).select_related("program") if ids else ():
            active[designation.actor_id, designation.program.code].append(designation)
        self._add_programs(tag for entry in by_slug.values() for tag in entry.programs)
        new, changed, pairs = [], [], []
        for slug, entry in by_slug.items():
            actor = actors[slug]
            reference = reference_of(self.release.publisher, entry)[:100]
            for tag in dict.fromkeys(entry.programs):
                program = self._program(tag)
                pairs.append((actor.pk, program.pk))
                current = [d for d in active[actor.pk, program.code] if d.delisted_on is None]
                if not current:
                    listed = entry.listed_on or self.release.published_on
                    if any(d.listed_on == listed for d in active[actor.pk, program.code]):
                        listed = self.release.published_on  # relisted after a delisting
                    new.append(
                        Designation(actor_id=actor.pk, program_id=program.pk, listed_on=listed, reference=reference)
                    )
                    continue
                designation = current[0]
                wanted_listed = entry.listed_on or designation.listed_on
                if (designation.reference, designation.listed_on) != (reference, wanted_listed):
                    designation.reference, designation.listed_on = reference, wanted_listed
                    changed.append(designation)
                else:
                    self.summary.count("designation", "unchanged")
        self.seen.add_pairs(dict.fromkeys(pairs))
        insert_objects(new, Designation)
        if changed:
            Designation.objects.bulk_update(changed, ["reference", "listed_on"], batch_size=CHUNK)
        self.summary.count("designation", "added", len(new))
        self.summary.count("designation", "updated", len(changed))
        self._cite(Designation, "designation", [d.pk for d in new], [d.pk for d in changed])
        # After their sources and measures, which the rows hold.
        history.record_created(
            new,
            Designation,
            relations=created_relations(
                Designation, {d.pk: {"sources": [self.source.pk], "measures": self.measures} for d in new}
            ),
        )
        history.record_changed(changed, Designation)

    def _delist_missing(self):
        """Delist the active designations of this publisher's actors that the release no longer pairs, a chunk
        at a time: each chunk, once delisted, leaves the query."""
        prefix = f"{self.release.publisher}-"
        still = Designation.objects.filter(
            actor__slug__startswith=prefix, delisted_on__isnull=True, listed_on__lte=self.release.published_on
        )
        gone = 0
        while designations := list(self.seen.unlisted(still).order_by("pk")[:CHUNK]):
            for designation in designations:
                designation.delisted_on = self.release.published_on
            history.bulk_update(designations, Designation, ["delisted_on"], batch_size=CHUNK)
            gone += len(designations)
        self.summary.count("designation", "delisted", gone)


class Wanted(NamedTuple):
    """An entry's aliases (``Sync.ALIAS_FIELDS`` values, by name), addresses (``Sync.ADDRESS_FIELDS`` values, by
    line), documents (``Sync.DOCUMENT_FIELDS`` values, by kind and number key) and nationality codes,
    deduplicated and cut to their columns as the database keeps them."""

    aliases: list
    addresses: list
    documents: list
    nationalities: list


def link(through, own, other, targets, created, updated):
    """Link records to ``targets`` (ids) through a many-to-many table: records just created have no link yet, so
    theirs are written as they are (COPY on PostgreSQL); an updated record may have some."""
    connection = connections[router.db_for_write(through)]
    columns = [through._meta.get_field(own).column, through._meta.get_field(other).column]
    insert_rows(connection, through._meta.db_table, columns, [(pk, t) for pk in created for t in targets])
    if updated:
        through.objects.bulk_create(
            [through(**{f"{own}_id": pk, f"{other}_id": t}) for pk in updated for t in targets],
            ignore_conflicts=True,
        )


def created_relations(model, known):
    """History relations (as ``history.relations_of`` gives them) of records just created, from the links
    written with them: ``{pk: {field name: ids}}``; a field not named has no link yet."""
    fields = [field.name for field in history.versioned_relations(model)]
    return {pk: {name: values.get(name, []) for name in fields} for pk, values in known.items()}


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


__all__ = ["Entry", "Rejected", "Summary", "Sync"]
