"""An import names the new entries that may be curated records listed again, and merges nothing."""

import pytest

from core.models import Actor
from sanctions.models import Designation
from tests.factories import d, make_program
from tests.sanctions.test_importers import ofac_release, run

pytestmark = pytest.mark.django_db

EMPTY = ",-0- " * 7
SDN = [
    # Karim Khan as OFAC writes him, under the program the fixtures designate him under: named.
    f'500,"KHAN, Karim Asad Ahmad","individual","ICC-EO14203"{EMPTY},"DOB 30 Mar 1970."',
    # The same name under another program, an organisation so named, and another person: not named.
    f'501,"KHAN, Karim Asad Ahmad","individual","SDGT"{EMPTY},-0- ',
    f'502,"KARIM ASAD AHMAD KHAN",-0- ,"ICC-EO14203"{EMPTY},-0- ',
    f'503,"SMITH, John","individual","ICC-EO14203"{EMPTY},-0- ',
]
NOTE = (
    "possibly a curated record listed again: ofac-sdn-500 'Karim Asad Ahmad KHAN' (sdn.csv line 1) is named like "
    "karim-khan 'Karim Asad Ahmad Khan' (1.00), designated under ICC-EO14203 too"
)


def twins(output):
    return [line for line in output.splitlines() if line.startswith("possibly a curated record")]


def test_a_new_entry_named_like_a_curated_actor_under_the_same_program_is_named(tmp_path):
    """Regression guard: a release giving a person the fixtures hold added a second target under the program,
    without a word."""
    output = run("ofac-sdn-csv", ofac_release(tmp_path / "release", SDN, {}), "--release-date", "2026-01-01")
    assert twins(output) == [NOTE]
    # Named, not merged: the list's actor is its own.
    assert Designation.objects.filter(program__code="ICC-EO14203", actor__slug="ofac-sdn-500").exists()
    again = run("ofac-sdn-csv", ofac_release(tmp_path / "next", SDN[:2], {}), "--release-date", "2026-02-01")
    assert twins(again) == [], "only an import that adds the actor names it"


def test_a_list_s_own_actors_are_not_taken_for_curated_ones(tmp_path):
    """An actor of another list's import (its slug starts with the list's prefix) is no curated record: the
    second list's Khan is not named for the first's."""
    run("ofac-sdn-csv", ofac_release(tmp_path / "sdn", SDN[:1], {}), "--release-date", "2026-01-01")
    Designation.objects.filter(actor__slug="karim-khan").delete()  # the curated Khan's designation gone
    cons = ofac_release(tmp_path / "cons", SDN[:1], {})
    (cons / "sdn.csv").rename(cons / "cons_prim.csv")
    output = run("ofac-cons-csv", cons, "--release-date", "2026-01-01")
    assert Actor.objects.filter(slug="ofac-cons-500").exists() and twins(output) == []


def test_birth_years_more_than_a_year_apart_tell_them_apart(tmp_path):
    for year, named in ((1971, True), (1980, False)):  # a list gives alternative years a year apart often
        Actor.objects.filter(slug="karim-khan").update(birth_date=d(f"{year}-01-01"), birth_date_precision="year")
        release = ofac_release(tmp_path / str(year), [SDN[0].replace("500,", f"{year},")], {})  # DOB 1970
        output = run("ofac-sdn-csv", release, "--release-date", "2026-01-01", "--partial")
        assert twins(output) == ([NOTE.replace("ofac-sdn-500", f"ofac-sdn-{year}")] if named else [])


def test_one_note_per_curated_actor_however_many_programs_they_share(tmp_path):
    khan = Actor.objects.get(slug="karim-khan")
    Designation.objects.create(actor=khan, program=make_program(code="SDGT"), listed_on=d("2025-02-13"))
    output = run("ofac-sdn-csv", ofac_release(tmp_path / "release", SDN[:2], {}), "--release-date", "2026-01-01")
    assert twins(output) == [
        NOTE,
        NOTE.replace("ofac-sdn-500", "ofac-sdn-501").replace("line 1", "line 2").replace("ICC-EO14203", "SDGT"),
    ]
    both = [SDN[0].replace('"ICC-EO14203"', '"ICC-EO14203] [SDGT"')]
    output = run("ofac-sdn-csv", ofac_release(tmp_path / "both", both, {}), "--release-date", "2026-02-01")
    assert twins(output) == []  # not new any more; a new one under both programs:
    both = [both[0].replace("500,", "504,")]
    output = run("ofac-sdn-csv", ofac_release(tmp_path / "new", both, {}), "--release-date", "2026-03-01")
    assert twins(output) == [
        NOTE.replace("ofac-sdn-500", "ofac-sdn-504").replace("ICC-EO14203 too", "ICC-EO14203 and SDGT too")
    ]
