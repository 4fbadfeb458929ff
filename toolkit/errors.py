"""Errors and warnings raised by the toolkit.

Every message says what went wrong *and* what to do about it, so that a notebook user never has to
read a traceback from deep inside pandas.
"""

from __future__ import annotations

__all__ = ["CorpusError", "CorpusWarning", "MissingResourceError", "TermError", "ToolkitError"]


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class CorpusError(ToolkitError, ValueError):
    """A corpus could not be read or does not have the shape the toolkit needs."""


class TermError(ToolkitError, ValueError):
    """A term family or pattern is malformed."""


class MissingResourceError(ToolkitError, LookupError):
    """An optional resource (package or data file) is not installed."""


class CorpusWarning(UserWarning):
    """The corpus was read, but some rows need the user's attention (for example empty texts)."""
