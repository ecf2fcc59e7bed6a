"""EU Financial Sanctions Files (XML 1.1, and the 1.0 format of 2016 and before) and OFAC's sdnList XML
(SDN.XML, consolidated.xml), as streams."""

import datetime
import re

import pycountry
from defusedxml.ElementTree import iterparse

from sanctions.importers.common import country_code, iso_date, ofac_date
from sanctions.importers.documents import document_dates
from sanctions.importers.entries import Entry, ListedAddress, ListedDocument, Rejected, birth_place_of


def local(tag):
    return tag.rsplit("}", 1)[-1]


def children(element, name):
    return [child for child in element if local(child.tag) == name]


def child_text(element, name):
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def root_attributes(path):
    for _, element in iterparse(str(path), events=("start",)):
        return dict(element.attrib)


# EU ---------------------------------------------------------------------------------------------------------------
ADDRESS_ATTRIBUTES = ("street", "poBox", "city", "place", "region", "zipCode", "countryIso2Code", "countryDescription")


def eu_release_date(path):
    return iso_date(root_attributes(path).get("generationDate"))


def eu_parse(path):
    for _, element in iterparse(str(path), events=("end",)):
        if local(element.tag) != "sanctionEntity":
            continue
        uid = element.get("logicalId", "")
        where = f"sanctionEntity logicalId {uid or '?'}"
        # Each name with its language ('EN', 'AR'...; often empty), lower-cased as BCP 47 writes it.
        names = [
            (a.get("wholeName", "").strip(), a.get("nameLanguage", "").strip().lower())
            for a in children(element, "nameAlias")
            if a.get("wholeName", "").strip()
        ]
        if not uid or not names:
            element.clear()
            yield Rejected(where, "no logicalId or no name")
            continue
        subject = children(element, "subjectType")
        person = bool(subject) and subject[0].get("code") == "person"
        regulations = children(element, "regulation")
        programmes = [r.get("programme") for r in regulations if r.get("programme")] or ["UNSPECIFIED"]
        listed = min((d for d in (iso_date(r.get("publicationDate")) for r in regulations) if d), default=None)
        entry = Entry(
            uid=uid,
            kind="person" if person else "organisation",
            name=names[0][0],
            where=where,
            aliases=[(name, "aka", language) for name, language in names[1:]],
            programs=programmes,
            listed_on=listed,
            reference=element.get("euReferenceNumber", ""),
            remarks=" ".join(child_text(r, "remark") or (r.text or "").strip() for r in children(element, "remark"))[
                :5000
            ],
        )
        entry.nationalities = [
            iso for c in children(element, "citizenship") if (iso := _eu_iso(c.get("countryIso2Code")))
        ]
        entry.addresses = [found for found in map(_eu_address, children(element, "address")) if found]
        entry.documents = [found for found in map(_eu_document, children(element, "identification")) if found]
        entry.genders = [alias.get("gender", "") for alias in children(element, "nameAlias")]  # 'M', 'F'
        for birth in children(element, "birthdate"):
            entry.birth_places.append(
                birth_place_of(
                    place=birth.get("place", ""),
                    city=birth.get("city", ""),
                    region=birth.get("region", ""),
                    country=birth.get("countryDescription", "") if _eu_iso(birth.get("countryIso2Code")) else "",
                )
            )
            if entry.birth_date:
                continue  # the first date given wins
            date, year = iso_date(birth.get("birthdate")), birth.get("year", "")
            if date and birth.get("circa") != "true":
                entry.birth_date, entry.birth_date_precision = date, "day"
            elif year.isdigit():
                entry.birth_date, entry.birth_date_precision = datetime.date(int(year), 1, 1), "year"
        element.clear()
        yield entry


def _eu_iso(code):
    """The EU's countryIso2Code when it names a country ('00' is UNKNOWN), upper-cased; '' otherwise."""
    code = (code or "").strip().upper()
    return code if len(code) == 2 and code.isalpha() else ""


