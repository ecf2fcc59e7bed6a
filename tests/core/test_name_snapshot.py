"""The name index in memory: the same candidates as the database's statements, used only at the current data
version, built in the background when screening finds it missing or stale."""

import logging
import time

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection

from core import name_snapshot, screening
from core.models import Actor, Alias, DataVersion, NameKey
from sanctions.matching import match
from tests.core.test_screening import DISTRACTORS, load_pairs
from tests.factories import make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_copy_left_behind(monkeypatch):
    """Each test starts and ends with no copy in this process, whatever it installed, and free to build."""
    monkeypatch.setattr(name_snapshot, "_builder", None)
    monkeypatch.setattr(name_snapshot, "_next_build_at", None)
    monkeypatch.setattr(name_snapshot, "_seen", (None, 0.0))
    monkeypatch.setattr(name_snapshot, "QUIET", 0)
    name_snapshot.install(None)
    yield
    name_snapshot.install(None)


@pytest.fixture
def population():
    for i, name in enumerate(DISTRACTORS):
        make_actor(name=name, slug=f"distractor-{i}")


def rows(pool):
    """A pool's three sequences as sorted (actor id, weight, name) rows of plain values."""
    ids, shares, folded = pool
    return sorted(zip([int(pk) for pk in ids], [int(share) for share in shares], folded, strict=True))


def queries():
    return [(row["query"], row["schema"] != "Person") for row in load_pairs()]


def test_the_copy_finds_what_the_statements_find(population):
    snapshot = name_snapshot.build()
    assert snapshot.version == name_snapshot.current_version()
    assert snapshot.rows == NameKey.objects.count()
    assert snapshot.distinct_keys == NameKey.objects.values("key").distinct().count()
    for query, organisation in queries():
        expected = screening.candidates([query], organisation=organisation)
        assert screening.candidates([query], organisation=organisation, snapshot=snapshot) == expected, query


@pytest.mark.parametrize("size", [1, 3, "all"])
def test_a_copy_read_in_small_pieces_is_the_same_copy(population, monkeypatch, size):
    """PostgreSQL reads in chunks of rows, SQLite in ranges of actors (short reads that let writers commit):
    ranges of one actor, of a few, and one range for them all hold every row, once."""
    top = NameKey.objects.order_by("-actor_id").values_list("actor_id", flat=True).first()
    monkeypatch.setattr(name_snapshot, "ACTORS_PER_READ", top + 1)
    whole = name_snapshot.build()
    monkeypatch.setattr(name_snapshot, "CHUNK", 7 if size != "all" else 10**6)
    monkeypatch.setattr(name_snapshot, "ACTORS_PER_READ", size if size != "all" else top)
    pieces = name_snapshot.build()
    for field in ["hashes", "starts", "postings", "whole_offsets", "whole_counts"]:
        assert np.array_equal(getattr(pieces, field), getattr(whole, field)), field
    assert pieces.whole_text == whole.whole_text
    assert pieces.rows == NameKey.objects.count() > 100
    assert len(np.unique(pieces.postings)) == NameKey.objects.values("actor").distinct().count()
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(NameKey._meta.db_table)
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {screening.whole_names_condition(connection)}")
        (whole_names,) = cursor.fetchone()
    assert pieces.whole_counts[-1] == pieces.whole_text.count("\n") == whole_names > 0


def test_the_copy_caps_and_budgets_as_the_statements_do(monkeypatch):
    """Small caps, so that keys are read to their first postings and the budget runs out: the copy must read
    the same first postings (by actor id) and stop at the same key."""
    people = [make_actor(name=f"Quentin Zorba {word}") for word in ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]]
    monkeypatch.setattr(screening, "MAX_POSTINGS", 2)
    monkeypatch.setattr(screening, "POSTINGS_BUDGET", 5)
    monkeypatch.setattr(screening, "POOL", 3)
    monkeypatch.setattr(screening, "_common", {})
    snapshot = name_snapshot.build()
    for query in ["Quentin Zorba", "Zorba Charlie", "Quentin Echo", "Quinten Zorbah Delta", "Bravo"]:
        expected = screening.candidates([query], limit=3)
        assert expected, query
        assert set(expected) <= {person.pk for person in people}
        assert screening.candidates([query], limit=3, snapshot=snapshot) == expected, query


def test_ties_at_the_pool_s_edge_keep_the_first_actors_as_the_statement_does(monkeypatch):
    people = [make_actor(name=f"Ulrich Amsel {word}") for word in ["Mu", "Nu", "Xi", "Pi"]]
    monkeypatch.setattr(screening, "POOL", 2)
    snapshot = name_snapshot.build()
    expected = screening.candidates(["Ulrich Amsel"])
    assert set(expected) == {people[0].pk, people[1].pk}  # all four tie: the lowest ids are pooled
    assert screening.candidates(["Ulrich Amsel"], snapshot=snapshot) == expected


