"""Every list endpoint: answers, renders CSV, and keeps a query count that does not grow with the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.api import router
from tests.factories import make_address, make_identity_document, populate_sparse_tables, state

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = sorted(basename for _, _, basename in router.registry)


def count_queries(api, url):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries), response


@pytest.mark.parametrize("basename", LIST_ENDPOINTS)
def test_list_query_count_does_not_grow_with_the_page_size(api, basename):
    populate_sparse_tables()
    # Timeline pages load their records per kind of event: compare pages of one kind here (see test_timeline).
    url = reverse(f"{basename}-list") + ("?kind=designation_listed&" if basename == "timeline" else "?")
    small, small_page = count_queries(api, f"{url}limit=1")
    large, large_page = count_queries(api, f"{url}limit=50")
    assert small_page.data["count"] >= 2, "the fixtures should give every endpoint at least two records"
    assert len(large_page.data["results"]) > len(small_page.data["results"])
    assert small == large, f"{basename}: {small} queries for 1 row, {large} for 50"
    assert large <= 12


@pytest.mark.parametrize("basename", [name for name in LIST_ENDPOINTS if name != "timeline"])
def test_detail_of_the_first_record(api, basename):
    populate_sparse_tables(1)
    first = api.get(reverse(f"{basename}-list"), {"limit": 1}).data["results"][0]
    url = first.get("url") or reverse(f"{basename}-detail", args=[first["id"]])
    response = api.get(url)
    assert response.status_code == 200
    assert {k: v for k, v in response.data.items()} == first


def body(response):
    """The body of a response, streamed (exports) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("basename", LIST_ENDPOINTS)
def test_list_as_csv(api, basename):
    populate_sparse_tables(1)
    response = api.get(reverse(f"{basename}-list"), {"format": "csv", "limit": 5})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = body(response).decode().splitlines()
    assert len(lines) == 1 + min(5, api.get(reverse(f"{basename}-list")).data["count"])


def test_the_root_lists_every_endpoint(api):
    response = api.get("/api/")
    assert response.status_code == 200
    assert set(response.data) == {prefix for prefix, _, _ in router.registry} | {"match", "schema", "docs"}


def test_schema_is_valid_openapi_and_documents_every_endpoint(api):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    for prefix, _, _ in router.registry:
        assert f"/api/{prefix}/" in schema["paths"]
    assert api.get("/api/schema/").status_code == 200
    docs = api.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_csv_joins_multi_valued_cells(api):
    response = api.get("/api/targets/", {"format": "csv", "slug": "karim-khan"})
    header, row = body(response).decode().splitlines()
    cells = dict(zip(header.split(","), next(__import__("csv").reader([row])), strict=True))
    assert cells["nationalities"] == "GB"
    assert cells["slug"] == "karim-khan"


def test_addresses_are_nested_in_actors_and_targets_at_a_fixed_query_count(api):
    """Regression guard: an address's country is read with the address, not by one query per address."""
    from core.models import Actor

    urls = ("/api/targets/?limit=50", "/api/actors/?limit=50")
    before = [count_queries(api, url)[0] for url in urls]
    for n, actor in enumerate(Actor.objects.filter(designations__isnull=False).distinct()):
        make_address(actor=actor, street=f"{n} Example Street", city="Geneva", country=state("CH"))
        make_address(actor=actor, street=f"{n} Nowhere Lane", country=None)
    after = [count_queries(api, url)[0] for url in urls]
    assert before == after
    target = api.get("/api/targets/karim-khan/").data
    assert [a["country"] for a in target["addresses"]] == ["CH", None]
    assert target["addresses"][0]["full"].endswith("Example Street, Geneva, Switzerland")
    assert api.get("/api/actors/karim-khan/").data["addresses"] == target["addresses"]
    response = api.get("/api/targets/", {"format": "csv", "slug": "karim-khan"})
    header, row = body(response).decode().splitlines()
    cells = dict(zip(header.split(","), next(__import__("csv").reader([row])), strict=True))
    assert cells["addresses"] == "; ".join(a["full"] for a in target["addresses"]), "each address by its line"


