from django.core.exceptions import ValidationError
from django.db import models

from core.models.base import DatePrecision, SourcedModel, date_order_message, edit_history
from core.scripts import script_of


class ActorManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Actor(SourcedModel):
    """A named person or organisation: the subject of designations, positions and warrants."""

    class Kind(models.TextChoices):
        PERSON = "person", "person"
        ORGANISATION = "organisation", "organisation"

    class Gender(models.TextChoices):
        # The lists record no other: OFAC 'Male'/'Female', the UN's GENDER, the EU's 'M'/'F'.
        MALE = "male", "male"
        FEMALE = "female", "female"

    # What the API's and the admin's gender filters take for an actor with none recorded (no list gives one,
    # or they disagree; every organisation): the empty value cannot be told from no filter in a query string.
    NO_GENDER = "none"

    slug = models.SlugField(max_length=120, unique=True, help_text="Stable identifier, e.g. 'karim-khan'.")
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="Person or organisation.")
    name = models.CharField(
        max_length=300, db_index=True, help_text="Primary name as the most authoritative source writes it."
    )
    nationalities = models.ManyToManyField(
        "core.State",
        blank=True,
        related_name="nationals",
        help_text="States of nationality (persons) or of registration or seat (organisations).",
    )
    birth_date = models.DateField(
        null=True, blank=True, help_text="Date of birth (persons) or of founding (organisations)."
    )
    birth_date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text="How much of the birth date is known; required when a birth date is given.",
    )
    birth_place = models.CharField(
        max_length=300,
        blank=True,
        help_text="Place of birth (persons) as the sources write it, e.g. 'Giza, Egypt'; several are separated "
        "by semicolons.",
    )
    gender = models.CharField(
        max_length=6,
        choices=Gender.choices,
        blank=True,
        help_text="A person's gender, male or female, as the lists give it; empty when none does, or when they "
        "disagree. Persons only.",
    )
    description = models.TextField(blank=True, help_text="One or two sentences on who this is.")

    objects = ActorManager()
    history = edit_history()

    class Meta:
        ordering = ["name"]
        verbose_name = "actor"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_date__isnull=True, birth_date_precision="")
                | models.Q(birth_date__isnull=False) & ~models.Q(birth_date_precision=""),
                name="%(app_label)s_%(class)s_birth_date_precision",
                violation_error_message="A birth date needs its precision, and a precision needs a date.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["person", "organisation"]), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="person") | models.Q(birth_place=""),
                name="%(app_label)s_%(class)s_birth_place_of_a_person",
                violation_error_message="Only a person has a place of birth.",
            ),
            models.CheckConstraint(
                condition=models.Q(gender="") | models.Q(kind="person", gender__in=["male", "female"]),
                name="%(app_label)s_%(class)s_gender_of_a_person",
                violation_error_message="Only a person has a gender, male or female.",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.birth_date and not self.birth_date_precision:
            raise ValidationError({"birth_date_precision": "Say how much of the birth date is known."})
        if self.birth_date_precision and not self.birth_date:
            raise ValidationError({"birth_date": "A precision was given without a birth date."})
        if self.birth_place and self.kind != self.Kind.PERSON:
            raise ValidationError(
                {"birth_place": "Only a person has a place of birth: clear it, or make this actor a person."}
            )
        if self.gender and self.kind != self.Kind.PERSON:
            raise ValidationError({"gender": "Only a person has a gender: clear it, or make this actor a person."})


class AliasManager(models.Manager):
    def get_by_natural_key(self, actor_slug, name):
        return self.get(actor__slug=actor_slug, name=name)


class Alias(models.Model):
    """Another name an actor is known by: a.k.a., former name, spelling, or the name in its own script."""

    class Kind(models.TextChoices):
        AKA = "aka", "also known as"
        FKA = "fka", "formerly known as"
        SPELLING = "spelling", "alternative spelling or transliteration"
        ORIGINAL_SCRIPT = "original_script", "name in original script"
        ACRONYM = "acronym", "acronym or abbreviation"

    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="aliases", help_text="The actor known by this name."
    )
    name = models.CharField(max_length=300, db_index=True, help_text="The alias as written.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AKA, help_text="Type of alias.")
    script = models.CharField(
        max_length=4, blank=True, help_text="ISO 15924 script code when not Latin, e.g. 'Hebr', 'Cyrl', 'Arab'."
    )
    language = models.CharField(max_length=8, blank=True, help_text="BCP 47 language tag, e.g. 'he', 'ru'.")

    objects = AliasManager()
    history = edit_history()

    class Meta:
        ordering = ["actor_id", "name"]
        verbose_name = "alias"
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "name"], name="%(app_label)s_%(class)s_unique_per_actor"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()} of {self.actor})"

    def save(self, *args, **kwargs):
        # A curator need not know ISO 15924: a name typed in another script is marked with it.
        if not self.script:
            self.script = script_of(self.name)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (*self.actor.natural_key(), self.name)

    natural_key.dependencies = ["core.actor"]


class PositionManager(models.Manager):
    def get_by_natural_key(self, holder_slug, title, start_date):
        return self.get(holder__slug=holder_slug, title=title, start_date=start_date)


class Position(SourcedModel):
    """An office an actor held, e.g. Prosecutor of the ICC or Prime Minister of Israel."""

    holder = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="positions", help_text="Who held the office."
    )
    title = models.CharField(max_length=200, help_text="Office, e.g. 'Prime Minister of Israel'.")
    institution = models.CharField(
        max_length=200, blank=True, help_text="Body the office belongs to, e.g. 'International Criminal Court'."
    )
    state = models.ForeignKey(
        "core.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        help_text="State whose office this is, if any.",
    )
    start_date = models.DateField(help_text="Date the holder took office (earliest known).")
    start_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, help_text="Precision of the start date."
    )
    end_date = models.DateField(null=True, blank=True, help_text="Date the holder left office; empty while in office.")
    end_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, help_text="Precision of the end date."
    )

    objects = PositionManager()
    history = edit_history()

    class Meta:
        ordering = ["holder_id", "start_date"]
        verbose_name = "position"
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "title", "start_date"], name="%(app_label)s_%(class)s_unique_term"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message="A position cannot end before it starts.",
            ),
        ]

    def __str__(self):
        until = self.end_date.isoformat() if self.end_date else "present"
        return f"{self.holder}: {self.title} ({self.start_date.isoformat()} to {until})"

    def natural_key(self):
        return (*self.holder.natural_key(), self.title, self.start_date.isoformat())

    natural_key.dependencies = ["core.actor"]

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": date_order_message("end date", "start date", self.start_date)})
