"""The country a document's type names, by its name or adjective: 'Italian Fiscal Code' is Italy's, 'US FEIN' the
United States', 'Afghan passport' Afghanistan's.

Names are read as for every country the lists write (``common.folded_country_names``); adjectives from the table
below, English as the lists write their types. rigour's territory names hold adjectives too, but building their
index takes 0.85 s, more than a whole import of the UN list: the tests check this table against them.
"""

import re
from functools import cache, lru_cache

from sanctions.importers.common import folded_country_names, folded_name

# Adjectives by ISO code, several separated by '|'; an emirate's name is its country's. Left out as ambiguous:
# 'Congolese' (CD, CG), 'Dominican' (DO, DM), 'Korean', 'Guinean' (GN, GQ, GW, PG); and the regions' 'American'
# ('Central American', 'Latin American') and 'Central African' ('Bank of Central African States').
ADJECTIVES = {
    "AD": "Andorran", "AE": "Emirati|Dubai|Abu Dhabi|Sharjah", "AF": "Afghan", "AG": "Antiguan", "AL": "Albanian",
    "AM": "Armenian", "AO": "Angolan", "AR": "Argentine|Argentinian", "AT": "Austrian", "AU": "Australian",
    "AZ": "Azerbaijani", "BA": "Bosnian", "BB": "Barbadian", "BD": "Bangladeshi", "BE": "Belgian",
    "BF": "Burkinabe", "BG": "Bulgarian", "BH": "Bahraini", "BI": "Burundian", "BJ": "Beninese", "BN": "Bruneian",
    "BO": "Bolivian", "BR": "Brazilian", "BS": "Bahamian", "BT": "Bhutanese", "BW": "Botswanan", "BY": "Belarusian",
    "BZ": "Belizean", "CA": "Canadian", "CH": "Swiss", "CI": "Ivorian", "CL": "Chilean",
    "CM": "Cameroonian", "CN": "Chinese", "CO": "Colombian", "CR": "Costa Rican", "CU": "Cuban",
    "CV": "Cape Verdean", "CY": "Cypriot", "CZ": "Czech", "DE": "German", "DJ": "Djiboutian", "DK": "Danish",
    "DZ": "Algerian", "EC": "Ecuadorian", "EE": "Estonian", "EG": "Egyptian", "ER": "Eritrean", "ES": "Spanish",
    "ET": "Ethiopian", "FI": "Finnish", "FJ": "Fijian", "FR": "French", "GA": "Gabonese", "GB": "British",
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
    "TZ": "Tanzanian", "UA": "Ukrainian", "UG": "Ugandan", "UY": "Uruguayan",
    "UZ": "Uzbek|Uzbekistani", "VE": "Venezuelan", "VN": "Vietnamese", "XK": "Kosovar|Kosovan", "YE": "Yemeni",
    "ZA": "South African", "ZM": "Zambian", "ZW": "Zimbabwean",
}  # fmt: skip
COUNTRY_OF_ADJECTIVE = {adjective: code for code, written in ADJECTIVES.items() for adjective in written.split("|")}
# Places whose names hold a country's name or adjective, read before it: their own code, or None for a place
# within a country ('New Mexico' is no Mexico, 'British Columbia' no British document).
PLACES = {
    "New Jersey": None, "New Mexico": None, "British Columbia": None, "Inner Mongolia": None,
    "Indian Status": "CA", "Northern Ireland": "GB", "Northern Irish": "GB", "Republic of China": "TW",
    "Chinese Taipei": "TW", "US Virgin Islands": "VI", "British Virgin Islands": "VG",
}  # fmt: skip
# Codes read among words, as written: 'us' is a word.
ABBREVIATIONS = {"US": "US", "UK": "GB"}


@cache
def _phrases():
    """Every phrase read, folded -> its code (None for a place of no country's own), and the most words one takes."""
    phrases = {**folded_country_names()}
    phrases.update({folded_name(adjective): code for adjective, code in COUNTRY_OF_ADJECTIVE.items()})
    phrases.update({folded_name(place): code for place, code in PLACES.items()})
    return phrases, max(len(phrase.split()) for phrase in phrases)


@lru_cache(maxsize=1024)
def country_in_words(text):
    """The one country words describing a document name, by its name or adjective; None when they name none,
    or two. The longest phrase is read first: 'South Sudanese' is no Sudanese, 'Democratic Republic of the Congo'
    no Congo, 'New Mexico' no Mexico. Of codes only US and UK are read, as written: among words 'ID', 'No', 'de'
    and 'us' are words."""
    phrases, most = _phrases()
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text or "")
    found, read = set(), set()
    for size in range(min(most, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            span = set(range(start, start + size))
            if span & read:
                continue
            phrase = " ".join(words[start : start + size])
            if (key := folded_name(phrase)) in phrases:
                found.add(phrases[key])
            elif phrase in ABBREVIATIONS:
                found.add(ABBREVIATIONS[phrase])
            else:
                continue
            read |= span
    found.discard(None)
    return found.pop() if len(found) == 1 else None
