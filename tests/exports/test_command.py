"""``manage.py export``: every format on the fixtures, the filters, and the fixture round trip."""

import csv
import json

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection
from django.test.utils import CaptureQueriesContext
from followthemoney.exc import InvalidData

from core.models import Actor, NameKey
from exports import ftm
from exports.tables import RESOURCES
from tests.conftest import FIXTURES
from tests.factories import d, make_address, make_identity_document, state

pytestmark = pytest.mark.django_db


def export(tmp_path, fmt, *args):
    call_command("export", "--format", fmt, "--output", str(tmp_path / fmt), *args, verbosity=0)
    return tmp_path / fmt


def read_csv(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_writes_one_file_per_resource_with_the_documented_columns(tmp_path):
    out = export(tmp_path, "csv")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{r.name}.csv" for r in RESOURCES)
    header = (out / "targets.csv").read_text().splitlines()[0]
    assert header == (
        "id,schema,name,aliases,birth_date,countries,identifiers,sanctions,first_seen,last_change,addresses,documents,"
        "birth_place,gender"
    ), "columns are only ever added at the end"
    targets = {row["id"]: row for row in read_csv(out / "targets.csv")}
    assert len(targets) == 17
    khan = targets["karim-khan"]
    assert khan["schema"] == "Person"
    assert khan["countries"] == "GB"
    assert khan["aliases"].split("; ") == ["Karim Asad Ahmad Khan", "Karim Khan"]
    assert khan["sanctions"] == "ICC-EO14203 2025-02-06/"  # effective on signing, still listed
    assert (khan["first_seen"], khan["last_change"]) == ("2025-02-06", "2025-02-13")
    bensouda = targets["fatou-bensouda"]
    assert bensouda["sanctions"] == "ICC-EO13928 2020-09-02/2021-04-02"
    assert targets["al-haq"]["schema"] == "Organization"
    assert len(read_csv(out / "treaty_actions.csv")) == 287


def test_csv_covers_the_reference_tables_courts_and_legislation(tmp_path):
    out = export(tmp_path, "csv")
    states = {row["code"]: row for row in read_csv(out / "states.csv")}
    assert states["NA"]["name"] == "Namibia"  # 'NA' stays a code, not a missing value
    assert states["IL"]["alpha3"] == "ISR"
    cited = set()
    sources = {row["key"]: row for row in read_csv(out / "sources.csv")}
    for name in ("designations", "treaty_actions", "courts", "referrals", "bills", "bill_actions"):
        for row in read_csv(out / f"{name}.csv"):
            cited.update(row["sources"].split("; "))
    assert cited <= set(sources), "every cited source is in sources.csv"
    assert all(row["publisher"] and row["title"] for row in sources.values())
    [icc] = read_csv(out / "courts.csv")
    assert (icc["slug"], icc["seat_state"], icc["founding_treaty"]) == ("icc", "NL", "rome-statute")
    [rome] = read_csv(out / "treaties.csv")
    assert (rome["slug"], rome["entered_into_force_on"]) == ("rome-statute", "2002-07-01")
    referrals = {row["territory"]: row for row in read_csv(out / "referrals.csv")}
    assert referrals["SD"]["referred_by"] == "security_council"
    assert referrals["SD"]["period_start"] == "2002-07-01"
    [bill] = read_csv(out / "bills.csv")
    assert bill["id"] == "US-119-hr-23"
    votes = {row["chamber"]: row for row in read_csv(out / "bill_actions.csv")}
    assert votes["house"]["bill"] == "US-119-hr-23"
    assert (votes["senate"]["action_type"], votes["senate"]["yeas"], votes["senate"]["nays"]) == (
        "cloture_not_invoked",
        "54",
        "45",
    )
    assert {row["slug"] for row in read_csv(out / "measures.csv")} >= {"asset-freeze"}


def test_reference_tables_are_left_out_of_a_filtered_export(tmp_path):
    out = export(tmp_path, "csv", "--treaty", "rome-statute")
    assert sorted(p.name for p in out.iterdir()) == ["treaties.csv", "treaty_actions.csv"]
    out = export(tmp_path / "dated", "csv", "--as-of", "2010-01-01")
    assert {row["territory"] for row in read_csv(out / "referrals.csv")} == {"SD"}  # Libya came in 2011
    assert read_csv(out / "bills.csv") == read_csv(out / "bill_actions.csv") == []
    out = export(tmp_path / "voted", "csv", "--as-of", "2025-01-10")
    [bill] = read_csv(out / "bills.csv")  # no introduction date: its first action dates it
    assert bill["id"] == "US-119-hr-23"
    assert [row["chamber"] for row in read_csv(out / "bill_actions.csv")] == ["house"]
    assert not (out / "states.csv").exists()


def test_the_csv_files_load_into_pandas(tmp_path):
    out = export(tmp_path, "csv")
    targets = pd.read_csv(out / "targets.csv", keep_default_na=False)
    assert targets["sanctions"].str.split("; ").explode().str.split(" ").str[0].value_counts().to_dict() == {
        "ICC-EO14203": 15,
        "ICC-EO13928": 2,
    }
    actions = pd.read_csv(out / "treaty_actions.csv", parse_dates=["date", "effective_date"])
    assert (actions["treaty"] == "rome-statute").all()


def test_filters_choose_the_resources_and_the_rows(tmp_path):
    out = export(tmp_path, "csv", "--program", "ICC-EO13928")
    assert sorted(p.name for p in out.iterdir()) == [
        "designations.csv",
        "instruments.csv",
        "programs.csv",
        "targets.csv",
    ]
    assert {row["actor"] for row in read_csv(out / "designations.csv")} == {"fatou-bensouda", "phakiso-mochochoko"}
    assert [row["code"] for row in read_csv(out / "programs.csv")] == ["ICC-EO13928"]
    assert [row["slug"] for row in read_csv(out / "instruments.csv")] == ["eo-13928"]

    out = export(tmp_path / "dated", "csv", "--as-of", "2021-01-01")
    assert {row["program"] for row in read_csv(out / "designations.csv")} == {"ICC-EO13928"}
    assert all(row["date"] <= "2021-01-01" for row in read_csv(out / "treaty_actions.csv"))

    out = export(tmp_path / "treaty", "csv", "--treaty", "rome-statute", "--as-of", "2002-07-01")
    actions = read_csv(out / "treaty_actions.csv")
    assert actions and all((row["date"] or row["effective_date"]) <= "2002-07-01" for row in actions)


def test_jsonl_holds_full_records_with_their_sources(tmp_path):
    out = export(tmp_path, "jsonl")
    lines = [json.loads(line) for line in (out / "designations.jsonl").read_text().splitlines()]
    assert len(lines) == 17
    khan = next(line for line in lines if line["key"] == ["karim-khan", "ICC-EO14203", "2025-02-13"])
    assert khan["fields"]["program"] == ["ICC-EO14203"]
    assert khan["fields"]["effective_on"] == "2025-02-06"
    assert khan["fields"]["measures"]
    source = khan["fields"]["sources"][0]
    assert set(source) == {
        "key",
        "title",
        "publisher",
        "kind",
        "url",
        "published_on",
        "accessed_on",
        "quote",
        "locator",
    }
    assert source["title"] and source["publisher"]
    targets = [json.loads(line) for line in (out / "targets.jsonl").read_text().splitlines()]
    khan = next(line for line in targets if line["key"] == ["karim-khan"])
    assert {alias["name"] for alias in khan["aliases"]} == {"Karim Asad Ahmad Khan", "Karim Khan"}
    assert [d["program"] for d in khan["designations"]] == [["ICC-EO14203"]]


def test_ftm_entities_are_valid_and_load_in_the_library(tmp_path):
    path = export(tmp_path, "ftm") / "entities.ftm.json"
    entities = [json.loads(line) for line in path.read_text().splitlines()]
    for entity in entities:
        ftm.validate(entity)
    by_id = {entity["id"]: entity for entity in entities}
    assert len(by_id) == len(entities), "ids are unique in a whole-database export"
    assert {e["schema"] for e in entities} == {"Person", "Organization", "Sanction", "Position", "Occupancy"}
    khan = by_id["sjdb-actor-karim-khan"]
    assert khan["properties"]["nationality"] == ["gb"]
    assert khan["properties"]["topics"] == ["sanction"]
    sanction = by_id["sjdb-sanction-karim-khan-ICC-EO14203-2025-02-13"]
    assert sanction["properties"]["entity"] == [khan["id"]]
    assert sanction["properties"]["programId"] == ["ICC-EO14203"]
    assert sanction["properties"]["startDate"] == ["2025-02-06"]
    occupancies = [e for e in entities if e["schema"] == "Occupancy"]
    assert all(o["properties"]["holder"][0] in by_id and o["properties"]["post"][0] in by_id for o in occupancies)


@pytest.fixture
def addresses(db):
    """Two targets at one address (one FtM entity), and one with a second address that names no country."""
    khan, bensouda = Actor.objects.get(slug="karim-khan"), Actor.objects.get(slug="fatou-bensouda")
    shared = {"street": "1 Test Street", "city": "Geneva", "postal_code": "1200", "country": state("CH")}
    make_address(actor=khan, **shared)
    make_address(actor=bensouda, **shared)
    make_address(actor=khan, street="2 Nowhere Lane", city="", country=None)
    return khan, bensouda


def test_addresses_in_csv_and_jsonl(tmp_path, addresses):
    out = export(tmp_path, "csv")
    targets = {row["id"]: row for row in read_csv(out / "targets.csv")}
    assert targets["karim-khan"]["addresses"] == "1 Test Street, Geneva 1200, Switzerland; 2 Nowhere Lane"
    assert targets["al-haq"]["addresses"] == ""
    actors = {row["id"]: row for row in read_csv(out / "actors.csv")}
    assert actors["karim-khan"]["addresses"] == targets["karim-khan"]["addresses"]
    assert list(actors["karim-khan"])[-4:] == ["addresses", "documents", "birth_place", "gender"]  # added at the end
    out = export(tmp_path, "jsonl")
    for resource in ("targets", "actors"):
        lines = [json.loads(line) for line in (out / f"{resource}.jsonl").read_text().splitlines()]
        khan = next(line for line in lines if line["key"] == ["karim-khan"])
        assert khan["addresses"] == [
            {
                "id": khan["addresses"][0]["id"],
                "street": "1 Test Street",
                "city": "Geneva",
                "postal_code": "1200",
                "region": "",
                "country": ["CH"],
                "note": "",
                "full": "1 Test Street, Geneva 1200, Switzerland",
            },
            {
                "id": khan["addresses"][1]["id"],
                "street": "2 Nowhere Lane",
                "city": "",
                "postal_code": "",
                "region": "",
                "country": None,
                "note": "",
                "full": "2 Nowhere Lane",
            },
        ]


def test_ftm_addresses_validate_and_are_linked_from_their_actors(tmp_path, addresses):
    path = export(tmp_path, "ftm") / "entities.ftm.json"
    entities = [json.loads(line) for line in path.read_text().splitlines()]
    for entity in entities:
        ftm.validate(entity)
    by_id = {entity["id"]: entity for entity in entities}
    assert len(by_id) == len(entities), "an address two actors share is written once"
    found = [e for e in entities if e["schema"] == "Address"]
    assert len(found) == 2
    khan, bensouda = by_id["sjdb-actor-karim-khan"], by_id["sjdb-actor-fatou-bensouda"]
    assert set(khan["properties"]["addressEntity"]) == {e["id"] for e in found}
    assert set(bensouda["properties"]["addressEntity"]) < set(khan["properties"]["addressEntity"])
    geneva = by_id[bensouda["properties"]["addressEntity"][0]]
    assert geneva["properties"] == {
        "full": ["1 Test Street, Geneva 1200, Switzerland"],
        "street": ["1 Test Street"],
        "city": ["Geneva"],
        "postalCode": ["1200"],
        "country": ["ch"],
    }
    assert bensouda["properties"]["address"] == ["1 Test Street, Geneva 1200, Switzerland"]


LONG_NUMBER = "A" * 65  # longer than FtM's identifiers hold


@pytest.fixture
def documents(db):
    """A person's passport (issued, expiring, noted) and an untyped national id of no country whose number an
    FtM id cannot hold as written; an organisation's registration and tax numbers, a passport (which an
    Organization has no property for) and a number too long for FtM."""
    khan, al_haq = Actor.objects.get(slug="karim-khan"), Actor.objects.get(slug="al-haq")
    make_identity_document(
        actor=khan,
        kind="passport",
        type_as_written="Passport",
        number="AD001095",
        country=state("GB"),
        issued_on=d("2015-03-01"),
        expires_on=d("2025-02-28"),
        note="issued in London",
    )
    make_identity_document(actor=khan, kind="national_id", type_as_written="", number="12/345 B", country=None)
    make_identity_document(
        actor=al_haq, kind="registration", type_as_written="Registration Number", number="562", country=state("PS")
    )
    make_identity_document(actor=al_haq, kind="tax_id", type_as_written="Tax ID No.", number="T-9", country=None)
    make_identity_document(actor=al_haq, kind="passport", type_as_written="Passport", number="P1", country=None)
    make_identity_document(actor=al_haq, kind="other", type_as_written="Licence", number=LONG_NUMBER, country=None)
    return khan, al_haq


def test_documents_in_csv_and_jsonl(tmp_path, documents):
    out = export(tmp_path, "csv")
    targets = {row["id"]: row for row in read_csv(out / "targets.csv")}
    # In the model's order (kind, then number); the kind's label stands in for a type the source did not write.
    assert targets["karim-khan"]["documents"] == "national identity number or card 12/345 B; Passport AD001095 (GB)"
    assert targets["al-haq"]["documents"] == (
        f"Licence {LONG_NUMBER}; Passport P1; Registration Number 562 (PS); Tax ID No. T-9"
    )
    assert targets["fatou-bensouda"]["documents"] == ""
    actors = {row["id"]: row for row in read_csv(out / "actors.csv")}
    assert actors["karim-khan"]["documents"] == targets["karim-khan"]["documents"]
    assert list(actors["karim-khan"])[-4:-2] == ["addresses", "documents"]  # columns are only ever added at the end
    out = export(tmp_path, "jsonl")
    for resource in ("targets", "actors"):
        lines = [json.loads(line) for line in (out / f"{resource}.jsonl").read_text().splitlines()]
        khan = next(line for line in lines if line["key"] == ["karim-khan"])
        assert khan["documents"] == [
            {
                "id": khan["documents"][0]["id"],
                "kind": "national_id",
                "type_as_written": "",
                "number": "12/345 B",
                "number_key": "12345B",
                "country": None,
                "issued_on": None,
                "expires_on": None,
                "note": "",
            },
            {
                "id": khan["documents"][1]["id"],
                "kind": "passport",
                "type_as_written": "Passport",
                "number": "AD001095",
                "number_key": "AD001095",
                "country": ["GB"],
                "issued_on": "2015-03-01",
                "expires_on": "2025-02-28",
                "note": "issued in London",
            },
        ]
        bensouda = next(line for line in lines if line["key"] == ["fatou-bensouda"])
        assert bensouda["documents"] == []


def test_ftm_documents_validate_and_their_numbers_are_on_their_holders(tmp_path, documents):
    path = export(tmp_path, "ftm") / "entities.ftm.json"
    entities = [json.loads(line) for line in path.read_text().splitlines()]
    for entity in entities:
        ftm.validate(entity)
    by_id = {entity["id"]: entity for entity in entities}
    assert len(by_id) == len(entities), "ids are unique in a whole-database export"
    passport = by_id["sjdb-document-karim-khan-passport-AD001095"]
    assert passport["schema"] == "Passport"
    assert passport["properties"] == {
        "holder": ["sjdb-actor-karim-khan"],
        "number": ["AD001095"],
        "type": ["Passport"],
        "country": ["gb"],
        "startDate": ["2015-03-01"],
        "endDate": ["2025-02-28"],
        "summary": ["issued in London"],
    }
    [national] = [e for e in entities if e["schema"] == "Identification" and e["properties"]["number"] == ["12/345 B"]]
    assert national["id"].startswith("sjdb-document-karim-khan-national-id-12-345-B-")  # '/' and ' ' are no id's
    assert national["properties"] == {
        "holder": ["sjdb-actor-karim-khan"],
        "number": ["12/345 B"],
        "type": ["national identity number or card"],
    }
    khan = by_id["sjdb-actor-karim-khan"]["properties"]
    assert (khan["passportNumber"], khan["idNumber"]) == (["AD001095"], ["12/345 B"])
    assert "taxNumber" not in khan and "registrationNumber" not in khan
    al_haq = by_id["sjdb-actor-al-haq"]
    assert al_haq["schema"] == "Organization"
    assert (al_haq["properties"]["registrationNumber"], al_haq["properties"]["taxNumber"]) == (["562"], ["T-9"])
    assert "passportNumber" not in al_haq["properties"]  # an Organization has none: the Passport entity only
    assert "idNumber" not in al_haq["properties"]  # the licence is an 'other' document
    held = {e["properties"]["number"][0]: e for e in entities if al_haq["id"] in e["properties"].get("holder", [])}
    assert {number: e["schema"] for number, e in held.items()} == {
        "562": "Identification",
        "T-9": "Identification",
        "P1": "Passport",
    }, "a number too long for an FtM identifier leaves its document out"
    assert held["562"]["id"] == "sjdb-document-al-haq-registration-562"
    assert held["562"]["properties"]["country"] == ["ps"]


def query_count(tmp_path, fmt):
    with CaptureQueriesContext(connection) as queries:
        export(tmp_path, fmt)
    return len(queries)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "ftm"])
