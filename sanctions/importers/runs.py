"""One import of a release, inside the caller's transaction: what ``import_list`` and ``import_lists`` share."""

import time
from dataclasses import dataclass

from core import history
from sanctions.importers import FORMATS
from sanctions.importers.entries import Rejected
from sanctions.importers.sync import Summary


class ImportFailed(Exception):
    """An import that cannot finish. The caller rolls its transaction back, so the message says nothing was
    written (except where the release could not even be read, before anything was)."""


@dataclass
class Outcome:
    """What one import did, and how long it took."""

    format: str
    title: str
    published_on: object
    partial: bool
    summary: Summary
    seconds: float

    def lines(self):
        yield f"{self.title} (published {self.published_on}) in {self.seconds:.1f} s"
        yield from self.summary.lines()
        if self.partial:
            yield "Partial file: nothing absent from it was delisted."


def import_release(format, paths, *, release_date=None, partial=False, strict=False, progress=None):
    """Import the release in ``paths`` as ``format`` (a key of ``FORMATS``) and return its ``Outcome``.

    Writes in the caller's transaction, which must roll back on ``ImportFailed``: a file that cannot be
    parsed, an internal error, or (with ``strict``) any rejected row.
    """
    started = time.perf_counter()
    importer = FORMATS[format]
    paths = [str(path) for path in paths]
    try:
        release = importer.release(paths, release_date=release_date)
    except (OSError, ValueError) as error:
        raise ImportFailed(f"Cannot read {', '.join(paths)}: {error}") from error
    release.partial = partial
    try:
        with history.change_reason(f"import {format}: {release.title}"):
            summary = importer.load(release, progress=progress)
    except Rejected as error:  # a file that cannot be parsed at all
        raise ImportFailed(f"{error}; nothing was written.") from error
    except Exception as error:
        raise ImportFailed(f"Import failed, nothing was written: {type(error).__name__}: {error}") from error
    if strict and summary.rejected:
        raise ImportFailed("Rejected rows with --strict; nothing was written:\n" + "\n".join(summary.rejected))
    return Outcome(format, release.title, release.published_on, partial, summary, time.perf_counter() - started)
