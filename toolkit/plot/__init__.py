"""Charts of term rates, trends, keyness, dispersion and sentiment, ready for a paper or a notebook.

Every function takes the table another part of the toolkit produces as its first argument and
returns the :class:`matplotlib.axes.Axes` it drew on. Options are keyword-only; ``ax=`` draws into
an existing Axes, otherwise a new figure is made. Nothing here calls ``plt.show()`` or changes
matplotlib's global settings.

Design rules, so that charts survive grey-scale printing and colour-vision deficiency:

* groups are coloured from the Okabe–Ito palette (strongest contrasts first) and, where lines are
  drawn, also get their own marker; a group keeps its style in every chart of a session
  (:func:`group_style`), and any number of groups gets one;
* past :data:`FACET_ABOVE` groups, a chart draws small multiples or a layout made for many
  groups, and names every group (legend, tick labels or panel titles); a group left out on
  request (``top=``) is named in a note on the figure;
* heatmaps use the perceptually uniform ``cividis`` colour map;
* every axis names its unit ("hits per 10,000 tokens", "articles per period", ...) and every
  default title says what was counted and how it was normalised;
* estimates resting on too little text (``low_n``) are flagged on the chart, not silently drawn.

============================ ==================================================================
function                     input table
============================ ==================================================================
:func:`plot_frequency`       ``count_terms()`` without ``period``: grouped bars with 95% CI
:func:`plot_heatmap`         ``count_terms()`` without ``period``: groups x terms matrix
:func:`plot_trend`           ``count_terms()`` with ``period``: lines + article-volume strip
:func:`plot_keyness`         ``keyness()``: diverging bars of key words in target vs reference
:func:`plot_dispersion`      hits table (one row per hit): where in documents / when terms occur
:func:`plot_sentiment`       sentiment scores (``compound`` or ``polarity``): box plots by group
:func:`plot_sentiment_trend` ``summarize_sentiment(period=...)``: mean tone over time, 95% CI
:func:`plot_coverage`        ``coverage()``: articles per period, one heat strip per group
:func:`plot_event`           ``event_trend()``: rates around an event, fitted segments
:func:`plot_topics`          ``seeded_topics()`` shares: a panel per topic, intervals over runs
============================ ==================================================================

The modules, one per chart family over one shared module: ``_base`` (styles, panels, the rules
of every public function, labels and ticks), ``rates`` (:func:`plot_frequency`,
:func:`plot_heatmap`, :func:`annotate_terms`), ``trends`` (:func:`plot_trend`), ``keyness``,
``dispersion``, ``sentiment`` (:func:`plot_sentiment`, :func:`plot_sentiment_trend`),
``coverage``, ``events`` (:func:`plot_event`) and ``topics`` (:func:`plot_topics`).
"""

from __future__ import annotations

from toolkit.plot._base import (
    FACET_ABOVE,
    OKABE_ITO,
    PALETTE,
    STYLE_COMBINATIONS,
    TOL_MUTED,
    Style,
    group_style,
    reset_group_styles,
    set_group_styles,
)
from toolkit.plot.coverage import plot_coverage
from toolkit.plot.dispersion import plot_dispersion
from toolkit.plot.events import plot_event
from toolkit.plot.keyness import plot_keyness
from toolkit.plot.propagation import plot_propagation
from toolkit.plot.rates import annotate_terms, plot_frequency, plot_heatmap
from toolkit.plot.sentiment import plot_sentiment, plot_sentiment_trend
from toolkit.plot.topics import plot_topics
from toolkit.plot.trends import plot_trend

__all__ = [
    "FACET_ABOVE",
    "OKABE_ITO",
    "PALETTE",
    "STYLE_COMBINATIONS",
    "TOL_MUTED",
    "Style",
    "annotate_terms",
    "group_style",
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
    "reset_group_styles",
    "set_group_styles",
]
