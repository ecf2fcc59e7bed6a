"""Curated records a list may be giving again: an entry new to the database, named like an actor a curator
designated under the same program (EO 14203's Karim Khan, when OFAC's SDN list is imported).

The import does not merge them: a list's actor is keyed by the list's identifier, and merging would let a list
overwrite what a curator recorded. It names them in its summary, so that a duplicate target is not silent.
"""

from dataclasses import dataclass

from django.db.models import Q

from core import screening
from core.models import Actor
from sanctions.models import Designation

# Names at least this alike (``screening.name_similarity``, 0 to 1) are named: 'KHAN, Karim Asad Ahmad' and the
# curated 'Karim A. A. Khan' score 0.85 (1.0 with its alias 'Karim Asad Ahmad Khan').
THRESHOLD = 0.85


@dataclass(frozen=True)
class Curated:
    slug: str
    kind: str
    birth_year: int | None
    names: tuple


class CuratedTwins:
    """The curated actors of each program (those no list's import keys: their slugs start with no list's
    prefix), read once, at the first entry that needs them; and the entries named like one of them."""

    def __init__(self, list_prefixes):
        self.list_prefixes = tuple(list_prefixes)
        self._by_program = None

    def _curated(self):
        if self._by_program is None:
            imported = Q()
            for prefix in self.list_prefixes:
                imported |= Q(actor__slug__startswith=prefix)
            rows = list(
                Designation.objects.exclude(imported).values_list(
                    "program_id", "actor_id", "actor__slug", "actor__kind", "actor__birth_date"
                )
            )
            names = screening.names_of({actor_id for _, actor_id, *_ in rows})
            self._by_program = {}
            for program_id, actor_id, slug, kind, birth_date in rows:
                curated = Curated(slug, kind, birth_date.year if birth_date else None, tuple(names[actor_id]))
                if curated not in self._by_program.setdefault(program_id, []):
                    self._by_program[program_id].append(curated)
        return self._by_program

    def notes(self, slug, entry, programs):
        """A line for each curated actor designated under one of ``programs`` (``SanctionProgram`` records) whose
        names are like the entry's: the entry's new actor ``slug`` may be that actor listed again."""
        by_program = self._curated()
        found = []
        organisation = entry.kind == Actor.Kind.ORGANISATION
        listed = [entry.name, *(name for name, *_ in entry.aliases)]
        for program in programs:
            for curated in by_program.get(program.pk, ()):
                born = entry.birth_date.year if entry.birth_date else None
                if curated.kind != entry.kind or (born and curated.birth_year and born != curated.birth_year):
                    continue
                score, name, like = max(
                    (screening.name_similarity(name, other, organisation), name, other)
                    for name in listed
                    for other in curated.names
                )
                if score >= THRESHOLD:
                    found.append(
                        f"possibly a curated record listed again: {slug} {name!r} ({entry.where}) is named like "
                        f"{curated.slug} {like!r} ({score:.2f}), designated under {program.code} too"
                    )
        return found
