"""OFAC's advanced XML (sdn_advanced.xml / cons_advanced.xml, namespace http://www.un.org/sanctions/1.0).

Reference values and locations come first in the file and are kept (they are small); sanctions entries
come after the parties, so a first pass reads the reference values and each profile's programs and
listing dates (and builds nothing else), and a second pass builds the parties one at a time. Names are
assembled from their parts (first, middle, last...) in that order. A party's addresses are its "Location"
features, each pointing to a location's parts (ADDRESS1, CITY...). Its identity documents come before the
parties too, each pointing to the identity (within a party's profile) that it identifies.
"""

import datetime

from sanctions.importers.entries import Entry, ListedAddress, ListedDocument, Rejected
from sanctions.importers.safe_xml import elements
from sanctions.importers.xml_lists import child_text, children, local

NAME_ORDER = ["First Name", "Middle Name", "Patronymic", "Matronymic", "Last Name", "Maiden Name", "Nickname",
              "Entity Name", "Vessel Name", "Aircraft Name", "Other"]  # fmt: skip
ALIAS_KINDS = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "aka"}
ONE_DAY = datetime.timedelta(days=1)


def _date(element):
    if element is None:
        return None
    try:
        return datetime.date(
            int(child_text(element, "Year")),
            int(child_text(element, "Month") or 1),
            int(child_text(element, "Day") or 1),
        )
    except ValueError:
        return None


def _span(period):
    """A ``DatePeriod``'s first day, its last when it gives one (its End, else the Start's own window: From,
    To), and how much of the first is written ('day', 'month' or 'year'); ``(None, None, "")`` without one."""
    if period is None:
        return None, None, ""
    first = _find(period, "Start", "From")
    start = _date(first)
    if start is None:
        return None, None, ""
    given = "year" if not child_text(first, "Month") else "month" if not child_text(first, "Day") else "day"
    return start, _date(_find(period, "End", "To")) or _date(_find(period, "Start", "To")), given


def _whole_month(start, end):
    return start.day == 1 and (end.year, end.month) == (start.year, start.month) and (end + ONE_DAY).day == 1


def _period_date(period):
    """A ``DatePeriod``'s first day, and the precision its span gives it: OFAC writes a date given to the day
    from that day to that day (its Start and its End), a month from its first day to its last, a year from
    1 January to 31 December, and a range of years from the first's 1 January to the last's 31 December (kept
    as its first year, as the other formats keep it). Without an End, the Start's own window (From, To) is the
    period."""
    start, end, given = _span(period)
    if start is None or given != "day":
        return start, given
    if end == start:
        return start, "day"
    return start, "month" if end and _whole_month(start, end) else "year"


def _day(period):
    """A ``DatePeriod`` as a day, when it is one: ``(date, "")``; otherwise ``(None, the period as written)``
    ('Mar 2011', '2011', 'Mar 2011 to May 2011', '02 Mar 2011 to 05 Mar 2011'), or ``(None, "")`` without one.
    A day is a Start given to the day whose end, when the period has one, is that same day."""
    start, end, given = _span(period)
    if start is None:
        return None, ""
    if given != "day":
        written = (lambda day: f"{day:%b %Y}") if given == "month" else (lambda day: str(day.year))
        return None, written(start) + (f" to {written(end)}" if end and written(end) != written(start) else "")
    if end is None or end == start:
        return start, ""
    if _whole_month(start, end):
        return None, f"{start:%b %Y}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return None, str(start.year) if end.year == start.year else f"{start.year} to {end.year}"
    return None, f"{start:%d %b %Y} to {end:%d %b %Y}"


# A document date's type as the CSV's remarks write it in its note ('expires Jan 2007').
DATE_WORDS = {"Issue Date": "issued", "Expiration Date": "expires"}


def _find(element, *path):
    for name in path:
        found = [c for c in element if local(c.tag) == name]
        if not found:
            return None
        element = found[0]
    return element


