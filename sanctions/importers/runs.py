"""One import of a release: what ``import_list`` and ``import_lists`` share."""

import datetime
import functools
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from tqdm import tqdm

from core import history
from sanctions.importers import FORMATS
from sanctions.importers.entries import Rejected
from sanctions.importers.sync import MissingReferenceData, Summary


class ImportFailed(Exception):
    """An import that cannot finish. Its transaction is rolled back, so the message says nothing was written
    (except where the release could not even be read, before anything was)."""


class DryRun(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


@dataclass
class Outcome:
    """What one import did, and how long it took."""

    title: str
    published_on: datetime.date
    partial: bool
    summary: Summary
    seconds: float

    def lines(self):
        yield f"{self.title} (published {self.published_on}) in {self.seconds:.1f} s"
        yield from self.summary.lines()
        if self.partial:
            yield "Partial file: nothing absent from it was delisted."


@transaction.atomic
def import_release(*, format, paths, release_date=None, partial=False, strict=False, progress=None):
    """Import the release in ``paths`` as ``format`` (a key of ``FORMATS``) and return its ``Outcome``.

    Raises ``ImportFailed``, and writes nothing, for a file that cannot be read or parsed, an internal error,
    or (with ``strict``) any rejected row. In a caller's transaction, its writes are a savepoint of it.
    ``progress`` makes the progress bar (a ``tqdm``), once the release has been found readable.
    """
    started = time.perf_counter()
    importer = FORMATS[format]
    paths = [str(path) for path in paths]
    try:
        release = importer.release(paths, release_date=release_date)
    except (OSError, ValueError) as error:
        raise ImportFailed(f"Cannot read {', '.join(paths)}: {error}") from error
    release.partial = partial
    bar = progress() if progress is not None else None
    try:
        with history.change_reason(f"import {format}: {release.title}"):
            summary = importer.load(release, progress=bar)
    except Rejected as error:  # a file that cannot be parsed at all
        raise ImportFailed(f"{error}; nothing was written.") from error
    except MissingReferenceData as error:
        raise ImportFailed(f"{error} Nothing was written.") from error
    except Exception as error:
        raise ImportFailed(failure(error)) from error
    finally:
        if bar is not None:
            bar.close()
    if strict and summary.rejected:
        raise ImportFailed("Rejected rows in a strict import; nothing was written:\n" + "\n".join(summary.rejected))
    return Outcome(release.title, release.published_on, partial, summary, time.perf_counter() - started)


@contextmanager
def one_transaction(*, dry_run, say):
    """The one transaction of a command's imports: rolled back at the end of a dry run, which ``say`` tells, and
    an error at its commit (a deferred constraint, a lost connection) raised as ``ImportFailed``, not escaping as a
    traceback."""
    try:
        with transaction.atomic():
            yield
            if dry_run:
                raise DryRun
    except DryRun:
        say("Dry run: nothing was written.")
    except DatabaseError as error:  # at the commit: import_release reports those raised before it
        raise ImportFailed(failure(error)) from error


def progress_bar(format, *, stream, shown):
    """What makes an import's progress bar, for ``import_release``'s ``progress``."""
    return functools.partial(tqdm, desc=format, unit=" entries", disable=not shown, file=stream)


def failure(error):
    """What to say of an error an import raised: an internal one, or the database's at the commit (a deferred
    constraint, a lost connection)."""
    return f"Import failed, nothing was written: {type(error).__name__}: {error}"
