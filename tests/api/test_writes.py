"""Writes: permissions, the same validation as the admin, and 409 for records others depend on."""

import pytest

from core.models import Actor
from sanctions.models import Designation

pytestmark = pytest.mark.django_db

NEW_ACTOR = {
    "slug": "jane-doe",
    "kind": "person",
    "name": "Jane Doe",
    "nationalities": ["FR"],
    "sources": ["nbc-2025-02-06"],
}


def test_anonymous_clients_cannot_write(api):
    assert api.post("/api/actors/", NEW_ACTOR, format="json").status_code == 401
    assert api.delete("/api/actors/karim-khan/").status_code == 401


def test_users_without_the_permission_cannot_write(reader):
    assert reader.get("/api/actors/").status_code == 200
    assert reader.post("/api/actors/", NEW_ACTOR, format="json").status_code == 403


def test_an_editor_creates_updates_and_deletes(editor):
    created = editor.post("/api/actors/", NEW_ACTOR, format="json")
    assert created.status_code == 201, created.content
    assert created.data["nationalities"] == ["FR"] and created.data["citations"][0]["key"] == "nbc-2025-02-06"
    changed = editor.patch("/api/actors/jane-doe/", {"name": "Jane Q. Doe"}, format="json")
    assert changed.status_code == 200 and Actor.objects.get(slug="jane-doe").name == "Jane Q. Doe"
    assert editor.delete("/api/actors/jane-doe/").status_code == 204
    assert not Actor.objects.filter(slug="jane-doe").exists()


