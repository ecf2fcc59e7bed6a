"""The list importers: every field mapping on small files, idempotence, delisting, and nothing lost on failure."""

import gc
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import screening
from core.models import Actor, Address, Alias, DataVersion, IdentityDocument, Source
from sanctions.importers import common, federal_register, ofac_csv, sync
from sanctions.importers.entries import Rejected
from sanctions.models import Designation, InstrumentRelation, LegalInstrument, ListImport, SanctionProgram
from tests.factories import d

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def run(*args):
    out = io.StringIO()
    call_command("import_list", *map(str, args), "--no-progress", stdout=out)
    return out.getvalue()


def counts(output, kind):
    """The summary row of one kind: {outcome: n}."""
    header, *rows = [line.split() for line in output.splitlines() if line and not line.startswith(("rejected", "Dry"))][
        1:
    ]
    outcomes = ["added", "updated", "delisted", "unchanged", "rejected"]
    for row in [header, *rows]:
        if row[0] == kind:
            return dict(zip(outcomes, map(int, row[1:]), strict=True))
    return dict.fromkeys(outcomes, 0)


def test_a_list_creates_its_programs_citing_the_release_with_the_publishers_measures():
    before = set(SanctionProgram.objects.values_list("code", flat=True))
    output = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    created = SanctionProgram.objects.exclude(code__in=before).order_by("code")
    assert {"IRAN", "SDGT"} <= {program.code for program in created}
    assert counts(output, "program")["added"] == len(created)
    release = Source.objects.get(kind=Source.Kind.DATASET, publisher__contains="OFAC")
    iran = created.get(code="IRAN")
    assert (iran.name, iran.jurisdiction.code) == (f"IRAN ({iran.authority})", "US")
    assert "Office of Foreign Assets Control" in iran.authority
    assert list(iran.sources.all()) == [release]
    assert sorted(iran.measures.values_list("slug", flat=True)) == ["asset-freeze"]
    version = iran.history.get()
    assert version.history_type == "+"
    assert version.history_relations["sources"] == [release.pk]
    assert version.history_relations["measures"] == list(iran.measures.values_list("pk", flat=True))


def snapshot():
    return (
        list(Actor.objects.order_by("slug").values_list("slug", "name")),
        list(
            Designation.objects.order_by("pk").values_list("actor__slug", "program__code", "listed_on", "delisted_on")
        ),
        list(Address.objects.order_by("pk").values_list("pk", "actor__slug", "full", "country__code")),
    )


def addresses(slug):
    """An actor's addresses as (street, city, region, postal code, country code, whole line)."""
    fields = ("street", "city", "region", "postal_code", "country__code", "full")
    return list(Address.objects.filter(actor__slug=slug).order_by("full").values_list(*fields))


def documents(slug):
    """An actor's identity documents as (kind, number, type as written, country code, issued, expires, note)."""
    fields = ("kind", "number", "type_as_written", "country__code", "issued_on", "expires_on", "note")
    return list(IdentityDocument.objects.filter(actor__slug=slug).order_by("kind", "number").values_list(*fields))


def test_ofac_csv_fields_orphans_and_encoding():
    output = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    doe = Actor.objects.get(slug="ofac-sdn-101")
    assert (doe.kind, doe.name, doe.birth_date, doe.birth_date_precision) == (
        "person",
        "John Q. DOE",
        d("1948-12-10"),
        "day",
    )
    assert [s.code for s in doe.nationalities.all()] == ["IR"]
    assert [(a.name, a.kind) for a in doe.aliases.all()] == [("Johnny DOE", "aka")]
    assert "Also known for something." in doe.description
    assert addresses("ofac-sdn-101") == [("1 Main St", "Tehran", "", "", "IR", "1 Main St, Tehran, Iran")]
    assert sorted(doe.designations.values_list("program__code", flat=True)) == ["IRAN", "SDGT"]
    assert doe.designations.first().reference == "OFAC-SDN:101"
    # The documents among the remarks; the website and the link are other remarks.
    assert documents("ofac-sdn-101") == [
        ("national_id", "45-6", "Cedula No.", "CO", None, None, ""),
        ("passport", "123", "Passport", "IR", d("2010-02-01"), d("2020-01-31"), ""),
    ]
    assert documents("ofac-sdn-102") == [("registration", "9", "Registration ID", "CU", None, None, "")]
    assert IdentityDocument.history.filter(actor_id=doe.pk, history_type="+").count() == 2, "imports record history"
    acme = Actor.objects.get(slug="ofac-sdn-102")
    assert acme.kind == "organisation" and acme.aliases.get().kind == "fka"
    # An all '-0-' address row is no address.
    assert addresses("ofac-sdn-102") == [("Calle 23, Vedado", "Havana", "", "", "CU", "Calle 23, Vedado, Havana, Cuba")]
    assert Address.history.filter(actor_id=acme.pk, history_type="+").count() == 1, "imports record history"
    assert Actor.objects.get(slug="ofac-sdn-103").name == "SMITH, Café"  # cp1252; an entity keeps its order
    assert "alt.csv line 3: alias for missing entry 999" in output
    assert "add.csv line 2: address for missing entry 998" in output
    assert counts(output, "actor")["added"] == 3
    assert screening.search("Jonny Doe")[:1] == [doe.pk], "imported actors are name-indexed"


ORDERED_SDN = [
    '100,"FIRST, Ann","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
    '200,"OLD NAME LTD",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
    '200,"NEW NAME LTD",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
    '300,"LAST, Bob","individual","IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."',
]
ORDERED_SIDES = {
    "alt.csv": ['50,1,"aka","BEFORE ALL",-0- ', '100,2,"aka","FIRST, Annie",-0- ', "150,3",
                '300,4,"fka","LAST, Robert",-0- ', '400,5,"aka","AFTER ALL",-0- '],
    "add.csv": ['200,10,"1 Dock Rd","Havana","Cuba","Previous address."', '250,11,-0- ,"Paris","France",-0- '],
    "sdn_comments.csv": ["100", '300,"Also Bobby."'],
}  # fmt: skip


def ofac_release(folder, sdn, sides):
    folder.mkdir()
    (folder / "sdn.csv").write_text("\n".join(sdn) + "\n\x1a", encoding="cp1252")
    for name, rows in sides.items():
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def parsed(folder):
    found = list(ofac_csv.parse([folder]))
    entries = {e.uid: e for e in found if not isinstance(e, Rejected)}
    return entries, sorted(str(e) for e in found if isinstance(e, Rejected))


def test_an_ordered_ofac_csv_release_is_merged_as_read_with_the_same_entries_and_orphans(tmp_path):
    ordered = ofac_release(tmp_path / "ordered", ORDERED_SDN, ORDERED_SIDES)
    entries, rejected = parsed(ordered)
    assert sorted(entries) == ["100", "200", "300"]
    assert entries["100"].aliases == [("Annie FIRST", "aka")] and entries["100"].remarks == ""
    assert entries["200"].name == "NEW NAME LTD", "an entry number given twice keeps the last row"
    assert [(a.full, a.note) for a in entries["200"].addresses] == [("1 Dock Rd, Havana, Cuba", "Previous address.")]
    assert entries["300"].aliases == [("Robert LAST", "fka")] and entries["300"].remarks == "DOB 1970. Also Bobby."
    assert rejected == [
        "add.csv line 2: address for missing entry 250",
        "alt.csv line 1: alias for missing entry 50",
        "alt.csv line 3: alias for missing entry 150",
        "alt.csv line 5: alias for missing entry 400",
        "sdn_comments.csv line 1: comment row of entry 100 without a comment",
    ]
    # The same rows out of order take the dictionary path, and give the same answer.
    shuffled = {name: rows[::-1] for name, rows in ORDERED_SIDES.items()}
    unordered = parsed(ofac_release(tmp_path / "unordered", ORDERED_SDN, shuffled))
    lines = {"alt.csv": 5, "add.csv": 2, "sdn_comments.csv": 2}  # reversed files: line n is line (len + 1 - n)

    def renumbered(message):
        name, rest = message.split(" line ", 1)
        number, text = rest.split(":", 1)
        return f"{name} line {lines[name] + 1 - int(number)}:{text}"

    assert unordered[0] == entries
    assert sorted(map(renumbered, unordered[1])) == rejected