def test_the_pool_from_memory_is_the_statement_pool():
    make_actor(name="Benjamin Netanyahu Junior")
    weights = {"n:benjamin netanyahu": 80, "e:netanyahu": 30, "s:ntnh": 20, "e:benjamin": 30, "e:nobody": 30}
    snapshot = name_snapshot.build()
    from_memory = rows(snapshot.pool(weights, cap=screening.MAX_POSTINGS, size=screening.POOL))
    assert len(from_memory) >= 2
    assert from_memory == rows(screening.pool(weights))
    assert snapshot.posting_counts(list(weights), 3) == screening.posting_counts(list(weights), cap=3)


def test_an_actor_without_names_in_the_index_pools_with_an_empty_name():
    """As the statement's LEFT JOIN: an actor reached by a word key but with no whole-name key."""
    actor = make_actor(name="Ottokar Brzezinski")
    NameKey.objects.filter(actor=actor, key__startswith="n:").delete()
    snapshot = name_snapshot.build()
    expected = [(actor.pk, 30, "")]
    from_memory = rows(snapshot.pool({"e:ottokar": 30}, cap=10, size=10))
    assert from_memory == expected == rows(screening.pool({"e:ottokar": 30}))


def test_a_search_from_memory_runs_no_statement(django_assert_num_queries):
    snapshot = name_snapshot.build()
    expected = screening.candidates(["Karim Khan"])
    with django_assert_num_queries(0):
        assert screening.candidates(["Karim Khan"], snapshot=snapshot) == expected


def test_a_copy_of_another_version_is_not_used():
    khan = Actor.objects.get(slug="karim-khan")
    name_snapshot.install(name_snapshot.build())
    assert name_snapshot.usable() is not None
    Alias.objects.create(actor=khan, name="Qwertzuiop Asdfghjkl")  # a new spelling, and a new version
    assert name_snapshot.usable() is None
    assert screening.search("Qwertzuiop Asdfghjkl") == [khan.pk]
    responses, _ = match({"q": {"schema": "Person", "names": ["Qwertzuiop Asdfghjkl"]}})
    assert [result["actor"].pk for result in responses["q"]["results"]][:1] == [khan.pk]


def test_match_uses_the_copy_at_the_current_version(django_assert_max_num_queries):
    query = {"q": {"schema": "Person", "names": ["Karim Khan"]}}
    expected, version = match(query)
    name_snapshot.install(name_snapshot.build())
    # One read of the version, the candidates' records, aliases, designations with their programs: no index.
    with django_assert_max_num_queries(4) as captured:
        responses, same_version = match(query)
    assert not any("core_namekey" in q["sql"] for q in captured.captured_queries)
    assert same_version == version
    assert [r["actor"].pk for r in responses["q"]["results"]] == [r["actor"].pk for r in expected["q"]["results"]]
    assert [r["comparison"].score for r in responses["q"]["results"]] == [
        r["comparison"].score for r in expected["q"]["results"]
    ]


def test_a_restricted_search_reads_the_database():
    """A restriction applies before each key's cap in the statements; the copy holds every actor, so it is
    not used for one, and actors outside the restriction stay out."""
    khan = Actor.objects.get(slug="karim-khan")
    name_snapshot.install(name_snapshot.build())
    others = Actor.objects.exclude(pk=khan.pk)
    assert khan.pk not in screening.search("Karim Khan", actors=others)
    responses, _ = match({"q": {"schema": "Person", "names": ["Karim Khan"]}}, as_of="1900-01-01")
    assert responses["q"]["results"] == []


def test_rebuilding_the_index_retires_every_copy():
    name_snapshot.install(name_snapshot.build())
    call_command("rebuild_name_index", verbosity=0)
    assert name_snapshot.usable() is None


def test_a_rebuild_stopped_half_way_has_retired_every_copy(monkeypatch):
    """The batches written before the failure changed the index: the copy must not outlive them."""
    from core.management.commands import rebuild_name_index

    calls = []

    def second_batch_fails(ids):
        calls.append(ids)
        if len(calls) == 2:
            raise RuntimeError("interrupted")
        return screening.index_actors(ids)

    monkeypatch.setattr(rebuild_name_index, "index_actors", second_batch_fails)
    name_snapshot.install(name_snapshot.build())
    with pytest.raises(RuntimeError):
        call_command("rebuild_name_index", batch=1, verbosity=0)
    assert len(calls) == 2
    assert name_snapshot.usable() is None


def test_nothing_is_read_when_the_copy_is_off(settings, django_assert_num_queries):
    settings.SCREENING_IN_MEMORY = False
    with django_assert_num_queries(0):
        assert name_snapshot.usable() is None
    assert name_snapshot._builder is None or not name_snapshot._builder.is_alive()  # and no build started


