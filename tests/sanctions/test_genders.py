"""A person's gender, from every list that gives one: OFAC's CSV remarks ('Gender Male'), sdnList identifiers and
advanced Gender feature, the UN's GENDER element and comments, the EU's gender attributes (1.1) and elements
(1.0). A value read as neither, or two that disagree, are reported, and leave it empty."""

import shutil

import pytest

from core.models import Actor, IdentityDocument
from sanctions.importers.entries import Entry
from sanctions.importers.sync import NO_GENDER, TWO_GENDERS
from tests.sanctions.test_importers import DATA, counts, run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "written", "gender", "unread", "disagreeing"),
    [
        pytest.param("person", ["M"], "male", [], "", id="eu-letter"),
        pytest.param("person", ["Female"], "female", [], "", id="word"),
        pytest.param("person", ["male", " M ", "Male"], "male", [], "", id="the-same-thrice"),
        pytest.param("person", ["Male", "F"], "", [], "male, female", id="disagreeing"),
        pytest.param("person", ["X", "Female", "X "], "female", ["X"], "", id="one-unread"),
        pytest.param("person", ["Unknown", "", "  "], "", [], "", id="no-value"),
        pytest.param("organisation", ["M", "F", "X"], "", [], "", id="an-organisation"),
    ],
)
def test_a_gender_is_read_as_the_lists_write_it(kind, written, gender, unread, disagreeing):
    entry = Entry(uid="1", kind=kind, name="X", where="here", genders=written)
    assert (entry.gender, entry.genders_unread, entry.genders_disagreeing) == (gender, unread, disagreeing)


@pytest.mark.parametrize(
    ("remarks", "found"),
    [
        ("DOB 1960; Gender Male; nationality Iran.", ["Male"]),  # OFAC
        ("Gender: male INTERPOL-UN Security Council Special Notice", ["male"]),  # UN
        ("Gender [Female]. Listed on 2014", ["Female"]),
        ("Gender:  male", ["male"]),
        ("Physical description: sex: male, hair colour: black", ["male"]),  # UN
        ("Ministry of Women, Gender and Culture", []),
        ("Linked To: GENDERMALE LLC", []),
        ("Studies of Gender. Male students", []),
    ],
)
def test_genders_written_in_remarks(remarks, found):
    entry = Entry(uid="1", kind="person", name="X", where="here")
    entry.add_remark_genders(remarks)
    assert entry.genders == found


def test_the_ofac_csv_reads_a_gender_from_the_remarks(tmp_path):
    folder = tmp_path / "release"
    shutil.copytree(DATA / "ofac_sdn", folder)
    with open(folder / "sdn.csv", "a", encoding="utf-8") as handle:
        handle.write('905,"ROE, Jane","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Gender Female."\n')
    run("ofac-sdn-csv", folder, "--release-date", "2025-01-01")
    assert Actor.objects.get(slug="ofac-sdn-905").gender == "female"
    assert Actor.objects.get(slug="ofac-sdn-101").gender == "", "no gender in its remarks"


def test_the_sdn_list_xml_reads_a_gender_among_the_identifiers(tmp_path):
    text = (DATA / "sdn.xml").read_text(encoding="utf-8")
    gender = "<id><uid>14</uid><idType>Gender</idType><idNumber>Female</idNumber></id>"
    path = tmp_path / "sdn.xml"
    path.write_text(text.replace("</idList>", gender + "</idList>"), encoding="utf-8")
    run("ofac-sdn-xml", path)
    assert Actor.objects.get(slug="ofac-sdn-700").gender == "female"
    assert not IdentityDocument.objects.filter(number="Female").exists(), "no document"


def test_the_un_list_reads_its_gender_element_and_the_eu_files_their_attributes():
    run("un-xml", DATA / "un.xml")
    assert Actor.objects.get(slug="un-5001").gender == "male"
    assert set(Actor.objects.exclude(slug="un-5001").values_list("gender", flat=True)) == {""}
    run("eu-xml", DATA / "eu.xml")
    assert Actor.objects.get(slug="eu-77").gender == "male", "1.1: the attribute of a nameAlias"
    assert Actor.objects.get(slug="eu-78").gender == ""
    run("eu-xml-1.0", DATA / "eu_1_0.xml", "--partial")
    genders = dict(Actor.objects.filter(slug__startswith="eu-").values_list("name", "gender"))
    assert genders["Saddam Hussein Al-Tikriti"] == "male", "1.0: the GENDER of a NAME"
    assert genders["Central Bank of Iraq"] == ""


def test_a_gender_the_list_gives_twice_over_is_reported_not_guessed(tmp_path):
    text = (DATA / "un.xml").read_text(encoding="utf-8")
    path = tmp_path / "un.xml"
    path.write_text(text.replace("<COMMENTS1>Test record.", "<COMMENTS1>Test record. Gender: female."))
    output = run("un-xml", path)
    assert Actor.objects.get(slug="un-5001").gender == ""
    assert f"{TWO_GENDERS}: 'male, female' (INDIVIDUAL DATAID 5001)" in output


def test_a_gender_read_as_neither_is_reported(tmp_path):
    path = tmp_path / "eu.xml"
    path.write_text((DATA / "eu.xml").read_text(encoding="utf-8").replace('gender="M"', 'gender="X"'), encoding="utf-8")
    output = run("eu-xml", path)
    assert Actor.objects.get(slug="eu-77").gender == ""
    assert f"{NO_GENDER}: 'X' (sanctionEntity logicalId 77)" in output


def test_a_newer_release_updates_a_gender(tmp_path):
    run("eu-xml", DATA / "eu.xml")
    text = (DATA / "eu.xml").read_text(encoding="utf-8")
    path = tmp_path / "eu.xml"
    newer = text.replace('gender="M"', 'gender="F"').replace('generationDate="2026-08-05', 'generationDate="2026-09-05')
    path.write_text(newer, encoding="utf-8")
    output = run("eu-xml", path)
    assert counts(output, "actor")["updated"] == 1
    assert Actor.objects.get(slug="eu-77").gender == "female"
    assert Actor.history.filter(slug="eu-77").values_list("gender", flat=True)[0] == "female"


def test_the_ofac_advanced_gender_feature_is_a_lookup(tmp_path):
    text = (DATA / "ofac_advanced.xml").read_text(encoding="utf-8")
    text = text.replace(
        "</FeatureTypeValues>", '<FeatureType ID="45" FeatureTypeGroupID="1">Gender</FeatureType></FeatureTypeValues>'
    )
    lookup = '<DetailReferenceValues><DetailReference ID="93">Male</DetailReference></DetailReferenceValues>'
    text = text.replace("</ReferenceValueSets>", lookup + "</ReferenceValueSets>")
    gender = (
        '<Feature ID="909" FeatureTypeID="45"><FeatureVersion ID="909" ReliabilityID="1">'
        '<VersionDetail DetailTypeID="2" DetailReferenceID="93" /></FeatureVersion></Feature>'
    )
    text = text.replace('<Feature ID="601" ', gender + '<Feature ID="601" ', 1)
    path = tmp_path / "gender.xml"
    path.write_text(text, encoding="utf-8")
    run("ofac-cons-advanced-xml", path)
    assert Actor.objects.get(slug="ofac-cons-9101").gender == "male"
    assert Actor.objects.get(slug="ofac-cons-9103").gender == ""
