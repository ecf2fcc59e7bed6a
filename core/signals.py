"""Keep derived data in step with the records: the name index, the data version screening reports, and
the many-to-many values in the edit history."""

from functools import partial

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from core import history
from core.history import fill_change_reason
from core.models import Actor, Alias, DataVersion
from core.screening import index_actors

CURATED_APPS = ("core", "courts", "sanctions")
# Derived data, written by the code that keeps it (the name index, the change counter, the importers' record
# of what they loaded): a write to it is no change to the records.
DERIVED = ("core.namekey", "core.dataversion", "sanctions.listimport")


# Raw saves (fixtures, test database snapshots) are indexed by the loaddata command once the load is done:
# a snapshot brings its own name keys, and re-indexing row by row would duplicate them.
def reindex_actor(sender, instance, raw=False, **kwargs):
    if not raw:
        index_actors([instance.pk])


def reindex_alias_owner(sender, instance, origin=None, raw=False, **kwargs):
    if raw:
        return
    # When the actor itself is being deleted its keys go with it; re-indexing it would recreate them.
    if isinstance(origin, Actor) or getattr(getattr(origin, "model", None), "__name__", "") == "Actor":
        return
    index_actors([instance.actor_id])


def record_change(sender, **kwargs):
    DataVersion.bump()


def connect():
    pre_create_historical_record.connect(fill_change_reason, dispatch_uid="history-change-reason")
    pre_create_historical_record.connect(history.fill_relations, dispatch_uid="history-relations")
    post_create_historical_record.connect(history.remember_version, dispatch_uid="history-relations-version")
    post_save.connect(reindex_actor, sender=Actor, dispatch_uid="screening-actor")
    post_save.connect(reindex_alias_owner, sender=Alias, dispatch_uid="screening-alias-save")
    post_delete.connect(reindex_alias_owner, sender=Alias, dispatch_uid="screening-alias-delete")
    for app in CURATED_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.label_lower in DERIVED:
                continue
            uid = f"data-version-{model._meta.label}"
            post_save.connect(record_change, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(record_change, sender=model, dispatch_uid=f"{uid}-delete")
            for field in model._meta.many_to_many:
                m2m_changed.connect(
                    record_change, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
                )
            if history.has_history(model) and not model._meta.proxy and history.versioned_relations(model):
                pre_delete.connect(
                    history.keep_relations_before_delete, sender=model, dispatch_uid=f"history-{model._meta.label}"
                )
                for field in history.versioned_relations(model):
                    m2m_changed.connect(
                        partial(history.record_relation_change, field=field),
                        sender=field.remote_field.through,
                        weak=False,
                        dispatch_uid=f"history-{model._meta.label}-{field.name}",
                    )
    curated = [model for app in CURATED_APPS for model in apps.get_app_config(app).get_models()]
    for target in history.link_targets(model for model in curated if history.has_history(model)):
        pre_delete.connect(
            history.refuse_to_delete_a_linked_record, sender=target, dispatch_uid=f"linked-{target._meta.label}"
        )
