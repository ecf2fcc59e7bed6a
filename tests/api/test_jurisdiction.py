"""GET /api/courts/<court>/jurisdiction/: the verdict, its bases with their records and sources, the reasoning."""

import pytest

from tests.factories import make_court

pytestmark = pytest.mark.django_db

URL = "/api/courts/icc/jurisdiction/"


def test_israeli_nationals_on_the_territory_of_palestine_in_2024(api):
    response = api.get(
        URL,
        {"date": "2024-05-20", "territory": "PS", "nationality": "IL", "trigger": "proprio_motu", "crime": "war_crime"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "yes"
    assert body["question"]["territory"] == "PS"
    [basis] = body["bases"]
    assert (basis["article"], basis["state"], basis["holds"]) == ("12(2)(a)", "PS", True)
    assert basis["record"]["type"] == "treatyaction" and "/api/treaty-actions/" in basis["record"]["url"]
    assert basis["sources"]
    assert any("Palestine" in step for step in body["steps"])
    assert api.get(basis["record"]["url"]).json()["action_type"] == "accession"


@pytest.mark.parametrize(("day", "verdict"), [("2018-01-01", "yes"), ("2020-01-01", "no")])
def test_philippine_nationals_in_the_philippines(api, day, verdict):
    params = {
        "date": day,
        "territory": "PH",
        "nationality": "PH",
        "trigger": "state_referral",
        "crime": "crime_against_humanity",
    }
    assert api.get(URL, params).json()["verdict"] == verdict


def test_a_security_council_referral_reaches_darfur(api):
    body = api.get(
        URL, {"date": "2004-01-01", "territory": "SD", "trigger": "security_council", "crime": "genocide"}
    ).json()
    assert body["verdict"] == "yes"
    assert body["bases"][0]["article"] == "13(b)" and "/api/referrals/" in body["bases"][0]["record"]["url"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"trigger": "proprio_motu", "crime": "war_crime"}, "date"),
        ({"date": "2024-02-30", "trigger": "proprio_motu", "crime": "war_crime"}, "date"),
        ({"date": "2024-01-01", "trigger": "by_magic", "crime": "war_crime"}, "trigger"),
        ({"date": "2024-01-01", "trigger": "proprio_motu"}, "crime"),
        ({"date": "2024-01-01", "trigger": "proprio_motu", "crime": "theft"}, "crime"),
        ({"date": "2024-01-01", "trigger": "proprio_motu", "crime": "war_crime", "territory": "QQ"}, "territory"),
        ({"date": "2024-01-01", "trigger": "proprio_motu", "crime": "war_crime", "age": "-3"}, "age"),
        ({"date": "2024-01-01", "trigger": "proprio_motu", "crime": "war_crime", "nationalty": "IL"}, "nationalty"),
    ],
)
def test_bad_or_missing_parameters_are_named(api, params, named):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert named in response.json()


def test_a_court_without_rules_answers_400(api):
    court = make_court()
    response = api.get(
        f"/api/courts/{court.slug}/jurisdiction/",
        {"date": "2024-01-01", "trigger": "proprio_motu", "crime": "war_crime"},
    )
    assert response.status_code == 400 and "court" in response.json()


def test_unknown_court_is_404(api):
    assert api.get("/api/courts/nope/jurisdiction/", {"date": "2024-01-01"}).status_code in (400, 404)
