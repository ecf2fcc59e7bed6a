"""Writing many rows at once: ``insert_rows`` takes any iterable, streams it, and says how many it wrote."""

import pytest
from django.db import connection

from core import bulk, screening
from core.models import NameKey
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


def test_no_rows_run_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert bulk.insert_rows(connection, NameKey._meta.db_table, ["actor_id", "key"], iter(())) == 0


def test_indexing_names_reports_the_keys_it_wrote():
    actor = make_actor(name="Zed Bulk")
    NameKey.objects.filter(actor=actor).delete()
    written = screening.index_names({actor.pk: ("Zed Bulk", ["Bulk, Zed"], False)})
    assert written == NameKey.objects.filter(actor=actor).count() > 0
