"""The admin's paginator: estimated sizes for large unfiltered tables on PostgreSQL, exact counts otherwise."""

import pytest
from django.db import connection

from core import paginators
from core.models import Actor, State
from core.paginators import EstimatedCountPaginator, estimated_count

pytestmark = pytest.mark.django_db


def test_a_filtered_list_is_counted_exactly(monkeypatch):
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 0)
    queryset = State.objects.filter(code__startswith="A")
    assert estimated_count(queryset) is None
    assert EstimatedCountPaginator(queryset, 10).count == queryset.count()


def test_a_small_table_is_counted_exactly():
    assert estimated_count(State.objects.all()) is None  # 250 rows, under ESTIMATE_ABOVE
    assert EstimatedCountPaginator(State.objects.all(), 10).count == State.objects.count()


def test_a_large_unfiltered_table_is_estimated_on_postgresql_and_counted_on_sqlite(monkeypatch):
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 1)
    if connection.vendor != "postgresql":
        assert estimated_count(Actor.objects.all()) is None
        assert EstimatedCountPaginator(Actor.objects.all(), 10).count == Actor.objects.count()
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_actor")
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'core_actor'")
        (reltuples,) = cursor.fetchone()
    assert reltuples > 0
    assert estimated_count(Actor.objects.all()) == reltuples
    assert EstimatedCountPaginator(Actor.objects.all(), 10).count == reltuples
