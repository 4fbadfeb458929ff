"""Term families: named groups of patterns, and how they match tokens.

A term family maps a name to patterns, e.g. ``{"sanctions": ["sanction*", "embargo*"]}``.

Matching rules
--------------
* Patterns are ``glob`` by default (``*`` any run of characters, ``?`` one character), or ``regex``
  (Python syntax, matched against a whole token), ``fixed`` (literal) or ``lemma``: a word
  matches every token with the same lemma (:func:`toolkit.text.lemmatize`; ``санкция`` finds
  ``санкций`` and ``санкциями``, ``country`` finds ``countries``). Matching ignores case
  unless the family says ``case_sensitive: true`` (useful for ``US`` versus ``us``).
* A pattern with spaces is a **phrase**: its words match consecutive tokens that are separated only
  by white space, so a phrase never spans punctuation or a sentence end (``United. States`` is
  not ``united states``).
* A token matches a word pattern if the whole token matches, or the token without a possessive
  ``'s`` (``russia's`` -> ``russia``), or one part of a hyphenated compound (``anti-sanctions``
  -> ``sanctions``, ``post-war`` -> ``war``). These are the same hits a whole-word regular
  expression (``\\bwar\\b``) finds, which makes counts comparable with other tools.
* Each family is counted on its own: the ``security`` family also counts the ``security`` inside
  ``collective security``. Within one family, overlapping matches count once (a token matched by
  two patterns of the family is one hit; a phrase that contains a single-word match is one hit).
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from itertools import filterfalse, islice, pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np

from toolkit.errors import TermError
from toolkit.scanner import TokenSpans, token_spans
from toolkit.text import (
    LEMMA_LANGUAGES,
    MARKS,
    SCRIPTS,
    TOKEN_RE,
    detect_language,
    lemmatize,
    letter_script,
    letters_unlike,
    token_re,
)
from toolkit.util import atomic_path, merge_spans, read_yaml

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Hit",
    "TermFamily",
    "TermMatcher",
    "clear_matcher_cache",
    "compile_terms",
    "describe_terms",
    "fold_case",
    "get_matcher",
    "language_code",
    "list_dictionaries",
    "load_dictionary",
    "load_terms",
    "save_terms",
]

Kind = Literal["glob", "regex", "fixed", "lemma"]


@dataclass(frozen=True)
class TermFamily:
    """A named family of patterns, with its documentation.

    A family may say which language each pattern is written in (``by_language``: pairs of an
    ISO 639-1 code and that language's patterns, e.g. the packaged dictionaries). ``patterns``
    is then every language's patterns together (what a family without languages is matched
    with), and :func:`toolkit.count_terms` applies to each article only the patterns of its
    language (:meth:`for_language`). A family without ``by_language`` is applied to every
    article, whatever its language.

    Examples
    --------
    >>> TermFamily("sanctions", ("sanction*",)).phrases
    ()
    >>> unity = compile_terms({"unity": {"patterns": {"en": ["unity"], "ru": ["единств*"]}}})[0]
    >>> unity.patterns, unity.languages, unity.for_language("ru").patterns
    (('unity', 'единств*'), ('en', 'ru'), ('единств*',))
    >>> unity.for_language("uk") is None  # no Ukrainian patterns: the family says nothing there
    True
    """

    name: str
    patterns: tuple[str, ...]
    kind: Kind = "glob"
    definition: str = ""
    sources: tuple[str, ...] = field(default_factory=tuple)
    case_sensitive: bool = False
    #: ``((code, patterns), ...)``: the patterns of each language; empty when the family's
    #: patterns are for any language.
    by_language: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=tuple)

    @property
    def phrases(self) -> tuple[str, ...]:
        """The patterns that have more than one word."""
        return tuple(p for p in self.patterns if len(p.split()) > 1)

    @property
    def languages(self) -> tuple[str, ...]:
        """The codes of the languages the family has patterns for; ``()``: any language."""
        return tuple(code for code, _ in self.by_language)

    def for_language(self, lang: str) -> TermFamily | None:
        """The family with only the patterns of language ``lang``: itself when its patterns
        are for any language, None when it has none in ``lang``."""
        if not self.by_language:
            return self
        for code, patterns in self.by_language:
            if code == lang:
                if len(self.by_language) == 1:
                    return self
                return replace(self, patterns=patterns, by_language=((code, patterns),))
        return None


Terms = Mapping[str, Any] | Sequence[TermFamily] | str | Path


def _as_family(name: str, value: Any, kind: Kind) -> TermFamily:
    if not str(name).strip():
        raise TermError(f"A term family needs a name; got {name!r} for {value!r}.")
    if isinstance(value, TermFamily):
        return value
    by_language: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sources: tuple[str, ...] = ()
    if isinstance(value, str):
        patterns: tuple[str, ...] = (value,)
        definition, sources, fam_kind = "", (), kind
        case_sensitive = False
    elif isinstance(value, Mapping):
        pats = value.get("patterns")
        if isinstance(pats, Mapping):  # {"en": [...], "ru": [...]}
            by_language = _by_language(str(name), pats)
            pats = [p for _, lang_pats in by_language for p in lang_pats]
        else:
            pats = _strings(name, "patterns", pats, "a list of patterns, e.g. ['sanction*']")
            if value.get("language") is not None and pats:  # one language for every pattern
                by_language = _by_language(str(name), {value["language"]: pats})
        if not pats:
            raise TermError(f"Term family {name!r} has no patterns.")
        patterns = tuple(pats)
        definition = _field(name, "definition", value.get("definition"), str, "a string", "")
        sources = tuple(
            _strings(
                name, "sources", value.get("sources"), "a list of strings, e.g. ['Author 2020']"
            )
        )
        fam_kind = _field(name, "kind", value.get("kind"), str, "glob, regex, fixed or lemma", kind)
        case_sensitive = _field(
            name, "case_sensitive", value.get("case_sensitive"), bool, "true or false", False
        )
    elif isinstance(value, Iterable):
        patterns = tuple(value)
        definition, sources, fam_kind = "", (), kind
        case_sensitive = False
    else:
        raise TermError(
            f"Term family {name!r} must be a pattern or a list of patterns, "
            f"got {type(value).__name__}. Example: {{'sanctions': ['sanction*']}}."
        )
    if not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise TermError(f"Term family {name!r} needs non-empty string patterns, got {patterns!r}.")
    if fam_kind not in ("glob", "regex", "fixed", "lemma"):
        raise TermError(
            f"Term family {name!r}: kind must be glob, regex, fixed or lemma, not {fam_kind!r}."
        )
    return TermFamily(
        str(name),
        tuple(p.strip() for p in patterns),
        fam_kind,
        definition,
        sources,
        case_sensitive,
        by_language,
    )


def _shown(value: Any) -> str:
    """``value`` and its type, for an error message (cut short when long)."""
    text = repr(value)
    text = text if len(text) <= 60 else f"{text[:60]}..."
    return f"{text} ({type(value).__name__})"


def _field(name: str, field: str, value: Any, kind: type, what: str, default: Any) -> Any:
    """The ``field`` of family ``name``: ``default`` when absent (None), ``value`` when it is a
    ``kind``, else a TermError that says what the field takes and what it got."""
    if value is None:
        return default
    if not isinstance(value, kind):
        hint = " (without quotes)" if kind is bool and isinstance(value, str) else ""
        raise TermError(f"Term family {name!r}: {field} must be {what}{hint}, got {_shown(value)}.")
    return value


def _strings(name: str, field: str, value: Any, what: str) -> list[str]:
    """The ``field`` of family ``name`` as a list of strings: a list of strings, or one string;
    None: empty. Any other shape (a mapping, a number, a list of lists) is a TermError."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    raise TermError(f"Term family {name!r}: {field} must be {what}, got {_shown(value)}.")


_LANGUAGE_CODE_RE = re.compile(r"[a-z]{2,3}")