def test_an_update_answers_with_the_related_records_as_written(editor):
    """Lists read with the record's prefetches (``listed()``) must not show the values before the write."""
    assert editor.post("/api/actors/", NEW_ACTOR, format="json").status_code == 201
    changed = editor.patch(
        "/api/actors/jane-doe/", {"nationalities": ["DE", "IT"], "sources": ["fr-2025-02612"]}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.data["nationalities"] == ["DE", "IT"]
    assert changed.data["sources"] == ["fr-2025-02612"]
    assert [citation["key"] for citation in changed.data["citations"]] == ["fr-2025-02612"]
    assert editor.get("/api/actors/jane-doe/").data["nationalities"] == ["DE", "IT"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_ACTOR, "sources": []}, "sources"),
        ({**NEW_ACTOR, "sources": ["no-such-source"]}, "sources"),
        ({**NEW_ACTOR, "kind": "robot"}, "kind"),
        ({**NEW_ACTOR, "nationalities": ["ZZ"]}, "nationalities"),
        ({**NEW_ACTOR, "birth_date": "1970-01-01"}, "birth_date_precision"),  # a rule of Actor.clean()
        ({**NEW_ACTOR, "slug": "karim-khan"}, "slug"),
        ({**NEW_ACTOR, "birth_date": "not a date", "birth_date_precision": "day"}, "birth_date"),
    ],
)
def test_invalid_bodies_get_a_400_naming_the_field(editor, body, field):
    response = editor.post("/api/actors/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_model_rules_run_on_updates(editor):
    designation = Designation.objects.get(actor__slug="fatou-bensouda")
    response = editor.patch(f"/api/designations/{designation.pk}/", {"delisted_on": "2019-01-01"}, format="json")
    assert response.status_code == 400
    assert "delisted_on" in response.json()
    designation.refresh_from_db()
    assert designation.delisted_on.isoformat() == "2021-04-02"


def test_a_withdrawal_before_the_consent_is_refused(editor):
    body = {
        "treaty": "rome-statute",
        "state": "AM",
        "action_type": "withdrawal",
        "date": "2022-01-01",
        "effective_date": "2023-01-01",
        "sources": ["nbc-2025-02-06"],
    }
    response = editor.post("/api/treaty-actions/", body, format="json")
    assert response.status_code == 400
    assert "effective_date" in response.json()


def test_deleting_a_record_others_depend_on_answers_409(editor):
    response = editor.delete("/api/programs/ICC-EO14203/")
    assert response.status_code == 409
    assert response.json()["referenced_by"]
    assert editor.delete("/api/states/IL/").status_code == 409


def test_an_executive_order_created_through_its_endpoint_is_an_executive_order(editor):
    body = {
        "slug": "eo-99999",
        "number": "99999",
        "title": "Test order",
        "signing_date": "2026-01-01",
        "sources": ["nbc-2025-02-06"],
    }
    response = editor.post("/api/executive-orders/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.data["kind"] == "executive_order"
    assert editor.get("/api/executive-orders/99999/").status_code == 200


def test_targets_are_read_only(editor):
    assert editor.post("/api/targets/", {"slug": "x"}, format="json").status_code == 405


def test_malformed_json_is_a_400(editor):
    response = editor.post("/api/actors/", "{not json", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "body", "named"),
    [
        ("/api/treaties/", {"slug": "t", "title": "T", "sources": ["a\x00b"]}, "sources"),
        ("/api/sources/", {"key": "k", "title": "T\x00", "publisher": "P"}, "title"),
        ("/api/aliases/", {"actor": "karim-\x00khan", "name": "K"}, "actor"),
    ],
)
def test_a_nul_character_is_a_400_naming_the_field(editor, url, body, named):
    """Regression (schemathesis on PostgreSQL): a NUL in a related key reached the database lookup, a 500."""
    response = editor.post(url, body, format="json")
    assert response.status_code == 400, response.content
    assert named in response.json()


def test_a_value_the_database_refuses_is_a_400_not_a_500():
    from django.db import DataError

    from core.api.exceptions import exception_handler

    response = exception_handler(DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"), {})
    assert response.status_code == 400 and "NUL" in response.data["detail"]


def test_what_clean_fills_in_is_saved_as_in_the_admin(editor):
    """An address given by its parts gets its one-line form from ``clean()``: the API saves it (it was a 409)."""
    body = {"actor": "karim-khan", "street": "Oude Waalsdorperweg 10", "city": "The Hague", "country": "NL"}
    created = editor.post("/api/addresses/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.data["full"] == "Oude Waalsdorperweg 10, The Hague, Netherlands"
    found = editor.get("/api/addresses/", {"country": "NL", "actor": "karim-khan"}).data
    assert [a["full"] for a in found["results"]] == ["Oude Waalsdorperweg 10, The Hague, Netherlands"]
    assert editor.get("/api/actors/karim-khan/").data["addresses"][0]["country"] == "NL"
    # A part edited alone carries the line with it.
    moved = editor.patch(created.data["url"], {"street": "Oude Waalsdorperweg 12"}, format="json")
    assert moved.status_code == 200, moved.content
    assert moved.data["full"] == "Oude Waalsdorperweg 12, The Hague, Netherlands"


def test_a_cited_source_cannot_be_deleted(editor, source):
    """Deleting it would drop the citations of every record citing it (a record could end with none)."""
    response = editor.delete("/api/sources/fr-2025-02612/")
    assert response.status_code == 409
    assert any("Imposing Sanctions" in record for record in response.json()["referenced_by"])
    assert Actor.objects.get(slug="donald-trump").sources.filter(key="fr-2025-02612").exists()
    assert editor.delete(f"/api/sources/{source.key}/").status_code == 204  # cited by nothing


def test_a_record_others_link_to_cannot_be_deleted(editor):
    """As for sources: a measure a designation applies, a State that is an actor's nationality."""
    from sanctions.models import Measure

    response = editor.delete("/api/measures/asset-freeze/")
    assert response.status_code == 409 and response.json()["referenced_by"]
    assert Measure.objects.filter(slug="asset-freeze").exists()
    unused = Measure.objects.create(slug="test-unused", name="Unused test measure")
    assert editor.delete(f"/api/measures/{unused.slug}/").status_code == 204


def test_an_updated_designation_keeps_its_listing_date_loaded(editor):
    """The prefetched lists are dropped after a write; a field named like them (listed_on) must stay."""
    from core.api.prefetch import forget_listed

    designation = Designation.objects.filter(actor__slug="karim-khan").first()
    forget_listed(designation)
    assert "listed_on" not in designation.get_deferred_fields()
    response = editor.patch(f"/api/designations/{designation.pk}/", {"notes": "Checked."}, format="json")
    assert response.status_code == 200, response.content
    assert response.data["listed_on"] == designation.listed_on.isoformat()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "passport", "number": "  "}, "number"),
        ({"kind": "passport", "number": "X1", "issued_on": "2020-01-01", "expires_on": "2019-12-31"}, "expires_on"),
        ({"kind": "visa", "number": "X1"}, "kind"),
        ({"kind": "passport", "number": "X1", "country": "ZZ"}, "country"),
    ],
)
def test_a_bad_identity_document_is_a_400_naming_the_field(editor, body, field):
    response = editor.post("/api/identity-documents/", {"actor": "karim-khan", **body}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.data


def test_an_identity_document_is_kept_once_per_actor_kind_and_number(editor):
    body = {"actor": "karim-khan", "kind": "passport", "number": "X 1234567", "country": "GB"}
    created = editor.post("/api/identity-documents/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.data["number"] == "X 1234567"
    again = editor.post("/api/identity-documents/", {**body, "number": " X  1234567 "}, format="json")
    assert again.status_code == 400, "the same number, its spaces collapsed, is the same document"
    documents = editor.get("/api/actors/karim-khan/").data["documents"]
    assert [(d["kind"], d["number"], d["country"]) for d in documents] == [("passport", "X 1234567", "GB")]


def test_a_place_of_birth_is_written_and_read_through_the_api(editor):
    created = editor.post("/api/actors/", {**NEW_ACTOR, "birth_place": "Lyon, France"}, format="json")
    assert created.status_code == 201, created.content
    assert created.data["birth_place"] == "Lyon, France"
    assert editor.get("/api/actors/jane-doe/").data["birth_place"] == "Lyon, France"
    too_long = editor.patch("/api/actors/jane-doe/", {"birth_place": "x" * 301}, format="json")
    assert too_long.status_code == 400 and "birth_place" in too_long.data
    organisation = editor.patch("/api/actors/jane-doe/", {"kind": "organisation"}, format="json")
    assert organisation.status_code == 400 and "Only a person" in str(organisation.data["birth_place"])


def test_a_gender_is_written_read_and_filtered_on_through_the_api(editor):
    created = editor.post("/api/actors/", {**NEW_ACTOR, "gender": "female"}, format="json")
    assert created.status_code == 201, created.content
    assert editor.get("/api/actors/jane-doe/").data["gender"] == "female"
    assert [a["slug"] for a in editor.get("/api/actors/", {"gender": "female"}).data["results"]] == ["jane-doe"]
    unknown = editor.patch("/api/actors/jane-doe/", {"gender": "f"}, format="json")
    assert unknown.status_code == 400 and "gender" in unknown.data
    organisation = editor.patch("/api/actors/jane-doe/", {"kind": "organisation"}, format="json")
    assert organisation.status_code == 400 and "Only a person" in str(organisation.data["gender"])
    bad_filter = editor.get("/api/actors/", {"gender": "other"})
    assert bad_filter.status_code == 400 and "gender" in bad_filter.data
    Actor.objects.filter(slug="fatou-bensouda").update(gender="female")
    targets = editor.get("/api/targets/", {"gender": "female"}).data["results"]
    assert [(t["slug"], t["gender"]) for t in targets] == [("fatou-bensouda", "female")], "jane-doe is no target"
    assert editor.get("/api/targets/", {"gender": "x"}).status_code == 400
    # 'none': no gender recorded, which an empty value cannot say (it is no filter at all).
    unrecorded = editor.get("/api/actors/", {"gender": "none", "limit": 1000}).data
    assert unrecorded["count"] == Actor.objects.filter(gender="").count() == Actor.objects.count() - 2
    assert {"jane-doe", "fatou-bensouda"}.isdisjoint(a["slug"] for a in unrecorded["results"])
    targets = [t["slug"] for t in editor.get("/api/targets/", {"gender": "none", "limit": 1000}).data["results"]]
    assert "karim-khan" in targets and "fatou-bensouda" not in targets