def _eu_address(element):
    """An ``address`` element: its attributes are the parts; country '00' means 'UNKNOWN'."""
    attribute = {name: " ".join((element.get(name) or "").split()).strip(", ") for name in ADDRESS_ATTRIBUTES}
    iso = _eu_iso(attribute["countryIso2Code"])
    po_box = attribute["poBox"] and f"P.O. Box {attribute['poBox']}"  # no part of its own: OFAC's too is in the street
    return ListedAddress.of(
        street=", ".join(filter(None, [attribute["street"], po_box])),
        city=", ".join(filter(None, [attribute["city"], attribute["place"]])),
        region=attribute["region"],
        postal_code=attribute["zipCode"],
        country=attribute["countryDescription"] if iso else "",
        iso=iso,
        note=_eu_note(element),
    )


# The EU's identification type codes whose kind is plain; the others are told from their description.
EU_DOCUMENT_KINDS = {
    "passport": "passport",
    "id": "national_id",
    "fiscalcode": "tax_id",
    "regnumber": "registration",
    "other": "other",
}
EU_DOCUMENT_FLAGS = {
    "diplomatic": "diplomatic",
    "knownExpired": "known to have expired",
    "knownFalse": "known to be false",
    "reportedLost": "reported lost",
    "revokedByIssuer": "revoked by its issuer",
}


def _eu_document(element):
    """An ``identification`` element: number, type (code and description), issuing country ('00' for none
    known), issue and expiry dates, and what the list says of the document (its flags, issuer, remarks)."""
    iso = _eu_iso(element.get("countryIso2Code"))
    notes = [
        element.get("issuedBy") and f"issued by {element.get('issuedBy')}",
        element.get("region") and f"issued in {element.get('region')}",
        element.get("nameOnDocument") and f"name on document: {element.get('nameOnDocument')}",
        *(text for flag, text in EU_DOCUMENT_FLAGS.items() if element.get(flag) == "true"),
        *((remark.text or "").strip() for remark in children(element, "remark")),
    ]
    return ListedDocument.of(
        element.get("identificationTypeDescription") or element.get("identificationTypeCode", ""),
        element.get("number") or element.get("latinNumber", ""),
        iso=iso,
        issued_on=iso_date(element.get("issueDate")),
        expires_on=iso_date(element.get("validTo")),
        note="; ".join(filter(None, notes)),
        kind=EU_DOCUMENT_KINDS.get(element.get("identificationTypeCode")),
    )


def _eu_note(element):
    """What the list says of an address: its remarks, and whether it is given as at the listing."""
    notes = [(remark.text or "").strip() for remark in children(element, "remark")]
    if element.get("asAtListingTime") == "true":
        notes.append("as at listing time")
    return "; ".join(filter(None, notes))


# EU, format 1.0 ---------------------------------------------------------------------------------------------------
# Until 2016: ENTITY elements (Id, the same logical id as 1.1's; Type P or E) with NAME, BIRTH, CITIZEN, PASSPORT and
# ADDRESS children, each citing the regulation that added it; countries as ISO alpha-3 codes.


def eu_legacy_release_date(path):
    """The root's ``Date``, day first: '11/02/2016' is 11 February 2016."""
    try:
        return datetime.datetime.strptime(root_attributes(path).get("Date", ""), "%d/%m/%Y").date()
    except ValueError:
        return None


