"""Edit history: every write path records who changed what; the admin shows diffs, reverts and refuses
to save over a newer change; the API serves a record's history to staff; as_of stays computed from dates."""

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Actor
from core.signals import DERIVED
from courts.models import Treaty, TreatyAction
from sanctions.models import Designation, Measure
from tests.factories import d, populate_sparse_tables
from tests.test_admin import _form_data, _inline_management

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "sanctions" / "data"
ROOT = Path(__file__).parent.parent.parent


def latest(model, pk):
    return model.history.filter(id=pk).order_by("-history_id").first()


@pytest.fixture
def staff(client):
    user = User.objects.create_superuser("curator", password="x")
    client.force_login(user)
    client.user = user
    return client


def test_every_curated_model_keeps_history_and_the_derived_ones_do_not():
    curated = [m for app in ("core", "courts", "sanctions") for m in apps.get_app_config(app).get_models()]
    assert len(curated) >= 18
    for model in curated:
        kept = hasattr(model._meta, "simple_history_manager_attribute")
        assert kept == (model._meta.label_lower not in DERIVED), model._meta.label


def test_an_api_write_records_the_token_user_and_the_change(editor):
    assert editor.patch("/api/actors/karim-khan/", {"description": "Prosecutor."}, format="json").status_code == 200
    actor = Actor.objects.get(slug="karim-khan")
    row = latest(Actor, actor.pk)
    assert row.history_type == "~" and row.history_user.username == "editor"
    changes = row.diff_against(row.prev_record).changes
    assert [(c.field, c.new) for c in changes] == [("description", "Prosecutor.")]


