"""Helpers shared by the parsers: country names to ISO codes, dates written in the lists' styles."""

import csv
import datetime
import re
import unicodedata
from collections import defaultdict
from functools import cache, lru_cache

import pycountry

# Names the lists use that pycountry does not resolve on its own.
COUNTRY_NAMES = {
    "iran (islamic republic of)": "IR",
    "iran": "IR",
    "russia": "RU",
    "syria": "SY",
    "syrian arab republic": "SY",
    "democratic people's republic of korea": "KP",
    "north korea": "KP",
    "korea, north": "KP",
    "republic of korea": "KR",
    "south korea": "KR",
    "korea, south": "KR",
    "venezuela (bolivarian republic of)": "VE",
    "bolivia (plurinational state of)": "BO",
    "united republic of tanzania": "TZ",
    "tanzania": "TZ",
    "democratic republic of the congo": "CD",
    "congo, democratic republic of the": "CD",
    "republic of the congo": "CG",
    "state of palestine": "PS",
    "palestinian": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "kosovo": "XK",
    "turkey": "TR",
    "türkiye": "TR",
    "viet nam": "VN",
    "vietnam": "VN",
    "laos": "LA",
    "lao people's democratic republic": "LA",
    "burma": "MM",
    "the former yugoslav republic of macedonia": "MK",
    "macedonia": "MK",
    "côte d'ivoire": "CI",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "united kingdom of great britain and northern ireland": "GB",
    "united kingdom": "GB",
    "united states": "US",
    "united states of america": "US",
    "moldova": "MD",
    "republic of moldova": "MD",
    "czech republic": "CZ",
    "the netherlands": "NL",
    "netherlands": "NL",
    "bahamas": "BS",
    "gambia": "GM",
    "brunei": "BN",
    "cabo verde": "CV",
    "cape verde": "CV",
    "micronesia": "FM",
    "swaziland": "SZ",
    # OFAC's address rows write some countries in index order, and name regions in the country column.
    "bahamas, the": "BS",
    "gambia, the": "GM",
    "the gambia": "GM",
    "macedonia, the former yugoslav republic of": "MK",
    "congo, republic of the": "CG",
    "cote d ivoire": "CI",
    "man, isle of": "IM",
    "region: gaza": "PS",
    "region: northern mali": "ML",
    "region: crimea": "UA",  # as OFAC's own address rows write Crimea's country
    "china, hong kong special administrative region": "HK",
    "macau": "MO",  # pycountry spells it Macao
}
# Values the lists put where a country goes that name none today: told at once, since a fuzzy search that
# finds nothing reads every subdivision (a tenth of a second each, a tenth of a first import of the UN list).
NOT_COUNTRIES = {
    "undetermined",
    "former soviet union",
    "netherlands antilles",
    "possibly palestinian",
    "region: kafia kingi",
}
MONTHS = {name.lower(): i for i, name in enumerate(
    ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
) if name}  # fmt: skip


# What follows a country's name in some values: '(Macau)', or 'Cabo Verde.  Previously Cape Verde.'
_ASIDE = re.compile(r"\s*\(.*\)|\.?\s+(?:previously|formerly)\b.*", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=2048)
def country_code(name, *, regions=True):
    """ISO alpha-2 for a country name or code as the lists write it; None when it cannot be told.

    With ``regions``, a value naming a country's region rather than the country ('Jalisco', 'Bogota', as OFAC
    writes where a Colombian register is kept) gives that country when the name is one country's alone. No
    fuzzy search: pycountry's matched parts of words, 'Cali' to California, and took a tenth of a second each.
    """
    text = (name or "").strip().rstrip(".")
    if not text:
        return None
    known = COUNTRY_NAMES.get(text.lower())
    if known or text.lower() in NOT_COUNTRIES:
        return known
    if len(text) == 2 and text.isalpha():
        return text.upper()
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        pass
    shorter = _ASIDE.sub("", text).strip()
    if shorter and shorter != text:
        return country_code(shorter, regions=regions)
    return region_country(text) if regions else None


def _words(text):
    """Lower-case ASCII words: 'Distrito Capital de Bogotá' -> ('distrito', 'capital', 'de', 'bogota')."""
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return tuple(_NOT_WORD.sub(" ", ascii_only).split())


@cache
def _region_countries():
    """Each run of whole words in an ISO 3166-2 subdivision's name -> the countries having such a name."""
    found = defaultdict(set)
    for subdivision in pycountry.subdivisions:
        words = _words(subdivision.name)
        for start in range(len(words)):
            for end in range(start + 1, len(words) + 1):
                found[words[start:end]].add(subdivision.country_code)
    return found


def region_country(name):
    """The country whose subdivision's name holds ``name`` as whole words ('Jalisco', 'Bogota'), when one
    country alone has such a name; None otherwise ('Cali' is no whole word of 'California')."""
    countries = _region_countries().get(_words(name), ())
    return next(iter(countries)) if len(countries) == 1 else None


def ofac_date(text):
    """'10 Dec 1948', 'Dec 1948' or '1948' -> (date, precision); ranges and 'circa' take the first date."""
    text = text.strip()
    match = re.match(r"(?:circa\s+)?(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\s+(\d{4})", text)
    if match and match.group(2).lower() in MONTHS:
        day, month, year = match.groups()
        if day:
            return datetime.date(int(year), MONTHS[month.lower()], int(day)), "day"
        return datetime.date(int(year), MONTHS[month.lower()], 1), "month"
    match = re.match(r"(?:circa\s+)?(\d{4})", text)
    if match:
        return datetime.date(int(match.group(1)), 1, 1), "year"
    return None, ""


def iso_date(text):
    """'2012-12-31' or '2012-12-31T00:00:00' -> date; None for empty or malformed values."""
    try:
        return datetime.date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


# The csv module's default field limit, held here because the limit is process-wide and other libraries
# raise it (followthemoney sets it to 64 MB on import): no cell of an official list comes near it.
CSV_FIELD_LIMIT = 131072


def check_cells(cells):
    """Refuse a row with a cell over ``CSV_FIELD_LIMIT``, as the csv module does at its default limit."""
    if any(len(cell) > CSV_FIELD_LIMIT for cell in cells if cell):
        raise csv.Error(f"field larger than field limit ({CSV_FIELD_LIMIT})")