def test_a_short_alias_or_comment_row_of_a_listed_entry_is_reported(tmp_path):
    sides = {"alt.csv": ['100,1,"aka"'], "sdn_comments.csv": ["100"]}
    entries, rejected = parsed(ofac_release(tmp_path / "short", ORDERED_SDN[:1], sides))
    assert entries["100"].aliases == []
    assert rejected == [
        "alt.csv line 1: alias row of entry 100 without a name",
        "sdn_comments.csv line 1: comment row of entry 100 without a comment",
    ]


def test_an_ordered_ofac_csv_release_is_read_a_row_ahead_not_whole(tmp_path, monkeypatch):
    """Merging holds one row of each file beyond the current entry: the first entry is out before the
    side files are read past it."""
    folder = ofac_release(tmp_path / "ordered", ORDERED_SDN, ORDERED_SIDES)
    read = []
    rows = ofac_csv._rows

    def counted(path):
        for item in rows(path):
            read.append(path.name)
            yield item

    monkeypatch.setattr(ofac_csv, "_rows", counted)
    entries = ofac_csv.parse([folder])
    first = next(item for item in entries if not isinstance(item, Rejected))
    assert first.uid == "100"
    assert read.count("alt.csv") == 3  # the orphan before, Ann's alias, and the row after hers
    assert read.count("sdn.csv") == 2


def test_a_second_import_changes_nothing():
    run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    before = snapshot()
    output = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    assert snapshot() == before
    assert counts(output, "actor") == {"added": 0, "updated": 0, "delisted": 0, "unchanged": 3, "rejected": 0}
    assert counts(output, "designation")["unchanged"] == 4


def summary_lines(output):
    """The summary without the line that gives the time taken."""
    return [line for line in output.splitlines() if " in " not in line or "published" not in line]


def test_the_same_bytes_again_are_not_read_and_report_what_a_full_import_would(monkeypatch):
    run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    before = snapshot()
    full = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")

    def unread(*args):
        pytest.fail("the file was read again")
        yield

    with monkeypatch.context() as patched:
        patched.setattr(ofac_csv, "parse", unread)
        again = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
        dry = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01", "--dry-run")
        with pytest.raises(CommandError, match="alias for missing entry 999"):
            run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01", "--strict")
    assert summary_lines(again) == summary_lines(full)
    assert summary_lines(dry) == ["Dry run: nothing was written.", *summary_lines(full)]
    assert snapshot() == before
    ListImport.objects.all().delete()  # the record is derived: without it, the file is read again
    assert summary_lines(run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")) == summary_lines(full)


def test_bytes_imported_by_an_earlier_reader_are_read_again(monkeypatch):
    """A parser that reads more of a file (identity documents) must not be skipped by the record of the same
    bytes read before it did."""
    from sanctions.importers import formats

    run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    # What the earlier reader did not read: removed without the signals that would mark the data as changed.
    IdentityDocument.objects.all()._raw_delete(IdentityDocument.objects.db)
    assert "Not read again" not in run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    assert not IdentityDocument.objects.exists(), "the same reader skips the same bytes"
    monkeypatch.setattr(formats, "READER", formats.READER + 1)
    output = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    assert counts(output, "actor")["updated"] == 2
    assert [number for _, number, *_ in documents("ofac-sdn-101")] == ["45-6", "123"]


def test_a_record_changed_since_makes_the_same_bytes_be_read_again():
    """Regression guard: an edit made after an import must not make the next import of the release skip it."""
    run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    doe = Actor.objects.get(slug="ofac-sdn-101")
    doe.name = "Someone else"
    doe.save()
    output = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    assert counts(output, "actor") == {"added": 0, "updated": 1, "delisted": 0, "unchanged": 2, "rejected": 0}
    assert Actor.objects.get(slug="ofac-sdn-101").name == "John Q. DOE"


def test_delisting_and_what_was_seen_span_chunks(monkeypatch, tmp_path):
    """Entries two at a time: what earlier chunks listed (kept in the database, not in memory) still counts
    when the release ends, and a release that drops every entry delists them a chunk at a time."""
    monkeypatch.setattr(sync, "CHUNK", 2)
    run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    output = run("ofac-sdn-csv", DATA / "ofac_sdn_next", "--release-date", "2025-06-01")
    assert counts(output, "designation")["delisted"] == 1
    assert Designation.objects.filter(delisted_on=d("2025-06-01")).get().actor.slug == "ofac-sdn-102"
    other = ofac_release(tmp_path / "other", ORDERED_SDN[:1], {})  # a single entry no earlier release had
    output = run("ofac-sdn-csv", other, "--release-date", "2025-07-01")
    active = Designation.objects.filter(actor__slug__startswith="ofac-sdn-", delisted_on__isnull=True)
    assert counts(output, "designation")["delisted"] == 4
    assert list(active.values_list("actor__slug", flat=True)) == ["ofac-sdn-100"]
    assert Designation.history.filter(delisted_on=d("2025-07-01"), history_type="~").count() == 4


def test_an_entry_in_two_chunks_is_read_again_next_time(monkeypatch, tmp_path):
    """The later element of a uid given twice, chunks apart, overwrites the earlier: the release changes the
    record on every import, so its bytes are not remembered as a no-op."""
    monkeypatch.setattr(sync, "CHUNK", 1)

    def individual(uid, name):
        return (
            f"<INDIVIDUAL><DATAID>{uid}</DATAID><FIRST_NAME>{name}</FIRST_NAME><UN_LIST_TYPE>DRC</UN_LIST_TYPE>"
            f"<REFERENCE_NUMBER>CDi.{uid}</REFERENCE_NUMBER><LISTED_ON>2014-06-30</LISTED_ON></INDIVIDUAL>"
        )

    def release(name, *people):
        path = tmp_path / name
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00Z">'
            f"<INDIVIDUALS>{''.join(people)}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>",
            encoding="utf-8",
        )
        return path

    run("un-xml", release("twice.xml", individual(1, "ANN"), individual(2, "BOB"), individual(1, "ANNE")))
    assert Actor.objects.get(slug="un-1").name == "ANNE"
    assert not ListImport.objects.exists()
    run("un-xml", release("once.xml", individual(1, "ANN"), individual(2, "BOB")))
    assert ListImport.objects.get().entries == 2


def test_a_newer_release_updates_adds_and_delists():
    run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    output = run("ofac-sdn-csv", DATA / "ofac_sdn_next", "--release-date", "2025-06-01")
    assert counts(output, "actor")["added"] == 1 and counts(output, "actor")["updated"] == 1
    assert counts(output, "designation")["delisted"] == 1
    gone = Designation.objects.get(actor__slug="ofac-sdn-102")
    assert gone.delisted_on == d("2025-06-01"), "delisted with the release date, not deleted"
    assert Actor.objects.get(slug="ofac-sdn-101").aliases.get().name == "Jonathan DOE"
    assert Actor.objects.get(slug="ofac-sdn-104").birth_date_precision == "year"
    assert addresses("ofac-sdn-101") == [
        ("2 Main St", "Tehran 11365", "", "", "IR", "2 Main St, Tehran 11365, Iran"),
        ("", "Jabaliya", "", "", "PS", "Jabaliya, Region: Gaza"),  # a region OFAC names instead of a country
    ]
    assert addresses("ofac-sdn-102") == [("Calle 23, Vedado", "Havana", "", "", "CU", "Calle 23, Vedado, Havana, Cuba")]
    assert documents("ofac-sdn-101") == [("passport", "123", "Passport", "IR", None, None, "")], (
        "updated with the actor"
    )
    again = run("ofac-sdn-csv", DATA / "ofac_sdn_next", "--release-date", "2025-06-01")
    assert counts(again, "actor")["updated"] == 0, "the newer release again changes nothing"


def test_a_partial_file_adds_and_updates_but_delists_nothing():
    run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    output = run("ofac-sdn-csv", DATA / "ofac_sdn_next", "--release-date", "2025-06-01", "--partial")
    assert counts(output, "actor")["added"] == 1 and counts(output, "actor")["updated"] == 1
    assert counts(output, "designation")["delisted"] == 0 and "nothing absent from it was delisted" in output
    assert Designation.objects.get(actor__slug="ofac-sdn-102").delisted_on is None


