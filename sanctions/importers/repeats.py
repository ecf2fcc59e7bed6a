"""A release imported again: what the last import of the same bytes reported, without reading them.

Shared by the lists (``sync.Sync``) and the Federal Register's orders. The same bytes over records none of
which has changed since would change nothing, and the same bytes imported before a later release of the
same publisher would partly undo it: either way the stored outcome is reported. This is what makes a
sequence of imports (``make import-shared``) safe to run twice when its files disagree.
"""

from django.utils import timezone
from django.utils.text import slugify

from core.models import DataVersion
from sanctions.models import ListImport


def data_version():
    """The data version's counter, read without creating its row."""
    return DataVersion.objects.filter(pk=1).values_list("counter", flat=True).first() or 0


def imported_before(source, digest):
    """The record of the last import of these very bytes under ``source``, if any."""
    if not digest:
        return None
    return ListImport.objects.filter(source=source, digest=digest).first()


def newer_release(publisher, published_on):
    """The publication date of a later release of ``publisher``'s already imported, if any."""
    imports = ListImport.objects.filter(
        source__key__startswith=slugify(f"import-{publisher}") + "-", source__published_on__gt=published_on
    )
    return imports.order_by("-source__published_on").values_list("source__published_on", flat=True).first()


def unchanged_now(known):
    """Whether no record has changed since ``known`` (a ``ListImport``) was written."""
    return known is not None and known.data_version == data_version()


def reported(source, release, summary, progress=None):
    """``summary``, filled with what the last import of ``release``'s bytes found, when reading them again is not
    wanted: no record has changed since, or a later release of the publisher has been imported since, which
    they would partly undo. None when the release is to be read."""
    previous = imported_before(source, release.digest)
    if unchanged_now(previous):
        return report_again(previous, summary, progress)
    if previous is not None and (newer := newer_release(release.publisher, release.published_on)):
        summary.notes.append(f"Not read again: the release of {newer} has been imported since.")
        return report_again(previous, summary, progress)
    return None


def report_again(known, summary, progress=None):
    """Fill ``summary`` with what a full import of the release recorded in ``known`` would find: everything
    unchanged. Reading and comparing every entry again cost most of a first import's time (all of it for
    OFAC's advanced file)."""
    for kind, outcomes in known.summary["counts"].items():
        for outcome, n in outcomes.items():
            summary.count(kind, outcome, n)
    summary.rejected.extend(known.summary["rejected"])
    summary.notes += known.summary.get("unplaced", [])
    if progress is not None:
        progress.update(known.entries)
    return summary


def remember(source, digest, entries, summary, kinds, unplaced=()):
    """Store what importing the same bytes again will report: the records of ``kinds`` added, updated or
    unchanged now all unchanged, the same rejected rows and notes."""
    counts = summary.counts
    again = {}
    for kind in kinds:
        again[kind] = {"unchanged": sum(counts[kind][o] for o in ("added", "updated", "unchanged"))}
        if counts[kind]["rejected"]:
            again[kind]["rejected"] = counts[kind]["rejected"]
    if "row" in counts:
        again["row"] = {"rejected": counts["row"]["rejected"]}
    ListImport.objects.update_or_create(
        source=source,
        defaults={
            "digest": digest,
            "data_version": data_version(),
            "entries": entries,
            "summary": {"counts": again, "rejected": summary.rejected, "unplaced": list(unplaced)},
            "imported_at": timezone.now(),
        },
    )
