"""Batch name matching (``POST /api/match/``): yente-style queries answered from the name index.

For each query: candidates from the index (``core.screening.candidates``), optionally limited to
actors designated on a date or under a program, then scored with per-feature explanations.
"""

from django.db.models import Prefetch

from core import screening
from core.models import Actor, DataVersion
from sanctions.models import Designation

ORGANISATION_SCHEMAS = {"Organization", "Company", "LegalEntity", "PublicBody"}
DEFAULT_THRESHOLD = 0.8


def eligible_actors(*, as_of=None, programs=None):
    """Actors with a designation in effect on ``as_of`` and/or under ``programs``; None means everyone."""
    if not (as_of or programs):
        return None  # no restriction: cheaper than joining every actor
    designations = Designation.objects.all()
    if as_of:
        designations = designations.active_on(as_of)
    if programs:
        designations = designations.filter(program__in=programs)
    return Actor.objects.filter(pk__in=designations.values("actor_id"))


def match(queries, *, threshold=DEFAULT_THRESHOLD, limit=5, as_of=None, programs=None, kind=None):
    """Answer every query: ``{key: {"results": [...], "total": n}}``, plus the data version."""
    version = DataVersion.current().label
    actors = eligible_actors(as_of=as_of, programs=programs)  # the same restriction for every query
    responses = {}
    for key, query in queries.items():
        organisation = query["schema"] in ORGANISATION_SCHEMAS
        query_kind = kind or (Actor.Kind.ORGANISATION if organisation else Actor.Kind.PERSON)
        ids = screening.candidates(query["names"], actors=actors, organisation=organisation)
        ids = screening.shortlist(query["names"], ids, keep=max(4 * limit, 20))
        ids += [pk for pk in _by_identifier(query.get("identifiers"), actors) if pk not in ids]
        records = (
            Actor.objects.filter(pk__in=ids)
            .prefetch_related(
                "nationalities",
                "aliases",
                Prefetch("designations", Designation.objects.select_related("program").order_by("listed_on")),
            )
            .in_bulk()
        )
        scored = []
        for pk in ids:
            actor = records[pk]
            if actor.kind != query_kind:  # the index holds every kind; the schema asked for one
                continue
            comparison = screening.score(query, actor, [actor.name, *(a.name for a in actor.aliases.all())])
            references = {d.reference for d in actor.designations.all() if d.reference}
            if query.get("identifiers") and references & set(query["identifiers"]):
                comparison.features["identifier"] = "match"
                comparison.explanation.append("identifier: matches a designation reference")
                comparison.score = max(comparison.score, 0.99)
            scored.append((comparison, actor))
        scored.sort(key=lambda item: (-item[0].score, item[1].name))
        responses[key] = {
            "total": len(scored),
            "results": [
                {"actor": actor, "comparison": comparison, "match": comparison.score >= threshold}
                for comparison, actor in scored[:limit]
            ],
        }
    return responses, version


def _by_identifier(identifiers, actors):
    if not identifiers:
        return []
    found = Designation.objects.filter(reference__in=identifiers, actor__in=actors).values_list("actor_id", flat=True)
    return list(dict.fromkeys(found))
