"""Hostile files for every import format: each fails cleanly, in one transaction, leaving the database as it was.

Empty, binary, truncated, entity-expanding, wrongly encoded, oversized and misshapen files either abort with a
``CommandError`` that says nothing was written, or (a bad row among good ones) are reported as rejected rows,
which ``--strict`` turns into an abort. Either way the database afterwards equals the database before.
"""

import shutil

import pytest
from django.apps import apps
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctions.importers import FORMATS
from sanctions.models import Designation, LegalInstrument
from tests.sanctions.test_importers import DATA, run

pytestmark = pytest.mark.django_db

XML_FORMATS = {
    "un-xml": DATA / "un.xml",
    "eu-xml": DATA / "eu.xml",
    "eu-xml-1.0": DATA / "eu_1_0.xml",
    "ofac-sdn-xml": DATA / "sdn.xml",
    "ofac-cons-xml": DATA / "sdn.xml",
    "ofac-sdn-advanced-xml": DATA / "ofac_advanced.xml",
    "ofac-cons-advanced-xml": DATA / "ofac_advanced.xml",
}
CSV_FORMATS = {"ofac-sdn-csv": "sdn.csv", "ofac-cons-csv": "cons_prim.csv"}
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&lol9;</FIRST_NAME>"
    "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
).encode()
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    b"<sdnList><sdnEntry><uid>1</uid><lastName>&ext;</lastName></sdnEntry></sdnList>"
)
EXTERNAL_DTD = b'<?xml version="1.0"?><!DOCTYPE export SYSTEM "http://127.0.0.1:9/evil.dtd"><export/>'
JUNK = bytes(range(256)) * 64
MEGABYTE_NAME = "A" * 1_000_000


def fingerprint():
    """Row counts of every table, and the designations' dates (a wrongful delisting changes only those)."""
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    designations = list(Designation.objects.order_by("pk").values_list("pk", "listed_on", "delisted_on"))
    return counts, designations


def import_fails_cleanly(format, *paths, match="nothing was written"):
    """The import raises a CommandError matching ``match`` and the database is unchanged."""
    before = fingerprint()
    with pytest.raises(CommandError, match=match):
        run(format, *paths)
    assert fingerprint() == before


@pytest.fixture
def loaded():
    """Something of every list already in the database, so that a wrongful delisting or update would show."""
    run("un-xml", DATA / "un.xml")
    run("eu-xml", DATA / "eu.xml")
    run("ofac-sdn-xml", DATA / "sdn.xml")
    run("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2025-01-01")
    run("ofac-cons-csv", DATA / "ofac_cons", "--release-date", "2025-01-01")
    run("fr-csv", DATA / "fr.csv", "--release-date", "2025-01-01")
    run("fr-json", DATA / "fr.json", "--release-date", "2025-01-01")


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def xml_cases():
    cases = {
        "empty": b"",
        "whitespace": b"   \n",
        "junk": JUNK,
        "billion-laughs": BILLION_LAUGHS,
        "external-entity": EXTERNAL_ENTITY,
        "external-dtd": EXTERNAL_DTD,
        "not-xml": b"ent_num,SDN_Name\n1,DOE\n",
    }
    for format, sample in XML_FORMATS.items():
        for label, content in cases.items():
            yield pytest.param(format, content, id=f"{format}-{label}")
        text = sample.read_bytes()
        yield pytest.param(format, text[: len(text) // 2], id=f"{format}-truncated")
        # Declared UTF-8, written in Latin-1 (an accent becomes an invalid byte sequence).
        latin = text.decode("utf-8").replace("<", "<!--é-->\n<", 3)[9:].encode("latin-1", "replace")
        yield pytest.param(format, b'<?xml version="1.0" encoding="UTF-8"?>' + latin, id=f"{format}-latin-1")
        # UTF-16 that declares itself UTF-8.
        body = text.decode("utf-8").split("?>", 1)[1]
        utf16 = ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode("utf-16")
        yield pytest.param(format, utf16, id=f"{format}-utf-16-declared-utf-8")


@pytest.mark.parametrize("format, content", list(xml_cases()))
def test_broken_xml_fails_cleanly(loaded, tmp_path, format, content):
    import_fails_cleanly(format, write(tmp_path, "list.xml", content), match="nothing was written|Cannot read")


@pytest.mark.parametrize("format", sorted(CSV_FORMATS))
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(JUNK, id="junk"),
        pytest.param(b"\x1a", id="only-the-end-marker"),
        pytest.param(b'101,"DOE, John"\n102\n', id="too-few-columns"),
        pytest.param('101,"DOE, John","individual","SDGT"\n'.encode("utf-16"), id="utf-16"),
    ],
)
def test_ofac_csv_without_a_single_good_row_aborts(loaded, tmp_path, format, content):
    """A file with no valid entry is not a release in which everyone was delisted."""
    write(tmp_path, CSV_FORMATS[format], content)
    import_fails_cleanly(format, tmp_path, "--release-date", "2026-01-01", match="nothing was written")


def ofac_csv_folder(tmp_path, extra_row):
    shutil.copytree(DATA / "ofac_sdn", tmp_path / "release")
    with open(tmp_path / "release" / "sdn.csv", "a", encoding="utf-8") as handle:
        handle.write(extra_row)
    return tmp_path / "release"


