"""An import names the new entries that may be curated records listed again, and merges nothing."""

import pytest

from core.models import Actor
from sanctions.models import Designation
from tests.factories import d
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


def twins(output):
    return [line for line in output.splitlines() if line.startswith("possibly a curated record")]


def test_a_new_entry_named_like_a_curated_actor_under_the_same_program_is_named(tmp_path):
    output = run("ofac-sdn-csv", ofac_release(tmp_path / "release", SDN, {}), "--release-date", "2026-01-01")
    assert twins(output) == [
        "possibly a curated record listed again: ofac-sdn-500 'Karim Asad Ahmad KHAN' (sdn.csv line 1) is named "
        "like karim-khan 'Karim Asad Ahmad Khan' (1.00), designated under ICC-EO14203 too"
    ]
    # Named, not merged: the list's actor is its own, and the curated record is left as it was.
    assert Designation.objects.filter(program__code="ICC-EO14203", actor__slug="ofac-sdn-500").exists()
    assert Actor.objects.get(slug="karim-khan").name == "Karim A. A. Khan"
    again = run("ofac-sdn-csv", ofac_release(tmp_path / "next", SDN[:2], {}), "--release-date", "2026-02-01")
    assert twins(again) == [], "only an import that adds the actor names it"


def test_a_birth_year_that_differs_tells_them_apart(tmp_path):
    Actor.objects.filter(slug="karim-khan").update(birth_date=d("1971-01-01"), birth_date_precision="year")
    output = run("ofac-sdn-csv", ofac_release(tmp_path / "release", SDN[:1], {}), "--release-date", "2026-01-01")
    assert twins(output) == []