def eu_legacy_parse(path):
    for _, element in iterparse(str(path), events=("end",)):
        if local(element.tag) != "ENTITY":
            continue
        uid = element.get("Id", "").strip()
        where = f"ENTITY Id {uid or '?'}"
        # Each distinct name with the language of its first writing ('EN', 'EL'...; often empty), as BCP 47.
        named = {}
        for name in children(element, "NAME"):
            if text := _eu_legacy_name(name):
                named.setdefault(text, child_text(name, "LANGUAGE").lower())
        names = list(named.items())
        if not uid or not names:
            element.clear()
            yield Rejected(where, "no Id or no name")
            continue
        # The entity's reg_date is its latest regulation's; each part cites the one that added it.
        listed = min(filter(None, (iso_date(part.get("reg_date")) for part in [element, *element])), default=None)
        entry = Entry(
            uid=uid,
            kind="person" if element.get("Type") == "P" else "organisation",
            name=names[0][0],
            where=where,
            aliases=[(name, "aka", language) for name, language in names[1:]],
            programs=[element.get("programme") or "UNSPECIFIED"],
            listed_on=listed,
            remarks=" ".join((element.get("remark") or "").split())[:5000],
        )
        for citizen in children(element, "CITIZEN"):
            entry.add_nationality(child_text(citizen, "COUNTRY"))
        entry.addresses = [found for found in map(_eu_legacy_address, children(element, "ADDRESS")) if found]
        entry.documents = [found for found in map(_eu_legacy_document, children(element, "PASSPORT")) if found]
        entry.genders = [child_text(name, "GENDER") for name in children(element, "NAME")]  # 'M', 'F'
        for birth in children(element, "BIRTH"):
            country, _ = _eu_legacy_country(child_text(birth, "COUNTRY"))
            entry.birth_places.append(birth_place_of(place=child_text(birth, "PLACE"), country=country))
            if not entry.birth_date:  # the first date given wins
                entry.birth_date, entry.birth_date_precision = _eu_legacy_date(child_text(birth, "DATE"))
        element.clear()
        yield entry


def _eu_legacy_name(element):
    whole = " ".join(child_text(element, "WHOLENAME").split())
    parts = (child_text(element, part) for part in ("FIRSTNAME", "MIDDLENAME", "LASTNAME"))
    return whole or " ".join(" ".join(filter(None, parts)).split())


def _eu_legacy_date(text):
    """'1965-07-23' -> (date, 'day'); '1965' -> (1 January, 'year'); anything else -> (None, '')."""
    date = iso_date(text)
    if date and len(text) == 10:
        return date, "day"
    if len(text) == 4 and text.isdigit():
        return datetime.date(int(text), 1, 1), "year"
    return None, ""


# '63-646650 Q70 (id-National identification card) ((id))': the number, then the type's code and description;
# or '0000 (passport)', the code alone.
EU_LEGACY_NUMBER = re.compile(
    r"(?P<number>[^()]*?)\s*\((?P<code>[a-z]*)(?:-(?P<type>[^()]*))?\)(?P<remark>.*)", re.DOTALL
)


def _eu_legacy_document(element):
    """A ``PASSPORT`` element (any identity document, despite its name): its NUMBER and an alpha-3 COUNTRY."""
    text, iso = child_text(element, "NUMBER"), country_code(child_text(element, "COUNTRY")) or ""
    match = EU_LEGACY_NUMBER.fullmatch(text)
    if not match:
        return ListedDocument.of("passport", text, iso=iso)
    number, code, type_as_written, remark = match.group("number", "code", "type", "remark")
    # The document's remark follows in brackets, often its type's code again: '((passport))', '((afghan passport))'.
    remark = remark.strip()
    while remark.startswith("(") and remark.endswith(")"):
        remark = remark[1:-1].strip()
    return ListedDocument.of(
        (type_as_written or "").strip() or code,
        number,
        iso=iso,
        note="" if remark.lower() == code else remark,
        kind=EU_DOCUMENT_KINDS.get(code),
    )


def _eu_legacy_country(written):
    """The 1.0 format's country (alpha-3, 'IRQ') as its name and alpha-2 code; as written, and None, when it
    names no country."""
    code = country_code(written)
    country = pycountry.countries.get(alpha_2=code) if code else None
    return (country.name if country else written), code


def _eu_legacy_address(element):
    """An ``ADDRESS`` element: number and street, zip code, city, an alpha-3 country and other details."""
    country, code = _eu_legacy_country(child_text(element, "COUNTRY"))
    return ListedAddress.of(
        street=" ".join(filter(None, [child_text(element, "NUMBER"), child_text(element, "STREET")])),
        city=child_text(element, "CITY"),
        postal_code=child_text(element, "ZIPCODE"),
        country=country,
        iso=code or "",
        note=child_text(element, "OTHER"),
    )


