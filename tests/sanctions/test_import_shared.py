"""`make import-shared` as the README documents it: every file of ../shared/data loads, running the commands
again changes nothing, and the targets they bring are found through the API and the admin."""

import shlex
from pathlib import Path

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from sanctions.models import Designation
from tests.sanctions.test_importers import SHARED, counts, needs_shared, run

pytestmark = [pytest.mark.django_db, needs_shared]

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"
CHANGES = ("added", "updated", "delisted")


def recipe():
    """The import commands of the Makefile's ``import-shared`` recipe, as lists of arguments, with
    ``$(SHARED_DATA)`` read as the folder beside the project: the commands a newcomer runs, not a copy."""
    text = MAKEFILE.read_text()
    body = text.split("\nimport-shared:", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    commands = []
    for line in body:
        assert line.startswith("\t$(IMPORT) "), f"not an import command: {line!r}"
        commands.append(shlex.split(line.removeprefix("\t$(IMPORT) ").replace("$(SHARED_DATA)", str(SHARED))))
    return commands


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
    named = {Path(argument) for command in recipe() for argument in command[1:] if not argument.startswith("-")}
    named = {path for path in named if path.is_relative_to(SHARED)}
    assert all(path.exists() for path in named), "every file the recipe names is there"
    # Every format's folder is loaded from; the recipe reads 13 releases.
    assert {path.relative_to(SHARED).parts[0] for path in named} == {"ofac", "un", "eu", "federal_register"}
    assert len(recipe()) == 13


def test_import_shared_loads_everything_once_and_then_changes_nothing(admin_client):
    first = [run(*command) for command in recipe()]
    assert sum(counts(output, "actor")["added"] for output in first) > 9000
    before = fingerprint()
    again = {" ".join(command[:2]): changed(run(*command)) for command in recipe()}
    assert again == {key: {} for key in again}, "a second run adds, updates and delists nothing"
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
