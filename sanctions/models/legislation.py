from django.db import models
from django.db.models import Q

from core.models import Actor, SourcedModel, State, edit_history


class BillManager(models.Manager):
    def get_by_natural_key(self, legislature_code, congress, bill_type, number):
        return self.get(legislature__code=legislature_code, congress=congress, bill_type=bill_type, number=number)


class Bill(SourcedModel):
    """A bill before a legislature, e.g. H.R. 23 of the 119th U.S. Congress."""

    class Type(models.TextChoices):
        HR = "hr", "H.R."
        S = "s", "S."
        HRES = "hres", "H.Res."
        SRES = "sres", "S.Res."
        HJRES = "hjres", "H.J.Res."
        SJRES = "sjres", "S.J.Res."

    legislature = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="bills",
        help_text="State whose legislature considers the bill.",
    )
    congress = models.PositiveSmallIntegerField(help_text="Congress (legislative term) number, e.g. 119.")
    bill_type = models.CharField(max_length=10, choices=Type.choices, help_text="Type prefix, e.g. 'H.R.'.")
    number = models.PositiveIntegerField(help_text="Bill number within its type and congress, e.g. 23.")
    title = models.CharField(max_length=300, help_text="Short title, e.g. 'Illegitimate Court Counteraction Act'.")
    sponsor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_bills",
        help_text="Member who introduced the bill.",
    )
    introduced_on = models.DateField(null=True, blank=True, help_text="Date introduced.")
    url = models.URLField(max_length=500, blank=True, help_text="Official bill page.")

    objects = BillManager()
    history = edit_history()

    class Meta:
        ordering = ["-congress", "bill_type", "number"]
        verbose_name = "bill"
        constraints = [
            models.UniqueConstraint(
                fields=["legislature", "congress", "bill_type", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="%(app_label)s_%(class)s_number_positive"),
        ]

    def __str__(self):
        return f"{self.get_bill_type_display()} {self.number} ({self.congress}th Congress): {self.title}"

    def natural_key(self):
        return (*self.legislature.natural_key(), self.congress, self.bill_type, self.number)

    natural_key.dependencies = ["core.state"]


class BillActionManager(models.Manager):
    def get_by_natural_key(self, legislature_code, congress, bill_type, number, chamber, action_type, date):
        return self.get(
            bill__legislature__code=legislature_code,
            bill__congress=congress,
            bill__bill_type=bill_type,
            bill__number=number,
            chamber=chamber,
            action_type=action_type,
            date=date,
        )


class BillAction(SourcedModel):
    """A dated step in a chamber — introduction, passage, a failed cloture vote — with its tally."""

    class Chamber(models.TextChoices):
        HOUSE = "house", "House of Representatives"
        SENATE = "senate", "Senate"

    class Type(models.TextChoices):
        INTRODUCED = "introduced", "introduced"
        PASSED = "passed", "passed"
        FAILED = "failed", "failed"
        CLOTURE_INVOKED = "cloture_invoked", "cloture invoked"
        CLOTURE_NOT_INVOKED = "cloture_not_invoked", "cloture not invoked"
        SIGNED = "signed", "signed into law"
        VETOED = "vetoed", "vetoed"

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="actions", help_text="The bill.")
    chamber = models.CharField(max_length=10, choices=Chamber.choices, help_text="Chamber where it happened.")
    action_type = models.CharField(max_length=30, choices=Type.choices, help_text="What happened.")
    date = models.DateField(help_text="Date of the action or vote.")
    description = models.TextField(blank=True, help_text="What was voted on, e.g. 'motion to proceed'.")
    roll_call = models.PositiveIntegerField(null=True, blank=True, help_text="Roll call or record vote number.")
    yeas = models.PositiveIntegerField(null=True, blank=True, help_text="Votes in favour.")
    nays = models.PositiveIntegerField(null=True, blank=True, help_text="Votes against.")
    present = models.PositiveIntegerField(null=True, blank=True, help_text="Members voting 'present'.")
    not_voting = models.PositiveIntegerField(null=True, blank=True, help_text="Members not voting.")

    objects = BillActionManager()
    history = edit_history()

    class Meta:
        ordering = ["bill", "date", "chamber"]
        verbose_name = "bill action"
        constraints = [
            models.UniqueConstraint(
                fields=["bill", "chamber", "action_type", "date"], name="%(app_label)s_%(class)s_unique_step"
            ),
            models.CheckConstraint(
                condition=Q(yeas__isnull=True, nays__isnull=True) | Q(yeas__isnull=False, nays__isnull=False),
                name="%(app_label)s_%(class)s_tally_complete",
                violation_error_message="A tally needs both yeas and nays.",
            ),
        ]

    def __str__(self):
        tally = f" {self.yeas}–{self.nays}" if self.yeas is not None else ""
        bill = f"{self.bill.get_bill_type_display()} {self.bill.number}"
        return f"{bill}: {self.get_action_type_display()} in the {self.get_chamber_display()} on {self.date}{tally}"

    def natural_key(self):
        return (*self.bill.natural_key(), self.chamber, self.action_type, self.date.isoformat())

    natural_key.dependencies = ["sanctions.bill"]
