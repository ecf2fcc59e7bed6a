from django.core.exceptions import ValidationError
from django.db import models

from core.models.actors import Actor
from core.models.base import edit_history


def one_line(*, street="", city="", region="", postal_code="", country=""):
    """An address on one line, in the shape OFAC's legacy CSV writes it: 'street, city, region postal code, country'.

    The other formats give the parts separately; composing them this way makes the same address read the same
    whichever file it came from (the CSV and the XML of one OFAC release give identical lines).
    """
    # A part ending in a comma ("Nobonyad Square,") would double the separator.
    parts = [" ".join((part or "").split()).strip(", ") for part in (street, city, region, postal_code, country)]
    street, city, region, postal_code, country = parts
    locality = " ".join(filter(None, [", ".join(filter(None, [city, region])), postal_code]))
    return ", ".join(filter(None, [street, locality, country]))


class AddressManager(models.Manager):
    def get_by_natural_key(self, actor_slug, full):
        return self.get(actor__slug=actor_slug, full=full)


class Address(models.Model):
    """Where an actor lives, works or is registered, as a list or another source gives it."""

    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="addresses", help_text="The actor found at this address."
    )
    street = models.CharField(
        max_length=300, blank=True, help_text="Street, building and P.O. box: what comes before the city."
    )
    city = models.CharField(
        max_length=200,
        blank=True,
        help_text="City or town. OFAC's legacy CSV gives city, region and postal code in one cell, "
        "kept here as written.",
    )
    postal_code = models.CharField(max_length=50, blank=True, help_text="Postal code.")
    region = models.CharField(max_length=200, blank=True, help_text="State, province or region within the country.")
    country = models.ForeignKey(
        "core.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="addresses",
        help_text="Country of the address; empty when the source names none, or names a territory no State "
        "stands for (e.g. 'Region: Crimea'). The name as written stays in the full address.",
    )
    note = models.CharField(
        max_length=500,
        blank=True,
        help_text="What the source says of the address, as written: e.g. 'previous address', 'at time of "
        "listing', 'as of June 2016' (the UN's NOTE, OFAC's address remarks, the EU's remarks).",
    )
    full = models.CharField(
        max_length=600,
        blank=True,
        help_text="The whole address on one line, as the source gives it; composed from the parts when left "
        "empty ('street, city, region postal code, country'). One per actor.",
    )

    objects = AddressManager()
    history = edit_history()

    class Meta:
        ordering = ["actor_id", "full"]
        verbose_name = "address"
        verbose_name_plural = "addresses"
        constraints = [
            models.UniqueConstraint(fields=["actor", "full"], name="%(app_label)s_%(class)s_unique_per_actor"),
            models.CheckConstraint(
                condition=~models.Q(full=""),
                name="%(app_label)s_%(class)s_full_not_blank",
                violation_error_message="An address needs at least one part: a street, a city, a region or a country.",
            ),
        ]

    def __str__(self):
        return f"{self.full} (address of {self.actor})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._stored = {name: getattr(self, name) for name in ("full", *self.PARTS)}

    @classmethod
    def from_db(cls, db, field_names, values):
        # The line and parts as stored, to tell an edit of the parts alone (``clean``) without a query.
        address = super().from_db(db, field_names, values)
        address._stored = dict(zip(field_names, values, strict=True))
        return address

    def natural_key(self):
        return (*self.actor.natural_key(), self.full)

    natural_key.dependencies = ["core.actor"]

    PARTS = ("street", "city", "region", "postal_code", "country_id")

    def clean(self):
        if not self.full or self._parts_edited_alone():
            self.full = one_line(
                street=self.street,
                city=self.city,
                region=self.region,
                postal_code=self.postal_code,
                country=self.country.name if self.country_id else "",
            )
        if not self.full:
            raise ValidationError({"full": "Give the address, or at least one of its parts."})

    def _parts_edited_alone(self):
        """Whether this edit changes a part but leaves the line as stored: the line would then say another
        address than its parts, so it is composed afresh from them. Only for a record read from the database
        (the admin's and the API's edits), whose stored values are at hand."""
        stored = getattr(self, "_stored", {})
        if not all(name in stored for name in ("full", *self.PARTS)) or stored["full"] != self.full:
            return False
        return any(stored[part] != getattr(self, part) for part in self.PARTS)
