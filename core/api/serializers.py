"""Serializer building blocks: model validation on every write, field selection, brief citations."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from core.api.exceptions import validation_detail
from core.api.prefetch import ListedFieldsMixin
from core.models import Source


class FieldSelectionMixin:
    """``?fields=a,b`` keeps only those fields, ``?omit=a,b`` drops them (top level, list and detail)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if self.context.get("all_fields"):  # the full representation, e.g. to compute the ETag
            return
        if request is None or self.parent is not None and not isinstance(self.parent, serializers.ListSerializer):
            return
        wanted = _names(request.query_params.get("fields"))
        omitted = _names(request.query_params.get("omit"))
        unknown = (wanted | omitted) - set(self.fields)
        if unknown:
            raise ValidationError({"fields": [f"Unknown field(s): {', '.join(sorted(unknown))}."]})
        for name in list(self.fields):
            if (wanted and name not in wanted) or name in omitted:
                self.fields.pop(name)


def _names(value):
    return {name.strip() for name in (value or "").split(",") if name.strip()}


def _has_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    return isinstance(value, list | tuple) and any(_has_nul(item) for item in value)


class ModelSerializer(ListedFieldsMixin, serializers.ModelSerializer):
    """DRF's ``ModelSerializer``, which works out how to build its model fields once per class.

    DRF introspects the model (field kwargs, labels, uniqueness validators) for every instance: once
    per list and per nested serializer on each request, an eighth of an actors page. The outcome
    depends only on the class and its ``Meta``, so it is kept as each field's class and arguments
    (what ``Field.__deepcopy__`` rebuilds a field from) and each instance builds fresh fields from it.
    """

    def get_fields(self):
        recipe = type(self).__dict__.get("_field_recipe")  # per class: a subclass has fields of its own
        if recipe is None:
            built = super().get_fields()
            recipe = type(self)._field_recipe = [
                (name, None if name in self._declared_fields else (type(field), field._args, field._kwargs))
                for name, field in built.items()
            ]
            return built
        declared = copy.deepcopy(self._declared_fields)  # as DRF copies them
        return {name: declared[name] if how is None else how[0](*how[1], **how[2]) for name, how in recipe}


class ValidatedModelSerializer(FieldSelectionMixin, ModelSerializer):
    """Runs the model's ``full_clean()`` on writes, as the admin does, and keys its errors by field."""

    def to_internal_value(self, data):
        # PostgreSQL refuses NUL in text, even in the lookup of a related key (a 500 before this check).
        if hasattr(data, "items"):
            refused = {name: ["Null characters are not allowed."] for name, value in data.items() if _has_nul(value)}
            if refused:
                raise ValidationError(refused)
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        many_to_many = {name for name, value in attrs.items() if isinstance(value, list)}
        values = {name: value for name, value in attrs.items() if name not in many_to_many}
        instance = self.instance or self.Meta.model()
        plain = [f for f in instance._meta.concrete_fields if not f.is_relation and not f.primary_key]
        original = {}
        if self.instance:
            original = {f.name: getattr(instance, f.name) for f in plain}
            original |= {name: getattr(instance, name) for name in values}
        for name, value in values.items():
            setattr(instance, name, value)
        before = {f.name: getattr(instance, f.name) for f in plain}
        try:
            instance.full_clean(exclude=many_to_many | self._unwritable_fields(instance))
            # What clean() fills in (e.g. an address's line from its parts) is saved, as the admin saves it.
            attrs |= {f.name: getattr(instance, f.name) for f in plain if getattr(instance, f.name) != before[f.name]}
        except DjangoValidationError as error:
            raise ValidationError(validation_detail(error)) from error
        finally:
            for name, value in original.items():
                setattr(instance, name, value)
        return attrs

    def _unwritable_fields(self, instance):
        writable = {field.source for field in self._writable_fields}
        return {field.name for field in instance._meta.get_fields() if field.concrete and field.name not in writable}


class CitationSerializer(ModelSerializer):
    """A source in brief, embedded in every fact-bearing record."""

    # Declared so that the schema says an address may be blank (read-only model fields lose allow_blank).
    url = serializers.URLField(read_only=True, allow_blank=True, help_text="Address of the document, if online.")

    class Meta:
        model = Source
        fields = ["key", "title", "publisher", "url", "published_on"]
        read_only_fields = fields


class SourcedSerializer(ValidatedModelSerializer):
    """Sources are written as a list of keys and read back with their citations."""

    sources = serializers.SlugRelatedField(
        many=True, slug_field="key", queryset=Source.objects.all(), help_text="Keys of the sources cited."
    )
    citations = CitationSerializer(source="sources", many=True, read_only=True)

    def validate_sources(self, value):
        if not value:
            raise ValidationError("Cite at least one source.")
        return value
