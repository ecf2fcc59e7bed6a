"""``loaddata`` that validates every record before saving it, and names the record that fails.

Django's own command writes fixture rows straight to the database: ``clean()`` never runs and an
error names the record only as ``pk=None`` when natural keys are used. Fixtures are our checked
facts, so each object gets ``full_clean()`` (field, cross-field and constraint rules) and, for
fact-bearing models, a check that it cites a source. Any failure aborts the whole load, which runs
in one transaction, so the database is left as it was.

Edit history: a record that a fixture adds or changes gets a history row (reason ``loaddata
<fixture>``); a record loaded again unchanged gets none, so loading the same fixtures twice adds
nothing. ``--without-history`` records nothing, for restoring a backup that carries its own history
rows; those rows are loaded as they are, without validation (they may name records since deleted).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.db import DatabaseError

from core import history
from core.models import Actor, Alias, SourcedModel
from core.screening import index_actors


def describe(instance):
    try:
        key = instance.natural_key()
    except Exception:  # a broken foreign key can make the natural key itself unreadable
        key = None
    return f"{instance._meta.label} {list(key) if key else '(no natural key)'} «{instance}»"


def _pk(value):
    return getattr(value, "pk", value)


class Command(loaddata.Command):
    help = loaddata.Command.help + " Every object is validated with full_clean() before it is saved."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--without-history",
            action="store_true",
            help="Record no edit history for the loaded records (restoring a backup that holds its history).",
        )

    def handle(self, *fixture_labels, without_history=False, **options):
        self.record_history = not without_history
        return super().handle(*fixture_labels, **options)

    def loaddata(self, fixture_labels):
        self.indexed_actors = set()
        super().loaddata(fixture_labels)
        # Fixtures are saved raw, which the name index signals skip: index what was loaded, once.
        if self.indexed_actors:
            index_actors(sorted(self.indexed_actors))

    def load_label(self, fixture_label):
        self.current_label = fixture_label
        with history.change_reason(f"loaddata {fixture_label}"):
            return super().load_label(fixture_label)

    def fail(self, instance, error):
        raise CommandError(f"Fixture {self.current_label}: invalid record {describe(instance)}: {error}")

    def save_obj(self, obj):
        instance = obj.object
        if history.is_history_model(type(instance)):
            return super().save_obj(obj)
        deferred = {field.name for field in obj.deferred_fields}
        # The deserializer found the existing row by its natural key: validate as an update, so that
        # unique rules do not compare the record with itself.
        instance._state.adding = instance.pk is None
        try:
            instance.full_clean(exclude=deferred)
        except ValidationError as error:
            self.fail(instance, "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()))
        change = self.history_change(instance, obj.m2m_data or {}) if getattr(self, "record_history", True) else None
        # Its many-to-many values are set after the raw save: one history row for both is written below.
        instance.skip_history_when_saving = True
        try:
            saved = super().save_obj(obj)
        except (DatabaseError, ValueError) as error:
            self.fail(instance, error)
        finally:
            del instance.skip_history_when_saving
        if saved and change:
            history.record_saved(instance, created=change == "+")
        if saved and isinstance(instance, Actor):
            self.indexed_actors.add(instance.pk)
        elif saved and isinstance(instance, Alias):
            self.indexed_actors.add(instance.actor_id)
        if saved and isinstance(instance, SourcedModel) and "sources" not in deferred:
            if not instance.sources.exists():
                self.fail(instance, "sources: a fact-bearing record must cite at least one source.")
        return saved

    @staticmethod
    def history_change(instance, m2m_data):
        """'+' for a record the fixture adds, '~' for one it changes (its fields or the many-to-many values it
        gives), None when it is the same or has no history."""
        model = type(instance)
        if not history.has_history(model):
            return None
        if instance.pk is None:
            return "+"
        names = [field.attname for field in model._meta.concrete_fields]
        stored = model._base_manager.filter(pk=instance.pk).values(*names).first()
        if stored is None:
            return "+"
        if any(stored[name] != getattr(instance, name) for name in names):
            return "~"
        given = [field for field in history.versioned_relations(model) if field.name in m2m_data]
        if given:
            links = history.relations_of(model, [instance.pk], fields=given)[instance.pk]
            if any(set(links[field.name]) != set(map(_pk, m2m_data[field.name])) for field in given):
                return "~"
        return None