def test_an_admin_change_is_recorded_with_a_field_diff_and_can_be_reverted(staff):
    measure = Measure.objects.get(slug="asset-freeze")
    change_url = reverse("admin:sanctions_measure_change", args=[measure.pk])
    form = staff.get(change_url).context["adminform"].form
    body = {"slug": measure.slug, "name": "Freezing of assets", "description": measure.description}
    response = staff.post(change_url, {**body, "edit_version": form["edit_version"].value()})
    assert response.status_code == 302
    row = latest(Measure, measure.pk)
    assert row.history_user == staff.user and row.history_type == "~"

    page = staff.get(reverse("admin:sanctions_measure_history", args=[measure.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Freezing of assets" in html and measure.name in html  # the field-level diff: old and new name

    # Revert to the version before the change, through simple_history's revert page.
    previous = row.prev_record
    revert_url = reverse("admin:sanctions_measure_simple_history", args=[measure.pk, previous.history_id])
    revert_form = staff.get(revert_url).context["adminform"].form
    assert revert_form.initial["name"] == measure.name
    posted = {
        "slug": measure.slug,
        "name": measure.name,
        "description": measure.description,
        "edit_version": revert_form["edit_version"].value(),
    }
    assert staff.post(revert_url, posted).status_code == 302
    measure.refresh_from_db()
    assert measure.name == previous.name
    assert latest(Measure, measure.pk).history_id > row.history_id


def test_the_admin_refuses_to_save_over_a_change_made_since_the_form_was_opened(staff, editor):
    measure = Measure.objects.get(slug="asset-freeze")
    change_url = reverse("admin:sanctions_measure_change", args=[measure.pk])
    opened = staff.get(change_url).context["adminform"].form["edit_version"].value()
    assert f'name="edit_version" value="{opened}"' in staff.get(change_url).content.decode()
    # Meanwhile another editor changes the description through the API.
    assert (
        editor.patch("/api/measures/asset-freeze/", {"description": "Changed meanwhile."}, format="json").status_code
        == 200
    )

    body = {"slug": measure.slug, "name": "My new name", "description": measure.description}
    response = staff.post(change_url, {**body, "edit_version": opened})
    assert response.status_code == 200  # the form comes back
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "changed by someone else" in errors
    assert "editor" in errors and "description" in errors and "Changed meanwhile." in errors
    measure.refresh_from_db()
    assert (measure.name, measure.description) != ("My new name", body["description"])
    assert measure.description == "Changed meanwhile."

    fresh = staff.get(change_url).context["adminform"].form["edit_version"].value()
    response = staff.post(change_url, {**body, "description": measure.description, "edit_version": fresh})
    assert response.status_code == 302
    assert Measure.objects.get(pk=measure.pk).name == "My new name"


def _import(*args):
    call_command("import_list", *map(str, args), "--no-progress", stdout=io.StringIO())


def test_imports_record_history_in_bulk_and_a_repeat_records_nothing():
    _import("un-xml", DATA / "un.xml")
    imported = Actor.objects.filter(slug__startswith="un-")
    assert imported.exists()
    rows = Actor.history.filter(slug__startswith="un-")
    assert rows.count() == imported.count()
    assert all(r.history_type == "+" and r.history_change_reason.startswith("import un-xml") for r in rows)
    designations = Designation.objects.filter(actor__slug__startswith="un-")
    assert Designation.history.filter(id__in=designations.values("pk")).count() == designations.count()
    before = sum(m.history.count() for m in (Actor, Designation))
    _import("un-xml", DATA / "un.xml")
    assert sum(m.history.count() for m in (Actor, Designation)) == before


def test_a_delisting_by_a_newer_release_is_recorded():
    _import("ofac-sdn-csv", DATA / "ofac_sdn", "--release-date", "2024-01-01")
    _import("ofac-sdn-csv", DATA / "ofac_sdn_next", "--release-date", "2025-01-01")
    delisted = Designation.objects.filter(actor__slug__startswith="ofac-sdn-", delisted_on=d("2025-01-01"))
    assert delisted.exists()
    for designation in delisted:
        row = latest(Designation, designation.pk)
        assert row.history_type == "~" and row.delisted_on == d("2025-01-01")
        assert [c.field for c in row.diff_against(row.prev_record).changes] == ["delisted_on"]


def test_loading_the_fixtures_again_records_nothing_and_a_changed_record_once(tmp_path):
    fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
    counts = lambda: sum(m.history.count() for m in (Actor, Treaty, TreatyAction, Measure))  # noqa: E731
    before = counts()
    assert before > 0  # the session's fixture load recorded the records it added
    call_command("loaddata", *fixtures, verbosity=0)
    assert counts() == before
    Measure.objects.filter(slug="asset-freeze").update(name="Edited directly")
    call_command("loaddata", str(ROOT / "fixtures" / "02_measures.json"), verbosity=0)
    row = latest(Measure, Measure.objects.get(slug="asset-freeze").pk)
    assert row.history_type == "~" and row.history_change_reason.startswith("loaddata")
    assert counts() == before + 1


def test_editing_a_treaty_action_changes_as_of_answers_only_through_its_dates(editor):
    """The edit history is not a time machine: as_of reads the dated facts, whenever they were edited."""

    def parties(day):
        response = APIClient().get("/api/treaties/rome-statute/parties/", {"as_of": day})
        return response.data["count"], any(s["code"] == "PH" for s in response.data["results"])

    withdrawal = TreatyAction.objects.get(treaty__slug="rome-statute", state__code="PH", action_type="withdrawal")
    before = parties("2019-03-18")
    assert before[1] is False
    url = f"/api/treaty-actions/{withdrawal.pk}/"
    assert editor.patch(url, {"notes": "Edited today; the facts are dated."}, format="json").status_code == 200
    assert parties("2019-03-18") == before  # an edit that moves no date moves no answer
    assert editor.patch(url, {"effective_date": "2019-04-01"}, format="json").status_code == 200
    assert parties("2019-03-18") == (before[0] + 1, True)  # the new effective date, not the edit's date
    assert parties("2019-04-01") == before


def test_the_api_history_is_for_staff_only(api, reader):
    assert api.get("/api/actors/karim-khan/history/").status_code == 401
    assert reader.get("/api/actors/karim-khan/history/").status_code == 403


@pytest.fixture
def staff_api(db):
    client = APIClient()
    client.force_authenticate(User.objects.create_user("staffer", is_staff=True))
    return client


def test_the_api_history_lists_versions_with_their_changes(staff_api, editor):
    for n in range(3):
        editor.patch("/api/actors/karim-khan/", {"description": f"Version {n}."}, format="json")
    response = staff_api.get("/api/actors/karim-khan/history/")
    assert response.status_code == 200, response.content
    entries = response.json()["results"]
    assert [e["type"] for e in entries[:3]] == ["changed"] * 3
    assert entries[0]["user"] == "editor"
    assert entries[0]["changes"] == [{"field": "description", "old": "Version 1.", "new": "Version 2."}]
    assert entries[0]["record"]["slug"] == "karim-khan"
    assert entries[-1]["type"] == "created" and entries[-1]["changes"] == []
    # A page's oldest entry is diffed against the version on the next page.
    second = staff_api.get("/api/actors/karim-khan/history/", {"limit": 1, "offset": 1}).json()["results"]
    assert second[0]["changes"] == [{"field": "description", "old": "Version 0.", "new": "Version 1."}]
    assert staff_api.get("/api/actors/karim-khan/history/", {"limt": 1}).status_code == 400
    assert re.match(r"\d{4}-\d\d-\d\dT", entries[0]["date"])


def test_the_api_history_query_count_does_not_grow_with_the_page_size(staff_api, editor, django_assert_max_num_queries):
    for n in range(6):
        editor.patch("/api/measures/asset-freeze/", {"description": f"v{n}"}, format="json")
    for limit in (2, 50):
        with django_assert_max_num_queries(8):
            response = staff_api.get("/api/measures/asset-freeze/history/", {"limit": limit})
        assert response.status_code == 200 and len(response.json()["results"]) == min(limit, 7)


ADMIN_MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label in ("core", "courts", "sanctions")),
    key=lambda m: m._meta.label,
)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=[m._meta.label for m in ADMIN_MODELS])
def test_every_admin_page_has_a_history_page(staff, model):
    populate_sparse_tables(count=1)  # the fixtures leave some tables of ours empty (addresses)
    first = model._default_manager.first()
    opts = model._meta
    page = staff.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[first.pk]))
    assert page.status_code == 200
    change = staff.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
    assert 'name="edit_version"' in change.content.decode()


