"""Federal Register API documents (fr-json): every field mapping on the hand-written data/fr.json, the disposition
notes turned into typed links, and the shapes and records the importer rejects or refuses."""

import json

import pytest

from core.models import Source
from sanctions.models import InstrumentRelation, LegalInstrument
from tests.factories import d
from tests.sanctions.test_importer_fuzz import import_fails_cleanly
from tests.sanctions.test_importers import DATA, counts, run

pytestmark = pytest.mark.django_db

SAMPLE = DATA / "fr.json"
NUMBERS = ["90101", "90102", "90103", "90104", "90105", "90106"]


def order(number):
    return LegalInstrument.objects.get(kind="executive_order", number=number)


def links():
    """The relations between the sample's orders, as (acting order, order acted on, type)."""
    rows = InstrumentRelation.objects.filter(source__number__in=NUMBERS) | InstrumentRelation.objects.filter(
        target__number__in=NUMBERS
    )
    return sorted(rows.values_list("source__number", "target__number", "relation_type"))


def write_json(tmp_path, content, name="orders.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_every_field_of_an_order():
    run("fr-json", SAMPLE, "--release-date", "2025-04-15")
    first = order("90101")  # its number an integer, as the API gives it
    assert (first.slug, first.kind, first.jurisdiction.code) == ("eo-90101", "executive_order", "US")
    assert (first.title, first.signing_date, first.publication_date) == (
        "Blocking Property of Certain Invented Persons",
        d("2020-06-11"),
        d("2020-06-15"),
    )
    assert (first.citation, first.document_number) == ("85 FR 90101", "2020-90101")
    assert first.url == (
        "https://www.federalregister.gov/documents/2020/06/15/2020-90101/blocking-property-of-certain-invented-persons"
    )
    assert first.issued_by.slug == "donald-trump"
    assert list(first.sources.values_list("key", "title", "kind")) == [
        ("import-federal-register-json-fr", "Federal Register API documents: fr.json", Source.Kind.DATASET)
    ]
    second = order("90102")  # its number a string
    assert (second.title, second.document_number, second.issued_by.slug) == (
        "Termination of an Invented Emergency",
        "2021-90102",
        "joe-biden",
    )
    assert order("90103").issued_by is None, "a president not in the database is no signer"
    fourth = order("90104")
    assert (fourth.issued_by, fourth.citation, fourth.signing_date) == (None, "", d("2021-01-04"))
    # A document with its number and document number only: the title is the order's name, the rest empty.
    bare = order("90106")
    assert (bare.title, bare.document_number, bare.signing_date, bare.url) == (
        "Executive Order 90106",
        "2021-90106",
        None,
        "",
    )


def test_disposition_notes_become_typed_links():
    output = run("fr-json", SAMPLE, "--release-date", "2025-04-15")
    # 'Revoked by' on 90101 and 'Revokes' on 90102 are one link; 'Supersedes' and 'Superseded by' too.
    # 90103's notes are under 'disposition_notes'; its 'See:' is no link. The rejected documents' notes give none.
    assert links() == [
        ("90102", "90101", "revokes"),
        ("90102", "90104", "supersedes"),
        ("90103", "90101", "amends"),
    ]
    assert "EO 90102 amends EO 80000: EO 80000 is not in the database" in output
    assert counts(output, "relation") == {"added": 3, "updated": 0, "delisted": 0, "unchanged": 0, "rejected": 1}
    revoked = order("90101")
    assert LegalInstrument.objects.in_force(d("2021-01-01")).filter(pk=revoked.pk).exists()
    assert not LegalInstrument.objects.in_force(d("2021-04-02")).filter(pk=revoked.pk).exists()


def test_records_that_cannot_be_orders_are_rejected_with_their_position():
    output = run("fr-json", SAMPLE, "--release-date", "2025-04-15")
    assert "rejected: fr.json document 5: no executive order number" in output
    assert "fr.json document 6: " in output and "publication date must be on or after the signing date" in output
    assert counts(output, "instrument") == {"added": 5, "updated": 0, "delisted": 0, "unchanged": 0, "rejected": 2}
    assert not LegalInstrument.objects.filter(number="90105").exists(), "a refused order leaves nothing behind"
    assert not LegalInstrument.objects.filter(document_number="2021-90200").exists()
    import_fails_cleanly("fr-json", SAMPLE, "--strict", match="fr.json document 5: no executive order number")


def test_a_second_import_changes_nothing():
    run("fr-json", SAMPLE, "--release-date", "2025-04-15")
    again = run("fr-json", SAMPLE, "--release-date", "2025-04-15")
    assert counts(again, "instrument")["unchanged"] == 5 and counts(again, "instrument")["added"] == 0
    assert counts(again, "relation")["unchanged"] == 3 and counts(again, "relation")["added"] == 0


def test_a_single_document_updates_an_order_and_keeps_what_it_leaves_empty(tmp_path):
    """The API's one-document answer (as in ../shared/data): a changed title replaces the old one; a value the
    document leaves empty does not erase the one recorded."""
    run("fr-json", SAMPLE, "--release-date", "2025-04-15")
    document = {"executive_order_number": 90101, "title": "A Corrected Title", "citation": None, "signing_date": ""}
    output = run("fr-json", write_json(tmp_path, document), "--release-date", "2025-05-01")
    assert counts(output, "instrument")["updated"] == 1
    first = order("90101")
    assert (first.title, first.citation, first.signing_date) == ("A Corrected Title", "85 FR 90101", d("2020-06-11"))
    assert first.sources.count() == 2


def test_the_api_names_the_signer_of_an_order_the_csv_export_added(tmp_path):
    """Regression: the president was read only for a new order, so an order the CSV export (which names none)
    had added never got its signer from the API's documents; a signer already recorded is kept."""
    run("fr-csv", DATA / "fr.csv", "--release-date", "2025-04-15")
    assert order("90001").issued_by is None
    documents = [
        {"executive_order_number": 90001, "president": {"identifier": "donald-trump"}},
        {"executive_order_number": 90002, "president": {"identifier": "nobody-we-know"}},
    ]
    output = run("fr-json", write_json(tmp_path, documents, name="fr.json"), "--release-date", "2025-05-01")
    assert counts(output, "instrument") == {"added": 0, "updated": 1, "delisted": 0, "unchanged": 1, "rejected": 0}
    assert order("90001").issued_by.slug == "donald-trump"
    assert order("90002").issued_by is None
    assert "signer not kept, no actor 'nobody-we-know' in the database: EO 90002 (fr.json document 2)" in output
    # The API's fr.json is not the export's fr.csv: each cites its own source.
    assert sorted(order("90001").sources.values_list("title", flat=True)) == [
        "Federal Register API documents: fr.json",
        "Federal Register executive orders (CSV export): fr.csv",
    ]
    documents = [{"executive_order_number": 90001, "president": {"identifier": "joe-biden"}}]
    run("fr-json", write_json(tmp_path, documents, name="later.json"), "--release-date", "2025-06-01")
    assert order("90001").issued_by.slug == "donald-trump"


def test_bad_documents_among_good_ones_are_rejected_one_by_one(tmp_path):
    good = {"executive_order_number": 90301, "title": "A Good Order", "signing_date": "2022-02-01"}
    documents = [
        good,
        "not an object",
        {"executive_order_number": 90302, "title": ["a", "list"]},
        {"executive_order_number": 90303, "president": {"identifier": {"an": "object"}}},
        {"executive_order_number": 90304, "signing_date": "2022-13-01"},
        {"executive_order_number": 90301, "document_number": "C1-2022-1"},
        {"executive_order_number": 90305.5},
    ]
    path = write_json(tmp_path, documents)
    import_fails_cleanly("fr-json", path, "--strict", match="orders.json document 2: is not a document")
    output = run("fr-json", path)
    assert order("90301").signing_date == d("2022-02-01")
    assert not LegalInstrument.objects.filter(number__in=["90302", "90303", "90304", "90305"]).exists()
    for message in [
        "orders.json document 2: is not a document (a JSON object)",
        "orders.json document 3: title is not a text or a number",
        "orders.json document 4: identifier is not a text or a number",
        "orders.json document 5: month must be in 1..12",
        "orders.json document 6: EO 90301 again (document C1-2022-1)",
        "orders.json document 7: executive_order_number is not a text or a number",
    ]:
        assert f"rejected: {message}" in output
    assert counts(output, "instrument") == {"added": 1, "updated": 0, "delisted": 0, "unchanged": 0, "rejected": 6}


def test_a_bare_list_of_documents_is_read_as_the_api_answer_is(tmp_path):
    documents = json.loads(SAMPLE.read_text(encoding="utf-8"))["results"]
    output = run("fr-json", write_json(tmp_path, documents), "--release-date", "2025-04-15")
    assert counts(output, "instrument") == {"added": 5, "updated": 0, "delisted": 0, "unchanged": 0, "rejected": 2}
    assert len(links()) == 3 and order("90102").issued_by.slug == "joe-biden"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param('{"results": {"not": "a list"}}', "is neither a Federal Register document nor a list", id="dict"),
        pytest.param("42", "is neither a Federal Register document nor a list", id="number"),
        pytest.param(
            '{"count": 2, "reslts": [{"executive_order_number": 1}]}',
            "an object whose keys are 'count', 'reslts'",
            id="misspelt-results",
        ),
        pytest.param('{"count": 0, "results": []}', "holds no executive order", id="no-results"),
        pytest.param("[]", "holds no executive order", id="empty-list"),
        pytest.param(None, "JSONDecodeError", id="truncated-sample"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_whole_and_writes_nothing(tmp_path, content, message):
    run("fr-json", SAMPLE, "--release-date", "2025-04-15")  # something there already, to be left as it was
    if content is None:
        sample = SAMPLE.read_text(encoding="utf-8")
        content = sample[: len(sample) * 2 // 3]  # good documents first, then the file breaks off
    path = write_json(tmp_path, content)
    both = f"{message}.*nothing was written|nothing was written.*{message}"
    import_fails_cleanly("fr-json", path, "--release-date", "2025-05-01", match=both)


def test_a_relation_names_the_order_it_lacks_and_an_order_cannot_act_on_itself(tmp_path):
    documents = [
        {
            "executive_order_number": 90201,
            "title": "Revoking Itself",
            "signing_date": "2022-01-03",
            "publication_date": "2022-01-06",
            "executive_order_notes": "Revokes: EO 90201, January 3, 2022\nAmends: EO 80001\nSuperseded by: EO 80002",
        }
    ]
    output = run("fr-json", write_json(tmp_path, {"results": documents}), "--release-date", "2022-02-01")
    assert "EO 90201 revokes EO 90201: an order cannot act on itself" in output
    assert "EO 90201 amends EO 80001: EO 80001 is not in the database" in output
    assert "EO 80002 supersedes EO 90201: EO 80002 is not in the database" in output
    assert counts(output, "relation")["rejected"] == 3
    assert not InstrumentRelation.objects.filter(source__number="90201").exists()


def test_a_signer_not_in_the_database_is_named_once_for_all_its_orders(tmp_path):
    documents = [
        {"executive_order_number": 90501, "president": {"identifier": "nobody-we-know"}},
        {"executive_order_number": 90502, "president": {"identifier": "nobody-we-know"}},
        {"executive_order_number": 90503, "president": {"identifier": "donald-trump"}},
        {"executive_order_number": "x", "president": {"identifier": "rejected-anyway"}},
    ]
    output = run("fr-json", write_json(tmp_path, documents), "--release-date", "2025-05-01")
    notes = [line for line in output.splitlines() if "signer not kept" in line]
    assert notes == [
        "signer not kept, no actor 'nobody-we-know' in the database: EO 90501 (orders.json document 1) and 1 more"
    ]
