"""Import benchmark: the full 2019 OFAC SDN CSV, the full UN list and the full OFAC advanced consolidated file.

Prints first the time of imports that update records (a release over another format's of the same day; the
Federal Register's exports), then, per file, entries per second for a first and a repeat import, the CPU time
this process spent on each (the rest of the wall time is the database's, or other work on the machine: compare
CPU times when the machine is busy), and the peak Python memory (tracemalloc) of a first import, then the time
``manage.py loaddata`` takes to load the same records from a fixture dump, for comparison. A repeat import of
the same bytes over an unchanged database reports the stored outcome without reading the file; "re-read" is
the same release imported once more after another record changed, so that it is read and compared in full.
Needs ../shared/data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import python benchmarks/importers.py

The database is flushed first: use a throw-away one.
"""

import csv
import datetime
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench_import.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core import serializers  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from machine import speed_line  # noqa: E402

from core.models import Actor, Address, Alias, DataVersion, IdentityDocument, Source  # noqa: E402
from sanctions.importers import ofac_csv  # noqa: E402
from sanctions.models import Designation, ListImport, SanctionProgram  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
FILES = [
    ("ofac-sdn-csv", SHARED / "ofac" / "legacy_csv_full_2019-01", ["--release-date", "2019-01-15"]),
    ("un-xml", SHARED / "un" / "un_sc_consolidated_2026-02-27.xml", []),
    ("ofac-cons-advanced-xml", SHARED / "ofac" / "advanced_xml" / "cons_advanced_2020-03-17.xml", []),
]


def timed_import(fmt, path, extra, *, trace=False):
    """(wall seconds, CPU seconds of this process) for one import; with ``trace``, the peak Python memory
    instead (tracemalloc slows the run)."""
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    call_command("import_list", fmt, str(path), *extra, "--no-progress", stdout=io.StringIO())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak
    return elapsed, cpu


def forget(fmt):
    """Remove what one format's list imported, so that it can be imported afresh: rows only, straight in SQL
    (the ORM's delete records a history version and a data version per row, minutes for a large release)."""
    prefix = {"ofac-sdn-csv": "ofac-sdn-", "un-xml": "un-", "ofac-cons-advanced-xml": "ofac-cons-"}[fmt]
    actors = Actor.objects.filter(slug__startswith=prefix)
    designations = Designation.objects.filter(actor__in=actors)
    doomed = [(field.remote_field.through, "designation", designations) for field in Designation._meta.many_to_many]
    doomed.append((Designation, "actor", actors))
    for relation in Actor._meta.related_objects:
        if relation.one_to_many and relation.related_model is not Designation:
            doomed.append((relation.related_model, relation.field.name, actors))
    doomed += [(field.remote_field.through, "actor", actors) for field in Actor._meta.many_to_many]
    with transaction.atomic():
        for model, field, owners in doomed:
            rows = model._base_manager.filter(**{f"{field}__in": owners})
            rows._raw_delete(rows.db)
        actors._raw_delete(actors.db)
        DataVersion.bump()


def counted_import(label, fmt, path, extra):
    """Time one import and print it with what it changed (an import over records already there updates them)."""
    out = io.StringIO()
    started = time.perf_counter()
    call_command("import_list", fmt, str(path), *extra, "--no-progress", stdout=out)
    elapsed = time.perf_counter() - started
    rows = {line.split()[0]: line.split()[1:3] for line in out.getvalue().splitlines() if line[:1].isalpha()}
    kind = "instrument" if fmt.startswith("fr-") else "actor"
    added, updated = map(int, rows[kind])
    print(
        f"{label:44} {added:>6} added {updated:>5} updated {elapsed:>6.2f} s {(added + updated) / elapsed:>7.0f}/s",
        flush=True,
    )


def updates():
    """A release imported over records another format of the same list wrote (OFAC's consolidated list of one
    day, as CSV then as XML: every entry reads as changed), and the Federal Register's exports, the second over
    the first."""
    cons = SHARED / "ofac" / "consolidated_non_sdn_2018-04-06"
    counted_import("OFAC consolidated CSV 2018, first", "ofac-cons-csv", cons, ["--release-date", "2018-04-06"])
    counted_import("the same day's XML over it", "ofac-cons-xml", cons / "consolidated.xml", [])
    forget("ofac-cons-advanced-xml")  # the same prefix
    ListImport.objects.all().delete()  # the advanced file, older than nothing imported now
    fr = SHARED / "federal_register"
    nara, export = "fr_executive_orders_12890-13622_nara.csv", "fr_export_executive_orders_13272-14270_2025-04-15.csv"
    counted_import("Federal Register NARA CSV, first", "fr-csv", fr / nara, ["--release-date", "2019-04-11"])
    counted_import("Federal Register 2025 export over it", "fr-csv", fr / export, ["--release-date", "2025-04-15"])