def test_documents_cost_no_query_per_document(tmp_path, fmt):
    """Regression guard: each document and its country are prefetched with the actors, in every format."""
    khan = Actor.objects.get(slug="karim-khan")
    actors = [khan, *Actor.objects.exclude(pk=khan.pk).order_by("pk")]
    # One document first, on a target: the country prefetch runs only when some document exists.
    make_identity_document(actor=khan, number="N0")
    before = query_count(tmp_path / "before", fmt)
    for n, actor in enumerate(actors[1:], start=1):
        make_identity_document(actor=actor, kind="national_id", number=f"N{n}", country=state("CH"))
        make_identity_document(actor=actor, kind="tax_id", number=f"T{n}", country=None)
    assert query_count(tmp_path / "after", fmt) == before
    out = tmp_path / "after" / fmt
    if fmt == "csv":
        rows = read_csv(out / "actors.csv")
        assert len(rows) == len(actors) and all(row["documents"] for row in rows)
    elif fmt == "jsonl":
        lines = [json.loads(line) for line in (out / "actors.jsonl").read_text().splitlines()]
        assert sum(len(line["documents"]) for line in lines) == 2 * len(actors) - 1
    else:
        found = [json.loads(line) for line in (out / "entities.ftm.json").read_text().splitlines()]
        assert sum(e["schema"] in ("Passport", "Identification") for e in found) == 2 * len(actors) - 1


