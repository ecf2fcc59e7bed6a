"""Full records for JSON Lines: every field, related records by natural key, and the sources quoted in full."""

import datetime

from django.db import models

SOURCE_FIELDS = ("key", "title", "publisher", "kind", "url", "published_on", "accessed_on", "quote", "locator")

# One-to-many children written inside their parent's record, per resource.
CHILDREN = {
    "targets": ("aliases", "designations", "addresses", "documents"),
    "actors": ("aliases", "addresses", "documents"),
    "court_actions": ("charges",),
}


def _value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _key(record):
    """A related record as its natural key (a list), or its id when it has none."""
    natural_key = getattr(record, "natural_key", None)
    return list(natural_key()) if natural_key else record.pk


def source(source):
    return {name: _value(getattr(source, name)) for name in SOURCE_FIELDS}


def fields(record, skip=()):
    data = {}
    for field in record._meta.concrete_fields:
        if field.name in skip:
            continue
        if isinstance(field, models.ForeignKey):
            related = getattr(record, field.name)
            data[field.name] = _key(related) if related is not None else None
        else:
            data[field.name] = _value(getattr(record, field.attname))
    for field in record._meta.many_to_many:
        if field.name != "sources":
            data[field.name] = [_key(related) for related in getattr(record, field.name).all()]
    if hasattr(record, "sources"):
        data["sources"] = [source(s) for s in record.sources.all()]
    return data


def record(resource_name, instance):
    """One line of ``<resource>.jsonl``: the model, the natural key, the fields and the children."""
    data = {
        "model": instance._meta.label_lower,
        "key": _key(instance),
        "fields": fields(instance),
    }
    for name in CHILDREN.get(resource_name, ()):
        relation = instance._meta.get_field(name)
        parent = relation.field.name
        data[name] = [fields(child, skip={parent}) for child in getattr(instance, name).all()]
    return data
