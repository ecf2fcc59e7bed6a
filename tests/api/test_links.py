"""``IdentityLinkField`` gives exactly the links of DRF's ``HyperlinkedIdentityField``, only cheaper."""

import pytest
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.api.links import IdentityLinkField
from core.models import Source

pytestmark = pytest.mark.django_db


def links(path, keys):
    request = Request(APIRequestFactory().get(path, HTTP_HOST="db.example.org"))
    fast = IdentityLinkField(view_name="source-detail", lookup_field="key")
    slow = serializers.HyperlinkedIdentityField(view_name="source-detail", lookup_field="key")
    for field in (fast, slow):
        field.bind("url", serializers.Serializer(context={"request": request}))
    records = [Source(pk=n, key=key) for n, key in enumerate(keys, start=1)]
    return [str(fast.to_representation(r)) for r in records], [str(slow.to_representation(r)) for r in records]


@pytest.mark.parametrize("path", ["/api/sources/", "/api/sources/?format=csv", "/api/sources/?format=json&q=x"])
def test_the_links_are_those_of_drf(path, settings):
    settings.ALLOWED_HOSTS = ["db.example.org"]
    fast, slow = links(path, ["hrw-2025", "IL", "42", "key.with.dots", "clé", "a b"])
    assert fast == slow
    assert fast[0].startswith("http://db.example.org/api/sources/hrw-2025/")


def test_an_unsaved_record_has_no_link():
    request = Request(APIRequestFactory().get("/api/sources/"))
    field = IdentityLinkField(view_name="source-detail", lookup_field="key")
    field.bind("url", serializers.Serializer(context={"request": request}))
    assert field.to_representation(Source(key="new")) is None
