"""Tests of toolkit.sentiment: scores are checked against the two libraries called directly, and
summaries against NumPy and SciPy on the same numbers."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_text import news_like
from scipy import stats
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import toolkit
from toolkit.corpus import read_corpus
from toolkit.errors import CorpusError, MissingResourceError, ToolkitError
from toolkit.sentiment import MAX_SENTENCE_CHARS, sentiment, summarize_sentiment
from toolkit.text import tokenize

sentiment_module = importlib.import_module("toolkit.sentiment")  # the function shadows it

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "data" / "tass-2023-05-18-lukashenko-csto.txt"
VADER = SentimentIntensityAnalyzer()
META = ["doc_id", "source", "published", "url"]


def _corpus() -> pd.DataFrame:
    """Three short articles from two sources in two months."""
    return read_corpus(
        pd.DataFrame(
            {
                "source": ["TASS", "TASS", "BBC"],
                "published": ["2023-05-18", "2023-06-02", "2023-05-20"],
                "text": [
                    "Unity is a great good. Sanctions are a terrible crime!\nWe stand firm.",
                    "The talks failed. Nobody is happy about the war.",
                    "Peace talks went well. Sanctions hurt ordinary people badly.",
                ],
            }
        )
    )


# ---------------------------------------------------------------------------- sentence scores


def test_vader_sentences_match_vader_package() -> None:
    scores = sentiment(toolkit.load_sample())
    assert list(scores.columns) == [
        *META,
        *["sentence", "start", "end", "text", "compound", "pos", "neu", "neg"],
        *["n_tokens", "lexicon_tokens"],
    ]
    assert len(scores) == 11
    for row in scores.itertuples():
        direct = VADER.polarity_scores(row.text)
        assert row.compound == direct["compound"]
        assert (row.pos, row.neu, row.neg) == (direct["pos"], direct["neu"], direct["neg"])


def test_textblob_sentences_match_textblob() -> None:
    scores = sentiment(toolkit.load_sample(), method="textblob")
    assert list(scores.columns[-4:]) == ["polarity", "subjectivity", "n_tokens", "lexicon_tokens"]
    assert "compound" not in scores.columns
    for row in scores.itertuples():
        direct = TextBlob(row.text).sentiment
        assert row.polarity == direct.polarity
        assert row.subjectivity == direct.subjectivity


def test_offsets_index_the_article_text() -> None:
    corpus = toolkit.load_sample()
    text = corpus.loc[0, "text"]
    scores = sentiment(corpus)
    assert scores["sentence"].tolist() == list(range(len(scores)))
    for row in scores.itertuples():
        assert text[row.start : row.end] == row.text
    assert scores.loc[0, "text"] == "MINSK, May 18."
    # every token of the article is in exactly one sentence
    assert scores["n_tokens"].sum() == len(tokenize(text))
    for row in scores.itertuples():
        assert row.n_tokens == len(tokenize(row.text))


def test_a_long_line_without_sentence_punctuation_is_scored_in_windows() -> None:
    """Synthetic text: 60,000 characters of words without a period (a transcript, say), which
    VADER would take many seconds to score as one sentence, its cost growing with the square of
    the length. It is scored in windows of at most MAX_SENTENCE_CHARS, cut at white space, that
    cover the line in order; each window's score is VADER's own."""
    words = ["good", "talks", "on", "sanctions", "were", "not", "bad", "today", "peace"]
    line = " ".join(words[i % len(words)] for i in range(8000))
    corpus = read_corpus(pd.DataFrame({"text": [line], "source": ["synthetic"]}))
    table = sentiment(corpus, {"sanctions": ["sanctions"]})
    windows = list(zip(table["start"], table["end"]))
    assert len(windows) > 1 and windows[0][0] == 0 and windows[-1][1] == len(line)
    assert all(a[1] == b[0] for a, b in pairwise(windows))  # contiguous
    assert all(0 < end - start <= MAX_SENTENCE_CHARS for start, end in windows)
    assert all(line[end - 1] == " " for _, end in windows[:-1])  # cut after white space
    vader = SentimentIntensityAnalyzer()
    expected = [vader.polarity_scores(line[a:b])["compound"] for a, b in windows]
    assert table["compound"].tolist() == expected


def test_lexicon_tokens_count_lexicon_words() -> None:
    corpus = read_corpus(pd.DataFrame({"text": ["Good good war, said the table."]}))
    vader = sentiment(corpus)
    # VADER's lexicon: good (x2) and war; not said, the, table
    assert (vader.loc[0, "n_tokens"], vader.loc[0, "lexicon_tokens"]) == (6, 3)
    assert {"good", "war"} <= set(VADER.lexicon) and "table" not in VADER.lexicon
    blob = sentiment(corpus, method="textblob")
    # the Pattern lexicon has good but neither war nor table
    assert blob.loc[0, "lexicon_tokens"] == 2


def test_corpus_is_not_modified() -> None:
    corpus = _corpus()
    before = corpus.copy()
    sentiment(corpus, {"sanctions": ["sanction*"]}, level="document")
    pd.testing.assert_frame_equal(corpus, before)


# ---------------------------------------------------------------------------- document scores


@pytest.mark.parametrize(("method", "score"), [("vader", "compound"), ("textblob", "polarity")])
def test_document_score_is_token_weighted_mean(method: str, score: str) -> None:
    corpus = _corpus()
    sentences = sentiment(corpus, method=method)
    docs = sentiment(corpus, method=method, level="document")
    assert list(docs.columns[:5]) == [*META, "n_sentences"]
    assert docs["doc_id"].tolist() == corpus["doc_id"].tolist()
    for doc in docs.itertuples():
        part = sentences[sentences["doc_id"] == doc.doc_id]
        expected = np.average(part[score], weights=part["n_tokens"])
        assert getattr(doc, score) == pytest.approx(expected, abs=1e-12)
        assert doc.n_sentences == len(part)
        assert doc.n_tokens == part["n_tokens"].sum()
        assert doc.lexicon_tokens == part["lexicon_tokens"].sum()
    assert docs.loc[0, "n_sentences"] == 3  # the line break ends a sentence


@pytest.mark.parametrize("method", ["vader", "textblob"])
def test_document_score_does_not_drift_when_article_is_doubled(method: str) -> None:
    corpus = toolkit.load_sample()
    doubled = corpus.assign(text=corpus["text"] + "\n" + corpus["text"])
    once = sentiment(corpus, method=method, level="document")
    twice = sentiment(doubled, method=method, level="document")
    assert twice.loc[0, "n_sentences"] == 2 * once.loc[0, "n_sentences"]
    for col in sentiment_module.METHODS[method]:
        assert abs(twice.loc[0, col] - once.loc[0, col]) < 1e-9


def test_document_without_tokens_has_nan_score() -> None:
    corpus = read_corpus(pd.DataFrame({"text": ["— …", "Good."]}))
    docs = sentiment(corpus, level="document")
    assert np.isnan(docs.loc[0, "compound"]) and docs.loc[0, "n_tokens"] == 0
    assert docs.loc[1, "compound"] == VADER.polarity_scores("Good.")["compound"]


# ---------------------------------------------------------------------------- targeted: terms


def test_terms_keeps_the_sentences_that_mention_sanctions() -> None:
    raw = SAMPLE_TXT.read_text("utf-8")
    # By hand: "sanction" occurs twice in the sample, in two different sentences, both in the
    # body (paragraphs 5 and 6, i.e. "We do not want you to face the same sanctions ..." and
    # "Strict adherence ... external pressure and sanctions would contribute ...").
    assert raw.lower().count("sanction") == 2
    scores = sentiment(toolkit.load_sample(), {"sanctions": ["sanction*"]})
    assert len(scores) == 2
    assert scores["term"].tolist() == ["sanctions", "sanctions"]
    assert scores["sentence"].tolist() == [8, 10]
    assert scores.loc[0, "text"].startswith('"We do not want you to face the same sanctions')
    assert scores.loc[1, "text"].startswith('"Strict adherence to the principle')
    assert all("sanction" in t.lower() for t in scores["text"])
    # the rows are the rows of the untargeted table, plus the term
    everything = sentiment(toolkit.load_sample()).set_index("sentence")
    for row in scores.itertuples():
        assert row.compound == everything.loc[row.sentence, "compound"]
        assert row.text == everything.loc[row.sentence, "text"]


def test_terms_gives_one_row_per_sentence_and_family() -> None:
    terms = {"sanctions": ["sanction*"], "unity": ["unity"], "war": ["war"]}
    scores = sentiment(_corpus(), terms)
    got = list(scores[["doc_id", "sentence", "term"]].itertuples(index=False, name=None))
    assert got == [
        ("doc0001", 0, "unity"),
        ("doc0001", 1, "sanctions"),
        ("doc0002", 1, "war"),
        ("doc0003", 1, "sanctions"),
    ]
    both = sentiment(_corpus(), {"unity": ["unity"], "good": ["good"]})
    assert both["sentence"].tolist() == [0, 0] and both["term"].tolist() == ["unity", "good"]
    assert both.loc[0, "compound"] == both.loc[1, "compound"]


def test_terms_at_document_level_uses_only_matching_sentences() -> None:
    terms = {"unity": ["unity"], "sanctions": ["sanction*"]}
    sentences = sentiment(_corpus(), terms)
    docs = sentiment(_corpus(), terms, level="document")
    assert list(docs.columns[:6]) == [*META, "term", "n_sentences"]
    # documents in corpus order, families in the order they were given
    assert list(docs[["doc_id", "term"]].itertuples(index=False, name=None)) == [
        ("doc0001", "unity"),
        ("doc0001", "sanctions"),
        ("doc0003", "sanctions"),
    ]
    for doc in docs.itertuples():
        part = sentences[(sentences["doc_id"] == doc.doc_id) & (sentences["term"] == doc.term)]
        assert doc.compound == pytest.approx(np.average(part["compound"], weights=part["n_tokens"]))
        assert doc.n_sentences == len(part)


def test_terms_without_hits_gives_an_empty_table() -> None:
    scores = sentiment(_corpus(), {"nato": ["nato"]})
    assert scores.empty and "term" in scores.columns and "compound" in scores.columns
    with pytest.raises(ToolkitError, match="empty table"):
        summarize_sentiment(scores)


# ---------------------------------------------------------------------------- summaries


def test_summary_matches_numpy_and_scipy() -> None:
    scores = sentiment(toolkit.load_sotu().head(3))
    summary = summarize_sentiment(scores)
    assert list(summary.columns) == [
        *["n", "mean", "median", "q25", "q75", "iqr", "mean_low", "mean_high", "coverage"]
    ]
    values = scores["compound"].to_numpy()
    row = summary.iloc[0]
    assert row["n"] == len(values)
    assert row["mean"] == pytest.approx(np.mean(values))
    assert row["median"] == pytest.approx(np.median(values))
    q25, q75 = np.percentile(values, [25, 75])
    assert (row["q25"], row["q75"]) == (pytest.approx(q25), pytest.approx(q75))
    assert row["iqr"] == pytest.approx(q75 - q25)
    # the percentile bootstrap, against SciPy's (other random draws: Monte Carlo error only)
    reference = stats.bootstrap(
        (values,), np.mean, n_resamples=20_000, method="percentile", random_state=1
    ).confidence_interval
    assert row["mean_low"] == pytest.approx(reference.low, abs=0.01)
    assert row["mean_high"] == pytest.approx(reference.high, abs=0.01)
    low, high = stats.t.interval(
        0.95, len(values) - 1, loc=np.mean(values), scale=stats.sem(values)
    )
    assert (row["mean_low"], row["mean_high"]) == (pytest.approx(low, abs=0.02),
                                                   pytest.approx(high, abs=0.02))  # fmt: skip
    assert row["coverage"] == pytest.approx(
        scores["lexicon_tokens"].sum() / scores["n_tokens"].sum()
    )


def test_summary_interval_stays_in_the_score_range() -> None:
    scores = pd.DataFrame({"compound": [-0.99, -0.98, -0.99, -0.97, 0.95], "source": "A"})
    low, _ = stats.t.interval(0.95, 4, loc=scores["compound"].mean(),
                                 scale=stats.sem(scores["compound"]))  # fmt: skip
    assert low < -1  # what a t-interval would claim
    row = summarize_sentiment(scores, by="source").iloc[0]
    assert -1 <= row["mean_low"] <= row["mean"] <= row["mean_high"] <= 1


def test_summary_coverage_by_hand() -> None:
    table = pd.DataFrame(
        {
            "polarity": [0.5, -0.5, 0.0],
            "n_tokens": [4, 6, 10],
            "lexicon_tokens": [1, 2, 0],
        }
    )
    summary = summarize_sentiment(table)
    assert summary.loc[0, "coverage"] == pytest.approx(3 / 20)
    assert summary.loc[0, "n"] == 3 and summary.loc[0, "mean"] == 0.0
    # without the token columns, coverage is unknown rather than an error
    assert np.isnan(summarize_sentiment(table[["polarity"]]).loc[0, "coverage"])


def test_summary_by_source_and_period() -> None:
    scores = sentiment(_corpus())
    by_source = summarize_sentiment(scores, by="source")
    assert by_source["source"].tolist() == ["BBC", "TASS"]
    for row in by_source.itertuples():
        values = scores.loc[scores["source"] == row.source, "compound"].to_numpy()
        assert row.n == len(values)
        assert row.mean == pytest.approx(values.mean())
        assert row.median == pytest.approx(np.median(values))

    by_month = summarize_sentiment(scores, by="source", period="M")
    assert list(by_month.columns[:3]) == ["source", "period", "n"]
    got = [(s, p.strftime("%Y-%m"), n) for s, p, n in by_month[["source", "period", "n"]].values]
    assert got == [("BBC", "2023-05", 2), ("TASS", "2023-05", 3), ("TASS", "2023-06", 2)]
    may_tass = scores[(scores["source"] == "TASS") & (scores["published"].dt.month == 5)]
    assert by_month.loc[1, "mean"] == pytest.approx(may_tass["compound"].mean())


def test_summary_groups_by_term_automatically() -> None:
    terms = {"sanctions": ["sanction*"], "unity": ["unity"]}
    scores = sentiment(_corpus(), terms)
    summary = summarize_sentiment(scores, by="source")
    assert list(summary[["source", "term", "n"]].itertuples(index=False, name=None)) == [
        ("BBC", "sanctions", 1),
        ("TASS", "sanctions", 1),
        ("TASS", "unity", 1),
    ]
    assert summary["mean_low"].isna().all() and summary["mean_high"].isna().all()  # n < 2


def test_summary_uses_polarity_for_textblob_tables() -> None:
    scores = sentiment(_corpus(), method="textblob")
    summary = summarize_sentiment(scores)
    assert summary.loc[0, "mean"] == pytest.approx(scores["polarity"].mean())
    explicit = summarize_sentiment(scores, score="subjectivity")
    assert explicit.loc[0, "mean"] == pytest.approx(scores["subjectivity"].mean())


# ---------------------------------------------------------------------------- errors


def test_bad_method_and_level() -> None:
    with pytest.raises(ToolkitError, match=r"method must be one of \['vader', 'textblob'\]"):
        sentiment(_corpus(), method="liwc")  # type: ignore[arg-type]
    with pytest.raises(ToolkitError, match=r"level must be one of \['sentence', 'document'\]"):
        sentiment(_corpus(), level="paragraph")  # type: ignore[arg-type]


def test_missing_columns_in_summary() -> None:
    scores = sentiment(_corpus())
    with pytest.raises(ToolkitError, match="no column 'polarity'"):
        summarize_sentiment(scores, score="polarity")
    with pytest.raises(ToolkitError, match="no column 'outlet'"):
        summarize_sentiment(scores, by="outlet")
    with pytest.raises(ToolkitError, match="neither a 'compound'"):
        summarize_sentiment(scores.drop(columns="compound"))
    with pytest.raises(ToolkitError, match="needs a 'published' column"):
        summarize_sentiment(scores.drop(columns="published"), period="M")
    with pytest.raises(ToolkitError, match="period must be one of"):
        summarize_sentiment(scores, period="fortnight")
    with pytest.raises(ToolkitError, match="empty table"):
        summarize_sentiment(scores.iloc[0:0])


def test_missing_package_names_the_pip_package(monkeypatch: pytest.MonkeyPatch) -> None:
    sentiment_module._vader.cache_clear()
    sentiment_module._textblob.cache_clear()
    monkeypatch.setitem(sys.modules, "vaderSentiment", None)
    monkeypatch.setitem(sys.modules, "vaderSentiment.vaderSentiment", None)
    monkeypatch.setitem(sys.modules, "textblob.en.sentiments", None)
    try:
        with pytest.raises(MissingResourceError, match="pip install vaderSentiment"):
            sentiment(_corpus())
        with pytest.raises(MissingResourceError, match="pip install textblob"):
            sentiment(_corpus(), method="textblob")
    finally:
        sentiment_module._vader.cache_clear()
        sentiment_module._textblob.cache_clear()


def test_works_without_nltk_data(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        import toolkit
        from toolkit.sentiment import MAX_SENTENCE_CHARS, sentiment, summarize_sentiment
        assert "vaderSentiment" not in sys.modules and "textblob" not in sys.modules
        corpus = toolkit.load_sample()
        for method in ("vader", "textblob"):
            scores = sentiment(corpus, method=method)
            summarize_sentiment(scores)
            sentiment(corpus, {"unity": ["unity"]}, method=method, level="document")
        print(len(scores))
        """
    )
    env = {**os.environ, "NLTK_DATA": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "11"


def test_meta_carries_corpus_metadata_for_grouping() -> None:
    corpus = toolkit.load_sotu().head(3)
    meta = ["source", "published", "year", "president"]
    scores = sentiment(corpus, {"war": ["war*"]}, meta=meta)
    assert list(scores.columns[:6]) == ["doc_id", *meta, "term"]
    by_doc = corpus.set_index("doc_id")["year"]
    assert (scores["year"] == scores["doc_id"].map(by_doc)).all()
    doc = sentiment(corpus, level="document", meta="year")
    assert list(doc.columns[:2]) == ["doc_id", "year"]
    assert doc["year"].tolist() == corpus["year"].tolist()
    assert "year" in summarize_sentiment(scores, by="year").columns
    default = sentiment(corpus, level="document")
    assert list(default.columns[:4]) == ["doc_id", "source", "published", "url"]
    with pytest.raises(CorpusError, match="meta= names \\['decade'\\]"):
        sentiment(corpus, meta=["decade"])
    with pytest.raises(ToolkitError, match="uses for its own columns"):
        sentiment(corpus, meta=["text"])


def test_compare_sentiment_against_a_hand_computation() -> None:
    from scipy import stats as scipy_stats

    from toolkit.sentiment import compare_sentiment

    corpus = toolkit.load_sotu().iloc[[0, 100, 200]]
    vader = sentiment(corpus, {"peace": ["peace*"]})
    blob = sentiment(corpus, {"peace": ["peace*"]}, method="textblob")
    table = compare_sentiment(vader, blob, by="source")
    both = vader.merge(blob, on=["doc_id", "sentence", "term"])
    for row in table.itertuples():
        part = both[both["source_x"] == row.source]
        assert row.n == len(part)
        assert row.first_mean == pytest.approx(part["compound"].mean())
        assert row.spearman == pytest.approx(
            scipy_stats.spearmanr(part["compound"], part["polarity"]).statistic
        )
        signs = np.sign(part["compound"]) * np.sign(part["polarity"])
        assert row.opposite_sign == pytest.approx((signs < 0).mean())
    assert table.attrs["scores"] == ("compound", "polarity")


def test_compare_sentiment_errors() -> None:
    from toolkit.sentiment import compare_sentiment

    corpus = toolkit.load_sotu().head(3)
    plain = sentiment(corpus)
    with pytest.raises(ToolkitError, match="only one table has a 'term' column"):
        compare_sentiment(plain, sentiment(corpus, {"war": ["war"]}, method="textblob"))
    with pytest.raises(ToolkitError, match="share no sentence"):
        compare_sentiment(plain, sentiment(toolkit.load_sotu().tail(2), method="textblob"))
    with pytest.raises(ToolkitError, match="several rows per"):
        compare_sentiment(pd.concat([plain, plain]), plain)


# --------------------------------------------------------------------------- the VADER shortcut

_VADER_WORDS = [
    "good", "bad", "not", "no", "very", "kind", "of", "but", "GREAT", "least", "never", "so",
    "the", "house", "Senate", "without", "doubt", "😀", "☹", ":)", "!!!", "??", "peace", "war",
    "sort of", "yeah right", "cut the mustard",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_VADER_WORDS), news_like), max_size=12).map(" ".join))
