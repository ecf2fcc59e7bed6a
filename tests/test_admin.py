"""The admin: every page answers, changelists cost a fixed number of queries, and edits are validated."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Actor, SourcedModel
from sanctions.models import Designation
from tests.factories import populate_sparse_tables

pytestmark = pytest.mark.django_db

OUR_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in ("core", "courts", "sanctions")),
    key=lambda model: model._meta.label,
)
IDS = [model._meta.label for model in OUR_MODELS]


@pytest.fixture
def staff(client):
    client.force_login(User.objects.create_superuser("curator", password="x"))
    return client


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_ours_is_in_the_admin():
    from django.apps import apps

    from core.models import DataVersion, NameKey

    ours = {m for app in ("core", "courts", "sanctions") for m in apps.get_app_config(app).get_models()}
    ours -= {NameKey, DataVersion}  # derived data, rebuilt from the records
    assert ours <= set(OUR_MODELS)


@pytest.mark.parametrize("model", OUR_MODELS, ids=IDS)
def test_changelist_add_and_change_pages_answer(staff, model):
    assert staff.get(url(model, "changelist")).status_code == 200
    assert staff.get(url(model, "add")).status_code == 200
    first = model._default_manager.first()
    assert first is not None, f"the fixtures hold no {model._meta.label}"
    assert staff.get(url(model, "change", first.pk)).status_code == 200


@pytest.mark.parametrize("model", OUR_MODELS, ids=IDS)
def test_changelist_query_count_does_not_grow_with_the_page_size(staff, model, monkeypatch):
    populate_sparse_tables()
    model_admin = admin.site._registry[model]
    counts = []
    for per_page in (2, 100):
        monkeypatch.setattr(model_admin, "list_per_page", per_page)
        with CaptureQueriesContext(connection) as queries:
            response = staff.get(url(model, "changelist"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert model._default_manager.count() > 2
    assert counts[0] == counts[1], f"{model._meta.label}: {counts[0]} queries for 2 rows, {counts[1]} for 100"


def test_search_finds_an_actor_by_an_alias(staff):
    response = staff.get(url(Actor, "changelist"), {"q": "Netanjahu"})
    assert b"Benjamin Netanyahu" in response.content


def test_a_fact_bearing_record_cannot_be_saved_without_a_source(staff):
    response = staff.post(
        url(Actor, "add"), {"slug": "someone", "kind": "person", "name": "Someone", **_empty_inlines()}
    )
    assert response.status_code == 200  # the form comes back with errors
    assert "sources" in response.context["adminform"].form.errors
    assert not Actor.objects.filter(slug="someone").exists()


def test_an_invalid_date_order_is_refused_with_a_message_on_the_field(staff):
    designation = Designation.objects.get(actor__slug="fatou-bensouda")
    page = staff.get(url(Designation, "change", designation.pk))
    data = _form_data(page.context["adminform"].form)
    data.update(_inline_management(page), delisted_on="2019-01-01")
    response = staff.post(url(Designation, "change", designation.pk), data)
    assert response.status_code == 200
    assert "delisted_on" in response.context["adminform"].form.errors
    designation.refresh_from_db()
    assert designation.delisted_on.isoformat() == "2021-04-02"


def test_a_curator_edits_a_record(staff):
    actor = Actor.objects.get(slug="karim-khan")
    page = staff.get(url(Actor, "change", actor.pk))
    data = _form_data(page.context["adminform"].form)
    data.update(_inline_management(page), description="Prosecutor of the ICC since 2021.")
    response = staff.post(url(Actor, "change", actor.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    actor.refresh_from_db()
    assert actor.description == "Prosecutor of the ICC since 2021."


def test_sourced_models_require_sources_in_their_admin_form(rf):
    request = rf.get("/")
    request.user = User.objects.create_superuser("checker", password="x")
    for model in OUR_MODELS:
        if issubclass(model, SourcedModel):
            form = admin.site._registry[model].get_form(request)
            assert form.base_fields["sources"].required, model._meta.label


def _form_data(form):
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, list | tuple | set):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "all"):
            data[name] = [v.pk for v in value.all()]
        elif value is None:
            data[name] = ""
        else:
            data[name] = getattr(value, "pk", value)
    return data


def _inline_management(page):
    """Post back every inline unchanged: its management form and each row's initial values."""
    data = {}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, "")
        for form in formset.formset.forms:
            for name, value in _form_data(form).items():
                data[f"{form.prefix}-{name}"] = value
    return data


def _empty_inlines():
    return {
        f"{prefix}-{name}": value
        for prefix in ("aliases", "positions", "designations")
        for name, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0), ("MAX_NUM_FORMS", 1000))
    }


@pytest.mark.parametrize("spelling", ["Netanjahu", "Нетаньяху", "נתניהו", "Binyamin Netanyahoo"])
def test_admin_search_uses_the_name_index(staff, spelling):
    response = staff.get(url(Actor, "changelist"), {"q": spelling})
    assert [a.slug for a in response.context["cl"].result_list] == ["benjamin-netanyahu"]
