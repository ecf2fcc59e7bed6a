"""Screening: find actors by any spelling of any name, through the name index, and score the candidates.

``index_actors`` keeps ``NameKey`` rows in step with names and aliases (signals call it on every save,
importers after bulk writes). ``candidates`` retrieves actors through indexed queries only (or the same
index's copy in memory, ``core.name_snapshot``), and ranks a bounded pool of them by the folded names the
index stores: it never scans names. ``score`` compares a
query with one candidate and explains the result.
"""

import math
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction
from django.db.models.sql import Query
from rapidfuzz import fuzz, process

from core import name_snapshot, names
from core.bulk import insert_rows
from core.models import Actor, Alias, NameKey
from core.models.screening import WHOLE_NAME

# How much a shared key counts, by its kind (the prefix's letter): the whole name, then a pair of words,
# then a word or a pair of skeletons, then a word's skeleton. Scaled by rarity (``weight``).
WEIGHTS = {"n": 8, "b": 4, "e": 3, "k": 3, "s": 2}
# Retrieval reads at most this many index rows per key: a key shared by more actors (a common first
# name) is too weak to retrieve by, and is read only as a sample when a query has nothing rarer.
MAX_POSTINGS = 2500
# Index rows read per query, rarest keys first: what bounds the cost of a query on a large population.
POSTINGS_BUDGET = 10_000
# Actors, the most keys shared first, whose folded names are compared with the query; the closest are
# the candidates. Keys tie often at scale ('maria garcia' shares as many keys with 'maria jose garcia'
# as with 'garcia, maria'): the comparison is what puts the closest spelling first. At 1M actors a pool of
# 1,500 recovered 97.5% of 200 queries' exhaustive top 10, 3,000 99.3% (for about 1 ms from memory).
POOL = 3000
CANDIDATES = 200
KEY_LENGTH = NameKey._meta.get_field("key").max_length


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
    return index_names({pk: (name, aliases.get(pk, []), kind == Actor.Kind.ORGANISATION) for pk, name, kind in actors})


def index_names(actors):
    """Write the name keys of actors that have none, from names at hand: ``{actor id: (name, alias names,
    organisation)}``. An importer calls it with what it has just written, rather than reading it back."""
    rows = (
        (pk, key[:KEY_LENGTH])
        for pk, (name, alias_names, organisation) in actors.items()
        for key in actor_keys(name, alias_names, organisation)
    )
    # Derived rows, many per actor: inserted without building a model instance for each (the import's hot
    # path), and made as they are written, so that the database writes some while the rest are made.
    return insert_rows(connection, NameKey._meta.db_table, ["actor_id", "key"], rows)


# Keys this process found too common to retrieve by, not counted again: a common name stays common, and
# a key that became rare since is only left unread. Counting common keys was a third of a query's time.
_common = {}
COMMON_KEYS = 100_000


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


def candidates(query_names, *, actors=None, limit=CANDIDATES, organisation=None, snapshot=None):
    """Actor ids whose names are closest to the query, best first, from the name index only.

    Keys gather a pool (the whole name however common, then the rarest keys within a budget of index
    rows); the pool's folded names, stored in the index, rank it by ``token_sort_ratio`` (as ``ratio``:
    their words are stored sorted), the comparison that ``score`` starts from. ``actors`` optionally
    restricts the search (a queryset of actors, e.g. those designated on a date). ``snapshot``, the index in
    memory at the current data version (``core.name_snapshot.usable()``), answers an unrestricted search's
    two statements, alike.
    """
    organisation = bool(organisation)
    wanted = set()
    for name in query_names:
        wanted |= names.keys(name, organisation=organisation)
    if not wanted:
        return []
    if restricts(actors):
        snapshot = None
    whole = sorted(key for key in wanted if key.startswith(WHOLE_NAME))
    if snapshot is not None:
        frequency = snapshot.posting_counts(sorted(wanted.difference(whole)), MAX_POSTINGS + 1)
    else:
        frequency = {key: MAX_POSTINGS + 1 for key in wanted if key in _common}
        frequency.update(posting_counts(sorted(wanted.difference(whole, frequency))))
        if len(_common) > COMMON_KEYS:
            _common.clear()
        _common.update(dict.fromkeys(key for key, count in frequency.items() if count > MAX_POSTINGS))
    rarest_first = sorted(frequency, key=lambda key: (frequency[key], key))
    chosen, budget = [], POSTINGS_BUDGET
    for key in rarest_first:
        if frequency[key] > min(MAX_POSTINGS, budget):
            break
        chosen.append(key)
        budget -= frequency[key]
    if not chosen:  # only common keys: a sample of the rarest few rather than nothing, or everything
        chosen = rarest_first[:3]
    weights = {key: weight(key, frequency.get(key, 0)) for key in whole + chosen}
    if snapshot is not None:
        pooled, shares, folded = snapshot.pool(weights, cap=MAX_POSTINGS, size=POOL)
    else:
        pooled, shares, folded = pool(weights, actors)
    if not folded:
        return []
    queries = sorted({names.whole(name, organisation=organisation) for name in query_names})
    # The index stores whole names with their words sorted, as ``whole`` gives the queries: plain ``ratio``
    # is then ``token_sort_ratio`` without splitting and sorting every name again (a tenth of the time).
    similarity = process.cdist(queries, folded, scorer=fuzz.ratio).max(axis=0)
    ranked = np.argsort(-similarity, kind="stable")
    order = zip(similarity[ranked].tolist(), ranked.tolist(), strict=True)
    # Best first, an actor's best name comes first: the pool is read down to the limit-th actor and its
    # ties only (building a tuple per row of the pool, and sorting them all, was a tenth of a match).
    best, cutoff = {}, None
    for value, i in order:
        if cutoff is not None and value < cutoff:
            break
        actor_id = int(pooled[i])
        if actor_id not in best:
            best[actor_id] = (-value, -int(shares[i]), actor_id)
            if len(best) == limit:
                cutoff = value
    return sorted(best, key=best.get)[:limit]