def people(uids, aliases, *, kind="aka", country="Iran", note="-0- "):
    """An OFAC CSV release of persons ``uids``, each with ``aliases`` (names, '{uid}' filled in) of ``kind``, an
    address with ``note``, and a passport and a nationality of ``country``."""
    remarks = f'"nationality {country}; Passport P{{uid}} ({country})."'
    sdn = [
        f'{uid},"PERSON, Number {uid}","individual","SDGT",{",".join(["-0- "] * 7)},{remarks.format(uid=uid)}'
        for uid in uids
    ]
    alt = [
        f'{uid},{uid * 10 + n},"{kind}","{alias.format(uid=uid)}",-0- '
        for uid in uids
        for n, alias in enumerate(aliases)
    ]
    add = [f'{uid},{uid * 10},"{uid} Dock Rd","Havana","Cuba",{note}' for uid in uids]
    return sdn, {"alt.csv": alt, "add.csv": add}


def test_a_changed_alias_address_or_document_is_replaced_with_its_history(tmp_path):
    """Rows whose unique key stays (an alias's name, an address's line, a document's kind and number) but whose
    other values change are deleted, then written anew: the history shows both."""
    one = people([8], ["Same Name"], kind="aka", country="Iran", note="-0- ")
    two = people([8], ["Same Name"], kind="fka", country="Iraq", note='"Previous address."')
    run("ofac-sdn-csv", ofac_release(tmp_path / "one", *one), "--release-date", "2025-01-01")
    run("ofac-sdn-csv", ofac_release(tmp_path / "two", *two), "--release-date", "2025-06-01")
    actor = Actor.objects.get(slug="ofac-sdn-8")
    assert list(actor.aliases.values_list("name", "kind")) == [("Same Name", "fka")]
    assert list(actor.addresses.values_list("full", "note")) == [("8 Dock Rd, Havana, Cuba", "Previous address.")]
    assert list(actor.documents.values_list("number", "country__code")) == [("P8", "IQ")]
    assert list(actor.nationalities.values_list("code", flat=True)) == ["IQ"]
    for model, field, value in ((Alias, "name", "Same Name"), (IdentityDocument, "number", "P8")):
        versions = model.history.filter(actor_id=actor.pk, **{field: value}).order_by("history_id")
        assert [v.history_type for v in versions] == ["+", "-", "+"], model
    assert [v.history_type for v in Address.history.filter(actor_id=actor.pk).order_by("history_id")] == [
        "+",
        "-",
        "+",
    ]


def test_a_changed_entry_keeps_the_aliases_and_addresses_it_still_has(tmp_path):
    """A newer release that drops one alias and adds another deletes and adds those two, not every alias of the
    entry: the others keep their rows, and the history records what changed and nothing else."""
    run(
        "ofac-sdn-csv",
        ofac_release(tmp_path / "one", *people([7], ["Kept {uid}", "Dropped {uid}"])),
        "--release-date",
        "2025-01-01",
    )
    actor = Actor.objects.get(slug="ofac-sdn-7")
    before = dict(actor.aliases.values_list("name", "pk"))
    address = actor.addresses.get().pk
    version = DataVersion.current().counter

    output = run(
        "ofac-sdn-csv",
        ofac_release(tmp_path / "two", *people([7], ["Kept {uid}", "Zebulon Added"])),
        "--release-date",
        "2025-06-01",
    )

    assert counts(output, "actor")["updated"] == 1
    assert dict(actor.aliases.values_list("name", "pk")) == {
        "Kept 7": before["Kept 7"],
        "Zebulon Added": actor.aliases.get(name="Zebulon Added").pk,
    }
    assert actor.addresses.get().pk == address
    assert sorted(Alias.history.filter(actor_id=actor.pk).values_list("name", "history_type")) == [
        ("Dropped 7", "+"), ("Dropped 7", "-"), ("Kept 7", "+"), ("Zebulon Added", "+"),
    ]  # fmt: skip
    keys = set(actor.name_keys.values_list("key", flat=True))
    assert "e:zebulon" in keys and "e:dropped" not in keys, "the name index follows the aliases"
    assert DataVersion.current().counter > version


def test_a_newer_release_changes_entries_in_a_number_of_queries_that_does_not_grow_with_them(tmp_path):
    """Regression guard: the aliases an entry no longer has were deleted with their signals, a history row, a data
    version and a new name index each; 639 changed entries took 12 s."""

    def update_queries(uids, name):
        run(
            "ofac-sdn-csv",
            ofac_release(tmp_path / f"{name}-1", *people(uids, ["Old {uid}", "Kept {uid}"])),
            "--release-date",
            "2025-01-01",
            "--partial",
        )
        # Every kind of row changes: aliases, an address, a document and a nationality.
        changed = people(uids, ["New {uid}", "Kept {uid}"], country="Iraq", note='"Previous address."')
        with CaptureQueriesContext(connection) as queries:
            output = run(
                "ofac-sdn-csv",
                ofac_release(tmp_path / f"{name}-2", *changed),
                "--release-date",
                "2025-06-01",
                "--partial",
            )
        assert counts(output, "actor")["updated"] == len(uids)
        slugs = [f"ofac-sdn-{uid}" for uid in uids]
        names = Alias.objects.filter(actor__slug__in=slugs).values_list("name", flat=True)
        assert set(names) == {f"{kind} {uid}" for uid in uids for kind in ("New", "Kept")}
        assert set(IdentityDocument.objects.filter(actor__slug__in=slugs).values_list("country__code", flat=True)) == {
            "IQ"
        }
        assert set(Address.objects.filter(actor__slug__in=slugs).values_list("note", flat=True)) == {
            "Previous address."
        }
        return len(queries)

    update_queries(range(1000, 1002), "first")  # the release's source, programs and measures are made once
    assert update_queries(range(1, 4), "few") == update_queries(range(100, 130), "more")


def test_an_older_release_than_one_imported_is_refused_unless_partial():
    """Guards against an older file delisting, as of its own date, what a later release lists."""
    run("ofac-sdn-csv", DATA / "ofac_sdn_next", "--release-date", "2025-06-01")
    before = snapshot()
    with pytest.raises(CommandError, match="older than the release of 2025-06-01 already imported.*--partial"):
        run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    assert snapshot() == before
    output = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01", "--partial")
    assert counts(output, "actor")["added"] == 1 and counts(output, "designation")["delisted"] == 0
    assert not Designation.objects.filter(actor__slug__startswith="ofac-sdn-", delisted_on__isnull=False).exists()
    # Another list's later release is no reason to refuse this one.
    assert counts(run("un-xml", DATA / "un.xml"), "actor")["added"] > 0


def test_a_release_imported_before_a_later_one_is_not_read_again():
    """Guards against re-running a sequence of imports (make import-shared) undoing its later releases and
    extracts: the earlier bytes again are reported as they were, not read."""
    run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    run("ofac-sdn-csv", DATA / "ofac_sdn_next", "--release-date", "2025-06-01", "--partial")
    edited = Actor.objects.get(slug="ofac-sdn-101")
    edited.name = "Edited by hand"
    edited.save()  # a record changed since both imports: the same bytes would otherwise be read again
    before = snapshot()
    again = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    assert "\nNot read again: the release of 2025-06-01 has been imported since." in again
    assert counts(again, "actor")["unchanged"] == 3 and counts(again, "actor")["updated"] == 0
    assert snapshot() == before
    latest = run("ofac-sdn-csv", DATA / "ofac_sdn_next", "--release-date", "2025-06-01", "--partial")
    assert counts(latest, "actor")["updated"] == 1, "the latest release is read again, restoring its name"


def test_dry_run_writes_nothing():
    before = snapshot()
    output = run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01", "--dry-run")
    assert "Dry run" in output and counts(output, "actor")["added"] == 3
    assert snapshot() == before