def test_ftm_with_a_program_holds_only_its_targets_and_sanctions(tmp_path):
    path = export(tmp_path, "ftm", "--program", "ICC-EO13928") / "entities.ftm.json"
    entities = [json.loads(line) for line in path.read_text().splitlines()]
    assert sorted(e["id"] for e in entities if e["schema"] == "Sanction") == [
        "sjdb-sanction-fatou-bensouda-ICC-EO13928-2020-09-02",
        "sjdb-sanction-phakiso-mochochoko-ICC-EO13928-2020-09-02",
    ]
    assert {e["id"] for e in entities if e["schema"] == "Person"} >= {"sjdb-actor-fatou-bensouda"}
    assert "sjdb-actor-karim-khan" not in {e["id"] for e in entities}


@pytest.mark.parametrize(
    "entity",
    [
        {"id": "x", "schema": "Pirate", "properties": {}},
        {"id": "x", "schema": "Person", "properties": {"shoeSize": ["42"]}},
        {"id": "x", "schema": "Sanction", "properties": {"program": ["P"]}},  # no entity
        {"id": "x", "schema": "Person", "properties": {"name": ["A"], "birthDate": ["not a date"]}},
        {"schema": "Person", "properties": {"name": ["A"]}},
    ],
)
def test_validation_rejects_what_the_schema_does_not_allow(entity):
    with pytest.raises(InvalidData):
        ftm.validate(entity)


