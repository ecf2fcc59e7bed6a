"""Identity documents as the lists write them: the kind of a document from its type as written, and the
documents OFAC's legacy CSV keeps in its remarks ('Passport A123 (Iran) issued 01 Jan 2010; alt. Cedula No. 7')."""

import re

from core.models.documents import number_key
from sanctions.importers.common import ofac_date

# Types the lists give among their identifiers that identify no actor by a document: OFAC's sdnList and
# advanced formats put websites, vessels' flags and sanction notes there too. Matched as words in the type.
NOT_DOCUMENTS = re.compile(
    r"website|e-?mail|telephone|phone|\bfax\b|vessel|aircraft|\bmmsi\b|digital currency|gender|sanction|"
    r"executive order|more information|nationality of registration|flag|established|organization type|"
    r"target type|linked to|"
    r"\bdob\b|\bpob\b|citizen(?!'s card)|caatsa|commercial code|title|\bcircular\b",
    re.IGNORECASE,
)
# (kind, pattern) in order: the first that matches the type as written tells the kind. Tax numbers come before
# the national identity numbers written like them ('Tax ID No.'), those before registrations ('Electoral Registry
# No.'), and the looser words of identity ('Identification Number', 'FARDC ID') after registrations
# ('Registration ID').
KINDS = [
    ("passport", r"passport|passeport|pasaporte|travel doc"),
    ("other", r"driv|pilot|birth|residen|immigration|militar|student|\bration|refugee|serial|visa|swift|"
              r"\bother\b"),
    ("tax_id", r"\btax|fiscal|r\.?f\.?c\b|\bnit\b|\bruc\b|\brif\b|v\.?a\.?t\b|\bssn\b|social security|fein|"
               r"c\.?u\.?i\.?t\b|c\.?i\.?f\b|\brtn\b|\binn\b|\bkpp\b"),
    ("national_id", r"national id|identity card|\bid card|\bid no|personal id|c[eé]dula|c\.?u\.?r\.?p\b|"
                    r"d\.?n\.?i\b|citizen|tazkira|electoral|voter|i\.f\.e\b|c\.u\.i\.p\b|\ble number|libreta"),
    ("registration", r"regist|gazette|company|commerc|business|mercantil|matricula|chamber|incorporation|"
                     r"c\.r\. no|legal entity|charity|licen[cs]e|d-u-n-s|\bogrn\b|enterprise|branch unit"),
    ("national_id", r"national|identi|\bid\b|personal"),
]  # fmt: skip
KIND_PATTERNS = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in KINDS]


def document_kind(type_as_written):
    """The ``IdentityDocument.Kind`` of a document type as a list writes it ('Cedula No.' -> national_id);
    None for a type that names no document we know: OFAC's identifiers hold websites, vessels' flags,
    tickers and sanction notes too, and new ones appear."""
    text = type_as_written or ""
    if NOT_DOCUMENTS.search(text):
        return None
    for kind, pattern in KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return None


