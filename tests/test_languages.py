"""Every language handled on purpose: families by language, counts in each article's language,
the articles no family covers reported and left out, Ukrainian lemmas, fast language detection.

Real articles of the development corpus (English and Russian) and, since no Ukrainian text ships
offline, a small Ukrainian sample written for these tests (labelled synthetic below).
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import toolkit
import toolkit.terms
from toolkit.errors import CorpusError, CorpusWarning, TermError, ToolkitError
from toolkit.frequency import count_terms
from toolkit.terms import (
    TermMatcher,
    compile_terms,
    language_code,
    load_dictionary,
    load_terms,
    save_terms,
)
from toolkit.text import (
    detect_language,
    detect_languages,
    lemmatize,
    letter_script,
    letters_unlike,
)

#: Synthetic Ukrainian news sentences, written for these tests (not real articles).
UKRAINIAN = [
    "Президент України заявив, що суверенітет і територіальна цілісність держави не є предметом "
    "переговорів. Він закликав партнерів посилити санкції проти Росії та надати нові системи "
    "протиповітряної оборони, бо загроза для міст залишається високою.",
    "Міністр закордонних справ наголосив, що безпека Європи залежить від єдності Заходу. За його "
    "словами, НАТО і Європейський Союз мають діяти разом, щоб забезпечити тривалий і "
    "справедливий мир.",
    "Уряд оголосив нові обмежувальні заходи щодо компаній, які допомагають обходити санкції. "
    "Прем'єр-міністр підкреслив, що співпраця з США та ЄС залишається пріоритетом, а діалог "
    "із партнерами триває щодня.",
]

#: Ukrainian patterns proposed for the packaged rhetoric dictionary (version 2: phrases where
#: Ukrainian, like Russian, uses a word in other senses: безпека is also safety, мирні жителі
#: are civilians; the West family is case-sensitive, Захід being the West and захід also an
#: event). Data for its YAML file: nothing else is needed for the toolkit to use them.
UK_RHETORIC = {
    "sovereignty": ["суверен*", "самовизначенн*", "невтручанн*", "територіальн* цілісн*"],
    "independence": ["незалежн[іо]ст*"],
    "unity": ["єдн[іо]ст*", "єднанн*", "солідарн[іо]ст*", "згуртован*", "згуртуванн*"],
    "sanctions": ["санкці*", "ембарго", "обмежувальн* заход*"],
    "security": [
        "національн* безпек*", "державн* безпек*", "міжнародн* безпек*", "колективн* безпек*",
        "європейськ* безпек*", "регіональн* безпек*", "глобальн* безпек*", "енергетичн* безпек*",
        "продовольч* безпек*", "економічн* безпек*", "рад* безпеки", "служб* безпеки",
        "гарант* безпеки", "архітектур* безпеки", "загроз* безпеці", "військов* загроз*",
        "терористичн* загроз*", "ядерн* загроз*", "оборон*", "міноборони", "ППО", "тероризм*",
        "терорист*", "теракт*", "антитерор*", "контртерор*",
    ],
    "west": [
        "Захід", "Заходу", "Заходом", "Заході", "західн[иоау]*", "західні", "Західні", "Західних",
        "Західним", "Західними", "НАТО", "США", "Сполучен* Штат*", "ЄС", "Євросоюз*",
        "Європейськ* [Сс]оюз*", "Вашингтон*", "Брюссел*", "англосакс*", "Англосакс*",
    ],
    "peace": [
        "мир", "миру", "миром", "мирн* переговор*", "мирн* угод*", "мирн* договор*",
        "мирн* план*", "мирн* процес*", "мирн* врегулюванн*", "мирн* ініціатив*",
        "мирн* саміт*", "формул* миру", "встановленн* миру", "збереженн* миру", "миротвор*",
        "співпрац*", "партнерств*", "діалог*", "дружб* народів", "стратегічн* стабільн[іо]ст*",
        "регіональн* стабільн[іо]ст*", "глобальн* стабільн[іо]ст*",
    ],
}  # fmt: skip

#: Hits of the proposed patterns in UKRAINIAN, counted by hand (a phrase counts once).
UK_RHETORIC_HITS = {
    "sovereignty": 2,  # суверенітет, територіальна цілісність
    "independence": 0,
    "unity": 1,  # єдності
    "sanctions": 3,  # санкції, санкції, обмежувальні заходи
    "security": 1,  # оборони (загроза для міст, безпека Європи: no phrase of the family)
    "west": 5,  # Заходу, НАТО, Європейський Союз, США, ЄС
    "peace": 3,  # мир, співпраця, діалог (партнерів is not партнерств*)
}

#: Term families written for these tests, in three languages.
FAMILIES = {
    "sanctions": {"patterns": {"en": ["sanction*"], "ru": ["санкци*"], "uk": ["санкці*"]}},
    "security": {
        "patterns": {
            "en": ["security", "threat*"],
            "ru": ["безопасност*", "угроз*"],
            "uk": ["безпек*", "загроз*"],
        }
    },
    "west": {
        "patterns": {"en": ["west", "nato"], "ru": ["запад*", "нато"], "uk": ["заходу", "нато"]}
    },
}
#: Their hits in UKRAINIAN, counted by hand.
FAMILY_HITS = {"sanctions": 2, "security": 2, "west": 2}  # загроза, безпека; Заходу, НАТО


def in_language(lang: str) -> dict[str, list[str]]:
    """FAMILIES in one language, as families for any language."""
    return {name: entry["patterns"][lang] for name, entry in FAMILIES.items()}


@pytest.fixture(scope="module")
def mixed(dev_news: pd.DataFrame) -> pd.DataFrame:
    """Real English (TASS) and Russian (RIA Novosti) articles and the synthetic Ukrainian ones."""
    tass = dev_news[dev_news["source"] == "TASS"].head(30)
    ria = dev_news[dev_news["source"] == "RIA Novosti"].head(30)
    ukrainian = pd.DataFrame(
        {
            "source": "Ukrainian sample (synthetic)",
            "language": "uk",
            "published": pd.Timestamp("2023-11-01", tz="UTC"),
            "text": UKRAINIAN,
        }
    )
    frame = pd.concat([tass, ria], ignore_index=True).drop(columns="doc_id")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return toolkit.read_corpus(pd.concat([frame, ukrainian], ignore_index=True))


def quiet_count(*args, **kwargs) -> pd.DataFrame:
    """count_terms with the warnings about dates kept out of the way (tested elsewhere)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "count_terms\\(\\): the groups were published")
        return count_terms(*args, **kwargs)


