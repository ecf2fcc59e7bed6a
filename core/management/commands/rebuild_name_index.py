"""Rebuild the screening name index from every actor's names and aliases (after a bulk change)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core.models import Actor, DataVersion, NameKey
from core.screening import index_actors


class Command(BaseCommand):
    help = (
        "Rebuild the name index used by screening, search and /api/match/, in batches; each batch commits "
        "with a bump of the data version (so responses' data_version advances once per batch)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000, help="Actors per transaction (default 5000).")

    def handle(self, *args, batch, **options):
        ids = list(Actor.objects.order_by("pk").values_list("pk", flat=True))
        keys = 0
        for start in range(0, len(ids), batch):
            with transaction.atomic():
                keys += index_actors(ids[start : start + batch])
                # The index changed under every copy of it held in memory (core.name_snapshot): none may be
                # used. Bumped with each batch, so that a rebuild stopped half-way has retired them too.
                DataVersion.bump()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Lets retrieval use index-only scans at once rather than after autovacuum's next pass.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {NameKey._meta.db_table}")
        self.stdout.write(f"Indexed {len(ids)} actors: {keys} name keys.")
