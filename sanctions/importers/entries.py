"""What every list parser produces: a listed person or organisation, in our terms, with where it came from."""

import datetime
import re
from dataclasses import dataclass, field

from core.models import Actor
from core.models.addresses import one_line
from sanctions.importers.common import country_code, country_named
from sanctions.importers.country_words import country_in_words
from sanctions.importers.documents import document_kind, split_number


class Rejected(Exception):
    """A row or element that cannot be imported; the run reports it (and stops with --strict)."""

    def __init__(self, where, reason):
        super().__init__(f"{where}: {reason}")
        self.where, self.reason = where, reason


# A vessel's particulars as OFAC lists them, in the order the description gives them.
VESSEL = ("call sign", "type", "flag", "owner", "tonnage", "gross registered tonnage")
DESCRIPTION_LENGTH = 5000
# What OFAC writes where it knows no value ('flag None Identified').
NO_VALUE = {"none identified", "unknown", "not identified"}
BIRTH_PLACE_LENGTH = Actor._meta.get_field("birth_place").max_length
# A gender as the lists write it: OFAC and the UN 'Male', the EU 'M'.
GENDERS = {"male": Actor.Gender.MALE, "m": Actor.Gender.MALE, "female": Actor.Gender.FEMALE, "f": Actor.Gender.FEMALE}
# ... and in remarks: OFAC 'Gender Male', the UN's comments 'Gender: male', 'Gender [Male]' and 'sex: male'.
GENDER_REMARK = re.compile(r"\b(?:gender|sex)(?:\s*[:\[]\s*|\s+)(male|female)\b", re.IGNORECASE)


def birth_place_of(*, street="", place="", city="", region="", country="", note=""):
    """One place of birth from the parts a list gives, composed as an address line is ('Noori village, Maiwand
    District, Kandahar Province, Afghanistan'), what the list says of it in brackets; '' when it gives none. The
    EU writes '-' for an unknown city, and the UN sometimes the same place as street and city."""
    local = dict.fromkeys(" ".join(part.split()) for part in (street, place, city) if part and part.strip() != "-")
    line = one_line(city=", ".join(local), region=region, country=country)
    note = " ".join((note or "").split())
    if not note:
        return line
    return f"{line} {note if note.startswith('(') else f'({note})'}" if line else note


@dataclass(frozen=True)
class ListedAddress:
    """An address as a list gives it: its parts, the country as written and as an ISO code, and the whole line."""

    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""  # ISO alpha-2, or "" when the list names none or a territory that is no country
    full: str = ""
    note: str = ""  # what the list says of the address ('previous address'); no address on its own

    @classmethod
    def of(cls, *, street="", city="", region="", postal_code="", country="", iso=None, note=""):
        """The address from its parts; None when the list gives an empty one (OFAC and UN write many).

        ``country`` is the name as the list writes it (it goes into the whole line); ``iso``, when the list
        gives the code too, spares guessing it from the name.
        """
        parts = dict(street=street, city=city, region=region, postal_code=postal_code, country=country)
        parts = {name: " ".join((value or "").split()).strip(", ") for name, value in parts.items()}
        full = one_line(**parts)
        if not full:
            return None
        code = iso if iso is not None else country_code(parts["country"])
        return cls(**{**parts, "country": (code or "").upper()}, full=full, note=" ".join((note or "").split()))


