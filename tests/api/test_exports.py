"""Downloads from the API: ?format=csv and ?format=ftm stream every matching row, at a query count that does not
grow with the rows."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Actor, Alias, State
from courts.models import Treaty
from exports import ftm
from tests.api.test_endpoints import body
from tests.factories import make_address, make_identity_document, make_treaty_action

pytestmark = pytest.mark.django_db

FTM_LISTS = ["/api/actors/", "/api/targets/", "/api/designations/"]


def download(api, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url, params)
        content = body(response).decode()  # streamed: the queries run while the body is read
    assert response.status_code == 200, content[:500]
    return len(queries), response, content


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content)))


def entities(content):
    return [json.loads(line) for line in content.splitlines()]


def test_csv_of_a_list_is_streamed_whole_not_a_page(api):
    _, response, content = download(api, "/api/treaty-actions/", format="csv")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="treaty-action.csv"'
    assert len(csv_rows(content)) == 287  # the default page is 50


def test_limit_and_offset_take_a_slice_of_the_download(api):
    _, _, whole = download(api, "/api/treaty-actions/", format="csv")
    _, _, part = download(api, "/api/treaty-actions/", format="csv", offset=10, limit=600)
    assert csv_rows(part) == csv_rows(whole)[10:]
    _, _, part = download(api, "/api/treaty-actions/", format="csv", offset=10, limit=3)
    assert csv_rows(part) == csv_rows(whole)[10:13]


def test_filters_apply_to_the_download(api):
    _, _, content = download(api, "/api/designations/", format="csv", program="ICC-EO13928")
    assert {row["actor"] for row in csv_rows(content)} == {"fatou-bensouda", "phakiso-mochochoko"}
    _, _, content = download(api, "/api/designations/", format="ftm", program="ICC-EO13928")
    assert sorted(e["schema"] for e in entities(content)) == ["Person", "Person", "Sanction", "Sanction"]


def test_an_empty_download_still_has_its_header(api):
    _, _, content = download(api, "/api/designations/", format="csv", program="ICC-EO13928", as_of="1999-01-01")
    assert content.splitlines() == [",".join(["url", "id", *content.splitlines()[0].split(",")[2:]])]
    assert "program" in content


@pytest.mark.parametrize(
    "params, field",
    [
        ({"cursor": ""}, "cursor"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "²"}, "limit"),  # a digit to str.isdigit(), not to int(): was a 500
        ({"offset": "-1"}, "offset"),
        ({"progam": "X"}, "progam"),
    ],
)
def test_bad_download_parameters_are_400s_naming_them(api, params, field):
    response = api.get("/api/designations/", {"format": "csv", **params})
    assert response.status_code == 400
    assert field in body(response).decode()


@pytest.mark.parametrize("url", FTM_LISTS)
def test_ftm_lists_are_valid_entities(api, url):
    _, response, content = download(api, url, format="ftm")
    assert response.streaming
    assert response["Content-Type"] == "application/x-ndjson"
    found = entities(content)
    assert found
    for entity in found:
        ftm.validate(entity)
    assert {e["schema"] for e in found} >= {"Person", "Sanction"}


def test_ftm_of_one_actor(api):
    response = api.get("/api/targets/karim-khan/", {"format": "ftm"})
    assert response.status_code == 200
    found = {e["id"]: e for e in entities(response.content.decode())}
    assert found["sjdb-actor-karim-khan"]["properties"]["name"] == ["Karim A. A. Khan"]
    assert "sjdb-sanction-karim-khan-ICC-EO14203-2025-02-13" in found
    assert any(e["schema"] == "Occupancy" for e in found.values())


def test_ftm_is_offered_only_where_it_is_built(api):
    response = api.get("/api/treaties/", {"format": "ftm"})
    assert response.status_code == 400  # an unknown format is a 400 naming the parameter
    assert "format" in response.json()


def double_the_rows():
    """A copy of every actor with its nationalities, aliases, sources, designations and positions, and a signature
    of the Rome Statute by 40 more States: the same shapes of data, twice as many rows."""
    for actor in Actor.objects.prefetch_related("nationalities", "aliases", "sources", "designations", "positions"):
        copy = Actor.objects.create(slug=f"{actor.slug}-copy", kind=actor.kind, name=f"{actor.name} Copy")
        copy.nationalities.set(actor.nationalities.all())
        copy.sources.set(actor.sources.all())
        for alias in actor.aliases.all():
            Alias.objects.create(actor=copy, name=alias.name, kind=alias.kind)
        for designation in actor.designations.all():
            sources = designation.sources.all()
            designation.pk, designation.actor = None, copy
            designation.save()
            designation.sources.set(sources)
        for position in actor.positions.all():
            sources = position.sources.all()
            position.pk, position.holder = None, copy
            position.save()
            position.sources.set(sources)
    treaty = Treaty.objects.get(slug="rome-statute")
    for state in State.objects.order_by("code")[:40]:
        make_treaty_action(treaty=treaty, state=state, action_type="signature", date="1998-07-18")


@pytest.mark.parametrize(
    "url, fmt",
    [("/api/treaty-actions/", "csv"), ("/api/designations/", "csv"), ("/api/targets/", "csv")]
    + [(url, "ftm") for url in FTM_LISTS],
)
def test_download_query_count_does_not_grow_with_the_rows(api, url, fmt):
    """Rows are read in chunks with their prefetches: the count depends on chunks, not rows."""
    before, _, small = download(api, url, format=fmt)
    double_the_rows()
    after, _, large = download(api, url, format=fmt)
    assert len(large.splitlines()) > len(small.splitlines()) + 10
    assert before == after, f"{url}?format={fmt}: {before} queries before, {after} with more rows"
    assert after <= 15  # the FtM prefetches: one query per relation and chunk


@pytest.mark.parametrize("url, fmt", [("/api/targets/", "csv"), ("/api/targets/", "ftm"), ("/api/actors/", "ftm")])
def test_addresses_in_downloads_cost_no_query_per_address(api, url, fmt):
    """Regression guard: each address and its country are prefetched with the actors."""
    actors = list(Actor.objects.all())
    # One address first: the country prefetch runs only when some address exists.
    make_address(actor=actors[0], street="Test Street", city="Geneva", country=State.objects.get(code="CH"))
    before, _, _ = download(api, url, format=fmt)
    for n, actor in enumerate(actors[1:]):
        make_address(actor=actor, street=f"{n} Test Street", city="Geneva", country=State.objects.get(code="CH"))
    after, _, content = download(api, url, format=fmt)
    assert before == after
    if fmt == "ftm":
        found = entities(content)
        for entity in found:
            ftm.validate(entity)
        addresses = {e["id"] for e in found if e["schema"] == "Address"}
        linked = {i for e in found for i in e["properties"].get("addressEntity", [])}
        assert addresses and linked == addresses
    else:
        assert all(row["addresses"].endswith("Test Street, Geneva, Switzerland") for row in csv_rows(content))


@pytest.mark.parametrize("url, fmt", [("/api/targets/", "csv"), ("/api/targets/", "ftm"), ("/api/actors/", "ftm")])
def test_identity_documents_in_downloads_cost_no_query_per_document(api, url, fmt):
    """Each document and its country are prefetched with the actors, as addresses are."""
    actors = list(Actor.objects.all())
    make_identity_document(actor=actors[0], number="P0000000", country=State.objects.get(code="CH"))
    before, _, _ = download(api, url, format=fmt)
    for n, actor in enumerate(actors[1:], start=1):
        make_identity_document(actor=actor, number=f"P{n:07d}", country=State.objects.get(code="CH"))
        make_identity_document(actor=actor, kind="tax_id", number=f"T{n:07d}", country=None)
    after, _, content = download(api, url, format=fmt)
    assert before == after
    if fmt == "ftm":
        found = entities(content)
        for entity in found:
            ftm.validate(entity)
        assert {e["schema"] for e in found} >= {"Passport", "Identification"}
    else:
        assert all(row["documents"].startswith("P") for row in csv_rows(content))


def test_the_schema_documents_the_downloads(api):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/actors/"]["get"]
    content = operation["responses"]["200"]["content"]
    assert content["application/x-ndjson"]["schema"]["type"] == "string"
    assert "FollowTheMoney" in content["application/x-ndjson"]["schema"]["description"]
    assert "streamed" in content["text/csv"]["schema"]["description"]
    (fmt,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert set(fmt["schema"]["enum"]) == {"json", "csv", "ftm"}
    treaties = schema["paths"]["/api/treaties/"]["get"]
    (fmt,) = [p for p in treaties["parameters"] if p["name"] == "format"]
    assert "ftm" not in fmt["schema"]["enum"]
