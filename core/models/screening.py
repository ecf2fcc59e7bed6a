from django.db import models
from django.utils import timezone

# The prefix of a whole-name key ('n:' and the folded name): the rows that candidates are ranked by.
WHOLE_NAME = "n:"


class NameKey(models.Model):
    """One index key of one actor's names (see ``core.names``), for indexed candidate retrieval.

    Derived data: rebuilt from the actor's name and aliases whenever they change (``core.screening``).
    Many rows per actor (about 25), so each is kept narrow: the pair is the primary key, with no surrogate
    id, and a key's weight follows from its prefix (``core.screening.WEIGHTS``) rather than being stored.
    """

    pk = models.CompositePrimaryKey("key", "actor")
    actor = models.ForeignKey(
        "core.Actor", on_delete=models.CASCADE, related_name="name_keys", help_text="The actor the key points to."
    )
    key = models.CharField(
        max_length=255, help_text="Kind prefix and value, e.g. 'e:netanyahu', 's:ntn', 'n:benjamin netanyahu'."
    )

    class Meta:
        ordering = ["actor_id", "key"]
        verbose_name = "name key"
        indexes = [
            # Each candidate's folded names, read from the index alone (a few rows, not all of its keys).
            models.Index(
                fields=["actor", "key"],
                condition=models.Q(key__startswith=WHOLE_NAME),
                name="%(app_label)s_%(class)s_whole_names",
            )
        ]

    def __str__(self):
        return f"{self.key} -> {self.actor_id}"


class DataVersion(models.Model):
    """A single row counting changes to the curated records, so a screening result says what it was computed on."""

    counter = models.PositiveBigIntegerField(default=0, help_text="Number of changes recorded so far.")
    changed_at = models.DateTimeField(default=timezone.now, help_text="When the last change was recorded.")

    class Meta:
        verbose_name = "data version"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="%(app_label)s_%(class)s_single_row")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.counter}@{self.changed_at.isoformat(timespec='seconds')}"

    @classmethod
    def bump(cls):
        if not cls.objects.filter(pk=1).update(counter=models.F("counter") + 1, changed_at=timezone.now()):
            cls.objects.get_or_create(pk=1, defaults={"counter": 1})

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]
