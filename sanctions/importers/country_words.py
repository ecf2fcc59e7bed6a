"""The country a document's type names, by its name or adjective: 'Italian Fiscal Code' is Italy's, 'US FEIN' the
United States', 'Afghan passport' Afghanistan's.

Names come from pycountry, as for every country the lists write (``common.country_named``); adjectives from the
table below, English as the lists write their types. rigour's territory names hold adjectives too, but building
their index takes 0.85 s, more than a whole import of the UN list: the tests check this table against them.
"""

import re
from functools import lru_cache

from sanctions.importers.common import country_named

# Adjectives by ISO code, several separated by '|'; an emirate's name is its country's. Left out as ambiguous:
# 'Congolese' (CD, CG), 'Dominican' (DO, DM), 'Korean', 'Guinean' (GN, GQ, GW, PG); and 'American', which
# 'Central American' and 'Latin American' hold.
ADJECTIVES = {
    "AD": "Andorran", "AE": "Emirati|Dubai|Abu Dhabi|Sharjah", "AF": "Afghan", "AG": "Antiguan", "AL": "Albanian",
    "AM": "Armenian", "AO": "Angolan", "AR": "Argentine|Argentinian", "AT": "Austrian", "AU": "Australian",
    "AZ": "Azerbaijani", "BA": "Bosnian", "BB": "Barbadian", "BD": "Bangladeshi", "BE": "Belgian",
    "BF": "Burkinabe", "BG": "Bulgarian", "BH": "Bahraini", "BI": "Burundian", "BJ": "Beninese", "BN": "Bruneian",
    "BO": "Bolivian", "BR": "Brazilian", "BS": "Bahamian", "BT": "Bhutanese", "BW": "Botswanan", "BY": "Belarusian",
    "BZ": "Belizean", "CA": "Canadian", "CF": "Central African", "CH": "Swiss", "CI": "Ivorian", "CL": "Chilean",
    "CM": "Cameroonian", "CN": "Chinese", "CO": "Colombian", "CR": "Costa Rican", "CU": "Cuban",
    "CV": "Cape Verdean", "CY": "Cypriot", "CZ": "Czech", "DE": "German", "DJ": "Djiboutian", "DK": "Danish",
    "DZ": "Algerian", "EC": "Ecuadorian", "EE": "Estonian", "EG": "Egyptian", "ER": "Eritrean", "ES": "Spanish",
    "ET": "Ethiopian", "FI": "Finnish", "FJ": "Fijian", "FR": "French", "GA": "Gabonese", "GB": "British|UK",
    "GD": "Grenadian", "GE": "Georgian", "GH": "Ghanaian", "GM": "Gambian", "GQ": "Equatorial Guinean",
    "GR": "Greek", "GT": "Guatemalan", "GW": "Bissau-Guinean", "GY": "Guyanese", "HN": "Honduran",
    "HR": "Croatian", "HT": "Haitian", "HU": "Hungarian", "ID": "Indonesian", "IE": "Irish", "IL": "Israeli",
    "IN": "Indian", "IQ": "Iraqi", "IR": "Iranian", "IS": "Icelandic", "IT": "Italian", "JM": "Jamaican",
    "JO": "Jordanian", "JP": "Japanese", "KE": "Kenyan", "KG": "Kyrgyz", "KH": "Cambodian", "KM": "Comorian",
    "KP": "North Korean", "KR": "South Korean", "KW": "Kuwaiti", "KZ": "Kazakh|Kazakhstani", "LA": "Lao|Laotian",
    "LB": "Lebanese", "LK": "Sri Lankan", "LR": "Liberian", "LS": "Basotho", "LT": "Lithuanian",
    "LU": "Luxembourgish", "LV": "Latvian", "LY": "Libyan", "MA": "Moroccan", "MC": "Monegasque", "MD": "Moldovan",
    "ME": "Montenegrin", "MG": "Malagasy", "MK": "Macedonian", "ML": "Malian", "MM": "Burmese", "MN": "Mongolian",
    "MR": "Mauritanian", "MT": "Maltese", "MU": "Mauritian", "MV": "Maldivian", "MW": "Malawian", "MX": "Mexican",
    "MY": "Malaysian", "MZ": "Mozambican", "NA": "Namibian", "NE": "Nigerien", "NG": "Nigerian",
    "NI": "Nicaraguan", "NL": "Dutch", "NO": "Norwegian", "NP": "Nepalese|Nepali", "OM": "Omani",
    "PA": "Panamanian", "PE": "Peruvian", "PG": "Papua New Guinean", "PH": "Philippine|Filipino", "PK": "Pakistani",
    "PL": "Polish", "PS": "Palestinian", "PT": "Portuguese", "PY": "Paraguayan", "QA": "Qatari", "RO": "Romanian",
    "RS": "Serbian", "RU": "Russian", "RW": "Rwandan", "SA": "Saudi|Saudi Arabian", "SC": "Seychellois",
    "SD": "Sudanese", "SE": "Swedish", "SG": "Singaporean", "SI": "Slovenian|Slovene", "SK": "Slovak",
    "SL": "Sierra Leonean", "SN": "Senegalese", "SO": "Somali", "SR": "Surinamese", "SS": "South Sudanese",
    "SV": "Salvadoran", "SY": "Syrian", "TD": "Chadian", "TG": "Togolese", "TH": "Thai", "TJ": "Tajik|Tajikistani",
    "TL": "Timorese", "TM": "Turkmen", "TN": "Tunisian", "TR": "Turkish", "TT": "Trinidadian", "TW": "Taiwanese",
    "TZ": "Tanzanian", "UA": "Ukrainian", "UG": "Ugandan", "US": "US", "UY": "Uruguayan",
    "UZ": "Uzbek|Uzbekistani", "VE": "Venezuelan", "VN": "Vietnamese", "XK": "Kosovar|Kosovan", "YE": "Yemeni",
    "ZA": "South African", "ZM": "Zambian", "ZW": "Zimbabwean",
}  # fmt: skip
COUNTRY_OF_ADJECTIVE = {
    adjective.lower(): code for code, written in ADJECTIVES.items() for adjective in written.split("|")
}
# The most words a country's name or adjective takes ('Democratic Republic of the Congo').
MOST_WORDS = 5


@lru_cache(maxsize=1024)
def country_in_words(text):
    """The one country words describing a document name, by its name or adjective; None when they name none,
    or two. The longest phrase is read first: 'South Sudanese' is no Sudanese, 'Democratic Republic of the Congo'
    no Congo. Codes other than US and UK are not read among words, where 'ID', 'No', 'de' and 'and' are words of
    a type."""
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text or "")
    found, read = set(), set()
    for size in range(MOST_WORDS, 0, -1):
        for start in range(len(words) - size + 1):
            span = set(range(start, start + size))
            if span & read:
                continue
            phrase = " ".join(words[start : start + size])
            code = COUNTRY_OF_ADJECTIVE.get(phrase.lower()) or country_named(phrase)
            if code:
                found.add(code)
                read |= span
    return found.pop() if len(found) == 1 else None
