"""OFAC's advanced XML (``sanctions.importers.ofac_advanced``) on a small hand-written release: every field
mapping, the parties rejected, a second import, a broken file, and the two lists it is published for."""

import re
from xml.etree import ElementTree

import pytest

from core.models import Actor, Address, Alias, IdentityDocument, Source
from sanctions.importers import ofac_advanced
from sanctions.importers.entries import Rejected
from sanctions.models import Designation, ListImport, SanctionProgram
from tests.factories import d
from tests.sanctions.test_importer_fuzz import import_fails_cleanly
from tests.sanctions.test_importers import DATA, addresses, counts, documents, run

pytestmark = pytest.mark.django_db

SAMPLE = DATA / "ofac_advanced.xml"
RELEASE = d("2025-03-04")  # the file's DateOfIssue


def aliases(slug):
    return sorted(Alias.objects.filter(actor__slug=slug).values_list("name", "kind"))


def designations(slug):
    """An actor's designations as (program code, listed on, delisted on, reference)."""
    fields = ("program__code", "listed_on", "delisted_on", "reference")
    return list(Designation.objects.filter(actor__slug=slug).order_by("program__code").values_list(*fields))


def nationalities(slug):
    return sorted(Actor.objects.get(slug=slug).nationalities.values_list("code", flat=True))


def snapshot():
    """Every row an import of the sample writes, with its primary key: a row deleted and written again shows."""
    fields = {
        Actor: ("pk", "slug", "kind", "name", "birth_date", "birth_date_precision", "description"),
        Alias: ("pk", "actor__slug", "name", "kind", "script", "language"),
        Address: ("pk", "actor__slug", "full", "street", "city", "region", "postal_code", "country__code", "note"),
        IdentityDocument: ("pk", "actor__slug", "kind", "number", "country__code", "issued_on", "expires_on", "note"),
        Designation: ("pk", "actor__slug", "program__code", "listed_on", "delisted_on", "reference"),
        SanctionProgram: ("pk", "code", "name"),
        Source: ("pk", "key", "published_on"),
        Actor.nationalities.through: ("actor__slug", "state__code"),
    }
    return {model: list(model.objects.order_by(*names[:2]).values_list(*names)) for model, names in fields.items()}


def test_a_person_every_name_alias_date_address_country_document_and_program():
    output = run("ofac-cons-advanced-xml", SAMPLE)
    person = Actor.objects.get(slug="ofac-cons-9101")
    # Written last name first, middle name last: assembled first, middle, last.
    assert (person.kind, person.name) == ("person", "Maarten Pieter VAN DER BERGH")
    # The first of two birth dates, given to the day.
    assert (person.birth_date, person.birth_date_precision) == (d("1968-04-23"), "day")
    assert person.birth_place == "Leiden, Netherlands", "a Place of Birth feature"
    # a.k.a., f.k.a., n.k.a. (a name it is now known by, no former one), and a low-quality a.k.a.
    assert aliases("ofac-cons-9101") == [
        ("Maarten BERGH", "aka"),
        ("Maarten DE BOER", "fka"),
        ("Martin VANDERBERG", "aka"),
        ("Marty", "spelling"),
    ]
    # Nationality Country (Italy) and Citizenship Country (Lebanon), by their locations' ISO2 codes.
    assert nationalities("ofac-cons-9101") == ["IT", "LB"]
    # Every part of a location, the primary value of a part given twice, and a location that is a country alone;
    # the location given twice is one address.
    assert addresses("ofac-cons-9101") == [
        (
            "Duinweg 12, Building C, Floor 4",
            "The Hague",
            "South Holland",
            "2597 XK",
            "NL",
            "Duinweg 12, Building C, Floor 4, The Hague, South Holland 2597 XK, Netherlands",
        ),
        ("", "", "", "", "IT", "Italy"),
    ]
    # Dates given to the day are kept, one given to the month is a note, as are the issuing authority, the comment
    # and a validity other than 'Valid'.
    assert documents("ofac-cons-9101") == [
        ("national_id", "VSK-680423", "National ID No.", None, None, d("2031-02-28"), "issued Mar 2011; fraudulent"),
        (
            "passport",
            "NX4471920",
            "Passport",
            "NL",
            d("2015-06-02"),
            d("2025-06-01"),
            "Municipality of The Hague; renewed once",
        ),
    ]
    # Two entries: each program tag once, both listed on the earlier entry's date; 'Block' is no program.
    assert designations("ofac-cons-9101") == [
        ("ICC-EO14203", d("2020-09-02"), None, "OFAC-CONS:9101"),
        ("SDGT", d("2020-09-02"), None, "OFAC-CONS:9101"),
    ]
    curated = SanctionProgram.objects.get(code="ICC-EO14203")
    assert curated.name == "International Criminal Court-related sanctions (EO 14203)", "the fixture's program"
    assert counts(output, "program")["added"] == 2  # SDGT, and UNSPECIFIED for the party with no entry
    assert not SanctionProgram.objects.filter(code__in=["", "not a program"]).exists()
    release = Source.objects.get(title="OFAC Consolidated list (advanced XML)")
    assert release.published_on == RELEASE and f"published {RELEASE}" in output
    assert list(person.sources.all()) == [release]


