"""News text that tells the truth: boilerplate found and shown, datelines and wire credits.

Real news carries text that is not the article: an agency's dateline (``MINSK, May 18.
/TASS/.``), a broadcaster's footer in every article, "Read more" links, photo credits, and stock
background paragraphs repeated word for word. Counted as words, they make an outlet's name its
top key word and a footer its rhetoric. Nothing here deletes text silently:

* :func:`find_boilerplate` lists the passages that recur within a group, with their counts and
  where in the article they sit, so a researcher sees them before deciding;
* :func:`strip_boilerplate` removes the packaged rules (datelines, credits, link lines; see
  ``toolkit/resources/boilerplate.yaml``) and the passages chosen, and keeps the original text and
  what was removed beside the cleaned one;
* :func:`tag_wire_copy` names the agency credited in each article's dateline or closing credit,
  so that one wire item republished by five outlets is not read as five voices;
* :func:`tag_language` detects each article's language offline, so that Russian and English
  articles are analysed each with what suits them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from toolkit.engine import Analysis, Document, Partial, column_dtypes, run
from toolkit.errors import ToolkitError
from toolkit.text import detect_language, sentence_spans, token_re
from toolkit.text import warm_up as warm_sentences
from toolkit.util import By, as_list, check_count, check_group_names

__all__ = [
    "BOILERPLATE_COLUMNS",
    "BoilerplateRules",
    "find_boilerplate",
    "load_boilerplate_rules",
    "strip_boilerplate",
    "tag_language",
    "tag_wire_copy",
]

#: The columns of a find_boilerplate() table after the ``by`` columns.
BOILERPLATE_COLUMNS = ["passage", "n_docs", "share", "position", "n_tokens"]
Unit = Literal["paragraph", "sentence"]
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled boilerplate rules: datelines and credits (with their agency) and whole lines."""

    datelines: tuple[tuple[str, re.Pattern[str]], ...]
    credits: tuple[tuple[str, re.Pattern[str]], ...]
    lines: tuple[re.Pattern[str], ...]


