"""manage.py restore PATH — replace the database's content with a backup written by ``backup``.

In one transaction: empty every table (``flush``, which recreates content types and permissions),
then load the file through the validating ``loaddata`` without recording history (the backup holds
its own), which also rebuilds the name index of the loaded actors. Any failure leaves the database as
it was before the restore.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction


class Command(BaseCommand):
    help = "Replace everything in the database with the content of a backup file (see `manage.py backup`)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.json, .json.gz ...).")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, path, interactive, **options):
        if interactive:
            answer = input("This replaces everything in the database with the backup. Type 'yes' to go on: ")
            if answer != "yes":
                self.stdout.write("Restore cancelled.")
                return
        connection = connections[DEFAULT_DB_ALIAS]
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            if connection.vendor == "postgresql":
                # PostgreSQL refuses to TRUNCATE a table with foreign-key checks still pending from earlier
                # writes of the same transaction: run them now, and defer them again for the load.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            call_command("flush", interactive=False, verbosity=0)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            call_command("loaddata", path, without_history=True, verbosity=options["verbosity"])
