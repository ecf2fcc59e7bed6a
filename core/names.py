"""Name normalisation for screening: fold case, accents and scripts; drop titles and legal forms; derive keys.

Built on rigour (OpenSanctions' name library) and normality (ICU transliteration). Each name gives:
- ``fold(name)``: lower-case ASCII with punctuation removed, e.g. 'Нетаньяху' -> 'netanahu';
- ``tokens(name)``: its words, without honorifics (Mr, Dr) or legal forms (Ltd, LLC);
- ``keys(name)``: the index keys of each token: the token itself (``e:``), its metaphone (``p:``) and
  a consonant skeleton (``s:``) that survives vowel-less scripts (Hebrew, Arabic) and most typos.
"""

import re

from normality import ascii_text
from rigour.names import remove_org_types, remove_person_prefixes
from rigour.text import metaphone

_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
# Letters that sound alike across transliterations, mapped to one.
_SOUND = str.maketrans({"c": "k", "q": "k", "v": "b", "z": "s", "x": "k"})
_SILENT = set("aeiouhwyj")


def fold(text):
    """Lower-case ASCII words separated by single spaces; apostrophes vanish (Cyrillic soft signs)."""
    text = (ascii_text(text or "") or "").lower().replace("'", "").replace("-", " ")
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()


def tokens(name, *, organisation=False):
    cleaned = remove_org_types(name) if organisation else remove_person_prefixes(name)
    return [token for token in fold(cleaned or name).split() if token]


def skeleton(token):
    """First letter, then the consonants that transliterations keep: 'netanyahu' and 'ntnyhw' -> 'ntn'."""
    if token.startswith("al") and len(token) > 4:  # the Arabic article written as one word
        token = token[2:]
    token = token.replace("ph", "f").replace("ck", "k").translate(_SOUND)
    body = [token[0]] + [letter for letter in token[1:] if letter not in _SILENT]
    collapsed = [letter for i, letter in enumerate(body) if i == 0 or letter != body[i - 1]]
    return "".join(collapsed)


def token_keys(token):
    keys = {f"e:{token}"}
    if len(token) >= 3 and token.isalpha():
        keys.add(f"p:{metaphone(token)}")
        keys.add(f"s:{skeleton(token)}")
    return keys


def keys(name, *, organisation=False):
    """Every index key of a name."""
    return {key for token in tokens(name, organisation=organisation) for key in token_keys(token)}


def skeleton_text(name, *, organisation=False):
    return " ".join(skeleton(t) for t in tokens(name, organisation=organisation) if t.isalpha())