class Reference:
    """The reference values and locations that parties point to by id."""

    def __init__(self):
        self.values = {}  # (set name, id) -> text
        self.country_iso = {}  # country id -> ISO2
        self.country_name = {}  # country id -> name
        self.area_country = {}  # area code id -> country id
        self.location_country = {}  # location id -> ISO2
        self.addresses = {}  # location id -> ListedAddress (None for a location with no part)
        self.party_type = {}  # party subtype id -> party type name
        self.documents = {}  # identity id -> [ListedDocument]

    def read(self, element):
        name = local(element.tag)
        if name == "Country":
            self.country_iso[element.get("ID")] = element.get("ISO2", "")
            self.country_name[element.get("ID")] = (element.text or "").strip()
        elif name == "AreaCode":
            self.area_country[element.get("ID")] = element.get("CountryID")
        elif name == "Location":
            country = _find(element, "LocationCountry")
            area = _find(element, "LocationAreaCode")
            country_id = country.get("CountryID") if country is not None else None
            if country_id is None and area is not None:
                country_id = self.area_country.get(area.get("AreaCodeID"))
            if country_id and self.country_iso.get(country_id):
                self.location_country[element.get("ID")] = self.country_iso[country_id]
            self.addresses[element.get("ID")] = self._address(element, country_id, has_country=country is not None)
        elif name == "PartySubType":
            self.party_type[element.get("ID")] = element.get("PartyTypeID")
        elif element.get("ID") and element.text and element.text.strip() and len(element) == 0:
            self.values[name, element.get("ID")] = element.text.strip()

    def _address(self, location, country_id, *, has_country):
        parts = {}
        for part in children(location, "LocationPart"):
            primary = [v for v in children(part, "LocationPartValue") if v.get("Primary") == "true"]
            value = child_text(primary[0], "Value") if primary else ""
            if value:
                parts[self.text("LocPartType", part.get("LocPartTypeID"))] = value
        if not parts and not self.country_iso.get(country_id):
            return None  # only the area 'undetermined': the other formats give no address at all
        country = self.country_name.get(country_id, "")
        if parts.get("REGION") and not has_country:
            country = f"Region: {parts.pop('REGION')}"  # as OFAC's other formats write a region it assigns no country
        return ListedAddress.of(
            street=", ".join(filter(None, (parts.get(f"ADDRESS{n}") for n in (1, 2, 3)))),
            city=parts.get("CITY", ""),
            region=", ".join(filter(None, (parts.get("STATE/PROVINCE"), parts.get("REGION")))),
            postal_code=parts.get("POSTAL CODE", ""),
            country=country,
            iso=self.country_iso.get(country_id) or None,
        )

    def read_document(self, element):
        """An ``IDRegDocument``: its type, number and issuing country, its issue and expiry dates, and what the
        list says of it (the issuing authority, a comment, a fraudulent document)."""
        dates, inexact = {}, []
        for document_date in children(element, "DocumentDate"):
            kind = self.text("IDRegDocDateType", document_date.get("IDRegDocDateTypeID"))
            date, written = _day(_find(document_date, "DatePeriod"))
            if date:
                dates[kind] = date
            elif written:
                # Stored as a day, it would be more precise than the list states it: a note, as the CSV's are.
                inexact.append(f"{DATE_WORDS.get(kind, kind.lower() or 'dated')} {written}")
        validity = self.text("Validity", element.get("ValidityID"))
        notes = [child_text(element, "IssuingAuthority"), child_text(element, "Comment"), *inexact]
        found = ListedDocument.of(
            self.text("IDRegDocType", element.get("IDRegDocTypeID")),
            child_text(element, "IDRegistrationNo"),
            iso=self.country_iso.get(element.get("IssuedBy-CountryID"), ""),
            issued_on=dates.get("Issue Date"),
            expires_on=dates.get("Expiration Date"),
            note="; ".join(filter(None, [*notes, validity.lower() if validity not in ("", "Valid") else ""])),
        )
        if found:
            self.documents.setdefault(element.get("IdentityID"), []).append(found)

    def text(self, kind, key):
        return self.values.get((kind, key), "")


def release_date(path):
    for element in elements(path, {"DateOfIssue"}, stop={"DistinctParties"}):
        return _date(element)
    return None


def _read_reference(path):
    """The reference values and locations, and each profile's programs and listing dates, in one pass."""
    reference = Reference()
    measures = {}  # profile id -> [(sanctions type id, comment)], [dates]: typed once the values are all read
    for element in elements(path, {"ReferenceValueSets", "Location", "IDRegDocument", "SanctionsEntry"}):
        name = local(element.tag)
        if name == "ReferenceValueSets":
            for value in element.iter():
                reference.read(value)
        elif name == "Location":
            reference.read(element)
        elif name == "IDRegDocument":
            reference.read_document(element)
        else:
            found, listed = measures.setdefault(element.get("ProfileID"), ([], []))
            for measure in children(element, "SanctionsMeasure"):
                found.append((measure.get("SanctionsTypeID"), child_text(measure, "Comment")))
            for event in children(element, "EntryEvent"):
                date = _date(_find(event, "Date"))
                if date:
                    listed.append(date)
    sanctions = {}
    for profile, (found, listed) in measures.items():
        programs = []
        for type_id, tag in found:
            if reference.text("SanctionsType", type_id) == "Program" and tag and tag not in programs:
                programs.append(tag)
        sanctions[profile] = (programs, listed)
    return reference, sanctions


# Features with no field of their own, which open the description as the other OFAC formats' columns do: by their
# type's name in lower case (OFAC writes 'VESSEL TYPE' beside 'Vessel Flag'), the label of ``Entry.vessel``.
VESSEL_FEATURES = {
    "vessel call sign": "call sign",
    "vessel type": "type",
    "vessel flag": "flag",
    "vessel owner": "owner",
    "vessel tonnage": "tonnage",
    "vessel gross registered tonnage": "gross registered tonnage",
}


