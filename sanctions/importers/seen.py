"""What one import has read so far, kept in a temporary table of its own rather than in memory."""

import itertools
import os

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from core.bulk import insert_rows

_tables = itertools.count(1)


class SeenTable:
    """The actors a release lists (``program_id`` NULL) and their (actor, program) pairs.

    Held in a temporary table, so that memory does not grow with the release: a set of a million pairs
    in Python weighs a hundred megabytes. The delisting reads it back in one anti-join. The table lives
    in the import's transaction: a rollback takes it away, ``drop()`` does after a success.
    """

    def __init__(self, connection):
        self.connection = connection
        self.table = f"import_seen_{os.getpid()}_{next(_tables)}"
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {quote(self.table)} (actor_id bigint NOT NULL, program_id bigint NULL)"
            )
            cursor.execute(f"CREATE INDEX {quote(self.table + '_pairs')} ON {quote(self.table)} (actor_id, program_id)")

    def add_actors(self, actor_ids):
        """Record these actors; True when one of them was recorded before (a uid given twice)."""
        actor_ids = list(actor_ids)
        if not actor_ids:
            return False
        placeholders = ", ".join(["%s"] * len(actor_ids))
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {self.connection.ops.quote_name(self.table)} "
                f"WHERE program_id IS NULL AND actor_id IN ({placeholders}) LIMIT 1",
                actor_ids,
            )
            again = cursor.fetchone() is not None
        insert_rows(self.connection, self.table, ["actor_id", "program_id"], [(pk, None) for pk in actor_ids])
        return again

    def add_pairs(self, pairs):
        """Record (actor id, program id) pairs: designations the release lists."""
        insert_rows(self.connection, self.table, ["actor_id", "program_id"], list(pairs))

    def unlisted(self, designations):
        """Those of ``designations`` (a queryset) whose actor and program the release did not pair."""
        quote = self.connection.ops.quote_name
        own = quote(designations.model._meta.db_table)
        listed = RawSQL(
            f"EXISTS (SELECT 1 FROM {quote(self.table)} seen "
            f"WHERE seen.actor_id = {own}.{quote('actor_id')} AND seen.program_id = {own}.{quote('program_id')})",
            (),
            output_field=BooleanField(),
        )
        return designations.alias(listed=listed).filter(listed=False)

    def drop(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {self.connection.ops.quote_name(self.table)}")