# OFAC sdnList -----------------------------------------------------------------------------------------------------
def ofac_xml_release_date(path):
    for _, element in iterparse(str(path), events=("end",)):
        if local(element.tag) == "Publish_Date":
            month, day, year = (element.text or "").strip().split("/")
            return datetime.date(int(year), int(month), int(day))
    return None


def _full_name(element):
    return " ".join(filter(None, (child_text(element, "firstName"), child_text(element, "lastName"))))


# sdnList's vesselInfo, by the label of ``Entry.vessel``.
OFAC_XML_VESSEL = {
    "call sign": "callSign",
    "type": "vesselType",
    "flag": "vesselFlag",
    "owner": "vesselOwner",
    "tonnage": "tonnage",
    "gross registered tonnage": "grossRegisteredTonnage",
}


def ofac_xml_parse(path):
    for _, element in iterparse(str(path), events=("end",)):
        if local(element.tag) != "sdnEntry":
            continue
        uid = child_text(element, "uid")
        where = f"sdnEntry uid {uid or '?'}"
        name = _full_name(element)
        if not uid or not name:
            element.clear()
            yield Rejected(where, "no uid or no name")
            continue
        person = child_text(element, "sdnType").lower() == "individual"
        programs = [p.text.strip() for group in children(element, "programList") for p in group if p.text]
        aliases = []
        for group in children(element, "akaList"):
            for aka in group:
                kind = "fka" if child_text(aka, "type").lower().startswith("f.k.a") else "aka"
                aliases.append((_full_name(aka), kind))
        entry = Entry(
            uid=uid,
            kind="person" if person else "organisation",
            name=name,
            where=where,
            aliases=aliases,
            programs=programs or ["UNSPECIFIED"],
            remarks=child_text(element, "remarks")[:5000],
            title=child_text(element, "title"),
        )
        for vessel in children(element, "vesselInfo"):
            entry.vessel = {label: child_text(vessel, tag) for label, tag in OFAC_XML_VESSEL.items()}
        for group in children(element, "addressList"):
            for item in group:
                street = ", ".join(filter(None, (child_text(item, f"address{n}") for n in (1, 2, 3))))
                found = ListedAddress.of(
                    street=street,
                    city=child_text(item, "city"),
                    region=child_text(item, "stateOrProvince"),
                    postal_code=child_text(item, "postalCode"),
                    country=child_text(item, "country"),
                )
                if found:
                    entry.addresses.append(found)
        for group in children(element, "idList"):
            entry.documents += filter(None, map(_ofac_xml_document, group))
            # Among the identifiers, as OFAC keeps it (the CSV's remarks write it out: 'Gender Male').
            entry.genders += [child_text(i, "idNumber") for i in group if child_text(i, "idType").lower() == "gender"]
        for group in children(element, "nationalityList"):
            for item in group:
                entry.add_nationality(child_text(item, "country"))
        for group in children(element, "placeOfBirthList"):
            entry.birth_places += [child_text(item, "placeOfBirth") for item in group]
        for group in children(element, "dateOfBirthList"):
            for item in group:
                entry.birth_date, entry.birth_date_precision = ofac_date(child_text(item, "dateOfBirth"))
                if entry.birth_date:
                    break
        element.clear()
        yield entry


def _ofac_xml_document(item):
    """An ``id`` of an sdnEntry's idList: a document, or one of the notes OFAC keeps there (a website, a
    vessel's flag, 'Additional Sanctions Information -'), which its type tells apart."""
    issued, expires, note = document_dates(child_text(item, "issueDate"), child_text(item, "expirationDate"))
    return ListedDocument.of(
        child_text(item, "idType"),
        child_text(item, "idNumber"),
        country=child_text(item, "idCountry"),
        issued_on=issued,
        expires_on=expires,
        note=note,
    )
