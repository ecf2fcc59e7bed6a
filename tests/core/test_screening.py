"""Screening quality on a labelled evaluation set, and the name index kept in step with the records."""

import csv
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import names, screening
from core.models import Actor, Alias, NameKey
from sanctions.matching import DEFAULT_THRESHOLD, match
from tests.factories import make_actor

pytestmark = pytest.mark.django_db

PAIRS = Path(__file__).parent / "data" / "screening_pairs.csv"

# Other people in the database: namesakes and common names that must not be mistaken for the targets.
DISTRACTORS = [
    "Benjamin Netter", "Benjamin Franklin", "Yoav Galili", "Karim Benzema", "Imran Khan", "Karim Khanani",
    "Mohammed Ali", "Mohamed Salah", "Ismail Kadare", "Yahya Jammeh", "Fatou Diome", "Nicolas Sarkozy",
    "Francesca Albani", "Luz Long", "Donald Tusk", "Joe Manchin", "Kimberly Clark", "Mame Diarra Bousso",
    "John Smith", "Maria Garcia", "Ahmed Hassan", "Li Wei", "Ivan Petrov", "Jean Dupont", "Hans Muller",
    "Ariel Sharon", "Mahmoud Abbas", "Vladimir Putin", "Ehud Barak", "Benny Gantz",
]  # fmt: skip


@pytest.fixture
def population():
    for name in DISTRACTORS:
        make_actor(name=name, slug=f"distractor-{names.fold(name).replace(' ', '-')}")


def load_pairs():
    with open(PAIRS, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def evaluate(threshold=DEFAULT_THRESHOLD):
    """Top result of each query: a true positive when it is the expected actor and a match."""
    pairs = load_pairs()
    queries = {
        str(i): {"schema": row["schema"], "names": [row["query"]], "nationalities": [], "identifiers": []}
        for i, row in enumerate(pairs)
    }
    responses, _ = match(queries, threshold=threshold, limit=1)
    tp = fp = fn = 0
    misses = []
    for i, row in enumerate(pairs):
        top = responses[str(i)]["results"][:1]
        hit = top[0]["actor"].slug if top and top[0]["match"] else None
        if hit and hit.startswith("distractor-"):
            hit = None  # the query named someone else in the database, not a target: correct for a negative
        if hit and hit == row["expected"]:
            tp += 1
        elif hit or row["expected"]:
            fp += bool(hit)
            fn += bool(row["expected"])
            misses.append((row["category"], row["query"], row["expected"], hit))
    return tp, fp, fn, misses


def test_the_evaluation_set_is_large_and_varied():
    pairs = load_pairs()
    assert len(pairs) >= 200
    categories = {row["category"] for row in pairs}
    assert {"transliteration", "script", "typo", "reordered", "partial", "negative"} <= categories


def test_precision_and_recall_at_the_default_threshold(population):
    tp, fp, fn, misses = evaluate()
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\nscreening: precision {precision:.3f}, recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})")
    for miss in misses:
        print("  miss:", miss)
    # Floors reached on this set; raise them when the matcher improves, never lower them silently.
    assert precision >= 0.98
    assert recall >= 0.96


@pytest.mark.parametrize(
    "spelling",
    [
        "Benjamin Netanyahu",
        "Netanjahu",
        "Nétanyahou",
        "Нетаньяху",
        "נתניהו",
        "Binyamin Netanyahoo",
        "NETANYAHU, Benjamin",
    ],
)
def test_the_article_spellings_find_netanyahu(spelling):
    assert screening.search(spelling)[:1] == [Actor.objects.get(slug="benjamin-netanyahu").pk]


def test_the_index_follows_edits_of_names_and_aliases():
    actor = make_actor(name="Zebulon Quartermaine")
    assert screening.search("Quartermaine") == [actor.pk]
    alias = Alias.objects.create(actor=actor, name="Zeb Kwartermejn")
    assert screening.search("Kwartermejn") == [actor.pk]
    alias.delete()
    assert screening.search("Kwartermejn") == []
    actor.name = "Zebulon Smythe-Quartermaine"
    actor.save()
    assert NameKey.objects.filter(actor=actor, key="e:smythe").exists()
    actor.delete()
    assert not NameKey.objects.filter(actor_id=actor.pk).exists()


