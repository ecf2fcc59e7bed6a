"""`make import-shared` as the README documents it: every file of ../shared/data loads, running the command
again changes nothing, and the targets it brings are found through the API and the admin."""

import io
import shlex
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from rest_framework.test import APIClient

from sanctions.importers.manifest import read_manifest
from sanctions.models import Designation
from tests.sanctions.test_importers import SHARED, counts, needs_shared
from tests.sanctions.test_manifest import steps_of

pytestmark = [pytest.mark.django_db, needs_shared]

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = ROOT / "Makefile"
CHANGES = ("added", "updated", "delisted")
LIST_FOLDERS = ("ofac", "un", "eu", "federal_register")  # rome_statute's tables are the fixtures' sources
LIST_SUFFIXES = {".csv", ".xml", ".json"}


def recipe():
    """The Makefile's ``import-shared`` command, as ``call_command`` arguments, with ``$(SHARED_DATA)`` read
    as the folder beside the project: the command a newcomer runs, not a copy."""
    text = MAKEFILE.read_text()
    (line,) = text.split("\nimport-shared:", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    prefix = "\t$(BIN)/python manage.py "
    assert line.startswith(prefix), f"not a manage.py command: {line!r}"
    return shlex.split(line.removeprefix(prefix).replace("$(SHARED_DATA)", str(SHARED)))


def imports():
    """The imports the recipe's manifest lists."""
    command, path, option, data_dir = recipe()
    assert (command, option) == ("import_lists", "--data-dir")
    return read_manifest(ROOT / path, data_dir=data_dir)


def run_recipe():
    """Each import's output, in order."""
    command, path, *options = recipe()
    out = io.StringIO()
    call_command(command, str(ROOT / path), *options, "--no-progress", stdout=out)
    return steps_of(out.getvalue())


def fingerprint():
    """Row counts of every table (history included), and the designations' dates."""
    rows = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    dates = list(Designation.objects.order_by("pk").values_list("pk", "listed_on", "delisted_on"))
    return rows, dates


def changed(output):
    """{kind: {outcome: n}} of the outcomes that change the database, where any is not zero."""
    rows = [line.split() for line in output.splitlines()]
    kinds = {row[0] for row in rows if len(row) == 6 and all(cell.isdigit() for cell in row[1:])}
    assert kinds, f"no summary in {output!r}"
    found = {kind: {o: counts(output, kind)[o] for o in CHANGES} for kind in kinds}
    return {kind: outcomes for kind, outcomes in found.items() if any(outcomes.values())}


def test_the_recipe_names_every_list_file_of_the_shared_folder():
    """Every list file of ../shared/data is loaded, itself or in its CSV release's folder, but the extracts of
    files loaded whole; read_manifest has checked that the files it names are there."""
    named = {path for step in imports() for path in step.paths}
    loaded = {file for path in named for file in ([path] if path.is_file() else path.glob("*.csv"))}
    lists = {file for folder in LIST_FOLDERS for file in (SHARED / folder).rglob("*") if file.suffix in LIST_SUFFIXES}
    left = lists - loaded
    assert all(file.stem.endswith("_extract") for file in left), left
    assert {file.with_stem(file.stem.removesuffix("_extract")) for file in left} <= loaded, "loaded whole"
    assert {path.relative_to(SHARED).parts[0] for path in named} == set(LIST_FOLDERS)
    assert len(imports()) == 13


def test_import_shared_loads_everything_once_and_then_changes_nothing(admin_client):
    first = run_recipe()
    assert len(first) == 13 and sum(counts(output, "actor")["added"] for output in first) > 9000
    before = fingerprint()
    assert [changed(output) for output in run_recipe()] == [{}] * 13, "a second run adds, updates, delists nothing"
    assert fingerprint() == before, "and writes nothing, history included"

    # A newcomer then finds the targets: through the API's search, however the name is spelt...
    api = APIClient()
    found = api.get("/api/targets/", {"q": "Ayman al-Zawahiri"}).json()["results"]
    assert "ofac-sdn-2676" in [target["slug"] for target in found]
    found = api.get("/api/targets/", {"q": "ERIC BADEGE"}).json()["results"]
    assert "un-6907993" in [target["slug"] for target in found]
    # ...and in the admin's actor list.
    page = admin_client.get("/admin/core/actor/", {"q": "Badege"})
    assert page.status_code == 200 and "ERIC BADEGE" in page.content.decode()
