"""One import of a release (``import_release``), as import_list and import_lists run it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.models import Actor, NameKey, State
from sanctions.importers.runs import ImportFailed, import_release
from sanctions.management.commands import import_list
from sanctions.models import LegalInstrument, ListImport, Measure
from tests.factories import d, make_actor
from tests.sanctions.test_importers import DATA, run

pytestmark = pytest.mark.django_db


def test_an_import_returns_what_it_did():
    outcome = import_release(format="ofac-sdn-csv", paths=[DATA / "ofac_sdn"], release_date=d("2025-01-01"))
    assert outcome.summary.counts["actor"]["added"] == 3
    lines = list(outcome.lines())
    assert lines[0].startswith("OFAC SDN list (legacy CSV) (published 2025-01-01) in ")
    assert "rejected: alt.csv line 3: alias for missing entry 999" in lines
    assert "Partial file" not in lines[-1]


def test_a_release_that_cannot_be_read_shows_no_progress_bar(tmp_path):
    def bar():
        pytest.fail("a progress bar was made for a release that cannot be read")

    with pytest.raises(ImportFailed, match="Cannot read .*nowhere.xml"):
        import_release(format="un-xml", paths=[tmp_path / "nowhere.xml"], progress=bar)


def test_a_strict_import_with_a_rejected_row_writes_nothing():
    with pytest.raises(ImportFailed, match="Rejected rows in a strict import; nothing was written:\nalt.csv line 3"):
        import_release(format="ofac-sdn-csv", paths=[DATA / "ofac_sdn"], release_date=d("2025-01-01"), strict=True)
    assert not Actor.objects.filter(slug__startswith="ofac-").exists() and not ListImport.objects.exists()


def test_a_failed_import_takes_back_its_own_writes_only():
    """In a caller's transaction, an import is a savepoint: what the caller wrote before it stays."""
    with transaction.atomic():
        make_actor(slug="written-before")
        with pytest.raises(ImportFailed):
            import_release(format="ofac-sdn-csv", paths=[DATA / "ofac_sdn"], release_date=d("2025-01-01"), strict=True)
        assert Actor.objects.filter(slug="written-before").exists()
        assert not Actor.objects.filter(slug__startswith="ofac-").exists()


def break_the_commit(monkeypatch, command):
    """Make ``command``'s imports also write a name key of no actor, which the database refuses at the commit."""
    real = command.import_release

    def breaks_a_deferred_constraint(**options):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO core_namekey (key, actor_id) VALUES ('e:nobody', 999999999)")
        return real(**options)

    monkeypatch.setattr(command, "import_release", breaks_a_deferred_constraint)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_an_error_at_the_commit_is_reported_as_nothing_written(monkeypatch):
    """Regression guard: the commit's errors (a deferred foreign key, here) escaped the command as a traceback."""
    break_the_commit(monkeypatch, import_list)
    with pytest.raises(CommandError, match="Import failed, nothing was written: IntegrityError"):
        run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    assert not Actor.objects.filter(slug__startswith="ofac-").exists()
    assert not NameKey.objects.filter(key="e:nobody").exists()


@pytest.mark.django_db(transaction=True)
def test_an_import_into_a_database_without_its_fixtures_stops_and_says_what_to_load():
    """Regression guard: with no states, a release was imported without a single country, and importing the same
    file again, once the states were loaded, reported the stored outcome without reading it."""
    call_command("flush", interactive=False, verbosity=0)
    # Stopped before any write, not rolled back after one: the savepoint would hide a write from the tables.
    with CaptureQueriesContext(connection) as queries:
        with pytest.raises(ImportFailed, match=r"No states in the database: load the fixtures first \(`make setup-db`"):
            import_release(format="ofac-sdn-csv", paths=[DATA / "ofac_sdn"], release_date=d("2025-01-01"))
        with pytest.raises(ImportFailed, match="The United States is not among the states in the database"):
            import_release(format="fr-csv", paths=[DATA / "fr.csv"], release_date=d("2025-04-15"))
    writes = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert not writes
    assert not Actor.objects.exists() and not ListImport.objects.exists() and not LegalInstrument.objects.exists()


def test_an_import_stops_when_the_publishers_measures_are_missing():
    Measure.objects.filter(slug="travel-ban").delete()
    with pytest.raises(ImportFailed, match="Measures missing from the database: travel-ban: load the fixtures"):
        import_release(format="un-xml", paths=[DATA / "un.xml"])
    assert not Actor.objects.filter(slug__startswith="un-").exists()


def test_an_import_stops_when_the_lists_jurisdiction_is_missing():
    State.objects.filter(code="US").update(code="ZZ")
    with pytest.raises(ImportFailed, match="The list's jurisdiction, US, is not among the states in the database"):
        import_release(format="ofac-sdn-csv", paths=[DATA / "ofac_sdn"], release_date=d("2025-01-01"))
    assert not Actor.objects.filter(slug__startswith="ofac-").exists()
