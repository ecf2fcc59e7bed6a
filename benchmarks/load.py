"""Load test: many concurrent clients against gunicorn on loopback, on a throw-away PostgreSQL database.

Creates the database ``load_<pid>`` next to ``LOAD_ADMIN_URL``, migrates it, loads the fixtures plus a
generated volume, starts gunicorn on a free loopback port, and runs ``LOAD_CLIENTS`` client threads for
``LOAD_SECONDS`` seconds. Each client draws its next request from a fixed mix: lists, details, ``as_of``
reads, ``?q=`` searches, ``POST /api/match/`` and writes (new Sources and Aliases through the API, with a
token of a user holding only those permissions, each carrying a unique marker). It prints throughput,
latency percentiles and errors by kind, then counts the written rows in the database: every 201 must have
exactly one row, and no row may exist without its 201. The database is dropped at the end.

    python benchmarks/load.py                     # or: make bench-load
    LOAD_SECONDS=60 LOAD_CLIENTS=64 LOAD_WORKERS=5 python benchmarks/load.py

Exit status 1 when any request failed or a write was lost or duplicated.
"""

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("LOAD_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "32"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
ACTORS = int(os.environ.get("LOAD_ACTORS", "20000"))
SEED = 8
DATABASE = f"load_{os.getpid()}"
DATABASE_URL = ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE
# The server's environment: production-like (no DEBUG), throttling out of the way of the measurement.
SERVER_ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DJANGO_DEBUG": "false",
    "DATABASE_URL": DATABASE_URL,
    "DATABASE_CONN_MAX_AGE": "60",
    "API_THROTTLE_ANON": "100000000/minute",
    "API_THROTTLE_USER": "100000000/minute",
}
# kind: share of the requests
MIX = {"list": 20, "detail": 15, "as_of": 15, "search": 15, "match": 10, "write_source": 12, "write_alias": 13}
MATCH_NAMES = ["Karim Khan", "Карим Хан", "Benjamin Netanyahu", "Bench Person 001234", "Yoav Gallant", "Joe Smith"]


def admin(statement):
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(statement)


