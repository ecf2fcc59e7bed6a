"""OFAC's consolidated (non-SDN) list in legacy CSV: every field mapping on the hand-written release in
data/ofac_cons, its orphans and its continued remarks, and its keys and delisting kept apart from the SDN list's."""

import shutil

import pytest

from core.models import Actor, Address
from sanctions.importers import ofac_csv
from sanctions.importers.entries import Rejected
from sanctions.models import Designation
from tests.factories import d
from tests.sanctions.test_importer_fuzz import import_fails_cleanly
from tests.sanctions.test_importers import DATA, addresses, counts, documents, run

pytestmark = pytest.mark.django_db

CONS = DATA / "ofac_cons"


def import_cons(folder=CONS, date="2025-01-01", *options):
    return run("ofac-cons-csv", folder, "--release-date", date, *options)


def active(prefix):
    """The active designations of one list's actors, as (actor slug, program code)."""
    rows = Designation.objects.filter(actor__slug__startswith=prefix, delisted_on__isnull=True)
    return sorted(rows.values_list("actor__slug", "program__code"))


def test_an_entity_with_its_aliases_address_and_registration():
    output = import_cons()
    assert counts(output, "actor")["added"] == 4
    northwind = Actor.objects.get(slug="ofac-cons-101")
    assert (northwind.kind, northwind.name) == ("organisation", "NORTHWIND PETROCHEMICAL TRADING CO.")
    assert (northwind.birth_date, list(northwind.nationalities.all())) == (None, [])
    # 'nka' (now known as) has no kind of its own: it is one more name the entity goes by.
    assert sorted(northwind.aliases.values_list("name", "kind")) == [
        ("NORTHWIND PETROCHEM", "aka"),
        ("NORTHWIND TRADING COMPANY", "fka"),
        ("NW PETROCHEMICAL TRADING", "aka"),
    ]
    # The second address row is all '-0-': no address.
    assert addresses("ofac-cons-101") == [
        ("Unit 5, 12 Harbour Road", "Dubai", "", "", "AE", "Unit 5, 12 Harbour Road, Dubai, United Arab Emirates")
    ]
    assert documents("ofac-cons-101") == [("registration", "778899", "Registration Number", "IR", None, None, "")]
    assert northwind.description.startswith("Additional Sanctions Information - Not on the SDN List")
    assert northwind.description.endswith("Website www.northwind.example.")
    designation = northwind.designations.get()
    assert (designation.program.code, designation.reference) == ("IRAN", "OFAC-CONS:101")
    assert designation.program.jurisdiction.code == "US"


def test_an_individual_with_several_programs_and_the_identifiers_in_its_remarks():
    import_cons()
    karimi = Actor.objects.get(slug="ofac-cons-4201")
    # 'LAST, First' is turned round for a person, in the name and in the aliases.
    assert (karimi.kind, karimi.name) == ("person", "Leila Farah KARIMI")
    assert (karimi.birth_date, karimi.birth_date_precision) == (d("1971-03-03"), "day")
    assert karimi.birth_place == "Shiraz, Iran"
    assert list(karimi.nationalities.values_list("code", flat=True)) == ["IR"]
    assert list(karimi.aliases.values_list("name", "kind")) == [("Leyla KARIMY", "aka")]
    assert addresses("ofac-cons-4201") == [("", "Tehran", "", "", "IR", "Tehran, Iran")]
    assert documents("ofac-cons-4201") == [
        ("national_id", "0012345678", "National ID No.", "IR", None, None, ""),
        ("passport", "Z7654321", "Passport", "IR", d("2015-01-15"), d("2025-01-14"), ""),
    ]
    # 'SDGT] [IRAN': one designation per program, each with the entry's reference.
    assert sorted(karimi.designations.values_list("program__code", "reference", "listed_on")) == [
        ("IRAN", "OFAC-CONS:4201", d("2025-01-01")),
        ("SDGT", "OFAC-CONS:4201", d("2025-01-01")),
    ]
    assert "Linked To: NORTHWIND PETROCHEMICAL TRADING CO." in karimi.description
    russian = Actor.objects.get(slug="ofac-cons-4203")
    assert russian.designations.get().program.code == "UKRAINE-EO13662"
    assert list(russian.aliases.values_list("name", "kind")) == [("BALTIC RIVER OILFIELD SERVICES", "fka")]
    assert addresses("ofac-cons-4203") == [
        ("7 Naberezhnaya Street", "Moscow 115035", "", "", "RU", "7 Naberezhnaya Street, Moscow 115035, Russia")
    ]
    assert documents("ofac-cons-4203") == [
        ("registration", "1027700000001", "Registration ID", "RU", None, None, ""),
        ("tax_id", "7701234567", "Tax ID No.", "RU", None, None, ""),
    ]