def test_the_vader_shortcut_changes_no_score(text):
    """Synthetic random sentences: VADER's own words and modifiers, emojis and any Unicode."""
    from toolkit.sentiment import _scorer, _vader

    found = _vader().polarity_scores(text)
    want = (found["compound"], found["pos"], found["neu"], found["neg"])
    assert _scorer("vader")(text) == want


def test_the_vader_shortcut_on_real_sentences(sotu_corpus):
    from toolkit.sentiment import _scorer, _vader

    score, analyzer, skipped = _scorer("vader"), _vader(), 0
    for text in sotu_corpus["text"].iloc[-8:]:
        for start, end in toolkit.text.sentence_spans(text):
            sentence = text[start:end]
            found = analyzer.polarity_scores(sentence)
            got = score(sentence)
            assert got == (found["compound"], found["pos"], found["neu"], found["neg"])
            skipped += got == (0.0, 0.0, 1.0, 0.0)
    assert skipped > 100  # the shortcut was taken


# --- by voice -----------------------------------------------------------------------------------

#: Synthetic text, labelled by hand: each stretch and whose words it is.
VOICED_TEXT = [
    ("Kozlov spoke at a tense meeting in Minsk.", "outlet", ""),
    ("“We love peace and we welcome every friend,”", "quote", "Kozlov"),
    ("Kozlov said.", "outlet", ""),
    ("He said", "outlet", ""),
    ("the sanctions were a terrible disaster.", "reported", "Kozlov"),
    ("The talks ended.", "outlet", ""),
]


