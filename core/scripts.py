"""The writing system a name is written in, as the ISO 15924 code that ``Alias.script`` holds ('' for Latin).

The lists give an alias's script rarely (OFAC's advanced XML does, as a reference id; the UN marks a name "in
original script" without saying which): it is read off the letters instead, with rigour's Unicode script
property, the same for every list and for names typed in the admin or the API.
"""

from functools import lru_cache

from rigour.text.scripts import text_scripts

# Unicode's long script names, as rigour reports them, and their ISO 15924 codes: the scripts of the
# countries that the lists' names come from. A name in a script not here gets no code rather than a guess.
CODES = {
    "Arabic": "Arab",
    "Armenian": "Armn",
    "Bengali": "Beng",
    "Cyrillic": "Cyrl",
    "Devanagari": "Deva",
    "Ethiopic": "Ethi",
    "Georgian": "Geor",
    "Greek": "Grek",
    "Gujarati": "Gujr",
    "Gurmukhi": "Guru",
    "Han": "Hani",
    "Hangul": "Hang",
    "Hebrew": "Hebr",
    "Hiragana": "Hira",
    "Kannada": "Knda",
    "Katakana": "Kana",
    "Khmer": "Khmr",
    "Lao": "Laoo",
    "Malayalam": "Mlym",
    "Mongolian": "Mong",
    "Myanmar": "Mymr",
    "Oriya": "Orya",
    "Sinhala": "Sinh",
    "Syriac": "Syrc",
    "Tamil": "Taml",
    "Telugu": "Telu",
    "Thaana": "Thaa",
    "Thai": "Thai",
    "Tibetan": "Tibt",
}
# Japanese writes Han with kana, Korean Han with Hangul: ISO 15924 codes each mix as one script.
MIXES = {
    frozenset({"Han", "Hiragana"}): "Jpan",
    frozenset({"Han", "Katakana"}): "Jpan",
    frozenset({"Han", "Hiragana", "Katakana"}): "Jpan",
    frozenset({"Hiragana", "Katakana"}): "Jpan",
    frozenset({"Han", "Hangul"}): "Kore",
}


@lru_cache(maxsize=100_000)
def script_of(name):
    """'Нетаньяху' -> 'Cyrl', 'נתניהו' -> 'Hebr', '金正恩' -> 'Hani'; '' for a name in Latin letters (accented or
    not), with no letters, or mixing unrelated scripts ('Ахмад Ali'), which no single code describes."""
    if not name or name.isascii():
        return ""
    found = frozenset(text_scripts(name))
    if len(found) == 1:
        return CODES.get(next(iter(found)), "")
    return MIXES.get(found, "")
