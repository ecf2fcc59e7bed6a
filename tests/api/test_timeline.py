"""GET /api/timeline/: events derived from the records, in order, filterable, each with its record and sources."""

import pytest

from tests.factories import d

pytestmark = pytest.mark.django_db


def timeline(api, **params):
    response = api.get("/api/timeline/", {"limit": 500, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_story_of_the_article_reads_in_order(api):
    events = timeline(api, date__lte="2025-12-31")
    dates = [event["date"] for event in events]
    assert dates == sorted(dates)
    story = [(e["date"], e["kind"], e["record"]["label"]) for e in events]
    milestones = [
        ("1998-07-17", "treaty_adopted"),  # the Rome Statute
        ("2002-07-01", "treaty_in_force"),
        ("2020-06-11", "instrument_signed"),  # EO 13928
        ("2021-04-01", "instrument_signed"),  # EO 14022 revokes it
        ("2024-11-21", "court_action"),  # the warrants
        ("2025-01-09", "bill_action"),  # H.R. 23 passes the House
        ("2025-01-28", "bill_action"),  # cloture fails in the Senate
        ("2025-02-06", "instrument_signed"),  # EO 14203
        ("2025-02-13", "designation_listed"),  # Khan on the SDN list
        ("2025-12-18", "designation_listed"),  # the last designations of 2025
    ]
    positions = [next(i for i, (day, kind, _) in enumerate(story) if (day, kind) == m) for m in milestones]
    assert positions == sorted(positions)
    assert any("14203" in label for day, kind, label in story if day == "2025-02-06")
    assert all(event["sources"] for event in events), "every event cites its record's sources"


def test_filters_by_actor_program_state_and_kind(api):
    khan = timeline(api, actor="karim-khan")
    assert {e["kind"] for e in khan} == {"designation_listed", "designation_effective", "position_started"}
    program = timeline(api, program="ICC-EO13928")
    assert [e["kind"] for e in program] == ["designation_listed"] * 2 + ["designation_delisted"] * 2
    philippines = timeline(api, state="PH", kind="treaty_action_effective")
    assert [(e["date"], e["record"]["label"].split(":")[1].strip().split(" ")[0]) for e in philippines] == [
        ("2011-11-01", "ratification"),
        ("2019-03-17", "withdrawal"),
    ]
    window = timeline(api, date__gte="2025-02-01", date__lte="2025-02-28")
    assert all(d("2025-02-01") <= d(e["date"]) <= d("2025-02-28") for e in window) and window


def test_each_event_links_to_its_record(api):
    event = timeline(api, instrument="eo-14203", kind="instrument_signed")[0]
    assert api.get(event["record"]["url"]).json()["number"] == "14203"


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"kind": "earthquake"}, "kind"),
        ({"actor": "nobody-at-all"}, "actor"),
        ({"date__gte": "yesterday"}, "date__gte"),
        ({"when": "2020-01-01"}, "when"),
        ({"cursor": ""}, "cursor"),
    ],
)
def test_bad_parameters(api, params, named):
    response = api.get("/api/timeline/", params)
    assert response.status_code == 400 and named in response.json()


def test_executive_order_lineage_both_ways(api):
    for number in ("13928", "14022", "14148"):
        body = api.get(f"/api/executive-orders/{number}/lineage/").json()
        assert [i["number"] for i in body["instruments"]] == ["13928", "14022", "14148"]
        assert [(r["source"], r["relation_type"], r["target"]) for r in body["relations"]] == [
            ("eo-14022", "revokes", "eo-13928"),
            ("eo-14148", "revokes", "eo-14022"),
        ]
    order = api.get("/api/executive-orders/14203/lineage/").json()
    assert [(i["slug"], i["programs"]) for i in order["instruments"]] == [
        ("eo-14203", ["ICC-EO14203"]),
        ("cfr-31-528", ["ICC-EO14203"]),
    ]


def test_a_states_status_on_every_treaty_over_time(api):
    [rome] = api.get("/api/states/PH/treaties/", {"as_of": "2015-01-01"}).json()
    assert rome["treaty"] == "rome-statute" and rome["status"] == "party"
    assert [(p["status"], p["start"], p["end"]) for p in rome["periods"]] == [
        ("signatory", "2000-12-28", "2011-10-31"),
        ("party", "2011-11-01", "2019-03-16"),
        ("withdrawn", "2019-03-17", None),
    ]
    assert [a["action_type"] for a in rome["actions"]] == ["signature", "ratification", "withdrawal"]
    assert api.get("/api/states/PH/treaties/", {"as_of": "x"}).status_code == 400


def test_query_count_is_bounded_by_the_kinds_of_record_not_the_page(api, django_assert_max_num_queries):
    from timeline.events import SOURCES

    models = {source.model for source in SOURCES}
    # union + count, then the records of each model on the page and their sources
    with django_assert_max_num_queries(2 + 2 * len(models)):
        assert len(timeline(api)) > 300
