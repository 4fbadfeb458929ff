"""Hypothesis strategies for synthetic random text (not real articles), shared by the tests that
prove a fast path gives exactly the reference path's results."""

from __future__ import annotations

from hypothesis import strategies as st

# The characters the text rules treat specially: joiners, periods and commas between digits,
# dotted acronyms, quotes, dashes, invisible marks, odd white space, combining marks, letters
# that change length or meaning when lower-cased (İ, ẞ, ſ, Kelvin sign), Cyrillic and Greek.
SPECIAL = (
    "aeistuUSKN19_.,;:!?'’‘\"“”«»-‐‑–—−/() \n\r\t\u00a0\u2009\u3000\u00ad\u200b\u200e\ufeff"
    "\u0301\u0306\u034fİıẞßſKΣσςДдНАТОиеё\ufb01\uff21²½"
)
WORDS = [
    "sanctions", "sanction", "Sanctions", "SANCTIONS", "sovereignty", "unity", "U.S.", "U.K.'s",
    "E.U.", "united", "states", "United States", "anti-sanctions", "war-time", "Russia's",
    "don't", "1,000", "3.5", "peace", "security", "collective", "санкции", "санкций", "единство",
    "NATO", "N.A.T.O.", "nato", "council", "unity unity", "collective security", "sovereign",
    "суверенитет", "U.S.-led", "united\nstates", "anti-U.S.", "ſanctions", "\u212aelvin",
    "Kelvin", "us", "a", "I", "x_y",
]  # fmt: skip

_pieces = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=SPECIAL, min_size=1, max_size=4),
    st.sampled_from([" ", " ", "\n", ", ", ". ", "-", "'"]),
    st.text(min_size=1, max_size=3),  # any Unicode at all
)

#: Random strings built from news-like words, the special characters and arbitrary Unicode.
news_like = st.lists(_pieces, max_size=40).map("".join)
