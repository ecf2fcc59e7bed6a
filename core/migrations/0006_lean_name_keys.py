"""The name index loses its surrogate id, its stored weight and its metaphone keys.

Django cannot turn an existing table's primary key into a composite one, so the table is made anew:
its rows are set aside, the table is dropped and created with ``(key, actor)`` as primary key, and the
rows come back (those of the dropped ``p:`` kind left out). Plain SQL, for PostgreSQL and SQLite alike.
Going back restores the old table from the same rows, weights derived from the key's prefix as
``core.screening.WEIGHTS`` did; ``rebuild_name_index`` then adds back the metaphone keys.
"""

import django.db.models.deletion
from django.db import migrations, models

SET_ASIDE = "CREATE TABLE core_namekey_previous AS SELECT key, actor_id FROM core_namekey WHERE key NOT LIKE 'p:%'"
DROP_SET_ASIDE = "DROP TABLE core_namekey_previous"
OLD_WEIGHT = "CASE substr(key, 1, 1) WHEN 'n' THEN 8 WHEN 'b' THEN 4 WHEN 'e' THEN 3 WHEN 'k' THEN 3 WHEN 's' THEN 2 ELSE 1 END"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_address_note"),
    ]

    operations = [
        migrations.RunSQL(
            [SET_ASIDE],
            reverse_sql=[
                "INSERT INTO core_namekey (key, actor_id, weight) "
                f"SELECT key, actor_id, {OLD_WEIGHT} FROM core_namekey_previous",
                DROP_SET_ASIDE,
            ],
        ),
        migrations.DeleteModel(name="NameKey"),
        migrations.CreateModel(
            name="NameKey",
            fields=[
                ("pk", models.CompositePrimaryKey("key", "actor", blank=True, editable=False, primary_key=True, serialize=False)),
                (
                    "key",
                    models.CharField(
                        help_text="Kind prefix and value, e.g. 'e:netanyahu', 's:ntn', 'n:benjamin netanyahu'.",
                        max_length=255,
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        help_text="The actor the key points to.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="name_keys",
                        to="core.actor",
                    ),
                ),
            ],
            options={
                "verbose_name": "name key",
                "ordering": ["actor_id", "key"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("key__startswith", "n:")),
                        fields=["actor", "key"],
                        name="core_namekey_whole_names",
                    )
                ],
            },
        ),
        migrations.RunSQL(
            ["INSERT INTO core_namekey (key, actor_id) SELECT key, actor_id FROM core_namekey_previous", DROP_SET_ASIDE],
            reverse_sql=[SET_ASIDE],
        ),
    ]