# --- families by language --------------------------------------------------------------------


def test_a_family_carries_its_patterns_by_language():
    unity = compile_terms({"unity": {"patterns": {"en": ["unity"], "ru": ["единств*"]}}})[0]
    assert unity.patterns == ("unity", "единств*")  # what a language-blind analysis matches
    assert unity.by_language == (("en", ("unity",)), ("ru", ("единств*",)))
    assert unity.languages == ("en", "ru")
    assert unity.for_language("ru").patterns == ("единств*",)
    assert unity.for_language("uk") is None
    plain = compile_terms({"unity": ["unity"]})[0]
    assert plain.languages == () and plain.for_language("uk") is plain
    one = compile_terms({"unity": {"patterns": ["единств*"], "language": "ru"}})[0]
    assert one.by_language == (("ru", ("единств*",)),)


def test_language_keys_are_checked():
    with pytest.raises(TermError, match=r"ISO 639-1 language codes.*'English'"):
        compile_terms({"unity": {"patterns": {"English": ["unity"]}}})
    with pytest.raises(TermError, match="non-empty string patterns for 'uk'"):
        compile_terms({"unity": {"patterns": {"en": ["unity"], "uk": [""]}}})
    # a language still to be translated (an empty list) is no language of the family
    family = compile_terms({"unity": {"patterns": {"en": ["unity"], "uk": []}}})[0]
    assert family.languages == ("en",)
    assert language_code("EN-gb") == "en" and language_code("und") is None


