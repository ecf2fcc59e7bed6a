"""Many-to-many values in the edit history (core.history): every write path records them, one save is one
version, and a change to them alone, from either side of the relation, is a version of its own."""

import io
import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction

from core import history
from core.models import Actor, Source
from sanctions.models import Designation
from sanctions.services import designations_delist
from tests.factories import d, make_actor, make_source, state

pytestmark = pytest.mark.django_db


def versions(record):
    return list(type(record).history.filter(id=record.pk).order_by("history_id"))


def test_every_many_to_many_field_of_a_curated_model_is_versioned():
    for model, _ in history._recorders.items():
        history_model = model.history.model
        assert history.has_relations(history_model) == bool(model._meta.many_to_many), model._meta.label


def test_a_record_created_with_its_sources_in_one_transaction_is_one_version():
    with transaction.atomic():
        source = make_source()
        actor = make_actor(sources=[source])
    rows = versions(actor)
    assert [r.history_type for r in rows] == ["+"]
    assert rows[0].history_relations == {"sources": [source.pk], "nationalities": []}


def test_a_change_to_sources_alone_through_a_fresh_instance_is_a_new_version():
    actor = Actor.objects.get(slug="karim-khan")
    before = versions(actor)
    added = make_source()
    Actor.objects.get(pk=actor.pk).sources.add(added)
    rows = versions(actor)
    assert len(rows) == len(before) + 1
    new = rows[-1]
    assert new.history_type == "~" and added.pk in new.history_relations["sources"]
    changes = new.diff_against(rows[-2]).changes
    assert [(c.field, sorted(set(c.new) - set(c.old))) for c in changes] == [("sources", [added.pk])]


def test_a_save_then_a_many_to_many_change_in_one_transaction_completes_the_same_version():
    actor = Actor.objects.get(slug="karim-khan")
    before = len(versions(actor))
    with transaction.atomic():
        actor.description = "Edited with his nationality."
        actor.save()
        actor.nationalities.set([state("GB")])
    rows = versions(actor)
    assert len(rows) == before + 1
    assert rows[-1].history_relations["nationalities"] == [state("GB").pk]
    assert {c.field for c in rows[-1].diff_against(rows[-2]).changes} >= {"description"}


def test_a_change_made_from_the_other_side_is_a_version_of_each_record_it_touches():
    first, second = make_actor(), make_actor()
    source = make_source()
    source.core_actor_records.add(first, second)
    for actor in (first, second):
        assert source.pk in versions(actor)[-1].history_relations["sources"]
    count = len(versions(first))
    Source.objects.get(pk=source.pk).core_actor_records.clear()
    assert len(versions(first)) == count + 1
    assert source.pk not in versions(first)[-1].history_relations["sources"]
    assert source.pk not in versions(second)[-1].history_relations["sources"]


def test_a_deleted_record_s_last_version_holds_the_sources_it_had():
    source = make_source()
    actor = make_actor(sources=[source])
    pk = actor.pk
    actor.delete()
    last = Actor.history.filter(id=pk).order_by("-history_id").first()
    assert last.history_type == "-" and last.history_relations["sources"] == [source.pk]


def test_bulk_writes_record_the_many_to_many_values_without_a_query_per_record(django_assert_max_num_queries):
    actors = [make_actor() for _ in range(30)]
    with django_assert_max_num_queries(4):  # the two fields' links, the insert, and a spare
        history.record_changed(actors, Actor)
    for actor in actors:
        assert versions(actor)[-1].history_relations == {
            "sources": list(actor.sources.values_list("pk", flat=True)),
            "nationalities": [],
        }


def test_an_import_records_each_record_with_its_sources_nationalities_and_measures():
    call_command("import_list", "un-xml", "tests/sanctions/data/un.xml", "--no-progress", stdout=io.StringIO())
    actor = Actor.objects.filter(slug__startswith="un-").exclude(nationalities=None).first()
    assert actor is not None
    (row,) = versions(actor)
    assert row.history_relations == {
        "sources": list(actor.sources.values_list("pk", flat=True)),
        "nationalities": sorted(actor.nationalities.values_list("pk", flat=True)),
    }
    designation = Designation.objects.filter(actor=actor).first()
    (row,) = versions(designation)
    assert row.history_relations["measures"] == sorted(designation.measures.values_list("pk", flat=True))
    assert row.history_relations["sources"] == list(designation.sources.values_list("pk", flat=True))


def test_the_delisting_service_records_the_delisting_and_its_source_in_one_version(source):
    designation = Designation.objects.get(actor__slug="karim-khan", delisted_on__isnull=True)
    before = len(versions(designation))
    designations_delist(
        designations=Designation.objects.filter(pk=designation.pk), delisted_on=d("2026-02-01"), source=source
    )
    rows = versions(designation)
    assert len(rows) == before + 1
    assert {c.field for c in rows[-1].diff_against(rows[-2]).changes} == {"delisted_on", "sources"}


def test_a_fixture_that_changes_only_sources_is_recorded_once(tmp_path):
    actor = Actor.objects.get(slug="karim-khan")
    added = make_source()
    (record,) = json.loads(
        serializers.serialize("json", [actor], use_natural_foreign_keys=True, use_natural_primary_keys=True)
    )
    record["fields"]["sources"].append([added.key])
    fixture = tmp_path / "sources_only.json"
    fixture.write_text(json.dumps([record]))
    before = len(versions(actor))
    call_command("loaddata", str(fixture), verbosity=0)
    rows = versions(actor)
    assert len(rows) == before + 1
    assert rows[-1].history_type == "~" and rows[-1].history_change_reason.startswith("loaddata")
    assert added.pk in rows[-1].history_relations["sources"]
    call_command("loaddata", str(fixture), verbosity=0)
    assert len(versions(actor)) == before + 1  # loaded again unchanged: nothing


def test_a_change_line_names_the_keys_added_and_removed():
    old, new = make_source(key="hrw-2024-01-01"), make_source(key="hrw-2025-02-07")
    labels = history.relation_labels(Actor, [("sources", [old.pk], [new.pk])])
    assert history.describe_relation_change("sources", [old.pk], [new.pk], labels) == (
        "+ hrw-2025-02-07, − hrw-2024-01-01"
    )


def test_history_tables_index_only_what_history_is_read_by():
    """A version is looked up by its record's id, and an inline's rows by their parent (e.g. an actor's
    aliases); the live table's search indexes (names, slugs, codes) would only slow every write."""
    for model in history._recorders:
        history_model = model.history.model
        relations = {f.column for f in history_model._meta.concrete_fields if f.is_relation}
        allowed = {"history_id", "history_date", model._meta.pk.column, *relations}
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, history_model._meta.db_table)
        indexed = {column for c in constraints.values() if c["index"] for column in c["columns"]}
        assert indexed - allowed == set(), history_model._meta.db_table
        assert model._meta.pk.column in indexed, history_model._meta.db_table
