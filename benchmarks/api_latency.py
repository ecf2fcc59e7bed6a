"""API latency benchmark: fill a database with a realistic volume, then time the main endpoints.

Prints, per endpoint, the median and 95th percentile latency through the Django test client, and the
ratio of the median to the time the same SQL statements take when run directly (the database's share).

    python benchmarks/api_latency.py            # uses DATABASE_URL, default sqlite:///bench.sqlite3
    BENCH_ACTORS=100000 make bench

The database is filled once (it is reused when it already holds the volume); use a throw-away one.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")
os.environ.setdefault("API_THROTTLE_ANON", "1000000/minute")
# Timed as served: DEBUG logs every statement through a debug cursor, which no deployment runs with.
os.environ.setdefault("DJANGO_DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from machine import speed_line  # noqa: E402

from core.models import Actor, Alias, NameKey, Source, State  # noqa: E402
from core.screening import index_actors  # noqa: E402
from courts.models import Treaty, TreatyAction  # noqa: E402
from sanctions.models import Designation, SanctionProgram  # noqa: E402

ACTORS = int(os.environ.get("BENCH_ACTORS", "100000"))
TREATIES = 25  # x 200 States = 5,000 treaty actions
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
BATCH = 5000


def index_names():
    """Bulk inserts skip the signals that index names: index the bench actors as an import would."""
    if NameKey.objects.filter(actor__slug="bench-0").exists():
        return
    started = time.perf_counter()
    ids = list(Actor.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        index_actors(ids[start : start + 5000])
    print(f"name index built in {time.perf_counter() - started:.1f} s")


def fill():
    if Actor.objects.filter(slug__startswith="bench-").count() >= ACTORS:
        return
    print(f"filling: {ACTORS} actors with 2 aliases and 1 designation each, {TREATIES * 200} treaty actions ...")
    started = time.perf_counter()
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(key="bench", defaults={"title": "Benchmark", "publisher": "bench"})
        programs = []
        for n in range(50):
            program, _ = SanctionProgram.objects.get_or_create(
                code=f"BENCH-{n}", defaults={"name": f"Bench program {n}", "authority": "bench"}
            )
            program.sources.add(source)
            programs.append(program)
        states = list(State.objects.order_by("code")[:200])
        Actor.objects.bulk_create(
            [
                Actor(slug=f"bench-{n}", kind="person" if n % 4 else "organisation", name=f"Bench Person {n:06d}")
                for n in range(ACTORS)
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        actors = list(Actor.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
        Alias.objects.bulk_create(
            [Alias(actor_id=pk, name=f"Alias {i} of {pk}") for pk in actors for i in range(2)],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        Actor.sources.through.objects.bulk_create(
            [Actor.sources.through(actor_id=pk, source_id=source.pk) for pk in actors],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        Actor.nationalities.through.objects.bulk_create(
            [Actor.nationalities.through(actor_id=pk, state_id=states[pk % len(states)].pk) for pk in actors],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        import datetime

        base = datetime.date(2000, 1, 1)
        Designation.objects.bulk_create(
            [
                Designation(
                    actor_id=pk,
                    program=programs[pk % 50],
                    listed_on=base + datetime.timedelta(days=pk % 9000),
                    delisted_on=base + datetime.timedelta(days=pk % 9000 + 400) if pk % 3 == 0 else None,
                )
                for pk in actors
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        Designation.sources.through.objects.bulk_create(
            [
                Designation.sources.through(designation_id=pk, source_id=source.pk)
                for pk in Designation.objects.filter(program__code__startswith="BENCH-").values_list("pk", flat=True)
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        for n in range(TREATIES):
            treaty, _ = Treaty.objects.get_or_create(slug=f"bench-treaty-{n}", defaults={"title": f"Bench {n}"})
            treaty.sources.add(source)
            TreatyAction.objects.bulk_create(
                [
                    TreatyAction(
                        treaty=treaty,
                        state=state,
                        action_type="ratification",
                        date=base + datetime.timedelta(days=i * 10),
                        effective_date=base + datetime.timedelta(days=i * 10 + 60),
                    )
                    for i, state in enumerate(states)
                ],
                batch_size=BATCH,
            )
        TreatyAction.sources.through.objects.bulk_create(
            [
                TreatyAction.sources.through(treatyaction_id=pk, source_id=source.pk)
                for pk in TreatyAction.objects.filter(treaty__slug__startswith="bench-").values_list("pk", flat=True)
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # bulk-loaded: let PostgreSQL use index-only scans
    print(f"filled in {time.perf_counter() - started:.1f} s")


ENDPOINTS = [
    ("actors list", "/api/actors/?limit=50"),
    ("actors deep offset", "/api/actors/?limit=50&offset=90000"),
    ("actors cursor", "/api/actors/?limit=50&cursor="),
    ("actor detail", "/api/actors/bench-4242/"),
    ("actors q search", "/api/actors/?limit=50&q=Person%20004242"),
    ("targets list", "/api/targets/?limit=50"),
    ("targets program as_of", "/api/targets/?limit=50&program=BENCH-7&as_of=2010-01-01"),
    ("designations list", "/api/designations/?limit=50"),
    ("designations as_of", "/api/designations/?limit=50&as_of=2010-01-01"),
    ("states list", "/api/states/?limit=50"),
    ("states party_to as_of", "/api/states/?limit=50&party_to=rome-statute&as_of=2019-03-18"),
    ("treaty parties as_of", "/api/treaties/rome-statute/parties/?as_of=2019-03-18"),
    ("treaty actions list", "/api/treaty-actions/?limit=50"),
    ("executive orders in_force", "/api/executive-orders/?in_force=true&as_of=2025-03-01"),
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def raw_sql_seconds(statements):
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
    return time.perf_counter() - started


def measure(client, url):
    """Median and p95 of the request, and the median of its SQL statements run directly.

    The statements are captured on a request of their own, outside the timed ones: capturing puts a
    debug cursor in every statement's path.
    """
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    statements = [q["sql"] for q in queries.captured_queries]
    timings, raw = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
        raw.append(raw_sql_seconds(statements))
    return statistics.median(timings), percentile(timings, 0.95), statistics.median(raw), len(statements)


def prepare():
    """Migrate, load the fixtures, fill the volume and index it (each step skipped when already done)."""
    call_command("migrate", verbosity=0)
    if not Treaty.objects.filter(slug="rome-statute").exists():
        call_command("loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")), verbosity=0)
    fill()
    index_names()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main():
    prepare()
    client = Client(HTTP_ACCEPT="application/json")
    print(
        f"\n{connection.vendor}: {Actor.objects.count()} actors, {Alias.objects.count()} aliases, "
        f"{Designation.objects.count()} designations, {TreatyAction.objects.count()} treaty actions; {RUNS} runs each"
    )
    print(speed_line())
    print(f"{'endpoint':28} {'median ms':>10} {'p95 ms':>8} {'raw SQL ms':>11} {'ratio':>6} {'queries':>8}")
    for name, url in ENDPOINTS:
        median, p95, raw, queries = measure(client, url)
        print(f"{name:28} {median * 1000:10.1f} {p95 * 1000:8.1f} {raw * 1000:11.1f} {median / raw:6.1f} {queries:8}")


if __name__ == "__main__":
    main()
