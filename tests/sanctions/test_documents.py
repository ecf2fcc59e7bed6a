"""Identity documents as the lists write them: the kind told from a type, and the documents in OFAC's remarks."""

import datetime

import pytest
from rigour.territories import lookup_territory

from sanctions.importers.country_words import COUNTRY_OF_ADJECTIVE, country_in_words
from sanctions.importers.documents import document_kind, ofac_remark_documents, split_number
from sanctions.importers.entries import ListedDocument


@pytest.mark.parametrize(
    "written, kind",
    [
        ("Passport", "passport"),
        ("Service passport ", "passport"),
        ("Numéro de passeport ", "passport"),
        ("Travel Document Number", "passport"),
        ("Cedula No.", "national_id"),
        ("National Identification Number", "national_id"),
        ("Electoral Registry No.", "national_id"),  # a voter's number, not a company's
        ("LE Number", "national_id"),  # Peru's Libreta Electoral
        ("FARDC ID", "national_id"),
        ("Tax ID No.", "tax_id"),
        ("Italian Fiscal Code:", "tax_id"),
        ("United States Social Security Number:", "tax_id"),
        ("R.F.C.", "tax_id"),
        ("Registration ID", "registration"),
        ("Government Gazette Number", "registration"),
        ("Afghan Money Service Provider License Number", "registration"),
        ("Driver's License No.", "other"),
        ("Birth certificate", "other"),
        ("SWIFT/BIC", "other"),
        ("Other ID", "other"),
        # Identifiers that identify no one by a document, and types of no document we know.
        ("Website", None),
        ("Email Address", None),
        ("Former Vessel Flag", None),
        ("Executive Order 13662 Directive Determination -", None),
        ("Additional Sanctions Information -", None),
        ("Effective Date (EO 14024 Directive 2):", None),
        ("ISIN", None),
        ("Equity Ticker", None),
        ("number: ", None),
        ("", None),
    ],
)
def test_the_kind_of_a_document_is_told_from_its_type_as_written(written, kind):
    assert document_kind(written) == kind


@pytest.mark.parametrize(
    "remarks, documents",
    [
        (
            "DOB 10 Dec 1948; alt. Passport 5204893014 (Germany) issued 05 Oct 2000 expires 05 Oct 2005.",
            [("Passport", "5204893014", "Germany", datetime.date(2000, 10, 5), datetime.date(2005, 10, 5), "")],
        ),
        # A date not given to the day is a note, not a date stated more precisely than the list does.
        (
            "Passport E382464 (Thailand) expires Jan 2007",
            [("Passport", "E382464", "Thailand", None, None, "expires Jan 2007")],
        ),
        (
            "Diplomatic Passport 008827 (Iran) issued 1999.",
            [("Diplomatic Passport", "008827", "Iran", None, None, "issued 1999")],
        ),
        ("Passport NO34409/129 issued Jul 1997", [("Passport", "NO34409/129", "", None, None, "issued Jul 1997")]),
        ("National ID No. (HWI)040182 (Burma)", [("National ID No.", "(HWI)040182", "Burma", None, None, "")]),
        ("Passport G 649385", [("Passport", "G 649385", "", None, None, "")]),
        # Where a register is kept: a place within the country, or a city in the country's place.
        (
            "Folio Mercantil No. 22839 (Jalisco) (Mexico).",
            [("Folio Mercantil No.", "22839", "Mexico", None, None, "Jalisco")],
        ),
        ("Matricula Mercantil No 818178-2 (Cali).", [("Matricula Mercantil No", "818178-2", "Cali", None, None, "")]),
        # A bank's code, most often without a digit: told by its shape, with or without spaces and branch.
        ("SWIFT/BIC KDBKKPPY; alt. SWIFT/BIC BTEJ IR TH.", [
            ("SWIFT/BIC", "KDBKKPPY", "", None, None, ""), ("SWIFT/BIC", "BTEJ IR TH", "", None, None, ""),
        ]),
        ("SWIFT/BIC INKKRUM1; SWIFT/BIC MELIHKHHXXX", [
            ("SWIFT/BIC", "INKKRUM1", "", None, None, ""), ("SWIFT/BIC", "MELIHKHHXXX", "", None, None, ""),
        ]),
        ("SWIFT/BIC see the bank's website", []),
        # A validity written as a span; what the list says of the document before its country.
        (
            "Passport 654781 (Jordan) issued 01 Jan 2008 to 31 Dec 2010",
            [("Passport", "654781", "Jordan", datetime.date(2008, 1, 1), datetime.date(2010, 12, 31), "")],
        ),
        ("Passport D000000483, Diplomatic (Syria)", [("Passport", "D000000483", "Syria", None, None, "Diplomatic")]),
        (
            "Public Registration Number 467323, Doc. 694710 (Panama).",
            [("Public Registration Number", "467323", "Panama", None, None, "Doc. 694710")],
        ),
        ("Passport D000000483, Diplomat Corps (Syria)", []),
        # Written in another shape: left alone rather than read as a number.
        ("Passport No.: 0310857, Eritrea, Issue Date 21 August 2006, Expire Date 20 August 2008)", []),
        ("Passport 4117921 issued under the name Dilawar Khan Zain Khan", []),
        # Other remarks.
        ("Website www.example.com; Linked To: ACME TRADING LLC.; Secondary sanctions risk: section 1", []),
        ("Passport issued in Sarajevo, Bosnia-Herzegovina", []),
    ],
)  # fmt: skip
def test_documents_are_read_from_ofac_remarks_only_in_the_shapes_it_writes_them(remarks, documents):
    assert ofac_remark_documents(remarks) == documents