# A document the State its type names did not issue: 'Counterfeit Danish driving licence'.
# One fraudulently obtained was issued by it.
NOT_ISSUED = re.compile(r"\b(?:counterfeit|forged|forgery|fake|false|falsified)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ListedDocument:
    """An identity document or register number as a list gives it (``core.IdentityDocument``'s fields)."""

    kind: str  # IdentityDocument.Kind
    number: str
    type_as_written: str = ""
    country: str = ""  # ISO alpha-2, or "" when the list names none
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    note: str = ""

    @classmethod
    def of(cls, type_as_written, number, *, country="", iso=None, issued_on=None, expires_on=None, note="", kind=None):
        """The document, its kind told from its type as written unless given; None when the list gives no
        number, or a type that is no identity document (a website, a vessel's flag, OFAC's sanction notes).

        ``country`` is the issuing State's name as the list writes it; ``iso``, when the list gives the code.
        A name that tells no country (a city where a register is kept, 'Cali') is kept in the note, as are the
        words written with the number ('CAR diplomatic passport no. D00000898'); a country among them is the
        issuer when the list names none ('Libya B/002210', '33556474 (Russia)'), else one the type names ('Italian
        Fiscal Code', 'Afghan passport number SE 012820').
        """
        number = " ".join((number or "").split()).strip(" ,;")
        type_as_written = " ".join((type_as_written or "").split()).strip(" :")
        kind = kind or document_kind(type_as_written)
        if not number or kind is None:
            return None
        number, words, asides = split_number(number)
        code = iso if iso is not None else country_code(country)
        country = " ".join((country or "").split()).strip(" .")
        kept = [] if code else [country]
        for part in filter(None, [words, *asides]):
            named = country_named(part)
            if named and not code and not country:
                code = named
            elif not named or named != code:  # a part naming the issuer again says nothing more
                kept.append(part)
        if not code and not NOT_ISSUED.search(f"{type_as_written} {words}"):
            # The type may name its State: 'Italian Fiscal Code', or the words 'Afghan passport'.
            code = country_in_words(type_as_written) or (document_kind(words) and country_in_words(words))
        note = note or ""
        # What the list wrote of the document may say some of it already ('Ration Card no. 0094195').
        kept = [part for part in kept if not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", note, re.IGNORECASE)]
        note = "; ".join(dict.fromkeys(filter(None, [*kept, note])))
        if expires_on and issued_on and expires_on < issued_on:
            expires_on = None  # a slip of the list's, which the database refuses: the issue date is kept
        return cls(
            kind=kind,
            number=number,
            type_as_written=type_as_written,
            country=(code or "").upper(),
            issued_on=issued_on,
            expires_on=expires_on,
            note=" ".join((note or "").split()),
        )


@dataclass
class Entry:
    uid: str  # the list's own identifier (OFAC ent_num / UID, UN DATAID, EU logical id)
    kind: str  # person / organisation
    name: str
    where: str  # line or element, for messages
    aliases: list = field(default_factory=list)  # (name, alias kind) or (name, alias kind, BCP 47 language)
    programs: list = field(default_factory=list)  # program codes as the list tags them
    listed_on: datetime.date | None = None
    birth_date: datetime.date | None = None
    birth_date_precision: str = ""
    nationalities: list = field(default_factory=list)  # ISO alpha-2
    addresses: list = field(default_factory=list)  # ListedAddress
    documents: list = field(default_factory=list)  # ListedDocument
    reference: str = ""  # a further identifier shown to users (UN reference number...)
    remarks: str = ""
    unplaced: list = field(default_factory=list)  # nationalities as written that name no country today
    birth_places: list = field(default_factory=list)  # as written, one per place the list gives
    genders: list = field(default_factory=list)  # as written, one per time the list gives it ('M', 'Male')
    title: str = ""  # what OFAC gives as a person's title or position
    vessel: dict = field(default_factory=dict)  # a vessel's particulars, by ``VESSEL`` label, as written

    @property
    def birth_place(self):
        """The places of birth of a person, each once, as ``Actor.birth_place`` keeps them: whole places while
        they fit the column (a place cut short would name somewhere else); see ``birth_places_left_out``."""
        return "; ".join(self._fitting_birth_places()[0])

    @property
    def birth_places_left_out(self):
        return self._fitting_birth_places()[1]

    def _fitting_birth_places(self):
        if self.kind != "person":
            return [], []
        places = dict.fromkeys(" ".join(place.split()).strip(" ,;.") for place in self.birth_places)
        kept, left_out, length = [], [], -2  # no separator before the first
        for place in filter(None, places):
            if length + 2 + len(place) <= BIRTH_PLACE_LENGTH:
                kept.append(place)
                length += 2 + len(place)
            else:
                left_out.append(place)
        return kept, left_out

    @property
    def gender(self):
        """A person's gender (``Actor.Gender``) when what the list gives reads as one; '' otherwise: see
        ``genders_unread`` and ``genders_disagreeing``."""
        read = self._read_genders()
        return read[0] if len(read) == 1 else ""

    @property
    def genders_unread(self):
        """A person's genders as written that read as neither male nor female."""
        return [value for value in self._written_genders() if value.lower() not in GENDERS]

    @property
    def genders_disagreeing(self):
        """The genders a person's entry gives when it gives more than one ('male, female'); '' otherwise."""
        read = self._read_genders()
        return ", ".join(read) if len(read) > 1 else ""

    def _written_genders(self):
        if self.kind != "person":
            return []
        written = dict.fromkeys(" ".join(value.split()) for value in self.genders if value and value.strip())
        return [value for value in written if value.lower() not in NO_VALUE]

    def _read_genders(self):
        return list(dict.fromkeys(GENDERS[v.lower()] for v in self._written_genders() if v.lower() in GENDERS))

    def add_remark_genders(self, remarks):
        """The genders written in remarks or comments ('Gender Male', 'Gender: female')."""
        self.genders += GENDER_REMARK.findall(remarks or "")

    @property
    def description(self):
        """What the actor's description holds: the title and a vessel's particulars, which have no field of
        their own, then the list's remarks; cut to what the importers keep."""
        parts = []
        title = self.title.rstrip(".")
        if title and title not in self.remarks:  # OFAC often repeats it in the remarks
            parts.append(f"Title: {title}.")
        particulars = "; ".join(
            f"{label} {self.vessel[label]}"
            for label in VESSEL
            if self.vessel.get(label) and self.vessel[label].lower() not in NO_VALUE
        )
        if particulars:
            parts.append(f"Vessel: {particulars.rstrip('.')}.")
        return " ".join([*parts, self.remarks] if self.remarks else parts)[:DESCRIPTION_LENGTH]

    def add_nationality(self, written):
        """A nationality as the list writes it (a country's name or code): its ISO code once, or, for a value that
        names no country today ('former Soviet Union'), a note in ``unplaced``, so that the import reports it
        rather than dropping it unseen."""
        written = " ".join((written or "").split())
        if not written:
            return
        code = country_code(written)
        if code is None:
            self.unplaced.append(written)
        elif code not in self.nationalities:
            self.nationalities.append(code)


@dataclass
class Release:
    """One file (or set of files) of one publisher, with its publication date."""

    publisher: str  # ofac / un / eu
    title: str
    published_on: datetime.date
    url: str = ""
    entries: object = ()  # an iterable of Entry or Rejected, consumed once
    warnings: list = field(default_factory=list)
    digest: str = ""  # SHA-256 of the files read (``formats.digest``); empty when not known
    partial: bool = False  # an extract or a sample: what it lacks is not gone from the list
