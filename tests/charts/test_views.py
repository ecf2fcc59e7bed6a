"""The charts page and its data: the numbers come from the records and match the checked facts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Actor
from sanctions.models import Designation, SanctionProgram

pytestmark = pytest.mark.django_db


def parties_on(points, day):
    counts = [p["parties"] for p in points if p["date"] <= day]
    return counts[-1] if counts else 0


def test_parties_over_time_match_the_facts(client):
    data = client.get("/charts/data.json").json()["parties"]
    points = data["points"]
    assert data["treaty"] == "rome-statute"
    assert parties_on(points, "2002-06-30") == 0
    assert parties_on(points, "2002-07-01") == 66
    assert parties_on(points, "2017-10-26") > parties_on(points, "2017-10-27")  # Burundi leaves
    assert parties_on(points, "2025-03-01") == 125
    assert parties_on(points, "2026-06-01") == 125
    assert parties_on(points, "2026-06-02") == 124
    assert [(w["state"], w["effective_date"]) for w in data["withdrawals"]] == [
        ("BI", "2017-10-27"),
        ("PH", "2019-03-17"),
        ("HU", "2026-06-02"),
    ]


def test_designations_over_time_per_program(client):
    programs = {p["code"]: p for p in client.get("/charts/data.json").json()["designations"]["programs"]}
    assert list(programs) == ["ICC-EO14203", "ICC-EO13928"]  # largest first
    assert programs["ICC-EO13928"]["points"] == [
        {"date": "2020-09-02", "active": 2},
        {"date": "2021-04-02", "active": 0},
    ]
    assert programs["ICC-EO14203"]["points"][-1] == {"date": "2025-12-18", "active": 15}
    assert programs["ICC-EO14203"]["listed_per_year"] == {"2025": 15}
    one = client.get("/charts/data.json", {"program": "ICC-EO13928"}).json()["designations"]["programs"]
    assert [p["code"] for p in one] == ["ICC-EO13928"]


def test_a_record_added_changes_the_chart(client):
    """The chart reads the live database, not a snapshot."""
    actor = Actor.objects.create(slug="someone", kind="person", name="Someone")
    designation = Designation.objects.create(
        actor=actor, program=SanctionProgram.objects.get(code="ICC-EO13928"), listed_on=datetime.date(2020, 10, 1)
    )
    points = client.get("/charts/data.json", {"program": "ICC-EO13928"}).json()["designations"]["programs"][0]
    assert {"date": "2020-10-01", "active": 3} in points["points"]
    assert designation.pk


@pytest.mark.parametrize(
    "params, field",
    [({"program": "NOPE"}, "program"), ({"progam": "ICC-EO13928"}, "progam")],
)
def test_bad_parameters_are_400s_naming_them(client, params, field):
    response = client.get("/charts/data.json", params)
    assert response.status_code == 400
    assert field in response.json()
    assert client.get("/charts/", params).status_code == 400


def test_an_unknown_treaty_is_a_404(client):
    assert client.get("/charts/data.json", {"treaty": "nope"}).status_code == 404


def test_the_page_draws_both_charts_with_the_withdrawals_marked(client):
    response = client.get("/charts/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 2
    assert 'data-name="Rome Statute"' in html
    for day in ("2017-10-27", "2019-03-17", "2026-06-02"):
        assert f'<g class="mark" data-date="{day}">' in html
    assert 'data-name="ICC-EO14203"' in html and 'data-name="ICC-EO13928"' in html


def test_query_count_does_not_grow_with_the_records(client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/charts/").status_code == 200
        return len(captured)

    before = queries()
    program = SanctionProgram.objects.get(code="ICC-EO13928")
    for n in range(20):
        actor = Actor.objects.create(slug=f"extra-{n}", kind="person", name=f"Extra {n}")
        Designation.objects.create(actor=actor, program=program, listed_on=datetime.date(2021, 1, 1 + n))
    assert queries() == before <= 6