def test_identity_documents_are_nested_in_actors_and_targets_at_a_fixed_query_count(api):
    """An identity document's country is read with it; a number finds its holder."""
    from core.models import Actor

    urls = ("/api/targets/?limit=50", "/api/actors/?limit=50")
    before = [count_queries(api, url)[0] for url in urls]
    for n, actor in enumerate(Actor.objects.filter(designations__isnull=False).distinct()):
        make_identity_document(actor=actor, number=f"P{n:07d}", country=state("GB"), issued_on="2020-01-02")
        make_identity_document(actor=actor, kind="tax_id", type_as_written="Tax ID No.", number=f"{n}77", country=None)
    after = [count_queries(api, url)[0] for url in urls]
    assert before == after
    target = api.get("/api/targets/karim-khan/").data
    documents = target["documents"]
    assert [(d["kind"], d["country"]) for d in documents] == [("passport", "GB"), ("tax_id", None)]
    assert documents[0]["issued_on"] == "2020-01-02"
    assert api.get("/api/actors/karim-khan/").data["documents"] == documents
    found = api.get("/api/identity-documents/", {"number": documents[0]["number"]}).data["results"]
    assert [d["actor"] for d in found] == ["karim-khan"]
    assert api.get("/api/identity-documents/", {"number": "P"}).data["results"] == []
    spaced = f"{documents[0]['number'][:3].lower()} {documents[0]['number'][3:]}"
    assert [d["actor"] for d in api.get("/api/identity-documents/", {"number": spaced}).data["results"]] == [
        "karim-khan"
    ], "a number however spaced"
    by_start = api.get("/api/identity-documents/", {"number__istartswith": "p", "country": "GB"}).data
    assert by_start["count"] >= 1 and {d["kind"] for d in by_start["results"]} == {"passport"}
    assert api.get("/api/identity-documents/", {"kind": "visa"}).status_code == 400
    response = api.get("/api/targets/", {"format": "csv", "slug": "karim-khan"})
    header, row = body(response).decode().splitlines()
    cells = dict(zip(header.split(","), next(__import__("csv").reader([row])), strict=True))
    assert cells["documents"] == "; ".join(d["number"] for d in documents), "each document by its number"


@pytest.fixture(scope="module")
def openapi():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _component(openapi, ref):
    return openapi["components"]["schemas"][ref.rsplit("/", 1)[-1]]


@pytest.mark.parametrize("prefix", sorted(prefix for prefix, _, _ in router.registry))
def test_responses_match_the_schema(api, openapi, prefix):
    """Every field the schema promises is returned, and nothing it does not describe."""
    operation = openapi["paths"][f"/api/{prefix}/"]["get"]
    page = _component(openapi, operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"])
    record = _component(openapi, page["properties"]["results"]["items"]["$ref"])
    response = api.get(f"/api/{prefix}/", {"limit": 5})
    assert set(response.data) == set(page["properties"])
    for row in response.data["results"]:
        assert set(row) == set(record["properties"]), prefix
        assert set(record.get("required", [])) <= set(row)
        for name, spec in record["properties"].items():
            if row[name] is None:
                assert spec.get("nullable"), f"{prefix}.{name} is null but the schema says it cannot be"


def test_the_schema_documents_the_error_answers(openapi):
    """Regression (schemathesis): only the success answer was documented, so every 400 or 404 broke the schema."""
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "429"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert {"401", "403", "409"} <= codes, (method, path)


def test_the_schema_admits_the_blank_and_null_values_the_api_answers(openapi):
    """Regression (schemathesis): a source without an address ('' is not a URI), a position without a State
    (null) and a target without a birth date (blank precision) were answered but not allowed by the schema."""
    schemas = openapi["components"]["schemas"]
    blank = {"type": "string", "maxLength": 0}
    assert blank in schemas["Citation"]["properties"]["url"]["oneOf"]
    assert blank in schemas["Source"]["properties"]["address"]["oneOf"]
    assert schemas["PositionBrief"]["properties"]["state"]["nullable"] is True
    assert schemas["AddressBrief"]["properties"]["country"]["nullable"] is True
    precision = schemas["SanctionTarget"]["properties"]["birth_date_precision"]
    assert "#/components/schemas/BlankEnum" in str(precision)
    assert "#/components/schemas/BlankEnum" in str(schemas["SanctionTarget"]["properties"]["gender"])