def test_an_entity_its_whole_name_and_its_locations_with_and_without_a_country():
    run("ofac-cons-advanced-xml", SAMPLE)
    entity = Actor.objects.get(slug="ofac-cons-9102")
    assert (entity.kind, entity.name, entity.birth_date, entity.birth_date_precision) == (
        "organisation",
        "NOORDKUST TRADING B.V.",
        None,
        "",
    )
    assert aliases("ofac-cons-9102") == [("NOORDKUST SHIPPING B.V.", "fka"), ("NOORDKUST TRADING", "aka")]
    # A REGION beside a country is part of the region; an area code without a country gives the area's country;
    # a location only in the area 'undetermined' is no address.
    assert addresses("ofac-cons-9102") == [
        ("", "Amsterdam", "North Holland, Randstad", "", "NL", "Amsterdam, North Holland, Randstad, Netherlands"),
        ("", "Tyre", "", "", "LB", "Tyre, Lebanon"),
    ]
    # A month written as its first to its last day, and a range of days, are no day: the note says them.
    assert documents("ofac-cons-9102") == [
        ("other", "NOKT NL 2A", "SWIFT/BIC", None, None, None, ""),  # a feature in this format, an id in the others
        (
            "registration",
            "27123456",
            "Registration ID",
            "NL",
            None,
            None,
            "issued Apr 2019; expires 01 Apr 2029 to 03 Apr 2029",
        ),
    ]
    assert nationalities("ofac-cons-9102") == []
    # A program measure without a tag is none.
    assert designations("ofac-cons-9102") == [("SDGT", d("2019-11-05"), None, "OFAC-CONS:9102")]


def test_a_person_born_in_a_year_in_a_region_and_under_no_sanctions_entry():
    run("ofac-cons-advanced-xml", SAMPLE)
    person = Actor.objects.get(slug="ofac-cons-9103")
    assert (person.kind, person.name, person.birth_date, person.birth_date_precision) == (
        "person",
        "Samir NASSAR",
        d("1975-01-01"),
        "year",
    )
    assert aliases("ofac-cons-9103") == []
    # A REGION without a country reads as OFAC's other formats write it, in the area code's country.
    assert addresses("ofac-cons-9103") == [("", "Khan Yunis", "", "", "PS", "Khan Yunis, Region: Gaza")]
    assert nationalities("ofac-cons-9103") == [], "a nationality in the area 'undetermined' is none"
    assert documents("ofac-cons-9103") == [], "a document without a number is none"
    # No sanctions entry: the unspecified program, listed on the release's date.
    assert designations("ofac-cons-9103") == [("UNSPECIFIED", RELEASE, None, "OFAC-CONS:9103")]


def test_a_person_born_within_a_range_of_years_with_a_second_identity():
    run("ofac-cons-advanced-xml", SAMPLE)
    person = Actor.objects.get(slug="ofac-cons-9104")
    assert (person.name, person.birth_date, person.birth_date_precision) == ("Rami KHOURY", d("1960-01-01"), "year")
    # The primary alias of an identity that is not the primary one is an a.k.a.; its documents are the party's.
    assert aliases("ofac-cons-9104") == [("Ramy KOURI", "aka")]
    assert documents("ofac-cons-9104") == [("tax_id", "LB-300-771", "Tax ID No.", "LB", None, None, "")]
    assert designations("ofac-cons-9104") == [("SDGT", d("2021-01-15"), None, "OFAC-CONS:9104")]


