"""UN Security Council consolidated list XML (INDIVIDUALS / ENTITIES), parsed as a stream."""

import datetime

from sanctions.importers.common import iso_date
from sanctions.importers.documents import document_kind
from sanctions.importers.entries import Entry, ListedAddress, ListedDocument, Rejected, birth_place_of
from sanctions.importers.safe_xml import elements, root_attributes

ALIAS_KINDS = {"a.k.a.": "aka", "f.k.a.": "fka", "good": "aka", "low": "spelling"}


def _text(element, tag):
    found = element.find(tag)
    return (found.text or "").strip() if found is not None and found.text else ""


def release_date(path):
    return iso_date(root_attributes(path).get("dateGenerated")) or datetime.date.today()


def parse(path):
    for element in elements(path, {"INDIVIDUAL", "ENTITY"}):
        uid = _text(element, "DATAID")
        person = element.tag == "INDIVIDUAL"
        where = f"{element.tag} DATAID {uid or '?'}"
        name = " ".join(
            filter(None, (_text(element, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")))
        )
        if not uid or not name:
            yield Rejected(where, "no DATAID or no name")
            continue
        aliases = []
        for alias in element.findall("INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"):
            alias_name = _text(alias, "ALIAS_NAME")
            if alias_name:
                aliases.append((alias_name, ALIAS_KINDS.get(_text(alias, "QUALITY").lower(), "aka")))
        original = _text(element, "NAME_ORIGINAL_SCRIPT")
        if original:
            aliases.append((original, "original_script"))
        comments = _text(element, "COMMENTS1")
        entry = Entry(
            uid=uid,
            kind="person" if person else "organisation",
            name=name,
            where=where,
            aliases=aliases,
            programs=[_text(element, "UN_LIST_TYPE") or "UNSPECIFIED"],
            listed_on=iso_date(_text(element, "LISTED_ON")),
            reference=_text(element, "REFERENCE_NUMBER"),
            remarks=comments[:5000],
        )
        # In its own element, or only in the comments ('Gender: male', 'Gender [Male]', 'sex: male').
        entry.genders = [_text(element, "GENDER")]
        entry.add_remark_genders(comments)
        for value in element.findall("NATIONALITY/VALUE"):
            entry.add_nationality(value.text)
        for address in element.findall("INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS"):
            # Many are empty (<COUNTRY/>) or only a country.
            found = ListedAddress.of(
                street=_text(address, "STREET"),
                city=_text(address, "CITY"),
                region=_text(address, "STATE_PROVINCE"),
                postal_code=_text(address, "ZIP_CODE"),
                country=_text(address, "COUNTRY"),
                note=_text(address, "NOTE"),  # 'previous address', 'as of June 2016'
            )
            if found:
                entry.addresses.append(found)
        entry.documents = [found for found in map(_document, element.findall("INDIVIDUAL_DOCUMENT")) if found]
        entry.birth_places = [
            birth_place_of(
                street=_text(place, "STREET"),
                city=_text(place, "CITY"),
                region=_text(place, "STATE_PROVINCE"),
                country=_text(place, "COUNTRY"),
                note=_text(place, "NOTE"),
            )
            for place in element.findall("INDIVIDUAL_PLACE_OF_BIRTH")
        ]
        for birth in element.findall("INDIVIDUAL_DATE_OF_BIRTH"):
            date, year = iso_date(_text(birth, "DATE")), _text(birth, "YEAR")
            if date:
                entry.birth_date, entry.birth_date_precision = date, "day"
            elif year.isdigit():
                entry.birth_date, entry.birth_date_precision = datetime.date(int(year), 1, 1), "year"
            if entry.birth_date:
                break
        yield entry


def _document(element):
    """An ``INDIVIDUAL_DOCUMENT``: TYPE_OF_DOCUMENT is 'Passport', 'National Identification Number' or the like,
    TYPE_OF_DOCUMENT2 the finer type when there is one ('Italian Fiscal Code:'), and sometimes a stray word
    ('number:'). Many are empty elements."""
    city = _text(element, "CITY_OF_ISSUE")
    finer, broad = _text(element, "TYPE_OF_DOCUMENT2"), _text(element, "TYPE_OF_DOCUMENT")
    # The finer type tells the kind unless it tells none ('number:'), or less than the broad one does.
    finer_kind, broad_kind = document_kind(finer), document_kind(broad)
    kind = finer_kind if finer_kind not in (None, "other") else (broad_kind or finer_kind)
    return ListedDocument.of(
        finer if finer and kind == finer_kind else broad,
        _text(element, "NUMBER"),
        country=_text(element, "ISSUING_COUNTRY") or _text(element, "COUNTRY_OF_ISSUE"),
        issued_on=iso_date(_text(element, "DATE_OF_ISSUE")),
        note="; ".join(filter(None, [city and f"issued in {city}", _text(element, "NOTE")])),
        kind=kind,
    )
