"""Serializers build their fields from a per-class recipe: the fields must be DRF's own, and fresh each time."""

import pytest
from rest_framework import serializers

import core.serializers  # noqa: F401  (the serializers below are found as subclasses)
import courts.serializers  # noqa: F401
import sanctions.serializers  # noqa: F401
from core.api.serializers import ModelSerializer

pytestmark = pytest.mark.django_db  # the repr of a related field shows its queryset


def subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


SERIALIZERS = sorted(
    {cls for cls in subclasses(ModelSerializer) if hasattr(cls, "Meta")},
    key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
)


def test_every_serializer_of_the_project_is_covered():
    names = {cls.__name__ for cls in SERIALIZERS}
    assert {"StateSerializer", "ActorSerializer", "DesignationBriefSerializer", "CitationSerializer"} <= names


@pytest.mark.parametrize("serializer_class", SERIALIZERS, ids=lambda cls: cls.__qualname__)
def test_fields_from_the_recipe_are_drfs(serializer_class):
    first = serializer_class().fields  # the first instance works the recipe out
    again = serializer_class().fields  # later ones build from it
    drf = serializers.ModelSerializer.get_fields(serializer_class())  # DRF's introspection, no recipe

    assert {name: repr(field) for name, field in again.items()} == {name: repr(field) for name, field in drf.items()}
    assert [type(field) for field in again.values()] == [type(field) for field in drf.values()]
    # Fresh instances: binding one serializer's fields must not touch another's.
    assert all(again[name] is not first[name] for name in first)
    assert all(field.parent is not None and field.root is not first[name].root for name, field in again.items())
