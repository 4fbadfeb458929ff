"""Russian morphology for the voice rules: pymorphy3's readings of a word."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import import_module
from typing import Any

from toolkit.errors import MissingResourceError


@cache
def _morph() -> Any:
    """pymorphy3's analyser (its Russian dictionary ships inside its package)."""
    try:
        pymorphy3 = import_module("pymorphy3")
    except ImportError as error:  # pragma: no cover - a declared dependency
        raise MissingResourceError(
            "Russian voice annotation needs pymorphy3: pip install pymorphy3"
        ) from error
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=128)
def _ru_readings(word: str) -> tuple[Any, ...]:
    """pymorphy3's readings of a word, likeliest first, the one reading every rule asks for. A
    word is read by several rules one after the other (a name's by :func:`_ru_parse`,
    :func:`_ru_first_name`, :func:`_ru_agreeing_surname`; a subject's by
    :func:`_ru_may_be_subject` and :func:`_ru_tag`), so a short memory spares most second
    readings without keeping every reading alive. The rules test grammemes known to pymorphy3
    in a reading's ``tag.grammemes``: the same answer as ``in tag``, without its check that
    the grammeme exists."""
    return tuple(_morph().parse(word))


@lru_cache(maxsize=20_000)
def _ru_form(word: str) -> tuple[str, str]:
    """(part of speech, case) of a Russian word's likeliest reading."""
    tag = _ru_tag(word.lower())
    return str(tag.POS), str(tag.case)


@lru_cache(maxsize=20_000)
def _ru_tag(word: str) -> Any:
    """The grammatical tag of a Russian word's likeliest reading (pymorphy3's)."""
    return _ru_readings(word)[0].tag