def test_strict_mode_refuses_orphans_and_writes_nothing():
    before = snapshot()
    with pytest.raises(CommandError, match="alias for missing entry 999"):
        run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01", "--strict")
    assert snapshot() == before


def test_the_delisting_is_planned_on_fresh_statistics(monkeypatch):
    """Guards the first import into a new database: PostgreSQL took the tables just filled for empty, and the
    delisting's anti-join read the list's actors once per designation. The rows added are passed on, so that the
    tables they outgrew are analysed before the delisting reads them."""
    calls = []
    monkeypatch.setattr(sync, "refresh_statistics", lambda connection, written: calls.append(written) or [])
    output = run("un-xml", DATA / "un.xml")
    assert calls == [{Actor: counts(output, "actor")["added"], Designation: counts(output, "designation")["added"]}]
    assert calls[0][Actor] > 0


def test_un_xml_fields():
    output = run("un-xml", DATA / "un.xml")
    person = Actor.objects.get(slug="un-5001")
    assert (person.name, person.birth_date, person.birth_date_precision) == (
        "ABDUL KARIM HASSAN",
        d("1960-01-01"),
        "year",
    )
    # Each place once, composed as an address line; an empty one is none.
    assert person.birth_place == (
        "Mashhad, Razavi Khorasan, Iran (Islamic Republic of); Jamkaran village, Qom (possibly)"
    )
    assert [s.code for s in person.nationalities.all()] == ["IR"]
    # A nationality that tells no country today is not kept, and the import says so, where.
    unplaced = (
        "nationality not kept, no country today can be told from it: 'former Soviet Union' (INDIVIDUAL DATAID 5001)"
    )
    assert unplaced in output
    assert unplaced in run("un-xml", DATA / "un.xml"), "the same bytes again report it too, unread"
    # The name in original script is marked with its script, read off its letters; the UN gives no language.
    assert {(a.name, a.kind, a.script, a.language) for a in person.aliases.all()} == {
        ("Abu Karim", "aka", "", ""),
        ("Abdulkarim", "spelling", "", ""),
        ("عبد الكريم حسن", "original_script", "Arab", ""),
    }
    designation = person.designations.get()
    assert (designation.program.code, designation.listed_on) == ("UN-Al-Qaida", d("2001-10-06"))
    assert designation.reference == "UN:5001 (QDi.999)"
    assert designation.program.authority == "United Nations Security Council"
    assert Actor.objects.get(slug="un-5002").aliases.get().kind == "fka"
    # The empty <INDIVIDUAL_ADDRESS><COUNTRY/> is skipped; the note is kept beside the address, not in it.
    assert addresses("un-5001") == [
        ("12 Example Road", "Tehran", "", "11365", "IR", "12 Example Road, Tehran 11365, Iran (Islamic Republic of)")
    ]
    assert list(Address.objects.filter(actor__slug="un-5001").values_list("note", flat=True)) == ["as of 2020"]
    assert addresses("un-5002") == [
        ("", "", "North Kivu Province", "", "CD", "North Kivu Province, Democratic Republic of the Congo")
    ]
    assert "ENTITY DATAID ?: no DATAID or no name" in output
    assert "published 2026-02-27" in output
    # A document without a number, and an empty one, are none; the finer type is the one kept, and its issuer the
    # State the type names when the list names none.
    assert documents("un-5001") == [
        ("passport", "A 123456", "Passport", "IR", d("2015-03-02"), None, "issued in Tehran; Expires on 1 Mar. 2025"),
        ("tax_id", "HSSBDL60A01Z224X", "Italian Fiscal Code", "IT", None, None, ""),
    ]


def test_eu_xml_fields():
    run("eu-xml", DATA / "eu.xml")
    person = Actor.objects.get(slug="eu-77")
    assert (person.kind, person.name, person.birth_date) == ("person", "Fahd Bin Khalid", d("1965-04-14"))
    # Every birthdate element's place, the city '-' and the country '00' (both unknown) left out; the first date.
    assert person.birth_place == "SAUDI ARABIA; Al-Khobar, Eastern Province, SAUDI ARABIA; Riyadh"
    assert person.birth_date_precision == "day"
    # The alias keeps the language the list gives (nameLanguage) and the script of its letters.
    assert [(a.name, a.script, a.language) for a in person.aliases.all()] == [("فهد بن خالد", "Arab", "ar")]
    assert [s.code for s in person.nationalities.all()] == ["SA"]
    designation = person.designations.get()
    assert (designation.program.code, designation.listed_on) == ("EU-TERR", d("2002-05-27"))
    assert Actor.objects.get(slug="eu-78").kind == "organisation"
    # Country '00' is 'UNKNOWN': that address has nothing else, so it is none.
    assert addresses("eu-77") == [
        (
            "King Fahd Road, P.O. Box 1234",
            "Riyadh",
            "",
            "11564",
            "SA",
            "King Fahd Road, P.O. Box 1234, Riyadh 11564, SAUDI ARABIA",
        )
    ]
    assert documents("eu-77") == [
        (
            "national_id",
            "1028745097",
            "National identification card",
            None,  # '00': unknown
            None,
            None,
            "issued by Civil Status Department; issued in Riyadh",
        ),
        (
            "passport",
            "F654645",
            "National passport",
            "SA",
            d("2005-04-30"),
            d("2010-03-07"),
            "known to have expired; Saudi Arabian passport number",
        ),
    ]
    assert documents("eu-78") == [("registration", "892", "Registration Number", "IR", None, None, "")]


def test_eu_xml_1_0_fields():
    output = run("eu-xml-1.0", DATA / "eu_1_0.xml")
    assert Source.objects.get(title="EU Financial Sanctions File (XML 1.0)").published_on == d("2016-02-11")
    saddam = Actor.objects.get(slug="eu-13")
    assert (saddam.kind, saddam.name, saddam.birth_date, saddam.birth_date_precision) == (
        "person",
        "Saddam Hussein Al-Tikriti",
        d("1937-04-28"),
        "day",
    )
    assert saddam.description == "(UNSC RESOLUTION 1483)"
    assert saddam.birth_place == "Tikrit, Iraq; al-Awja, near Tikrit, Iraq", "alpha-3 countries named"
    # A name without WHOLENAME is its parts; a name keeps its LANGUAGE, and the script of its letters.
    assert [(a.name, a.script, a.language) for a in saddam.aliases.all()] == [
        ("Abu Ali Hussein", "", ""),
        ("Σαντάμ Χουσεΐν Αλ Τικρίτι", "Grek", "el"),
    ]
    assert [s.code for s in saddam.nationalities.all()] == ["IQ"], "alpha-3 codes, each once"
    designation = saddam.designations.get()
    # Listed when the earliest part was: the entity's own date is its latest regulation's.
    assert (designation.program.code, designation.listed_on, designation.reference) == (
        "EU-IRQ",
        d("2003-07-07"),
        "EU:13",
    )
    bank = Actor.objects.get(slug="eu-230")
    assert bank.kind == "organisation" and bank.designations.get().listed_on == d("2003-12-02")
    assert addresses("eu-230") == [
        ("12 Rashid Street", "Baghdad", "", "10001", "IQ", "12 Rashid Street, Baghdad 10001, Iraq")
    ], "an empty address is none"
    assert Address.objects.get(actor=bank).note == "head office"
    # PASSPORT holds any document: its kind is in the number's brackets, and one without a number is none.
    assert documents("eu-13") == [
        ("national_id", "63-646650 Q70", "National identification card", "IQ", None, None, ""),
        ("passport", "0000", "passport", None, None, None, ""),
    ]
    aazem = Actor.objects.get(slug="eu-505")
    assert (aazem.birth_date, aazem.birth_date_precision) == (d("1971-01-01"), "year")
    assert aazem.designations.get().program.code == "EU-UNSPECIFIED"
    assert counts(output, "row")["rejected"] == 1 and "ENTITY Id 999: no Id or no name" in output
    assert counts(run("eu-xml-1.0", DATA / "eu_1_0.xml"), "actor")["unchanged"] == 3