def test_an_issuer_that_names_no_country_is_kept_in_the_note():
    kept = ListedDocument.of("Matricula Mercantil No", "818178-2", country="Cali.", note="issued 1999")
    assert (kept.country, kept.note) == ("", "Cali; issued 1999")
    mexican = ListedDocument.of("Folio Mercantil No.", "22839", country="Mexico", note="Jalisco")
    assert (mexican.country, mexican.note) == ("MX", "Jalisco")
    assert ListedDocument.of("Passport", "A1", country=" ").note == ""


@pytest.mark.parametrize(
    "written, parts",
    [
        # Words before the number, after a marker or not.
        ("CAR diplomatic passport no. D00000898", ("D00000898", "CAR diplomatic passport", [])),
        ("Provisional passport No.: 28642163", ("28642163", "Provisional passport", [])),
        ("Afghan passport number SE 012820", ("SE 012820", "Afghan passport", [])),
        ("Afghan identity card (tazkira) number 4414", ("4414", "Afghan identity card (tazkira)", [])),
        ("Libya B/002210", ("B/002210", "Libya", [])),
        ("German document (“Reiseausweis”) A 0139243", ("A 0139243", "German document (“Reiseausweis”)", [])),
        ("Goztepe V.D. 823 026 0248", ("823 026 0248", "Goztepe V.D.", [])),
        # Words after it, and asides at its end.
        ("AF465508 Colombia", ("AF465508", "Colombia", [])),
        ("A7800002 Border Crossing", ("A7800002", "Border Crossing", [])),
        ("33556474 (Russia)", ("33556474", "", ["Russia"])),
        ("Social Security Number 423-31-3021 (US)", ("423-31-3021", "Social Security", ["US"])),
        ("R00012098, South Sudan", ("R00012098", "", ["South Sudan"])),
        ("381110042 (Expired 25 Jan. 2016)", ("381110042", "", ["Expired 25 Jan. 2016"])),
        # Numbers as they are: a check digit, codes rather than words, too little left, shapes not read.
        ("D489833(9)", ("D489833(9)", "", [])),
        ("G 649385", ("G 649385", "", [])),
        ("MAT 46-47 TOMO 460 L.", ("MAT 46-47 TOMO 460 L.", "", [])),
        ("61 Nabha", ("61 Nabha", "", [])),
        ("0-16 Reg 53089", ("0-16 Reg 53089", "", [])),
        ("13/Ta Ta Na (Naing)019077", ("13/Ta Ta Na (Naing)019077", "", [])),
        ("Jordanian passport 286062 issued 1999", ("Jordanian passport 286062 issued 1999", "", [])),
        ("Series 4510 No. 123456", ("Series 4510 No. 123456", "", [])),
        # A register's capitals are part of its number; 'NO' begins one, as no marker.
        ("Amtsgericht Hamburg HRB 12345", ("HRB 12345", "Amtsgericht Hamburg", [])),
        ("Libya NO34409", ("NO34409", "Libya", [])),
    ],
)  # fmt: skip
def test_a_number_is_set_apart_from_the_words_written_with_it(written, parts):
    assert split_number(written) == parts


def test_the_words_of_a_number_go_to_the_note_and_a_country_among_them_to_the_issuer():
    car = ListedDocument.of("Passport", "CAR diplomatic passport no. D00000898", note="valid until 10 April 2018")
    assert (car.number, car.country, car.note) == (
        "D00000898",
        "",
        "CAR diplomatic passport; valid until 10 April 2018",
    )
    libyan = ListedDocument.of("Passport", "Libya B/002210")
    assert (libyan.number, libyan.country, libyan.note) == ("B/002210", "LY", "")
    # The list's own country wins; the words are kept.
    given = ListedDocument.of("Passport", "AF465508 Colombia", country="Ecuador")
    assert (given.number, given.country, given.note) == ("AF465508", "EC", "Colombia")
    # A region is no issuer: 'Distrito Federal' was Mexico City's name, and is Brazil's capital district's.
    place = ListedDocument.of("Folio Mercantil No.", "293481 Distrito Federal")
    assert (place.number, place.country, place.note) == ("293481", "", "Distrito Federal")
    # Words the note already holds, as words, are not written twice; nor is the issuer's name.
    ration = ListedDocument.of("Other identification number", "Ration Card no. 0094195", note="Ration Card no. 0094195")
    assert (ration.number, ration.note) == ("0094195", "Ration Card no. 0094195")
    lettered = ListedDocument.of("Passport", "Y123456 (Aa)", note="valid")
    assert (lettered.number, lettered.note) == ("Y123456", "Aa; valid")
    jordanian = ListedDocument.of("Passport", "AB123456 (Jordan)", country="Jordan")
    assert (jordanian.number, jordanian.country, jordanian.note) == ("AB123456", "JO", "")


