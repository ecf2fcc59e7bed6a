"""OFAC's title and vessel columns (legacy CSV, both lists) and elements (sdnList XML), which have no field of
their own, open the actor's description; a title the remarks already hold is not written twice."""

import shutil

import pytest

from core.models import Actor
from sanctions.importers.entries import Entry
from tests.sanctions.test_importers import DATA, run

pytestmark = pytest.mark.django_db

VESSEL_ROW = (
    '901,"SEA EXAMPLE","vessel","IRAN",-0- ,"9HDQ9","Crude Oil Tanker","99030","56068","Malta",'
    '"Example Shipping Co.","Linked To: EXAMPLE TANKER COMPANY."\n'
)
TITLE_ROW = (
    '902,"ROE, Jane","individual","SDGT","Deputy Minister of Examples",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1960."\n'
)
UNKNOWN_FLAG_ROW = (
    '904,"NO FLAG","vessel","IRAN",-0- ,"9HDQ8",-0- ,-0- ,-0- ,"None Identified","Example Lines Ltd.",-0- \n'
)
REPEATED_ROW = (
    '903,"POE, Jim","individual","SDGT","Director, Example Bank",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"Director, Example Bank."\n'
)


def test_the_csv_s_vessel_and_title_columns_open_the_description(tmp_path):
    folder = tmp_path / "release"
    shutil.copytree(DATA / "ofac_sdn", folder)
    with open(folder / "sdn.csv", "a", encoding="utf-8") as handle:
        handle.write(VESSEL_ROW + TITLE_ROW + REPEATED_ROW + UNKNOWN_FLAG_ROW)
    run("ofac-sdn-csv", folder, "--release-date", "2025-01-01")
    assert Actor.objects.get(slug="ofac-sdn-901").description == (
        "Vessel: call sign 9HDQ9; type Crude Oil Tanker; flag Malta; owner Example Shipping Co.; tonnage 99030; "
        "gross registered tonnage 56068. Linked To: EXAMPLE TANKER COMPANY."
    )
    assert Actor.objects.get(slug="ofac-sdn-902").description == "Title: Deputy Minister of Examples. DOB 1960."
    assert Actor.objects.get(slug="ofac-sdn-903").description == "Director, Example Bank."
    # A flag OFAC does not know is none; an owner's final period is not doubled.
    assert Actor.objects.get(slug="ofac-sdn-904").description == "Vessel: call sign 9HDQ8; owner Example Lines Ltd."
    assert Actor.objects.get(slug="ofac-sdn-101").description.startswith("DOB 10 Dec 1948"), "no title, no vessel"


def test_the_sdn_list_xml_s_title_and_vessel_info_open_the_description(tmp_path):
    xml = (DATA / "sdn.xml").read_text(encoding="utf-8")
    vessel = """  <sdnEntry>
    <uid>701</uid>
    <lastName>SEA EXAMPLE</lastName>
    <sdnType>Vessel</sdnType>
    <title>Not a title a vessel has</title>
    <programList><program>IRAN</program></programList>
    <vesselInfo><callSign>T2EU4</callSign><vesselType>Tanker</vesselType><vesselFlag>Tanzania</vesselFlag>
      <tonnage>99144</tonnage><grossRegisteredTonnage>56068</grossRegisteredTonnage></vesselInfo>
    <remarks>(Linked To: EXAMPLE TANKER COMPANY)</remarks>
  </sdnEntry>
</sdnList>"""
    path = tmp_path / "sdn.xml"
    path.write_text(xml.replace("</sdnList>", vessel), encoding="utf-8")
    run("ofac-sdn-xml", path)
    assert Actor.objects.get(slug="ofac-sdn-701").description == (
        "Title: Not a title a vessel has. Vessel: call sign T2EU4; type Tanker; flag Tanzania; tonnage 99144; "
        "gross registered tonnage 56068. (Linked To: EXAMPLE TANKER COMPANY)"
    )
    assert Actor.objects.get(slug="ofac-sdn-700").description == ""


def test_the_description_is_cut_to_what_the_importers_keep():
    entry = Entry(uid="1", kind="person", name="X", where="here", title="T" * 10, remarks="R" * 6000)
    assert len(entry.description) == 5000 and entry.description.startswith("Title: TTTTTTTTTT. RRR")


def test_places_of_birth_are_kept_whole_while_they_fit_and_the_rest_reported(tmp_path):
    """Regression: the joined places were cut at the column's width, mid-place ('..., Garmsir ')."""
    places = [f"Village number {n}, Some District, Some Province, Afghanistan" for n in range(6)]
    entry = Entry(uid="1", kind="person", name="X", where="here", birth_places=[*places, places[0], "  "])
    assert len(places[0]) == 59, "four fit in 300 characters with their separators, five do not"
    assert entry.birth_place == "; ".join(places[:4])
    assert entry.birth_places_left_out == places[4:]
    assert Entry(uid="2", kind="organisation", name="Y", where="there", birth_places=places).birth_place == ""
    xml = (DATA / "un.xml").read_text(encoding="utf-8")
    extra = "".join(f"<INDIVIDUAL_PLACE_OF_BIRTH><CITY>{place}</CITY></INDIVIDUAL_PLACE_OF_BIRTH>" for place in places)
    path = tmp_path / "un.xml"
    path.write_text(xml.replace("</INDIVIDUAL>", extra + "</INDIVIDUAL>", 1), encoding="utf-8")
    output = run("un-xml", path)
    kept = Actor.objects.get(slug="un-5001").birth_place
    assert len(kept) <= 300 and kept.split("; ")[-1] in places, "whole places only"
    assert f"place of birth not kept, 300 characters were full: '{places[5]}' (INDIVIDUAL DATAID 5001)" in output