def test_ofac_sdn_xml_fields():
    run("ofac-sdn-xml", DATA / "sdn.xml")
    person = Actor.objects.get(slug="ofac-sdn-700")
    assert (person.name, person.birth_date, person.birth_date_precision) == ("Maria EXAMPLE", d("1971-03-01"), "month")
    assert person.birth_place == "Maracaibo, Zulia, Venezuela; Caracas, Venezuela"
    assert [(a.name, a.kind) for a in person.aliases.all()] == [("Maria OLDNAME", "fka")]
    assert [s.code for s in person.nationalities.all()] == ["VE"]
    assert person.designations.get().program.code == "VENEZUELA"
    assert addresses("ofac-sdn-700") == [
        (
            "Edificio Sur, Piso 3",
            "Caracas",
            "Distrito Capital",
            "1010",
            "VE",
            "Edificio Sur, Piso 3, Caracas, Distrito Capital 1010, Venezuela",
        )
    ]
    # The idList's documents; its website and sanction note are no documents.
    assert documents("ofac-sdn-700") == [
        ("national_id", "V-12345678", "Cedula No.", "VE", None, None, ""),
        ("passport", "D0012345", "Passport", "VE", d("2015-01-12"), d("2020-01-11"), ""),
    ]


def test_federal_register_orders_and_relations():
    output = run("fr-csv", DATA / "fr.csv", "--release-date", "2025-04-15")
    first = LegalInstrument.objects.get(kind="executive_order", number="90001")
    assert (first.title, first.signing_date, first.publication_date, first.citation) == (
        "First Order",
        d("2020-06-11"),
        d("2020-06-15"),
        "85 FR 1",
    )
    assert (
        InstrumentRelation.objects.filter(
            source__number="90002", target__number="90001", relation_type="revokes"
        ).count()
        == 1
    )
    assert "EO 90002 amends EO 80000: EO 80000 is not in the database" in output
    assert "line 4" in output and "publication date must be on or after the signing date" in output
    again = run("fr-csv", DATA / "fr.csv", "--release-date", "2025-04-15")
    assert counts(again, "instrument")["unchanged"] == 2 and counts(again, "relation")["unchanged"] == 1


def orders(path, numbers, title):
    """A Federal Register CSV export of orders ``numbers``, each revoking the one before it."""
    header = (
        "citation,document_number,html_url,publication_date,signing_date,title,disposition_notes,executive_order_number"
    )
    rows = [
        f'85 FR {n},2020-{n},https://example.org/{n},2020-06-15,2020-06-11,{title} {n},"Revokes: EO {n - 1}",{n}'
        for n in numbers
    ]
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def test_federal_register_orders_are_written_in_a_number_of_queries_that_does_not_grow_with_them(tmp_path):
    """Regression guard: each order was saved, cited and validated on its own, with its signals: about 25 queries
    an order, 733 orders of ../shared/data in 8 to 18 s."""

    def queries(numbers, name):
        counted = []
        for n, title in enumerate(("Order", "Renamed order")):  # added, then updated
            with CaptureQueriesContext(connection) as captured:
                output = run(
                    "fr-csv", orders(tmp_path / f"{name}-{n}.csv", numbers, title), "--release-date", f"202{n}-01-01"
                )
            counted.append(len(captured))
            assert counts(output, "instrument")["added" if n == 0 else "updated"] == len(numbers)
            assert counts(output, "relation")["added" if n == 0 else "unchanged"] == len(numbers) - 1
        renamed = LegalInstrument.objects.filter(number__in=[str(n) for n in numbers], title__startswith="Renamed")
        assert renamed.count() == len(numbers)
        assert (
            InstrumentRelation.objects.filter(source__in=renamed, relation_type="revokes").count() == len(numbers) - 1
        )
        last = renamed.get(number=str(numbers[-1]))
        versions = list(LegalInstrument.history.filter(id=last.pk).order_by("history_id"))
        assert [(v.history_type, v.title) for v in versions] == [("+", f"Order {last.number}"), ("~", last.title)]
        cited = sorted(last.sources.values_list("pk", flat=True))  # each export's file, a source each
        assert [v.history_relations["sources"] for v in versions] == [cited[:1], cited]
        return counted

    queries(range(70000, 70002), "first")  # the release's source is made once
    assert queries(range(71000, 71003), "few") == queries(range(72000, 72030), "more")


def test_a_federal_register_order_whose_slug_another_record_holds_is_rejected_and_the_rest_imported(tmp_path):
    LegalInstrument.objects.create(slug="eo-73001", kind="statute", title="A statute a curator slugged so")
    output = run("fr-csv", orders(tmp_path / "fr.csv", [73000, 73001, 73002], "Order"), "--release-date", "2025-01-01")
    assert counts(output, "instrument") == {"added": 2, "updated": 0, "delisted": 0, "unchanged": 0, "rejected": 1}
    assert "line 3: {'slug': ['Legal instrument with this Slug already exists.']}" in output
    assert set(LegalInstrument.objects.filter(kind="executive_order", number__startswith="7300").values_list(
        "number", flat=True
    )) == {"73000", "73002"}  # fmt: skip


def test_a_federal_register_order_given_again_in_a_later_batch_is_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(federal_register, "CHUNK", 2)
    output = run("fr-csv", orders(tmp_path / "fr.csv", [74000, 74001, 74002, 74001, 74003], "Order"))
    assert counts(output, "instrument")["added"] == 4 and counts(output, "instrument")["rejected"] == 1
    assert "line 5: EO 74001 again" in output


def test_federal_register_rejections_are_listed_in_line_order(tmp_path):
    """Regression guard: the rows refused as they were read (no number, a number again) were listed before those
    the batch's validation refused, whatever their lines."""
    path = orders(tmp_path / "fr.csv", [76000, 76001, 76002], "Order")
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace("2020-06-15", "2020-06-01")  # published before it was signed
    lines[3] = lines[3].removesuffix(",76002") + ","  # no number
    path.write_text("\n".join([*lines, lines[1]]) + "\n")  # and the first order again
    output = run("fr-csv", path, "--release-date", "2025-01-01")
    rejected = [line.split(":")[1] for line in output.splitlines() if line.startswith("rejected:")]
    # The links the notes name are judged once every order is written, and listed after them.
    assert rejected == [" fr.csv line 3", " fr.csv line 4", " fr.csv line 5", " fr.csv line 2"], output


def test_a_long_federal_register_title_is_kept_whole_and_one_too_long_for_its_column_left_out(tmp_path):
    """Regression guard: EO 13716's 327-character title (an Iran sanctions order) was over the 300-character
    column, so the order and the four revocations it names were rejected; and an order already recorded had its
    title cut at 300 characters, mid-word, when an export ran the title on into the order's text (EO 13003)."""
    long, too_long = "Revocation " + "o" * 389, "Establishing " + "e" * 500
    run("fr-csv", orders(tmp_path / "one.csv", [77000, 77001, 77002], "Order"), "--release-date", "2025-01-01")
    LegalInstrument.objects.filter(number="77002").update(title=too_long[:300])  # as the importer cut it
    path = orders(tmp_path / "two.csv", [77000, 77001, 77002, 77003], "Order")
    text = path.read_text().replace("Order 77000", long).replace("Order 77001", too_long)
    path.write_text(text.replace("Order 77002", too_long).replace("Order 77003", too_long))
    output = run("fr-csv", path, "--release-date", "2025-06-01")
    assert LegalInstrument.objects.get(number="77000").title == long and len(long) == 400
    titles = dict(LegalInstrument.objects.filter(number__in=["77001", "77002", "77003"]).values_list("number", "title"))
    assert titles == {
        "77001": "Order 77001",  # the title recorded is kept
        "77002": "Executive Order 77002",  # one this importer cut is undone
        "77003": "Executive Order 77003",  # a new order is named by its number until an export gives its title
    }
    assert counts(output, "instrument") == {"added": 1, "updated": 2, "delisted": 0, "unchanged": 1, "rejected": 0}
    assert "line 3: EO 77001's title not kept, 513 characters where its column holds 500" in output
    assert LegalInstrument.objects.get(number="77003").publication_date == d("2020-06-15"), "the rest is kept"
    again = run("fr-csv", path, "--release-date", "2025-06-01")  # the same bytes, reported as they were
    assert "line 3: EO 77001's title not kept" in again and counts(again, "instrument")["unchanged"] == 4