def language_code(value: Any) -> str | None:
    """``value`` as a language code: lower case, its first subtag (``"en-US"`` -> ``"en"``);
    None for a missing value or one that is not a code (``"und"``, ``"unknown"``, ``""``).

    Examples
    --------
    >>> language_code("en-US"), language_code(" RU "), language_code("uk_UA"), language_code(None)
    ('en', 'ru', 'uk', None)
    >>> language_code("und"), language_code(float("nan"))
    (None, None)
    """
    if value is None or not isinstance(value, str):
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    if code in ("und", "unk", "mul", "zxx") or not _LANGUAGE_CODE_RE.fullmatch(code):
        return None
    return code


def _by_language(name: str, patterns: Mapping[Any, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The ``{language: patterns}`` of family ``name`` as ``by_language`` pairs; a language with
    no patterns (``uk: []``, a translation still to come) is left out."""
    found: dict[str, tuple[str, ...]] = {}
    for key, value in patterns.items():
        code = language_code(key) if isinstance(key, str) else None
        if code is None or code != str(key).strip().lower():
            raise TermError(
                f"Term family {name!r}: patterns are keyed by ISO 639-1 language codes such as "
                f"'en', 'ru' or 'uk'; got {key!r}."
            )
        if code in found:
            raise TermError(f"Term family {name!r} lists the {code!r} patterns twice.")
        listed = tuple(_strings(name, f"patterns[{code!r}]", value, f"a list of {code!r} patterns"))
        if not all(p.strip() for p in listed):
            raise TermError(
                f"Term family {name!r} needs non-empty string patterns for {code!r}, "
                f"got {listed!r}."
            )
        if listed:
            found[code] = tuple(p.strip() for p in listed)
    return tuple(found.items())


def compile_terms(terms: Terms | TermMatcher, *, kind: Kind = "glob") -> list[TermFamily]:
    """Turn the ways users write term families into a list of :class:`TermFamily`.

    Parameters
    ----------
    terms : mapping, list of TermFamily, dictionary name, or path to a YAML file
        ``{"name": ["pattern", ...]}``, ``{"name": "pattern"}``, ``{"name": {"patterns": [...],
        "definition": "..."}}``, patterns by language (``{"name": {"patterns": {"en": [...],
        "ru": [...]}}}``, or ``{"patterns": [...], "language": "ru"}``), a list of
        :class:`TermFamily`, the name of a packaged dictionary (``"rhetoric"``: its English
        patterns; ``"rhetoric:ru"``: Russian; ``"rhetoric:all"``: every language it has, each
        applied to the articles in that language; ``"rhetoric:en,ru"``: those; see
        :func:`load_dictionary`), or a YAML file of that shape.
    kind : {"glob", "regex", "fixed", "lemma"}, default "glob"
        How patterns are read, unless a family says otherwise.

    Examples
    --------
    >>> [f.name for f in compile_terms({"unity": ["unity", "solidarity"], "peace": "peace*"})]
    ['unity', 'peace']
    >>> len(compile_terms("rhetoric")), compile_terms("rhetoric:ru")[0].patterns[0]
    (7, 'суверен*')
    """
    if isinstance(terms, TermMatcher):
        return list(terms.families)
    if isinstance(terms, str) and not Path(terms).expanduser().is_file():
        name, _, lang = terms.partition(":")
        if name in list_dictionaries():
            langs = None if lang == "all" else lang.split(",") if "," in lang else lang or "en"
            return load_dictionary(name, lang=langs)
        if not terms.lower().endswith((".yaml", ".yml")):
            raise TermError(
                f"terms={terms!r} is neither a packaged dictionary "
                f"({', '.join(_dictionary_names())}) nor a YAML file of term families. To search "
                f"for a pattern, name it in a family: {{'my_family': [{terms!r}]}}."
            )
    if isinstance(terms, (str, Path)):
        return load_terms(Path(terms).expanduser(), kind=kind)
    if isinstance(terms, Mapping):
        families = [_as_family(str(k), v, kind) for k, v in terms.items()]
    elif isinstance(terms, Sequence) and all(isinstance(t, TermFamily) for t in terms):
        families = [t for t in terms if isinstance(t, TermFamily)]
    else:
        raise TermError(
            "Terms must be a dict like {'sanctions': ['sanction*']}, a list of TermFamily, "
            f"or a path to a YAML file; got {type(terms).__name__}."
        )
    if not families:
        raise TermError("No term families given. Example: {'sanctions': ['sanction*']}.")
    names = [f.name for f in families]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise TermError(f"Term family names must be unique; repeated: {dupes}.")
    for family in families:
        _check_matchable(family)
    return families


_ACRONYM_WITHOUT_PERIOD_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def _check_matchable(family: TermFamily) -> None:
    """Raise a TermError for a word of a glob or fixed pattern that no token can ever match.

    Matching compares whole tokens (the token rule of :mod:`toolkit.text`), so a word with a
    character tokens never have (``#``, ``!``, quotes) or one that the tokenizer would cut in
    two (``u.s``, ``sanctions,``) would silently count 0.
    """
    if family.kind == "regex":
        return
    for pattern in family.patterns:
        for word in pattern.split():
            literal = "".join(_LITERAL_RE.findall(word)) if family.kind == "glob" else word
            bad = sorted({ch for ch in literal if not TOKEN_CHAR_RE.match(ch)})
            wild = family.kind == "glob" and literal != word
            if not bad and (wild or TOKEN_RE.fullmatch(word)):
                continue
            kept = " ".join("".join(" " if ch in bad else ch for ch in word).split())
            if set(bad) & set("^$()+|\\{}"):
                hint = (
                    "for a regular expression, say so: "
                    f"{{{family.name!r}: {{'patterns': [...], 'kind': 'regex'}}}}"
                )
            elif _ACRONYM_WITHOUT_PERIOD_RE.fullmatch(kept):
                hint = f"write {kept + '.'!r}: a dotted acronym is one token with its final period"
            else:
                parts = kept.split() if wild else TOKEN_RE.findall(kept)
                hint = (
                    f"write {' '.join(parts)!r}" + (" (a phrase)" if len(parts) > 1 else "")
                    if parts
                    else "leave those characters out"
                )
            what = f"characters that no token has ({''.join(bad)!r})" if bad else "punctuation"
            raise TermError(
                f"Pattern {pattern!r} of family {family.name!r} can never match: {word!r} "
                f"contains {what} and matching compares whole tokens. Instead, {hint}. The token "
                "rule is in the toolkit.text docstring."
            )


def _word_regex(word: str, kind: Kind) -> str:
    if kind == "glob":
        return fnmatch.translate(word)
    if kind == "fixed":
        return re.escape(word)
    return word


def _compile(pattern: str, kind: Kind, name: str, family: TermFamily) -> re.Pattern[str]:
    try:
        return re.compile(pattern, 0 if family.case_sensitive else re.IGNORECASE)
    except re.error as exc:
        raise TermError(f"Pattern in family {name!r} is not a valid {kind}: {exc}.") from None


def _keys(token: str) -> tuple[str, ...]:
    """The forms of a token that patterns are tried on (see the module docstring)."""
    keys = [token]
    parts = re.split(r"[-\u2010\u2011]", token)
    for form in (token, *parts) if len(parts) > 1 else (token,):
        if form not in keys:
            keys.append(form)
        if len(form) > 2 and form[-2] in "'’" and form[-1] in "sS":
            keys.append(form[:-2])
        elif len(form) > 1 and form[-1] in "'’":
            keys.append(form[:-1])
    return tuple(keys)


# Case-insensitive matching is the regex engine's (``re.IGNORECASE``): two characters are the
# same when their simple lower-case forms are, or when those are one of the engine's extra
# equivalences (dotless ı and i, long ſ and s, final ς and σ, the Greek symbol forms, ...). Its
# one form per character is that lower-case form (İ's is i, not Python's i + U+0307), then the
# first of its equivalences; tests/test_terms.py checks it against the engine, code point by
# code point.
_EQUIVALENT = str.maketrans(
    {
        "ı": "i", "ſ": "s", "µ": "μ", "\u0345": "ι", "\u1fbe": "ι", "\u1fd3": "\u0390",
        "\u1fe3": "\u03b0", "ϐ": "β", "ϵ": "ε", "ϑ": "θ", "ϰ": "κ", "ϖ": "π", "ϱ": "ρ",
        "ς": "σ", "ϕ": "φ", "\u1c80": "в", "\u1c81": "д", "\u1c82": "о", "\u1c83": "с",
        "\u1c84": "т", "\u1c85": "т", "\u1c86": "ъ", "\u1c87": "ѣ", "\u1c88": "\ua64b",
        "\u1e9b": "\u1e61", "\ufb05": "\ufb06",
    }
)  # fmt: skip
_EQUIVALENT_RE = re.compile("[" + "".join(map(chr, _EQUIVALENT)) + "]")
_FINAL_SIGMA_RE = re.compile(r"(?<=[^\W\d_])σ(?![^\W\d_])")


def _fold(text: str) -> str:
    """``text`` with each character in the one form that case-insensitive matching gives it
    (see :func:`fold_case`): same length, character for character."""
    if text.isascii():
        return text.lower()
    if "İ" in text:  # (its full lower case, i + U+0307, is two characters)
        text = text.replace("İ", "i")
    text = text.lower()
    return text.translate(_EQUIVALENT) if _EQUIVALENT_RE.search(text) else text


def fold_case(word: str) -> str:
    """The form of ``word`` that case-insensitive term matching compares: two words a pattern
    cannot tell apart (``İSTANBUL`` and ``istanbul``, ``ΣΟΦΟΣ`` and ``σοφος``) have the same
    form, and words it tells apart (``STRASSE`` and ``straße``) have different forms. Every
    analysis folds case with it, so that they agree on what one word is. A sigma that ends a
    word is written ``ς``.

    Examples
    --------
    >>> fold_case("İSTANBUL"), fold_case("ΣΟΦΟΣ"), fold_case("Straße"), fold_case("STRASSE")
    ('istanbul', 'σοφος', 'straße', 'strasse')
    """
    folded = _fold(word)
    return _FINAL_SIGMA_RE.sub("ς", folded) if "σ" in folded else folded


class Hit(NamedTuple):
    """One match of a family in a document: character offsets ``[start, end)``."""

    family: int
    start: int
    end: int


_J = "'’\\-\u2010\u2011"
# A match may end a token only where TOKEN_RE would end one: not before a word character, a
# combining mark after a word character or a mark (one after a period is no part of a token:
# "U.S." then a mark), a joiner glued to a word, or a period or comma between two digits. This
# steers the regex to the right alternative; _whole_tokens then checks the match exactly.
_CLOSE = rf"(?!\w)(?!(?<=[\w{MARKS[1:-1]}]){MARKS})(?![{_J}]\w)(?!(?<=\d)[.,]\d)"
_CLOSE_RE = re.compile(_CLOSE)
_LITERAL_RE = re.compile(r"[^*?\[\]]+")
_WILDCARD_RE = re.compile(r"[*?\[]")
#: Characters that can be part of a token (combining marks too); any other character ends every
#: token.
TOKEN_CHAR_RE = re.compile(rf"[\w{_J}.,{MARKS[1:-1]}]")
_SPACE_RE = re.compile(r"\s+")
# Which bytes are white space as ASCII characters (str.isspace)
_ASCII_SPACE = np.array([chr(b).isspace() and b < 0x80 for b in range(256)])


def _whole_tokens(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is a run of whole tokens separated only by white space.

    Where the character before ``start`` cannot be part of a token (white space, most
    punctuation), the tokenizer starts afresh there, so one match at ``start`` says which token
    starts there. Otherwise the text is tokenized from the start of the run of token characters
    around ``start``: no token crosses any other character, so these are exactly the tokens of
    the whole text there.
    """
    if start and TOKEN_CHAR_RE.match(text, start - 1):
        lo = start - 1
        while lo > 0 and TOKEN_CHAR_RE.match(text, lo - 1):
            lo -= 1
        token = next((t for t in TOKEN_RE.finditer(text, lo, end) if t.end() > start), None)
        if token is None or token.start() != start:
            return False
    else:
        token = TOKEN_RE.match(text, start)
        if token is None:
            return False
    pos = token.end()
    while pos < end:
        gap = _SPACE_RE.match(text, pos)
        token = TOKEN_RE.match(text, gap.end()) if gap else None
        if token is None:
            return False
        pos = token.end()
    return pos == end


def _spans(regex: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``regex`` in ``text`` that are runs of whole tokens (see :func:`_whole_tokens`)."""
    pos = 0
    while (m := regex.search(text, pos)) is not None:
        if _whole_tokens(text, m.start(), m.end()):
            yield m.span()
            pos = m.end()
        else:
            pos = m.start() + 1


def _none_starts_another(words: Iterable[str]) -> bool:
    """True when no word of ``words`` is the start of another (in sorted order, a word that
    starts others comes right before one of them)."""
    return not any(b.startswith(a) for a, b in pairwise(sorted(words)))


def _alternation(tokens: Iterable[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(tokens, key=lambda t: (-len(t), t)))


class _Lemmas:
    """The word test of a ``lemma`` family: like a compiled pattern, ``fullmatch(token)`` is
    true when the token is one of the words or has one of their lemmas."""

    def __init__(self, words: Iterable[str], lang: str | None = None) -> None:
        self.lang = lang  # None: each word's language told by its letters
        self.words = frozenset(w.lower() for w in words)
        self.lemmas = frozenset(lemmatize(w, lang=lang) for w in self.words)

    def fullmatch(self, token: str) -> bool:
        token = token.lower()
        return token in self.words or lemmatize(token, lang=self.lang) in self.lemmas


#: How long one user regex may take on one token before matching stops with an error.
REGEX_SECONDS = 1.0


class _Regexes:
    """The word test of a ``regex`` family: ``fullmatch(token)`` is true when one of the
    patterns matches the whole token. Each pattern is compiled on its own, so that its groups
    and backreferences keep their numbers, by the ``regex`` engine (the syntax of ``re``),
    which stops a match that runs longer than :data:`REGEX_SECONDS`: a pattern such as
    ``(a|aa)+b`` takes twice as long with every character of a long token."""

    def __init__(self, patterns: Iterable[str], family: TermFamily) -> None:
        import regex

        flags = 0 if family.case_sensitive else regex.IGNORECASE
        self.family = family.name
        self.compiled = []
        for pattern in patterns:
            try:
                self.compiled.append(regex.compile(pattern, flags))
            except regex.error as exc:
                raise TermError(
                    f"Pattern {pattern!r} in family {family.name!r} is not a valid regex: {exc}."
                ) from None

    def fullmatch(self, token: str) -> bool:
        for rx in self.compiled:
            try:
                if rx.fullmatch(token, timeout=REGEX_SECONDS) is not None:
                    return True
            except TimeoutError:
                shown = token if len(token) <= 40 else f"{token[:40]}... ({len(token):,} chars)"
                raise TermError(
                    f"Pattern {rx.pattern!r} of family {self.family!r} took over "
                    f"{REGEX_SECONDS:g} s to match the token {shown!r}: it backtracks without "
                    "end. Rewrite it without a repeated group that can match the same text in "
                    "two ways, such as (a|aa)+ or (a+)+ (write a+), or use a glob pattern."
                ) from None
        return False


_WordTest = re.Pattern[str] | _Lemmas | _Regexes


def _word_test(words: list[str], family: TermFamily) -> _WordTest:
    """One test for the single words ``words`` of ``family``: a regex, lemmas or regexes."""
    if family.kind == "lemma":
        # the family's one language, when it has lemmas; otherwise each word's letters tell
        langs = family.languages
        lang = langs[0] if len(langs) == 1 and langs[0] in LEMMA_LANGUAGES else None
        return _Lemmas(words, lang)
    if family.kind == "regex":
        return _Regexes(words, family)
    regexes = [_word_regex(w, family.kind) for w in words]
    body = "|".join(f"(?:{rx})" for rx in regexes) if len(regexes) > 1 else regexes[0]
    return _compile(body, family.kind, family.name, family)


class TermMatcher:
    """Compiled term families that find hits in texts; build it once, use it on many documents.

    Examples
    --------
    >>> m = TermMatcher({"security": ["security"], "collective": ["collective security"]})
    >>> m.count("Collective security, and security.")
    ([2, 1], 4)
    >>> [(m.names[h.family], h.start, h.end) for h in m.hits("Collective security.")]
    [('collective', 0, 19), ('security', 11, 19)]
    """

    def __init__(self, terms: Terms | TermMatcher, *, kind: Kind = "glob") -> None:
        self.families = compile_terms(terms, kind=kind)
        self.names = [f.name for f in self.families]
        single: list[list[str]] = [[] for _ in self.families]
        # phrase id -> (family index, a pattern per word)
        self._phrases: list[tuple[int, tuple[_WordTest, ...]]] = []
        for i, fam in enumerate(self.families):
            for pattern in fam.patterns:
                words = pattern.split()
                if len(words) == 1:
                    single[i].append(words[0])
                else:
                    self._phrases.append((i, tuple(_word_test([w], fam) for w in words)))
        self._single = [
            _word_test(pats, fam) if pats else None for pats, fam in zip(single, self.families)
        ]
        self._phrase_len = [len(words) for _, words in self._phrases]
        self._any = _union([*self._single, *(w for _, words in self._phrases for w in words)])
        self._cache: dict[str, tuple[tuple[int, ...], tuple[tuple[int, int], ...]]] = {}
        # tokens known to match nothing: subtracted from each document's vocabulary in C
        self._irrelevant: set[str] = set()
        self._regex_cache: dict[tuple[frozenset[str], ...], re.Pattern[str]] = {}
        self._needles = [_needles(fam) for fam in self.families]
        self._case_sensitive = any(fam.case_sensitive for fam in self.families)
        # (a lemma family lower-cases tokens itself: count_many lowers the texts, as count does)
        self._lemmas = any(isinstance(rx, _Lemmas) for rx in self._single)
        self._allowed: np.ndarray | bool | None = False  # see _starts
        # language -> (the matcher of the families' patterns in it, their numbers here)
        self._by_language: dict[str, tuple[TermMatcher, np.ndarray] | None] = {}

    def __repr__(self) -> str:
        return f"TermMatcher({self.names!r})"

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the families have patterns for, in the order they first name them;
        ``()`` when no family says (its patterns are then for any language)."""
        return tuple(dict.fromkeys(code for fam in self.families for code in fam.languages))

    def for_language(self, lang: str) -> tuple[TermMatcher, np.ndarray] | None:
        """The matcher of the families' patterns in language ``lang``
        (:meth:`TermFamily.for_language`), and the numbers of its families among this
        matcher's (a family without patterns in ``lang`` is not there); None when no family
        applies in ``lang``. Made once per language.

        Examples
        --------
        >>> m = TermMatcher({"unity": {"patterns": {"en": ["unity"], "ru": ["единств*"]}},
        ...                  "peace": {"patterns": ["peace", "мир"]}})  # any language
        >>> ru, numbers = m.for_language("ru")
        >>> ru.count("Единство и мир.")[0], numbers.tolist()
        ([1, 1], [0, 1])
        >>> m.for_language("uk")[1].tolist()  # only the family for any language
        [1]
        """
        if lang not in self._by_language:
            if not any(fam.by_language for fam in self.families):
                found: tuple[TermMatcher, np.ndarray] | None = (self, np.arange(len(self.names)))
            else:
                kept = [(i, fam.for_language(lang)) for i, fam in enumerate(self.families)]
                families = [fam for _, fam in kept if fam is not None]
                numbers = np.array([i for i, fam in kept if fam is not None], dtype=np.int64)
                if families == self.families:  # (a dictionary of one language: this matcher)
                    found = (self, numbers)
                else:
                    found = (TermMatcher(families), numbers) if families else None
            self._by_language[lang] = found
        return self._by_language[lang]

    def lookup(self, token: str) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
        """Families a token matches as a single word, and the (phrase, word position) it fills."""
        found = self._cache.get(token)
        if found is None:
            keys = _keys(token)
            # one match against all patterns at once rules out most tokens
            if self._any is not None and not any(self._any.fullmatch(k) for k in keys):
                found = ((), ())
            else:
                fams = tuple(
                    i
                    for i, rx in enumerate(self._single)
                    if rx is not None and any(rx.fullmatch(k) for k in keys)
                )
                slots = tuple(
                    (p, w)
                    for p, (_, words) in enumerate(self._phrases)
                    for w, rx in enumerate(words)
                    if any(rx.fullmatch(k) for k in keys)
                )
                found = (fams, slots)
            self._cache[token] = found
            if found == ((), ()):
                self._irrelevant.add(token)
        return found

    def known(self) -> int:
        """How many distinct tokens the matcher has looked up (a mark for :meth:`learned`)."""
        return len(self._cache)

    def learned(self, since: int) -> list[tuple[str, Any]]:
        """The lookups made after the first ``since`` (a worker process hands them back, so
        that its parent, and the workers it forks next, need not make them again)."""
        return list(islice(self._cache.items(), since, None))

    def learn(self, lookups: Iterable[tuple[str, Any]]) -> None:
        """Take in lookups from :meth:`learned` of a copy of this matcher."""
        for token, found in lookups:
            self._cache[token] = found
            if found == ((), ()):
                self._irrelevant.add(token)

    def candidates(self, text: str) -> list[int]:
        """Cheap test: the families that may match in ``text`` (the others cannot).

        A family whose literal parts (its "needles") are all absent from the text is left out.
        """
        folded = _fold(text)
        return [
            fam
            for fam, needles in enumerate(self._needles)
            if needles is None
            or any(n in (text if self.families[fam].case_sensitive else folded) for n in needles)
        ]

    def may_match(self, text: str, family: int) -> bool:
        """Cheap test: False only when ``family`` cannot match anywhere in ``text``."""
        return family in self.candidates(text)

    def _regex(self, key: tuple[frozenset[str], ...]) -> re.Pattern[str]:
        rx = self._regex_cache.get(key)
        if rx is None:
            # The literal words come first so that the engine can skip ahead quickly; the left
            # boundary is checked on each match (see _spans).
            body = r"\s+".join(f"(?:{_alternation(words)})" for words in key)
            rx = re.compile(f"{body}{_CLOSE}")
            if len(self._regex_cache) > 4096:
                self._regex_cache.clear()
            self._regex_cache[key] = rx
        return rx

    def _haystack(self, text: str) -> str:
        """The text to search: lower-cased (a smaller vocabulary, the regex engine's fast literal
        search) unless a family is case-sensitive or lower-casing would move character offsets."""
        if self._case_sensitive:
            return text
        lowered = text.lower()
        return lowered if len(lowered) == len(text) else text

    def _scan(
        self, text: str, families: Iterable[int] | None = None
    ) -> tuple[list[int], int, list[list[tuple[int, int]]], dict[int, set[str]]]:
        """Single-word hit counts, token count, phrase spans and single-word surface forms by
        family.

        ``text`` is the haystack from :meth:`_haystack`; spans index into it and into the
        original text alike.
        """
        tokens = token_re(text).findall(text)
        wanted = set(range(len(self.families)) if families is None else families)
        hits = [0] * len(self.families)
        slot_tokens: dict[tuple[int, int], set[str]] = {}
        surface: dict[int, set[str]] = {}
        # One pass in C over the (many) tokens known to match nothing; only the rest are counted
        # and looked up (a lookup of an unknown token records it as irrelevant when it is).
        for tok, n in Counter(filterfalse(self._irrelevant.__contains__, tokens)).items():
            fams, slots = self.lookup(tok)
            for fam in fams:
                hits[fam] += n
                surface.setdefault(fam, set()).add(tok)
            for slot in slots:
                slot_tokens.setdefault(slot, set()).add(tok)
        return hits, len(tokens), self._phrase_spans(text, slot_tokens, wanted), surface

    def _phrase_spans(
        self, text: str, slot_tokens: Mapping[tuple[int, int], set[str]], wanted: set[int]
    ) -> list[list[tuple[int, int]]]:
        """The spans of each family's phrases in ``text``, given the tokens of ``text`` that
        fill each (phrase, word position) slot: only phrases whose every slot is filled are
        searched for."""
        phrase_spans: list[list[tuple[int, int]]] = [[] for _ in self.families]
        for p, n in enumerate(self._phrase_len):
            fam = self._phrases[p][0]
            if fam not in wanted or not all((p, w) in slot_tokens for w in range(n)):
                continue
            key = tuple(frozenset(slot_tokens[(p, w)]) for w in range(n))
            phrase_spans[fam].extend(_spans(self._regex(key), text))
        return phrase_spans

    def _add_phrase_hits(
        self, text: str, hits: list[int] | np.ndarray, phrase_spans: list[list[tuple[int, int]]]
    ) -> None:
        """Add the phrase hits to the single-word ``hits``: a run of overlapping matches is one
        hit, and a single-word hit of the same family inside it is not counted again."""
        for fam, spans in enumerate(phrase_spans):
            if spans:
                merged = merge_spans(spans)
                absorbed = sum(
                    fam in self.lookup(tok)[0]
                    for start, end in merged
                    for tok in TOKEN_RE.findall(text, start, end)
                )
                hits[fam] += len(merged) - absorbed

    def count(self, text: str) -> tuple[list[int], int]:
        """Return the hits of each family in ``text`` and the number of tokens of ``text``."""
        text = self._haystack(text)
        hits, n_tokens, phrase_spans, _ = self._scan(text)
        self._add_phrase_hits(text, hits, phrase_spans)
        return hits, n_tokens

    def count_many(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`count` of many texts at once: hits (a texts x families array) and tokens per
        text, exactly the same numbers, found by the compiled scanner (:mod:`toolkit.scanner`):
        one lookup per distinct word of the batch that its first bytes do not rule out
        (:meth:`_maybe`), phrases searched only where all their words occur in order.

        Examples
        --------
        >>> m = TermMatcher({"security": ["security"], "collective": ["collective security"]})
        >>> hits, n_tokens = m.count_many(["Collective security, and security.", "Peace."])
        >>> hits.tolist(), n_tokens.tolist()
        ([[2, 1], [0, 0]], [4, 1])
        """
        n_fam = len(self.families)
        hits = np.zeros((len(texts), n_fam), dtype=np.int64)
        # The texts as they are: a case-insensitive word test gives a token what it gives its
        # lower-cased form, which count() looks up. (A lemma family lower-cases tokens one at a
        # time, and a final sigma is lower-cased by what follows it: those texts are lowered.)
        haystacks = [self._haystack(t) for t in texts] if self._lemmas else texts
        spans = token_spans(haystacks)
        if spans is None:  # a text that cannot be encoded (a lone surrogate): one at a time
            n_tokens = np.zeros(len(haystacks), dtype=np.int64)
            for i, text in enumerate(texts):
                found, n_tokens[i] = self.count(text)
                hits[i] = found
            return hits, n_tokens
        n_tokens = np.diff(spans.bounds)
        # the tokens that may match (those their first bytes do not rule out), their distinct
        # forms, and for every token its number among them (the others: one more)
        maybe = self._maybe(spans)
        vocab, maybe_ids = spans.vocabulary(maybe)
        ids = np.full(len(spans.byte_starts), len(vocab), dtype=maybe_ids.dtype)
        ids[maybe] = maybe_ids
        rows, cols, slotted = [], [], {}
        irrelevant = self._irrelevant
        for v, token in enumerate(vocab):
            if token in irrelevant:
                continue
            fams, slots = self.lookup(token)
            for fam in fams:
                rows.append(v)
                cols.append(fam)
            if slots:
                slotted[v] = slots
        relevant = np.zeros(len(vocab) + 1, dtype=bool)
        relevant[rows] = True
        relevant[list(slotted)] = True
        occurrences = maybe[relevant[maybe_ids]]
        doc = np.searchsorted(spans.bounds, occurrences, side="right") - 1
        width = len(vocab) + 1
        pair, counts = np.unique(doc * width + ids[occurrences], return_counts=True)
        pair_doc, pair_vocab = np.divmod(pair, width)
        if rows:  # every (text, token) pair adds its count to each family of the token
            fam_rows, fam_cols = np.asarray(rows), np.asarray(cols)
            per_vocab = np.bincount(fam_rows, minlength=width)
            first = np.concatenate([[0], np.cumsum(per_vocab)])
            k = per_vocab[pair_vocab]
            within = np.arange(k.sum()) - np.repeat(np.cumsum(k) - k, k)
            np.add.at(
                hits,
                (np.repeat(pair_doc, k), fam_cols[np.repeat(first[pair_vocab], k) + within]),
                np.repeat(counts, k),
            )
        if slotted:
            members: dict[int, np.ndarray] = {}
            for v, fam in zip(rows, cols):
                members.setdefault(fam, np.zeros(width, dtype=bool))[v] = True
            self._add_batch_phrases(spans, ids, occurrences, slotted, members, hits)
        return hits, n_tokens

    def _maybe(self, spans: TokenSpans) -> np.ndarray:
        """The numbers of the tokens of ``spans`` that may match a pattern.

        A token of one run of word characters (the only form of itself that patterns are tried
        on, see :func:`_keys`) can match only if its first three bytes (with what follows it,
        when it is shorter) are allowed by :meth:`_starts`, or one of them is not ASCII."""
        allowed = self._starts()
        if allowed is None or not len(spans.byte_starts):
            return np.arange(len(spans.byte_starts))
        data = np.frombuffer(spans.data + bytes(2), np.uint8)
        first = spans.byte_starts
        second = first + 1
        bytes_ = data[first], data[second], data[second + 1]
        key = bytes_[0].astype(np.int32) << 14
        key |= bytes_[1].astype(np.int32) << 7
        key |= bytes_[2]
        if spans.ascii:
            return np.flatnonzero(allowed[key] | ~spans.simple)
        high = (bytes_[0] | bytes_[1] | bytes_[2]) >= 0x80
        key &= 0x1FFFFF
        return np.flatnonzero(allowed[key] | high | ~spans.simple)

    def _starts(self) -> np.ndarray | None:
        """:func:`_start_table` of the families (made once)."""
        if self._allowed is False:
            self._allowed = _start_table(self.families)
        return self._allowed  # type: ignore[return-value]

    def _add_batch_phrases(
        self,
        spans: TokenSpans,
        ids: np.ndarray,
        occurrences: np.ndarray,
        slotted: dict[int, tuple[tuple[int, int], ...]],
        members: dict[int, np.ndarray],
        hits: np.ndarray,
    ) -> None:
        """Add phrase hits, found in the token sequence: a phrase occurs where its words are
        consecutive tokens with only white space between them (what the phrase regex of
        :meth:`_scan` finds), left to right, each match after the end of the previous one.
        As in :meth:`count`, overlapping matches of a family's phrases are one hit, and its
        single-word hits inside them are not counted again (``members[fam]``: which
        vocabulary numbers are single-word hits of ``fam``)."""
        n_vocab = int(ids.max()) + 1 if len(ids) else 0
        occurrence_vocab = ids[occurrences]
        bounds = spans.bounds
        data = np.frombuffer(spans.data, dtype=np.uint8)
        windows: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}
        for p, n in enumerate(self._phrase_len):
            masks = [np.zeros(n_vocab, dtype=bool) for _ in range(n)]
            for v, slots in slotted.items():
                for phrase, w in slots:
                    if phrase == p:
                        masks[w][v] = True
            heads = occurrences[masks[0][occurrence_vocab]]
            doc = np.searchsorted(bounds, heads, side="right") - 1
            inside = heads + n <= bounds[doc + 1]
            heads, doc = heads[inside], doc[inside]
            for w in range(1, n):
                fits = masks[w][ids[heads + w]]
                heads, doc = heads[fits], doc[fits]
            if not len(heads):
                continue
            spaced = np.ones(len(heads), dtype=bool)
            for w in range(1, n):
                # a gap of one byte is an ASCII character: looked up; longer gaps are read
                lo, hi = spans.byte_ends[heads + w - 1], spans.byte_starts[heads + w]
                single = hi - lo == 1
                spaced[single] &= _ASCII_SPACE[data[lo[single]]]
                for i in np.flatnonzero(~single & spaced).tolist():
                    spaced[i] = spans.data[lo[i] : hi[i]].decode("utf-8").isspace()
            heads, doc = heads[spaced], doc[spaced]
            if len(heads) > 1 and (heads[1:] < heads[:-1] + n).any():
                taken, last = [], -1  # matches of one phrase do not overlap
                for i, k in enumerate(heads.tolist()):
                    if k >= last:
                        taken.append(i)
                        last = k + n
                heads = heads[taken]
            windows.setdefault(self._phrases[p][0], []).append((heads, heads + n))
        no_members = np.zeros(n_vocab, dtype=bool)
        for fam, parts in windows.items():
            lo = np.concatenate([a for a, _ in parts])
            hi = np.concatenate([b for _, b in parts])
            order = np.lexsort((hi, lo))
            lo, hi = lo[order], hi[order]
            # overlapping token ranges [lo, hi) merge (texts' tokens never overlap)
            reach = np.maximum.accumulate(hi)
            new = np.ones(len(lo), dtype=bool)
            new[1:] = lo[1:] >= reach[:-1]
            first, stop = lo[new], np.maximum.reduceat(hi, np.flatnonzero(new))
            doc = np.searchsorted(bounds, first, side="right") - 1
            np.add.at(hits[:, fam], doc, 1)
            length = stop - first
            tokens = np.repeat(first, length) + (
                np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
            )
            member = members.get(fam, no_members)[ids[tokens]]
            np.subtract.at(hits[:, fam], np.repeat(doc, length)[member], 1)

    def hits(self, text: str, *, families: Iterable[int] | None = None) -> list[Hit]:
        """Every hit in ``text`` (or of the given family indices), in document order.

        Overlapping hits of one family are merged into one (see the module docstring).
        """
        return self.find(text, families=families)[0]

    def find(self, text: str, *, families: Iterable[int] | None = None) -> tuple[list[Hit], int]:
        """:meth:`hits` and the number of tokens of ``text``, from one pass over it."""
        wanted = list(range(len(self.families)) if families is None else families)
        text = self._haystack(text)
        _, n_tokens, phrase_spans, surface_by_family = self._scan(text, wanted)
        return self._located(text, wanted, phrase_spans, surface_by_family), n_tokens

    def find_many(self, texts: Sequence[str]) -> tuple[list[list[Hit]], np.ndarray]:
        """:meth:`find` of many texts at once: the hits of each text and its number of tokens,
        exactly the same. The compiled scanner (:mod:`toolkit.scanner`) finds the tokens of
        them all and which matching words each text holds, one lookup per distinct word of
        the batch; only the texts that hold one are searched for where their hits are, with
        the words each holds, as :meth:`find` searches.

        Examples
        --------
        >>> m = TermMatcher({"security": ["security"], "collective": ["collective security"]})
        >>> found, n_tokens = m.find_many(["Peace.", "Collective security."])
        >>> [[(m.names[h.family], h.start, h.end) for h in hits] for hits in found]
        [[], [('collective', 0, 19), ('security', 11, 19)]]
        >>> n_tokens.tolist()
        [1, 2]
        """
        found, starts = self.locate_many(texts)
        return found, np.fromiter(map(len, starts), dtype=np.int64, count=len(starts))

    def locate_many(self, texts: Sequence[str]) -> tuple[list[list[Hit]], list[np.ndarray]]:
        """The hits of each of many texts, as :meth:`find_many` gives them, and where each
        token of each text starts in it (a sorted array per text; its length is the text's
        number of tokens), from the one pass of the scanner that finds both.

        Examples
        --------
        >>> m = TermMatcher({"security": ["security"]})
        >>> found, starts = m.locate_many(["Peace.", "Collective security."])
        >>> [starts_of.tolist() for starts_of in starts]
        [[0], [0, 11]]
        """
        haystacks = [self._haystack(t) for t in texts]
        spans = token_spans(haystacks)
        if spans is None:  # a text that cannot be encoded (a lone surrogate): one at a time
            return [self.find(text)[0] for text in texts], [
                np.fromiter((m.start() for m in TOKEN_RE.finditer(text)), np.int64)
                for text in texts
            ]
        # the distinct tokens that may match (see count_many) and what each matches
        maybe = self._maybe(spans)
        vocab, maybe_ids = spans.vocabulary(maybe)
        lookups = {v: self.lookup(t) for v, t in enumerate(vocab) if t not in self._irrelevant}
        relevant = np.zeros(len(vocab) + 1, dtype=bool)
        relevant[[v for v, found in lookups.items() if found != ((), ())]] = True
        held = maybe[relevant[maybe_ids]]
        ids = maybe_ids[relevant[maybe_ids]]
        docs = np.searchsorted(spans.bounds, held, side="right") - 1
        firsts = spans.firsts  # (a haystack is as long as its text: the same offsets)
        starts = (spans.starts[held] - firsts[docs]).tolist()
        ends = (spans.ends[held] - firsts[docs]).tolist()
        # the words each text holds, as find() gathers them from its tokens, and where the
        # single words of each family are
        slot_tokens: dict[int, dict[tuple[int, int], set[str]]] = {}
        surface: dict[int, dict[int, set[str]]] = {}
        places: dict[int, dict[int, list[tuple[int, int]]]] = {}
        for doc, v, start, end in zip(docs.tolist(), ids.tolist(), starts, ends):
            fams, slots = lookups[v]
            for fam in fams:
                surface.setdefault(doc, {}).setdefault(fam, set()).add(vocab[v])
                places.setdefault(doc, {}).setdefault(fam, []).append((start, end))
            for slot in slots:
                slot_tokens.setdefault(doc, {}).setdefault(slot, set()).add(vocab[v])
        every = list(range(len(self.families)))
        found: list[list[Hit]] = [[] for _ in texts]
        for doc in sorted({*surface, *slot_tokens}):
            text = haystacks[doc]
            phrase_spans = self._phrase_spans(text, slot_tokens.get(doc, {}), set(every))
            found[doc] = self._located(
                text, every, phrase_spans, surface.get(doc, {}), places.get(doc, {})
            )
        return found, spans.text_starts()

    def _located(
        self,
        text: str,
        wanted: list[int],
        phrase_spans: list[list[tuple[int, int]]],
        surface_by_family: Mapping[int, set[str]],
        places: Mapping[int, list[tuple[int, int]]] | None = None,
    ) -> list[Hit]:
        """The hits of the ``wanted`` families in ``text`` (a haystack), in document order:
        their phrase spans, and where the single words the text holds of each occur as whole
        tokens (overlapping spans of a family merged).

        The words are searched for with one regex of them all, as a token match has always
        been found. ``places`` (the spans of the tokens that are each family's words, when
        known) saves the search where it cannot differ: a match the search keeps is one of
        those tokens, and the search reaches every token (it moves past a token only by
        matching it or from a position before it). At a token, only the word it is can match
        when no word is the start of another, and it is kept where the text lets a token end
        after it (the regex's ``_CLOSE``)."""
        found: list[Hit] = []
        for fam in wanted:
            spans = list(phrase_spans[fam])
            words = surface_by_family.get(fam)
            if words and places is not None and _none_starts_another(words):
                spans.extend(p for p in places[fam] if _CLOSE_RE.match(text, p[1]))
            elif words:
                spans.extend(_spans(self._regex((frozenset(words),)), text))
            found.extend(Hit(fam, start, end) for start, end in merge_spans(spans))
        found.sort(key=lambda h: (h.start, h.family))
        return found

    def count_variants(self, text: str) -> tuple[list[Counter[str]], int]:
        """Like :meth:`count`, with the matched surface forms of each family.

        Forms are lower-cased unless the family is case-sensitive, with white space folded.
        """
        variants: list[Counter[str]] = [Counter() for _ in self.families]
        found, n_tokens = self.find(text)
        for hit in found:
            form = text[hit.start : hit.end]
            if not self.families[hit.family].case_sensitive:
                form = form.lower()
            variants[hit.family][" ".join(form.split())] += 1
        return variants, n_tokens


def _start_table(families: Sequence[TermFamily]) -> np.ndarray | None:
    """Which first three ASCII characters a token of one run of word characters can have and
    match a word of ``families`` (a table indexed by ``128 * (128 * first + second) + third``);
    None when a word has no literal start (a ``regex`` or ``lemma`` family, a glob such as
    ``*ism``).

    A word's literal start (up to three characters) allows the characters that match it under
    the family's case rule (``ſ`` matches ``s``), followed by any. A token that matches a word
    has the word's literal start as its own start, so only tokens that cannot match are left
    out.
    """
    table = np.zeros((128, 128, 128), dtype=bool)
    every = range(128)
    matches: dict[tuple[str, int], list[int]] = {}
    for family in families:
        flags = 0 if family.case_sensitive else re.IGNORECASE
        for word in (w for pattern in family.patterns for w in pattern.split()):
            start = word if family.kind == "fixed" else _WILDCARD_RE.split(word, 1)[0]
            if family.kind in ("regex", "lemma") or not start:
                return None
            chars = []
            for c in start[:3]:
                if (c, flags) not in matches:
                    rx = re.compile(re.escape(c), flags)
                    matches[c, flags] = [b for b in every if rx.fullmatch(chr(b))]
                chars.append(matches[c, flags])
            table[np.ix_(*chars, *[every] * (3 - len(chars)))] = True
    return table.ravel()


def _union(patterns: Iterable[_WordTest | None]) -> re.Pattern[str] | None:
    """One regex that matches wherever any of ``patterns`` matches (each keeps its case rule).

    None when the patterns cannot be combined (a user regex with global flags, say, or lemmas).
    """
    given = [rx for rx in patterns if rx is not None]
    regexes = [rx for rx in given if isinstance(rx, re.Pattern)]
    if len(regexes) < len(given):
        return None
    parts = [f"(?{'i' if rx.flags & re.IGNORECASE else '-i'}:{rx.pattern})" for rx in regexes]
    try:
        return re.compile("|".join(parts)) if parts else None
    except re.error:
        return None


def _needles(family: TermFamily) -> list[str] | None:
    """Literal substrings one of which must occur in a text for ``family`` to match there."""
    if family.kind in ("regex", "lemma"):
        return None
    needles = []
    for pattern in family.patterns:
        runs = _LITERAL_RE.findall(pattern) if family.kind == "glob" else [pattern]
        if not runs:
            return None
        # every word of a phrase must occur, so its longest literal word is a valid needle
        longest = max((word for run in runs for word in run.split()), key=len)
        needles.append(longest if family.case_sensitive else _fold(longest))
    return needles


def describe_terms(terms: Terms | TermMatcher) -> pd.DataFrame:
    """Term families as a table, for reading and for the methods section of a paper.

    The families of a packaged dictionary come with their precision: the share of a random
    sample of their hits in real news that was read in context and coded by hand as an instance
    of the family's concept (its definition). The coded hits, how they were drawn and the coding
    rules are in ``toolkit/resources/validation/``. A precision is given only for a family
    whose patterns are exactly the packaged ones in the language coded (``"rhetoric"``,
    ``"rhetoric:ru"``): for any other family, a packaged family changed, or one that holds the
    patterns of several languages at once, it is NaN.

    Returns
    -------
    DataFrame
        One row per family: ``term``, ``definition``, ``patterns`` (joined with ``", "``),
        ``n_patterns``, ``kind`` (glob, regex, fixed or lemma), ``case_sensitive``, ``sources``
        (joined with ``"; "``), ``precision`` (the share of the coded hits that are instances
        of the family's concept), ``precision_low`` and ``precision_high`` (its Wilson 95%
        interval) and ``n_coded`` (the hits coded; 0 and NaN precision when none were).

    Examples
    --------
    >>> describe_terms({"unity": ["unity", "solidarity"]})[["term", "patterns", "n_coded"]]
        term           patterns  n_coded
    0  unity  unity, solidarity        0
    >>> table = describe_terms("rhetoric:ru")
    >>> table[["term", "n_coded", "precision", "precision_low", "precision_high"]].round(3)
               term  n_coded  precision  precision_low  precision_high
    0   sovereignty       35      0.914          0.776           0.970
    1         unity       10      0.800          0.490           0.943
    2     sanctions       35      0.971          0.855           0.995
    3      security       40      0.975          0.871           0.996
    4          west       40      0.925          0.801           0.974
    5         peace       40      0.900          0.769           0.960
    6  independence       10      0.700          0.397           0.892
    """
    import pandas as pd

    from toolkit.stats import wilson_interval

    families = compile_terms(terms)
    coded = _coded_samples()
    counts = [coded.get((f.name, f.patterns, f.kind, f.case_sensitive), (0, 0)) for f in families]
    relevant = np.array([r for r, _ in counts], dtype=float)
    n_coded = np.array([n for _, n in counts], dtype=np.int64)
    low, high = wilson_interval(relevant, n_coded)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(n_coded > 0, relevant / n_coded, np.nan)
    return pd.DataFrame(
        {
            "term": [f.name for f in families],
            "definition": [f.definition for f in families],
            "patterns": [", ".join(f.patterns) for f in families],
            "n_patterns": [len(f.patterns) for f in families],
            "kind": [f.kind for f in families],
            "case_sensitive": [f.case_sensitive for f in families],
            "sources": ["; ".join(f.sources) for f in families],
            "precision": precision,
            "precision_low": low,
            "precision_high": high,
            "n_coded": n_coded,
        }
    )


@lru_cache(maxsize=1)
def _coded_samples() -> dict[tuple[str, tuple[str, ...], str, bool], tuple[int, int]]:
    """The hand-coded samples of hits of the packaged dictionaries (``<name>.csv`` in
    ``toolkit/resources/validation``): the ``(relevant, coded)`` hits of the latest round of
    each family, keyed by the family (name, patterns, kind, case rule) as the dictionary has it
    in the language coded."""
    import csv
    import io

    found: dict[tuple[str, tuple[str, ...], str, bool], tuple[int, int]] = {}
    folder = resources.files("toolkit.resources").joinpath("validation")
    for name in list_dictionaries():
        sample = folder.joinpath(f"{name}.csv")
        if not sample.is_file():
            continue
        rows = list(csv.DictReader(io.StringIO(sample.read_text("utf-8"), newline="")))
        latest: dict[tuple[str, str], int] = {}
        for row in rows:
            key = (row["language"], row["term"])
            latest[key] = max(latest.get(key, 0), int(row["round"]))
        coded: Counter[tuple[str, str]] = Counter()
        relevant: Counter[tuple[str, str]] = Counter()
        for row in rows:
            key = (row["language"], row["term"])
            if int(row["round"]) == latest[key]:
                coded[key] += 1
                relevant[key] += row["relevant"] == "yes"
        for lang in sorted({lang for lang, _ in coded}):
            for family in load_dictionary(name, lang=lang):
                if (lang, family.name) in coded:
                    signature = (family.name, family.patterns, family.kind, family.case_sensitive)
                    found[signature] = (relevant[lang, family.name], coded[lang, family.name])
    return found


# --- YAML files and the packaged dictionaries ------------------------------------------------


def _refuse_aliases(path: Path) -> None:
    """Raise a TermError when the YAML file at ``path`` uses an alias (``*name``): each alias
    repeats a whole node, so a file of a few hundred bytes can expand into gigabytes. The file
    is read as a stream of events, which never expands one. (A file that is not valid YAML is
    left to the reader, which says where.)"""
    import yaml

    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return
    if "*" not in text:  # (an alias starts with *: most term files have none)
        return
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise TermError(
                    f"{path} uses the YAML alias *{event.anchor} (line {line}): aliases are not "
                    "allowed in term files. Write the value out in full where it is used."
                )
    except yaml.YAMLError:
        return


def load_terms(path: str | Path, *, kind: Kind = "glob") -> list[TermFamily]:
    """Read term families from a YAML file.

    The file maps family names to a pattern, a list of patterns, or a mapping with ``patterns``
    (a list, or ``{lang: [...]}``), and optionally ``definition``, ``sources`` and ``kind``. A
    top-level ``families:`` key (the packaged dictionaries' layout) is also accepted.

    Each field has one shape: ``patterns`` a list of strings (or one string), or a mapping from
    a language code to such a list; ``case_sensitive`` true or false; ``kind`` one of glob,
    regex, fixed, lemma; ``definition`` a string; ``sources`` a list of strings. Any other shape
    is a TermError that names the family and the field, and so is a YAML alias (``*name``).
    """
    path = Path(path)
    if not path.is_file():
        raise TermError(f"No term file at {str(path)!r}. Write one with save_terms(terms, path).")
    _refuse_aliases(path)
    data = read_yaml(path, error=TermError)
    if isinstance(data, Mapping) and isinstance(data.get("families"), Mapping):
        data = data["families"]
    if not isinstance(data, Mapping):
        raise TermError(f"{path} must map family names to patterns, e.g. 'sanctions: [sanction*]'.")
    return compile_terms(data, kind=kind)


def save_terms(terms: Terms, path: str | Path) -> Path:
    """Write term families to a YAML file that :func:`load_terms` reads back.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "terms.yaml"
    >>> families = compile_terms({"unity": ["unity", "solidarity"]})
    >>> load_terms(save_terms(families, target)) == families
    True
    """
    import yaml

    out: dict[str, Any] = {}
    for fam in compile_terms(terms):
        entry: dict[str, Any] = {
            "patterns": {code: list(pats) for code, pats in fam.by_language}
            if fam.by_language
            else list(fam.patterns)
        }
        if fam.kind != "glob":
            entry["kind"] = fam.kind
        if fam.definition:
            entry["definition"] = fam.definition
        if fam.sources:
            entry["sources"] = list(fam.sources)
        if fam.case_sensitive:
            entry["case_sensitive"] = True
        out[fam.name] = entry
    path = Path(path)
    with atomic_path(path, error=TermError) as partial:
        partial.write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def list_dictionaries() -> list[str]:
    """Names of the dictionaries that ship with the toolkit.

    Examples
    --------
    >>> list_dictionaries()
    ['rhetoric']
    """
    folder = resources.files("toolkit.resources").joinpath("dictionaries")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def load_dictionary(
    name: str = "rhetoric", *, lang: str | Sequence[str] | None = "en"
) -> list[TermFamily]:
    """Load a packaged dictionary of term families.

    Each family of a packaged dictionary lists its patterns by language (ISO 639-1 codes:
    ``en``, ``ru``, ``uk``, ...), and the families loaded say so (:attr:`TermFamily
    .by_language`): :func:`toolkit.count_terms` applies to each article the patterns of its
    language, and leaves out (and reports) the articles in a language they have no patterns for.
    A language is added to a dictionary by adding its patterns to the YAML file, nothing else.

    Parameters
    ----------
    name : str, default "rhetoric"
        The starter dictionary of rhetoric categories; see :func:`list_dictionaries`.
    lang : str, list of str or None, default "en"
        The language whose patterns to keep (``"en"``, ``"ru"``, ...), several of them, or
        ``None`` for every language the dictionary has. A family without patterns in any of
        them is left out; a language no family has is an error.

    Examples
    --------
    >>> rhetoric = load_dictionary("rhetoric")
    >>> [f.name for f in rhetoric][:3]
    ['sovereignty', 'unity', 'sanctions']
    >>> rhetoric[1].definition
    'Appeals to unity, solidarity and sticking together among allies or citizens.'
    >>> load_dictionary("rhetoric", lang="ru")[2].patterns[:2]
    ('санкци*', 'эмбарго')
    >>> load_dictionary("rhetoric", lang=None)[2].languages
    ('en', 'ru')
    """
    import yaml

    if name not in list_dictionaries():
        raise TermError(f"No dictionary named {name!r}; available: {list_dictionaries()}.")
    raw = (
        resources.files("toolkit.resources")
        .joinpath("dictionaries", f"{name}.yaml")
        .read_text("utf-8")
    )
    data = yaml.safe_load(raw)["families"]
    entries = {
        fam_name: (entry, _by_language(str(fam_name), entry["patterns"]))
        for fam_name, entry in data.items()
    }
    every = sorted({code for _, pairs in entries.values() for code, _ in pairs})
    wanted = None if lang is None else [lang] if isinstance(lang, str) else list(lang)
    for code in wanted or ():
        if code not in every:
            raise TermError(f"Dictionary {name!r} has no {code!r} patterns; try {every}.")
    families = []
    for fam_name, (entry, pairs) in entries.items():
        kept = tuple(pair for pair in pairs if wanted is None or pair[0] in wanted)
        if wanted is not None:  # in the order asked for
            kept = tuple(sorted(kept, key=lambda pair: wanted.index(pair[0])))
        if not kept:
            continue
        families.append(
            TermFamily(
                str(fam_name),
                tuple(p for _, pats in kept for p in pats),
                "glob",
                entry.get("definition", ""),
                tuple(entry.get("sources", ())),
                bool(entry.get("case_sensitive", False)),
                by_language=kept,
            )
        )
    return families


def _dictionary_names() -> list[str]:
    """Every name a packaged dictionary answers to: ``rhetoric``, ``rhetoric:ru``, ..."""
    import yaml

    names = []
    for name in list_dictionaries():
        raw = resources.files("toolkit.resources").joinpath("dictionaries", f"{name}.yaml")
        families = yaml.safe_load(raw.read_text("utf-8"))["families"].values()
        langs = sorted({lang for entry in families for lang in entry["patterns"]})
        names += [name, *(f"{name}:{lang}" for lang in langs if lang != "en")]
    return names


# --- the matcher cache ----------------------------------------------------------------------


@lru_cache(maxsize=16)
def _cached_matcher(families: tuple[TermFamily, ...]) -> TermMatcher:
    return TermMatcher(list(families))


def get_matcher(terms: Terms | TermMatcher) -> TermMatcher:
    """A :class:`TermMatcher` for ``terms``, shared by every analysis called with the same families.

    A matcher remembers which tokens matched which family, so a second analysis with the same
    term families skips that work. The 16 most recently used matchers are kept; free them with
    :func:`clear_matcher_cache`.

    Examples
    --------
    >>> get_matcher({"unity": ["unity"]}) is get_matcher({"unity": ["unity"]})
    True
    """
    if isinstance(terms, TermMatcher):
        return terms
    return _cached_matcher(tuple(compile_terms(terms)))


def clear_matcher_cache() -> None:
    """Forget every matcher :func:`get_matcher` has kept (and what they learned about tokens).

    Examples
    --------
    >>> clear_matcher_cache()
    """
    _cached_matcher.cache_clear()


def patterns_hint(verb: str) -> str:
    """What to do about articles in a language the families have no patterns for (said by
    every analysis that leaves them out): ``verb`` is what the analysis does with them.

    >>> patterns_hint("show")[:48]
    'To show them, give the families patterns in thos'
    """
    return (
        f"To {verb} them, give the families patterns in those languages (terms='rhetoric:all' "
        "is the packaged dictionary in every language it has; your own: {'unity': "
        "{'patterns': {'en': [...], 'uk': [...]}}})"
    )


def language_rule(matcher: TermMatcher, *, column: bool) -> Callable[[str, Any], str | None] | None:
    """How an article's language is told for families that give patterns by language, as
    :func:`toolkit.count_terms` tells it by default: the corpus's ``language`` column where it
    has a code, else the article's letters (their script, and the language model where the
    script does not settle it). None when no family gives languages.

    The rule returns a code, ``"<script> script"`` for letters of a script none of the
    families' languages is written in, or ``"unknown"`` when detection cannot tell. One rule
    for every analysis that counts by language (count_terms, document_term_matrix,
    compare_periods).
    """
    languages = matcher.languages
    if not languages:
        return None
    scripts: dict[str, list[str]] = {}
    for code in languages:
        scripts.setdefault(SCRIPTS.get(code, "Latin"), []).append(code)
    codes: dict[Any, str | None] = {}

    def rule(text: str, value: Any) -> str | None:
        if column and value is not None:
            if value not in codes:
                codes[value] = language_code(value)
            if codes[value] is not None:
                return codes[value]
        script = letter_script(text)
        if script is None:  # no letters, no word of any language: counted in the first
            return languages[0]
        fits = scripts.get(script, [])
        if len(fits) == 1:
            if not letters_unlike(text, fits[0]):
                return fits[0]
            return detect_language(text) or fits[0]
        if not fits:
            return f"{script} script"
        return detect_language(text, languages=fits) or "unknown"

    return rule