def _voiced_corpus() -> pd.DataFrame:
    text = " ".join(piece for piece, _, _ in VOICED_TEXT)
    frame = pd.DataFrame({"doc_id": ["v1"], "source": ["Herald"], "text": [text]})
    return read_corpus(frame, normalize=False)  # (curly quotes kept)


def test_sentiment_by_voice_scores_each_voice_apart() -> None:
    """Synthetic labelled text: every piece scored as VADER scores it alone, with the voice and
    speaker of its label."""
    table = sentiment(_voiced_corpus(), voice=True, meta="source")
    assert list(table.columns) == [
        "doc_id", "source", "sentence", "start", "end", "text", "voice", "speaker", "relay",
        "compound", "pos", "neu", "neg", "n_tokens", "lexicon_tokens",
    ]  # fmt: skip
    assert list(zip(table["text"], table["voice"], table["speaker"])) == VOICED_TEXT
    vader = SentimentIntensityAnalyzer()
    for row in table.itertuples():
        assert row.compound == pytest.approx(vader.polarity_scores(row.text)["compound"])
        assert _voiced_corpus()["text"][0][row.start : row.end] == row.text
    assert table["sentence"].tolist() == [0, 1, 1, 2, 2, 3]
    assert (table.groupby("voice")["compound"].mean() != 0).all()


