"""Screening: find actors by any spelling of any name, through the name index, and score the candidates.

``index_actors`` keeps ``NameKey`` rows in step with names and aliases (signals call it on every save,
importers after bulk writes). ``candidates`` retrieves actors through indexed queries only: it never
scans names in Python. ``score`` compares a query with one candidate and explains the result.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Sum
from rapidfuzz import fuzz

from core import names
from core.bulk import insert_rows
from core.models import Actor, Alias, NameKey

WEIGHTS = {"b": 4, "e": 3, "k": 3, "s": 2, "p": 1}
# A key shared by more actors than this (a common first name) is too weak to retrieve by; pairs of
# words keep the retrieval selective when every single word of a name is common.
MAX_POSTINGS = 2000
CANDIDATES = 200


def actor_keys(actor_name, alias_names, organisation):
    found = set()
    for name in [actor_name, *alias_names]:
        found |= names.keys(name, organisation=organisation)
    return found


@transaction.atomic
def index_actors(actor_ids):
    """Rebuild the name keys of these actors from their current names and aliases."""
    actor_ids = list(actor_ids)
    actors = Actor.objects.filter(pk__in=actor_ids).values_list("pk", "name", "kind")
    aliases = {}
    for actor_id, alias in Alias.objects.filter(actor_id__in=actor_ids).values_list("actor_id", "name"):
        aliases.setdefault(actor_id, []).append(alias)
    NameKey.objects.filter(actor_id__in=actor_ids).delete()
    rows = [
        (pk, key[:64], WEIGHTS[key[0]])
        for pk, name, kind in actors
        for key in actor_keys(name, aliases.get(pk, []), kind == Actor.Kind.ORGANISATION)
    ]
    # Derived rows, many per actor: inserted without building a model instance for each (the import's hot path).
    insert_rows(connection, NameKey._meta.db_table, ["actor_id", "key", "weight"], rows)
    return len(rows)


def posting_counts(keys, cap=MAX_POSTINGS + 1):
    """How many actors share each key, counted up to ``cap``: common keys cost no more than rare ones.

    One statement of per-key ``LIMIT`` subqueries, each an index range scan that stops at the cap.
    """
    if not keys:
        return {}
    table = connection.ops.quote_name(NameKey._meta.db_table)
    parts = " UNION ALL ".join(
        f"SELECT k{i}.key FROM (SELECT key FROM {table} WHERE key = %s LIMIT {int(cap)}) AS k{i}"
        for i in range(len(keys))
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT postings.key, COUNT(*) FROM ({parts}) AS postings GROUP BY postings.key", keys)
        return dict(cursor.fetchall())


def candidates(query_names, *, actors=None, limit=CANDIDATES, organisation=None):
    """Actor ids ranked by weighted key hits, best first, from indexed queries only.

    ``actors`` optionally restricts the search (a queryset of actors, e.g. those designated on a date).
    """
    wanted = set()
    for name in query_names:
        wanted |= names.keys(name, organisation=bool(organisation))
    if not wanted:
        return []
    frequency = posting_counts(sorted(wanted))
    usable = [key for key in frequency if frequency[key] <= MAX_POSTINGS]
    if not usable:  # only common keys: keep the rarest few rather than nothing
        usable = sorted(frequency, key=frequency.get)[:3]
    hits = NameKey.objects.filter(key__in=usable)
    if actors is not None:
        hits = hits.filter(actor__in=actors)
    ranked = hits.values("actor_id").annotate(score=Sum("weight")).order_by("-score", "actor_id")[:limit]
    return [row["actor_id"] for row in ranked]


# A free-text search keeps candidates at least this alike to the query (partial names reach ~0.75).
SEARCH_THRESHOLD = 0.7


def names_of(actor_ids):
    """{actor id: [name, alias, ...]} in two queries."""
    found = {pk: [name] for pk, name in Actor.objects.filter(pk__in=actor_ids).values_list("pk", "name")}
    for actor_id, alias in Alias.objects.filter(actor_id__in=actor_ids).values_list("actor_id", "name"):
        found[actor_id].append(alias)
    return found


def shortlist(query_names, ids, *, keep):
    """The ``keep`` candidates whose names are closest to the query, by a fast first comparison.

    Retrieval ranks by shared keys, which ties often at scale; this re-ranks by spelling (rapidfuzz,
    in C) before the slower, explained scoring of the few that remain.
    """
    queries = [" ".join(names.tokens(q)) for q in query_names]
    ranked = []
    for pk, actor_names in names_of(ids).items():
        folded = [" ".join(names.tokens(n)) for n in actor_names]
        ranked.append((max(fuzz.token_sort_ratio(q, n) for q in queries for n in folded), pk))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [pk for _, pk in ranked[:keep]]


def search(query, *, actors=None, limit=200):
    """Ids of actors with a name like a free-text query (the API's and the admin's ``q``), best first."""
    ids = candidates([query], actors=actors, limit=limit)
    scored = [
        (max(name_similarity(query, name) for name in actor_names), pk) for pk, actor_names in names_of(ids).items()
    ]
    return [pk for similarity, pk in sorted(scored, reverse=True) if similarity >= SEARCH_THRESHOLD]


@dataclass
class Comparison:
    score: float
    name_score: float
    matched_name: str
    query_name: str
    features: dict = field(default_factory=dict)
    explanation: list = field(default_factory=list)


def name_similarity(query_name, candidate_name, organisation=False):
    """How alike two names are, 0 to 1, whatever their order, script or small typos."""
    q = " ".join(names.tokens(query_name, organisation=organisation))
    c = " ".join(names.tokens(candidate_name, organisation=organisation))
    if not q or not c:
        return 0.0
    ordered = fuzz.token_sort_ratio(q, c) / 100
    # A query that is part of the name (a missing middle name) scores between subset and full match.
    subset = (fuzz.token_set_ratio(q, c) / 100 + ordered) / 2
    qs, cs = (
        names.skeleton_text(query_name, organisation=organisation),
        names.skeleton_text(candidate_name, organisation=organisation),
    )
    # Vowel-less scripts (Hebrew, Arabic) are compared on consonant skeletons, a little discounted.
    sounds = 0.9 * fuzz.token_sort_ratio(qs, cs) / 100 if qs and cs else 0.0
    return max(ordered, subset, sounds)


def score(query, actor, actor_names):
    """Compare a query (dict with names, birth_date, nationalities) with one actor; explain each feature."""
    organisation = actor.kind == Actor.Kind.ORGANISATION
    best = max(
        ((name_similarity(q, c, organisation), q, c) for q in query["names"] for c in actor_names),
        key=lambda item: item[0],
    )
    result = Comparison(score=best[0], name_score=best[0], query_name=best[1], matched_name=best[2])
    result.features["name"] = round(best[0], 3)
    result.explanation.append(f"name: '{best[1]}' ~ '{best[2]}' ({best[0]:.2f})")

    birth = query.get("birth_date")
    if birth and actor.birth_date:
        precision = actor.birth_date_precision or "day"
        width = {"year": 4, "month": 7, "day": 10}[precision]
        agree = birth[:width] == actor.birth_date.isoformat()[: min(width, len(birth))]
        result.features["birth_date"] = "match" if agree else "mismatch"
        result.score += 0.05 if agree else -0.2
        result.explanation.append(
            f"birth date: {birth} vs {actor.birth_date.isoformat()[:width]} ({'agree' if agree else 'differ'})"
        )
    wanted = {code.upper() for code in query.get("nationalities", [])}
    known = {state.code for state in actor.nationalities.all()}
    if wanted and known:
        agree = bool(wanted & known)
        result.features["nationality"] = "match" if agree else "mismatch"
        result.score += 0.05 if agree else -0.1
        result.explanation.append(f"nationality: {', '.join(sorted(wanted))} vs {', '.join(sorted(known))}")
    result.score = max(0.0, min(1.0, result.score))
    return result