def _content(path):
    return sorted(json.dumps(record, sort_keys=True) for record in json.loads(path.read_text()))


def test_the_fixture_dump_reloads_into_an_empty_database_with_nothing_lost(tmp_path, addresses):
    make_identity_document(actor=addresses[0], number="AB 850-901", issued_on=d("2015-03-02"), note="issued in Rome")
    first = export(tmp_path, "fixture") / "fixture.json"
    assert '"model": "core.address"' in first.read_text()
    assert '"number_key": "AB850901"' in first.read_text()
    name_keys = NameKey.objects.count()
    # Empty every table, in this test's transaction (rolled back after it); sequences are left alone.
    if connection.vendor == "postgresql":
        # The addresses inserted above leave deferred foreign-key checks pending, and PostgreSQL does not
        # truncate a table with pending checks: run them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    assert NameKey.objects.count() == 0
    call_command("loaddata", str(first), verbosity=0)  # the project's validating loaddata
    second = export(tmp_path / "again", "fixture") / "fixture.json"
    assert _content(first) == _content(second)
    assert first.read_text() == second.read_text(), "same records in the same order"
    assert len(json.loads(first.read_text())) > sum(len(json.loads(open(f).read())) for f in FIXTURES) - 1
    assert NameKey.objects.count() == name_keys, "the name index is rebuilt on load"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--program", "NOPE"], "no program with code NOPE"),
        (["--treaty", "nope"], "no treaty with slug nope"),
        (["--format", "fixture", "--as-of", "2020-01-01"], "A fixture is the whole database"),
        (["--as-of", "2020-13-01"], "is not a date"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_bad_arguments_are_refused_by_name(tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export", "--output", str(tmp_path / "out"), *args)
    assert not (tmp_path / "out").exists()


def test_a_place_of_birth_is_in_the_actors_table_and_on_the_ftm_person(tmp_path):
    Actor.objects.filter(slug="karim-khan").update(birth_place="Edinburgh, United Kingdom;London")
    header = (export(tmp_path, "csv") / "actors.csv").read_text().splitlines()[0]
    assert header.endswith(",documents,birth_place,gender"), "columns are only ever added at the end"
    actors = {row["id"]: row for row in read_csv(tmp_path / "csv" / "actors.csv")}
    assert actors["karim-khan"]["birth_place"] == "Edinburgh, United Kingdom;London"
    assert actors["fatou-bensouda"]["birth_place"] == ""
    targets = {row["id"]: row for row in read_csv(tmp_path / "csv" / "targets.csv")}
    assert targets["karim-khan"]["birth_place"] == "Edinburgh, United Kingdom;London"
    path = export(tmp_path, "ftm") / "entities.ftm.json"
    by_id = {entity["id"]: entity for entity in map(json.loads, path.read_text().splitlines())}
    assert by_id["sjdb-actor-karim-khan"]["properties"]["birthPlace"] == ["Edinburgh, United Kingdom", "London"]
    assert "birthPlace" not in by_id["sjdb-actor-fatou-bensouda"]["properties"]


def test_a_gender_is_in_the_actors_and_targets_tables_and_on_the_ftm_person(tmp_path):
    Actor.objects.filter(slug="fatou-bensouda").update(gender="female")
    actors = {row["id"]: row for row in read_csv(export(tmp_path, "csv") / "actors.csv")}
    assert (actors["fatou-bensouda"]["gender"], actors["karim-khan"]["gender"]) == ("female", "")
    targets = {row["id"]: row for row in read_csv(tmp_path / "csv" / "targets.csv")}
    assert list(targets["karim-khan"])[-1] == "gender"
    assert (targets["fatou-bensouda"]["gender"], targets["karim-khan"]["gender"]) == ("female", "")
    path = export(tmp_path, "ftm") / "entities.ftm.json"
    by_id = {entity["id"]: entity for entity in map(json.loads, path.read_text().splitlines())}
    assert by_id["sjdb-actor-fatou-bensouda"]["properties"]["gender"] == ["female"]
    assert "gender" not in by_id["sjdb-actor-karim-khan"]["properties"]
