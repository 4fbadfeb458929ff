"""rhetoric-toolkit: study political rhetoric in the news, offline.

>>> import toolkit
>>> corpus = toolkit.load_sample()
>>> toolkit.tokenize(corpus.loc[0, "title"])[:4]
['lukashenko', 'calls', 'for', 'unity']
"""

from importlib.metadata import PackageNotFoundError, version

from toolkit.concordance import dispersion, format_kwic, kwic
from toolkit.corpus import load_sample, load_sotu, read_corpus, write_corpus
from toolkit.errors import CorpusError, CorpusWarning, MissingResourceError, TermError, ToolkitError
from toolkit.collocates import collocates
from toolkit.frequency import count_terms, describe_corpus
from toolkit.keyness import keyness, keyness_matrix
from toolkit.sentiment import sentiment, summarize_sentiment
from toolkit.terms import (
    TermFamily,
    TermMatcher,
    compile_terms,
    describe_terms,
    load_dictionary,
    load_terms,
    save_terms,
)
from toolkit.text import normalize, sentences, stem, stopwords, tokenize

try:
    __version__ = version("rhetoric-toolkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "CorpusError",
    "CorpusWarning",
    "MissingResourceError",
    "TermError",
    "TermFamily",
    "TermMatcher",
    "ToolkitError",
    "__version__",
    "collocates",
    "compile_terms",
    "count_terms",
    "describe_terms",
    "dispersion",
    "format_kwic",
    "keyness",
    "keyness_matrix",
    "kwic",
    "load_dictionary",
    "load_sample",
    "load_sotu",
    "load_terms",
    "normalize",
    "read_corpus",
    "save_terms",
    "sentences",
    "sentiment",
    "stem",
    "stopwords",
    "summarize_sentiment",
    "tokenize",
    "write_corpus",
]
