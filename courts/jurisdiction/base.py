"""The vocabulary of a jurisdiction check: the question, the verdict, and the bases it relies on."""

import datetime
from dataclasses import dataclass, field

from django.db import models


class Trigger(models.TextChoices):
    STATE_REFERRAL = "state_referral", "referral by a State Party"
    PROPRIO_MOTU = "proprio_motu", "investigation by the Prosecutor proprio motu"
    SECURITY_COUNCIL = "security_council", "referral by the UN Security Council"


class Crime(models.TextChoices):
    GENOCIDE = "genocide", "genocide"
    CRIME_AGAINST_HUMANITY = "crime_against_humanity", "crime against humanity"
    WAR_CRIME = "war_crime", "war crime"
    AGGRESSION = "aggression", "crime of aggression"


class Verdict(models.TextChoices):
    YES = "yes", "the court can exercise jurisdiction"
    NO = "no", "the court cannot exercise jurisdiction"
    UNDETERMINED = "undetermined", "cannot be decided from the question and the records"


class NoRulesForCourt(Exception):
    """The court exists, but no rules engine is implemented for it."""


@dataclass(frozen=True)
class Question:
    date: datetime.date
    trigger: str
    crime: str
    territory: object = None  # core.State or None when unknown
    nationality: object = None  # core.State or None when unknown
    age: int | None = None  # of the accused at the time of the conduct, when known


@dataclass(frozen=True)
class Basis:
    """One provision applied to one record: what the verdict rests on, with the record's sources."""

    article: str
    record: object  # the model instance relied on
    state: object = None
    holds: bool = True  # False for a record that rules jurisdiction out

    @property
    def sources(self):
        return [source.key for source in self.record.sources.all()] if hasattr(self.record, "sources") else []


@dataclass
class Assessment:
    court: object
    question: Question
    verdict: str = Verdict.UNDETERMINED
    bases: list = field(default_factory=list)
    steps: list = field(default_factory=list)

    def step(self, text):
        self.steps.append(text)

    def decide(self, verdict, text):
        self.verdict = verdict
        self.steps.append(text)
        return self


class Rules:
    """A court's rules; subclasses implement ``assess``."""

    def __init__(self, court):
        self.court = court

    def assess(self, question):
        raise NotImplementedError