@pytest.mark.parametrize(
    "row, reason",
    [
        ('104,"TOO FEW",-0-\n', "not an entry row: 3 columns, where an entry has 12"),
        ('X7,"NO NUMBER",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n', "not an entry row: entry number 'X7'"),
        ("105," + ",".join(["-0-"] * 40) + "\n", "no name"),
        (f'106,"{"B" * 301}",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n', "longer than 300 characters"),
    ],
    ids=["too-few-columns", "entry-number-not-a-number", "too-many-empty-columns", "name-longer-than-its-column"],
)
def test_a_bad_ofac_csv_row_is_rejected_and_strict_mode_aborts(loaded, tmp_path, row, reason):
    folder = ofac_csv_folder(tmp_path, row)
    import_fails_cleanly("ofac-sdn-csv", folder, "--release-date", "2025-01-01", "--strict", match=reason)
    output = run("ofac-sdn-csv", folder, "--release-date", "2025-01-01")
    assert "rejected: sdn.csv line 4" in output and reason in output.split("rejected: sdn.csv line 4")[1]


def test_an_ofac_csv_field_over_the_csv_limit_aborts_naming_the_line(loaded, tmp_path):
    """Regression: a megabyte field raised the csv module's bare 'field larger than field limit'."""
    row = f'106,"{MEGABYTE_NAME}",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    import_fails_cleanly("ofac-sdn-csv", ofac_csv_folder(tmp_path, row), match="sdn.csv line 4: cannot be read as CSV")


def test_a_megabyte_name_in_xml_is_a_rejected_entry(loaded, tmp_path):
    content = (DATA / "un.xml").read_text(encoding="utf-8").replace("<FIRST_NAME>ABDUL", f"<FIRST_NAME>{MEGABYTE_NAME}")
    """Regression: names were cut to their column's width without a word, storing a name nobody wrote."""
    path = write(tmp_path, "un.xml", content)
    import_fails_cleanly("un-xml", path, "--strict", match="DATAID 5001: a name longer than 300 characters")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(JUNK, id="junk"),
        pytest.param("number,title\n".encode("utf-16"), id="utf-16"),
        pytest.param(b"executive_order_number,title,signing_date\n90001,Short row\n", id="too-few-columns"),
        pytest.param(b"executive_order_number,title,signing_date\n90001,A,2020-01-01,x,y,z\n", id="too-many-columns"),
        pytest.param(b"executive_order_number,title,signing_date\n90001,A,31/31/2020\n", id="bad-date"),
        pytest.param(f"executive_order_number,title\n90001,{MEGABYTE_NAME}\n".encode(), id="huge"),
    ],
)
def test_broken_federal_register_csv_fails_cleanly(loaded, tmp_path, content):
    import_fails_cleanly(
        "fr-csv", write(tmp_path, "fr.csv", content), "--release-date", "2025-02-01", "--strict", match="."
    )


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(JUNK, id="junk"),
        pytest.param(b'{"results": [', id="truncated"),
        pytest.param(b"[1, 2, 3]", id="numbers"),
        pytest.param(b'"a string"', id="string"),
        pytest.param(b'{"results": {"not": "a list"}}', id="results-not-a-list"),
        pytest.param(b'{"executive_order_number": 90009, "title": ["a", "list"], "president": "x"}', id="wrong-types"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="deep-nesting"),
        pytest.param((DATA / "fr.json").read_bytes()[:1500], id="sample-cut-in-a-document"),
        # The answer's wrapper misspelt: read as one document, which has no order number.
        pytest.param((DATA / "fr.json").read_bytes().replace(b'"results"', b'"result"'), id="sample-misspelt"),
    ],
)
def test_broken_federal_register_json_fails_cleanly(loaded, tmp_path, content):
    import_fails_cleanly(
        "fr-json", write(tmp_path, "fr.json", content), "--release-date", "2025-02-01", "--strict", match="."
    )


def test_a_federal_register_title_of_a_megabyte_is_not_kept(loaded, tmp_path):
    """Not a broken file: the order is imported under its number, and the summary says the title was not kept."""
    content = f'{{"executive_order_number": 90009, "title": "{MEGABYTE_NAME}"}}'.encode()
    output = run("fr-json", write(tmp_path, "fr.json", content), "--release-date", "2025-02-01", "--strict")
    assert "EO 90009's title not kept, 1000000 characters where its column holds 500" in output
    assert LegalInstrument.objects.get(number="90009").title == "Executive Order 90009"


def test_every_format_is_fuzzed():
    fuzzed = set(XML_FORMATS) | set(CSV_FORMATS) | {"fr-csv", "fr-json"}
    assert fuzzed == set(FORMATS)


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    format=st.sampled_from(["un-xml", "eu-xml", "eu-xml-1.0", "ofac-sdn-xml", "ofac-sdn-advanced-xml"]),
    cut=st.integers(min_value=0, max_value=2000),
    noise=st.binary(max_size=64),
)
def test_xml_cut_and_spliced_at_random_never_crashes(loaded, tmp_path_factory, format, cut, noise):
    """A sample cut anywhere and followed by random bytes: a clean result or a clean abort, nothing half-written."""
    sample = XML_FORMATS[format].read_bytes()
    path = write(tmp_path_factory.mktemp("fuzz"), "list.xml", sample[:cut] + noise)
    before = fingerprint()
    try:
        run(format, path)
    except CommandError as error:
        assert "nothing was written" in str(error) or "Cannot read" in str(error)
        assert fingerprint() == before
