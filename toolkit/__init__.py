"""rhetoric-toolkit: study political rhetoric in the news, offline.

>>> import toolkit
>>> corpus = toolkit.load_sample()
>>> toolkit.tokenize(corpus.loc[0, "title"])[:4]
['lukashenko', 'calls', 'for', 'unity']
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from toolkit.clean import find_boilerplate, strip_boilerplate, tag_language, tag_wire_copy
from toolkit.collocates import collocates
from toolkit.concordance import dispersion, format_kwic, kwic, sample_kwic, speakers
from toolkit.corpus import CorpusChunks, read_corpus, write_corpus
from toolkit.datasets import load_sample, load_sotu
from toolkit.duplicates import deduplicate, find_duplicates
from toolkit.errors import CorpusError, CorpusWarning, MissingResourceError, TermError, ToolkitError
from toolkit.events import EventTrend, compare_periods, event_trend
from toolkit.frequency import (
    common_window,
    count_terms,
    coverage,
    describe_corpus,
    smooth_rates,
    suggest_smoothing,
)
from toolkit.keyness import keyness, keyness_matrix
from toolkit.matrix import DocumentTermMatrix, document_term_matrix, read_matrix, write_matrix
from toolkit.periods import PERIODS, coarsen_period
from toolkit.reuse import find_reuse, propagation, strip_reused
from toolkit.sentiment import compare_sentiment, sentiment, summarize_sentiment
from toolkit.terms import (
    TermFamily,
    TermMatcher,
    clear_matcher_cache,
    compile_terms,
    describe_terms,
    get_matcher,
    load_dictionary,
    load_terms,
    save_terms,
)
from toolkit.text import (
    detect_language,
    fold_lookalikes,
    lemmatize,
    normalize,
    sentences,
    stem,
    stopwords,
    tokenize,
)
from toolkit.topics import Topics, seeded_topics
from toolkit.validation import (
    correct_rates,
    load_coded_sample,
    sample_for_coding,
    validate_terms,
    write_coding_page,
    write_coding_sheet,
)
from toolkit.voice import annotate_voice, find_credits, voice_spans

if TYPE_CHECKING:  # the charts, imported on first use (below): `import toolkit` needs no matplotlib
    from toolkit.plot import (
        annotate_terms,
        plot_coverage,
        plot_dispersion,
        plot_event,
        plot_frequency,
        plot_heatmap,
        plot_keyness,
        plot_propagation,
        plot_sentiment,
        plot_sentiment_trend,
        plot_topics,
        plot_trend,
    )

#: The names of toolkit.plot that the top level gives, importing toolkit.plot when first asked.
_PLOT_NAMES = (
    "annotate_terms",
    "plot_coverage",
    "plot_dispersion",
    "plot_event",
    "plot_frequency",
    "plot_heatmap",
    "plot_keyness",
    "plot_propagation",
    "plot_sentiment",
    "plot_sentiment_trend",
    "plot_topics",
    "plot_trend",
)

try:
    __version__ = version("rhetoric-toolkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "PERIODS",
    "CorpusChunks",
    "CorpusError",
    "CorpusWarning",
    "DocumentTermMatrix",
    "EventTrend",
    "MissingResourceError",
    "TermError",
    "TermFamily",
    "TermMatcher",
    "ToolkitError",
    "Topics",
    "__version__",
    "annotate_terms",
    "annotate_voice",
    "clear_matcher_cache",
    "coarsen_period",
    "collocates",
    "common_window",
    "compare_periods",
    "compare_sentiment",
    "compile_terms",
    "correct_rates",
    "count_terms",
    "coverage",
    "deduplicate",
    "describe_corpus",
    "describe_terms",
    "detect_language",
    "dispersion",
    "document_term_matrix",
    "event_trend",
    "find_boilerplate",
    "find_credits",
    "find_duplicates",
    "find_reuse",
    "fold_lookalikes",
    "format_kwic",
    "get_matcher",
    "keyness",
    "keyness_matrix",
    "kwic",
    "lemmatize",
    "load_coded_sample",
    "load_dictionary",
    "load_sample",
    "load_sotu",
    "load_terms",
    "normalize",
    "plot_coverage",
    "plot_dispersion",
    "plot_event",
    "plot_frequency",
    "plot_heatmap",
    "plot_keyness",
    "plot_propagation",
    "plot_sentiment",
    "plot_sentiment_trend",
    "plot_topics",
    "plot_trend",
    "propagation",
    "read_corpus",
    "read_matrix",
    "sample_for_coding",
    "sample_kwic",
    "save_terms",
    "seeded_topics",
    "sentences",
    "sentiment",
    "smooth_rates",
    "speakers",
    "stem",
    "stopwords",
    "strip_boilerplate",
    "strip_reused",
    "suggest_smoothing",
    "summarize_sentiment",
    "tag_language",
    "tag_wire_copy",
    "tokenize",
    "validate_terms",
    "voice_spans",
    "write_coding_page",
    "write_coding_sheet",
    "write_corpus",
    "write_matrix",
]


def __getattr__(name: str) -> Any:
    """The chart functions (and ``toolkit.plot``), imported when first asked for, so that
    ``import toolkit`` does not import matplotlib."""
    if name in _PLOT_NAMES or name == "plot":
        plot = import_module("toolkit.plot")
        return plot if name == "plot" else getattr(plot, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_PLOT_NAMES})
