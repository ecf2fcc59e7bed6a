"""The name index's reference to its actor is enforced by triggers instead of a foreign key.

A foreign key checks each row it is given on its own: one lookup of the actor per key, about 26 keys per
actor, so 1.1 s of the 2019 OFAC CSV's first import went to checking its 231,378 keys at commit. On
PostgreSQL a statement trigger checks all the keys one statement wrote in one query (a COPY of all of them)
and locks their actors as a foreign key does, so that none is deleted before the transaction ends. SQLite
has row triggers only; it checked each row anyway. On both, deleting an actor deletes its keys, and an
actor's id cannot change while keys point to it: what the foreign key did, with ``on_delete=CASCADE``.

SQLite drops a table's triggers when Django rebuilds the table (``_remake_table``): a later migration that
rebuilds ``core_actor`` or ``core_namekey`` on SQLite must create them again (``SQLITE`` below). The tests in
``tests/core/test_name_key_triggers.py`` fail when they are missing.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = [
    """
    CREATE FUNCTION core_namekey_actor_exists() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        missing bigint;
    BEGIN
        -- As a foreign key's check does: the actors stay until this transaction ends.
        PERFORM FROM core_actor WHERE id IN (SELECT actor_id FROM written) FOR KEY SHARE;
        SELECT actor_id INTO missing FROM written
         WHERE NOT EXISTS (SELECT FROM core_actor WHERE core_actor.id = written.actor_id)
         LIMIT 1;
        IF FOUND THEN
            RAISE foreign_key_violation USING
                MESSAGE = format('name key for actor %s, which does not exist', missing),
                TABLE = 'core_namekey', COLUMN = 'actor_id';
        END IF;
        RETURN NULL;
    END
    $$
    """,
    # A trigger with a transition table has one event only.
    """
    CREATE TRIGGER core_namekey_actor_exists_insert AFTER INSERT ON core_namekey
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION core_namekey_actor_exists()
    """,
    """
    CREATE TRIGGER core_namekey_actor_exists_update AFTER UPDATE ON core_namekey
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION core_namekey_actor_exists()
    """,
    """
    CREATE FUNCTION core_actor_delete_name_keys() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM core_namekey USING deleted WHERE core_namekey.actor_id = deleted.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER core_actor_delete_name_keys AFTER DELETE ON core_actor
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION core_actor_delete_name_keys()
    """,
    """
    CREATE FUNCTION core_actor_keep_keyed_id() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT FROM core_namekey WHERE actor_id = OLD.id) THEN
            RAISE foreign_key_violation USING
                MESSAGE = format('actor %s has name keys: its id cannot change', OLD.id),
                TABLE = 'core_actor', COLUMN = 'id';
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER core_actor_keep_keyed_id AFTER UPDATE OF id ON core_actor
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION core_actor_keep_keyed_id()
    """,
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER core_actor_keep_keyed_id ON core_actor",
    "DROP FUNCTION core_actor_keep_keyed_id()",
    "DROP TRIGGER core_actor_delete_name_keys ON core_actor",
    "DROP FUNCTION core_actor_delete_name_keys()",
    "DROP TRIGGER core_namekey_actor_exists_update ON core_namekey",
    "DROP TRIGGER core_namekey_actor_exists_insert ON core_namekey",
    "DROP FUNCTION core_namekey_actor_exists()",
]

MISSING_ACTOR = "NOT EXISTS (SELECT 1 FROM core_actor WHERE id = NEW.actor_id)"

SQLITE = [
    f"""
    CREATE TRIGGER core_namekey_actor_exists_insert BEFORE INSERT ON core_namekey WHEN {MISSING_ACTOR}
    BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: name key for an actor that does not exist'); END
    """,
    f"""
    CREATE TRIGGER core_namekey_actor_exists_update BEFORE UPDATE OF actor_id ON core_namekey WHEN {MISSING_ACTOR}
    BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: name key for an actor that does not exist'); END
    """,
    """
    CREATE TRIGGER core_actor_delete_name_keys AFTER DELETE ON core_actor
    BEGIN DELETE FROM core_namekey WHERE actor_id = OLD.id; END
    """,
    """
    CREATE TRIGGER core_actor_keep_keyed_id BEFORE UPDATE OF id ON core_actor
    WHEN OLD.id <> NEW.id AND EXISTS (SELECT 1 FROM core_namekey WHERE actor_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: an actor with name keys keeps its id'); END
    """,
]

SQLITE_REVERSE = [
    "DROP TRIGGER core_actor_keep_keyed_id",
    "DROP TRIGGER core_actor_delete_name_keys",
    "DROP TRIGGER core_namekey_actor_exists_update",
    "DROP TRIGGER core_namekey_actor_exists_insert",
]


def run(statements):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            # The reference would go unchecked: refuse rather than lose the invariant silently.
            raise NotImplementedError(f"name key triggers are written for PostgreSQL and SQLite, not {vendor}")
        for statement in statements[vendor]:
            schema_editor.execute(statement, params=None)  # no parameters: '%s' is format()'s

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_actor_gender"),
    ]

    operations = [
        migrations.AlterField(
            model_name="namekey",
            name="actor",
            field=models.ForeignKey(
                db_constraint=False,
                help_text="The actor the key points to.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="name_keys",
                to="core.actor",
            ),
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
