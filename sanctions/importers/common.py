"""Helpers shared by the parsers: country names to ISO codes, dates written in the lists' styles."""

import csv
import datetime
import re
from collections import defaultdict
from functools import cache, lru_cache

import pycountry

from core.names import fold

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
    "hong kong sar": "HK",
    "uae": "AE",
    "great britain": "GB",
    "zaire": "CD",  # the Democratic Republic of the Congo's name until 1997
    "congo (kinshasa)": "CD",
    "congo (brazzaville)": "CG",
    "dr congo": "CD",
}
# Values the lists put where a country goes that name none today, named here so that the reason is on record.
NOT_COUNTRIES = {
    "na",  # 'not available', as the UN writes a Sudanese general's nationality: not Namibia
    "n/a",
    "unknown",
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


@lru_cache(maxsize=2048)
def country_code(name):
    """ISO alpha-2 for a country name or code as the lists write it; None when it cannot be told.

    Names are compared without case, accents or punctuation ('Turkiye', 'Reunion', 'Virgin Islands, U.S.'). No
    guess beyond the names of countries: pycountry's fuzzy search matched parts of words and regions' names,
    OFAC's Colombian registers '(Cali)' going to the United States by way of California, and took 40 ms each.
    """
    text = (name or "").strip()
    if not text:
        return None
    lowered = text.lower().rstrip(".")
    known = COUNTRY_NAMES.get(lowered)
    if known or lowered in NOT_COUNTRIES:
        return known
    if len(text) == 2 and text.isalpha():
        return text.upper() if text.upper() in _codes() else None
    try:
        return pycountry.countries.lookup(text.rstrip(".")).alpha_2
    except LookupError:
        pass
    if named := country_named(text):
        return named
    shorter = _ASIDE.sub("", text).strip()
    return country_code(shorter) if shorter and shorter != text else None


def country_named(text):
    """The country whose name ``text`` is, as a name only (no code, no aside): for words written beside something
    else, where 'Per' or '(ID)' are no country."""
    return folded_country_names().get(folded_name(text or ""))


def folded_name(text):
    """A name as screening folds one (``core.names.fold``), an apostrophe parting words as OFAC's 'Cote d Ivoire'
    does and 'St.' written out: "Côte d'Ivoire" -> 'cote d ivoire', 'St. Lucia' -> 'saint lucia'."""
    return " ".join("saint" if word == "st" else word for word in fold(text.replace("'", " ")).split())


@cache
def folded_country_names():
    """Every name a country is read by, folded (``folded_name``) -> its ISO code: pycountry's and ``COUNTRY_NAMES``,
    whose commas and brackets fold away ('congo democratic republic of the'), for names read among words."""
    return {**_country_names(), **{folded_name(name): code for name, code in COUNTRY_NAMES.items()}}


@cache
def _codes():
    return {country.alpha_2 for country in pycountry.countries} | {"XK"}  # Kosovo, which ISO has not coded


@cache
def _country_names():
    """Every country's folded names (name, official and common name) -> its alpha-2 code; and the name before an
    index-order comma or an aside ('Palestine, State of', 'Holy See (Vatican City State)') when it is one
    country's alone ('Virgin Islands, British' and '..., U.S.' share theirs) and no country's whole name."""
    whole, short = {}, defaultdict(set)
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            if written := getattr(country, attribute, None):
                whole[folded_name(written)] = country.alpha_2
                short[folded_name(re.split(r",|\s\(", written)[0])].add(country.alpha_2)
    return {**{name: next(iter(codes)) for name, codes in short.items() if len(codes) == 1}, **whole}


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