def weight(key, postings):
    """What sharing a key says of a match: its kind's weight, more the fewer actors share it (``postings``;
    a whole name is not counted, and counts as rare). Keys tie often at scale, and a rare pair of words
    shared is likelier to be the same name than a common one: at 1M actors this puts about one more of the
    exhaustive top 10 in the pool in a hundred, at no cost. An integer, as the pool's statement writes it."""
    return round(10 * WEIGHTS[key[0]] * (1 + math.log((MAX_POSTINGS + 1) / (postings + 1))))


def restricts(actors):
    """Whether a queryset of actors leaves some out. An unfiltered one restricts nothing: the API's and the
    admin's ?q= pass one, and its subquery (with the list's ordering) made PostgreSQL hash every actor for
    each key (28 ms at 100k, not 2)."""
    return actors is not None and bool(actors.query.where or actors.model._meta.concrete_model is not Actor)


def pool(weights, actors=None):
    """The ``POOL`` actors sharing the most keys (``weights`` is ``{key: weight}``), as three sequences of the
    same length, a row per whole name: actor ids, the weight of the keys each shared, and the folded names.

    One statement: per-key subqueries, each an index range scan stopped at ``MAX_POSTINGS``, summed per
    actor; then each pooled actor's whole-name keys, read from their partial index.
    """
    if not weights:
        return [], [], []
    keys = list(weights)
    table = connection.ops.quote_name(NameKey._meta.db_table)
    restriction, restriction_params = "", []
    if restricts(actors):
        subquery, restriction_params = actors.order_by().values("pk").query.sql_with_params()
        restriction = f" AND actor_id IN ({subquery})"
    # Each key's first postings by actor id, as its primary key index reads them: the same pool every time.
    parts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT actor_id, {int(weights[key])} AS weight FROM {table} WHERE key = %s{restriction} "
        f"ORDER BY actor_id LIMIT {int(MAX_POSTINGS)}) AS k{i}"
        for i, key in enumerate(keys)
    )
    params = [value for key in keys for value in [key, *restriction_params]]
    # The whole names' condition is written as the partial index's own, so that the database uses it.
    sql = (
        f"SELECT pooled.actor_id, pooled.shared, COALESCE(SUBSTR(names.key, 3), '') FROM ("
        f"SELECT hits.actor_id, SUM(hits.weight) AS shared FROM ({parts}) AS hits "
        f"GROUP BY hits.actor_id ORDER BY shared DESC, hits.actor_id LIMIT {int(POOL)}) AS pooled "
        f"LEFT JOIN (SELECT actor_id, key FROM {table} WHERE {whole_names_condition(connection)}) AS names "
        f"ON names.actor_id = pooled.actor_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()  # the key without its 'n:', cut by the database rather than row by row
    return tuple(map(list, zip(*rows, strict=True))) if rows else ([], [], [])


_whole_names_conditions = {}


def whole_names_condition(connection):
    """The whole-name index's condition as SQL, as the database was told it when the index was made (its
    constant inlined, its '%' doubled for a statement with parameters): a query states it alike, so that
    the planner sees that the partial index applies. Compiled once per kind of database."""
    if connection.vendor not in _whole_names_conditions:
        index = next(index for index in NameKey._meta.indexes if index.name.endswith("_whole_names"))
        query = Query(NameKey, alias_cols=False)
        compiler = query.get_compiler(connection=connection)
        sql, params = query.build_where(index.condition).as_sql(compiler, connection)
        literals = tuple("'{}'".format(value.replace("'", "''")) for value in params)
        _whole_names_conditions[connection.vendor] = (sql % literals).replace("%", "%%")
    return _whole_names_conditions[connection.vendor]


# A free-text search keeps candidates at least this alike to the query (partial names reach ~0.75).
SEARCH_THRESHOLD = 0.7


def names_of(actor_ids, *, records=None):
    """{actor id: [name, alias, ...]} in two queries, or one when the actors (``{id: Actor}``) are at hand."""
    if records is None:
        found = {pk: [name] for pk, name in Actor.objects.filter(pk__in=actor_ids).values_list("pk", "name")}
    else:
        found = {pk: [actor.name] for pk, actor in records.items()}
    for actor_id, alias in Alias.objects.filter(actor_id__in=actor_ids).values_list("actor_id", "name"):
        found[actor_id].append(alias)
    return found


def search(query, *, actors=None, limit=200):
    """Ids of actors with a name like a free-text query (the API's and the admin's ``q``), best first."""
    snapshot = None if restricts(actors) else name_snapshot.usable()
    ids = candidates([query], actors=actors, limit=limit, snapshot=snapshot)
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
    known = {state.code for state in actor.nationalities.all()} if wanted else set()
    if wanted and known:
        agree = bool(wanted & known)
        result.features["nationality"] = "match" if agree else "mismatch"
        result.score += 0.05 if agree else -0.1
        result.explanation.append(f"nationality: {', '.join(sorted(wanted))} vs {', '.join(sorted(known))}")
    result.score = max(0.0, min(1.0, result.score))
    return result