def test_parties_without_a_profile_a_fixed_ref_or_a_primary_name_are_rejected():
    output = run("ofac-cons-advanced-xml", SAMPLE)
    rejected = [line for line in output.splitlines() if line.startswith("rejected: ")]
    assert rejected == [
        "rejected: DistinctParty FixedRef 9105: no profile",
        "rejected: DistinctParty FixedRef ?: no profile",
        "rejected: DistinctParty FixedRef 9107: no primary name",
    ]
    assert counts(output, "row")["rejected"] == 3
    assert counts(output, "actor") == {"added": 4, "updated": 0, "delisted": 0, "unchanged": 0, "rejected": 0}
    assert counts(output, "designation")["added"] == 5
    assert sorted(Actor.objects.filter(slug__startswith="ofac-").values_list("slug", flat=True)) == [
        "ofac-cons-9101",
        "ofac-cons-9102",
        "ofac-cons-9103",
        "ofac-cons-9104",
    ]


def test_strict_mode_refuses_the_rejected_parties_and_writes_nothing():
    rejected = "nothing was written:\nDistinctParty FixedRef 9105: no profile"
    import_fails_cleanly("ofac-cons-advanced-xml", SAMPLE, "--strict", match=rejected)


def test_a_second_import_changes_nothing():
    run("ofac-cons-advanced-xml", SAMPLE)
    before = snapshot()
    assert before[Actor] and before[Alias] and before[Address] and before[IdentityDocument] and before[Designation]
    again = run("ofac-cons-advanced-xml", SAMPLE)  # the same bytes: reported as they were, not read
    ListImport.objects.all().delete()  # the record of them is derived: without it the file is read and compared
    read = run("ofac-cons-advanced-xml", SAMPLE)
    assert "Not read again" not in read
    for output in (again, read):
        assert counts(output, "actor") == {"added": 0, "updated": 0, "delisted": 0, "unchanged": 4, "rejected": 0}
        assert counts(output, "designation") == {"added": 0, "updated": 0, "delisted": 0, "unchanged": 5, "rejected": 0}
        assert counts(output, "program")["added"] == 0
    assert snapshot() == before


def cut(marker, offset=0):
    """The sample up to ``offset`` characters past the first ``marker``."""
    text = SAMPLE.read_text(encoding="utf-8")
    return text[: text.index(marker) + offset]


@pytest.mark.parametrize(
    ("content", "match"),
    [
        pytest.param(cut("<Year>2025</Year>", 7), "Cannot read", id="in-the-release-date"),
        pytest.param(cut("<Locations>"), "nothing was written", id="in-the-reference-values"),
        pytest.param(cut('<DistinctParty FixedRef="9103">'), "nothing was written", id="in-the-parties"),
        # Past the parties: the pass that builds them would end well, the one that reads the programs does not.
        pytest.param(cut('<SanctionsEntry ID="803"'), "nothing was written", id="in-the-sanctions-entries"),
        pytest.param(cut("</Sanctions>"), "nothing was written", id="without-its-last-tag"),
    ],
)
def test_a_truncated_file_aborts_and_writes_nothing(tmp_path, content, match):
    run("ofac-cons-advanced-xml", SAMPLE)  # something already in the database: nothing of it may change
    path = tmp_path / "truncated.xml"
    path.write_text(content, encoding="utf-8")
    before = snapshot()
    import_fails_cleanly("ofac-cons-advanced-xml", path, match=match)
    assert snapshot() == before


