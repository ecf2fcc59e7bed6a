"""manage.py import_lists MANIFEST — the imports a manifest lists, in its order, in one transaction."""

import time

from django.core.management.base import BaseCommand, CommandError

from sanctions.importers.manifest import ManifestError, read_manifest
from sanctions.importers.runs import ImportFailed, import_release, one_transaction, progress_bar


class Command(BaseCommand):
    help = (
        "Run the imports a TOML manifest lists (format, path or paths, release-date, partial, strict: the "
        "options of import_list), in its order, in one process and one transaction: one that fails leaves the "
        "database as it was before the first."
    )

    def add_arguments(self, parser):
        parser.add_argument("manifest", help="The TOML file listing the imports.")
        parser.add_argument(
            "--data-dir", help="The folder the manifest's paths are relative to (default: the manifest's own)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Print the summaries without writing anything.")
        parser.add_argument("--strict", action="store_true", help="Abort (and write nothing) on any rejected row.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args, manifest, data_dir, dry_run, strict, no_progress, verbosity, **options):
        started, shown = time.perf_counter(), not no_progress and verbosity >= 1
        try:
            steps = read_manifest(manifest, data_dir=data_dir)
        except ManifestError as error:
            raise CommandError(str(error)) from error
        try:
            with one_transaction(dry_run=dry_run, say=self.stdout.write):
                for step in steps:
                    self.stdout.write(f"[{step.number}/{len(steps)}] {step}")
                    try:
                        outcome = import_release(
                            format=step.format,
                            paths=step.paths,
                            release_date=step.release_date,
                            partial=step.partial,
                            strict=strict or step.strict,
                            progress=progress_bar(step.format, stream=self.stderr, shown=shown),
                        )
                    except ImportFailed as error:
                        raise CommandError(
                            f"Import {step.number} of {len(steps)} ({step}) failed; none of the manifest's "
                            f"imports was written:\n{error}"
                        ) from error
                    for line in outcome.lines():  # each import's time leaves out the one commit, at the end
                        self.stdout.write(line)
        except ImportFailed as error:  # at the commit
            raise CommandError(str(error)) from error
        self.stdout.write(f"{len(steps)} imports in {time.perf_counter() - started:.1f} s")
