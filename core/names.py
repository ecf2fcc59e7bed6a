"""Name normalisation for screening: fold case, accents and scripts; drop titles and legal forms; derive keys.

Built on rigour (OpenSanctions' name library) and normality (ICU transliteration). Each name gives:
- ``fold(name)``: lower-case ASCII with punctuation removed, e.g. 'Нетаньяху' -> 'netanahu';
- ``tokens(name)``: its words, without honorifics (Mr, Dr) or legal forms (Ltd, LLC);
- ``keys(name)``: the index keys of each token: the token itself (``e:``) and a consonant skeleton
  (``s:``), with sound-alike letters merged, that survives vowel-less scripts (Hebrew, Arabic), other
  transliterations and most typos; and the whole name, its words in alphabetical order (``n:``, see
  ``whole``). A metaphone key per word was dropped: it found nothing the skeleton did not, on the
  evaluation set or in the benchmark, and was a seventh of the index.
"""

import re
from functools import lru_cache
from itertools import combinations

from normality import ascii_text
from rigour.names import remove_org_types, remove_person_prefixes

_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
# Folding calls ICU: the caches keep a screening batch from transliterating the same names again.

# Letters that sound alike across transliterations, mapped to one.
_SOUND = str.maketrans({"c": "k", "q": "k", "v": "b", "z": "s", "x": "k"})
_SILENT = set("aeiouhwyj")
# Words of a name paired into keys; a longer name keeps its first words in alphabetical order.
PAIR_WORDS = 6


@lru_cache(maxsize=200_000)
def fold(text):
    """Lower-case ASCII words separated by single spaces; apostrophes vanish (Cyrillic soft signs)."""
    text = (ascii_text(text or "") or "").lower().replace("'", "").replace("-", " ")
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()


@lru_cache(maxsize=200_000)
def tokens(name, *, organisation=False):
    cleaned = remove_org_types(name) if organisation else remove_person_prefixes(name)
    return tuple(token for token in fold(cleaned or name).split() if token)


@lru_cache(maxsize=200_000)
def skeleton(token):
    """First letter, then the consonants that transliterations keep: 'netanyahu' and 'ntnyhw' -> 'ntn'."""
    if token.startswith("al") and len(token) > 4:  # the Arabic article written as one word
        token = token[2:]
    token = token.replace("ph", "f").replace("ck", "k").translate(_SOUND)
    body = [token[0]] + [letter for letter in token[1:] if letter not in _SILENT]
    collapsed = [letter for i, letter in enumerate(body) if i == 0 or letter != body[i - 1]]
    return "".join(collapsed)


@lru_cache(maxsize=200_000)
def token_keys(token):
    """The keys of one word; cached, as for folding: an import indexes the same words again and again."""
    if len(token) >= 3 and token.isalpha():
        return frozenset((f"e:{token}", f"s:{skeleton(token)}"))
    return frozenset((f"e:{token}",))


def whole(name, *, organisation=False):
    """The name's words in alphabetical order: what ``token_sort_ratio`` compares, folded once and stored."""
    return " ".join(sorted(tokens(name, organisation=organisation)))


def keys(name, *, organisation=False):
    """Every index key of a name: per word, per pair of words (``b:`` exact, ``k:`` skeletons), and whole.

    Pairs are what keep retrieval selective at scale: 'maria' and 'garcia' are each common, the pair is
    rare; sorted, so that word order does not matter. The whole name (``n:``) finds a name spelt the same
    however common its words, and gives candidates a stored folded text to be ranked by.
    """
    words = tokens(name, organisation=organisation)
    found = {key for token in words for key in token_keys(token)}
    if words:
        found.add("n:" + " ".join(sorted(words)))
    usable = sorted({token for token in words if len(token) >= 2})[:PAIR_WORDS]
    skeletons = {token: skeleton(token) for token in usable if token.isalpha()}
    for first, second in combinations(usable, 2):
        found.add(f"b:{first}|{second}")
        if first in skeletons and second in skeletons:
            one, other = sorted((skeletons[first], skeletons[second]))
            found.add(f"k:{one}|{other}")
    return found


@lru_cache(maxsize=200_000)
def skeleton_text(name, *, organisation=False):
    return " ".join(skeleton(t) for t in tokens(name, organisation=organisation) if t.isalpha())
