"""The admin: every page answers, changelists cost a fixed number of queries, and edits are validated."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from core.models import Actor, IdentityDocument, SourcedModel
from sanctions.models import Designation
from tests.factories import make_actor, make_address, make_identity_document, populate_sparse_tables, state

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


@pytest.fixture
def every_table(db):
    """The fixtures leave some tables of ours empty (addresses): a record in each."""
    populate_sparse_tables(count=1)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_ours_is_in_the_admin():
    from django.apps import apps

    from core.signals import DERIVED

    ours = {m for app in ("core", "courts", "sanctions") for m in apps.get_app_config(app).get_models()}
    ours = {m for m in ours if m._meta.label_lower not in DERIVED}  # derived data, rebuilt from the records
    assert ours <= set(OUR_MODELS)


@pytest.mark.parametrize("model", OUR_MODELS, ids=IDS)
def test_changelist_add_and_change_pages_answer(staff, model, every_table):
    assert staff.get(url(model, "changelist")).status_code == 200
    assert staff.get(url(model, "add")).status_code == 200
    first = model._default_manager.first()
    assert first is not None, f"neither the fixtures nor populate_sparse_tables() give a {model._meta.label}"
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


def test_an_actors_addresses_are_shown_and_added_inline(staff):
    actor = make_actor()
    make_address(actor=actor, street="1 Rue Test", city="Geneva", country=state("CH"))
    page = staff.get(url(Actor, "change", actor.pk))
    assert b"1 Rue Test, Geneva, Switzerland" in page.content
    data = _form_data(page.context["adminform"].form)
    data.update(_inline_management(page))
    # A new row given in parts: its whole line is composed when left empty.
    data.update({"addresses-TOTAL_FORMS": 2, "addresses-1-street": "2 Test Road", "addresses-1-city": "London"})
    data.update({"addresses-1-country": state("GB").pk, "addresses-1-full": ""})
    response = staff.post(url(Actor, "change", actor.pk), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"] if response.context else ""
    assert sorted(actor.addresses.values_list("full", flat=True)) == [
        "1 Rue Test, Geneva, Switzerland",
        "2 Test Road, London, United Kingdom",
    ]


def test_an_actors_identity_documents_are_shown_and_added_inline(staff):
    actor = make_actor()
    make_identity_document(actor=actor, number="AD001095", country=state("ZW"))
    page = staff.get(url(Actor, "change", actor.pk))
    assert b"AD001095" in page.content
    data = _form_data(page.context["adminform"].form)
    data.update(_inline_management(page))
    data.update({"documents-TOTAL_FORMS": 2, "documents-1-kind": "tax_id", "documents-1-number": "7702070139"})
    data.update({"documents-1-type_as_written": "Tax ID No.", "documents-1-country": state("RU").pk})
    response = staff.post(url(Actor, "change", actor.pk), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"] if response.context else ""
    assert sorted(actor.documents.values_list("kind", "number")) == [("passport", "AD001095"), ("tax_id", "7702070139")]
    # The changelist finds a document by the start of its number.
    for term in ("77020", "7702 070", "770-207-0139"):
        found = staff.get(url(IdentityDocument, "changelist"), {"q": term})
        assert [d.number for d in found.context["cl"].result_list] == ["7702070139"], term
    found = staff.get(url(IdentityDocument, "changelist"), {"q": actor.name})
    assert len(found.context["cl"].result_list) == 2, "the holder's name finds their documents"


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
        for prefix in ("aliases", "addresses", "positions", "designations")
        for name, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0), ("MAX_NUM_FORMS", 1000))
    }


@pytest.mark.parametrize("spelling", ["Netanjahu", "Нетаньяху", "נתניהו", "Binyamin Netanyahoo"])
def test_admin_search_uses_the_name_index(staff, spelling):
    response = staff.get(url(Actor, "changelist"), {"q": spelling})
    assert [a.slug for a in response.context["cl"].result_list] == ["benjamin-netanyahu"]


# The curator's workflows (issue 9). The browser versions are in tests/browser/test_admin.py.


@pytest.mark.parametrize(
    ("spelling", "slug"),
    [
        ("Karim Kahn", "karim-khan"),  # a typo
        ("Карим Хан", "karim-khan"),  # Cyrillic
        ("KHAN, Karim", "karim-khan"),  # list order
        ("Netanyahoo", "benjamin-netanyahu"),
        ("karim-khan", "karim-khan"),  # the slug
    ],
)
def test_actor_search_finds_any_spelling(staff, spelling, slug):
    response = staff.get(url(Actor, "changelist"), {"q": spelling})
    assert slug in [a.slug for a in response.context["cl"].result_list]


def test_designation_search_finds_the_actor_by_another_spelling_and_the_program_by_code(staff):
    found = staff.get(url(Designation, "changelist"), {"q": "Карим Хан"}).context["cl"].result_list
    assert [x.actor.slug for x in found] == ["karim-khan"]
    found = staff.get(url(Designation, "changelist"), {"q": "icc-eo13928"}).context["cl"].result_list
    assert {x.actor.slug for x in found} == {"fatou-bensouda", "phakiso-mochochoko"}


def test_a_designation_is_recorded_with_its_source_in_one_screen(staff, source):
    from sanctions.models import SanctionProgram

    actor = Actor.objects.get(slug="benjamin-netanyahu")
    program = SanctionProgram.objects.get(code="ICC-EO14203")
    response = staff.post(
        url(Designation, "add"),
        {
            "actor": actor.pk,
            "program": program.pk,
            "listed_on": "2026-03-01",
            "designated_by": "Secretary of State",
            "sources": [source.pk],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    designation = Designation.objects.get(actor=actor, program=program)
    assert list(designation.sources.all()) == [source]


def test_a_designation_is_added_from_the_program_page(staff, source):
    from sanctions.models import SanctionProgram

    program = SanctionProgram.objects.get(code="ICC-EO13928")
    page = staff.get(url(SanctionProgram, "change", program.pk))
    data = _form_data(page.context["adminform"].form)
    data.update(_inline_management(page))
    new = int(data["designations-TOTAL_FORMS"])
    data.update(
        {
            "designations-TOTAL_FORMS": new + 1,
            f"designations-{new}-actor": Actor.objects.get(slug="karim-khan").pk,
            f"designations-{new}-listed_on": "2020-09-02",
            f"designations-{new}-sources": [source.pk],
        }
    )
    response = staff.post(url(SanctionProgram, "change", program.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert program.designations.filter(actor__slug="karim-khan", sources=source).exists()


def test_the_date_order_message_says_how_to_fix_it(staff):
    designation = Designation.objects.get(actor__slug="fatou-bensouda")
    page = staff.get(url(Designation, "change", designation.pk))
    data = _form_data(page.context["adminform"].form)
    data.update(_inline_management(page), delisted_on="2019-01-01")
    response = staff.post(url(Designation, "change", designation.pk), data)
    assert response.context["adminform"].form.errors["delisted_on"] == [
        "The delisting date must be on or after the listing date (2020-09-02): correct the delisting date, "
        "or the listing date if that is the wrong one."
    ]


def _preview(staff, **params):
    from courts.models import Treaty
    from tests.factories import state

    query = {"treaty": Treaty.objects.get(slug="rome-statute").pk, **params}
    if "state" in query:
        query["state"] = state(query["state"]).pk
    return staff.get(reverse("admin:courts_treatyaction_preview"), query)


def test_treaty_action_preview_shows_the_status_before_saving(staff):
    from courts.models import TreatyAction

    withdrawal = TreatyAction.objects.get(state__code="HU", action_type="withdrawal")
    response = _preview(
        staff, id=withdrawal.pk, state="HU", action_type="withdrawal", date="", effective_date="2099-06-02"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["today_before"], body["today_after"]) == ("withdrawn", "party")
    assert body["lines"][0] == "On 2099-06-02: former party (withdrawn) (unchanged)."
    assert body["lines"][1].endswith(": former party (withdrawn) → party.")
    withdrawal.refresh_from_db()
    assert withdrawal.effective_date.isoformat() == "2026-06-02"


def test_treaty_action_preview_of_a_new_notification_suggests_the_effective_date(staff):
    body = _preview(staff, state="FR", action_type="withdrawal", date="2030-01-10", effective_date="").json()
    assert body["suggested_effective_date"] == "2031-01-10"
    assert "On 2031-01-10: party → former party (withdrawn)." in body["lines"]


def test_treaty_action_preview_names_the_bad_field(staff):
    response = _preview(staff, state="FR", action_type="withdrawal", date="2030-13-45")
    assert response.status_code == 400
    assert list(response.json()) == ["date"]


def test_treaty_action_preview_needs_a_login(client):
    response = client.get(reverse("admin:courts_treatyaction_preview"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_treaty_action_form_carries_the_preview_panel(staff):
    from courts.models import TreatyAction

    assert b'id="treaty-action-preview"' in staff.get(url(TreatyAction, "add")).content
    withdrawal = TreatyAction.objects.get(state__code="HU", action_type="withdrawal")
    page = staff.get(url(TreatyAction, "change", withdrawal.pk)).content.decode()
    assert f'data-id="{withdrawal.pk}"' in page and "treaty_action_preview.js" in page


def test_actor_page_shows_designations_positions_warrants_and_sources_at_a_glance(staff):
    actor = Actor.objects.get(slug="benjamin-netanyahu")
    page = staff.get(url(Actor, "change", actor.pk)).content.decode()
    assert "warrants and other court actions" in page.lower()
    assert "arrest warrant" in page
    assert "Prime Minister" in page  # a position
    for source in actor.sources.all():
        assert escape(source.title) in page
    karim = staff.get(url(Actor, "change", Actor.objects.get(slug="karim-khan").pk)).content.decode()
    assert "ICC-EO14203" in karim and "cited by" in karim and "a designation" in karim


def test_program_page_shows_its_instruments_and_targets(staff):
    from sanctions.models import SanctionProgram

    program = SanctionProgram.objects.get(code="ICC-EO14203")
    page = staff.get(url(SanctionProgram, "change", program.pk)).content.decode()
    assert "/admin/sanctions/legalinstrument/" in page and "signed 2025-02-06" in page
    active = program.designations.active_on(__import__("django").utils.timezone.localdate()).count()
    assert f"{active} listed today" in page


def test_instrument_page_shows_what_it_amends_and_what_revokes_it(staff):
    from sanctions.models import LegalInstrument

    page = staff.get(url(LegalInstrument, "change", LegalInstrument.objects.get(slug="eo-14022").pk)).content.decode()
    assert "revokes" in page and "EO 13928" in page  # outgoing
    assert "revoked by" in page and "EO 14148" in page  # incoming


def _action(staff, model, action, rows, **extra):
    return staff.post(
        url(model, "changelist"), {"action": action, "index": 0, "_selected_action": [r.pk for r in rows], **extra}
    )


def test_bulk_delisting_asks_for_the_date_and_source_then_applies(staff, source):
    chosen = list(Designation.objects.filter(actor__slug__in=["karim-khan", "beti-hohler"]))
    form = _action(staff, Designation, "delist_designations", chosen)
    assert form.status_code == 200 and b"Mark delisted" in form.content
    assert Designation.objects.filter(delisted_on__isnull=False, actor__slug="karim-khan").count() == 0
    done = _action(
        staff, Designation, "delist_designations", chosen, apply="1", delisted_on="2026-02-01", source=source.pk
    )
    assert done.status_code == 302
    for designation in chosen:
        designation.refresh_from_db()
        assert designation.delisted_on.isoformat() == "2026-02-01"
        assert designation.sources.filter(pk=source.pk).exists()


def test_bulk_delisting_refuses_a_date_before_the_listing_and_says_why(staff, source):
    chosen = list(Designation.objects.filter(actor__slug="karim-khan"))
    page = _action(
        staff, Designation, "delist_designations", chosen, apply="1", delisted_on="2020-01-01", source=source.pk
    )
    assert page.status_code == 200
    assert "must be on or after the listing date (2025-02-13)" in page.content.decode()
    assert Designation.objects.get(actor__slug="karim-khan").delisted_on is None


def test_bulk_delisting_names_a_missing_field(staff):
    chosen = list(Designation.objects.filter(actor__slug="karim-khan"))
    page = _action(staff, Designation, "delist_designations", chosen, apply="1", delisted_on="2026-02-01")
    assert page.context["form"].errors["source"] == ["This field is required."]


@pytest.mark.parametrize("model", OUR_MODELS, ids=IDS)
def test_every_changelist_exports_selected_rows_as_csv(staff, model, every_table):
    import csv
    import io

    rows = list(model._default_manager.all()[:3])
    response = _action(staff, model, "export_as_csv", rows)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(lines) == 1 + len(rows)
    assert len(lines[0]) == len({*lines[0]})  # one column per list_display entry


def test_csv_export_writes_iso_dates_and_labels(staff):
    import csv
    import io

    rows = list(Designation.objects.filter(actor__slug="fatou-bensouda"))
    response = _action(staff, Designation, "export_as_csv", rows)
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines == [
        ["actor", "program", "listed on", "effective on", "delisted on"],
        ["Fatou Bensouda", "ICC-EO13928", "2020-09-02", "", "2021-04-02"],
    ]


def test_csv_export_costs_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    few = list(Designation.objects.all()[:2])
    many = list(Designation.objects.all())
    counts = []
    for rows in (few, many):
        with CaptureQueriesContext(connection) as queries:
            b"".join(_action(staff, Designation, "export_as_csv", rows).streaming_content)
        counts.append(len(queries))
    assert len(many) > 10 and counts[0] == counts[1]


def test_the_actor_autocomplete_answers_while_a_name_is_being_typed(staff):
    response = staff.get(
        reverse("admin:autocomplete"),
        {"app_label": "sanctions", "model_name": "designation", "field_name": "actor", "term": "Netan"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Benjamin Netanyahu"]


def test_the_designation_filters_for_large_tables(staff):
    listed = staff.get(url(Designation, "changelist"), {"listed_on_year": "2020"}).context["cl"].result_list
    assert {x.actor.slug for x in listed} == {"fatou-bensouda", "phakiso-mochochoko"}
    current = staff.get(url(Designation, "changelist"), {"currently_listed": "no"}).context["cl"].result_list
    assert {x.actor.slug for x in current} == {"fatou-bensouda", "phakiso-mochochoko"}
    nationals = staff.get(url(Actor, "changelist")).context["cl"].filter_specs[1]
    assert "Israel (IL)" in [choice[1] for choice in nationals.lookup_choices]
    assert "Tuvalu (TV)" not in [choice[1] for choice in nationals.lookup_choices]  # no actor of ours


def test_the_actor_changelist_filters_on_gender_and_on_none_recorded(staff):
    Actor.objects.filter(slug="fatou-bensouda").update(gender="female")
    changelist = staff.get(url(Actor, "changelist"), {"gender": "female"}).context["cl"]
    assert [actor.slug for actor in changelist.result_list] == ["fatou-bensouda"]
    genders = next(spec for spec in changelist.filter_specs if spec.title == "gender")
    assert [label for _, label in genders.lookup_choices] == ["male", "female", "none recorded"]
    none = staff.get(url(Actor, "changelist"), {"gender": "none", "q": "Fatou Bensouda"}).context["cl"].result_list
    assert "fatou-bensouda" not in [actor.slug for actor in none]
    unrecorded = staff.get(url(Actor, "changelist"), {"gender": "none"}).context["cl"]
    assert unrecorded.result_count == Actor.objects.filter(gender="").count() == Actor.objects.count() - 1
    bad = staff.get(url(Actor, "changelist"), {"gender": "bogus"})
    assert bad.status_code == 302 and bad.url.endswith("?e=1"), "a value of no choice is not ignored"


def test_the_admin_refuses_to_delete_a_cited_source(staff):
    from core.models import Source

    source = Source.objects.get(key="fr-2025-02612")
    url = reverse("admin:core_source_delete", args=[source.pk])
    page = staff.get(url)
    assert page.status_code == 200
    assert "would require deleting the following protected related objects" in page.content.decode()
    assert staff.post(url, {"post": "yes"}).status_code in (200, 403)
    assert Source.objects.filter(key="fr-2025-02612").exists()
