"""An in-memory copy of the name index, for large populations: the same retrieval as ``core.screening``'s two
statements (posting counts, then the pool), answered from sorted arrays instead of index range scans.

At a million actors the two statements are most of a match's time (about 10 ms of database work); the same
counts and pool from memory take about 2 ms. The copy belongs to one process, holds what the index held at
one data version, and is used only while that version is the current one: any change to the records bumps
the version (``core.signals``), so a stale copy is never read. ``SCREENING_IN_MEMORY`` turns it on; a process
then builds it in a background thread when it finds it missing or stale and the records have been quiet
for a while, and answers from the database meanwhile. Restricted searches (``as_of``, a program) go to the
database: the restriction must apply before each key's cap on postings, as the statements apply it.

The copy gives the statements' candidates, with two rare exceptions: keys that share a hash (below), and keys
the database path remembers as common (``core.screening._common``) after they became rare, which the copy
counts afresh. The copy takes about 150 MiB per million actors, but its build peaks far higher: reading a
million actors' 22 million rows (their hashes, owners and sort order as arrays, the whole names as Python
strings) took a fresh process from 91 to 1,344 MiB (``benchmarks/screening.py``, 2026-11-29).
"""

import logging
import sys
import threading
import time
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Max, Min

from core.models import DataVersion, NameKey

logger = logging.getLogger(__name__)

# Rows read from the database at a time while building (their key strings are hashed and dropped).
CHUNK = 200_000
# On SQLite, actors whose rows one statement reads (about 25 rows each; see ``_rows``).
ACTORS_PER_READ = 8_000
# A build that failed is not retried before this many seconds (it would fail again at once).
RETRY_AFTER = 300
# A build starts only once this process has seen the same data version for this many seconds (counted from
# the first search that saw it, on the process's own clock, not from when it changed): under a stream of
# writes every copy is stale at once, and rebuilding after each took a core per process (and the GIL from its
# requests: a load test of 4 workers writing 50 times a second fell from 226 to 30 requests a second; builds
# spaced by nine times their duration, to 175). Searches read the database until the records are quiet.
QUIET = 10
# And the next build waits this many times as long as the last took: a tenth of a core at most.
SPACING = 9


@dataclass(frozen=True)
class NameSnapshot:
    """The name index at one data version. Keys are kept as their hashes (Python's ``hash``, fixed for the
    process that built them). Two keys sharing a 64-bit hash (about a one-in-a-million chance in a
    million-actor index) merge their postings: both then count the sum, which may rank them differently or
    cap them where the database would not, so that such a search's candidates may differ from the
    statements' (the ranking drops the extra actors; a key counted as common may leave a pool unread).

    - ``hashes``: each distinct key's hash, sorted; ``starts``: where its postings begin in ``postings`` (one
      more entry for the end); ``postings``: actor ids, by key, ascending within a key, as the primary key
      index orders them (so a key's first ``n`` postings are the database's ``LIMIT n``);
    - ``whole_offsets``: by actor id, where the actor's whole names begin in ``whole_text`` (the next id's
      entry is where they end; one more entry for the end), each name followed by a newline: the folded
      names the pool is ranked by (ASCII, so that the text takes a byte a letter). Indexed by id rather than
      searched: ids are dense (a sequence), and a lookup of 1,500 actors in two million names took 0.4 ms.
      Both id-indexed arrays take 16 bytes per id up to the highest, deleted actors' ids included;
      ``whole_counts``: likewise, by actor id, how many names come before the actor's.
    """

    version: tuple  # the data version's (counter, changed_at), from ``version_of``
    hashes: np.ndarray
    starts: np.ndarray
    postings: np.ndarray
    whole_offsets: np.ndarray
    whole_counts: np.ndarray
    whole_text: str

    @property
    def rows(self):
        """Index rows held: one per key of each actor."""
        return len(self.postings)

    @property
    def distinct_keys(self):
        return len(self.hashes)

    @property
    def nbytes(self):
        arrays = (self.hashes, self.starts, self.postings, self.whole_offsets, self.whole_counts)
        return sum(array.nbytes for array in arrays) + sys.getsizeof(self.whole_text)

    def _ranges(self, keys):
        """(start, end) of each key's postings, or None for a key no actor has."""
        if not len(self.hashes):
            return [None] * len(keys)
        wanted = np.fromiter((hash(key) for key in keys), dtype=np.int64, count=len(keys))
        at = np.minimum(np.searchsorted(self.hashes, wanted), len(self.hashes) - 1)
        found = (self.hashes[at] == wanted).tolist()
        starts, ends = self.starts[at].tolist(), self.starts[at + 1].tolist()
        return [(start, end) if hit else None for hit, start, end in zip(found, starts, ends, strict=True)]

    def posting_counts(self, keys, cap):
        """As ``core.screening.posting_counts``: ``{key: actors sharing it, up to cap}``, for keys some have."""
        counts = {}
        for key, found in zip(keys, self._ranges(keys), strict=True):
            if found:
                counts[key] = min(found[1] - found[0], cap)
        return counts

    def pool(self, weights, *, cap, size):
        """As ``core.screening.pool`` unrestricted: actor ids, weights of the keys shared and folded names (as
        arrays, arrays and a list) of the ``size`` actors sharing the most weight (ties by id), each key read
        to its first ``cap`` postings."""
        keys = list(weights)
        parts, part_weights = [], []
        for key, found in zip(keys, self._ranges(keys), strict=True):
            if found:
                start, end = found
                read = self.postings[start : min(end, start + cap)]
                parts.append(read)
                part_weights.append(np.full(len(read), weights[key], dtype=np.int64))
        if not parts:
            return [], [], []
        actors, inverse = np.unique(np.concatenate(parts), return_inverse=True)
        shared = np.bincount(inverse, weights=np.concatenate(part_weights)).astype(np.int64)
        best = np.lexsort((actors, -shared))[:size]
        pooled, pooled_shared = actors[best], shared[best]
        # An actor's names are contiguous, each followed by a newline: cut every pooled actor's out, then
        # split them all at once (an actor without any gives '', as the statement's LEFT JOIN does).
        last = len(self.whole_offsets) - 2  # ids above the last with a name have none
        at, known = np.minimum(pooled, last), pooled <= last
        begins = np.where(known, self.whole_offsets[at], 0)
        ends = np.where(known, self.whole_offsets[at + 1], 0)
        text = self.whole_text
        pieces = zip(begins.tolist(), ends.tolist(), strict=True)
        names = "\n".join([text[begin : end - 1] if end > begin else "" for begin, end in pieces])
        counts = np.maximum(np.where(known, self.whole_counts[at + 1] - self.whole_counts[at], 0), 1)
        return np.repeat(pooled, counts), np.repeat(pooled_shared, counts), names.split("\n")