def main():
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")), verbosity=0)
    print(f"{connection.vendor}; {speed_line()}")
    updates()
    print(
        f"{'file':26} {'entries':>8} {'first s':>8} {'CPU s':>6} {'entries/s':>10} {'repeat s':>9} {'CPU s':>6} "
        f"{'speed-up':>9} {'re-read s':>9} {'CPU s':>6} {'speed-up':>9} {'peak MiB':>9}"
    )
    for fmt, path, extra in FILES:
        before = Actor.objects.count()
        first, first_cpu = timed_import(fmt, path, extra)
        entries = Actor.objects.count() - before
        repeat, repeat_cpu = timed_import(fmt, path, extra)
        # The same release after some record changed: the file is read and compared in full.
        DataVersion.bump()
        reread, reread_cpu = timed_import(fmt, path, extra)
        forget(fmt)
        peak = timed_import(fmt, path, extra, trace=True)
        print(
            f"{fmt:26} {entries:>8} {first:>8.2f} {first_cpu:>6.2f} {entries / first:>10.0f} {repeat:>9.2f} "
            f"{repeat_cpu:>6.2f} {first / repeat:>8.1f}x {reread:>9.2f} {reread_cpu:>6.2f} {first / reread:>8.1f}x "
            f"{peak / 2**20:>9.1f}",
            flush=True,
        )
    scaled_memory()
    # The same records through loaddata: the UN list's actors, aliases, addresses, documents and designations.
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as dump:
        un = Actor.objects.filter(slug__startswith="un-")
        records = [
            *Source.objects.filter(key__startswith="import-un-"),
            *SanctionProgram.objects.filter(code__startswith="UN-"),
            *un,
        ]
        records += [*Alias.objects.filter(actor__in=un), *Address.objects.filter(actor__in=un)]
        records += [*IdentityDocument.objects.filter(actor__in=un)]
        records += [*Designation.objects.filter(actor__in=un)]
        dump.write(
            serializers.serialize(
                "json", records, use_natural_foreign_keys=True, use_natural_primary_keys=True
            ).encode()
        )
    forget("un-xml")
    SanctionProgram.objects.filter(code__startswith="UN-").delete()
    started = time.perf_counter()
    call_command("loaddata", dump.name, verbosity=0)
    loaddata = time.perf_counter() - started
    print(
        f"loaddata of the UN list's {Actor.objects.filter(slug__startswith='un-').count()} entries from a dump: "
        f"{loaddata:.1f} s ({Actor.objects.filter(slug__startswith='un-').count() / loaddata:.0f} entries/s)",
        flush=True,
    )
    os.unlink(dump.name)
    curated_twins()


def curated_twins(count=200):
    """The 2019 OFAC CSV's first import again, with ``count`` curated actors (three aliases each, common names)
    designated under SDGT: each new SDGT entry is compared with those it shares a whole name or a pair of words
    with (``sanctions/importers/curated.py``). Compare with the first import's time above."""
    forget("ofac-sdn-csv")
    ListImport.objects.all().delete()
    first = ["Mohammed", "Ahmed", "Ali", "Hassan", "Omar", "Yusuf", "Ibrahim", "Khalid", "Abdul", "Mahmoud"]
    last = ["HAMAD", "SALEH", "NASSER", "AL-MASRI", "HADDAD", "KHOURY", "MANSOUR", "YOUSEF", "AZIZ", "RAHMAN"]
    last += ["QASIM", "FARID"]
    source = Source.objects.create(key="bench-curated", title="Benchmark", publisher="Benchmark")
    sdgt = SanctionProgram.objects.get(code="SDGT")
    for i in range(count):
        actor = Actor.objects.create(
            slug=f"curated-{i}", name=f"{first[i % 10]} {first[i // 10 % 10]} {last[i % 12]}", kind="person"
        )
        actor.sources.set([source])
        for j in range(3):
            Alias.objects.create(actor=actor, name=f"{first[(i + j) % 10]} {last[(i + 5 * j) % 12]}")
        Designation.objects.create(actor=actor, program=sdgt, listed_on=datetime.date(2010, 1, 1))
    fmt, path, extra = FILES[0]
    out = io.StringIO()
    started = time.perf_counter()
    call_command("import_list", fmt, str(path), *extra, "--no-progress", stdout=out)
    elapsed = time.perf_counter() - started
    named = sum(line.startswith("possibly a curated record") for line in out.getvalue().splitlines())
    print(
        f"{fmt} first import with {count} curated actors under SDGT: {elapsed:.2f} s "
        f"({named} new entries named like one)",
        flush=True,
    )


def scaled_release(folder, times):
    """The 2019 OFAC CSV release ``times`` over, each copy's entry numbers shifted: a larger release of the
    same shape, in entry order as OFAC writes it."""
    source = FILES[0][1]
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        # Read as the importer reads it (its encoding found, the end marker dropped), cells as written.
        rows = [row for _, row in ofac_csv._records(source / name) if row]
        with open(folder / name, "w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            for copy in range(times):
                writer.writerows([str(int(row[0]) + copy * 1_000_000), *row[1:]] for row in rows)
    return folder


def scaled_memory():
    """Peak Python memory of a first import of the 2019 CSV release, and of the same release four times
    over: memory that does not grow with the file reads the same in both."""
    forget("ofac-sdn-csv")
    with tempfile.TemporaryDirectory() as folder:
        larger = scaled_release(Path(folder), 4)
        size = sum(path.stat().st_size for path in larger.iterdir()) / 2**20
        timed_import("ofac-sdn-csv", FILES[0][1], FILES[0][2])  # the first import in a process fills its caches
        forget("ofac-sdn-csv")
        peaks = [timed_import("ofac-sdn-csv", path, FILES[0][2], trace=True) for path in (FILES[0][1], larger)]
        forget("ofac-sdn-csv")
    print(
        f"peak MiB of a first import, caches filled: 2019 OFAC CSV {peaks[0] / 2**20:.1f}, "
        f"the same four times over ({size:.0f} MB) {peaks[1] / 2**20:.1f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
