"""Test database set-up: every fixture loaded once per session, as `make run` loads them."""

from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(str(path) for path in (ROOT / "fixtures").glob("*.json"))
SHARED_DATA = ROOT.parent / "shared" / "data"
# What the importers map the lists onto: states and measures.
REFERENCE_FIXTURES = {"01_states.json", "02_measures.json"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load all fixtures into the fresh test database, through the validating loaddata."""
    with django_db_blocker.unblock():
        call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture
def reference_data(transactional_db):
    """The states and measures imports map the lists onto, for a test in a transaction of its own: the flush
    after another such test leaves the database empty."""
    call_command("loaddata", *(path for path in FIXTURES if Path(path).name in REFERENCE_FIXTURES), verbosity=0)


@pytest.fixture
def source(db):
    from tests.factories import make_source

    return make_source()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
