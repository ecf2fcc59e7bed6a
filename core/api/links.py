"""A record's own link, built from a template reversed once per serializer rather than once per row."""

import re

from django.urls import NoReverseMatch
from rest_framework import serializers
from rest_framework.relations import Hyperlink

# Keys made only of these characters come out of reverse() unchanged (no quoting, and every lookup
# pattern of ours accepts them); any other key takes DRF's full reverse().
PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")
PLACEHOLDER = "0lookup0value0"


class IdentityLinkField(serializers.HyperlinkedIdentityField):
    """``HyperlinkedIdentityField`` with the same output, made cheap for lists.

    ``reverse()`` and ``build_absolute_uri()`` cost more than all the other fields of a simple row
    together (a States page spent most of its time in them); the link differs between rows only by
    the key, so the rest is reversed once and the key is put in by string replacement.
    """

    def get_attribute(self, instance):
        return instance  # the record itself (source "*"), without DRF's general attribute path

    def to_representation(self, value):
        # DRF's, minus its per-row work: the context is read and the template made once per request.
        context = self.context
        request, format = context["request"], context.get("format")
        if format and self.format and self.format != format:
            format = self.format
        try:
            url = self.get_url(value, self.view_name, request, format)
        except NoReverseMatch:
            return super().to_representation(value)  # DRF's message for a misconfigured link
        return None if url is None else Hyperlink(url, value)

    def get_url(self, obj, view_name, request, format):
        if obj.pk in (None, ""):
            return None
        value = str(getattr(obj, self.lookup_field))
        if not PLAIN_KEY.fullmatch(value):
            return super().get_url(obj, view_name, request, format)
        # Kept per request (a field normally lives for one, but tests may reuse a serializer).
        cached = self.__dict__.get("_template")
        if cached is None or cached[0] is not request or cached[1] != view_name or cached[2] != format:
            try:
                link = self.reverse(
                    view_name, kwargs={self.lookup_url_kwarg: PLACEHOLDER}, request=request, format=format
                )
            except NoReverseMatch:  # a lookup pattern the placeholder does not fit: reverse each key
                link = ""
            parts = link.split(PLACEHOLDER) if link.count(PLACEHOLDER) == 1 else None
            cached = self.__dict__["_template"] = (request, view_name, format, parts)
        parts = cached[3]
        if parts is None:
            return super().get_url(obj, view_name, request, format)
        return f"{parts[0]}{value}{parts[1]}"
