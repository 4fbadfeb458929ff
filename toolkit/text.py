"""Offline text processing: normalize, tokenize, split sentences, stop words, stems, lemmas and
the language of a text.

Nothing here downloads anything: tokens come from one compiled regular expression, sentences
from NLTK's Punkt algorithm (reimplemented for speed, tested to split exactly as NLTK does) given
our own packaged abbreviation list, stop words from the ``stop-words`` package, stems from NLTK's
Snowball stemmers, which carry their rules in code, lemmas from ``simplemma`` and languages from
``py3langid``, which carry their data in the installed package.

The token rule
--------------
A token is a run of letters, digits and underscores (any script: Latin, Cyrillic, ...; Python's
``\\w``) and the combining marks after them (Unicode's word rule: Arabic with harakat, Hebrew with
niqqud and Devanagari words are whole; a mark after no letter is in no token), in which single
internal hyphens and apostrophes are kept: ``war-time``, ``russia's``,
``anti-sanctions``, ``don't``. Two more forms are one token each:

* **dotted acronyms**, single letters each followed by a period, keep their periods: ``U.S.``
  is the token ``u.s.``, ``U.K.'s`` is ``u.k.'s``, ``U.S.-led`` is ``u.s.-led``, ``anti-U.S.`` is
  ``anti-u.s.`` (which ``U.S.`` matches, as a part of a hyphenated compound), ``E.U.``,
  ``U.N.``, ``e.g.``, ``т.е.``. A pattern names them as written (``U.S.``), so a family for the
  United States never matches the pronoun ``us``. Without the final period (``U.S``) the
  letters are separate tokens;
* **numbers** with thousands separators or decimals: ``1,000``, ``3.5``, ``18.05.2023``
  (a period or comma between two digits joins them).

Everything else (punctuation, quotes, dashes, other periods) separates tokens and is dropped. Where
this differs from NLTK's ``NLTKWordTokenizer`` (the tokenizer behind ``nltk.word_tokenize``):

* a period ends a word everywhere, not only at the end of the string: NLTK returns ``'peace.'`` for
  a word in the middle of a document, we return ``'peace'``;
* contractions stay whole: NLTK splits ``isn't`` into ``is`` + ``n't``, we keep ``isn't``;
* possessives stay whole: NLTK splits ``Russia's`` into ``Russia`` + ``'s``, we keep ``russia's``
  (term matching in :mod:`toolkit.terms` also tries the form without ``'s``);
* punctuation is not a token: NLTK returns ``','``, ``'``'``, ``':'`` as tokens, we drop them, so
  token counts are word counts and make sound denominators for rates;
* a dotted acronym is always one token with its final period: NLTK gives ``U.S.`` inside a text
  but ``U.S`` + ``.`` at its end.

Tokens are lower-cased by default. Curly apostrophes (``’``) and the Unicode hyphens U+2010 and
U+2011 join words like their ASCII forms; run :func:`normalize` first to fold the rest (soft
hyphens, zero-width characters, compatibility forms).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from toolkit.errors import MissingResourceError, ToolkitError

__all__ = [
    "LEMMA_LANGUAGES",
    "SCRIPTS",
    "detect_language",
    "detect_languages",
    "fold_lookalikes",
    "is_number",
    "lemmatize",
    "letter_script",
    "letters_unlike",
    "mixed_script_words",
    "normalize",
    "sentence_spans",
    "sentences",
    "stem",
    "stopword_set",
    "stopwords",
    "token_re",
    "tokenize",
]

_JOINERS = "'’\\-\u2010\u2011"
_LETTER = r"[^\W\d_]"


def _mark_ranges() -> str:
    """The combining marks (Unicode categories Mn, Mc, Me: none is ``\\w``) as the body of a
    character class. Every mark lies from U+0300 on, below U+20000 or in the variation
    selectors (tests/test_text.py checks every code point)."""
    category = unicodedata.category
    points = [c for c in range(0x300, 0x20000) if category(chr(c))[0] == "M"]
    points += [c for c in range(0xE0000, 0xE1000) if category(chr(c))[0] == "M"]
    ranges: list[list[int]] = []
    for c in points:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


#: The combining marks (categories Mn, Mc, Me) as a regular-expression character class.
MARKS = f"[{_mark_ranges()}]"
# A run is a word character and what follows it of word characters and combining marks (Unicode's
# word rule: a mark belongs to the letter before it, so that Arabic with harakat, Hebrew with
# niqqud and Devanagari with its vowel signs stay whole); a mark with no word character before
# it belongs to no token. A word is a run, then (rarely) the tail that makes it a dotted acronym:
# the run is a single letter (no mark before or after it) followed by a period, and more
# letter-period pairs follow. A token is a word and its joined parts: a joiner and another word
# (anti-U.S.), or a period or comma between two digits. Every extension starts with a literal or
# a one-character class, so the common case (a word followed by a space) costs what a plain
# ``\w+`` does. Possessive quantifiers (Python 3.11+) stop the engine from backtracking into a
# word; Python 3.10 has none, and the plain pattern matches exactly the same tokens (every
# extension is optional and tried greedily).
# (Marks are looked for only before a character above ASCII: a cheap test, where the class of
# every mark costs a scan of its ranges above U+FFFF.)
_RUN = r"\w++(?:(?=[^\x00-\x7f])M++\w*+)*+"
_WORD = _RUN + r"(?:\.(?<=(?<![\wN])L\.)(?:L\.)++(?!\w))?+"
_POSSESSIVE = _WORD + r"(?:[{j}]" + _WORD + r"|[.,](?<=\d[.,])(?=\d)" + _RUN + r")*+"
_PLAIN = _POSSESSIVE.replace("++", "+").replace("?+", "?").replace("*+", "*")


def _token_pattern(template: str, joiners: str) -> str:
    pattern = template.replace("L", _LETTER).format(j=joiners)
    return pattern.replace("M", MARKS).replace("N", MARKS[1:-1])


try:
    TOKEN_RE = re.compile(_token_pattern(_POSSESSIVE, _JOINERS))
    _TOKEN_NO_HYPHEN_RE = re.compile(_token_pattern(_POSSESSIVE, "'’"))
except re.error:  # pragma: no cover - Python 3.10
    TOKEN_RE = re.compile(_token_pattern(_PLAIN, _JOINERS))
    _TOKEN_NO_HYPHEN_RE = re.compile(_token_pattern(_PLAIN, "'’"))
# On ASCII text the ASCII classes give the same tokens, about a fifth faster.
_TOKEN_ASCII_RE = re.compile(TOKEN_RE.pattern, re.ASCII)
_TOKEN_NO_HYPHEN_ASCII_RE = re.compile(_TOKEN_NO_HYPHEN_RE.pattern, re.ASCII)


def token_re(text: str) -> re.Pattern[str]:
    """The token pattern to scan ``text`` with: :data:`TOKEN_RE`, or for ASCII text (``str``
    knows in constant time) its ASCII twin, which finds the same tokens faster."""
    return _TOKEN_ASCII_RE if text.isascii() else TOKEN_RE


_CHAR_MAP = str.maketrans(
    {
        # apostrophes and single quotes
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        # double quotes (guillemets are kept: they mark quoted speech in Russian text)
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        # hyphens join words; dashes separate them
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u2012": "\u2013",
        "\u2015": "\u2014",
    }
)
# Soft hyphen, zero-width characters, the word joiner, the BOM, bidirectional marks, embeddings
# and isolates (LRM, RLM, ALM, LRE..RLO, LRI..PDI) and the combining grapheme joiner: none is
# part of a word, and each would split one in two.
_INVISIBLE = str.maketrans(
    dict.fromkeys(
        "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u034f"
    )
)
_INVISIBLE_RE = re.compile("[" + re.escape("".join(map(chr, _INVISIBLE))) + "]")
_FOLDED = {chr(k): v for k, v in _CHAR_MAP.items()}
_FOLDED_RE = re.compile("[" + re.escape("".join(_FOLDED)) + "]")
# White space other than the space and the newline (str.isspace, which is what \\s matches; a test
# checks the list against it); NFKC turns most of the Unicode spaces into plain ones.
_ODD_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Compatibility spaces (no-break, thin, ideographic, ...): NFKC makes each a plain space, but one of
# them makes it rewrite the whole text, so they are replaced first (with the same result).
_COMPAT_SPACES_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ODD_ASCII = _ODD_SPACES[:8].encode("ascii")
_COMPAT_SPACES = frozenset(filter(_COMPAT_SPACES_RE.match, _ODD_SPACES))
_INVISIBLE_CHARS = frozenset(map(chr, _INVISIBLE))
#: Every character some step of :func:`normalize` rewrites: a text without one, already in NFKC,
#: skips them all (and is returned as it is when it has no two spaces in a row, no space beside a
#: line break, no three line breaks in a row and no white space at either end).
SPECIAL_CHARS = "".join(map(chr, _INVISIBLE)) + "".join(_FOLDED) + _ODD_SPACES + "\u0301"
_SPECIAL_RE = re.compile("[" + re.escape(SPECIAL_CHARS) + "]")
# A run of horizontal white space that is not already one plain space; where the only horizontal
# white space is the plain space, a run of them (a pattern that starts with a literal, which the
# engine finds far faster).
_HSPACE_RE = re.compile(r"[^\S\n]{2,}|[^\S\n ]")
_SPACES_RE = re.compile("  +")
_MANY_NL_RE = re.compile(r"\n{3,}")


def normalize(text: str) -> str:
    """Return ``text`` in a canonical form that makes counts comparable across outlets.

    Applies Unicode NFKC (compatibility forms such as non-breaking spaces and ligatures become
    plain characters), then folds curly quotes and apostrophes to ASCII, Unicode hyphens to ``-``,
    removes soft hyphens, zero-width characters and bidirectional marks (LRM, RLM, isolates),
    turns every run of horizontal white space into one space, ``\\r\\n`` into ``\\n``, keeps at
    most one blank line between paragraphs and strips the ends. Guillemets (``«»``) and dashes
    (``–``, ``—``) are kept. The function is idempotent.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str

    Examples
    --------
    >>> normalize("\\u201cSovereign\\u00adty\\u201d \\u2014 it\\u2019s\\u00a0key.\\r\\n")
    '"Sovereignty" — it\\'s key.'
    """
    if not isinstance(text, str):
        raise ToolkitError(f"normalize() takes a str, got {type(text).__name__}.")
    # Every step looks before it copies: most news text needs few of them (ASCII text none of
    # the Unicode ones), and a search runs far faster than a rewrite of the whole text.
    if text.isascii():  # odd white space (tabs, \r, ...): deleting it in C tells the quickest
        odd = len(text.encode("ascii").translate(None, _ODD_ASCII)) < len(text)
    elif not _SPECIAL_RE.search(text) and unicodedata.is_normalized("NFKC", text):
        odd = False  # (the odd spaces are special characters too)
    else:
        # One search says which special characters the text has, and so which steps it needs.
        present = set(_SPECIAL_RE.findall(text))
        # Invisible characters go first, so that a letter and a combining mark they separated
        # compose in the NFKC step (normalize must be idempotent).
        if not present.isdisjoint(_INVISIBLE_CHARS):
            text = _INVISIBLE_RE.sub("", text)
        if not present.isdisjoint(_COMPAT_SPACES):
            text = _COMPAT_SPACES_RE.sub(" ", text)
            present -= _COMPAT_SPACES
        composed = unicodedata.normalize("NFKC", text)
        if composed != text:  # NFKC can bring in characters the steps below rewrite (″, ́)
            text, present = composed, set(_SPECIAL_RE.findall(composed))
        for char in present.intersection(_FOLDED):  # (no folded character is another's target)
            text = text.replace(char, _FOLDED[char])
        # A combining acute that NFKC could not compose is, in Russian text, a stress mark
        # (сувере́нитет): not part of the spelling, and it would hide the word from every pattern.
        # Removing it can let the letter compose with another mark, hence NFKC once more (which
        # only composes: it brings in no special character).
        if "\u0301" in present:
            text = unicodedata.normalize("NFKC", text.replace("\u0301", ""))
        odd = not present.isdisjoint(_ODD_SPACES)
    if odd and "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if odd:
        text = _HSPACE_RE.sub(" ", text)
    elif "  " in text:
        text = _SPACES_RE.sub(" ", text)
    # (no two spaces are left in a row: removing the space before each line break, then the one
    # after each, removes every space beside one)
    if " \n" in text:
        text = text.replace(" \n", "\n")
    if "\n " in text:
        text = text.replace("\n ", "\n")
    if "\n\n\n" in text:
        text = _MANY_NL_RE.sub("\n\n", text)
    return text.strip()


# Cyrillic letters drawn like Latin ones, and their Latin twins. A word that mixes the two
# scripts (NАТО with Cyrillic А, Т, О; сaнкции with a Latin a) looks right and matches no term.
_CYRILLIC_TWINS = "АВЕКМНОРСТУХаеорсухіјѕ"
_LATIN_TWINS = "ABEKMHOPCTYXaeopcyxijs"
_TO_LATIN = str.maketrans(_CYRILLIC_TWINS, _LATIN_TWINS)
_TO_CYRILLIC = str.maketrans(_LATIN_TWINS, _CYRILLIC_TWINS)
# (a word made of letters that mixes the scripts has a Latin letter next to a Cyrillic one; two
# patterns that each start with a class search faster than their alternation)
_LATIN_CYRILLIC_RE = re.compile("[A-Za-z][\u0400-\u04ff]")
_CYRILLIC_LATIN_RE = re.compile("[\u0400-\u04ff][A-Za-z]")


def _has_mixed_pair(text: str) -> bool:
    return bool(_LATIN_CYRILLIC_RE.search(text) or _CYRILLIC_LATIN_RE.search(text))


_WORD_RE = re.compile(r"\w+")


def mixed_script_words(text: str) -> list[str]:
    """The words of ``text`` that mix Latin and Cyrillic letters (look-alike letters, as in a
    ``NАТО`` typed with Cyrillic ``А``, ``Т``, ``О``, hide a word from every term search).

    Examples
    --------
    >>> mixed_script_words("NATO and N\u0410\u0422\u041e; Москва")
    ['NАТО']
    """
    if not isinstance(text, str):
        raise ToolkitError(f"mixed_script_words() takes a str, got {type(text).__name__}.")
    if text.isascii() or not _has_mixed_pair(text):
        return []
    return [w for w in _WORD_RE.findall(text) if _has_mixed_pair(w)]


def fold_lookalikes(text: str) -> str:
    """Rewrite each word that mixes Latin and Cyrillic letters in one script: the look-alike
    letters (А/A, О/O, с/c, ...) take the script of the letters only one script has (the ``N``
    of ``NАТО``, the ``н`` of ``сaнкции``); a word of look-alikes alone takes the script of most
    of its letters. Other words are left as they are.

    Examples
    --------
    >>> fold_lookalikes("N\u0410\u0422\u041e summit")  # Cyrillic А, Т, О
    'NATO summit'
    >>> fold_lookalikes("\u0441a\u043d\u043a\u0446\u0438\u0438")  # a Latin a
    'санкции'
    """
    if not isinstance(text, str):
        raise ToolkitError(f"fold_lookalikes() takes a str, got {type(text).__name__}.")
    if text.isascii() or not _has_mixed_pair(text):
        return text

    def fold(match: re.Match[str]) -> str:
        word = match.group()
        if not _has_mixed_pair(word):
            return word
        # the letters that only one script has decide; a word of look-alikes only goes by count
        latin = sum(c.isascii() and c not in _LATIN_TWINS for c in word if c.isalpha())
        cyrillic = sum("\u0400" <= c <= "\u04ff" and c not in _CYRILLIC_TWINS for c in word)
        if latin == cyrillic:
            latin = sum(c.isascii() and c.isalpha() for c in word)
            cyrillic = sum("\u0400" <= c <= "\u04ff" for c in word)
        return word.translate(_TO_LATIN if latin > cyrillic else _TO_CYRILLIC)

    return _WORD_RE.sub(fold, text)


def tokenize(text: str, *, lowercase: bool = True, split_hyphens: bool = False) -> list[str]:
    """Split ``text`` into word tokens (the token rule is in the module docstring).

    Parameters
    ----------
    text : str
        Any text; run :func:`normalize` first on messy input.
    lowercase : bool, default True
        Lower-case the tokens.
    split_hyphens : bool, default False
        Split hyphenated compounds into their parts (``war-time`` -> ``war``, ``time``).

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize("Anti-sanctions rhetoric: Russia's war-time peace. Unity!")
    ['anti-sanctions', 'rhetoric', "russia's", 'war-time', 'peace', 'unity']
    >>> tokenize("War-time", split_hyphens=True, lowercase=False)
    ['War', 'time']
    >>> tokenize("Суверенитет и единство.")
    ['суверенитет', 'и', 'единство']
    >>> tokenize("U.S.-led talks: the U.K.'s 1,000 troops and 3.5% of the E.U., not us.")
    ['u.s.-led', 'talks', 'the', "u.k.'s", '1,000', 'troops', 'and', '3.5', 'of', 'the', 'e.u.',
     'not', 'us']
    """
    if not isinstance(text, str):
        raise ToolkitError(f"tokenize() takes a str, got {type(text).__name__}.")
    text = text.lower() if lowercase else text
    if split_hyphens:
        pattern = _TOKEN_NO_HYPHEN_ASCII_RE if text.isascii() else _TOKEN_NO_HYPHEN_RE
    else:
        pattern = token_re(text)
    return pattern.findall(text)


@cache
def _abbreviations() -> frozenset[str]:
    raw = resources.files("toolkit.resources").joinpath("abbreviations.txt").read_text("utf-8")
    lines = (line.strip() for line in raw.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def _punkt() -> _Punkt:
    return _Punkt(_abbreviations())


def warm_up() -> None:
    """Build the sentence splitter now (a process that forks workers calls this first, so that
    they inherit it instead of each importing NLTK's Punkt again)."""
    _punkt()


# The regular expressions of NLTK's Punkt (``PunktLanguageVars`` and ``PunktToken``, NLTK 3.9
# and 3.10), written out here so that splitting sentences never imports NLTK. tests/test_text.py
# holds the splitter equal to NLTK's ``PunktSentenceTokenizer`` where NLTK is installed.
# Punctuation that can follow an end mark or end a word (Punkt's ``_re_non_word_chars``).
_PUNKT_NON_WORD = r"""(?:[)";}\]*:@'({\[\u2018\u2019\u201c\u201d\xab\xbb?!])"""
# Dashes and ellipses (``_re_multi_char_punct``).
_PUNKT_MULTI = r"(?:-{2,}|\.{2,}|(?:\.\s){2,}\.)"
# An end mark and what follows it: punctuation, or white space and the next token.
_PUNKT_CONTEXT = r"[.?!](?=(?P<after_tok>" + _PUNKT_NON_WORD + r"|\s+(?P<next_tok>\S+)))"
# Punkt's words: a dash or an ellipsis; or a run that does not start with certain punctuation,
# up to white space, the end, punctuation or a comma at the end of the word; or one character.
_PUNKT_WORD = (
    r"(" + _PUNKT_MULTI + r"|(?=[^(\"`{\[:;&#*@)}\]\-,])\S+?(?=\s|$|" + _PUNKT_NON_WORD + "|"
    + _PUNKT_MULTI + r"|,(?=$|\s|" + _PUNKT_NON_WORD + "|" + _PUNKT_MULTI + r"))|\S)"
)  # fmt: skip
# Closing quotes and brackets after an end mark (``re_boundary_realignment``, multi-line).
_PUNKT_REALIGN = r"""["')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)"""
_PUNKT_ELLIPSIS = r"\.\.+$"
_PUNKT_NUMERIC = r"^-?[.,]?\d[\d,.-]*\.?$"
_PUNKT_INITIAL = r"[^\W\d]\.$"
_PUNKT_ENDS = frozenset(".?!")
_PUNKT_PUNCTUATION = frozenset(";:,.!?")


class _Punkt:
    """NLTK's Punkt sentence splitter (``PunktSentenceTokenizer.span_tokenize``) for its
    untrained parameters plus an abbreviation list, without building a token object per word.

    Untrained, Punkt has no collocations, no frequent sentence starters and no orthographic
    context, so of its heuristics only these remain: a period after a word that is not an
    abbreviation ends a sentence, as do ``?`` and ``!``; a period after an initial (``J.``) or a
    number (``5.``) does not when the next token is lower case or punctuation, and after an
    initial not when it is upper case either. The regular expressions are NLTK's (written out
    above, so that NLTK is never imported), compiled with the engine NLTK uses (``regex``: its
    ``\\s`` and ``\\w`` follow Unicode's properties, not ``str.isspace``) but without its
    per-match time limit, and the result is tested to equal ``span_tokenize`` on the State of the
    Union addresses, on real news and on random text.
    """

    def __init__(self, abbreviations: frozenset[str]) -> None:
        import regex

        self.abbreviations = abbreviations
        self.ends = _PUNKT_ENDS
        self.punctuation = _PUNKT_PUNCTUATION
        self.context_re = regex.compile(_PUNKT_CONTEXT)
        self.words = regex.compile(_PUNKT_WORD).findall
        self.realign = regex.compile(_PUNKT_REALIGN, regex.MULTILINE).match
        self.ellipsis = regex.compile(_PUNKT_ELLIPSIS).match
        self.numeric = regex.compile(_PUNKT_NUMERIC).sub
        self.initial = regex.compile(_PUNKT_INITIAL).match
        self.decided: dict[str, bool] = {}

    def breaks(self, context: str) -> bool:
        """Whether a sentence ends inside ``context`` (NLTK: ``text_contains_sentbreak``): some
        word of it but the last is marked as a sentence break."""
        found = self.decided.get(context)
        if found is None:
            if len(self.decided) > 200_000:
                self.decided.clear()
            found = self.decided[context] = self._breaks(context)
        return found

    def _breaks(self, context: str) -> bool:
        words = self.words(context)
        for i in range(len(words) - 1):
            word = words[i]
            if word in self.ends:
                return True
            if self.ellipsis(word) or not word.endswith(".") or word.endswith(".."):
                continue
            stem = word[:-1].lower()
            if stem in self.abbreviations or stem.split("-")[-1] in self.abbreviations:
                continue
            initial = self.initial(word) is not None
            # (Punkt's words never start with "#", so only a number has the type ##number##)
            if initial or self.numeric("##number##", word.lower()) == "##number##":
                after = words[i + 1]
                if after in self.punctuation or after[0].islower():
                    continue
                if initial and after[0].isupper():
                    continue
            return True
        return False

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The ``(start, end)`` spans of the sentences of one line (no line break)."""
        end = len(text.rstrip())
        if not any(char in text for char in self.ends):
            return [(0, end)] if end else []
        cuts = []  # (start, end) of each sentence before realignment
        last_break = 0
        for match, context in self._contexts(text):
            if self.breaks(context):
                cuts.append((last_break, match.end()))
                last_break = match.start("next_tok") if match.group("next_tok") else match.end()
        cuts.append((last_break, end))
        # closing quotes and brackets after the end mark belong to the sentence they close
        found = []
        realign = 0
        for i, (start, stop) in enumerate(cuts):
            start += realign
            closing = None
            if i + 1 < len(cuts):
                after, after_end = cuts[i + 1]
                if not text[after : after + 1].isalnum():  # (the closing marks are punctuation)
                    closing = self.realign(text[after:after_end])
            if closing:
                found.append((start, after + len(closing.group(0).rstrip())))
                realign = closing.end()
            else:
                realign = 0
                if start < stop:
                    found.append((start, stop))
        return found

    def _contexts(self, text: str) -> list[tuple[Any, str]]:
        """NLTK's ``_match_potential_end_contexts``: each candidate end mark with the word
        before it and what follows, the earlier of two candidates in one word left out."""
        # the word before a mark starts after the last white space (of Python's
        # string.whitespace) between the previous word and the mark
        spaces = " " if text.isascii() and text.isprintable() else " \t\n\r\x0b\x0c"
        marks: list[tuple[Any, int, int]] = []  # (match, start and end of the word before it)
        word_start = word_stop = 0
        for match in self.context_re.finditer(text):
            mark = match.start()
            space = max(text.rfind(char, word_stop, mark) for char in spaces) - word_stop
            start = space + word_stop + 1 if space > 0 else word_start
            if marks and word_stop > start:  # the previous mark is in this word: left out
                marks.pop()
            marks.append((match, start, mark))
            word_start, word_stop = start, mark
        return [(m, text[a:b] + m.group() + m.group("after_tok")) for m, a, b in marks]


# A line, from its first non-blank character: sentences never start with white space.
_LINE_RE = re.compile(r"[^\s][^\n]*")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` character offsets of the sentences of ``text``.

    Line breaks always end a sentence (news text keeps one paragraph per line, and headlines have
    no final period); within a line, NLTK's Punkt algorithm splits at ``.``, ``!`` and ``?`` except
    after the abbreviations in ``toolkit/resources/abbreviations.txt`` (``U.S.``, ``Mr.``, ``Gen.``,
    ``Jan.``, ``etc.``, ``т.е.``, ...). A sentence that ends with such an abbreviation is therefore
    joined to the next one. (The rule is NLTK's ``PunktSentenceTokenizer`` with these
    abbreviations, reimplemented to split over three times faster, with the same spans.)

    Examples
    --------
    >>> list(sentence_spans("Mr. Smith left. He came back."))
    [(0, 15), (16, 29)]
    """
    if not isinstance(text, str):
        raise ToolkitError(f"sentence_spans() takes a str, got {type(text).__name__}.")
    punkt = _punkt()
    for line in _LINE_RE.finditer(text):
        offset = line.start()
        for start, end in punkt.spans(line.group()):
            yield offset + start, offset + end


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (see :func:`sentence_spans` for the rule).

    Examples
    --------
    >>> sentences("Gen. Jones met officials in the U.S. on Jan. 5. Talks went well! Next?")
    ['Gen. Jones met officials in the U.S. on Jan. 5.', 'Talks went well!', 'Next?']
    >>> sentences("В 2023 г. Лукашенко выступил в Минске. Это т.е. пример.")
    ['В 2023 г. Лукашенко выступил в Минске.', 'Это т.е. пример.']
    """
    if not isinstance(text, str):
        raise ToolkitError(
            f"sentences() takes a str, got {type(text).__name__}. For the sentences of a corpus, "
            "apply it to each text: corpus['text'].map(toolkit.sentences)."
        )
    return [text[start:end] for start, end in sentence_spans(text)]


_LANGS = {"en": "english", "ru": "russian"}


def _check_lang(lang: str) -> str:
    if lang not in _LANGS:
        raise ToolkitError(f"Language {lang!r} is not supported; use one of {sorted(_LANGS)}.")
    return _LANGS[lang]


@cache
def _kept_words() -> dict[str, frozenset[str]]:
    raw = resources.files("toolkit.resources").joinpath("stopwords_keep.txt").read_text("utf-8")
    kept: dict[str, set[str]] = {}
    lang = ""
    for line in (line.strip() for line in raw.splitlines()):
        if line.startswith("[") and line.endswith("]"):
            lang = line[1:-1]
        elif line and not line.startswith("#"):
            kept.setdefault(lang, set()).add(line)
    return {k: frozenset(v) for k, v in kept.items()}


@cache
def stopwords(lang: str = "en") -> frozenset[str]:
    """Return the stop words of ``lang`` (``"en"`` or ``"ru"``).

    The list is the ``stop-words`` package's, less the words in
    ``toolkit/resources/stopwords_keep.txt``: words the package lists that carry meaning in
    political rhetoric (``states``, ``world``, ``free``, ``together``, ``interests``; Russian
    ``мира``), which an analysis of rhetoric should never drop silently.

    Examples
    --------
    >>> "the" in stopwords("en"), "sovereignty" in stopwords("en"), "states" in stopwords("en")
    (True, False, False)
    >>> "и" in stopwords("ru"), "мира" in stopwords("ru")
    (True, False)
    """
    from stop_words import get_stop_words

    words = frozenset(get_stop_words(_check_lang(lang)))
    return words - _kept_words().get(lang, frozenset())


def stopword_set(words: str | Iterable[str] | None) -> frozenset[str]:
    """``stopwords=`` as a set: a language code's list (:func:`stopwords`), your own words
    (lower-cased), or none.

    Examples
    --------
    >>> sorted(stopword_set(["The", "of"])), len(stopword_set(None))
    (['of', 'the'], 0)
    """
    if words is None:
        return frozenset()
    if isinstance(words, str):
        return stopwords(words)
    return frozenset(str(w).lower() for w in words)


def is_number(token: str) -> bool:
    """True when the token has no letter (``1978``, ``000``, ``3_000``).

    Examples
    --------
    >>> is_number("1978"), is_number("g20")
    (True, False)
    """
    return not any(map(str.isalpha, token))  # (map: no generator frame per character)


@cache
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(_check_lang(lang))


def stem(word: str, *, lang: str = "en") -> str:
    """Return the Snowball stem of ``word`` for ``lang`` (``"en"`` or ``"ru"``).

    Examples
    --------
    >>> stem("sanctions"), stem("sovereignty")
    ('sanction', 'sovereignti')
    >>> stem("санкциями", lang="ru")
    'санкц'
    """
    if not isinstance(word, str):
        raise ToolkitError(f"stem() takes a str, got {type(word).__name__}.")
    return str(_stemmer(lang).stem(word))


_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
# letters of the Ukrainian alphabet that the Russian one lacks
_UKRAINIAN_RE = re.compile("[ієїґІЄЇҐ]")

#: The languages :func:`lemmatize` has dictionaries for (``simplemma``'s, in the package).
LEMMA_LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")


def _lemma_lang(token: str) -> str:
    """The language whose lemmas a token is looked up in: Ukrainian for a Cyrillic token with a
    letter only Ukrainian has (і, ї, є, ґ), Russian for another Cyrillic one, else English."""
    if not _CYRILLIC_RE.search(token):
        return "en"
    return "uk" if _UKRAINIAN_RE.search(token) else "ru"


@lru_cache(maxsize=200_000)
def lemmatize(token: str, *, lang: str | None = None) -> str:
    """Return the lemma (dictionary form) of a token, lower-cased, from ``simplemma``'s packaged
    dictionaries.

    ``lang`` is ``"en"``, ``"ru"`` or ``"uk"`` (:data:`LEMMA_LANGUAGES`); by default told by
    the token's letters: Ukrainian for a Cyrillic token with a letter only Ukrainian has (``і``,
    ``ї``, ``є``, ``ґ``), Russian for another Cyrillic token, English otherwise (say
    ``lang="uk"`` for Ukrainian words such as ``санкцій``, spelt as in Russian). A possessive
    ``'s`` goes (``kiev's`` -> ``kiev``); a word the dictionary does not know is its own lemma.

    Examples
    --------
    >>> lemmatize("санкциями"), lemmatize("санкций"), lemmatize("суверенитета")
    ('санкция', 'санкция', 'суверенитет')
    >>> lemmatize("countries"), lemmatize("kiev's"), lemmatize("u.s.")
    ('country', 'kiev', 'u.s.')
    >>> lemmatize("санкціями"), lemmatize("суверенітету"), lemmatize("країнами", lang="uk")
    ('санкція', 'суверенітет', 'країна')
    """
    if lang is None:
        lang = _lemma_lang(token)
    elif lang not in LEMMA_LANGUAGES:
        raise ToolkitError(
            f"Language {lang!r} is not supported for lemmas; use one of {list(LEMMA_LANGUAGES)}."
        )
    if len(token) > 2 and token[-2] in "'’" and token[-1] in "sS":
        token = token[:-2]
    return str(_simplemma().lemmatize(token, lang=lang)).lower()


@cache
def _simplemma():  # type: ignore[no-untyped-def]
    try:
        import simplemma
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingResourceError(
            "Lemmas need the simplemma package: pip install simplemma"
        ) from None
    return simplemma


@cache
def _language_identifier(languages: tuple[str, ...] | None):  # type: ignore[no-untyped-def]
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingResourceError(
            "Language detection needs the py3langid package: pip install py3langid"
        ) from None
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages:
        try:
            identifier.set_languages(list(languages))
        except ValueError as exc:
            raise ToolkitError(
                f"languages={list(languages)}: {exc}; use ISO 639-1 codes such as 'en', 'ru'."
            ) from None
    return identifier


#: How many characters of a text language detection reads by default: news names its language
#: in its first paragraph, and the model (a byte n-gram walk) takes time in proportion.
DETECT_CHARS = 1_000

#: The writing system of the languages not written in Latin letters (ISO 639-1 codes), as
#: :func:`letter_script` names it; any other language is taken to be written in Latin letters.
SCRIPTS: dict[str, str] = {
    **dict.fromkeys(
        ("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg", "tt", "ba", "cv", "os", "ce"),
        "Cyrillic",
    ),
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ug", "sd"), "Arabic"),
    **dict.fromkeys(("he", "yi"), "Hebrew"),
    **dict.fromkeys(("hi", "mr", "ne"), "Devanagari"),
    **dict.fromkeys(("zh", "ja"), "CJK"),
    "el": "Greek",
    "ka": "Georgian",
    "hy": "Armenian",
    "bn": "Bengali",
    "ta": "Tamil",
    "te": "Telugu",
    "th": "Thai",
    "ko": "Hangul",
    "am": "Ethiopic",
}

_LETTER_RE = re.compile(r"[^\W\d_]")
_ASCII_LETTER_RE = re.compile("[A-Za-z]")
_URL_RE = re.compile(r"(?:\w+://|www\.)[^\s()<>\[\]]+")
# scripts whose letters' Unicode names start with another word than the script's name
_SCRIPT_NAMES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "CJK": "CJK"}


# UTF-8 lead bytes: U+0400-U+052F (Cyrillic), U+00C0-U+027F (Latin letters beyond ASCII),
# U+0080-U+00BF and U+2000-U+2FFF (spaces, punctuation, symbols: not letters); every byte that
# starts a character beyond ASCII
_CYRILLIC_LEADS = tuple(bytes([b]) for b in range(0xD0, 0xD5))
_LATIN_LEADS = tuple(bytes([b]) for b in range(0xC3, 0xCA))
_SYMBOL_LEADS = (b"\xc2", b"\xe2")
_LEADS = bytes(range(0xC0, 0x100))
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _letter_counts(head: str) -> tuple[int, int, int, int]:
    """Letters of ``head``: ASCII, other Latin, Cyrillic and the rest, counted in its UTF-8
    bytes (their lead bytes, in C; addresses left out)."""
    if "://" in head or "www." in head:  # (addresses are not the language of the text)
        head = _URL_RE.sub(" ", head)
    data = head.encode("utf-8", "surrogatepass")
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    cyrillic = sum(map(data.count, _CYRILLIC_LEADS))
    latin = sum(map(data.count, _LATIN_LEADS))
    beyond = len(data) - len(data.translate(None, _LEADS))
    others = beyond - cyrillic - latin - sum(map(data.count, _SYMBOL_LEADS))
    return ascii_letters, latin, cyrillic, others


def _script(head: str) -> tuple[str | None, float]:
    """The script most letters of ``head`` are written in and their share of its letters
    (``(None, 0.0)`` without letters). Latin and Cyrillic letters are counted in the UTF-8
    bytes; the letters of a text mostly in neither are named one by one."""
    if head.isascii():
        return ("Latin", 1.0) if _ASCII_LETTER_RE.search(head) else (None, 0.0)
    ascii_letters, latin_beyond, cyrillic, others = _letter_counts(head)
    latin = ascii_letters + latin_beyond
    letters = latin + cyrillic + others
    if 2 * max(latin, cyrillic) > letters:
        script, n = ("Latin", latin) if latin >= cyrillic else ("Cyrillic", cyrillic)
        return script, n / letters
    named = _LETTER_RE.findall(head)  # mostly another script: named letter by letter
    if not named:
        return None, 0.0
    counts: dict[str, int] = {}
    for letter in named:
        name = unicodedata.name(letter, "UNKNOWN").split(" ", 1)[0]
        script = _SCRIPT_NAMES.get(name, name.title())
        counts[script] = counts.get(script, 0) + 1
    script = max(counts, key=counts.__getitem__)
    return script, counts[script] / len(named)


# Letters the running text of a language written in Cyrillic has in every paragraph, and
# letters it never has (those of its neighbours): Russian always writes ы or э and never і.
_LETTER_SIGNS: dict[str, tuple[str, str]] = {
    "ru": ("ыэ", "іїєґўјљњћђџѓќѕ"),
    "uk": ("іїє", "ыэъёў"),
    "be": ("іў", "ищїєґ"),
    "bg": ("ъ", "ыэёіїєў"),
}
#: Letters a text needs before :func:`letters_unlike` says a letter it lacks is telling.
SIGN_LETTERS = 200


def letters_unlike(text: str, lang: str, *, max_chars: int | None = DETECT_CHARS) -> bool:
    """True when the letters of ``text`` (its first ``max_chars`` characters) do not fit
    language ``lang`` though its script does: a letter ``lang`` never writes (Ukrainian ``і``
    in "Russian" text), none of those it writes in every paragraph (no ``ы`` or ``э`` in 200
    letters of "Russian"), or for English, letters beyond ASCII (``ä``, ``é``, ``ñ``) in more
    than 1% of its letters. False otherwise, and for a language without such signs: a quick
    test of whether to ask the model (:func:`detect_language`).

    Examples
    --------
    >>> letters_unlike("Президент України заявив про нові санкції.", "ru")
    True
    >>> letters_unlike("Президент России заявил о новых санкциях.", "ru")
    False
    >>> letters_unlike("Die Regierung verhängte neue Sanktionen gegen Moskau.", "en")
    True
    """
    if not isinstance(text, str):
        raise ToolkitError(f"letters_unlike() takes a str, got {type(text).__name__}.")
    head = _head(text, max_chars)
    if head.isascii():
        return False
    if lang == "en":
        ascii_letters, latin_beyond, _, _ = _letter_counts(head)
        return latin_beyond > 0.01 * (ascii_letters + latin_beyond)
    signs = _LETTER_SIGNS.get(lang)
    if signs is None:
        return False
    head = head.lower()
    always, never = signs
    if any(letter in head for letter in never):
        return True
    return _letter_counts(head)[2] >= SIGN_LETTERS and not any(c in head for c in always)


def letter_script(text: str, *, max_chars: int | None = DETECT_CHARS) -> str | None:
    """The script most letters of ``text`` (its first ``max_chars`` characters) are written in:
    ``"Latin"``, ``"Cyrillic"``, ``"Greek"``, ``"Arabic"``, ``"CJK"``, ... (the first word of
    the letters' Unicode names), or None for a text without letters. :data:`SCRIPTS` says which
    languages use which script.

    Examples
    --------
    >>> letter_script("Sanctions, 2023"), letter_script("Санкции, 2023"), letter_script("2023")
    ('Latin', 'Cyrillic', None)
    >>> letter_script("Κυρώσεις"), letter_script("Заява МЗС України щодо NATO")
    ('Greek', 'Cyrillic')
    """
    if not isinstance(text, str):
        raise ToolkitError(f"letter_script() takes a str, got {type(text).__name__}.")
    return _script(_head(text, max_chars))[0]


def _head(text: str, max_chars: int | None) -> str:
    """The first ``max_chars`` characters of ``text``, cut at a space when there is one in the
    second half (the whole text when ``max_chars`` is None)."""
    if max_chars is None or len(text) <= max_chars:
        return text
    cut = text.rfind(" ", max_chars // 2, max_chars)
    return text[: cut if cut > 0 else max_chars]


def _chosen(languages: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if isinstance(languages, str):
        languages = [languages]
    return None if languages is None else tuple(sorted({str(code) for code in languages}))


def _check_detect(max_chars: int | None) -> None:
    if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int)
                                  or max_chars < 1):  # fmt: skip
        raise ToolkitError(f"max_chars must be a whole number >= 1 or None, got {max_chars!r}.")


def _by_script(head: str, chosen: tuple[str, ...] | None) -> str | bool | None:
    """The language the letters of ``head`` tell without the model: None without letters; the
    one candidate written in the script of 90% or more of its letters; else False (undecided)."""
    if chosen is None:
        return False if _LETTER_RE.search(head) else None
    script, share = _script(head)
    if script is None:
        return None
    if share < 0.9:
        return False
    fits = [code for code in chosen if SCRIPTS.get(code, "Latin") == script]
    return fits[0] if len(fits) == 1 else False


def detect_language(
    text: str,
    *,
    languages: str | Iterable[str] | None = None,
    min_confidence: float = 0.5,
    max_chars: int | None = DETECT_CHARS,
) -> str | None:
    """Return the ISO 639-1 code of the language of ``text`` (``"en"``, ``"ru"``, ...), or None
    for a text without letters or when no language reaches ``min_confidence``.

    Uses ``py3langid`` (a Naive Bayes model over byte n-grams for 97 languages, shipped in the
    package: offline) on the first ``max_chars`` characters. It is reliable on a paragraph or
    more; a headline alone may be wrong. Among ``languages``, a text whose letters are (90% or
    more) of a script only one of them is written in (Cyrillic among ``["en", "ru"]``) is that
    language without the model. For many texts, :func:`detect_languages` is faster.

    Parameters
    ----------
    text : str
        Any text.
    languages : list of str, optional
        Choose among these codes only (e.g. ``["en", "ru"]``): more accurate when you know the
        candidates.
    min_confidence : float, default 0.5
        The smallest probability of the best language that is reported.
    max_chars : int or None, default 1000
        Read this many characters from the start of the text (cut at a space); None: all.

    Examples
    --------
    >>> detect_language("Президент Белоруссии призвал страны ОДКБ к единству перед лицом санкций.")
    'ru'
    >>> detect_language("The president called on the alliance to stand together.")
    'en'
    >>> detect_language("Президент закликав країни ОДКБ до єдності перед обличчям санкцій.")
    'uk'
    >>> detect_language("18.05.2023") is None
    True
    """
    if not isinstance(text, str):
        raise ToolkitError(f"detect_language() takes a str, got {type(text).__name__}.")
    _check_detect(max_chars)
    chosen = _chosen(languages)
    head = _head(text, max_chars)
    known = _by_script(head, chosen)
    if known is not False:
        return known if isinstance(known, str) else None
    lang, probability = _language_identifier(chosen).classify(head)
    return str(lang) if probability >= min_confidence else None


#: Texts per pass of :func:`detect_languages` over the model (bounds its memory: a byte each
#: of ``max_chars`` characters, UTF-8, per text).
DETECT_BATCH = 2_000


def detect_languages(
    texts: Iterable[str],
    *,
    languages: str | Iterable[str] | None = None,
    min_confidence: float = 0.5,
    max_chars: int | None = DETECT_CHARS,
    progress: bool | None = None,
) -> list[str | None]:
    """:func:`detect_language` of many texts at once: the same codes, about three times
    faster. The model's byte n-gram walk takes one step for every text of a batch at once
    (NumPy), and the scores of the whole batch are one sparse matrix product.

    Parameters
    ----------
    texts : iterable of str
        The texts (a missing value, None or NaN, has no language).
    languages, min_confidence, max_chars
        As in :func:`detect_language`.
    progress : bool, optional
        Show a progress bar; by default shown for texts over 20 million characters.

    Examples
    --------
    >>> detect_languages(["Новые санкции против России.", "New sanctions against Russia.", "",
    ...                   None])
    ['ru', 'en', None, None]
    """
    from toolkit.util import progress_bar, wants_progress

    _check_detect(max_chars)
    chosen = _chosen(languages)
    given = [t if isinstance(t, str) else "" for t in texts]
    heads = [_head(t, max_chars) for t in given]
    found: list[str | bool | None] = [_by_script(head, chosen) for head in heads]
    todo = [i for i, known in enumerate(found) if known is False]
    identifier = _language_identifier(chosen) if todo else None
    batch: list[int] = []

    def score() -> None:
        scored = _classify_many(identifier, [heads[i] for i in batch])
        for i, (lang, probability) in zip(batch, scored):
            found[i] = lang if probability >= min_confidence else None
        batch.clear()

    show = wants_progress(progress, given) and bool(todo)
    for i in progress_bar(todo, enabled=show, desc="detect_languages", total=len(todo)):
        batch.append(i)
        if len(batch) == DETECT_BATCH:
            score()
    score()
    return [known if isinstance(known, str) else None for known in found]


def _classify_many(identifier: Any, heads: list[str]) -> list[tuple[str, float]]:
    """``identifier.classify`` of each text (py3langid), for many texts at once.

    The model walks a deterministic automaton over each text's UTF-8 bytes and counts the
    n-gram features it reaches; here one step of the walk moves every text of the batch, the
    feature counts are a sparse texts x features matrix, and its product with the model's
    table gives every text's scores, normalised as ``classify`` does (tests hold the two
    equal). Where the installed py3langid keeps its model otherwise, one text at a time.
    """
    import numpy as np

    try:
        nextmove = identifier.tk_nextmove
        moves = np.frombuffer(nextmove, dtype=np.dtype(nextmove.typecode))
        rowbase = np.asarray(identifier._rowbase, dtype=np.int64)
        outputs = np.asarray(identifier.tk_output, dtype=np.int64)
        table, prior = identifier.nb_ptc, identifier.nb_pc
        classes, aliases = identifier.nb_classes, identifier._alias_pairs
        data = [identifier._encode(head) for head in heads]
        usable = identifier._norm_probs and outputs.ndim == 1 and len(rowbase) == len(outputs)
    except (AttributeError, TypeError, ValueError):
        usable = False
    if not usable or not heads:
        return [identifier.classify(head) for head in heads]
    from scipy import sparse

    n = len(data)
    lengths = np.fromiter(map(len, data), np.int64, n)
    order = np.argsort(-lengths, kind="stable")  # longest first: the walk drops the others
    by_length = lengths[order]
    width = int(by_length[0])
    steps = np.zeros((n, max(width, 1)), dtype=np.uint8)
    for row, i in enumerate(order.tolist()):
        steps[row, : lengths[i]] = np.frombuffer(data[i], dtype=np.uint8)
    # (the texts still walking at each step: the first `active` rows)
    done_at = np.searchsorted(by_length[::-1], np.arange(width), side="right")
    states = np.zeros(n, dtype=np.int64)
    rows, features = [], []
    for j in range(width):
        active = n - int(done_at[j])
        moved = moves[rowbase[states[:active]] + steps[:active, j]]
        states[:active] = moved
        feature = outputs[moved]
        hit = np.flatnonzero(feature >= 0)
        if len(hit):
            rows.append(hit)
            features.append(feature[hit])
    scores = np.zeros((n, len(classes)), dtype=np.float32)
    if rows:
        row_of = np.concatenate(rows)
        feature_of = np.concatenate(features)
        used = np.zeros(len(table), dtype=bool)
        used[feature_of] = True
        column = np.cumsum(used) - 1
        counts = sparse.coo_matrix(
            (np.ones(len(row_of), dtype=np.float32), (row_of, column[feature_of])),
            shape=(n, int(used.sum())),
        ).tocsr()  # (repeated features summed)
        counts.data = np.log1p(counts.data)
        counted = np.diff(counts.indptr) > 0
        product = np.asarray(counts @ np.asarray(table[used], dtype=np.float32))
        scores[counted] = product[counted] + prior
    # as classify: scaled by the square root of the bytes, softmax, aliases folded
    scores *= (1.0 / np.sqrt(np.maximum(by_length, 1))).astype(np.float32)[:, None]
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    scores /= scores.sum(axis=1, keepdims=True)
    for first, dupe in aliases:
        scores[:, first] += scores[:, dupe]
        scores[:, dupe] = 0.0
    best = scores.argmax(axis=1)
    confidence = scores[np.arange(n), best]
    result: list[tuple[str, float]] = [("", 0.0)] * n
    for row, i in enumerate(order.tolist()):
        result[i] = (str(classes[best[row]]), float(confidence[row]))
    return result