def test_the_admin_and_the_history_are_closed_to_users_who_are_not_staff(client):
    client.force_login(User.objects.create_user("outsider", password="x"))
    measure = Measure.objects.get(slug="asset-freeze")
    for url in (
        reverse("admin:index"),
        reverse("admin:sanctions_measure_change", args=[measure.pk]),
        reverse("admin:sanctions_measure_history", args=[measure.pk]),
        reverse("admin:auth_user_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


# Many-to-many values ---------------------------------------------------------------------------------------------
def test_an_api_change_to_sources_alone_is_one_version_with_the_token_user(editor, staff_api, source):
    actor = Actor.objects.get(slug="karim-khan")
    before = actor.history.count()
    keys = [*actor.sources.values_list("key", flat=True), source.key]
    assert editor.patch("/api/actors/karim-khan/", {"sources": keys}, format="json").status_code == 200
    assert actor.history.count() == before + 1
    row = latest(Actor, actor.pk)
    assert row.history_type == "~" and row.history_user.username == "editor"
    assert source.pk in row.history_relations["sources"]

    entry = staff_api.get("/api/actors/karim-khan/history/", {"limit": 1}).json()["results"][0]
    (change,) = entry["changes"]
    assert change["field"] == "sources" and set(change["new"]) - set(change["old"]) == {source.pk}
    assert source.pk in entry["record"]["sources"] and "nationalities" in entry["record"]


def test_an_api_create_with_sources_is_one_version_holding_them(editor, source):
    body = {"slug": "new-person", "kind": "person", "name": "New Person", "sources": [source.key]}
    assert editor.post("/api/actors/", body, format="json").status_code == 201
    rows = list(Actor.history.filter(slug="new-person"))
    assert [(r.history_type, r.history_relations["sources"]) for r in rows] == [("+", [source.pk])]


def _actor_form(staff, actor):
    page = staff.get(reverse("admin:core_actor_change", args=[actor.pk]))
    return {**_form_data(page.context["adminform"].form), **_inline_management(page)}


def test_an_admin_change_to_sources_alone_is_one_version_shown_by_key_and_reverted(staff):
    from tests.factories import make_source

    actor = Actor.objects.get(slug="karim-khan")
    added = make_source(key="hrw-2025-02-07")
    data = _actor_form(staff, actor)
    kept = list(data["sources"])
    removed = actor.sources.get(pk=kept[0])
    before = actor.history.count()
    data["sources"] = [*kept[1:], added.pk]
    response = staff.post(reverse("admin:core_actor_change", args=[actor.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert actor.history.count() == before + 1
    row = latest(Actor, actor.pk)
    assert row.history_user == staff.user and sorted(row.history_relations["sources"]) == sorted(data["sources"])

    html = staff.get(reverse("admin:core_actor_history", args=[actor.pk])).content.decode()
    assert f"+ hrw-2025-02-07, − {removed.key}" in html

    # Revert to the version before: the form offers its sources, and saving restores them.
    revert_url = reverse("admin:core_actor_simple_history", args=[actor.pk, row.prev_record.history_id])
    form = staff.get(revert_url).context["adminform"].form
    assert sorted(form.initial["sources"]) == sorted(kept)
    assert staff.post(revert_url, _form_data(form)).status_code == 302
    assert sorted(actor.sources.values_list("pk", flat=True)) == sorted(kept)
    assert latest(Actor, actor.pk).history_relations["sources"] == sorted(kept)
    assert actor.history.count() == before + 2  # the revert is one version too


def test_the_admin_refuses_a_save_when_an_inline_row_changed_since_the_form_was_opened(staff, editor):
    from core.models import Alias

    actor = Actor.objects.get(slug="benjamin-netanyahu")
    data = _actor_form(staff, actor)
    alias = actor.aliases.first()
    # Meanwhile another editor renames one of the actor's aliases.
    response = editor.patch(f"/api/aliases/{alias.pk}/", {"name": "Renamed meanwhile"}, format="json")
    assert response.status_code == 200, response.content
    response = staff.post(reverse("admin:core_actor_change", args=[actor.pk]), {**data, "description": "Mine."})
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "changed by someone else" in errors and "alias" in errors and "Renamed meanwhile" in errors
    assert "editor" in errors
    assert Actor.objects.get(pk=actor.pk).description != "Mine."
    assert Alias.objects.get(pk=alias.pk).name == "Renamed meanwhile"


def test_the_admin_refuses_a_change_form_posted_without_its_edit_version(staff):
    actor = Actor.objects.get(slug="karim-khan")
    data = _actor_form(staff, actor)
    del data["edit_version"]
    response = staff.post(reverse("admin:core_actor_change", args=[actor.pk]), {**data, "description": "Mine."})
    assert response.status_code == 200
    assert "edit_version" in " ".join(response.context["adminform"].form.non_field_errors())
    assert Actor.objects.get(pk=actor.pk).description != "Mine."