def _compile(pattern: Any, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise ToolkitError(
            f"Boilerplate rule {pattern!r} ({where}) is not a valid regex: {exc}."
        ) from None


def _rules_from(data: Any, where: str) -> BoilerplateRules:
    if not isinstance(data, Mapping) or not set(data) <= {"datelines", "credits", "lines"}:
        raise ToolkitError(
            f"{where} must map 'datelines', 'credits' and 'lines' to rules, like the packaged "
            "toolkit/resources/boilerplate.yaml."
        )

    def agency_rules(key: str, anchor: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        out = []
        for rule in data.get(key) or ():
            if not isinstance(rule, Mapping) or "pattern" not in rule or "agency" not in rule:
                raise ToolkitError(f"Each {key} rule in {where} needs an agency and a pattern.")
            body = rule["pattern"]
            pattern = rf"\A\s*(?:{body})" if anchor == "start" else rf"(?:{body})\s*\Z"
            out.append((str(rule["agency"]), _compile(pattern, where)))
        return tuple(out)

    lines = tuple(
        _compile(rf"(?m)^[ \t]*(?:{line})[ \t]*(?:\n|\Z)", where)
        for line in data.get("lines") or ()
    )
    return BoilerplateRules(
        agency_rules("datelines", "start"), agency_rules("credits", "end"), lines
    )


@cache
def _default_rules() -> BoilerplateRules:
    import yaml

    raw = resources.files("toolkit.resources").joinpath("boilerplate.yaml").read_text("utf-8")
    return _rules_from(yaml.safe_load(raw), "toolkit/resources/boilerplate.yaml")


def load_boilerplate_rules(
    rules: str | Path | Mapping[str, Any] | BoilerplateRules | None = "default",
) -> BoilerplateRules:
    """The boilerplate rules: the packaged ones (``"default"``), none (``None``), a YAML file or a
    mapping of the packaged file's shape.

    Examples
    --------
    >>> rules = load_boilerplate_rules()
    >>> sorted({agency for agency, _ in rules.datelines})[:4]
    ['AFP', 'AP', 'BBC Monitoring', 'BelTA']
    """
    if isinstance(rules, BoilerplateRules):
        return rules
    if rules is None:
        return BoilerplateRules((), (), ())
    if isinstance(rules, str) and rules == "default":
        return _default_rules()
    if isinstance(rules, Mapping):
        return _rules_from(rules, "rules=")
    import yaml

    path = Path(rules).expanduser()
    if not path.is_file():
        raise ToolkitError(
            f"rules={str(rules)!r} is neither 'default', None nor a YAML file of boilerplate "
            "rules (see toolkit/resources/boilerplate.yaml for the shape)."
        )
    return _rules_from(yaml.safe_load(path.read_text("utf-8")), str(path))


def _passages(text: str, unit: str) -> list[str]:
    """The paragraphs (lines) or sentences of ``text``, white space folded, empty ones left out."""
    if unit == "paragraph":
        pieces: Iterable[str] = text.splitlines()
    else:
        pieces = (text[start:end] for start, end in sentence_spans(text))
    return [p for p in (" ".join(piece.split()) for piece in pieces) if p]


def find_boilerplate(
    corpus: pd.DataFrame,
    *,
    by: By = "source",
    unit: Unit = "paragraph",
    min_docs: int = 5,
    min_share: float = 0.02,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Passages that recur word for word in many articles of a group: footers, stock paragraphs.

    Each article is cut into passages (paragraphs, i.e. lines, or sentences), white space folded.
    A passage counts once per article. Recurring passages are rhetoric too (a stock background
    paragraph is a message), but they are one repeated text, not independent uses of its words:
    read this table before comparing groups, and remove what is not the article with
    :func:`strip_boilerplate` (``passages=``).

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`.
    by : str or list of str, default "source"
        Look for passages within each group (an outlet's footer is its own); None: the corpus.
    unit : {"paragraph", "sentence"}, default "paragraph"
        What a passage is.
    min_docs : int, default 5
        Keep passages found in at least this many articles of the group ...
    min_share : float, default 0.02
        ... and in at least this share of them.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per group and recurring passage, most frequent first within each group: the
        ``by`` columns; ``passage``; ``n_docs`` (articles of the group that contain it);
        ``share`` (``n_docs`` / the group's articles); ``position`` (where it most often sits:
        ``start`` is the first passage of an article, ``end`` the last, ``middle`` any other,
        ``whole`` the only one); ``n_tokens`` (its length in tokens).

    Examples
    --------
    >>> corpus = pd.DataFrame({  # synthetic
    ...     "source": ["BBC"] * 3 + ["RT"] * 2,
    ...     "text": ["Talks resumed.\\nFooter: not responsible for external sites.",
    ...              "Grain deal.\\nFooter: not responsible for external sites.",
    ...              "Budget vote.", "Sanctions bite.\\nRead us on Telegram.", "Trade up."]})
    >>> table = find_boilerplate(corpus, min_docs=2)
    >>> table.loc[0, "passage"]
    'Footer: not responsible for external sites.'
    >>> table[["source", "n_docs", "share", "position", "n_tokens"]].round(3)
      source  n_docs  share position  n_tokens
    0    BBC       2  0.667      end         6
    """
    by_cols = as_list(by)
    check_group_names(by_cols, BOILERPLATE_COLUMNS, func="find_boilerplate")
    min_docs = check_count("min_docs", min_docs, 1)
    if unit not in ("paragraph", "sentence"):
        raise ToolkitError(f"unit must be 'paragraph' or 'sentence', got {unit!r}.")
    if not 0 <= float(min_share) <= 1:
        raise ToolkitError(f"min_share must be a share between 0 and 1, got {min_share!r}.")

    def step(doc: Document) -> Partial:
        pieces = _passages(doc.text, unit)
        found: Counter[tuple[Any, ...]] = Counter()
        last = len(pieces) - 1
        for i, passage in reversed(list(enumerate(pieces))):  # a repeat counts where it first is
            where = (
                "whole" if last == 0 else "start" if i == 0 else "end" if i == last else "middle"
            )
            found.pop((doc.key, passage, "end"), None)
            found[(doc.key, passage, where)] = 1
        return {"passages": found, ("docs", doc.key): 1}

    def finish(total: Partial) -> pd.DataFrame:
        counts: Counter[tuple[Any, ...]] = total.get("passages", Counter())
        n_docs: Counter[tuple[Any, ...]] = Counter()
        places: dict[tuple[Any, ...], Counter[str]] = {}
        for (key, passage, where), n in counts.items():
            n_docs[(key, passage)] += n
            places.setdefault((key, passage), Counter())[where] += n
        rows = []
        for (key, passage), n in n_docs.items():
            group_docs = total[("docs", key)]
            if n >= min_docs and n / group_docs >= min_share:
                where = sorted(places[(key, passage)].items(), key=lambda kv: (-kv[1], kv[0]))
                tokens = len(token_re(passage).findall(passage))
                rows.append((*key, passage, n, n / group_docs, where[0][0], tokens))
        table = pd.DataFrame(rows, columns=[*by_cols, *BOILERPLATE_COLUMNS])
        table = table.astype({"n_docs": "int64", "share": "float64", "n_tokens": "int64"})
        order = [*by_cols, "n_docs", "passage"]
        ascending = [True] * len(by_cols) + [False, True]
        table = table.sort_values(order, ascending=ascending, na_position="last", kind="stable")
        for column, dtype in dtypes.items():
            table[column] = table[column].astype(dtype)
        return table.reset_index(drop=True)

    dtypes = column_dtypes(corpus, by_cols)
    analysis = Analysis("find_boilerplate", step, finish, by=tuple(by_cols),
                        warm_up=warm_sentences if unit == "sentence" else None)  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _strip_one(text: str, rules: BoilerplateRules, passages: list[str]) -> tuple[str, list[str]]:
    removed: list[str] = []
    for _, rx in rules.datelines:
        m = rx.match(text)
        if m:
            removed.append(m.group().strip())
            text = text[m.end() :]
            break
    for rx in rules.lines:
        removed.extend(m.group().strip() for m in rx.finditer(text))
        text = rx.sub("", text)
    for _, rx in rules.credits:
        m = rx.search(text)
        if m:
            removed.append(m.group().strip())
            text = text[: m.start()]
            break
    if passages:
        lines = text.splitlines()
        kept = []
        for line in lines:
            folded = " ".join(line.split())
            if folded in passages:
                removed.append(folded)
                continue
            inside = [p for p in passages if p in folded]  # chosen sentences in a paragraph
            for passage in inside:
                removed.append(passage)
                folded = " ".join(folded.replace(passage, " ").split())
            if folded or not line.strip():
                kept.append(folded if inside else line)  # untouched lines stay as they were
        text = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip(), removed


def strip_boilerplate(
    corpus: pd.DataFrame,
    *,
    rules: str | Path | Mapping[str, Any] | BoilerplateRules | None = "default",
    passages: pd.DataFrame | Iterable[str] | None = None,
) -> pd.DataFrame:
    """The corpus with datelines, credits, link lines and chosen passages taken out of ``text``.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (never modified).
    rules : "default", None, YAML path or mapping, default "default"
        The packaged rules (``toolkit/resources/boilerplate.yaml``: datelines and closing credits
        of TASS, BelTA, RIA Novosti, Interfax, RT, Reuters, AP, AFP, BBC Monitoring and Xinhua
        in English and Russian, "Read more" / "Читайте также" lines, photo credits, RT's share
        line, the BBC's image captions and external-links footer), none, or your own file of
        the same shape.
    passages : DataFrame or list of str, optional
        Passages to remove as well: a :func:`find_boilerplate` table (each passage removed only
        in its own group, so one outlet's footer never touches another's text; filter the table
        to the rows you chose) or a list of texts (removed everywhere). A passage is removed
        where it is a whole paragraph, or a sentence within one.

    Returns
    -------
    DataFrame
        A copy of the corpus with ``text`` cleaned, ``text_original`` (the text before the first
        cleaning; kept when it is already there) and ``removed`` (what was taken out of each
        article, one piece per line, "" for nothing).

    Examples
    --------
    >>> import toolkit
    >>> clean = strip_boilerplate(toolkit.load_sample())
    >>> clean.loc[0, "removed"]
    'MINSK, May 18. /TASS/.'
    >>> clean.loc[0, "text"][:40]
    'Belarusian President Alexander Lukashenk'
    """
    if not isinstance(corpus, pd.DataFrame) or "text" not in corpus.columns:
        raise ToolkitError("strip_boilerplate() takes a corpus (a DataFrame with a 'text' column).")
    compiled = load_boilerplate_rules(rules)
    groups, chosen = _chosen_passages(corpus, passages)
    texts = corpus["text"].fillna("").astype(str).tolist()
    keys = _group_keys(corpus, groups)
    cleaned, removed = [], []
    for text, key in zip(texts, keys, strict=True):
        new, gone = _strip_one(text, compiled, chosen.get(key, []) + chosen.get(None, []))
        cleaned.append(new)
        removed.append("\n".join(gone))
    out = corpus.copy()
    if "text_original" not in out.columns:
        out["text_original"] = corpus["text"]
    out["text"] = pd.Series(cleaned, index=corpus.index, dtype=corpus["text"].dtype)
    out["removed"] = pd.Series(removed, index=corpus.index, dtype="str")
    return out


def _chosen_passages(
    corpus: pd.DataFrame, passages: pd.DataFrame | Iterable[str] | None
) -> tuple[list[str], dict[Any, list[str]]]:
    """The group columns of ``passages`` and the passages to remove by group key (None: in
    every article)."""
    if passages is None:
        return [], {}
    if isinstance(passages, pd.DataFrame):
        if "passage" not in passages.columns:
            raise ToolkitError(
                "passages= takes a find_boilerplate() table (with a 'passage' column) or a list "
                "of texts."
            )
        groups = [str(c) for c in passages.columns if c not in BOILERPLATE_COLUMNS]
        missing = [c for c in groups if c not in corpus.columns]
        if missing:
            raise ToolkitError(f"passages= is grouped by {groups}, but the corpus lacks {missing}.")
        chosen: dict[Any, list[str]] = {}
        for record in passages[[*groups, "passage"]].itertuples(index=False, name=None):
            key = tuple(None if pd.isna(v) else v for v in record[:-1]) if groups else None
            chosen.setdefault(key, []).append(" ".join(str(record[-1]).split()))
        return groups, chosen
    if isinstance(passages, str):
        passages = [passages]
    return [], {None: [" ".join(str(p).split()) for p in passages if str(p).strip()]}


def _group_keys(corpus: pd.DataFrame, groups: list[str]) -> list[Any]:
    """Each article's group key, as _chosen_passages keys them (None without groups)."""
    if not groups:
        return [None] * len(corpus)
    columns = [corpus[c].astype(object).where(corpus[c].notna(), None).tolist() for c in groups]
    return [tuple(values) for values in zip(*columns, strict=True)]


def tag_wire_copy(
    corpus: pd.DataFrame,
    *,
    rules: str | Path | Mapping[str, Any] | BoilerplateRules | None = "default",
) -> pd.DataFrame:
    """The corpus with a ``wire`` column: the agency credited in each article's dateline or
    closing credit (``/TASS/``, ``(Reuters)``, ``(AP)``, ``— BelTA``, ...), missing where none.

    An outlet that runs another agency's copy publishes that agency's words: compare outlets on
    their own articles (``corpus[corpus.wire.isna() | (corpus.wire == corpus.source)]``) or count
    wire copy as its own group.

    Examples
    --------
    >>> corpus = pd.DataFrame({"source": ["Moscow Times", "RT", "BBC"], "text": [  # synthetic
    ...     "MOSCOW (AP) — Talks resumed.", "Grain deal signed. — BelTA", "Budget vote."]})
    >>> tag_wire_copy(corpus)["wire"].tolist()
    ['AP', 'BelTA', None]
    """
    if not isinstance(corpus, pd.DataFrame) or "text" not in corpus.columns:
        raise ToolkitError("tag_wire_copy() takes a corpus (a DataFrame with a 'text' column).")
    compiled = load_boilerplate_rules(rules)
    wires = []
    for text in corpus["text"].fillna("").astype(str):
        agency = next((a for a, rx in compiled.datelines if rx.match(text)), None)
        if agency is None:
            agency = next((a for a, rx in compiled.credits if rx.search(text)), None)
        wires.append(agency)
    return corpus.assign(wire=pd.Series(wires, index=corpus.index, dtype=object))


def tag_language(
    corpus: pd.DataFrame,
    *,
    languages: str | Iterable[str] | None = None,
    min_confidence: float = 0.5,
) -> pd.DataFrame:
    """The corpus with a ``language`` column: each article's language detected offline.

    Uses :func:`toolkit.text.detect_language` (``py3langid``) on the title and text. An existing
    ``language`` column (from the export, say) is replaced; keep it under another name first if
    you want to compare. :func:`toolkit.sentiment` reads this column: articles that are not in
    English get NaN scores, not zeros.

    Parameters
    ----------
    corpus : DataFrame
        A corpus (never modified).
    languages : list of str, optional
        Choose among these ISO 639-1 codes only, e.g. ``["en", "ru"]``.
    min_confidence : float, default 0.5
        Below this probability the language is left missing.

    Examples
    --------
    >>> corpus = pd.DataFrame({"text": [  # synthetic
    ...     "Президент Белоруссии призвал страны ОДКБ к единству перед лицом санкций.",
    ...     "The president called on the alliance to stand together against sanctions.", ""]})
    >>> tag_language(corpus)["language"].tolist()
    ['ru', 'en', None]
    """
    if not isinstance(corpus, pd.DataFrame) or "text" not in corpus.columns:
        raise ToolkitError("tag_language() takes a corpus (a DataFrame with a 'text' column).")
    if not 0 <= float(min_confidence) <= 1:
        raise ToolkitError(f"min_confidence must be between 0 and 1, got {min_confidence!r}.")
    chosen = [languages] if isinstance(languages, str) else languages
    texts = corpus["text"].fillna("").astype(str)
    if "title" in corpus.columns:
        titles = corpus["title"].fillna("").astype(str)
        texts = titles.where(titles == "", titles + "\n") + texts
    found = [
        detect_language(text, languages=chosen, min_confidence=min_confidence) for text in texts
    ]
    return corpus.assign(language=pd.Series(found, index=corpus.index, dtype=object))
