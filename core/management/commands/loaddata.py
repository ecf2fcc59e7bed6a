"""``loaddata`` that validates every record before saving it, and names the record that fails.

Django's own command writes fixture rows straight to the database: ``clean()`` never runs and an
error names the record only as ``pk=None`` when natural keys are used. Fixtures are our checked
facts, so each object gets ``full_clean()`` (field, cross-field and constraint rules) and, for
fact-bearing models, a check that it cites a source. Any failure aborts the whole load, which runs
in one transaction, so the database is left as it was.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.db import DatabaseError

from core.models import Actor, Alias, SourcedModel
from core.screening import index_actors


def describe(instance):
    try:
        key = instance.natural_key()
    except Exception:  # a broken foreign key can make the natural key itself unreadable
        key = None
    return f"{instance._meta.label} {list(key) if key else '(no natural key)'} «{instance}»"


class Command(loaddata.Command):
    help = loaddata.Command.help + " Every object is validated with full_clean() before it is saved."

    def loaddata(self, fixture_labels):
        self.indexed_actors = set()
        super().loaddata(fixture_labels)
        # Fixtures are saved raw, which the name index signals skip: index what was loaded, once.
        if self.indexed_actors:
            index_actors(sorted(self.indexed_actors))

    def load_label(self, fixture_label):
        self.current_label = fixture_label
        return super().load_label(fixture_label)

    def fail(self, instance, error):
        raise CommandError(f"Fixture {self.current_label}: invalid record {describe(instance)}: {error}")

    def save_obj(self, obj):
        instance = obj.object
        deferred = {field.name for field in obj.deferred_fields}
        # The deserializer found the existing row by its natural key: validate as an update, so that
        # unique rules do not compare the record with itself.
        instance._state.adding = instance.pk is None
        try:
            instance.full_clean(exclude=deferred)
        except ValidationError as error:
            self.fail(instance, "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()))
        try:
            saved = super().save_obj(obj)
        except (DatabaseError, ValueError) as error:
            self.fail(instance, error)
        if saved and isinstance(instance, Actor):
            self.indexed_actors.add(instance.pk)
        elif saved and isinstance(instance, Alias):
            self.indexed_actors.add(instance.actor_id)
        if saved and isinstance(instance, SourcedModel) and "sources" not in deferred:
            if not instance.sources.exists():
                self.fail(instance, "sources: a fact-bearing record must cite at least one source.")
        return saved
