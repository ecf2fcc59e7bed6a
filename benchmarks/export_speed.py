"""Export benchmark: time and peak Python memory of the export command and the API's streamed downloads.

Fills a throw-away database as the API benchmark does (``BENCH_ACTORS`` actors with 2 aliases and a
designation each), then exports it whole and in part. Memory is measured with tracemalloc in a separate
run from the timing. A download's peak memory should not depend on its number of rows.

    BENCH_ACTORS=20000 python benchmarks/export_speed.py     # DATABASE_URL, default sqlite:///bench_exports.sqlite3
"""

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench_exports.sqlite3'}")

import api_latency  # noqa: E402  (sets Django up and fills the database)
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def measure(label, run):
    started = time.perf_counter()
    rows = run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:58} {rows:>8} rows  {seconds:7.2f} s  peak {peak / 2**20:6.1f} MiB")


def command(fmt, *args):
    def run():
        with tempfile.TemporaryDirectory() as out:
            call_command("export", "--format", fmt, "--output", out, *args, verbosity=0)
            return sum(len(p.read_text().splitlines()) for p in Path(out).rglob("*") if p.is_file())

    return run


def download(url):
    def run():
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(url)
            lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        download.queries = len(queries)
        return lines

    return run


def main():
    call_command("migrate", verbosity=0)
    if not api_latency.Treaty.objects.filter(slug="rome-statute").exists():
        call_command("loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")), verbosity=0)
    api_latency.fill()
    reset_queries()
    print(f"database: {connection.vendor}, {api_latency.Actor.objects.count()} actors")
    measure("export --format csv (all resources)", command("csv"))
    measure("export --format jsonl (all resources)", command("jsonl"))
    measure("export --format ftm", command("ftm"))
    measure("export --format fixture", command("fixture"))
    sizes = ("limit=1000&", "limit=5000&", "")  # the peak should stop growing once a chunk (1,000 rows) is full
    for url in [f"/api/designations/?{size}format=csv" for size in sizes] + [
        f"/api/targets/?{size}format=ftm" for size in sizes
    ]:
        measure(f"GET {url}", download(url))
        print(f"{'':58} {download.queries} queries")


if __name__ == "__main__":
    main()
