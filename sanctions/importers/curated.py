"""Curated records a list may be giving again: an entry new to the database, named like an actor a curator
designated under the same program (EO 14203's Karim Khan, when OFAC's SDN list is imported).

The import does not merge them: a list's actor is keyed by the list's identifier, and merging would let a list
overwrite what a curator recorded. It names them in its summary, so that a duplicate target is not silent.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from core import names, screening
from core.models import Actor
from sanctions.models import Designation

# Names at least this alike (``screening.name_similarity``, 0 to 1) are named: 'KHAN, Karim Asad Ahmad' and the
# curated 'Karim A. A. Khan' score 0.85 (1.0 with its alias 'Karim Asad Ahmad Khan').
THRESHOLD = 0.85
# Birth years further apart than this tell two people apart (a list may give several, an entry keeps the first).
BIRTH_YEARS_APART = 1
# The index keys two names must share to be compared: the whole name, or a pair of words or of their skeletons
# ('maria' and 'garcia' are each common, the pair is rare). A name of one word has its word's skeleton too.
STRONG_KEYS = ("n:", "b:", "k:")


@dataclass(frozen=True)
class Curated:
    """A curated actor, with what the comparison needs of it."""

    slug: str
    kind: str
    birth_year: int | None
    names: tuple


def strong_keys(name, organisation):
    found = names.keys(name, organisation=organisation)
    if len(names.tokens(name, organisation=organisation)) == 1:
        return found
    return {key for key in found if key.startswith(STRONG_KEYS)}


class CuratedTwins:
    """The curated actors of each program (those no list's import keys: their slugs start with no list's prefix,
    as the delisting tells a list's actors), read once, at the first new entry; and the new entries named like
    one of them."""

    def __init__(self, list_prefixes):
        self.list_prefixes = tuple(list_prefixes)
        self._actors = None  # {actor id: Curated}
        self._index = None  # {(program id, key): {actor id}}
        self._programs = None  # the ids of the programs that hold a curated actor

    def _read(self):
        imported = Q()
        for prefix in self.list_prefixes:
            imported |= Q(actor__slug__startswith=prefix)
        rows = list(
            Designation.objects.exclude(imported)
            .order_by()
            .values_list("program_id", "actor_id", "actor__slug", "actor__kind", "actor__birth_date")
            .distinct()
        )
        found = screening.names_of({actor_id for _, actor_id, *_ in rows})
        self._actors, self._index = {}, defaultdict(set)
        self._programs = {program_id for program_id, *_ in rows}
        keys = {}  # an actor's keys, once however many programs designate it
        for program_id, actor_id, slug, kind, birth_date in rows:
            if actor_id not in self._actors:
                curated = Curated(slug, kind, birth_date.year if birth_date else None, tuple(found[actor_id]))
                self._actors[actor_id] = curated
                organisation = kind == Actor.Kind.ORGANISATION
                keys[actor_id] = {key for name in curated.names for key in strong_keys(name, organisation)}
            for key in keys[actor_id]:
                self._index[program_id, key].add(actor_id)

    def notes(self, slug, entry, programs):
        """A line for each curated actor designated under one of ``programs`` (``SanctionProgram`` records) whose
        names are like the entry's: the entry's new actor ``slug`` may be that actor listed again."""
        if self._actors is None:
            self._read()
        programs = [program for program in programs if program.pk in self._programs]
        if not programs:  # most entries of a list: its programs hold no curated actor, and its names go unread
            return []
        organisation = entry.kind == Actor.Kind.ORGANISATION
        listed = [entry.name, *(name for name, *_ in entry.aliases)]
        keys = {key for name in listed for key in strong_keys(name, organisation)}
        shared = defaultdict(list)  # curated actor id -> the programs they share
        for program in programs:
            for actor_id in set().union(*(self._index.get((program.pk, key), ()) for key in keys)):
                shared[actor_id].append(program.code)
        born = entry.birth_date.year if entry.birth_date else None
        found = []
        for actor_id, codes in shared.items():
            curated = self._actors[actor_id]
            if curated.kind != entry.kind:
                continue
            if born and curated.birth_year and abs(born - curated.birth_year) > BIRTH_YEARS_APART:
                continue
            score, name, like = max(
                (screening.name_similarity(name, other, organisation), name, other)
                for name in listed
                for other in curated.names
            )
            if score >= THRESHOLD:
                found.append(
                    f"possibly a curated record listed again: {slug} {name!r} ({entry.where}) is named like "
                    f"{curated.slug} {like!r} ({score:.2f}), designated under {' and '.join(codes)} too"
                )
        return sorted(found)