def test_a_federal_register_order_left_unchanged_is_not_judged_by_the_import(tmp_path):
    """A record the export leaves as it is stays unchanged, even if it would not pass validation today."""
    run("fr-csv", orders(tmp_path / "one.csv", [75000, 75001], "Order"), "--release-date", "2025-01-01")
    LegalInstrument.objects.filter(number="75000").update(slug="eo 75000 curated")  # not a valid slug
    output = run("fr-csv", orders(tmp_path / "two.csv", [75000, 75001], "Order"), "--release-date", "2025-06-01")
    assert counts(output, "instrument")["unchanged"] == 2 and counts(output, "instrument")["rejected"] == 0


def test_federal_register_files_that_disagree_imported_twice_in_turn_change_nothing(tmp_path, monkeypatch):
    """Guards against a sequence of exports (make import-shared) rewriting the orders they disagree on at
    every run: each file's values won in turn, 13 orders of ../shared/data changed on every run."""
    later = tmp_path / "fr_later.csv"
    later.write_text((DATA / "fr.csv").read_text().replace("2020-06-11", "2020-06-12"))
    sequence = [(DATA / "fr.csv", "2025-04-15"), (later, "2025-12-10")]
    for path, date in sequence:
        run("fr-csv", path, "--release-date", date)
    signed = LegalInstrument.objects.get(number="90001").signing_date
    assert signed == d("2020-06-12"), "the later file's date"

    # The same bytes are not read again: the earlier file because a later release was imported since, the
    # later one because no record has changed since.
    def unread(path):
        raise AssertionError(f"{path} read again")

    monkeypatch.setattr(federal_register, "csv_orders", unread)
    outputs = [run("fr-csv", path, "--release-date", date) for path, date in sequence]
    assert LegalInstrument.objects.get(number="90001").signing_date == signed
    assert "Not read again: the release of 2025-12-10 has been imported since." in outputs[0]
    assert [counts(output, "instrument") for output in outputs] == [
        {"added": 0, "updated": 0, "delisted": 0, "unchanged": 2, "rejected": 1}
    ] * 2


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("truncated.xml", '<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>'),
        (
            "bomb.xml",
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&lol2;</FIRST_NAME>"
            "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        ),
        (
            "external.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
            "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&ext;</FIRST_NAME>"
            "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        ),
    ],
)
def test_unsafe_or_broken_xml_fails_cleanly_and_writes_nothing(tmp_path, name, content):
    run("un-xml", DATA / "un.xml")  # something already in the database
    before = snapshot()
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    # A file whose early entries parse must not leave them behind when a later part fails.
    with pytest.raises(CommandError, match="nothing was written"):
        run("un-xml", path, "--release-date", "2026-03-01")
    assert snapshot() == before