@pytest.mark.parametrize(
    "words, country",
    [
        ("Italian Fiscal Code", "IT"),
        ("Kenyan ID No.", "KE"),
        ("Indonesia National Identity Card", "ID"),
        ("United States Social Security Number", "US"),
        ("US FEIN", "US"),
        ("UK Company Number", "GB"),
        ("Dubai Chamber of Commerce Membership No.", "AE"),  # an emirate's name: its country
        ("Afghan national identification card (tazkira) number", "AF"),
        ("UAE Identification", "AE"),
        ("Hong Kong Identity Card", "HK"),
        # The longest phrase first: no Congo in the Democratic Republic of the Congo, no Sudan in South Sudan.
        ("Democratic Republic of the Congo passport", "CD"),
        ("South Sudanese passport", "SS"),
        ("North Korean passport", "KP"),
        # Regions and words that are not countries.
        ("Distrito Federal", None),
        ("Democratic People's Republic of Korea passport", "KP"),  # seven words folded, 'Republic of Korea' in them
        ("Congo, Democratic Republic of the passport", "CD"),  # as OFAC writes it
        ("DR Congo passport", "CD"),
        ("Burkinabè passport", "BF"),
        ("Northern Ireland Driving Licence", "GB"),
        ("Republic of China passport", "TW"),
        ("People's Republic of China passport", "CN"),
        ("British Virgin Islands company number", "VG"),
        ("New Mexico Driver's License", None),
        ("British Columbia Driver's Licence", None),
        ("Bank of Central African States registration", None),
        ("issued by us", None),
        ("Donetsk People's Republic passport", None),
        ("Latin American passport", None),
        ("Car Registration Number", None),
        # Codes are words of a type, not countries: 'ID' is no Indonesia, 'No' no Norway, 'and' no Andorra.
        ("Tax ID No.", None),
        ("Public Security and Immigration No.", None),
        ("Numero de Identidad", None),
        ("CAR diplomatic passport", None),
        # A city: a consulate there issues another State's documents.
        ("Amman passport", None),
        # Two countries, or a former one: none told.
        ("Iraqi and Jordanian passport", None),
        ("Soviet passport", None),
        ("Registration ID", None),
        ("", None),
    ],
)
def test_the_country_a_documents_type_names(words, country):
    assert country_in_words(words) == country


def test_the_state_a_type_names_is_the_issuer_only_when_the_list_names_none():
    assert ListedDocument.of("Italian Fiscal Code", "HSSBDL60A01Z224X").country == "IT"
    assert ListedDocument.of("Italian Fiscal Code", "HSSBDL60A01Z224X", country="San Marino").country == "SM"
    assert ListedDocument.of("Italian Fiscal Code", "HSSBDL60A01Z224X", iso="SM").country == "SM"
    # The words written with a number name the document's State when they name a document.
    assert ListedDocument.of("Passport", "Afghan passport number SE 012820").country == "AF"
    assert ListedDocument.of("Passport", "Russian foreign travel passport number 515458008").country == "RU"
    # A counterfeit is no State's document; one fraudulently obtained is.
    assert ListedDocument.of("Other", "Counterfeit Danish driving licence no. 20645897").country == ""
    assert ListedDocument.of("Passport", "Falsified Pakistani passport no. AB123456").country == ""
    assert ListedDocument.of("Passport", "Fraudulently obtained Pakistani passport no. AB123456").country == "PK"
    # Not a region alone: 'Distrito Federal' was Mexico City's name, and is Brazil's capital district's.
    assert ListedDocument.of("Folio Mercantil No.", "293481 Distrito Federal").country == ""


# Adjectives rigour's territory names do not hold, or give another country (it has 'Mauritian' for Mauritania).
NOT_IN_RIGOUR = {"antiguan", "bruneian", "bhutanese", "cape verdean", "bissau-guinean", "basotho", "mauritian"}
NOT_IN_RIGOUR |= {"papua new guinean", "chadian"}


@pytest.mark.parametrize("adjective, code", sorted((a.lower(), c) for a, c in COUNTRY_OF_ADJECTIVE.items()))
def test_the_adjectives_table_agrees_with_rigours_territory_names(adjective, code):
    """The table is ours for speed (rigour's index takes 0.85 s to build): rigour checks it for slips."""
    territory = lookup_territory(adjective)
    if adjective in NOT_IN_RIGOUR:
        assert territory is None or territory.code.upper() != code, f"{adjective} is in rigour now: check it there"
        return
    while not territory.is_country and territory.parent:  # an emirate: its country
        territory = territory.parent
    assert territory.code.upper() == code