def test_sentiment_by_voice_per_document_is_the_token_weighted_mean() -> None:
    pieces = sentiment(_voiced_corpus(), voice=True)
    docs = sentiment(_voiced_corpus(), voice=True, level="document")
    assert docs[["voice", "speaker"]].values.tolist() == [
        ["outlet", ""], ["quote", "Kozlov"], ["reported", "Kozlov"]]  # fmt: skip
    for row in docs.itertuples():
        mine = pieces[pieces["voice"] == row.voice]
        expected = np.average(mine["compound"], weights=mine["n_tokens"])
        assert row.compound == pytest.approx(expected)
        assert row.n_sentences == len(mine)
        assert row.n_tokens == mine["n_tokens"].sum()
    # the voices together hold every token of the article
    whole = sentiment(_voiced_corpus(), level="document")
    assert docs["n_tokens"].sum() == whole["n_tokens"].iloc[0]
    summary = summarize_sentiment(pieces, by=["source", "voice"])
    assert summary["voice"].tolist() == ["outlet", "quote", "reported"]
    assert summary["n"].tolist() == [4, 1, 1]


def test_sentiment_by_voice_with_terms_keeps_the_pieces_with_a_hit() -> None:
    table = sentiment(_voiced_corpus(), {"sanctions": ["sanction*"], "peace": ["peace"]},
                      voice=True)  # fmt: skip
    assert list(zip(table["term"], table["voice"], table["speaker"])) == [
        ("peace", "quote", "Kozlov"), ("sanctions", "reported", "Kozlov")]  # fmt: skip
    # pieces pair up in compare_sentiment (by their start)
    blob = sentiment(_voiced_corpus(), voice=True, method="textblob")
    vader = sentiment(_voiced_corpus(), voice=True)
    assert toolkit.compare_sentiment(vader, blob)["n"].tolist() == [6]


def test_sentiment_by_voice_on_the_sample_matches_count_terms_tokens(sample) -> None:
    docs = sentiment(sample, voice=True, level="document")
    counted = toolkit.count_terms(sample, {"x": ["x"]}, by="voice")
    assert docs.set_index("voice")["n_tokens"].to_dict() == (
        counted.set_index("voice")["n_tokens"].to_dict()
    )
