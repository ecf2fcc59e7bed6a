"""Identity documents as the lists write them: the kind of a document from its type as written, and the
documents OFAC's legacy CSV keeps in its remarks ('Passport A123 (Iran) issued 01 Jan 2010; alt. Cedula No. 7')."""

import re

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
# (kind, pattern) in order: the first that matches the type as written tells the kind.
KINDS = [
    ("other", r"driver|pilot|birth|residen|immigration|military|student|\bration|service|refugee|serial|visa"),
    ("passport", r"passport|passeport|pasaporte|travel doc"),
    ("tax_id", r"\btax|fiscal|r\.?f\.?c\b|\bnit\b|\bruc\b|\brif\b|v\.?a\.?t\b|\bssn\b|social security|fein|"
               r"c\.?u\.?i\.?t\b|c\.?i\.?f\b|\brtn\b|\binn\b|\bkpp\b"),
    ("registration", r"regist|gazette|company|commerc|business|mercantil|matricula|chamber|incorporation|"
                     r"c\.r\. no|legal entity|charity|licen[cs]e|d-u-n-s|\bogrn\b|enterprise|branch unit"),
    ("national_id", r"national|identi|\bid\b|c[eé]dula|c\.?u\.?r\.?p\b|d\.?n\.?i\b|personal|citizen|tazkira|"
                    r"electoral|voter|i\.f\.e\b|c\.u\.i\.p\b|regnumber"),
]  # fmt: skip
KIND_PATTERNS = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in KINDS]


def document_kind(type_as_written):
    """The ``IdentityDocument.Kind`` of a document type as a list writes it ('Cedula No.' -> national_id);
    'other' for a document of no kind we tell apart, None for a type that is no document ('Website')."""
    text = type_as_written or ""
    if NOT_DOCUMENTS.search(text):
        return None
    for kind, pattern in KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return "other"


# The document types OFAC's legacy CSV writes in its remarks, as they start a remark: the remarks hold free
# text too ('Linked To: ...', 'Secondary sanctions risk: ...'), so only these are read as documents.
OFAC_REMARK_TYPES = sorted(
    [
        "Passport", "Diplomatic Passport", "Passport Booklet", "Travel Document Number", "National ID No.",
        "Cedula No.", "Identification Number", "Personal ID Card", "D.N.I.", "C.U.R.P.", "C.U.R.P. #", "I.F.E.",
        "C.U.I.P.", "Credencial electoral", "Electoral Registry No.", "Numero de Identidad", "Citizen's Card Number",
        "National Foreign ID Number", "Tazkira National ID Card", "Kenyan ID No.", "Moroccan Personal ID No.",
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
OFAC_REMARK = re.compile(
    r"(?:alt\.\s+)?(?P<type>{types}):?\s+(?P<number>[^;]*?\d[^;]*?)"
    r"(?:\s+\((?P<country>[^()]*)\))?(?:,?\s+issued\s+(?P<issued>\d{{1,2}} \w{{3}} \d{{4}}))?"
    r"(?:,?\s+expires\s+(?P<expires>\d{{1,2}} \w{{3}} \d{{4}}))?\.?".format(
        types="|".join(map(re.escape, OFAC_REMARK_TYPES))
    ),
    re.IGNORECASE,
)


def ofac_remark_documents(remarks):
    """The documents in an OFAC legacy-CSV remarks cell, as (type, number, country name, issued, expires),
    in the order written; a remark of another sort is left alone."""
    found = []
    for remark in (remarks or "").split(";"):
        match = OFAC_REMARK.fullmatch(remark.strip())
        if match:
            issued, expires = (ofac_date(match.group(name) or "")[0] for name in ("issued", "expires"))
            found.append((match.group("type"), match.group("number"), match.group("country") or "", issued, expires))
    return found
