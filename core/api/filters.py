"""FilterSet building blocks shared by every resource, and a backend that refuses unknown parameters."""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from core.models import Actor

# One list of lookups for every date field, so that every resource filters dates alike.
DATE_LOOKUPS = ["exact", "gte", "lte", "gt", "lt", "range", "isnull"]
TEXT_LOOKUPS = ["exact", "iexact", "icontains", "istartswith"]

# Query parameters that are not filters but are understood everywhere.
GENERAL_PARAMETERS = {"format", "fields", "omit", "limit", "offset", "cursor"}


class BaseFilterSet(django_filters.FilterSet):
    """Adds ``q``, a case-insensitive text search over ``search_fields``."""

    search_fields = ()

    q = django_filters.CharFilter(method="search", label="Text search (case-insensitive, any of the names)")

    def __init__(self, data=None, *args, request=None, **kwargs):
        # django-filter deep-copies every declared filter per request (querysets included): most of a
        # filtered list's Python time. A filter the request does not name filters nothing, so a bound
        # FilterSet copies only those it names; the browsable API keeps all of them for its filter form.
        browsable = getattr(getattr(request, "accepted_renderer", None), "format", None) == "api"
        if data is not None and not browsable:
            self.base_filters = {name: f for name, f in self.base_filters.items() if _named(name, data)}
        super().__init__(data, *args, request=request, **kwargs)

    def filter_queryset(self, queryset):
        # ``q`` last: the name search keeps its best matches among the records the other filters leave
        # (run first, it ranked the whole table and the other filters dropped most of its matches).
        data = self.form.cleaned_data
        for name, value in data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return self.filters["q"].filter(queryset, data["q"]) if "q" in data else queryset

    def search(self, queryset, name, value):
        terms = value.split()
        if not terms or not self.search_fields:
            return queryset
        for term in terms:
            queryset = queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": term}) for f in self.search_fields)))
        return queryset.distinct() if any("__" in f for f in self.search_fields) else queryset


def _named(name, data):
    """Whether the query names filter ``name``, alone or with a widget suffix (``date_after``)."""
    return any(parameter == name or parameter.startswith(f"{name}_") for parameter in data)


class GenderFilter(django_filters.ChoiceFilter):
    """``?gender=female``, or ``?gender=none`` for actors with no gender recorded (no list gives one, or they
    disagree; every organisation)."""

    def __init__(self, **kwargs):
        choices = [*Actor.Gender.choices, (Actor.NO_GENDER, "none recorded")]
        super().__init__(field_name="gender", choices=choices, label="Gender: male, female, or none", **kwargs)

    def filter(self, queryset, value):
        return queryset.filter(gender="") if value == Actor.NO_GENDER else super().filter(queryset, value)


def key_filter(field_name, to_field_name, queryset, label):
    """A related record given by its natural key, e.g. ``?program=ICC-EO14203``."""
    # django-filter compares the field with the chosen record's ``to_field_name`` value, so the
    # lookup must go through to that field.
    filter_ = django_filters.ModelMultipleChoiceFilter(
        field_name=f"{field_name}__{to_field_name}", to_field_name=to_field_name, queryset=queryset, label=label
    )
    return extend_schema_field({"type": "string"})(filter_)


def reject_unknown_parameters(request, known):
    """A 400 naming each query parameter outside ``known`` (and the general ones such as ``format``)."""
    known = set(known) | {"format", "fields", "omit"}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        message = "Unknown query parameter. Known: " + ", ".join(sorted(known)) + "."
        raise ValidationError({name: [message] for name in unknown})


def read_query(request, serializer_class, *, also=()):
    """The validated query parameters of an action without a FilterSet: unknown ones and bad values are 400s."""
    reject_unknown_parameters(request, {*serializer_class().fields, *also})
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 naming any query parameter the endpoint does not understand.

    A misspelt filter that is silently ignored returns the whole table, which reads as an answer.
    """

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "detail", False):
            # A record addressed by its key is not filtered (DRF would 404 it on a non-matching filter);
            # building the FilterSet's form only to ignore it was most of a detail request's time.
            reject_unknown_parameters(request, GENERAL_PARAMETERS)
            return queryset
        known = set(GENERAL_PARAMETERS)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        reject_unknown_parameters(request, known)
        if not set(request.query_params) - GENERAL_PARAMETERS:
            return queryset  # no filter given: an empty FilterSet form would change nothing, at a cost
        return super().filter_queryset(request, queryset, view)
