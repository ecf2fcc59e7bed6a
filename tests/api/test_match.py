"""POST /api/match/: yente-style batch screening with scores, match flags, explanations and a data version."""

import pytest

pytestmark = pytest.mark.django_db


def person(*names, **properties):
    return {"schema": "Person", "properties": {"name": list(names), **properties}}


def test_batch_match_with_reasons(api):
    body = {
        "queries": {
            "bibi": person("Binyamin Netanjahu", nationality=["il"]),
            "khan": person("كريم خان"),
            "haq": {"schema": "Organization", "properties": {"name": ["Alhaq"]}},
            "nobody": person("John Smith"),
        }
    }
    response = api.post("/api/match/", body, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["data_version"] and data["threshold"] == 0.8
    top = {key: answer["results"][0] for key, answer in data["responses"].items() if answer["results"]}
    assert top["bibi"]["id"] == "benjamin-netanyahu" and top["bibi"]["match"]
    assert top["bibi"]["features"]["nationality"] == "match"
    assert any("Netanyahu" in reason for reason in top["bibi"]["explanation"])
    assert top["khan"]["id"] == "karim-khan" and top["khan"]["designations"][0]["program"] == "ICC-EO14203"
    assert top["haq"]["id"] == "al-haq" and top["haq"]["schema"] == "Organization"
    assert not any(result["match"] for result in data["responses"]["nobody"]["results"])


def test_a_birth_date_that_disagrees_lowers_the_score(api):
    from core.models import Actor

    Actor.objects.filter(slug="yoav-gallant").update(birth_date="1958-11-08", birth_date_precision="day")
    same = api.post("/api/match/", {"queries": {"q": person("Yoav Gallant", birthDate=["1958"])}}, format="json")
    other = api.post("/api/match/", {"queries": {"q": person("Yoav Gallant", birthDate=["1990"])}}, format="json")
    first, second = same.json()["responses"]["q"]["results"][0], other.json()["responses"]["q"]["results"][0]
    assert first["features"]["birth_date"] == "match" and second["features"]["birth_date"] == "mismatch"
    assert first["score"] > second["score"]


def test_a_document_number_identifies_its_holder_however_it_is_spaced(api):
    """A namesake the name alone cannot tell apart is found, and flagged, by the number of a document."""
    from core.models import Actor
    from tests.factories import make_actor, make_identity_document

    make_identity_document(actor=Actor.objects.get(slug="yoav-gallant"), number="AB-850 901")
    namesake = make_actor(kind="person", name="Yoav Galant")
    make_identity_document(actor=namesake, kind="tax_id", number="7702070139")
    make_identity_document(actor=namesake, kind="registration", number="1000")
    body = {
        "queries": {
            "passport": person("Y. Gallant", passportNumber=["ab850901"]),
            "tax": person("Yoav Galant", idNumber=["7702 070 139"]),
            "wrong": person("Yoav Gallant", idNumber=["AB850902"]),
            # A passport number is no tax number; a short number identifies no one.
            "other kind": person("Yoav Galant", passportNumber=["7702070139"]),
            "short": person("Yoav Galant", idNumber=["1000"]),
        }
    }
    responses = api.post("/api/match/", body, format="json").json()["responses"]
    top = responses["passport"]["results"][0]
    assert top["id"] == "yoav-gallant" and top["match"] and top["features"]["identifier"] == "match"
    assert "identifier: matches the passport or travel document AB-850 901" in top["explanation"]
    assert responses["tax"]["results"][0]["features"]["identifier"] == "match"
    assert responses["tax"]["results"][0]["id"] == namesake.slug
    for key in ("wrong", "other kind", "short"):
        assert all("identifier" not in result["features"] for result in responses[key]["results"]), key


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"as_of": "2025-03-01"}, ["karim-khan"]),  # only those designated then
        ({"program": "ICC-EO13928"}, []),
        ({"as_of": "2021-01-01", "program": "ICC-EO13928"}, []),
    ],
)
def test_restricting_to_designations(api, params, ids):
    body = {"queries": {"q": person("Karim Khan")}}
    results = api.post("/api/match/", body, format="json", QUERY_STRING="&".join(f"{k}={v}" for k, v in params.items()))
    assert [r["id"] for r in results.json()["responses"]["q"]["results"] if r["match"]] == ids


def test_threshold_and_limit(api):
    body = {"queries": {"q": person("Khan")}}
    strict = api.post("/api/match/?threshold=0.99&limit=2", body, format="json").json()
    assert strict["threshold"] == 0.99 and len(strict["responses"]["q"]["results"]) <= 2
    assert not any(r["match"] for r in strict["responses"]["q"]["results"])


@pytest.mark.parametrize(
    ("body", "query", "named"),
    [
        ({}, "", "queries"),
        ({"queries": {}}, "", "queries"),
        ({"queries": {"q": {"schema": "Alien", "properties": {"name": ["x"]}}}}, "", "queries"),
        ({"queries": {"q": person()}}, "", "queries"),
        ({"queries": {"q": person("x", birthDate=["yesterday"])}}, "", "queries"),
        ({"queries": {"q": person("x")}}, "threshold=2", "threshold"),
        ({"queries": {"q": person("x")}}, "as_of=never", "as_of"),
        ({"queries": {"q": person("x")}}, "program=NOPE", "program"),
        ({"queries": {"q": person("x")}}, "treshold=0.5", "treshold"),
    ],
)
def test_bad_requests_name_the_field(api, body, query, named):
    response = api.post(f"/api/match/?{query}", body, format="json")
    assert response.status_code == 400
    assert named in response.json()


def test_targets_q_uses_the_index(api):
    found = api.get("/api/targets/", {"q": "Карим Хан Karim"}).json()["results"]
    assert [t["slug"] for t in found] == ["karim-khan"]


@pytest.mark.parametrize("resource", ["actors", "targets"])
def test_a_search_that_finds_no_one_is_an_empty_page(api, resource):
    """Guards against a 500 (the target list's count could not compile an empty list of ids)."""
    response = api.get(f"/api/{resource}/", {"q": "Zyxwvut Qponmlk", "limit": 20})
    assert response.status_code == 200
    assert response.json()["results"] == []
