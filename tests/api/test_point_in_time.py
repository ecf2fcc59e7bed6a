"""The questions the API must answer from the fixtures alone, with where each answer comes from."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_parties_to_the_rome_statute_on_2016_01_01(api):
    response = api.get("/api/treaties/rome-statute/parties/", {"as_of": "2016-01-01"})
    assert response.status_code == 200
    codes = {state["code"] for state in response.data["results"]}
    assert response.data["count"] == len(codes) == 123
    assert "PS" in codes and "PH" in codes and "SV" not in codes and "US" not in codes
    filtered = api.get("/api/states/", {"party_to": "rome-statute", "as_of": "2016-01-01", "limit": 500})
    assert {state["code"] for state in filtered.data["results"]} == codes


@pytest.mark.parametrize(("day", "count", "philippines"), [("2019-03-16", 123, True), ("2019-03-18", 122, False)])
def test_the_philippines_around_its_withdrawal(api, day, count, philippines):
    response = api.get("/api/treaties/rome-statute/parties/", {"as_of": day})
    assert response.data["count"] == count
    assert ("PH" in {s["code"] for s in response.data["results"]}) is philippines


def test_who_is_designated_under_icc_eo14203_and_on_what_authority(api):
    now = api.get("/api/targets/", {"program": "ICC-EO14203", "as_of": "2026-01-01", "limit": 100})
    assert now.data["count"] == 15
    early = api.get("/api/targets/", {"program": "ICC-EO14203", "as_of": "2025-03-01"})
    assert [t["slug"] for t in early.data["results"]] == ["karim-khan"]
    designation = api.get("/api/designations/", {"actor": "karim-khan"}).data["results"][0]
    assert designation["program"] == "ICC-EO14203"
    assert designation["citations"], "each designation says where it comes from"
    program = api.get("/api/programs/ICC-EO14203/").data
    assert "eo-14203" in program["instruments"]


def test_a_delisted_target_is_not_designated_after_its_delisting(api):
    before = api.get("/api/targets/", {"program": "ICC-EO13928", "as_of": "2021-01-01"})
    after = api.get("/api/targets/", {"program": "ICC-EO13928", "as_of": "2021-04-02"})
    assert before.data["count"] == 2 and after.data["count"] == 0


def test_which_orders_revoked_eo_13928_and_what_revoked_them(api):
    order = api.get("/api/executive-orders/13928/").data
    assert [(r["relation_type"], r["instrument"]) for r in order["acted_on_by"]] == [("revokes", "eo-14022")]
    revoker = api.get("/api/executive-orders/14022/").data
    assert ("revokes", "eo-13928") in [(r["relation_type"], r["instrument"]) for r in revoker["acts_on"]]
    assert ("revokes", "eo-14148") in [(r["relation_type"], r["instrument"]) for r in revoker["acted_on_by"]]
    assert any(c["url"] for c in order["citations"])


@pytest.mark.parametrize(
    ("as_of", "in_force"),
    [("2020-07-01", ["13928"]), ("2021-06-01", ["14022"]), ("2025-03-01", ["14148", "14203"])],
)
def test_executive_orders_in_force_on_a_date(api, as_of, in_force):
    response = api.get("/api/executive-orders/", {"in_force": "true", "as_of": as_of, "ordering": "number"})
    assert [order["number"] for order in response.data["results"]] == in_force


def test_related_key_filters(api):
    actions = api.get("/api/treaty-actions/", {"treaty": "rome-statute", "state": "PH"}).data["results"]
    assert [a["action_type"] for a in actions] == ["signature", "ratification", "withdrawal"]
    israelis = api.get("/api/actors/", {"nationality": "IL"}).data["results"]
    assert {a["slug"] for a in israelis} == {"benjamin-netanyahu", "yoav-gallant"}


def test_text_search_finds_aliases(api):
    for spelling in ("Netanjahu", "nétanyahou", "נתניהו"):
        found = api.get("/api/actors/", {"q": spelling}).data["results"]
        assert [a["slug"] for a in found] == ["benjamin-netanyahu"], spelling


def test_date_lookups_and_ordering(api):
    response = api.get(
        "/api/designations/",
        {"listed_on__gte": "2025-08-20", "listed_on__lte": "2025-09-04", "ordering": "-listed_on", "limit": 50},
    )
    dates = [d["listed_on"] for d in response.data["results"]]
    assert dates == sorted(dates, reverse=True) and set(dates) == {"2025-08-20", "2025-09-04"}
    ranged = api.get("/api/designations/", {"listed_on__range": "2025-08-20,2025-09-04"})
    assert ranged.data["count"] == response.data["count"] == 7


def test_field_selection(api):
    row = api.get("/api/actors/", {"fields": "slug,name", "limit": 1}).data["results"][0]
    assert set(row) == {"slug", "name"}
    row = api.get("/api/actors/", {"omit": "citations,aliases", "limit": 1}).data["results"][0]
    assert "citations" not in row and "aliases" not in row and "slug" in row


def test_cursor_pagination_walks_the_whole_table(api):
    by_offset = {a["slug"] for a in api.get("/api/actors/", {"limit": 500}).data["results"]}
    seen, url, params = [], "/api/actors/", {"cursor": "", "limit": 7}
    while url:
        page = api.get(url, params).data
        assert "count" not in page
        seen += [a["slug"] for a in page["results"]]
        url, params = page["next"], None
    assert len(seen) == len(set(seen)) and set(seen) == by_offset


def test_cursor_cannot_be_combined_with_ordering(api):
    response = api.get("/api/actors/", {"cursor": "", "ordering": "name"})
    assert response.status_code == 400 and "cursor" in response.json()


def test_cursor_pages_show_the_records_as_offset_pages_do_at_a_fixed_query_count(api):
    by_slug = {a["slug"]: a for a in api.get("/api/actors/", {"limit": 500}).data["results"]}
    with CaptureQueriesContext(connection) as one:
        api.get("/api/actors/", {"cursor": "", "limit": 1})
    with CaptureQueriesContext(connection) as many:
        page = api.get("/api/actors/", {"cursor": "", "limit": 20}).data
    assert len(one) == len(many)
    assert len(page["results"]) == 20 and page["next"]
    # The page's prefetched lists (aliases, addresses, citations...) are those of the offset list.
    assert all(row == by_slug[row["slug"]] for row in page["results"])
    assert any(row["aliases"] for row in page["results"])