def test_titles_and_legal_forms_are_ignored():
    assert names.tokens("Dr. Karim A. A. Khan") == ("karim", "a", "a", "khan")
    assert "ltd" not in names.tokens("Al-Haq Ltd", organisation=True)


def test_retrieval_only_runs_indexed_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        screening.candidates(["Benjamin Netanyahu"])


def test_candidates_put_the_closest_spelling_first(monkeypatch):
    """Guards against 'Garcia, Maria' losing to longer names that share the same words and pairs with the query."""
    monkeypatch.setattr(screening, "POOL", 3)
    for middle in ["Jose", "Luisa", "Carmen"]:
        make_actor(name=f"Maria {middle} Garcia")
    reordered = make_actor(name="Maria Lopez Garcia")
    Alias.objects.create(actor=reordered, name="Garcia, Maria")
    assert screening.candidates(["Garcia Maria"])[:1] == [reordered.pk]


def test_a_rarer_shared_key_weighs_more_in_the_pool(monkeypatch):
    """Guards against ranking the pool by the kinds of keys shared only: at scale they tie, and a word that
    few actors share says more than one that many do."""
    monkeypatch.setattr(screening, "POOL", 1)
    for first in ["Bob", "Carl", "Dan", "Ed", "Fred"]:
        make_actor(name=f"{first} Smith")
    anna = make_actor(name="Anna Quist")  # the last made: a tie would rank her last
    assert screening.candidates(["Anna Smith"]) == [anna.pk]
    assert screening.weight("e:anna", 1) > screening.weight("e:smith", 5) > screening.weight("s:smt", 5)


def test_a_query_of_common_words_reads_a_bounded_sample(monkeypatch, django_assert_max_num_queries):
    """Guards against counting every posting of a common word (the admin's search took ~850 ms on 100k)."""
    monkeypatch.setattr(screening, "MAX_POSTINGS", 2)
    monkeypatch.setattr(screening, "_common", {})
    people = [make_actor(name=f"Bench Person {n:06d}") for n in range(10)]
    with django_assert_max_num_queries(2):
        found = screening.candidates(["Person 0042"])
    assert 0 < len(found) <= 3 * 2 and set(found) <= {actor.pk for actor in people}  # the 3 rarest keys, 2 rows each
    assert screening.candidates(["Bench Person 000003"])[:1] == [people[3].pk]


def test_rebuild_name_index_restores_a_lost_index():
    from django.core.management import call_command

    NameKey.objects.all().delete()
    assert screening.search("Netanjahu") == []
    call_command("rebuild_name_index", verbosity=0)
    assert screening.search("Netanjahu") == [Actor.objects.get(slug="benjamin-netanyahu").pk]


def test_an_unfiltered_table_adds_no_restriction_to_the_search():
    """The API's ?q= passes the whole table: a subquery over every actor made a 2 ms search take 28 ms."""
    with CaptureQueriesContext(connection) as queries:
        everyone = screening.search("Karim Khan", actors=Actor.objects.order_by("name"))
    assert everyone == screening.search("Karim Khan")
    assert not any("actor_id IN (SELECT" in q["sql"] for q in queries.captured_queries)
    khan = Actor.objects.get(slug="karim-khan")
    assert screening.search("Karim Khan", actors=Actor.objects.exclude(pk=khan.pk)).count(khan.pk) == 0


def test_the_pool_reads_whole_names_from_their_partial_index():
    """The pool's join states the whole-name index's condition as the index does: worded otherwise, the
    database cannot tell that the partial index applies and reads every key of each pooled actor."""
    statements = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        screening.pool({"n:benjamin netanyahu": 80, "e:netanyahu": 30})
    sql, params = statements[-1]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test database is small enough to scan
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert f"{NameKey._meta.db_table}_whole_names" in plan, plan
