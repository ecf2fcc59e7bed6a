"""What every list parser produces: a listed person or organisation, in our terms, with where it came from."""

import datetime
from dataclasses import dataclass, field


class Rejected(Exception):
    """A row or element that cannot be imported; the run reports it (and stops with --strict)."""

    def __init__(self, where, reason):
        super().__init__(f"{where}: {reason}")
        self.where, self.reason = where, reason


@dataclass
class Entry:
    uid: str  # the list's own identifier (OFAC ent_num / UID, UN DATAID, EU logical id)
    kind: str  # person / organisation
    name: str
    where: str  # line or element, for messages
    aliases: list = field(default_factory=list)  # (name, alias kind)
    programs: list = field(default_factory=list)  # program codes as the list tags them
    listed_on: datetime.date | None = None
    birth_date: datetime.date | None = None
    birth_date_precision: str = ""
    nationalities: list = field(default_factory=list)  # ISO alpha-2
    reference: str = ""  # a further identifier shown to users (UN reference number...)
    remarks: str = ""


@dataclass
class Release:
    """One file (or set of files) of one publisher, with its publication date."""

    publisher: str  # ofac / un / eu
    title: str
    published_on: datetime.date
    url: str = ""
    entries: object = ()  # an iterable of Entry or Rejected, consumed once
    warnings: list = field(default_factory=list)
