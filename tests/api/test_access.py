"""Who may write: every write endpoint of the router answers 401 to anonymous clients, 403 to a user
without the model's permission (even one holding every other permission), and succeeds for a user
holding just that permission. Reads stay open."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from config.api import router
from courts.models import CourtAction
from sanctions.models import Bill
from tests.factories import make_address, make_identity_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def an_address():
    """The fixtures hold no address or identity document (the article gives none); updates and deletes need
    one of each to act on."""
    make_address()
    make_identity_document()


SOURCE = "nbc-2025-02-06"

# A valid new record for every resource that can be created (functions: some refer to records by id).
NEW = {
    "states": lambda: {"code": "XA", "alpha3": "XAA", "name": "Test territory"},
    "sources": lambda: {"key": "test-access", "title": "Test", "publisher": "Tests"},
    "actors": lambda: {"slug": "test-access", "kind": "person", "name": "Test Access", "sources": [SOURCE]},
    "aliases": lambda: {"actor": "karim-khan", "name": "Test Alias"},
    "addresses": lambda: {"actor": "karim-khan", "street": "1 Test Street", "city": "The Hague", "country": "NL"},
    "identity-documents": lambda: {"actor": "karim-khan", "kind": "passport", "number": "X1234567", "country": "GB"},
    "positions": lambda: {"holder": "karim-khan", "title": "Tester", "start_date": "2020-01-01", "sources": [SOURCE]},
    "treaties": lambda: {"slug": "test-access", "title": "Test Treaty", "sources": [SOURCE]},
    "treaty-actions": lambda: {
        "treaty": "rome-statute",
        "state": "US",
        "action_type": "declaration",
        "date": "2026-01-01",
        "sources": [SOURCE],
    },
    "courts": lambda: {
        "slug": "test-access",
        "name": "Test Court",
        "kind": "international",
        "seat_city": "Geneva",
        "seat_state": "CH",
        "sources": [SOURCE],
    },
    "referrals": lambda: {
        "court": "icc",
        "referred_by": "security_council",
        "situation": "Test situation",
        "territory": "FR",
        "date": "2026-01-01",
        "period_start": "2025-01-01",
        "sources": [SOURCE],
    },
    "court-actions": lambda: {
        "court": "icc",
        "kind": "arrest_warrant",
        "subject": "karim-khan",
        "date": "2026-01-01",
        "status": "issued",
        "sources": [SOURCE],
    },
    "charges": lambda: {"court_action": CourtAction.objects.first().pk, "category": "war_crime", "crime": "Test"},
    "measures": lambda: {"slug": "test-access", "name": "Test measure"},
    "instruments": lambda: {"slug": "test-access", "kind": "statute", "title": "Test Act", "sources": [SOURCE]},
    "executive-orders": lambda: {"slug": "eo-99998", "number": "99998", "title": "Test order", "sources": [SOURCE]},
    "instrument-relations": lambda: {
        "source": "eo-14203",
        "relation_type": "amends",
        "target": "eo-13928",
        "sources": [SOURCE],
    },
    "programs": lambda: {"code": "TEST-ACCESS", "name": "Test program", "authority": "Tests", "sources": [SOURCE]},
    "designations": lambda: {
        "actor": "donald-trump",
        "program": "ICC-EO14203",
        "listed_on": "2026-01-01",
        "sources": [SOURCE],
    },
    "legislation": lambda: {
        "legislature": "US",
        "congress": 119,
        "bill_type": "s",
        "number": 9999,
        "title": "Test bill",
        "sources": [SOURCE],
    },
    "bill-actions": lambda: {
        "bill": Bill.objects.first().pk,
        "chamber": "senate",
        "action_type": "introduced",
        "date": "2026-01-01",
        "sources": [SOURCE],
    },
}

PERMISSION = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


def writable_resources():
    """(prefix, viewset, methods) for every router resource that accepts a write method."""
    found = []
    for prefix, viewset, _ in router.registry:
        allowed = {m.upper() for m in getattr(viewset, "http_method_names", [])}
        methods = [m for m in ("POST", "PUT", "PATCH", "DELETE") if m in allowed and hasattr(viewset, "create")]
        if methods:
            found.append((prefix, viewset, methods))
    return found


RESOURCES = writable_resources()
ENDPOINTS = [(prefix, method) for prefix, _, methods in RESOURCES for method in methods]
IDS = [f"{prefix}-{method}" for prefix, method in ENDPOINTS]
VIEWSETS = {prefix: viewset for prefix, viewset, _ in RESOURCES}


def test_every_writable_resource_is_in_the_matrix():
    assert {prefix for prefix, _, _ in RESOURCES} == set(NEW)
    assert len(ENDPOINTS) == 4 * len(NEW)


def codename(prefix, method):
    model = VIEWSETS[prefix]().get_serializer_class().Meta.model._meta.concrete_model
    return f"{model._meta.app_label}.{PERMISSION[method]}_{model._meta.model_name}"


def client_with(permissions, name):
    user = User.objects.create_user(name)
    for label in permissions:
        app_label, code = label.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=code))
    client = APIClient()
    client.force_authenticate(user)
    return client


def detail_url(prefix, record):
    return "/api/" + record["url"].split("/api/", 1)[1]


def existing(prefix):
    response = APIClient().get(f"/api/{prefix}/", {"limit": 1})
    assert response.status_code == 200
    return detail_url(prefix, response.json()["results"][0])


def attempt(client, prefix, method):
    if method == "POST":
        return client.post(f"/api/{prefix}/", NEW[prefix](), format="json")
    url = existing(prefix)
    if method == "DELETE":
        return client.delete(url)
    body = NEW[prefix]() if method == "PATCH" else APIClient().get(url).json()
    return getattr(client, method.lower())(url, body, format="json")


def state_of(prefix):
    response = APIClient().get(f"/api/{prefix}/", {"limit": 500})
    return response.json()["count"], response.json()["results"][:3]


@pytest.mark.parametrize(("prefix", "method"), ENDPOINTS, ids=IDS)
def test_anonymous_clients_get_401_and_change_nothing(prefix, method):
    before = state_of(prefix)
    response = attempt(APIClient(), prefix, method)
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith("Token")
    assert state_of(prefix) == before


@pytest.mark.parametrize(("prefix", "method"), ENDPOINTS, ids=IDS)
def test_a_user_without_the_permission_gets_403_and_changes_nothing(prefix, method):
    """Every permission of ours but the one this method needs on this model."""
    needed = codename(prefix, method)
    everything_else = [
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(content_type__app_label__in=["core", "courts", "sanctions"]).select_related(
            "content_type"
        )
        if f"{p.content_type.app_label}.{p.codename}" != needed
    ]
    before = state_of(prefix)
    response = attempt(client_with(everything_else, "almost"), prefix, method)
    assert response.status_code == 403, response.content
    assert state_of(prefix) == before


@pytest.mark.parametrize("prefix", list(NEW))
def test_a_user_with_the_permission_creates_updates_and_deletes(prefix):
    """Each step by a user holding only the permission that step needs."""
    created = client_with([codename(prefix, "POST")], "adder").post(f"/api/{prefix}/", NEW[prefix](), format="json")
    assert created.status_code == 201, created.content
    url = detail_url(prefix, created.json())
    changer = client_with([codename(prefix, "PUT")], "changer")
    read = APIClient().get(url)
    assert changer.put(url, read.json(), format="json", HTTP_IF_MATCH=read["ETag"]).status_code == 200
    patched = changer.patch(url, NEW[prefix](), format="json")
    assert patched.status_code == 200, patched.content
    deleter = client_with([codename(prefix, "DELETE")], "deleter")
    assert deleter.delete(url).status_code == 204
    assert APIClient().get(url).status_code == 404
