"""The error contract: a 4xx with a JSON body naming the parameter or field, never a 500."""

import pytest

from core.api.throttling import FixedWindowRateThrottle
from core.filters import ActorFilterSet
from core.models import Actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "params", "named"),
    [
        ("/api/designations/", {"progam": "ICC-EO14203"}, "progam"),  # misspelt filter
        ("/api/designations/", {"listed_on__gte": "2025-13-01"}, "listed_on__gte"),
        ("/api/designations/", {"as_of": "yesterday"}, "as_of"),
        ("/api/designations/", {"program": "NO-SUCH-PROGRAM"}, "program"),
        ("/api/states/", {"as_of": "2020-01-01"}, "as_of"),  # as_of without party_to
        ("/api/states/", {"party_to": "no-such-treaty"}, "party_to"),
        ("/api/states/", {"ordering": "-nonsense"}, "ordering"),
        ("/api/states/", {"fields": "code,nonsense"}, "fields"),
        ("/api/executive-orders/", {"as_of": "2021-01-01"}, "as_of"),  # as_of without in_force
        ("/api/executive-orders/", {"in_force": "perhaps"}, "in_force"),
        ("/api/treaties/rome-statute/parties/", {"as_of": "2019-02-30"}, "as_of"),
        ("/api/treaties/rome-statute/parties/", {"when": "2019-02-01"}, "when"),
        ("/api/states/", {"limit": "many"}, None),
        # A record addressed by its key takes no filters: a filter there is refused, not silently applied.
        ("/api/actors/karim-khan/", {"nationality": "GB"}, "nationality"),
        ("/api/states/IL/", {"bogus": "1"}, "bogus"),
    ],
)
def test_bad_query_parameters_get_a_400_naming_them(api, url, params, named):
    response = api.get(url, params)
    if named is None:  # DRF ignores a malformed limit and uses the default page size
        assert response.status_code == 200
        return
    assert response.status_code == 400, response.content
    assert named in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/states/QQ/",
        "/api/treaties/no-such/",
        "/api/executive-orders/1/",
        "/api/programs/NOPE/",
        "/api/designations/999999/",
        "/api/designations/not-a-number/",
        "/api/treaties/no-such/parties/",
    ],
)
def test_unknown_keys_get_a_json_404(api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_forged_cursor_is_a_400_naming_it_not_a_500(api):
    response = api.get("/api/actors/", {"cursor": "o=abc"})
    assert response.status_code == 400
    assert "cursor" in response.json()["cursor"][0].lower()


def test_throttling_answers_429_past_the_configured_rate(api, monkeypatch):
    monkeypatch.setattr(FixedWindowRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "3/minute"})
    responses = [api.get("/api/states/IL/") for _ in range(4)]
    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    assert 0 <= int(responses[-1]["Retry-After"]) <= 60
    assert "throttled" in responses[-1].json()["detail"].lower()


def test_anonymous_clients_and_users_are_counted_apart_and_each_window_starts_afresh(api, reader, monkeypatch):
    monkeypatch.setattr(FixedWindowRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "3/minute"})
    now = [600.0]  # the start of a window
    monkeypatch.setattr(FixedWindowRateThrottle, "timer", lambda self: now[0])
    assert [api.get("/api/states/IL/").status_code for _ in range(3)] == [200, 200, 429]
    # A user is held to the user rate only, whatever anonymous clients at the same address did.
    assert [reader.get("/api/states/IL/").status_code for _ in range(4)] == [200, 200, 200, 429]
    now[0] += 59
    throttled = api.get("/api/states/IL/")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) == 1
    now[0] += 1  # the next window
    assert api.get("/api/states/IL/").status_code == 200
    assert reader.get("/api/states/IL/").status_code == 200


@pytest.mark.parametrize(
    ("url", "params", "named"),
    [
        ("/api/states/", {"format": "xml"}, "format"),
        ("/api/states/IL/", {"format": "AAA"}, "format"),
        ("/api/states/", {"cursor": "not-a-cursor"}, "cursor"),
        ("/api/actors/", {"cursor": "é"}, "cursor"),
    ],
)
def test_unknown_format_or_garbled_cursor_is_a_400_naming_it(api, url, params, named):
    """Regression (schemathesis): DRF answered both with a bare 404, as if the list itself did not exist."""
    response = api.get(url, params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert named in response.json()


def test_a_filtered_list_builds_only_the_filters_it_names_but_the_browsable_form_shows_all(api):
    """Bound FilterSets copy only the filters a query names (speed); the browsable API's form needs them all."""
    filterset = ActorFilterSet({"q": "khan", "kind": "person"}, queryset=Actor.objects.all())
    assert set(filterset.filters) == {"q", "kind"}
    assert [actor.slug for actor in filterset.qs] == ["karim-khan"]
    page = api.get("/api/actors/", {"q": "khan", "format": "api"}, HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert 'name="nationality"' in page.content.decode()


def test_the_name_search_runs_after_the_other_filters(api, monkeypatch):
    """``q`` keeps its best 200 matches: searched first, over the whole table, the other filters then
    dropped most of them (an Ivanov of RU ranked 201st was lost to ?q=ivanov&nationality=RU)."""
    from core import screening

    seen = []
    search = screening.search

    def spy(query, *, actors=None, limit=200):
        seen.append(set(actors.values_list("slug", flat=True)))
        return search(query, actors=actors, limit=limit)

    monkeypatch.setattr(screening, "search", spy)
    response = api.get("/api/actors/", {"q": "khan", "nationality": "GB"})
    assert [actor["slug"] for actor in response.json()["results"]] == ["karim-khan"]
    assert seen and all(Actor.objects.get(slug=slug).nationalities.filter(code="GB").exists() for slug in seen[0])