def test_remarks_cut_at_the_column_width_go_on_in_the_comments_file():
    """Regression: OFAC cuts remarks at 1,000 characters, mid-word, and the comments ('spillover') file goes on
    with the same text. They were joined with a space ('PROMO RAI Z S.A.S.' in the 2019 SDN release), and read
    for documents apart, so that a passport cut in two was stored as 'Passport 98' without its country."""
    remarks = (CONS / "cons_prim.csv").read_text(encoding="ascii").splitlines()[2].rsplit(',"', 1)[1].rstrip('"')
    assert len(remarks) == 1000 and remarks.endswith("; Passport 98"), "cut at the width in OFAC's specification"
    import_cons()
    rasheed = Actor.objects.get(slug="ofac-cons-4202")
    assert rasheed.name == "Omar Salim AL-RASHEED"
    assert (rasheed.birth_date, rasheed.birth_date_precision) == (d("1964-01-01"), "year")  # 'DOB circa 1964'
    assert list(rasheed.nationalities.values_list("code", flat=True)) == ["PS"]  # 'nationality Palestinian'
    assert rasheed.description == remarks + "76543 (Egypt) issued 02 May 2012; Linked To: SEA GATE RELIEF FUND."
    assert documents("ofac-cons-4202") == [("passport", "9876543", "Passport", "EG", d("2012-05-02"), None, "")]
    assert rasheed.designations.get().program.code == "NS-PLC"
    assert Address.objects.get(actor=rasheed).note == "Previous address."
    assert addresses("ofac-cons-4202") == [
        ("12 Corniche Street", "Alexandria", "", "", "EG", "12 Corniche Street, Alexandria, Egypt")
    ]


def test_a_comment_beside_remarks_short_of_the_width_stays_a_remark_of_its_own(tmp_path):
    """A comments row for remarks that were not cut (not as OFAC writes them) is not glued onto them."""
    folder = tmp_path / "release"
    shutil.copytree(CONS, folder)
    (folder / "cons_comments.csv").write_text('4203,"Passport 55 (Russia)."\r\n', encoding="ascii")
    entry = next(e for e in ofac_csv.parse([folder], "cons") if getattr(e, "uid", "") == "4203")
    assert entry.remarks.endswith("Subject to Directive 2. Passport 55 (Russia).")
    assert [(doc.kind, doc.number, doc.country) for doc in entry.documents] == [
        ("tax_id", "7701234567", "RU"),
        ("registration", "1027700000001", "RU"),
        ("passport", "55", "RU"),
    ]


def test_orphan_rows_are_reported_and_refused_with_strict():
    import_fails_cleanly(
        "ofac-cons-csv", CONS, "--release-date", "2025-01-01", "--strict", match="alias for missing entry 4299"
    )
    assert not Actor.objects.filter(slug__startswith="ofac-cons-").exists()
    output = import_cons()
    assert "rejected: cons_alt.csv line 6: alias for missing entry 4299" in output
    assert "rejected: cons_add.csv line 3: address for missing entry 4150" in output
    assert counts(output, "row")["rejected"] == 2
    assert counts(output, "actor") == {"added": 4, "updated": 0, "delisted": 0, "unchanged": 0, "rejected": 0}
    assert not Actor.objects.filter(slug__in=["ofac-cons-4299", "ofac-cons-4150"]).exists()
    assert not Address.objects.filter(city="Minsk").exists()


