"""Batch name matching (``POST /api/match/``): yente-style queries answered from the name index.

For each query: candidates from the index (``core.screening.candidates``), optionally limited to
actors designated on a date or under a program, then scored with per-feature explanations.
"""

from django.db.models import Prefetch, prefetch_related_objects

from core import name_snapshot, screening
from core.models import Actor, DataVersion, IdentityDocument
from core.models.documents import number_key
from sanctions.models import Designation

ORGANISATION_SCHEMAS = {"Organization", "Company", "LegalEntity", "PublicBody"}
DEFAULT_THRESHOLD = 0.8
# The FollowTheMoney properties whose values are matched as identifiers, with the kind of identity document
# each names (idNumber: a designation reference or any document's number).
IDENTIFIER_PROPERTIES = {
    "idNumber": None,
    "passportNumber": "passport",
    "taxNumber": "tax_id",
    "registrationNumber": "registration",
}
# A document number shorter than this identifies no one: the lists hold gazette and registration numbers such
# as '1000' or '892' that unrelated actors share. Such a number is compared with designation references only.
MIN_NUMBER_KEY = 5


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
    version = DataVersion.current()
    actors = eligible_actors(as_of=as_of, programs=programs)  # the same restriction for every query
    # The index in memory, if this process holds it at this very version (a restriction reads the database).
    snapshot = name_snapshot.usable(name_snapshot.version_of(version)) if actors is None else None
    responses = {}
    for key, query in queries.items():
        organisation = query["schema"] in ORGANISATION_SCHEMAS
        query_kind = kind or (Actor.Kind.ORGANISATION if organisation else Actor.Kind.PERSON)
        # Candidates come ranked by spelling: the few kept are scored with explanations.
        ids = screening.candidates(
            query["names"], actors=actors, organisation=organisation, limit=max(4 * limit, 20), snapshot=snapshot
        )
        identified = _by_identifier(query.get("identifiers"), actors)
        ids += [pk for pk in identified if pk not in ids]
        records = Actor.objects.filter(pk__in=ids).in_bulk()
        if query.get("nationalities"):  # read only when the query has some to compare
            prefetch_related_objects(list(records.values()), "nationalities")
        actor_names = screening.names_of(ids, records=records)
        scored = []
        for pk in ids:
            actor = records[pk]
            if actor.kind != query_kind:  # the index holds every kind; the schema asked for one
                continue
            comparison = screening.score(query, actor, actor_names[pk])
            if pk in identified:
                comparison.features["identifier"] = "match"
                comparison.explanation.append(f"identifier: matches {identified[pk]}")
                comparison.score = max(comparison.score, 0.99)
            scored.append((comparison, actor))
        scored.sort(key=lambda item: (-item[0].score, item[1].name))
        # Designations are shown for the results returned only.
        prefetch_related_objects(
            [actor for _, actor in scored[:limit]],
            Prefetch("designations", Designation.objects.select_related("program").order_by("listed_on")),
        )
        responses[key] = {
            "total": len(scored),
            "results": [
                {"actor": actor, "comparison": comparison, "match": comparison.score >= threshold}
                for comparison, actor in scored[:limit]
            ],
        }
    return responses, version.label


def _by_identifier(identifiers, actors):
    """``{actor id: what matched}``: the actors whose designation reference is one of ``identifiers`` (pairs of
    the document kind their property names, or None, and a value), or whose identity document of that kind has
    one of them for its number, however spaced or punctuated."""
    if not identifiers:
        return {}
    references = Designation.objects.filter(reference__in=[value for kind, value in identifiers if kind is None])
    documents = IdentityDocument.objects.none()
    for kind in dict.fromkeys(kind for kind, _ in identifiers):
        numbers = [value for other, value in identifiers if other == kind and len(number_key(value)) >= MIN_NUMBER_KEY]
        if numbers:
            documents |= IdentityDocument.objects.numbered(numbers, kind=kind)
    if actors is not None:
        references, documents = references.filter(actor__in=actors), documents.filter(actor__in=actors)
    found = {}
    for actor_id, reference in references.values_list("actor_id", "reference"):
        found.setdefault(actor_id, f"the designation reference {reference}")
    for actor_id, kind, number in documents.values_list("actor_id", "kind", "number"):
        found.setdefault(actor_id, f"the {IdentityDocument.Kind(kind).label} {number}")
    return found
