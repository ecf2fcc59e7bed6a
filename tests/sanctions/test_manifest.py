"""manage.py import_lists: a manifest's imports, in its order, in one process and one transaction."""

import io
import re
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import Actor, NameKey
from sanctions.importers.manifest import ManifestError, Step, read_manifest
from sanctions.management.commands import import_lists
from sanctions.models import Designation, ListImport
from tests.factories import d
from tests.sanctions.test_importers import DATA, counts, snapshot
from tests.sanctions.test_runs import break_the_commit

pytestmark = pytest.mark.django_db

TWO_RELEASES = """
[[import]]
format = "ofac-sdn-csv"
path = "ofac_sdn"
release-date = 2025-01-01

[[import]]
format = "ofac-sdn-csv"
path = "ofac_sdn_next"
release-date = 2025-06-01
"""


def run_manifest(path, *args):
    out = io.StringIO()
    call_command("import_lists", str(path), *map(str, args), "--no-progress", stdout=out)
    return out.getvalue()


def manifest(tmp_path, text, name="imports.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def steps_of(output):
    """The output of each import of a run, in order: what follows the line that starts it."""
    steps = []
    for line in output.splitlines():
        if re.match(r"\[\d+/\d+\] ", line):
            steps.append([])
        elif steps:
            steps[-1].append(line)
    return ["\n".join(lines) for lines in steps]


def test_a_manifest_reads_its_imports_with_their_options(tmp_path):
    path = manifest(
        tmp_path,
        """
[[import]]
format = "fr-json"
paths = ["a.json", "b.json"]
release-date = 2025-12-10
partial = true
strict = true

[[import]]
format = "un-xml"
path = "un.xml"
""",
    )
    for name in ("a.json", "b.json", "un.xml"):
        (tmp_path / name).touch()
    assert read_manifest(path) == [
        Step(1, "fr-json", (tmp_path / "a.json", tmp_path / "b.json"), d("2025-12-10"), partial=True, strict=True),
        Step(2, "un-xml", (tmp_path / "un.xml",)),
    ]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(ManifestError, match="no such file or folder: .*elsewhere/a.json"):
        read_manifest(path, data_dir=elsewhere)


def test_the_imports_run_in_order_each_seeing_the_ones_before(tmp_path):
    """The second release of the manifest delists what the first listed and it lacks, as a second import_list
    command would, and the summary of each import is printed."""
    output = run_manifest(manifest(tmp_path, TWO_RELEASES), "--data-dir", DATA)
    first, second = steps_of(output)
    assert counts(first, "actor")["added"] == 3
    assert counts(second, "actor")["added"] == 1 and counts(second, "designation")["delisted"] == 1
    assert Designation.objects.get(actor__slug="ofac-sdn-102").delisted_on == d("2025-06-01")
    assert "2 imports in" in output.splitlines()[-1]


def test_running_the_manifest_again_changes_nothing(tmp_path):
    path = manifest(tmp_path, TWO_RELEASES)
    run_manifest(path, "--data-dir", DATA)
    before = snapshot()
    again = steps_of(run_manifest(path, "--data-dir", DATA))
    assert [counts(output, "actor")["added"] + counts(output, "actor")["updated"] for output in again] == [
        0,
        0,
    ]
    assert snapshot() == before


def test_paths_are_relative_to_the_manifests_folder_by_default(tmp_path):
    shutil.copytree(DATA / "ofac_sdn", tmp_path / "ofac_sdn")
    shutil.copytree(DATA / "ofac_sdn_next", tmp_path / "ofac_sdn_next")
    output = run_manifest(manifest(tmp_path, TWO_RELEASES))
    assert len(steps_of(output)) == 2 and Actor.objects.filter(slug="ofac-sdn-104").exists()


def test_one_import_that_fails_leaves_the_database_as_before_the_first(tmp_path):
    (tmp_path / "un.xml").write_text("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>")  # cut short
    path = manifest(tmp_path, TWO_RELEASES + '[[import]]\nformat = "un-xml"\npath = "un.xml"\n')
    for release in ("ofac_sdn", "ofac_sdn_next"):
        (tmp_path / release).symlink_to(DATA / release)
    before = snapshot()
    with pytest.raises(CommandError, match=r"Import 3 of 3 \(un-xml .*un.xml\) failed; none .* was written"):
        run_manifest(path)
    assert snapshot() == before and not ListImport.objects.exists()


def test_strict_aborts_the_whole_manifest_on_a_rejected_row(tmp_path):
    """The first release has an alias row for a missing entry: --strict, or strict on its import, aborts all."""
    path = manifest(tmp_path, TWO_RELEASES)
    with pytest.raises(CommandError, match=r"Import 1 of 2 (?s:.*)alt.csv line 3: alias for missing entry 999"):
        run_manifest(path, "--data-dir", DATA, "--strict")
    strict = manifest(tmp_path, TWO_RELEASES.replace("2025-01-01", "2025-01-01\nstrict = true"), "strict.toml")
    with pytest.raises(CommandError, match=r"Import 1 of 2 (?s:.*)alt.csv line 3: alias for missing entry 999"):
        run_manifest(strict, "--data-dir", DATA)
    assert not Actor.objects.filter(slug__startswith="ofac-").exists()


def test_a_strict_import_after_others_takes_them_back_with_it(tmp_path):
    """Only the third import is strict, and its file has a rejected row: the two before it are not written."""
    text = TWO_RELEASES + '[[import]]\nformat = "ofac-sdn-csv"\npath = "ofac_sdn"\nrelease-date = 2025-07-01\n'
    with pytest.raises(CommandError, match=r"Import 3 of 3 (?s:.*)strict(?s:.*)alias for missing entry 999"):
        run_manifest(manifest(tmp_path, text + "strict = true\n"), "--data-dir", DATA)
    assert not Actor.objects.filter(slug__startswith="ofac-").exists() and not ListImport.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_an_error_at_the_commit_is_reported_as_nothing_written(tmp_path, monkeypatch):
    """Regression guard: the commit's errors (a deferred foreign key, here) escaped the command as a traceback."""
    break_the_commit(monkeypatch, import_lists)
    with pytest.raises(CommandError, match="Import failed, nothing was written: IntegrityError"):
        run_manifest(manifest(tmp_path, TWO_RELEASES), "--data-dir", DATA)
    assert not Actor.objects.filter(slug__startswith="ofac-").exists() and not NameKey.objects.filter(key="e:nobody")


def test_a_dry_run_prints_every_summary_and_writes_nothing(tmp_path):
    output = run_manifest(manifest(tmp_path, TWO_RELEASES), "--data-dir", DATA, "--dry-run")
    assert "Dry run: nothing was written." in output
    assert counts(steps_of(output)[1], "designation")["delisted"] == 1, "it saw the first import"
    assert not Actor.objects.filter(slug__startswith="ofac-").exists() and not ListImport.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[[import]]\nformat = 'ofac-sdn-csv'\npath = 'ofac_sdn'\nreleas-date = 2025-01-01",
            r"unknown keys \['releas-date'\]",
        ),
        ("[[import]]\nformat = 'ofac-sdn'\npath = 'ofac_sdn'", "format: 'ofac-sdn' is none of .*ofac-sdn-csv"),
        ("[[import]]\npath = 'ofac_sdn'", "format: None is none of"),
        ("[[import]]\nformat = 'ofac-sdn-csv'", "give either path or paths"),
        ("[[import]]\nformat = 'ofac-sdn-csv'\npath = 'ofac_sdn'\npaths = ['ofac_sdn']", "give either path or paths"),
        ("[[import]]\nformat = 'ofac-sdn-csv'\npaths = []", "paths: not a file name or a list of them"),
        ("[[import]]\nformat = 'ofac-sdn-csv'\npath = 7", "path: not a file name"),
        ("[[import]]\nformat = 'ofac-sdn-csv'\npath = 'nowhere'", "no such file or folder: .*nowhere"),
        (
            "[[import]]\nformat = 'ofac-sdn-csv'\npath = 'ofac_sdn'\nrelease-date = '2025-01-01'",
            r"release-date: '2025-01-01' is not a date \(write it unquoted",
        ),
        (
            "[[import]]\nformat = 'ofac-sdn-csv'\npath = 'ofac_sdn'\nrelease-date = 2025-01-01T10:00:00",
            "release-date: .* is not a date",
        ),
        (
            "[[import]]\nformat = 'ofac-sdn-csv'\npath = 'ofac_sdn'\npartial = 'yes'",
            "partial: 'yes' is not true or false",
        ),
        ("", r"no \[\[import\]\] table"),
        ("[import]\nformat = 'ofac-sdn-csv'", r"no \[\[import\]\] table"),
        ("imports = 1", r"unknown keys \['imports'\]"),
        ("[[import]\nformat = 'x'", "imports.toml: .*line 1"),
        ("[[import]]\nformat = ['ofac-sdn-csv']\npath = 'ofac_sdn'", r"format: \['ofac-sdn-csv'\] is none of"),
        ("[[import]]\nformat = {a = 1}\npath = 'ofac_sdn'", r"format: \{'a': 1\} is none of"),
        ("[[import]]\nformat = 'ofac-sdn-csv'\npaths = ['ofac_sdn', 7]", "paths: not a file name or a list"),
        ("[[import]]\nformat = 'ofac-sdn-csv'\npaths = ['ofac_sdn', 'ofac_sdn']", "paths: a file named twice"),
        ("[[import]]\nformat = 'ofac-sdn-csv'\npath = 'ofac_sdn'\nstrict = 'x'", "strict: 'x' is not true or false"),
        ("import = [1]", "import 1: 1 is not a table of keys"),
        ("import = ['x']", "import 1: 'x' is not a table of keys"),
    ],
)
def test_a_manifest_that_cannot_be_followed_is_refused_before_any_import(tmp_path, text, message):
    """Every import of the manifest is checked first; the error names the file, the import and the key."""
    if text.startswith("[[import]]\n"):  # the third import, after two that could run
        path = manifest(tmp_path, TWO_RELEASES + text)
        message = "imports.toml, import 3: " + message
    else:  # a whole document of its own
        path = manifest(tmp_path, text)
    out = io.StringIO()
    with pytest.raises(CommandError, match=message):
        call_command("import_lists", str(path), "--data-dir", str(DATA), "--no-progress", stdout=out)
    assert out.getvalue() == "", "no import was begun"
    assert not Actor.objects.filter(slug__startswith="ofac-").exists()


def test_a_manifest_saved_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "imports.toml"
    path.write_text(TWO_RELEASES, encoding="utf-8-sig")
    assert [step.format for step in read_manifest(path, data_dir=DATA)] == ["ofac-sdn-csv", "ofac-sdn-csv"]


def test_a_data_folder_that_is_not_there_is_named(tmp_path):
    with pytest.raises(CommandError, match="the data folder .*nowhere is not a folder"):
        run_manifest(manifest(tmp_path, TWO_RELEASES), "--data-dir", tmp_path / "nowhere")


def test_a_missing_manifest_is_named(tmp_path):
    with pytest.raises(CommandError, match="nowhere.toml"):
        run_manifest(tmp_path / "nowhere.toml")
