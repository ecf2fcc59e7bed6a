import pytest

pytestmark = pytest.mark.django_db


def test_home_page_links_to_admin_api_and_the_check(client):
    body = client.get("/").content.decode()
    for link in ('href="/admin/"', 'href="/api/"', 'href="/jurisdiction/"'):
        assert link in body


def test_the_jurisdiction_page_answers_with_its_reasoning(client):
    response = client.get(
        "/jurisdiction/",
        {"date": "2024-05-20", "trigger": "proprio_motu", "crime": "war_crime", "territory": "PS", "nationality": "IL"},
    )
    assert response.status_code == 200
    assert response.context["assessment"].verdict == "yes"
    body = response.content.decode()
    assert 'id="verdict">yes<' in body and "12(2)(a)" in body and "Palestine" in body


def test_the_jurisdiction_page_shows_field_errors(client):
    response = client.get("/jurisdiction/", {"date": "not a date", "trigger": "proprio_motu", "crime": "war_crime"})
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert response.context["assessment"] is None


def test_the_empty_page_asks_the_question(client):
    response = client.get("/jurisdiction/")
    assert response.status_code == 200 and b"jurisdiction-form" in response.content
    assert client.get("/jurisdiction/no-such-court/").status_code == 404
