"""Migrations that move data: what the database held before is there after, both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_LEAN_KEYS = [("core", "0005_address_note")]
LEAN_KEYS = [("core", "0006_lean_name_keys")]


def migrate(targets):
    """Migrate to ``targets`` (every app's latest when ``None``); the models as they were there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_after():
    yield
    migrate(None)  # the tests that follow need today's tables, even when this one failed


def test_the_name_index_made_anew_keeps_its_keys_but_the_metaphone_ones(latest_after):
    old = migrate(BEFORE_LEAN_KEYS)
    actor = old.get_model("core", "Actor").objects.create(slug="zebulon", name="Zebulon Quartermaine", kind="person")
    stored = {"n:quartermaine zebulon": 8, "e:zebulon": 3, "k:kwrtrmn|sbln": 3, "s:sbln": 2, "p:sblns": 1}
    NameKey = old.get_model("core", "NameKey")
    NameKey.objects.bulk_create([NameKey(actor=actor, key=key, weight=weight) for key, weight in stored.items()])

    lean = migrate(LEAN_KEYS)
    kept = lean.get_model("core", "NameKey").objects.filter(actor_id=actor.pk).values_list("key", flat=True)
    assert sorted(kept) == sorted(key for key in stored if not key.startswith("p:"))

    old = migrate(BEFORE_LEAN_KEYS)
    back = old.get_model("core", "NameKey").objects.filter(actor_id=actor.pk).values_list("key", "weight")
    assert dict(back) == {key: weight for key, weight in stored.items() if not key.startswith("p:")}
