"""Admin changelist benchmark: every changelist of ours, and the searches curators run, on 100,000 actors.

Fills the same throw-away database as benchmarks/api_latency.py (100,000 actors with 2 aliases and a
designation each, 5,000 treaty actions; reused when already filled), then prints, per page, the median
and 95th percentile time through the Django test client as a logged-in superuser, and its query count.

    python benchmarks/admin_changelists.py      # DATABASE_URL, default sqlite:///bench.sqlite3
    BENCH_ACTORS=100000 BENCH_RUNS=10 make bench
"""

import os
import statistics
import time

# Importing the API benchmark sets up Django on the same database and brings its fill.
from api_latency import ACTORS, percentile, prepare
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machine import speed_line

from core.models import Actor

RUNS = int(os.environ.get("BENCH_RUNS", "10"))

# Beyond the plain changelists: what curators type and click.
EXTRA = [
    ("actors: search 'Person 004242'", "admin:core_actor_changelist", {"q": "Person 004242"}),
    ("actors: search 'Нетаньяху'", "admin:core_actor_changelist", {"q": "Нетаньяху"}),
    ("actors: filter nationality", "admin:core_actor_changelist", {"nationalities__id__exact": "1"}),
    ("actors: page 1000", "admin:core_actor_changelist", {"p": "1000"}),
    ("designations: program filter", "admin:sanctions_designation_changelist", {"program__id__exact": "1"}),
    ("designations: currently listed", "admin:sanctions_designation_changelist", {"currently_listed": "yes"}),
    ("designations: search actor", "admin:sanctions_designation_changelist", {"q": "Bench Person 004242"}),
    ("designations: year 2010", "admin:sanctions_designation_changelist", {"listed_on_year": "2010"}),
    ("actor autocomplete 'Netan'", "admin:autocomplete", "Netan"),
    ("actor autocomplete 'Person 0042'", "admin:autocomplete", "Person 0042"),  # only common words
]


def measure(client, url, params):
    for _ in range(2):
        assert client.get(url, params).status_code == 200, url
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return statistics.median(timings), percentile(timings, 0.95), len(queries)


def main():
    prepare()
    user, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    pages = [
        (model._meta.verbose_name_plural, f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist", {})
        for model in sorted(admin.site._registry, key=lambda m: m._meta.label)
        if model._meta.app_label in ("core", "courts", "sanctions")
    ]
    autocomplete = {"app_label": "sanctions", "model_name": "designation", "field_name": "actor"}
    pages += [
        (name, view, {**autocomplete, "term": params} if isinstance(params, str) else params)
        for name, view, params in EXTRA
    ]
    print(
        f"\n{connection.vendor}: {Actor.objects.count()} actors (BENCH_ACTORS={ACTORS}); "
        f"{RUNS} runs each, pages of the admin's list_per_page"
    )
    print(speed_line())
    print(f"{'changelist':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, view, params in pages:
        median, p95, queries = measure(client, reverse(view), params)
        print(f"{name:40} {median * 1000:10.1f} {p95 * 1000:8.1f} {queries:8}")


if __name__ == "__main__":
    main()
