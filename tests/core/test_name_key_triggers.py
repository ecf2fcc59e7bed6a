"""The name index's reference to its actor, kept by the database's triggers rather than a foreign key
(migration ``core.0011``): what the foreign key refused is refused, what it cascaded is cascaded.

These also fail when a later migration rebuilds ``core_actor`` or ``core_namekey`` on SQLite and loses the
triggers with the old table."""

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from core import bulk
from core.models import Actor, NameKey

pytestmark = pytest.mark.django_db

TABLE = NameKey._meta.db_table


def bare_actor(name="Zebulon Quartermaine"):
    """An actor with nothing but its name keys, so that a raw delete of its row leaves no other row behind."""
    actor = Actor.objects.create(slug=name.lower().replace(" ", "-"), name=name, kind=Actor.Kind.PERSON)
    assert NameKey.objects.filter(actor=actor).exists()
    return actor


def missing_actor_id():
    return (Actor.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def test_a_key_for_an_actor_that_does_not_exist_is_refused():
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        NameKey.objects.create(actor_id=missing_actor_id(), key="e:nobody")
    assert not NameKey.objects.filter(key="e:nobody").exists()


def test_one_missing_actor_refuses_the_whole_statement():
    """An import writes its keys in one statement (a COPY on PostgreSQL): one bad row refuses them all."""
    actor = bare_actor()
    rows = [(actor.pk, "e:first"), (missing_actor_id(), "e:nobody"), (actor.pk, "e:last")]
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        bulk.insert_rows(connection, TABLE, ["actor_id", "key"], rows)
    assert not NameKey.objects.filter(key__in=["e:first", "e:nobody", "e:last"]).exists()


def test_a_key_cannot_be_moved_to_an_actor_that_does_not_exist():
    actor = bare_actor()
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        NameKey.objects.filter(actor=actor).update(actor_id=missing_actor_id())
    assert NameKey.objects.filter(actor=actor).exists()


def test_keys_for_existing_actors_are_written():
    one, other = bare_actor("Zebulon Quartermaine"), bare_actor("Ysolde Marchbanks")
    written = bulk.insert_rows(connection, TABLE, ["actor_id", "key"], [(one.pk, "e:extra"), (other.pk, "e:extra")])
    assert written == 2
    assert set(NameKey.objects.filter(key="e:extra").values_list("actor_id", flat=True)) == {one.pk, other.pk}


def test_deleting_an_actor_in_plain_sql_deletes_its_keys():
    """The ORM deletes the keys itself (``on_delete=CASCADE``); the database does too, for any other client."""
    gone, kept = bare_actor("Zebulon Quartermaine"), bare_actor("Ysolde Marchbanks")
    kept_keys = NameKey.objects.filter(actor=kept).count()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Actor._meta.db_table} WHERE id = %s", [gone.pk])
    assert not NameKey.objects.filter(actor_id=gone.pk).exists()
    assert NameKey.objects.filter(actor=kept).count() == kept_keys > 0


def test_an_actor_with_keys_keeps_its_id():
    actor = bare_actor()
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.filter(pk=actor.pk).update(id=missing_actor_id())
    assert Actor.objects.filter(pk=actor.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_actors_of_keys_being_written_cannot_be_deleted_until_the_keys_are_committed():
    """As a foreign key's check does, PostgreSQL's locks the actors it found: an actor deleted by another
    transaction in the meantime would leave keys pointing nowhere. SQLite has one writer at a time."""
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        return
    actor = bare_actor()
    settings = connection.settings_dict
    with transaction.atomic():
        NameKey.objects.create(actor=actor, key="e:pending")
        with psycopg.connect(
            host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"], dbname=settings["NAME"]
        ) as other:
            other.execute("SET lock_timeout = '200ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute(f"DELETE FROM {Actor._meta.db_table} WHERE id = %s", [actor.pk])
    assert NameKey.objects.filter(actor=actor, key="e:pending").exists()