def test_the_packaged_dictionary_by_language():
    english, russian = load_dictionary("rhetoric"), load_dictionary("rhetoric", lang="ru")
    assert {f.languages for f in english} == {("en",)}
    assert {f.languages for f in russian} == {("ru",)}
    every = load_dictionary("rhetoric", lang=None)
    assert {f.languages for f in every} == {("en", "ru")}
    for e, r, b in zip(english, russian, every):
        assert b.patterns == e.patterns + r.patterns and b.for_language("ru") == r
    assert compile_terms("rhetoric:all") == every
    assert compile_terms("rhetoric:ru,en") == load_dictionary("rhetoric", lang=["ru", "en"])
    with pytest.raises(TermError, match="no 'de' patterns"):
        compile_terms("rhetoric:de")


def test_ukrainian_patterns_are_data_only(tmp_path, monkeypatch):
    """A dictionary with Ukrainian patterns in its YAML file loads, names and counts them with
    no code change: a copy of the packaged rhetoric.yaml with the proposed ``uk`` lists."""
    packaged = Path(toolkit.terms.__file__).parent / "resources" / "dictionaries"
    data = yaml.safe_load((packaged / "rhetoric.yaml").read_text("utf-8"))
    with_uk = [name for name in data["families"] if name in UK_RHETORIC]
    for name in with_uk:
        data["families"][name]["patterns"]["uk"] = UK_RHETORIC[name]
    folder = tmp_path / "dictionaries"
    folder.mkdir()
    (folder / "rhetoric.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8"
    )

    class Resources:  # the package's resources folder, as importlib.resources gives it
        @staticmethod
        def files(package: str) -> Path:
            return tmp_path

    monkeypatch.setattr(toolkit.terms, "resources", Resources)
    toolkit.terms.clear_matcher_cache()
    ukrainian = compile_terms("rhetoric:uk")
    assert [f.name for f in ukrainian] == with_uk
    assert {f.languages for f in ukrainian} == {("uk",)}
    assert compile_terms("rhetoric:all")[0].languages == ("en", "ru", "uk")
    assert "rhetoric:uk" in toolkit.terms._dictionary_names()
    frame = pd.DataFrame({"source": "x", "language": "uk", "text": UKRAINIAN})
    table = count_terms(frame, "rhetoric:all").set_index("term")
    assert table.loc[with_uk, "hits"].to_dict() == {n: UK_RHETORIC_HITS[n] for n in with_uk}
    # the same families from a YAML file of one's own, and back
    assert load_terms(folder / "rhetoric.yaml") == compile_terms("rhetoric:all")
    saved = save_terms("rhetoric:all", tmp_path / "mine.yaml")
    assert load_terms(saved) == compile_terms("rhetoric:all")


def test_a_matcher_per_language():
    matcher = TermMatcher(FAMILIES)
    assert matcher.languages == ("en", "ru", "uk")
    uk, numbers = matcher.for_language("uk")
    assert numbers.tolist() == [0, 1, 2] and uk.families[0].patterns == ("санкці*",)
    assert matcher.for_language("de") is None
    assert matcher.for_language("uk")[0] is uk  # made once
    hits = np.array([uk.count(text)[0] for text in UKRAINIAN]).sum(axis=0)
    assert dict(zip(matcher.names, hits.tolist())) == FAMILY_HITS
    english = TermMatcher(load_dictionary("rhetoric"))
    assert english.for_language("en")[0] is english  # one language: the matcher itself


# --- counting each article in its language ---------------------------------------------------