def test_parsed_in_or_out_of_order_the_release_gives_the_same_entries(tmp_path):
    """OFAC writes every file by entry number and the rows are merged as read; an out-of-order copy is read by
    entry first. Both give the same entries and orphans."""
    shuffled = tmp_path / "shuffled"
    shutil.copytree(CONS, shuffled)
    for name in ("cons_alt.csv", "cons_add.csv"):
        rows = (CONS / name).read_bytes().split(b"\r\n")
        (shuffled / name).write_bytes(b"\r\n".join(rows[-2::-1]) + b"\r\n\x1a")

    def parsed(folder):
        found = list(ofac_csv.parse([folder], "cons"))
        return (
            {e.uid: e for e in found if not isinstance(e, Rejected)},
            sorted(e.reason for e in found if isinstance(e, Rejected)),
        )

    entries, rejected = parsed(CONS)
    assert sorted(entries) == ["101", "4201", "4202", "4203"]
    assert rejected == ["address for missing entry 4150", "alias for missing entry 4299"]
    again, rejected_again = parsed(shuffled)
    assert rejected_again == rejected

    def details(found):
        return {uid: (sorted(e.aliases), sorted(a.full for a in e.addresses)) for uid, e in found.items()}

    assert details(again) == details(entries)
    assert details(entries)["101"][1] == ["Unit 5, 12 Harbour Road, Dubai, United Arab Emirates"]


def test_a_second_import_changes_nothing():
    import_cons()
    output = import_cons()
    assert counts(output, "actor")["unchanged"] == 4 and counts(output, "actor")["updated"] == 0
    assert counts(output, "designation") == {"added": 0, "updated": 0, "delisted": 0, "unchanged": 5, "rejected": 0}


def test_the_consolidated_list_is_keyed_and_delisted_apart_from_the_sdn_list(tmp_path):
    """Entry 101 is on both samples: the two lists' actors are two actors, and a release of one delists only
    its own."""
    run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    sdn = active("ofac-sdn-")
    output = import_cons()
    assert counts(output, "actor")["added"] == 4 and counts(output, "designation")["delisted"] == 0
    assert Actor.objects.get(slug="ofac-sdn-101").name == "John Q. DOE"
    assert Actor.objects.get(slug="ofac-cons-101").name == "NORTHWIND PETROCHEMICAL TRADING CO."
    assert active("ofac-sdn-") == sdn, "the consolidated list delists nothing of the SDN list"
    cons = active("ofac-cons-")
    assert len(cons) == 5
    # A later SDN release without entry 102 delists it, and nothing of the consolidated list.
    output = run("ofac-sdn-csv", DATA / "ofac_sdn_next", "--release-date", "2025-06-01")
    assert counts(output, "designation")["delisted"] == 1
    assert Designation.objects.get(delisted_on=d("2025-06-01")).actor.slug == "ofac-sdn-102"
    assert active("ofac-cons-") == cons
    # A later consolidated release without entry 4201 delists its two designations, and nothing of the SDN list.
    sdn = active("ofac-sdn-")
    later = tmp_path / "later"
    shutil.copytree(CONS, later)
    prim = (later / "cons_prim.csv").read_bytes().split(b"\r\n")
    (later / "cons_prim.csv").write_bytes(b"\r\n".join(row for row in prim if not row.startswith(b"4201,")))
    output = import_cons(later, "2025-07-01")
    assert counts(output, "designation")["delisted"] == 2
    gone = Designation.objects.filter(delisted_on=d("2025-07-01"))
    assert sorted(gone.values_list("actor__slug", "program__code")) == [
        ("ofac-cons-4201", "IRAN"),
        ("ofac-cons-4201", "SDGT"),
    ]
    assert active("ofac-sdn-") == sdn
    assert "alias for missing entry 4201" in output, "its side rows are orphans now"


def test_a_bad_primary_row_is_rejected_with_its_line_and_strict_mode_aborts(tmp_path):
    folder = tmp_path / "release"
    shutil.copytree(CONS, folder)
    prim = (folder / "cons_prim.csv").read_bytes().rstrip(b"\x1a")
    bad = b'4204,"TOO FEW",-0- \r\n4205,' + b",".join([b"-0- "] * 11) + b"\r\n\x1a"
    (folder / "cons_prim.csv").write_bytes(prim + bad)
    import_fails_cleanly(
        "ofac-cons-csv", folder, "--release-date", "2025-01-01", "--strict", match="cons_prim.csv line 5"
    )
    output = import_cons(folder)
    assert "rejected: cons_prim.csv line 5: not an entry row: 3 columns, where an entry has 12" in output
    assert "rejected: cons_prim.csv line 6: no name" in output
    assert counts(output, "actor")["added"] == 4
    assert not Actor.objects.filter(slug__in=["ofac-cons-4204", "ofac-cons-4205"]).exists()