def test_the_command_as_documented_shows_progress_and_its_summary():
    """Guards against the progress bar reading a verbosity the command never had: every import without
    --no-progress (as the README and `make import-shared` run them) stopped with an AttributeError."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_list", "un-xml", str(DATA / "un.xml"), stdout=out, stderr=err)
    assert counts(out.getvalue(), "actor")["added"] == Actor.objects.filter(slug__startswith="un-").count() > 0
    assert "un-xml" in err.getvalue() and "entries" in err.getvalue()
    quiet = io.StringIO()
    call_command("import_list", "un-xml", str(DATA / "un.xml"), verbosity=0, stdout=io.StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        run("un-xml", DATA / "does-not-exist.xml")


def test_an_import_keeps_earlier_objects_out_of_full_collections_while_it_runs(monkeypatch, tmp_path):
    frozen = []
    chunk = sync.Sync._sync_chunk

    def watched(self, entries):
        frozen.append(gc.get_freeze_count())
        return chunk(self, entries)

    monkeypatch.setattr(sync.Sync, "_sync_chunk", watched)
    run("un-xml", DATA / "un.xml")
    assert frozen and all(frozen), "frozen while the entries were written"
    assert gc.get_freeze_count() == 0, "and thawed after"
    # Thawed after a failed import too.
    empty = tmp_path / "empty.xml"
    empty.write_text('<CONSOLIDATED_LIST dateGenerated="2026-06-01"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>')
    with pytest.raises(CommandError, match="no valid entry"):
        run("un-xml", empty)
    assert gc.get_freeze_count() == 0
    # A caller's own freeze is the caller's to undo.
    gc.freeze()
    try:
        run("eu-xml", DATA / "eu.xml")
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


# Integration on the real files in ../shared/data -------------------------------------------------------------------
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the project")


@pytest.mark.parametrize(
    "written, code",
    [
        ("undetermined", None),
        ("Former Soviet Union", None),
        ("Netherlands Antilles.", None),
        ("na", None),  # the UN's 'not available', not Namibia
        ("Gambia, The", "GM"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Macau", "MO"),
        ("Cabo Verde.  Previously Cape Verde.", "CV"),
        ("Ecuador (formerly Peru)", "EC"),
        # Names compared without accents or punctuation, and the short form of an index-order name.
        ("Turkiye", "TR"),
        ("Reunion", "RE"),
        ("Curacao", "CW"),
        ("Virgin Islands, U.S.", "VI"),
        ("Virgin Islands (British)", "VG"),
        ("Republic of Cote d'Ivoire", "CI"),
        ("St. Lucia", "LC"),
        ("Palestine", "PS"),
        ("Holy See", "VA"),
        ("Congo", "CG"),
        ("Congo (Kinshasa)", "CD"),
        ("Zaire", "CD"),
        # Codes: ISO's, and Kosovo's.
        ("IRQ", "IQ"),
        ("XK", "XK"),
        ("OK", None),
        # No guess from a region's or a city's name: 'Cali' is no part of California, Mexico's 'Distrito Federal'
        # is Brazil's too, 'Korea' is two countries' name.
        ("Cali", None),
        ("Bogota", None),
        ("Distrito Federal", None),
        ("Korea", None),
    ],
)
def test_a_country_is_told_from_its_name_or_its_code(written, code):
    assert common.country_code(written) == code


def test_words_beside_something_else_name_a_country_by_its_name_alone():
    assert common.country_named("Central African Republic") == "CF"
    assert common.country_named("Libya") == "LY"
    assert [common.country_named(words) for words in ("Per", "Aus", "ID", "(Sr)", "British")] == [None] * 5


def test_a_number_given_twice_however_spaced_is_one_document(tmp_path):
    """A bank's code written both ways in one entry (or as an advanced file's document and feature) was stored
    twice, and found twice by a search by number."""
    bank = '100,"BANK ONE",-0- ,"IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"SWIFT/BIC {}; alt. SWIFT/BIC {}."'.format
    run(
        "ofac-sdn-csv",
        ofac_release(tmp_path / "one", [bank("BTEJ IR TH", "BTEJIRTH")], {}),
        "--release-date",
        "2025-01-01",
    )
    assert documents("ofac-sdn-100") == [("other", "BTEJIRTH", "SWIFT/BIC", None, None, None, "")]
    # Given in the other order, by a later release (or another format), the document is left as it is: the
    # spelling kept is the one written as its key, not the first given.
    kept = IdentityDocument.objects.get(actor__slug="ofac-sdn-100").pk
    run(
        "ofac-sdn-csv",
        ofac_release(tmp_path / "two", [bank("BTEJIRTH", "BTEJ IR TH")], {}),
        "--release-date",
        "2025-02-01",
    )
    assert list(IdentityDocument.objects.filter(actor__slug="ofac-sdn-100").values_list("pk", "number")) == [
        (kept, "BTEJIRTH")
    ]


@needs_shared
def test_the_full_2019_sdn_csv():
    output = run("ofac-sdn-csv", SHARED / "ofac" / "legacy_csv_full_2019-01", "--release-date", "2019-01-15")
    assert counts(output, "actor")["added"] == 7379
    assert Actor.objects.filter(slug__startswith="ofac-sdn-").count() == 7379
    zawahiri = Actor.objects.get(slug="ofac-sdn-2676")
    assert zawahiri.birth_date == d("1951-06-19") and "SDGT" in zawahiri.designations.values_list(
        "program__code", flat=True
    )
    assert counts(output, "row")["rejected"] == 0, "the full 2019 set joins cleanly"
    # Its only nationalities that tell no country, reported once with how often they came.
    assert [line for line in output.splitlines() if line.startswith("nationality not kept")] == [
        "nationality not kept, no country today can be told from it: "
        "'possibly Palestinian' (sdn.csv line 904 and 2 more)"
    ]
    # 11,696 address rows: 2,222 are all '-0-', and an entry's repeated lines are kept once.
    assert Address.objects.filter(actor__slug__startswith="ofac-sdn-").count() == 9474
    assert addresses("ofac-sdn-306")[-1] == (
        "Zweierstrasse 35",
        "Zurich CH-8022",
        "",
        "",
        "CH",
        "Zweierstrasse 35, Zurich CH-8022, Switzerland",
    )
    assert not zawahiri.addresses.exists(), "his only address row is empty"
    assert zawahiri.birth_place == "Giza, Egypt"
    # 'Gender Male' and 'Gender Female' in the remarks of 679 of the 3,845 individuals.
    genders = Counter(Actor.objects.filter(slug__startswith="ofac-sdn-").values_list("gender", flat=True))
    assert (genders["male"], genders["female"]) == (621, 58)
    assert Actor.objects.get(slug="ofac-sdn-17807").gender == "female"
    # The vessel columns (316 of the 323 vessels have some); the 934 titles are all in their remarks already.
    assert Actor.objects.get(slug="ofac-sdn-4234").description == (
        "Vessel: call sign CL2685; type General Cargo; flag Cuba; owner Compania Navegacion Golfo S.A.; "
        "tonnage 2597; gross registered tonnage 1098."
    )
    assert Actor.objects.get(slug="ofac-sdn-587").description == "Director, Banco Nacional de Cuba."
    assert Actor.objects.filter(slug__startswith="ofac-sdn-", description__startswith="Vessel: ").count() == 316
    # Countries written in index order ('Macedonia, The Former Yugoslav Republic of' was left unmapped).
    jashari = Actor.objects.get(slug="ofac-sdn-20882")
    assert list(jashari.nationalities.values_list("code", flat=True)) == ["MK"]
    assert "GM" in Address.objects.filter(actor__slug="ofac-sdn-12452").values_list("country__code", flat=True)
    # 'Region: Crimea', where OFAC's other rows write Crimea's addresses as in Ukraine.
    assert set(Address.objects.filter(actor__slug="ofac-sdn-18961").values_list("country__code", flat=True)) == {"UA"}
    # 4,850 documents in the remarks, one written twice for its actor; a date not given to the day is a note.
    assert IdentityDocument.objects.filter(actor__slug__startswith="ofac-sdn-").count() == 4849
    # Written in shapes read since: a validity as a span, a passport's sort and a register's second number.
    assert ("passport", "654781", "Passport", "JO", d("2008-01-01"), d("2010-12-31"), "") in documents("ofac-sdn-21266")
    assert ("passport", "D000000483", "Passport", "SY", None, None, "Diplomatic") in documents("ofac-sdn-10570")
    assert documents("ofac-sdn-15868") == [
        ("registration", "467323", "Public Registration Number", "PA", None, None, "Doc. 694710")
    ]
    # The State a type names is the issuer the remarks do not give: every Italian Fiscal Code is Italy's.
    fiscal = IdentityDocument.objects.filter(type_as_written="Italian Fiscal Code", actor__slug__startswith="ofac-sdn-")
    assert fiscal.count() == 18 and set(fiscal.values_list("country__code", flat=True)) == {"IT"}
    # 72 banks' SWIFT/BIC codes, 52 of them without a digit, which were not read as numbers.
    swift = IdentityDocument.objects.filter(type_as_written="SWIFT/BIC", actor__slug__startswith="ofac-sdn-")
    assert swift.count() == 72 and swift.exclude(number__regex=r"[0-9]").count() == 52
    assert documents("ofac-sdn-12312") == [("other", "KDBKKPPY", "SWIFT/BIC", None, None, None, "")]
    # Spaced as consolidated.xml writes Bank Tejarat's, it is the same number.
    assert IdentityDocument.objects.numbered(["BTEJ IR TH"]).get().actor.slug == "ofac-sdn-25677"
    assert documents("ofac-sdn-11272")[-1][1:] == ("E382464", "Passport", "TH", None, None, "expires Jan 2007")
    assert documents("ofac-sdn-2676") == [
        ("passport", "1084010", "Passport", "EG", None, None, ""),
        ("passport", "19820215", "Passport", None, None, None, ""),
    ]
    # Where a register is kept: a Mexican state before the country, a Colombian city in the country's place (no
    # country is guessed from it: pycountry's fuzzy search took 'Cali' for California), a country with an aside.
    assert documents("ofac-sdn-21071") == [
        ("registration", "22839", "Folio Mercantil No.", "MX", None, None, "Jalisco")
    ]
    assert documents("ofac-sdn-16470") == [
        ("registration", "818178-2", "Matricula Mercantil No", None, None, None, "Cali")
    ]
    assert documents("ofac-sdn-16469")[0][1:] == ("01200175", "Matricula Mercantil No", None, None, None, "Bogota")
    assert [row[3] for row in documents("ofac-sdn-16713")] == ["CV", "GW", "CV"]  # 'Cabo Verde.  Previously ...'
    assert ("12756003", "MO") in [(row[1], row[3]) for row in documents("ofac-sdn-23647")]  # '(Macau)'
    ListImport.objects.all().delete()  # read again, and compared record by record
    again = run("ofac-sdn-csv", SHARED / "ofac" / "legacy_csv_full_2019-01", "--release-date", "2019-01-15")
    assert counts(again, "actor")["unchanged"] == 7379 and counts(again, "designation")["added"] == 0


@needs_shared
def test_the_2025_sdn_sample_reports_its_orphans():
    output = run("ofac-sdn-csv", SHARED / "ofac" / "legacy_csv_sample_2025", "--release-date", "2025-05-16")
    assert counts(output, "actor")["added"] == 17
    assert output.count("alias for missing entry") == 5 and output.count("address for missing entry") == 4


@needs_shared
def test_the_un_consolidated_list():
    output = run("un-xml", SHARED / "un" / "un_sc_consolidated_2026-02-27.xml")
    assert counts(output, "actor")["added"] == 1003
    first = Actor.objects.get(slug="un-6907993")
    assert first.name == "ERIC BADEGE" and first.designations.get().reference == "UN:6907993 (CDi.001)"
    assert first.designations.get().listed_on == d("2012-12-31")
    assert addresses("un-6907993") == [("", "", "", "", "RW", "Rwanda")]
    assert Address.objects.filter(actor__slug__startswith="un-").count() == 740
    # 535 of the 730 individuals have a place of birth with something in it.
    assert Actor.objects.filter(slug__startswith="un-").exclude(birth_place="").count() == 535
    assert Actor.objects.get(slug="un-6907995").birth_place == (
        "Musanze District, Northern Province, Rwanda; Ruhengeri, Rwanda"
    )
    assert Actor.objects.get(slug="un-6908052").birth_place == "al-Awja, near Tikrit, Iraq", "street and city alike"
    assert Actor.objects.get(slug="un-6908664").birth_place == (
        "Manono Territory, Katanga Province (now Tanganyika Province)"
    )
    assert Actor.objects.get(slug="un-6908704").birth_place == "possibly Sabratha, Talil neighbourhood"
    # 468 INDIVIDUAL_DOCUMENTs hold a type; 14 have no number, and 6 repeat a number their holder has.
    assert IdentityDocument.objects.filter(actor__slug__startswith="un-").count() == 448
    assert documents("un-690738") == [
        (
            "passport",
            "FK117RK0",
            "Passport",
            "LY",
            d("2018-11-25"),
            None,
            "issued in Tripoli; Date of expiration: 24 Nov 2026",
        )
    ]
    # Numbers written with words (one in nine of the UN's): the number alone is compared, the words kept in the
    # note, a country named among them the issuer.
    assert ("D00000898", None, "CAR diplomatic passport; valid until 10 April 2018") in [
        (row[1], row[3], row[6]) for row in documents("un-6908466")
    ]
    assert [(row[1], row[3]) for row in documents("un-690771") if row[1] == "B/002210"] == [("B/002210", "LY")]
    assert IdentityDocument.objects.numbered(["D00000898"]).get().actor.slug == "un-6908466"
    assert not IdentityDocument.objects.filter(actor__slug__startswith="un-", number__contains=" number ").exists()
    # 54 GENDER elements, and 44 individuals with a gender only in their comments ('Gender: male', 'sex: male').
    genders = Counter(Actor.objects.filter(slug__startswith="un-").values_list("gender", flat=True))
    assert genders == {"": 905, "male": 95, "female": 3}
    assert Actor.objects.get(slug="un-6908659").gender == "male", "'Physical description: sex: male'"
    assert Actor.objects.get(slug="un-6908473").gender == "female"
    assert not Actor.objects.get(slug="un-690784").nationalities.exists(), "'na' is no country, not Namibia"
    ListImport.objects.all().delete()
    assert counts(run("un-xml", SHARED / "un" / "un_sc_consolidated_2026-02-27.xml"), "actor")["unchanged"] == 1003


@needs_shared
def test_the_eu_file_and_the_ofac_xml_files():
    assert (
        counts(run("eu-xml", SHARED / "eu" / "eu_fsf_1_1_extract_2026-08-05_globalFileId184961.xml"), "actor")["added"]
        == 5
    )
    assert Actor.objects.get(slug="eu-191").nationalities.exists() is not None
    sdn = run("ofac-sdn-xml", SHARED / "ofac" / "sdn_xml" / "sdn_xml_sample_2020-03-26.xml")
    assert counts(sdn, "actor")["added"] == 2
    assert Actor.objects.get(slug="ofac-sdn-306").aliases.filter(name="NATIONAL BANK OF CUBA").exists()
    cons = run("ofac-cons-xml", SHARED / "ofac" / "consolidated_non_sdn_2018-04-06" / "consolidated.xml")
    assert counts(cons, "actor")["added"] == 639
    # A title OFAC does not repeat in the remarks, and a vessel's particulars: no field of their own.
    assert Actor.objects.get(slug="ofac-cons-15960").description == (
        "Title: Managing Director, National Iranian Oil Company; Director, Hong Kong Intertrade Company; "
        "Director, Petro Suisse Intertrade Company."
    )
    assert Actor.objects.get(slug="ofac-cons-15036").description == (
        "Vessel: call sign T2EU4; type Crude/Oil Products Tanker; flag Tanzania; tonnage 99144; gross registered "
        "tonnage 56068. (Linked To: NATIONAL IRANIAN TANKER COMPANY)"
    )
    assert ("Via Barberini 50", "Rome", "RM", "00187", "IT", "Via Barberini 50, Rome, RM 00187, Italy") in addresses(
        "ofac-cons-10125"
    )
    assert addresses("eu-6106") == [("", "", "", "", "LY", "LIBYA")]
    # The country '00' is UNKNOWN: no part of a place of birth.
    assert Actor.objects.get(slug="eu-6106").birth_place == "Alrhaybat"
    assert Actor.objects.get(slug="eu-6177").birth_place == "Riyadh, SAUDI ARABIA"
    assert Actor.objects.get(slug="eu-191").gender == "male"
    legacy = run("eu-xml-1.0", SHARED / "eu" / "eu_fsf_legacy_1_0_2016-02-11_extract.xml", "--partial")
    assert counts(legacy, "actor")["added"] == 19 and counts(legacy, "row")["rejected"] == 0
    mugabe = Actor.objects.get(slug="eu-1")
    assert (mugabe.name, mugabe.birth_date, mugabe.gender) == ("Robert Gabriel Mugabe", d("1924-02-21"), "male")
    assert Actor.objects.get(slug="eu-70").gender == "female"
    assert mugabe.designations.get().program.code == "EU-ZWE"
    assert Actor.objects.get(slug="eu-201").aliases.filter(name="Black September").exists()
    assert ("Rashid Street", "Baghdad", "", "", "IQ", "Rashid Street, Baghdad, Iraq") in addresses("eu-230")
    assert Address.objects.get(actor__slug="eu-6106").note == "Libya (Believed status/location: residing in Egypt)"
    assert len(addresses("eu-3822")) == 6


@needs_shared
def test_the_ofac_advanced_xml():
    output = run("ofac-cons-advanced-xml", SHARED / "ofac" / "advanced_xml" / "cons_advanced_2020-03-17.xml")
    assert counts(output, "actor")["added"] == 375
    haniya = Actor.objects.get(slug="ofac-cons-9639")
    assert haniya.kind == "person" and haniya.name == "Ismail Abdul Salah HANIYA"
    assert (haniya.birth_date, haniya.birth_date_precision) == (d("1962-01-01"), "year")
    assert haniya.aliases.filter(name="Ismaeel HANIYYA").exists()
    assert haniya.designations.get().program.code == "NS-PLC"
    assert not haniya.addresses.exists(), "a location only in the area 'undetermined' is no address"
    # A REGION part without a country reads as OFAC's other formats write it.
    assert addresses("ofac-cons-9659") == [("", "Jabaliya", "", "", "PS", "Jabaliya, Region: Gaza")]
    assert addresses("ofac-cons-17022") == [
        (
            "26/1 Sofiyskaya Embankment",
            "Moscow",
            "",
            "115035",
            "RU",
            "26/1 Sofiyskaya Embankment, Moscow 115035, Russia",
        )
    ]
    assert Address.objects.filter(actor__slug__startswith="ofac-cons-").count() == 407
    # The file's one Gender feature, a lookup.
    assert list(Actor.objects.exclude(gender="").values_list("slug", "gender")) == [("ofac-cons-26182", "male")]
    # 573 IDRegDocuments, and 34 SWIFT/BIC features, which the other OFAC formats list among identifiers.
    assert IdentityDocument.objects.filter(actor__slug__startswith="ofac-cons-").count() == 607
    assert documents("ofac-cons-15268") == [("other", "CKLBCNBJ", "SWIFT/BIC", None, None, None, "")]
    assert documents("ofac-cons-17022") == [
        ("registration", "00044428", "Government Gazette Number", "RU", None, None, ""),
        ("registration", "1027700043502", "Registration ID", "RU", None, None, ""),
        ("tax_id", "7706107510", "Tax ID No.", "RU", None, None, ""),
    ]
    ListImport.objects.all().delete()
    again = run("ofac-cons-advanced-xml", SHARED / "ofac" / "advanced_xml" / "cons_advanced_2020-03-17.xml")
    assert counts(again, "actor")["unchanged"] == 375


@needs_shared
def test_the_federal_register_export_links_the_icc_orders():
    run("fr-csv", SHARED / "federal_register" / "fr_export_executive_orders_13272-14270_2025-04-15.csv")
    assert InstrumentRelation.objects.filter(
        source__number="14022", target__number="13928", relation_type="revokes"
    ).exists()
    assert InstrumentRelation.objects.filter(
        source__number="14148", target__number="14022", relation_type="revokes"
    ).exists()
    assert LegalInstrument.objects.filter(kind="executive_order").count() >= 999  # 1,000 rows, EO 13526 twice
    # An Iran sanctions order with a 327-character title, and the orders it revokes.
    jcpoa = LegalInstrument.objects.get(number="13716")
    assert len(jcpoa.title) == 327 and jcpoa.title.endswith("Joint Comprehensive Plan of Action of July 14, 2015")
    revoked = InstrumentRelation.objects.filter(source=jcpoa, relation_type="revokes")
    assert sorted(revoked.values_list("target__number", flat=True)) == ["13574", "13590", "13622", "13645"]
    eo = LegalInstrument.objects.get(number="14203")
    assert eo.issued_by.slug == "donald-trump", "curated values the export lacks are kept"
    run(
        "fr-json",
        SHARED / "federal_register" / "fr_api_eo_14203.json",
        SHARED / "federal_register" / "fr_api_eo_14022.json",
    )
    assert LegalInstrument.objects.get(number="14203").document_number == "2025-02612"
