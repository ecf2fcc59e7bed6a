"""An instrument's lineage: every instrument reachable through amends / revokes / supersedes / implements."""

import datetime

from django.db.models import F, Q

from sanctions.models import InstrumentRelation, LegalInstrument

# A chain longer than this is a data error (a cycle is impossible to walk twice, but cap the work anyway).
MAX_INSTRUMENTS = 200


def lineage(instrument):
    """Walk the relations in both directions from ``instrument``, one query per generation.

    Returns ``(instruments, relations)``: the instruments in the chain (with their programs) ordered
    by date, and the relations between them.
    """
    seen, frontier, relations = {instrument.pk}, {instrument.pk}, {}
    while frontier and len(seen) < MAX_INSTRUMENTS:
        found = InstrumentRelation.objects.filter(Q(source__in=frontier) | Q(target__in=frontier)).select_related(
            "source", "target"
        )
        frontier = set()
        for relation in found:
            relations[relation.pk] = relation
            for pk in (relation.source_id, relation.target_id):
                if pk not in seen:
                    seen.add(pk)
                    frontier.add(pk)
    instruments = (
        LegalInstrument.objects.filter(pk__in=seen)
        .prefetch_related("programs", "sources")
        .order_by(F("signing_date").asc(nulls_last=True), "slug")
    )
    ordered = sorted(
        relations.values(), key=lambda r: (r.effective_date or r.source.signing_date or datetime.date.max, r.pk)
    )
    return list(instruments), ordered