def test_each_language_gets_its_own_rates(mixed):
    english = mixed[mixed["language"] == "en"]
    russian = mixed[mixed["language"] == "ru"]
    left_out = r"3 of 63 articles are in a language the term families have no patterns for "
    with pytest.warns(CorpusWarning, match=left_out + r"\(uk: 3\): left out of the rates"):
        table = quiet_count(mixed, "rhetoric:all", by=["source", "language"])
    rows = table.set_index(["language", "term"])
    alone_en = quiet_count(english, "rhetoric", by="source").set_index("term")
    alone_ru = quiet_count(russian, "rhetoric:ru", by="source").set_index("term")
    columns = ["hits", "docs_with_hit", "n_docs", "n_tokens", "per_10k"]
    pd.testing.assert_frame_equal(rows.loc["en"][columns], alone_en[columns])
    pd.testing.assert_frame_equal(rows.loc["ru"][columns], alone_ru[columns])
    # the Ukrainian articles keep their rows, with nothing counted and no rate
    ukrainian = rows.loc["uk"]
    assert (ukrainian["n_docs"] == 0).all() and ukrainian["per_10k"].isna().all()
    # with patterns in their language, they are counted too, each language apart
    table = quiet_count(mixed, FAMILIES, by=["source", "language"])
    rows = table.set_index(["language", "term"])
    assert rows.loc["uk"]["hits"].to_dict() == FAMILY_HITS
    assert (rows.loc["uk"]["n_docs"] == 3).all()
    for lang, part in (("en", english), ("ru", russian)):
        alone = quiet_count(part, in_language(lang)).set_index("term")
        pd.testing.assert_frame_equal(rows.loc[lang][columns], alone[columns])


def test_english_patterns_never_dilute_the_rates(mixed):
    """The English dictionary counts the English articles; the Russian and Ukrainian ones are
    reported and left out instead of lowering the rates of the groups that have them."""
    pooled = mixed.assign(source="all")
    with pytest.warns(CorpusWarning, match=r"33 of 63 articles .*\(ru: 30, uk: 3\)"):
        table = quiet_count(pooled, "rhetoric", by="source")
    english = quiet_count(mixed[mixed["language"] == "en"], "rhetoric")
    assert (table["n_docs"] == 30).all()
    assert table["per_10k"].tolist() == english["per_10k"].tolist()


def test_a_family_without_patterns_in_a_language_leaves_it_out_of_its_rates(mixed):
    families = {**FAMILIES, "west": {"patterns": {"en": ["west"], "ru": ["запад*"]}}}
    said = "'west' has no uk patterns: its rates leave out the 3 uk articles"
    with pytest.warns(CorpusWarning, match=said):
        table = quiet_count(mixed, families).set_index("term")
    assert table.loc["west", "n_docs"] == 60 and table.loc["sanctions", "n_docs"] == 63
    assert table.loc["west", "n_tokens"] < table.loc["sanctions", "n_tokens"]


def test_without_a_language_column_the_letters_tell(mixed):
    """No language column: Cyrillic text is not English, and Ukrainian letters under Russian
    patterns make the model name the language (uk, left out)."""
    with pytest.warns(CorpusWarning, match=r"\(uk: 3\)"):
        with_column = quiet_count(mixed, "rhetoric:all", by="source")
    blind = mixed.drop(columns="language")
    with pytest.warns(CorpusWarning, match=r"\(uk: 3\)"):
        from_letters = quiet_count(blind, "rhetoric:all", by="source")
    pd.testing.assert_frame_equal(from_letters, with_column)
    with pytest.warns(CorpusWarning, match=r"\(uk: 3\)"):
        detected = quiet_count(blind, "rhetoric:all", by="source", language="detect")
    pd.testing.assert_frame_equal(detected, with_column)
    # families in Russian and Ukrainian: the model tells the two apart
    pd.testing.assert_frame_equal(
        quiet_count(blind, FAMILIES, by="source"), quiet_count(mixed, FAMILIES, by="source")
    )


def test_one_language_for_every_article_and_bad_values(mixed):
    russian = mixed[mixed["language"] == "ru"].drop(columns="language")
    said_ru = quiet_count(russian, "rhetoric:all", language="ru")
    assert said_ru["hits"].tolist() == quiet_count(russian, "rhetoric:ru")["hits"].tolist()
    with pytest.warns(CorpusWarning, match=r"30 of 30 articles .*\(en: 30\)"):
        quiet_count(russian, "rhetoric:ru", language="en")
    with pytest.raises(ToolkitError, match="language= takes an ISO 639-1 code"):
        count_terms(russian, "rhetoric", language="Russian")
    with pytest.raises(CorpusError, match=r"toolkit\.tag_language"):
        count_terms(russian, "rhetoric", by=["source", "language"])


