"""Prefetched related records as plain lists, for the serializers of lists and records.

Django gives each row of a prefetch a related manager and a queryset of its own, built again on every
attribute access; on a page of 50 actors that cost more than the rest of the request (18 -> 8 ms of
CPU on the actors list when the prefetches became lists). ``listed()`` prefetches into ``_listed_<name>``
attributes instead, and ``ListedFieldsMixin`` makes a serializer read a field from that list when the
record has one, and from the model as usual otherwise (new records, writes, other callers). List pages
fill those lists with ``prefetch_listed``, which reads one-to-many and many-to-many lists by the page's ids.
"""

from collections.abc import Mapping

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, ManyToManyField, ManyToOneRel, Prefetch, prefetch_related_objects
from rest_framework.fields import Field, SkipField
from rest_framework.relations import PKOnlyObject

# Underscored, so that no model field can share a name with a list (Designation.listed_on did).
PREFIX = "_listed_"
_UNREAD = object()
# The record a many-to-many row was read for, annotated on the row.
OWNER = "_prefetched_for"


def listed(*lookups):
    """``prefetch_related`` arguments that prefetch each one-level lookup into a ``_listed_<name>`` list."""
    prefetches = []
    for lookup in lookups:
        if isinstance(lookup, str):
            lookup = Prefetch(lookup)
        if "__" in lookup.prefetch_through or lookup.to_attr:
            prefetches.append(lookup)  # nested or already named: left as given
            continue
        prefetches.append(Prefetch(lookup.prefetch_through, lookup.queryset, to_attr=PREFIX + lookup.prefetch_to))
    return prefetches


def prefetch_listed(instances, *lookups):
    """``prefetch_related_objects`` for a page of records, with the lists of ``listed()`` (an actor's aliases,
    addresses, designations, nationalities) read straight by the page's ids: Django's general path filters
    by the records themselves, builds a related manager per relation and goes through the related
    descriptor for every row, a tenth of an actors page. Other lookups (nested ones) take Django's path."""
    instances = list(instances)
    if not instances:
        return
    rest = []
    for lookup in lookups:
        relation = _relation(type(instances[0]), lookup)
        if relation is None:
            rest.append(lookup)
        else:
            _prefetch_straight(instances, relation, lookup)
    if rest:
        prefetch_related_objects(instances, *rest)


def _relation(model, lookup):
    """The reverse foreign key or the many-to-many field (to primary keys) a ``listed()`` lookup follows;
    None for anything else."""
    if not isinstance(lookup, Prefetch) or not (lookup.to_attr or "").startswith(PREFIX):
        return None
    if "__" in lookup.prefetch_through or (lookup.queryset is not None and lookup.queryset.query.is_sliced):
        return None
    try:
        relation = model._meta.get_field(lookup.prefetch_through)
    except FieldDoesNotExist:
        return None
    if isinstance(relation, ManyToOneRel) and relation.one_to_many:
        return relation if relation.field.target_field == model._meta.pk else None
    # A many-to-many field of the record's model (or of the model a proxy stands for), to another model that
    # can name it back (a hidden or self-referential relation takes Django's path).
    if isinstance(relation, ManyToManyField) and issubclass(model, relation.model):
        if not relation.remote_field.hidden and relation.related_model is not relation.model:
            return relation
    return None


def _prefetch_straight(instances, relation, lookup):
    owners = {instance.pk: instance for instance in instances}
    queryset = lookup.queryset if lookup.queryset is not None else relation.related_model._default_manager.all()
    one_to_many = isinstance(relation, ManyToOneRel)
    if one_to_many:
        owner_of = relation.field.attname
        rows = queryset.filter(**{f"{owner_of}__in": list(owners)})
    else:  # many-to-many: one query joining the through table, whose owner column comes back on each row
        back, owner_of = relation.related_query_name(), OWNER
        rows = queryset.filter(**{f"{back}__in": list(owners)}).annotate(**{OWNER: F(back)})
    found = {pk: [] for pk in owners}
    for row in rows:
        owner = getattr(row, owner_of)
        if one_to_many:  # row.actor without a query, as Django's prefetch
            relation.field.set_cached_value(row, owners[owner])
        found[owner].append(row)
    for pk, instance in owners.items():
        setattr(instance, lookup.to_attr, found[pk])


def forget_listed(instance):
    """Drop the prefetched lists of ``instance`` (after a write they are out of date)."""
    for name in [name for name in vars(instance) if name.startswith(PREFIX)]:
        delattr(instance, name)


class ListedFieldsMixin:
    """Serializer mixin: fields whose source was prefetched by ``listed()`` read the prefetched list.

    It also reads a plain attribute (``source="name"``) straight off the record: DRF's general path
    (``Field.get_attribute`` with its mapping and callable checks) cost a third of serializing a row.
    Anything else, and any attribute that is callable or raises, takes DRF's path.
    """

    def _field_readers(self):
        """Per readable field: its name, its prefetched list's attribute, its plain attribute, the field.

        Worked out once per serializer: a list's child serializes every row of the page.
        """
        readers = self.__dict__.get("_readers")
        if readers is None:
            readers = self._readers = [
                (
                    field.field_name,
                    PREFIX + field.source if field.source else None,
                    field.source_attrs[0]
                    if len(field.source_attrs) == 1 and type(field).get_attribute is Field.get_attribute
                    else None,
                    field,
                )
                for field in self._readable_fields
            ]
        return readers

    def to_representation(self, instance):
        if isinstance(instance, Mapping):
            return super().to_representation(instance)
        prefetched = getattr(instance, "__dict__", {})
        data = {}
        for name, listed_as, plain, field in self._field_readers():
            attribute = prefetched.get(listed_as) if listed_as else None
            if attribute is None:
                attribute = _UNREAD
                if plain:
                    try:
                        attribute = getattr(instance, plain)
                    except Exception:  # DRF's path decides: None, a skipped field or the error
                        pass
                if attribute is _UNREAD or callable(attribute):
                    try:
                        attribute = field.get_attribute(instance)
                    except SkipField:
                        continue
            # As DRF's Serializer.to_representation: a null stays null, whatever the field.
            check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            data[name] = None if check_for_none is None else field.to_representation(attribute)
        return data
