import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError

from exports.selection import Selection, UnknownKey
from exports.writer import FORMATS, ExportError, export_database


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Export the database, or the part chosen by --program / --treaty / --as-of, as CSV files (one per resource), "
        "JSON Lines of full records with their sources, FollowTheMoney entities, or a fixture that loaddata reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default="csv", help="What to write (default csv).")
        parser.add_argument(
            "--output",
            default="export",
            help="csv, jsonl: a directory (one file per resource). ftm, fixture: a file, or a directory to write "
            "entities.ftm.json / fixture.json into. Default: ./export",
        )
        parser.add_argument("--program", action="append", default=[], help="Program code; repeatable.")
        parser.add_argument("--treaty", help="Treaty slug, e.g. rome-statute.")
        parser.add_argument("--as-of", type=iso_date, help="Only what was in effect (or done) on YYYY-MM-DD.")

    def handle(self, *args, **options):
        try:
            selection = Selection(programs=tuple(options["program"]), treaty=options["treaty"], as_of=options["as_of"])
            written = export_database(fmt=options["format"], selection=selection, output=options["output"])
        except (UnknownKey, ExportError) as error:
            raise CommandError(str(error)) from None
        if options["verbosity"]:
            for path, count in written.items():
                self.stdout.write(f"{path}: {count}")
