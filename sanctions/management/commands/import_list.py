"""manage.py import_list FORMAT PATH... — load an official list release, idempotently and atomically."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from sanctions.importers import FORMATS
from sanctions.importers.runs import ImportFailed, import_release, one_transaction, progress_bar


class Command(BaseCommand):
    help = (
        "Import an official list release. Importing the same release twice changes nothing; a newer release "
        "updates changed records, adds new ones and marks those no longer present as delisted on its date. "
        "Formats: " + ", ".join(sorted(FORMATS)) + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("format", choices=sorted(FORMATS), help="The list's file format.")
        parser.add_argument("paths", nargs="+", help="The file(s), or the folder holding a CSV release.")
        parser.add_argument("--dry-run", action="store_true", help="Print the summary without writing anything.")
        parser.add_argument("--strict", action="store_true", help="Abort (and write nothing) on any rejected row.")
        parser.add_argument(
            "--release-date",
            type=datetime.date.fromisoformat,
            help="Publication date of the release, for formats that do not state it (default: the file's own, "
            "else today).",
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The file is an extract or a sample of a release: add and update what it holds, delist nothing "
            "(an older release than one already imported is refused without it).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, format, paths, dry_run, strict, release_date, partial, no_progress, verbosity, **options):
        started = time.perf_counter()
        progress = progress_bar(format, stream=self.stderr, shown=not no_progress and verbosity >= 1)
        try:
            with one_transaction(dry_run=dry_run, say=self.stdout.write):
                outcome = import_release(
                    format=format,
                    paths=paths,
                    release_date=release_date,
                    partial=partial,
                    strict=strict,
                    progress=progress,
                )
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        outcome.seconds = time.perf_counter() - started  # with the commit
        for line in outcome.lines():
            self.stdout.write(line)