def version_of(data_version):
    """What identifies a data version: its counter, and when it last changed (a counter alone would repeat
    if its row were ever made again, after a flush or a restore into an empty database)."""
    return (data_version.counter, data_version.changed_at)


def current_version():
    """The current data version's identity (``version_of``) without creating its row: None before any."""
    return DataVersion.objects.filter(pk=1).values_list("counter", "changed_at").first()


def build():
    """Read the whole name index into a ``NameSnapshot``.

    The version is read first: every change to the index commits with a bump of the version (in the same
    transaction, or the bump after the index), so whatever changed during the read leaves the copy older
    than the current version, and unused. No transaction is needed for that; PostgreSQL's server-side cursor
    wants one (outside it, the whole result is held first), and on SQLite one would lock out writers (see
    ``_rows``).
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            return _read()
    return _read()


def _read():
    from core.screening import whole_names_condition

    version = current_version()
    table = connection.ops.quote_name(NameKey._meta.db_table)
    hashes, actors = [], []
    for rows in _rows(f"SELECT key, actor_id FROM {table}"):
        keys, owners = zip(*rows, strict=True)
        hashes.append(np.fromiter(map(hash, keys), dtype=np.int64, count=len(rows)))
        actors.append(np.fromiter(owners, dtype=np.int64, count=len(rows)))
    hashes = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.int64)
    actors = np.concatenate(actors) if actors else np.empty(0, dtype=np.int64)
    order = np.lexsort((actors, hashes))
    hashes, postings = hashes[order], actors[order]
    del order, actors
    distinct, starts = np.unique(hashes, return_index=True)
    starts = np.append(starts, len(hashes)).astype(np.int64)
    del hashes
    # Actor ids fit 32 bits at any size this serves; half the memory of the largest array.
    postings = postings.astype(np.int32 if not len(postings) or postings.max() < 2**31 else np.int64)

    whole_actors, texts = [], []
    select = f"SELECT actor_id, SUBSTR(key, 3) FROM {table} WHERE {whole_names_condition(connection)}"
    for rows in _rows(select, order="actor_id"):
        for actor, text in rows:
            whole_actors.append(actor)
            texts.append(text)
    lengths = np.fromiter((len(text) + 1 for text in texts), dtype=np.int64, count=len(texts))
    whole_actors = np.array(whole_actors, dtype=np.int64)
    by_actor = np.bincount(whole_actors, weights=lengths, minlength=1).astype(np.int64)
    names_by_actor = np.bincount(whole_actors, minlength=1)
    return NameSnapshot(
        version=version,
        hashes=distinct,
        starts=starts,
        postings=postings,
        whole_offsets=np.concatenate(([0], np.cumsum(by_actor))).astype(np.int64),
        whole_counts=np.concatenate(([0], np.cumsum(names_by_actor))).astype(np.int64),
        whole_text="".join(text + "\n" for text in texts),
    )


def _rows(select, order=None):
    """The rows of ``select`` (a statement without parameters, its '%' doubled, with or without a WHERE
    clause), in lists (up to ``CHUNK`` rows on PostgreSQL, a range of actors' on SQLite), in ``order`` when
    given.

    PostgreSQL streams them from one server-side cursor. On SQLite a statement being read holds a read lock
    until its last row, and under the rollback journal no writer can commit meanwhile (it waits, then fails
    with "database is locked"): so it is run once per range of actor ids, each a short read by the index on
    the actor, the lock released in between.
    """
    ordered = f" ORDER BY {order}" if order else ""
    if connection.vendor != "sqlite":
        with connection.chunked_cursor() as cursor:
            cursor.execute(select.replace("%%", "%") + ordered)  # without parameters: '%' is itself
            while rows := cursor.fetchmany(CHUNK):
                yield rows
        return
    joined = " AND " if " WHERE " in select else " WHERE "
    ranged = f"{select}{joined}actor_id >= %s AND actor_id < %s{ordered}"
    bounds = NameKey.objects.aggregate(low=Min("actor_id"), high=Max("actor_id"))
    if bounds["low"] is None:
        return
    with connection.cursor() as cursor:
        for low in range(bounds["low"], bounds["high"] + 1, ACTORS_PER_READ):
            cursor.execute(ranged, [low, low + ACTORS_PER_READ])
            if rows := cursor.fetchall():
                yield rows


# This process's copy, and its background build.
_snapshot = None
_builder = None
_next_build_at = None  # time.monotonic() before which no build starts
_seen = (None, 0.0)  # the last data version a search saw, and since when (time.monotonic())
_lock = threading.Lock()


def install(snapshot):
    """Use ``snapshot`` from now on (a build's result; None drops the copy)."""
    global _snapshot
    _snapshot = snapshot


def usable(version=None):
    """The copy, if it holds the current data version (``version``, read when not given); else None, and
    when ``SCREENING_IN_MEMORY`` is on and searches in this process have seen that version for ``QUIET``
    seconds, a fresh copy starts building in the background."""
    enabled = getattr(settings, "SCREENING_IN_MEMORY", False)
    if _snapshot is None and not enabled:
        return None  # nothing to compare: no query for the version
    if version is None:
        version = current_version()
    snapshot = _snapshot
    if snapshot is not None and snapshot.version == version:
        return snapshot
    if enabled and _quiet_since(version) >= QUIET:
        refresh()
    return None


def _quiet_since(version):
    """Seconds since a search first saw this data version (0 for one not seen before)."""
    global _seen
    seen, since = _seen
    if seen != version:
        _seen = (version, time.monotonic())
        return 0.0
    return time.monotonic() - since


def refresh():
    """Start building a fresh copy in a background thread, unless one is building, or the last one ended too
    recently (``SPACING``, ``RETRY_AFTER``)."""
    global _builder
    with _lock:
        if _builder is not None and _builder.is_alive():
            return _builder
        if _next_build_at is not None and time.monotonic() < _next_build_at:
            return None
        _builder = threading.Thread(target=_build_in_background, name="name-snapshot", daemon=True)
        _builder.start()
        return _builder


def _build_in_background():
    global _next_build_at
    started = time.monotonic()
    try:
        snapshot = build()
        install(snapshot)
        _next_build_at = time.monotonic() + SPACING * (time.monotonic() - started)
        logger.info(
            "Name index in memory: version %s, %s rows, %s distinct keys, %.0f MiB, built in %.1f s",
            "{}@{}".format(*snapshot.version) if snapshot.version else "none yet",  # no row before any change
            snapshot.rows,
            snapshot.distinct_keys,
            snapshot.nbytes / 2**20,
            time.monotonic() - started,
        )
    except Exception:
        _next_build_at = time.monotonic() + RETRY_AFTER
        logger.exception("Building the name index in memory failed; screening reads the database meanwhile")
    finally:
        connections.close_all()  # this thread's own connections