def test_the_sdn_and_consolidated_formats_key_their_actors_by_their_own_list():
    sdn = run("ofac-sdn-advanced-xml", SAMPLE)
    cons = run("ofac-cons-advanced-xml", SAMPLE)
    for output in (sdn, cons):
        assert counts(output, "actor")["added"] == 4 and counts(output, "designation")["delisted"] == 0
    slugs = sorted(Actor.objects.filter(slug__startswith="ofac-").values_list("slug", flat=True))
    assert slugs == [f"ofac-{list_}-{uid}" for list_ in ("cons", "sdn") for uid in (9101, 9102, 9103, 9104)]
    assert designations("ofac-sdn-9102") == [("SDGT", d("2019-11-05"), None, "OFAC-SDN:9102")]
    assert designations("ofac-cons-9102") == [("SDGT", d("2019-11-05"), None, "OFAC-CONS:9102")]
    titles = {source.title: source.published_on for source in Source.objects.filter(title__contains="advanced XML")}
    assert titles == {"OFAC SDN list (advanced XML)": RELEASE, "OFAC Consolidated list (advanced XML)": RELEASE}
    assert Actor.objects.get(slug="ofac-sdn-9101").sources.get().title == "OFAC SDN list (advanced XML)"


def period(start, end):
    """A ``DatePeriod``'s content as OFAC writes it: its start and its end, each a window closed on one day."""

    def day(value):
        return f"<Year>{value.year}</Year><Month>{value.month}</Month><Day>{value.day}</Day>"

    return "".join(
        f"<{edge}><From>{day(value)}</From><To>{day(value)}</To></{edge}>"
        for edge, value in (("Start", start), ("End", end))
    )


def birth_date_in(tmp_path, content):
    """The first birth date and its precision of party 9101 when its first Birthdate period holds ``content``."""
    text = SAMPLE.read_text(encoding="utf-8")
    text, replaced = re.subn(
        r'(<Feature ID="601" FeatureTypeID="40">.*?<DatePeriod[^>]*>).*?(</DatePeriod>)',
        lambda match: match[1] + content + match[2],
        text,
        count=1,
        flags=re.DOTALL,
    )
    assert replaced == 1
    path = tmp_path / "birth.xml"
    path.write_text(text, encoding="utf-8")
    person = next(e for e in ofac_advanced.parse(path) if not isinstance(e, Rejected) and e.uid == "9101")
    return person.birth_date, person.birth_date_precision


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(period(d("1968-04-23"), d("1968-04-23")), (d("1968-04-23"), "day"), id="a-day"),
        pytest.param(period(d("1958-01-01"), d("1958-01-01")), (d("1958-01-01"), "day"), id="the-first-of-january"),
        pytest.param(period(d("1971-03-01"), d("1971-03-31")), (d("1971-03-01"), "month"), id="a-month"),
        pytest.param(period(d("1972-02-01"), d("1972-02-29")), (d("1972-02-01"), "month"), id="a-leap-february"),
        pytest.param(period(d("1972-02-01"), d("1972-02-28")), (d("1972-02-01"), "year"), id="not-quite-a-month"),
        pytest.param(period(d("1975-01-01"), d("1975-12-31")), (d("1975-01-01"), "year"), id="a-year"),
        pytest.param(period(d("1960-01-01"), d("1962-12-31")), (d("1960-01-01"), "year"), id="a-range-of-years"),
        pytest.param(period(d("1960-03-15"), d("1962-04-20")), (d("1960-03-15"), "year"), id="a-range-of-days"),
        pytest.param("<Start><From><Year>1980</Year></From></Start>", (d("1980-01-01"), "year"), id="only-a-year"),
        pytest.param(
            "<Start><From><Year>1980</Year><Month>7</Month></From></Start>", (d("1980-07-01"), "month"), id="no-day"
        ),
    ],
)
def test_a_birth_date_is_as_precise_as_its_period(tmp_path, content, expected):
    """Regression guard: the precision was read from the start's window alone, which OFAC closes on one day for
    every date; a month was stored as given to the day, and the 1st of January given to the day as a year."""
    assert birth_date_in(tmp_path, content) == expected


