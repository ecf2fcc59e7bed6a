"""No lost updates through the API: ETags on records, If-Match on updates and deletes, 412 when stale."""

import pytest

from core.models import Actor

pytestmark = pytest.mark.django_db

ACTOR = "/api/actors/karim-khan/"


def test_a_record_carries_an_etag_that_does_not_depend_on_the_fields_asked(api):
    full = api.get(ACTOR)
    assert full.status_code == 200
    assert full["ETag"].startswith('"') and len(full["ETag"]) == 34
    assert api.get(ACTOR, {"fields": "name"})["ETag"] == full["ETag"]
    assert api.get(ACTOR, {"format": "csv"})["ETag"] == full["ETag"]
    assert api.get(ACTOR)["ETag"] == full["ETag"]  # stable between reads
    assert api.get("/api/actors/fatou-bensouda/")["ETag"] != full["ETag"]


def test_the_etag_changes_when_the_record_changes(api, editor):
    before = api.get(ACTOR)["ETag"]
    changed = editor.patch(ACTOR, {"description": "Prosecutor."}, format="json")
    assert changed.status_code == 200
    after = api.get(ACTOR)["ETag"]
    assert after != before
    assert changed["ETag"] == after  # the update's answer carries the new version


def test_an_update_with_the_current_etag_succeeds(api, editor):
    etag = api.get(ACTOR)["ETag"]
    response = editor.patch(ACTOR, {"description": "Prosecutor."}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert Actor.objects.get(slug="karim-khan").description == "Prosecutor."


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_stale_etag_gets_412_and_changes_nothing(api, editor, method):
    """Two editors read the same record; the second one's write must not silently undo the first's."""
    stale = api.get(ACTOR)
    assert editor.patch(ACTOR, {"description": "First editor."}, format="json").status_code == 200
    body = {key: value for key, value in stale.json().items() if key not in ("citations", "aliases", "positions")}
    body["description"] = "Second editor."
    call = getattr(editor, method)
    response = (
        call(ACTOR, HTTP_IF_MATCH=stale["ETag"])
        if method == "delete"
        else call(ACTOR, body, format="json", HTTP_IF_MATCH=stale["ETag"])
    )
    assert response.status_code == 412, response.content
    assert "changed since you read it" in response.json()["detail"]
    assert response["ETag"] == api.get(ACTOR)["ETag"]  # the current version, to read again
    assert Actor.objects.get(slug="karim-khan").description == "First editor."


def test_if_match_takes_a_list_or_a_star_and_weak_tags_never_match(api, editor):
    etag = api.get(ACTOR)["ETag"]
    weak = editor.patch(ACTOR, {"notes": "x"}, format="json", HTTP_IF_MATCH=f"W/{etag}")
    assert weak.status_code == 412
    listed = editor.patch(ACTOR, {"notes": "y"}, format="json", HTTP_IF_MATCH=f'"0000", {etag}')
    assert listed.status_code == 200
    assert editor.patch(ACTOR, {"notes": "z"}, format="json", HTTP_IF_MATCH="*").status_code == 200


def test_a_put_of_what_was_read_with_its_etag_succeeds(api, editor):
    read = api.get("/api/treaties/rome-statute/")
    body = {key: value for key, value in read.json().items() if key != "citations"}
    response = editor.put("/api/treaties/rome-statute/", body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.content
    assert response["ETag"] == read["ETag"]  # nothing changed


def test_delete_with_the_current_etag(api, editor, source):
    editor.post(
        "/api/actors/", {"slug": "to-go", "kind": "person", "name": "To Go", "sources": [source.key]}, format="json"
    )
    etag = api.get("/api/actors/to-go/")["ETag"]
    assert editor.delete("/api/actors/to-go/", HTTP_IF_MATCH=etag).status_code == 204
    assert not Actor.objects.filter(slug="to-go").exists()


def test_the_schema_documents_etag_if_match_and_412(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    detail = schema["paths"]["/api/actors/{slug}/"]
    assert "ETag" in detail["get"]["responses"]["200"]["headers"]
    for method in ("put", "patch", "delete"):
        assert "If-Match" in [p["name"] for p in detail[method]["parameters"]]
        assert "412" in detail[method]["responses"]