def test_families_without_languages_count_every_article_as_before(mixed):
    families = {"sanctions": ["sanction*", "санкци*", "санкці*"]}
    with warnings.catch_warnings():
        warnings.simplefilter("error", CorpusWarning)  # nothing is left out, nothing said
        table = quiet_count(mixed, families, by="language").set_index("language")
    assert table["n_docs"].to_dict() == {"en": 30, "ru": 30, "uk": 3}
    assert table.loc["uk", "hits"] == 2


def test_languages_on_chunks_and_dask_give_the_same_table(mixed):
    by = ["source", "language"]
    whole = quiet_count(mixed, FAMILIES, by=by)
    chunks = quiet_count([mixed.iloc[:25], mixed.iloc[25:]], FAMILIES, by=by)
    pd.testing.assert_frame_equal(chunks, whole)
    step = quiet_count(mixed, FAMILIES, by=by, variants=True)  # the per-document step
    step = step.drop_duplicates([*by, "term"])[whole.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(step, whole)
    dd = pytest.importorskip("dask.dataframe")
    import dask

    with dask.config.set(scheduler="synchronous"):
        lazy = quiet_count(dd.from_pandas(mixed, npartitions=3), FAMILIES, by=by)
    pd.testing.assert_frame_equal(lazy, whole, check_dtype=False)


# --- Ukrainian lemmas, letters and detection -------------------------------------------------


def test_ukrainian_lemmas_from_the_packaged_dictionary():
    assert {lemmatize(w) for w in ["санкції", "санкцій", "санкціями"]} == {"санкція"}
    assert lemmatize("суверенітету") == "суверенітет" and lemmatize("єдності") == "єдність"
    assert lemmatize("санкцій", lang="uk") == "санкція"
    family = compile_terms({"s": {"patterns": ["санкція"], "kind": "lemma", "language": "uk"}})
    assert TermMatcher(family).count(UKRAINIAN[0] + " " + UKRAINIAN[2])[0] == [2]
    with pytest.raises(ToolkitError, match=r"not supported for lemmas; use one of \['en', 'ru', "
                       r"'uk'\]"):  # fmt: skip
        lemmatize("мир", lang="be")


def test_letters(dev_news):
    assert letter_script(UKRAINIAN[0]) == "Cyrillic" and letter_script("1,000 — 3.5") is None
    sample = dev_news.groupby("language").head(300)
    scripts = [letter_script(text) for text in sample["text"]]
    expected = sample["language"].map({"en": "Latin", "ru": "Cyrillic"})
    assert scripts == expected.tolist()
    assert all(letters_unlike(text, "ru") for text in UKRAINIAN)
    assert not any(letters_unlike(text, "uk") for text in UKRAINIAN)
    russian = sample[sample["language"] == "ru"]["text"]
    assert sum(letters_unlike(text, "ru") for text in russian) <= 3  # rarely asks the model


def test_detect_languages_equals_detect_language_and_the_export(dev_news):
    texts = [*dev_news["text"].head(400), *dev_news["text"].tail(400), *UKRAINIAN, "", "2023"]
    batch = detect_languages(texts)
    assert batch == [detect_language(text) for text in texts]
    assert batch[-5:] == ["uk", "uk", "uk", None, None]
    labels = [*dev_news["language"].head(400), *dev_news["language"].tail(400)]
    assert batch[:800] == labels
    among = detect_languages(texts, languages=["en", "ru"])  # the letters decide: no model
    assert among[:800] == labels


def test_tag_language_is_fast_and_agrees_with_the_export(dev_news):
    """All 7,288 articles (20 MB): each export's label, in a few seconds (it took 22.6 s
    when each whole text went through the model one at a time)."""
    start = time.perf_counter()
    tagged = toolkit.tag_language(dev_news, progress=False)
    took = time.perf_counter() - start
    assert (tagged["language"] == dev_news["language"]).all()
    assert took < 10, took
    with pytest.raises(ToolkitError, match="max_chars must be a whole number"):
        toolkit.tag_language(dev_news.head(2), max_chars=0)