def test_a_birth_date_that_is_no_date_leaves_the_next_one_to_be_read(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("<Year>1968</Year>", "<Year>unknown</Year>")
    path = tmp_path / "unknown.xml"
    path.write_text(text, encoding="utf-8")
    person = next(e for e in ofac_advanced.parse(path) if not isinstance(e, Rejected) and e.uid == "9101")
    assert (person.birth_date, person.birth_date_precision) == (d("1969-01-01"), "year")


def test_a_sanctions_entry_is_matched_to_the_party_by_its_profile_id(tmp_path):
    """A SanctionsEntry names a ProfileID, not the party's FixedRef (OFAC's files make the two equal, the schema
    does not): the programs and listing date follow the profile."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace('<Profile ID="9102"', '<Profile ID="99102"').replace('ProfileID="9102"', 'ProfileID="99102"')
    path = tmp_path / "profile_ids.xml"
    path.write_text(text, encoding="utf-8")
    run("ofac-cons-advanced-xml", path)
    assert designations("ofac-cons-9102") == [("SDGT", d("2019-11-05"), None, "OFAC-CONS:9102")]


def feature(feature_id, type_id, value):
    return (
        f'<Feature ID="{feature_id}" FeatureTypeID="{type_id}"><FeatureVersion ID="{feature_id}" ReliabilityID="1">'
        f"{value}</FeatureVersion></Feature>"
    )


def test_titles_and_a_vessel_s_particulars_open_the_description(tmp_path):
    """Features with no field of their own, as the CSV's columns and sdnList's elements: text details, and a flag
    given as a location."""
    types = {45: "Title", 46: "Vessel Call Sign", 47: "Vessel Flag", 48: "Vessel Tonnage", 49: "VESSEL TYPE"}
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "</FeatureTypeValues>",
        "".join(f'<FeatureType ID="{i}" FeatureTypeGroupID="1">{name}</FeatureType>' for i, name in types.items())
        + "</FeatureTypeValues>",
    )
    lookup = (
        '<DetailReferenceValues><DetailReference ID="92">Crude Oil Tanker</DetailReference></DetailReferenceValues>'
    )
    text = text.replace("</ReferenceValueSets>", lookup + "</ReferenceValueSets>")
    detail = '<VersionDetail DetailTypeID="1">{}</VersionDetail>'.format
    titles = feature(901, 45, detail("Deputy Director, Example Agency")) + feature(902, 45, detail("Adviser"))
    vessel = feature(903, 47, '<VersionLocation LocationID="301" />') + feature(904, 46, detail("PDAB7"))
    vessel += feature(905, 48, detail("2597")) + feature(906, 49, "")  # a type with no value says nothing...
    vessel += feature(907, 49, '<VersionDetail DetailTypeID="2" DetailReferenceID="92" />')  # ...and this one does
    text = text.replace('<Feature ID="601" ', titles + '<Feature ID="601" ', 1)
    text = text.replace('<Feature ID="611" ', vessel + '<Feature ID="611" ', 1)
    path = tmp_path / "features.xml"
    path.write_text(text, encoding="utf-8")
    run("ofac-cons-advanced-xml", path)
    assert Actor.objects.get(slug="ofac-cons-9101").description == "Title: Deputy Director, Example Agency; Adviser."
    assert Actor.objects.get(slug="ofac-cons-9102").description == (
        "Vessel: call sign PDAB7; type Crude Oil Tanker; flag Italy; tonnage 2597."
    ), "the type a lookup value, its type's name in capitals"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(period(d("2015-06-02"), d("2015-06-02")), (d("2015-06-02"), ""), id="a-day"),
        pytest.param(period(d("2019-04-01"), d("2019-04-30")), (None, "Apr 2019"), id="a-month"),
        pytest.param(period(d("2019-01-01"), d("2019-12-31")), (None, "2019"), id="a-year"),
        pytest.param(period(d("2019-01-01"), d("2021-12-31")), (None, "2019 to 2021"), id="years"),
        pytest.param(period(d("2029-04-01"), d("2029-04-03")), (None, "01 Apr 2029 to 03 Apr 2029"), id="days"),
        pytest.param(
            "<Start><From><Year>2011</Year><Month>3</Month></From></Start>"
            "<End><From><Year>2011</Year><Month>5</Month></From><To><Year>2011</Year><Month>5</Month></To></End>",
            (None, "Mar 2011 to May 2011"),
            id="months",
        ),
        pytest.param("<Start><From><Year>2011</Year></From></Start>", (None, "2011"), id="only-a-year"),
    ],
)
def test_a_document_date_is_a_day_only_when_its_period_is_one(content, expected):
    period_element = ElementTree.fromstring(f"<DatePeriod>{content}</DatePeriod>")
    assert ofac_advanced._day(period_element) == expected