@pytest.mark.django_db(transaction=True)
def test_a_stale_copy_is_rebuilt_in_the_background(settings, monkeypatch):
    """Screening answers from the database while the copy builds in its own thread (own connection, so the
    records are committed here), then from the copy."""
    settings.SCREENING_IN_MEMORY = True
    monkeypatch.setattr(name_snapshot, "SPACING", 0)
    zebulon = make_actor(name="Zebulon Featherstonehaugh")
    assert name_snapshot.usable() is None  # none yet: one starts building
    builder = name_snapshot._builder
    assert builder is not None
    builder.join(timeout=60)
    snapshot = name_snapshot.usable()
    assert snapshot is not None and snapshot.version == name_snapshot.version_of(DataVersion.current())
    assert screening.candidates(["Zebulon Fetherstonhaugh"], snapshot=snapshot)[:1] == [zebulon.pk]
    Alias.objects.create(actor=zebulon, name="Zeb Fanshawe")
    assert name_snapshot.usable() is None  # stale: another build starts
    name_snapshot._builder.join(timeout=60)
    fresh = name_snapshot.usable()
    assert fresh is not None and fresh is not snapshot
    assert screening.candidates(["Zeb Fanshawe"], snapshot=fresh)[:1] == [zebulon.pk]


def test_a_failed_build_is_logged_and_not_retried_at_once(settings, monkeypatch, caplog):
    settings.SCREENING_IN_MEMORY = True

    def broken():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(name_snapshot, "build", broken)
    assert name_snapshot.usable() is None
    name_snapshot._builder.join(timeout=60)
    assert "Building the name index in memory failed" in caplog.text
    assert name_snapshot._next_build_at > time.monotonic() + name_snapshot.RETRY_AFTER - 60
    failed = name_snapshot._builder
    assert name_snapshot.usable() is None
    assert name_snapshot._builder is failed  # no second attempt within RETRY_AFTER


@pytest.mark.django_db(transaction=True)
def test_a_copy_built_before_any_change_is_logged_without_a_version(settings, monkeypatch, caplog):
    """A new database has no data version row until its first change: the copy holds none, and says so."""
    settings.SCREENING_IN_MEMORY = True
    caplog.set_level(logging.INFO, logger="core.name_snapshot")
    make_actor(name="Zebulon Featherstonehaugh")
    DataVersion.objects.all().delete()
    assert name_snapshot.usable() is None
    name_snapshot._builder.join(timeout=60)
    assert "failed" not in caplog.text
    assert "Name index in memory: version none yet" in caplog.text
    snapshot = name_snapshot.usable()
    assert snapshot is not None and snapshot.version is None and snapshot.rows > 0


@pytest.mark.django_db(transaction=True)
def test_builds_are_spaced_by_how_long_the_last_took(settings, monkeypatch):
    """Under a stream of writes every copy is stale at once: rebuilding without pause took a core per process."""
    settings.SCREENING_IN_MEMORY = True
    monkeypatch.setattr(name_snapshot, "SPACING", 10_000)
    make_actor(name="Zebulon Featherstonehaugh")
    name_snapshot.usable()
    first = name_snapshot._builder
    first.join(timeout=60)
    assert name_snapshot.usable() is not None
    make_actor(name="Zebedee Fanshawe")  # a new version: the copy is stale
    assert name_snapshot.usable() is None
    assert name_snapshot._builder is first  # no new build yet
    assert name_snapshot._next_build_at > time.monotonic()


def test_no_build_starts_while_the_records_keep_changing(settings, monkeypatch):
    """Every copy would be stale at once: a build waits until the version has held QUIET seconds."""
    settings.SCREENING_IN_MEMORY = True
    monkeypatch.setattr(name_snapshot, "QUIET", 10)
    started = []
    monkeypatch.setattr(name_snapshot, "refresh", lambda: started.append(True))
    name_snapshot.usable()  # first seen now
    make_actor(name="Zebulon Featherstonehaugh")
    name_snapshot.usable()  # another version: seen now
    assert started == []
    version, since = name_snapshot._seen
    monkeypatch.setattr(name_snapshot, "_seen", (version, since - 11))  # held 11 s
    name_snapshot.usable()
    assert started == [True]


def test_a_version_counted_again_from_the_start_is_another_version():
    """A flush or a restore into an empty database starts the counter again: the copy must not take the new
    records' version 1 for its own."""
    DataVersion.objects.all().delete()
    DataVersion.bump()
    snapshot = name_snapshot.build()
    name_snapshot.install(snapshot)
    assert name_snapshot.usable() is snapshot
    DataVersion.objects.all().delete()
    DataVersion.objects.create(pk=1, counter=snapshot.version[0])  # the same count, another moment
    assert name_snapshot.usable() is None