def _feature_text(version, reference):
    """A feature's value as written: its detail's text or the value it refers to (a vessel's type is a lookup),
    else the place it names (a vessel's flag)."""
    for detail in children(version, "VersionDetail"):
        text = (detail.text or "").strip() or reference.text("DetailReference", detail.get("DetailReferenceID"))
        if text:
            return text
    for location in children(version, "VersionLocation"):
        found = reference.addresses.get(location.get("LocationID"))
        if found:
            return found.full
    return ""


# What follows the parties in the schema's order: the profiles' relationships, then the sanctions entries.
PARTIES_END = {"ProfileRelationships", "SanctionsEntries", "SanctionsEntryLinks"}


def _name(alias, groups, reference):
    parts = {}
    for part in _find(alias, "DocumentedName") or []:
        if local(part.tag) != "DocumentedNamePart":
            continue
        value = _find(part, "NamePartValue")
        if value is not None and value.text:
            kind = reference.text("NamePartType", groups.get(value.get("NamePartGroupID"), ""))
            parts.setdefault(kind or "Other", []).append(value.text.strip())
    ordered = [v for kind in NAME_ORDER for v in parts.get(kind, [])]
    ordered += [v for kind, values in parts.items() if kind not in NAME_ORDER for v in values]
    return " ".join(ordered)


def parse(path):
    reference, sanctions = _read_reference(path)
    # The first pass has read the whole file (it is well-formed): this one stops where the parties end.
    for element in elements(path, {"DistinctParty"}, stop=PARTIES_END):
        profile = _find(element, "Profile")
        uid = element.get("FixedRef", "")
        where = f"DistinctParty FixedRef {uid or '?'}"
        if profile is None or not uid:
            yield Rejected(where, "no profile")
            continue
        party_type = reference.text("PartyType", reference.party_type.get(profile.get("PartySubTypeID"), ""))
        primary, aliases, documents = "", [], []
        for identity in children(profile, "Identity"):
            documents += reference.documents.get(identity.get("ID"), [])
            groups = {
                group.get("ID"): group.get("NamePartTypeID")
                for master in (_find(identity, "NamePartGroups") or [])
                for group in master
            }
            for alias in children(identity, "Alias"):
                text = _name(alias, groups, reference)
                if not text:
                    continue
                if alias.get("Primary") == "true" and identity.get("Primary") == "true" and not primary:
                    primary = text
                else:
                    kind = ALIAS_KINDS.get(reference.text("AliasType", alias.get("AliasTypeID")).lower(), "aka")
                    aliases.append((text, "spelling" if alias.get("LowQuality") == "true" else kind))
        if not primary:
            yield Rejected(where, "no primary name")
            continue
        programs, listed = sanctions.get(profile.get("ID"), ([], []))  # a SanctionsEntry names its ProfileID
        entry = Entry(
            uid=uid,
            kind="person" if party_type == "Individual" else "organisation",
            name=primary,
            where=where,
            aliases=aliases,
            programs=programs or ["UNSPECIFIED"],
            listed_on=min(listed) if listed else None,
            documents=documents,
        )
        for feature in children(profile, "Feature"):
            feature_type = reference.text("FeatureType", feature.get("FeatureTypeID"))
            version = _find(feature, "FeatureVersion")
            if version is None:
                continue
            if feature_type == "Birthdate" and entry.birth_date is None and entry.kind == "person":
                entry.birth_date, entry.birth_date_precision = _period_date(_find(version, "DatePeriod"))
            elif feature_type == "Location":  # an address; places of birth are features of their own
                for location in children(version, "VersionLocation"):
                    found = reference.addresses.get(location.get("LocationID"))
                    if found and found not in entry.addresses:
                        entry.addresses.append(found)
            elif feature_type in ("Nationality Country", "Citizenship Country"):
                for location in children(version, "VersionLocation"):
                    code = reference.location_country.get(location.get("LocationID"))
                    if code:
                        entry.nationalities.append(code)
            elif feature_type == "Place of Birth":
                entry.birth_places.append(_feature_text(version, reference))
            elif feature_type == "Gender":  # a lookup: 'Male', 'Female'
                entry.genders.append(_feature_text(version, reference))
            elif feature_type.lower() == "title":
                entry.title = "; ".join(filter(None, [entry.title, _feature_text(version, reference)]))
            elif feature_type.lower() == "swift/bic":  # a bank's code: the other OFAC formats list it among identifiers
                if found := ListedDocument.of(feature_type, _feature_text(version, reference)):
                    entry.documents.append(found)
            elif label := VESSEL_FEATURES.get(feature_type.lower()):
                if value := _feature_text(version, reference):
                    entry.vessel.setdefault(label, value)
        yield entry