# The document types OFAC's legacy CSV writes in its remarks, as they start a remark: the remarks hold free
# text too ('Linked To: ...', 'Secondary sanctions risk: ...'), so only these are read as documents.
OFAC_REMARK_TYPES = sorted(
    [
        "Passport", "Diplomatic Passport", "Passport Booklet", "Travel Document Number", "National ID No.",
        "Cedula No.", "Identification Number", "Personal ID Card", "D.N.I.", "C.U.R.P.", "C.U.R.P. #", "I.F.E.",
        "C.U.I.P.", "Credencial electoral", "Electoral Registry No.", "Numero de Identidad", "Citizen's Card Number",
        "National Foreign ID Number", "Tazkira National ID Card", "Kenyan ID No.", "Moroccan Personal ID No.",
        "Stateless Person Passport",
        "Turkish Identificiation Number", "Stateless Person ID Card", "Refugee ID Card", "Identity Card",
        "Tax ID No.", "R.F.C.", "R.F.C. #", "RFC", "NIT #", "RUC #", "RIF #", "V.A.T. Number", "SSN", "US FEIN",
        "Italian Fiscal Code", "C.U.I.T.", "C.I.F.", "RTN", "Registration ID", "Registration Number",
        "Government Gazette Number", "Public Registration Number", "Commercial Registry Number", "Company Number",
        "UK Company Number", "Business Registration Document #", "Business Registration Number", "Business Number",
        "Folio Mercantil No.", "Matricula Mercantil No", "Chamber of Commerce Number",
        "Dubai Chamber of Commerce Membership No.", "Certificate of Incorporation Number", "C.R. No.",
        "Legal Entity Number", "LE Number", "Registered Charity No.", "Trade License No.", "License",
        "D-U-N-S Number", "Branch Unit Number", "Afghan Money Service Provider License Number", "SWIFT/BIC",
        "Driver's License No.", "Pilot License Number", "Birth Certificate Number", "Residency Number",
        "Immigration No.", "Public Security and Immigration No.", "Cartilla de Servicio Militar Nacional",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
# A date in a remark: '01 Feb 2010', 'Jan 2007' or '1999'; only a date given to the day is kept as one.
_DATE = r"(?:\d{1,2}\s+)?[A-Za-z]{3,9}\.?\s+\d{4}|\d{4}"
OFAC_REMARK = re.compile(
    r"(?:alt\.\s+)?(?P<type>{types}):?\s+(?:No\.?:?\s+|#\s*)?(?P<number>[^;]*?\d[^;]*?)"
    # What the list says of the document before its country: 'Passport D000000483, Diplomatic (Syria)', or a
    # second number of the same record: 'Public Registration Number 467323, Doc. 694710 (Panama)'.
    r"(?:,\s+(?P<aside>Diplomatic|Official|Service|Doc\.\s+\d+))?"
    # A place within the country may come first: 'Folio Mercantil No. 22839 (Jalisco) (Mexico)'.
    r"(?:,?\s+\((?P<place>[^()]*)\)(?=,?\s+\())?(?:,?\s+\((?P<country>[^()]*)\))?"
    # A validity written as a span: 'issued 01 Jan 2008 to 31 Dec 2010'.
    r"(?:,?\s+issued\s+(?P<issued>{date})(?:\s+to\s+(?P<until>{date}))?)?"
    r"(?:,?\s+expires\s+(?P<expires>{date}))?\.?".format(types="|".join(map(re.escape, OFAC_REMARK_TYPES)), date=_DATE),
    re.IGNORECASE,
)
# A bank's SWIFT/BIC code has no digit as often as not ('SWIFT/BIC KDBKKPPY', 'SWIFT/BIC BTEJ IR TH'): its shape, four
# letters of the bank, two of the country, two of the place and three of a branch, tells it instead.
OFAC_BIC_REMARK = re.compile(
    r"(?:alt\.\s+)?(?P<type>SWIFT/BIC)\s+(?P<number>[A-Z]{4} ?[A-Z]{2} ?[A-Z0-9]{2}(?: ?[A-Z0-9]{3})?)\.?"
)
# What a number cannot hold: the rest of a remark written in another shape ('0310857, Eritrea, Issue Date ...').
_NOT_NUMBER = re.compile(r"issue|expir|valid|,\s", re.IGNORECASE)


def exact_date(text):
    """The date of '01 Feb 2010'; None for one not given to the day ('Jan 2007', '1999'), which a document's
    date would state more precisely than the list does."""
    date, precision = ofac_date(text or "")
    return date if precision == "day" else None


def ofac_remark_documents(remarks):
    """The documents in an OFAC legacy-CSV remarks cell, as (type, number, country name, issued, expires, note),
    in the order written; a remark of another sort, or a document written in a shape not read, is left alone.
    A place within the country ('Jalisco') and a date not given to the day ('issued Jul 1997') go into the note."""
    found = []
    for remark in (remarks or "").split(";"):
        if bic := OFAC_BIC_REMARK.fullmatch(remark.strip()):
            found.append((bic.group("type"), bic.group("number"), "", None, None, ""))
            continue
        match = OFAC_REMARK.fullmatch(remark.strip())
        if not match or _NOT_NUMBER.search(match.group("number")):
            continue
        issued, expires, dated = document_dates(match.group("issued"), match.group("expires") or match.group("until"))
        note = "; ".join(filter(None, [match.group("aside"), match.group("place"), dated]))
        found.append((match.group("type"), match.group("number"), match.group("country") or "", issued, expires, note))
    return found


def document_dates(issued, expires):
    """(issue date, expiry date, note) from OFAC's dates as written: a date not given to the day is no date
    but a note ('issued Jul 1997', 'expires 2010')."""
    dates, notes = {}, []
    for name, text in (("issued", issued), ("expires", expires)):
        dates[name] = exact_date(text)
        if text and dates[name] is None:
            notes.append(f"{name} {text.strip()}")
    return dates["issued"], dates["expires"], "; ".join(notes)


# Where a number as written holds more than the number: the words before it ('Russian foreign travel passport
# number 515458008', 'Libya B/002210') or after it ('AF465508 Colombia'), and an aside at its end
# ('33556474 (Russia)', '381110042 (Expired 25 Jan. 2016)', 'R00012098, South Sudan').
# An aside holds a letter: 'D489833(9)' is a Hong Kong number with its check digit.
_TRAILING_ASIDE = re.compile(r"(?:\s+\(([^()]*[A-Za-z][^()]*)\)|,\s*([^,\d]+))$")
_MARKER = re.compile(
    r"(?<!\w)(?:number|numéro|número|no\b\.?|n[°º]|№)\s*:?\s*(?=(?:[A-Z]{1,4}\s+)?\S*\d)", re.IGNORECASE
)
_CODE_PREFIX = re.compile(r"[A-Z]{1,4}")  # the capitals before a spaced number: 'A 0139243', 'HRB 12345'
# Fewer letters and digits than this left of a number once the words after it are set apart, and the words are
# part of it: a Lebanese register's '61 Nabha' is the 61st of Nabha.
SHORTEST_SPLIT = 5


def _has_digit(token):
    return any(character.isdigit() for character in token)


def _has_prose(text):
    """Whether ``text`` holds a word of prose, in any script: three letters or more, not all capitals ('Passport',
    'паспорт'; not 'MAT' or 'Na')."""
    return any(len(word) >= 3 and not word.isupper() for word in re.findall(r"[^\W\d_]+", text))


def split_number(written):
    """(number, words, asides): the number of a document as a list writes it, the words written with it, and the
    asides at its end, so that the number can be compared with others ('D00000898' in 'CAR diplomatic passport
    no. D00000898') while the rest is kept. A number written alone, or in a shape not read, is returned whole
    ('13/Ta Ta Na (Naing)019077', '0-16 Reg 53089')."""
    text, asides = written, []
    while (aside := _TRAILING_ASIDE.search(text)) and _has_digit(text[: aside.start()]):
        asides.insert(0, (aside.group(1) or aside.group(2)).strip())
        text = text[: aside.start()]
    tokens = text.split()
    marker = _MARKER.search(text)
    if not tokens or not (_has_prose(text) or (marker and marker.start() == 0)):
        return text, "", asides
    if marker and not _has_digit(text[: marker.start()]):
        number, words = text[marker.end() :], text[: marker.start()]
    elif not _has_digit(tokens[0]) and _has_digit(tokens[-1]):
        start = len(tokens)
        while start and _has_digit(tokens[start - 1]):
            start -= 1
        if start and _CODE_PREFIX.fullmatch(tokens[start - 1]):
            start -= 1
        if any(_has_digit(token) for token in tokens[:start]):  # 'passport 286062 issued 1999': two numbers
            return written, "", []
        number, words = " ".join(tokens[start:]), " ".join(tokens[:start])
    elif _has_digit(tokens[0]) and not _has_digit(tokens[-1]):
        end = 0
        while _has_digit(tokens[end]):
            end += 1
        number, words = " ".join(tokens[:end]), " ".join(tokens[end:])
        if any(_has_digit(token) for token in tokens[end:]) or len(number_key(number)) < SHORTEST_SPLIT:
            return written, "", []
    else:
        return written, "", []
    return number.strip(" ,;:"), words.strip(" ,;:"), asides
