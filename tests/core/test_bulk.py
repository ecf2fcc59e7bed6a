"""Writing many rows at once: ``insert_rows`` takes any iterable, streams it, and says how many it wrote."""

import pytest
from django.db import IntegrityError, connection, transaction

from core import bulk, screening
from core.models import Actor, NameKey
from sanctions.models import Designation
from tests.factories import make_actor

pytestmark = pytest.mark.django_db


def test_rows_are_written_from_a_generator_and_counted(monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK", 3)  # several statements on SQLite, as on a large import
    actor = make_actor(name="Zed Bulk")
    NameKey.objects.filter(actor=actor).delete()
    made = []

    def rows():
        for n in range(7):
            made.append(n)
            yield (actor.pk, f"e:bulk{n}")

    written = bulk.insert_rows(connection, NameKey._meta.db_table, ["actor_id", "key"], rows())
    assert written == 7 and made == list(range(7))
    assert sorted(NameKey.objects.filter(actor=actor).values_list("key", flat=True)) == [f"e:bulk{n}" for n in range(7)]


def test_a_row_the_database_refuses_raises_djangos_error():
    """COPY runs on psycopg's own cursor: its errors are Django's all the same, as the callers catch them."""
    actor = make_actor(name="Zed Bulk")
    rows = [(actor.pk, "e:twice"), (actor.pk, "e:twice")]  # the same primary key
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert_rows(connection, NameKey._meta.db_table, ["actor_id", "key"], rows)
    assert not NameKey.objects.filter(key="e:twice").exists()


def test_no_rows_run_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert bulk.insert_rows(connection, NameKey._meta.db_table, ["actor_id", "key"], iter(())) == 0


def test_indexing_names_reports_the_keys_it_wrote():
    actor = make_actor(name="Zed Bulk")
    NameKey.objects.filter(actor=actor).delete()
    written = screening.index_names({actor.pk: ("Zed Bulk", ["Bulk, Zed"], False)})
    assert written == NameKey.objects.filter(actor=actor).count() > 0


def statistics_count(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_statistics_are_refreshed_for_a_table_much_larger_than_they_say():
    """Guards the delisting's plan after a first import: a table filled in the same transaction was taken for
    empty, and the anti-join read the list's actors once per designation. SQLite plans without row counts."""
    table = Actor._meta.db_table
    if connection.vendor != "postgresql":
        assert bulk.refresh_statistics(connection, {Actor: 10_000}) == []
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    counted = statistics_count(table)
    for n in range(30):
        make_actor(name=f"Zed Stats {n}")
    assert bulk.refresh_statistics(connection, {Actor: 30, Designation: 0}) == [table]
    assert statistics_count(table) == Actor.objects.count() >= counted + 30
    # A few rows more than the statistics count: not worth analysing again.
    make_actor(name="Zed Stats More")
    assert bulk.refresh_statistics(connection, {Actor: 1}) == []
    assert statistics_count(table) == Actor.objects.count() - 1