def setup_database():
    """Create, migrate and fill the throw-away database; return the editor's API token."""
    print(f"creating {DATABASE}: migrate, fixtures, {ACTORS} generated actors ...", flush=True)
    admin(f'CREATE DATABASE "{DATABASE}"')
    manage = [sys.executable, str(ROOT / "manage.py")]
    fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
    for command in (["migrate", "--noinput", "-v0"], ["loaddata", "-v0", *fixtures]):
        subprocess.run(manage + command, env=SERVER_ENV, cwd=ROOT, check=True)
    os.environ.update({k: SERVER_ENV[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_DEBUG")})
    import django

    django.setup()
    from django.contrib.auth.models import Permission, User
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from core.models import Actor, Alias, Source
    from core.screening import index_actors

    with transaction.atomic():
        Actor.objects.bulk_create(
            [Actor(slug=f"bench-{n}", kind="person", name=f"Bench Person {n:06d}") for n in range(ACTORS)],
            batch_size=5000,
        )
        ids = list(Actor.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
        Alias.objects.bulk_create([Alias(actor_id=pk, name=f"Alias of {pk}") for pk in ids], batch_size=5000)
        for start in range(0, len(ids), 5000):
            index_actors(ids[start : start + 5000])
        Source.objects.get_or_create(key="load", defaults={"title": "Load test", "publisher": "load"})
        user = User.objects.create_user("load-editor")
        user.user_permissions.set(Permission.objects.filter(codename__in=["add_source", "add_alias"]))
        token = Token.objects.create(user=user).key
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    from django.db import connections

    connections.close_all()
    return token


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--backlog",
        "2048",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=SERVER_ENV, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "GET", "/api/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def request(port, method, path, body=None, token=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body)
    if token:
        headers["Authorization"] = f"Token {token}"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Client(threading.Thread):
    """One user: draws a request from the mix, sends it, records the outcome, until the deadline."""

    def __init__(self, number, port, token, deadline):
        super().__init__(daemon=True)
        self.number, self.port, self.token, self.deadline = number, port, token, deadline
        self.random = random.Random(SEED * 1000 + number)
        self.results = []  # (kind, status or exception name, seconds)
        self.writes = {}  # marker -> status (or None when the outcome is unknown)

    def run(self):
        kinds, weights = zip(*MIX.items(), strict=True)
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            kind = self.random.choices(kinds, weights)[0]
            method, path, body, marker = self.build(kind, n)
            started = time.perf_counter()
            try:
                status, _ = request(self.port, method, path, body, self.token if body is not None else None)
            except OSError as error:
                status = type(error).__name__
            self.results.append((kind, status, time.perf_counter() - started))
            if marker:
                self.writes[marker] = status

    def build(self, kind, n):
        pick = self.random
        if kind == "list":
            path = pick.choice(
                ["/api/actors/?limit=50", "/api/designations/?limit=50", "/api/treaty-actions/?limit=100",
                 "/api/states/?limit=100", "/api/sources/?limit=50",
                 f"/api/actors/?limit=50&offset={pick.randrange(ACTORS)}"]
            )  # fmt: skip
            return "GET", path, None, None
        if kind == "detail":
            path = pick.choice(
                ["/api/treaties/rome-statute/", "/api/courts/icc/", "/api/executive-orders/14203/",
                 "/api/programs/ICC-EO14203/", "/api/actors/karim-khan/", "/api/states/PH/treaties/",
                 f"/api/actors/bench-{pick.randrange(ACTORS)}/"]
            )  # fmt: skip
            return "GET", path, None, None
        if kind == "as_of":
            day = f"{pick.randrange(2000, 2027)}-{pick.randrange(1, 13):02d}-01"
            path = pick.choice(
                [f"/api/treaties/rome-statute/parties/?as_of={day}", f"/api/states/?party_to=rome-statute&as_of={day}",
                 f"/api/targets/?program=ICC-EO14203&as_of={day}", f"/api/executive-orders/?in_force=true&as_of={day}"]
            )  # fmt: skip
            return "GET", path, None, None
        if kind == "search":
            term = pick.choice(
                ["khan", "netanyahu", "bench person 00", f"person {pick.randrange(ACTORS):06d}", "alias"]
            )
            return "GET", f"/api/{pick.choice(['actors', 'targets'])}/?q={quote(term)}&limit=20", None, None
        if kind == "match":
            names = pick.sample(MATCH_NAMES, 2)
            queries = {f"q{i}": {"schema": "Person", "properties": {"name": [name]}} for i, name in enumerate(names)}
            return "POST", "/api/match/", {"queries": queries}, None
        marker = f"load-{self.number}-{n}"
        if kind == "write_source":
            body = {"key": marker, "title": f"Load {marker}", "publisher": "load test", "kind": "other"}
            return "POST", "/api/sources/", body, marker
        body = {"actor": f"bench-{pick.randrange(ACTORS)}", "name": f"Alias {marker}", "kind": "aka"}
        return "POST", "/api/aliases/", body, marker


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(clients, elapsed):
    results = [r for c in clients for r in c.results]
    by_kind = defaultdict(list)
    for kind, status, seconds in results:
        by_kind[kind].append((status, seconds))
    expected = {"write_source": 201, "write_alias": 201, "match": 200}
    errors = Counter()
    print(f"\n{len(results)} requests in {elapsed:.1f} s: {len(results) / elapsed:.0f} requests/s "
          f"({CLIENTS} clients, {WORKERS} gunicorn workers)")  # fmt: skip
    print(f"{'kind':<14}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  errors")
    for kind in MIX:
        rows = by_kind.get(kind, [])
        if not rows:
            continue
        times = [s * 1000 for _, s in rows]
        bad = Counter(status for status, _ in rows if status != expected.get(kind, 200))
        errors.update({f"{kind} {status}": n for status, n in bad.items()})
        print(
            f"{kind:<14}{len(rows):>9}{percentile(times, 0.5):>9.0f}{percentile(times, 0.95):>9.0f}"
            f"{percentile(times, 0.99):>9.0f}  {dict(bad) or 0}"
        )
    everything = [s * 1000 for _, _, s in results]
    print(f"{'all':<14}{len(results):>9}{percentile(everything, 0.5):>9.0f}{percentile(everything, 0.95):>9.0f}"
          f"{percentile(everything, 0.99):>9.0f}  mean {statistics.fmean(everything):.0f} ms")  # fmt: skip
    return errors


def check_writes(clients):
    """Every 201 has exactly one row; every row has its 201. Returns the list of problems."""
    writes = {marker: status for c in clients for marker, status in c.writes.items()}
    with psycopg.connect(DATABASE_URL) as connection:
        sources = connection.execute("SELECT key FROM core_source WHERE key LIKE 'load-%'").fetchall()
        aliases = connection.execute("SELECT name FROM core_alias WHERE name LIKE 'Alias load-%'").fetchall()
    rows = Counter([key for (key,) in sources] + [name.removeprefix("Alias ") for (name,) in aliases])
    created = {marker for marker, status in writes.items() if status == 201}
    lost = sorted(created - set(rows))
    duplicated = sorted(marker for marker, n in rows.items() if n > 1)
    unacknowledged = sorted(set(rows) - created)
    print(
        f"\nwrites: {len(writes)} sent, {len(created)} answered 201, {sum(rows.values())} rows found; "
        f"lost {len(lost)}, duplicated {len(duplicated)}, rows without a 201 {len(unacknowledged)}"
    )
    return (
        [f"lost {m}" for m in lost]
        + [f"duplicated {m}" for m in duplicated]
        + [f"no 201 for {m}" for m in unacknowledged]
    )


def main():
    port = free_port()
    server = None
    try:
        token = setup_database()
        server = start_server(port)
        print(f"gunicorn on 127.0.0.1:{port}; {CLIENTS} clients for {SECONDS:.0f} s ...", flush=True)
        started = time.monotonic()
        clients = [Client(n, port, token, started + SECONDS) for n in range(CLIENTS)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        server = None
        errors = report(clients, elapsed)
        problems = check_writes(clients)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    for problem in [*(f"{n} x {what}" for what, n in errors.items()), *problems][:20]:
        print("  " + problem)
    print("no errors, no lost or duplicated writes" if not errors and not problems else "FAILED")
    return 1 if errors or problems else 0


if __name__ == "__main__":
    sys.exit(main())
