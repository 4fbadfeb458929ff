"""Voice: quotations, reported speech, speakers and relays (toolkit.voice).

Sentences marked "synthetic" are made up for the rule they test; the rest is real text: the
bundled TASS sample and the hand-labelled dev-news articles in ../shared/dev-news (skipped when
that folder is not beside the project).
"""

from __future__ import annotations

import csv
import importlib.util
import json
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.errors import ToolkitError
from toolkit.voice import (
    VOICE_COLUMNS,
    annotate_voice,
    find_credits,
    find_quotes,
    load_cues,
    voice_of,
    voice_spans,
)

ROOT = Path(__file__).resolve().parent.parent
DEV_NEWS = ROOT.parent / "shared" / "dev-news"
needs_dev_news = pytest.mark.skipif(
    not (DEV_NEWS / "articles.jsonl").is_file(), reason="../shared/dev-news is not here"
)


def quoted(text: str, **options: object) -> list[str]:
    """The top-level quotations of ``text``."""
    return [text[q.start : q.end] for q in find_quotes(text, **options) if q.depth == 0]  # type: ignore[arg-type]


def voice_at(text: str, word: str, nth: int = 0, **options: object) -> tuple[str, str, str]:
    """(voice, speaker, relay) at the ``nth`` occurrence of ``word`` in ``text``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(word, at + 1)
    return tuple(voice_of(voice_spans(text, **options), [at])[0])  # type: ignore[arg-type,return-value]


# ---------------------------------------------------------------------------------------------
# Quotations


def test_nested_quotations_english_and_russian() -> None:
    text = "“We will not accept ‘hellish sanctions’ here,” he said."  # synthetic
    quotes = find_quotes(text)
    assert [(text[q.start : q.end], q.depth) for q in quotes] == [
        ("“We will not accept ‘hellish sanctions’ here,”", 0),
        ("‘hellish sanctions’", 1),
    ]
    ru = "«Мы строим „мост“ с Украиной», — сказал он."  # synthetic
    assert [(ru[q.start : q.end], q.depth) for q in find_quotes(ru)] == [
        ("«Мы строим „мост“ с Украиной»", 0),
        ("„мост“", 1),
    ]
    straight = 'He said: "There is no "Russian invasion” of Ukraine at all," the statement said.'
    assert quoted(straight) == ['"There is no "Russian invasion” of Ukraine at all,"']  # synthetic


def test_a_quotation_over_several_paragraphs() -> None:
    # every paragraph opens with a mark, only the last one closes; the paragraphs are joined
    # by a space (one line per article) or by line breaks
    for joint in (" ", "\n"):
        text = (  # synthetic
            "Ivanov spoke at length. “Sanctions have failed. They always fail."
            f"{joint}“Security needs unity,” Ivanov said. The talks ended."
        )
        quotes = quoted(text)
        assert quotes == ["“Sanctions have failed. They always fail.", "“Security needs unity,”"]
        assert voice_at(text, "Sanctions")[:2] == ("quote", "Ivanov")
        assert voice_at(text, "Security")[:2] == ("quote", "Ivanov")
        assert voice_at(text, "talks")[0] == "outlet"


def test_an_unclosed_quotation_ends_at_its_attribution_or_its_paragraph() -> None:
    text = "“Sanctions will never work, the minister said. Talks resumed.\nNATO met."  # synthetic
    assert quoted(text) == ["“Sanctions will never work,"]
    assert voice_at(text, "Sanctions")[0] == "quote"
    assert voice_at(text, "NATO")[0] == "outlet"


def test_british_single_quotes_are_quotes_and_apostrophes_are_not() -> None:
    text = (  # synthetic
        "Russia's envoy said the bloc's 'security guarantees' were 'worthless'. "
        "'We don't accept sanctions,' Mr Ivanov told the BBC. The allies’ talks of the ‘90s "
        "and the ’90s failed."
    )
    assert quoted(text) == ["'security guarantees'", "'worthless'", "'We don't accept sanctions,'"]
    assert voice_at(text, "sanctions")[:2] == ("quote", "Ivanov")
    assert voice_at(text, "allies")[0] == "outlet"
    curly = "The minister called it ‘a historic step’ for Russia’s security."  # synthetic
    assert quoted(curly) == ["‘a historic step’"]


def test_a_stray_mark_does_not_flip_the_rest_of_the_text() -> None:
    text = (  # synthetic: a stray opening mark in the first sentence
        'The "summit opened in Minsk on Monday. Delegates discussed security. '
        '"Unity matters," Lukashenko said. NATO was not invited. "Sanctions hurt," he added.'
    )
    assert voice_at(text, "security")[0] == "outlet"
    assert voice_at(text, "Unity")[:2] == ("quote", "Lukashenko")
    assert voice_at(text, "NATO")[0] == "outlet"
    assert voice_at(text, "Sanctions")[:2] == ("quote", "Lukashenko")
    stray_close = 'Talks stalled. Security comes first," Putin said. NATO disagreed.'  # synthetic
    assert voice_at(stray_close, "Security")[:2] == ("quote", "Putin")
    assert voice_at(stray_close, "NATO")[0] == "outlet"
    # synthetic: a double mark closed by a single one is a short quotation, not the rest of
    # the paragraph; a plural's apostrophe inside a quotation closed later ends nothing
    mismatched = (
        "The US funded extremists they called \"freedom fighters' in the Middle East. Then "
        "NATO expanded. Sanctions followed."
    )
    assert voice_at(mismatched, "NATO")[0] == "outlet"
    plural = "He said \"the United States' and NATO's partnership is firm\" on Monday."
    assert voice_at(plural, "NATO")[0] == "quote"


def test_russian_guillemets_and_dash_quotes() -> None:
    text = (  # synthetic
        "«Санкции не работают», — заявил пресс-секретарь президента Дмитрий Песков. "
        '"Мы ответим на давление НАТО", - сказал Путин. '
        "По словам Лаврова, безопасность Европы неделима. "
        "Кремль провел совещание."
    )
    assert voice_at(text, "Санкции")[:2] == ("quote", "Дмитрий Песков")
    assert voice_at(text, "НАТО")[:2] == ("quote", "Путин")
    assert voice_at(text, "безопасность")[:2] == ("reported", "Лавров")
    assert voice_at(text, "Кремль")[0] == "outlet"


def test_guillemets_a_text_never_closes_open_nothing() -> None:
    """RIA Novosti's export writes « before its paragraphs (822 in the dev corpus, no »): there
    they open no quotation, and the straight marks after them do."""
    text = (  # synthetic, in that export's form
        'Цены выросли, сообщил Росстат. «"Санкции не работают", - сказал министр Иван Петров. '
        "«Однако инвесторы не выдержали. Рынок госдолга обвалился. «— Инфляция растет."
    )
    assert voice_at(text, "Санкции", language="ru")[:2] == ("quote", "Иван Петров")
    assert voice_at(text, "инвесторы", language="ru")[0] == "outlet"
    assert voice_at(text, "Рынок", language="ru")[0] == "outlet"
    # (one « left open at a text's end, as a cut text leaves it, still opens a quotation)
    cut = "Министр заявил: «Санкции не работают"
    assert voice_at(cut, "Санкции", language="ru")[0] == "quote"


# ---------------------------------------------------------------------------------------------
# Reported speech, speakers, relays


def test_reported_speech_frames_and_speakers() -> None:
    text = (  # synthetic
        "Belarusian President Alexander Lukashenko urged more unity in the CSTO. "
        "Sanctions will fail, the Belarusian leader said on Friday. "
        "According to Lukashenko, sovereignty is not negotiable.\n"
        "NATO held exercises in Poland. "
        "He warned that security was at stake."
    )
    assert voice_at(text, "Lukashenko")[0] == "outlet"  # the frame is the outlet's
    assert voice_at(text, "unity") == ("reported", "Alexander Lukashenko", "")
    assert voice_at(text, "Sanctions")[:2] == ("reported", "Alexander Lukashenko")
    assert voice_at(text, "sovereignty")[:2] == ("reported", "Alexander Lukashenko")
    assert voice_at(text, "NATO")[0] == "outlet"
    assert voice_at(text, "security")[:2] == ("reported", "Alexander Lukashenko")


def test_relays_and_self_credits() -> None:
    text = (  # synthetic
        '"Unity is our strength," the BelTA news agency quoted Lukashenko as saying. '
        '"Sanctions will not break us," he added. '
        "Separately, Peskov told TASS that NATO was expanding."
    )
    assert voice_at(text, "Unity", outlet="Herald") == ("quote", "Lukashenko", "BelTA")
    assert voice_at(text, "Sanctions", outlet="Herald") == ("quote", "Lukashenko", "BelTA")
    assert voice_at(text, "NATO", outlet="Herald") == ("reported", "Peskov", "TASS")
    assert voice_at(text, "NATO", outlet="TASS") == ("reported", "Peskov", "")  # self-credit
    wire = "BEIJING, March 19 (Xinhua) -- China called for unity. Talks go on."  # synthetic
    assert voice_at(wire, "Talks", outlet="People's Daily English") == ("outlet", "", "Xinhua")
    assert voice_at(wire, "Talks", outlet="Xinhua")[2] == ""


def test_an_agency_alone_on_the_last_line_signs_wire_copy() -> None:
    text = (  # synthetic, as Punch (Nigeria) prints AFP copy
        "Russia said Wednesday it has banned entry to Japanese officials.\n"
        '"The administration launched an anti-Russian campaign," the ministry said.\nAFP'
    )
    assert voice_at(text, "banned", outlet="Punch (Nigeria)") == ("reported", "Russia", "AFP")
    assert voice_at(text, "campaign", outlet="Punch (Nigeria)")[2] == "AFP"
    credits = find_credits(
        pd.DataFrame({"doc_id": ["d"], "text": [text], "source": ["Punch (Nigeria)"]})
    )
    sign = credits[credits["kind"] == "sign_off"]
    assert sign[["credit", "agency"]].values.tolist() == [["AFP", "AFP"]]
    # the agency's name inside the last sentence signs nothing
    told = "Talks stalled.\nA French lawmaker told AFP this week."  # synthetic
    assert voice_at(told, "Talks", outlet="Punch (Nigeria)") == ("outlet", "", "")


@pytest.mark.parametrize(
    ("text", "credit", "agency"),
    [  # synthetic, in the forms of BBC News Russian and RIA Novosti
        (
            "Джейк Салливан сообщил в эфире CBS News, что НАТО готово.",
            "в эфире CBS News",
            "CBS News",
        ),
        (
            "Агата Демараис заявила в статье для Foreign Policy, что НАТО готово.",
            "в статье для Foreign Policy",
            "Foreign Policy",
        ),
        (
            "Зеленский сказал в интервью американскому телеканалу Fox News, что НАТО готово.",
            "сказал в интервью американскому телеканалу Fox News",
            "Fox News",
        ),
        (
            "В эксклюзивном интервью Telegraph Джонсон также признал, что НАТО готово.",
            "В эксклюзивном интервью Telegraph",
            "The Telegraph",
        ),
        (
            "Удары нанесены по складам НАТО, сообщило сирийское госагентство САНА.",
            "сообщило сирийское госагентство САНА",
            "SANA",
        ),
    ],
)
def test_russian_credits_of_broadcasts_columns_and_described_agencies(
    text: str, credit: str, agency: str
) -> None:
    found = find_credits(pd.DataFrame({"doc_id": ["d"], "text": [text], "source": ["Herald"]}))
    assert found[["credit", "agency", "kind"]].values.tolist() == [[credit, agency, "relay"]]
    voice, speaker, relay = voice_at(text, "НАТО", outlet="Herald")
    assert (voice, relay) == ("reported", agency)
    assert speaker in ("Джейк Салливан", "Агата Демараис", "Зеленский", "Джонсон", "SANA")


def test_headlines_are_the_outlets_unless_they_name_a_speaker() -> None:
    sample = toolkit.load_sample()
    title = sample.loc[0, "title"]
    assert {s.voice for s in voice_spans(title, headline=True)} == {"outlet"}
    telegram = "**Генсек НАТО: только Украина может решать**\n\nДругой текст."  # synthetic
    assert voice_at(telegram, "Украина")[0] == "reported"
    assert voice_at(telegram, "НАТО")[0] == "outlet"


def test_the_seed_article() -> None:
    """Every quoted hit of the rhetoric families is Lukashenko's; BelTA relays the quotations
    it is credited with; the agency's own sentences and paraphrase are outlet and reported."""
    sample = toolkit.load_sample()
    text = sample.loc[0, "text"]
    hits = toolkit.kwic(sample, "rhetoric")
    spans = voice_spans(text, outlet="TASS")
    voices = voice_of(spans, hits["start"].tolist())
    for (_, hit), v in zip(hits.iterrows(), voices):
        if hit["in_quote"]:
            assert (v.voice, v.speaker) == ("quote", "Alexander Lukashenko"), hit["match"]
        else:
            assert v.voice in ("reported", "outlet"), hit["match"]
    belta = text.index("the BelTA news agency")
    relayed = {(s.start, s.relay) for s in spans if s.voice == "quote" and s.relay}
    assert relayed and all(relay == "BelTA" for _s, relay in relayed)
    assert min(s for s, _r in relayed) < belta  # the quotation before the credit
    assert voice_at(text, "Collective Security")[0] == "reported"  # "urged ... for more unity"
    assert voice_at(text, "stick together")[:2] == ("reported", "Alexander Lukashenko")
    assert voice_at(text, "MINSK")[0] == "outlet"  # the dateline
    speakers = {s.speaker for s in spans if s.voice != "outlet"}
    assert speakers == {"Alexander Lukashenko"}


def test_annotate_voice_table() -> None:
    sample = toolkit.load_sample()
    table = annotate_voice(sample, meta="source")
    assert table.columns.tolist() == ["doc_id", "source", *VOICE_COLUMNS]
    text = sample.loc[0, "text"]
    # the spans cover the text, in order, without gaps
    assert table["start"].iloc[0] == 0 and table["end"].iloc[-1] == len(text)
    assert (table["start"].iloc[1:].to_numpy() == table["end"].iloc[:-1].to_numpy()).all()
    assert set(table["voice"]) == {"quote", "reported", "outlet"}
    assert (table.loc[table.voice == "outlet", "speaker"] == "").all()
    # voice_of reads the table too
    at = text.index("sanctions")
    assert voice_of(table, [at])[0].voice == "quote"
    assert voice_of(table, [len(text) + 5])[0].voice == "outlet"


def test_cues_can_be_extended() -> None:
    text = "Sanctions are useless, the minister reckoned."  # synthetic
    assert voice_at(text, "Sanctions")[0] == "outlet"
    assert voice_at(text, "Sanctions", cues={"verbs": ["reckon"]})[0] == "reported"
    assert "reckoned" in load_cues("en", {"verbs": ["reckon"]}).verbs
    ru = load_cues("ru", {"verbs": ["проговориться"]})
    assert {"проговорился", "проговорилась"} <= ru.verbs


def test_errors_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ToolkitError, match="sections"):
        voice_spans("Text.", cues={"verb": ["reckon"]})
    with pytest.raises(ToolkitError, match="not a file"):
        voice_spans("Text.", cues=str(tmp_path / "missing.yaml"))
    with pytest.raises(ToolkitError, match="language='en'"):
        voice_spans("Text.", language="de")
    with pytest.raises(ToolkitError, match="takes a str"):
        voice_spans(None)  # type: ignore[arg-type]
    assert voice_spans("") == []


def test_the_contents_of_a_speakers_demands_are_reported() -> None:
    text = (  # synthetic
        "Moscow denies any plans to invade. The demands include a ban on Ukraine joining NATO. "
        "They contain calls to halt expansion. They met on Monday.\n"
        "They included reporters from many countries."
    )
    assert voice_at(text, "NATO")[:2] == ("reported", "Moscow")
    assert voice_at(text, "halt")[:2] == ("reported", "Moscow")  # after a sentence of contents
    assert voice_at(text, "include")[0] == "outlet"  # the frame is the outlet's
    assert voice_at(text, "met")[0] == "outlet"
    assert voice_at(text, "reporters")[0] == "outlet"  # "They include" alone is no contents
    made = "The Kremlin has made clear its desire for guarantees that NATO will not grow."
    assert voice_at(made, "NATO")[:2] == ("reported", "Kremlin")  # synthetic


def test_attributions_inside_other_attributions() -> None:
    # a participle inside the subject's appositive: the finite verb is the frame
    text = (  # synthetic
        "Dmitry Medvedev, explaining the demands that Russia set out to NATO, said that "
        '"the red lines are very close."'
    )
    assert voice_at(text, "NATO")[0] == "outlet"
    assert voice_at(text, "red")[:2] == ("quote", "Dmitry Medvedev")
    # "X warned that '...', the statement notes": X said the words the statement relays
    cuban = (  # synthetic
        "Cuba's Foreign Ministry issued a note. In 2018, Cuban President Miguel Diaz-Canel "
        "warned that “the expansion of NATO is causing serious threats,” the statement notes."
    )
    assert voice_at(cuban, "expansion")[:2] == ("quote", "Miguel Diaz-Canel")
    # "..., X said, according to a transcript": the transcript is no speaker
    transcript = (  # synthetic
        '"This escalation will have catastrophic consequences," Oleksii Reznikov said, '
        'according to a Pentagon transcript. "It depends on the unity of the world."'
    )
    assert voice_at(transcript, "escalation")[:2] == ("quote", "Oleksii Reznikov")
    assert voice_at(transcript, "unity")[:2] == ("quote", "Oleksii Reznikov")


def test_speakers_through_possessives_titles_and_metonymy() -> None:
    blinken = (  # synthetic
        "US Secretary of State Antony Blinken is not expecting breakthroughs from talks with "
        "Russian Foreign Minister Sergey Lavrov, according to his interview with ZDF."
    )
    assert voice_at(blinken, "breakthroughs")[:2] == ("reported", "Antony Blinken")
    senator = (  # synthetic
        '"Ukraine must stay free," Sen. Rob Portman said. Sen. Amy Klobuchar echoed his '
        'comments and said, "We stand with Ukraine." "We travelled here in unity," she said.'
    )
    assert voice_at(senator, "unity")[:2] == ("quote", "Amy Klobuchar")
    ministry = (  # synthetic
        "Cuba on Wednesday called for the preservation of international security. NATO is a "
        "threat, a statement issued by the Cuban Ministry of Foreign Affairs stresses. The "
        "Foreign Ministry of Russia said NATO must stop. The Russian Foreign Ministry also "
        "said sanctions had failed. Russia insists the US should withdraw its troops."
    )
    assert voice_at(ministry, "security")[1] == "Cuban Ministry of Foreign Affairs"
    assert voice_at(ministry, "threat")[1] == "Cuban Ministry of Foreign Affairs"
    assert voice_at(ministry, "must")[1] == "Russian Foreign Ministry"  # the better form
    assert voice_at(ministry, "withdraw")[1] == "Russian Foreign Ministry"
    # a country stands only for a ministry or government, not for any phrase naming it
    media = "Russian media said talks failed. Russia says NATO is a threat."  # synthetic
    assert voice_at(media, "NATO")[:2] == ("reported", "Russia")


def test_a_speaker_is_no_possessive_contraction_or_opening_preposition() -> None:
    # synthetic: a sentence's subject cut at a possessive names its possessor
    blinken = (
        "Antony Blinken spoke on Monday. Blinken's announcement comes a day after the summit, "
        "adding that sanctions will follow."
    )
    assert voice_at(blinken, "sanctions")[:2] == ("reported", "Antony Blinken")
    fed = "The Fed's paper, while stressing that no decisions have been reached, said more."
    assert voice_at(fed, "decisions")[:2] == ("reported", "Fed")
    # "He's" is the pronoun; "That's" names no one
    charles = (
        "Prince Charles said on Sunday that the church must help. He's also shown his support "
        "for Ukraine, saying that refugees need a welcome."
    )
    assert voice_at(charles, "refugees")[:2] == ("reported", "Charles")
    match = "The match ended late. That's not what fans expected, adding that the coach must go."
    assert voice_at(match, "coach")[:2] == ("outlet", "")
    # a preposition opening a sentence is no part of the name after it
    putin = "In Putin's mind, that is the only way. Putin said on Monday that talks had failed."
    assert voice_at(putin, "talks")[:2] == ("reported", "Putin")
    crimea = (
        "Following Russia's takeover of Crimea, protesters took to the streets, demanding "
        "independence from Kyiv."
    )
    assert voice_at(crimea, "independence")[:2] == ("reported", "protesters")


def test_a_number_or_a_time_opening_a_sentence_is_no_speaker() -> None:
    # synthetic
    one = "The officials met. One official said the U.S. would have detained him temporarily."
    assert voice_at(one, "detained")[:2] == ("reported", "One official")
    week = "Last week, Yad Vashem, Israel's Holocaust memorial, said it was suspending a donation."
    assert voice_at(week, "suspending")[:2] == ("reported", "Yad Vashem")
    month = (
        "Last month Moscow presented the West with security demands, saying NATO must not "
        "admit new members."
    )
    assert voice_at(month, "admit")[:2] == ("reported", "Moscow")
    year = "Last year several lawmakers complained it took the administration too long."
    assert voice_at(year, "administration")[:2] == ("reported", "several lawmakers")
    # "Western" before a noun is an adjective, as a nationality is: "demand" is no verb
    western = 'Lavrov called the Western demand "absurd," noting that "we stay where we are."'
    assert voice_at(western, "absurd")[:2] == ("quote", "Lavrov")


def test_abbreviations_with_stops_and_nationalities_groups_as_speakers() -> None:
    # synthetic
    report = (
        "Troops are massing near the border, according to the U.S. report, which was shared "
        "with allies."
    )
    assert voice_at(report, "massing")[:2] == ("reported", "U.S.")
    opposed = "The U.S. opposed the pipeline, saying it increased Europe's energy dependence."
    assert voice_at(opposed, "dependence")[:2] == ("reported", "U.S.")
    western = (
        "Western capitals have accused Russia of amassing troops, and have pledged to impose "
        "sanctions if it attacks."
    )
    assert voice_at(western, "sanctions")[:2] == ("reported", "Western capitals")


def test_adjectives_titles_with_stops_and_openers_around_speakers() -> None:
    # synthetic: a capitalised adjective before a noun is no name
    local = "Local media say the move was linked to the refusal by France."
    assert voice_at(local, "refusal")[:2] == ("reported", "Local media")
    experts = "Military experts have said Russia may be waiting for ground conditions."
    assert voice_at(experts, "waiting")[:2] == ("reported", "Military experts")
    # a title with a stop is part of the phrase after the verb
    doctor = '"We are on the verge of catastrophe," said Dr. Serhiy Shvets, the head of the ward.'
    assert voice_at(doctor, "verge")[:2] == ("quote", "Serhiy Shvets")
    # a participle's clause opening the sentence, and a subject's trailing "of ..."
    speaking = (
        "Speaking at a news conference, Pedro Sanchez gave no details but warned they would "
        "be serious."
    )
    assert voice_at(speaking, "serious")[:2] == ("reported", "Pedro Sanchez")
    lawmakers = "Lawmakers of both parties have opposed the pipeline, saying it helps Moscow."
    assert voice_at(lawmakers, "helps")[:2] == ("reported", "Lawmakers")


def test_russian_data_of_a_body_are_no_persons_words() -> None:
    # synthetic: one capitalised word after "данных" is a body (or an adjective of one), the
    # data's issuer, in the nominative
    text = (
        "Курс доллара обновил максимум года, следует из данных Московской биржи. Цены на мясо "
        "выросли, следует из данных Росстата. Рынок вырос, следует из мемуаров Ангелы Меркель."
    )
    assert voice_at(text, "Курс", language="ru")[:2] == ("reported", "Московская биржа")
    assert voice_at(text, "Цены", language="ru")[:2] == ("reported", "Росстат")
    assert voice_at(text, "Рынок", language="ru")[:2] == ("reported", "Ангела Меркель")
    # "в «Росатоме»": the body itself, named in the nominative
    rosatom = 'Это позволит рынку расти, считают в «Росатоме». Это важно, считают в "Росатоме".'
    assert voice_at(rosatom, "рынку", language="ru")[:2] == ("reported", "Росатом")
    assert voice_at(rosatom, "важно", language="ru")[:2] == ("reported", "Росатом")
    # "Один из ...": the phrase whole
    one = "Один из советников правительства сказал мне, что это возможно."
    assert voice_at(one, "возможно", language="ru")[:2] == (
        "reported",
        "Один из советников правительства",
    )


def test_datelines_bylines_links_and_nouns_are_no_speakers() -> None:
    # synthetic: the sentence's subject is read past its dateline
    dateline = (
        "MOSCOW (AP) — The Kremlin on Friday rebuffed allegations of a buildup, saying Russia "
        "needs to ensure its security."
    )
    assert voice_at(dateline, "ensure")[:2] == ("reported", "Kremlin")
    # a correspondent's line, a web page's link, a cue that is a noun before "of", the reader
    byline = "Putin is serious, said Hanna Shelest.\n___ Isachenkov reported from Moscow."
    assert voice_at(byline, "Moscow")[:2] == ("outlet", "")
    link = "It was hit by a missile. read more Russia denies any involvement with the crash."
    assert voice_at(link, "involvement")[:2] == ("reported", "Russia")
    noun = "Tensions rose after a troop buildup and claims of preparations for an invasion."
    assert voice_at(noun, "preparations")[:2] == ("outlet", "")
    reader = "This is a new format. You need to install the application and read the posters."
    assert voice_at(reader, "posters")[:2] == ("outlet", "")


def test_an_institutions_name_with_for_is_read_whole() -> None:
    # synthetic
    isw = (
        "The Institute for the Study of War, a think-tank, says Russian forces have bisected "
        "Mariupol."
    )
    assert voice_at(isw, "bisected")[:2] == ("reported", "Institute for the Study of War")
    ons = "The Office for National Statistics said inflation rose."
    assert voice_at(ons, "inflation")[:2] == ("reported", "Office for National Statistics")
    grandi = (
        "Filippo Grandi visited Kyiv. UN High Commissioner for Refugees Filippo Grandi said two "
        "million people fled."
    )
    assert voice_at(grandi, "million")[:2] == ("reported", "Filippo Grandi")


def test_a_span_of_time_between_subject_and_verb_is_skipped() -> None:
    west = (  # synthetic
        "Russia has massed troops near the border and the West has for weeks accused it of "
        "planning an invasion, warning Moscow of sanctions should it attack."
    )
    assert voice_at(west, "invasion")[:2] == ("reported", "West")
    assert voice_at(west, "sanctions")[:2] == ("reported", "West")
    years = "Washington has for the past two years argued that the pipeline is a threat."
    assert voice_at(years, "pipeline")[:2] == ("reported", "Washington")


def test_not_only_but_also_goes_on_with_the_reported_words() -> None:
    demand = (  # synthetic
        "Moscow's summary emphasized a demand: that the crisis be resolved not simply with "
        "talks, but also with a new European security architecture."
    )
    assert voice_at(demand, "security")[0] == "reported"
    contrast = "Lavrov said talks had failed, but was later seen smiling at security staff."
    assert voice_at(contrast, "security")[0] == "outlet"  # (synthetic) a plain "but" ends it


def test_an_interviews_answers_are_the_interviewees_words() -> None:
    """An interview set out as a dialogue (a dash opening each turn, no quotation marks): the
    questions are the outlet's, the answers the interviewee's, "Я" in them is the
    interviewee, and a speaker the answer reports keeps their words."""
    text = (
        "Какие задачи стоят перед отраслью, рассказал в интервью РИА Новости аналитик Сергей "
        "Петров. Беседовала Анна Иванова. – Вы согласны, что санкции работают? – Да, санкции "
        "работают, но медленно. Я считаю, что безопасность важнее всего. Министр Иван Сидоров "
        "говорит, что безопасность под угрозой. – При этом поставки продолжаются. – Поставки – "
        "хрупкий вопрос: могут быть наложены санкции."
    )  # synthetic
    options = {"language": "ru", "outlet": "RIA Novosti"}
    expert, minister = ("reported", "Сергей Петров", ""), ("reported", "Иван Сидоров", "")
    assert voice_at(text, "санкции", 0, **options) == ("outlet", "", "")  # the question
    assert voice_at(text, "санкции", 1, **options) == expert
    assert voice_at(text, "безопасность", 0, **options) == expert  # "Я считаю"
    assert voice_at(text, "безопасность", 1, **options) == minister
    assert voice_at(text, "поставки", 0, **options) == ("outlet", "", "")  # a question's prompt
    assert voice_at(text, "санкции", 2, **options) == expert
    from toolkit.voice.sentences import _sentences

    turns = "Беседовала Анна Иванова. – Почему? – Не знаю. Он ушёл - и всё."  # synthetic
    assert [turns[a:b] for a, b in _sentences(turns)] == [
        "Беседовала Анна Иванова.", "– Почему?", "– Не знаю.", "Он ушёл - и всё."]  # fmt: skip
    # a text whose lead names no interview, or whose turns ask nothing, is no interview
    plain = text.replace("в интервью РИА Новости", "журналистам")
    assert voice_at(plain, "санкции", 1, **options)[0] == "outlet"


def test_an_interviews_turns_named_by_their_speakers() -> None:
    """An interview whose turns open with their speakers' names (Al Jazeera's and Sputnik's
    Q&A, a TV transcript's "PELOSI:"): the answers are the interviewee's, named in full as the
    article names them; the questions are the outlet's; "Editor's Note:" is no turn."""
    text = (
        "Volodymyr Ishchenko is a sociologist in Berlin. Editor's Note: edited for length. "
        "Al Jazeera: Why did support for NATO grow? Ishchenko: Support for NATO grew after "
        "2014. It is still split. Al Jazeera: What about sanctions?Ishchenko: Sanctions hurt "
        "everyone, I think."
    )  # synthetic
    assert voice_at(text, "NATO", 0) == ("outlet", "", "")  # the question
    assert voice_at(text, "NATO", 1)[:2] == ("reported", "Volodymyr Ishchenko")
    assert voice_at(text, "sanctions")[0] == "outlet"
    assert voice_at(text, "Sanctions")[:2] == ("reported", "Volodymyr Ishchenko")
    transcript = (
        "House Speaker Nancy Pelosi met the president. ZELENSKYY: Welcome, are you ready? "
        "PELOSI: We are, and sanctions will stay. ZELENSKYY: Thank you, and what next? "
        "PELOSI: More weapons."
    )  # synthetic
    assert voice_at(transcript, "sanctions")[:2] == ("reported", "Nancy Pelosi")
    # (an outlet known: it asks, or "Q:"; a TV host's transcript is no interview of its own)
    assert voice_at(transcript, "sanctions", outlet="Fox News")[0] == "outlet"
    assert voice_at(text, "NATO", 1, outlet="Al Jazeera English")[1] == "Volodymyr Ishchenko"
    # labels that ask nothing are no interview
    notes = "Update: sanctions were extended. Note: prices rose. Update: talks resumed."
    assert voice_at(notes, "sanctions")[0] == "outlet"


def test_a_russian_sentence_about_a_topic_ends_with_its_speaker() -> None:
    text = (
        "О путях и условиях достижения целей и возможностях Росатома в интервью РИА Новости "
        "рассказала директор по цифровизации Екатерина Солнцева. Она добавила, что санкции не "
        "помешают."
    )  # synthetic
    assert voice_at(text, "путях", language="ru", outlet="RIA Novosti") == (
        "reported", "Екатерина Солнцева", "")  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Attribution rules, one example each (synthetic)

RU_LEAD = (
    "Турции нужно исключение для сделок через Газпромбанк, иначе такие санкции навредят "
    "государству, заявил журналистам министр энергетики Турции Альпарслан Байрактар. По его "
    "словам, сами санкции против банка навредят закупкам газа."
)
RU_UNCLOSED = (
    'Он выступил на форуме. «"В контексте событий важно отметить безопасность поставок", – '
    'отметил Сечин. Глава компании добавил, что поставки растут. "Эти доходы мы направим на '
    'безопасность", - заявил глава компании Игорь Сечин.'
)
RU_NAMED = (
    "Санкции не работают, пишет «Коммерсантъ». Затем, как кратко поясняет «Блок», у него "
    "возник конфликт со службой безопасности."
)
RU_DOCUMENT = (
    "Форум пройдет в Москве, сообщает Российский экспортный центр. Там отмечается, что "
    "санкции изменили торговлю. Как говорится, безопасность превыше всего."
)
RU_CITED = (
    "Норвегия создала центр НАТО в Арктике, пишет Barents Observer со ссылкой на главу "
    "норвежского минобороны.\n\nДиректор ФСБ Бортников ранее заявлял, что НАТО "
    "усиливается.\n\nРассказывает аналитик по вопросам безопасности Олеся Вартанян."
)
#: (text, word, its occurrence, voice_spans options, what voice_at gives there: voice, and
#: speaker and relay where given)
ATTRIBUTIONS = [
    # an adverb between the auxiliary and the verb; "countered" (not the noun "counter")
    ("President Emmanuel Macron flew to Moscow. Macron has always argued that Europe should "
     "take charge of its own security.", "security", 0, {}, ("reported", "Emmanuel Macron")),
    ("President Vladimir Putin countered that Russia would act if NATO placed missiles in "
     "Ukraine.", "NATO", 0, {}, ("reported", "Vladimir Putin")),
    ("The sales counter at NATO headquarters was closed.", "NATO", 0, {}, ("outlet", "")),
    # "he said" set off by commas inside a sentence: his words go on after it, not into a
    # participle or clause of the outlet's
    ("Former President Boris Yeltsin spoke. The Belovezha agreement, he said, was the only "
     "way to avoid a conflict with NATO.", "NATO", 0, {}, ("reported", "Boris Yeltsin")),
    ('"We will not back down on NATO," Prime Minister Jacinda Ardern said, making it clear '
     "the soldiers would be based in NATO's UK bases.", "NATO", 1, {}, ("outlet", "")),
    # an opening phrase is no one's words ("In addition,", "For his part,", "Кроме того,")
    ("In addition, Kiev asked NATO to intensify its military cooperation.", "NATO", 0, {},
     ("reported", "Kiev")),
    ("Кроме того, добавил замминистра Иван Петров, НАТО необходим новый завод.", "НАТО", 0,
     {}, ("reported", "Иван Петров")),
    # "one senior defense official" is the whole subject: an unnamed source, as written, not
    # the person named last
    ("President Volodymyr Zelenskyy asked NATO for planes. Russia does appear to be changing "
     "its NATO tactics, one senior defense official told reporters.", "NATO", 1, {},
     ("reported", "one senior defense official")),
    # a role of another office than the last speaker's titles is not that speaker
    ('Former President Donald Trump called NATO "obsolete". The prime minister had told us '
     "of his pride in NATO spending.", "NATO", 1, {}, ("reported", "prime minister")),
    ("Kremlin spokesman Dmitry Peskov spoke on Monday. The spokesman said NATO ignored Russia.",
     "NATO", 0, {}, ("reported", "Dmitry Peskov")),
    # a time opening the sentence is no words of the speaker after it
    ("On Wednesday, the U.S. urged Americans in Ukraine to consider leaving NATO's "
     "neighbour.", "NATO", 0, {}, ("reported", "U.S.")),
    ("Earlier on Tuesday, the United States and Britain warned Russia over NATO drills.",
     "NATO", 0, {}, ("reported", "United States and Britain")),
    # a list's comma before the subject is no part of it; the "as" clause after is the outlet's
    ("Biden and Putin will speak about NATO on Tuesday, the White House and Kremlin said, as "
     "tensions over NATO escalate.", "NATO", 0, {}, ("reported", "White House and Kremlin")),
    ("Biden and Putin will speak about NATO on Tuesday, the White House and Kremlin said, as "
     "tensions over NATO escalate.", "NATO", 1, {}, ("outlet", "")),
    ("Russian diplomats countered those claims about NATO by pointing to exercises.", "NATO",
     0, {}, ("outlet", "")),
    # "Long" after "and" is a surname, not the adverb of "has long said"
    ('"The consequences of that would be devastating," Madhani and Long reported.',
     "consequences", 0, {}, ("quote", "Madhani and Long")),
    ("Officials have long said they expect sanctions to follow.", "sanctions", 0, {},
     ("reported", "Officials")),
    # name particles; "Policy" and "High" are title words
    ("European Commission President Ursula von der Leyen said on Wednesday that the EU would "
     "widen sanctions. Von der Leyen said sanctions would apply to airlines.", "sanctions", 0, {},
     ("reported", "Ursula von der Leyen")),
    ("European Commission President Ursula von der Leyen said on Wednesday that the EU would "
     "widen sanctions. Von der Leyen said sanctions would apply to airlines.", "sanctions", 1, {},
     ("reported", "Ursula von der Leyen")),
    ("EU High Representative for Foreign Affairs and Security Policy Josep Borrell said "
     "sanctions would be extended.", "sanctions", 0, {}, ("reported", "Josep Borrell")),
    # someone unnamed is not the person named before; a body's short name is the body
    ('Secretary of State Antony Blinken visited Kyiv. "Allies have what they need for '
     'security," said a State Department spokesperson.', "security", 0, {},
     ("quote", "State Department spokesperson")),
    ("The Treasury Department said in a statement that four officials were sanctioned. The "
     "Treasury said the four were acting for Russia's security services.", "security", 0, {},
     ("reported", "Treasury Department")),
    # "as X said", before or after the words
    ("As Peskov said, sanctions do not work. He left.", "sanctions", 0, {},
     ("reported", "Peskov")),
    ("As Peskov said, sanctions do not work. He left.", "He", 0, {}, ("outlet", "")),
    ("Sanctions do not work, as Peskov said. He left.", "Sanctions", 0, {},
     ("reported", "Peskov")),
    ("Санкции не работают, как заявил Песков.", "Санкции", 0, {}, ("reported", "Песков")),
    # unnamed sources after the words
    ("The administration approved $200 million in security assistance to Ukraine, four people "
     "familiar with the matter confirmed to CNN at the time.", "security", 0, {},
     ("reported", "four people familiar with the matter")),
    # the dash of a dateline is not that of a quotation's attribution, and a time after the
    # verb does not make it follow its words
    ("KYIV, Dec 1 (Reuters) - Ukraine's Foreign Minister Dmytro Kuleba said on Wednesday that "
     "Russia had no right to block Kyiv's ties with NATO.", "NATO", 0, {"outlet": "Reuters"},
     ("reported", "Dmytro Kuleba")),
    ("Zakharova mentioned NATO's exercises.", "NATO", 0, {}, ("reported", "Zakharova")),
    # a capitalised word in -ly is not an adverb; a parenthetical between dashes after the
    # subject is not the end of the words attributed
    ("Italy said sanctions must not include gas.", "sanctions", 0, {}, ("reported", "Italy")),
    ("Germany and Italy - so reliant on Russian gas - urged the EU to hold back on sanctions.",
     "sanctions", 0, {}, ("reported", "Germany and Italy")),
    # a list of names is one subject; a comma after an adverbial is not a list
    ("Berlin and Paris call for a dialogue on security, the leaders of Germany, France and "
     "Poland said in a joint statement.", "security", 0, {},
     ("reported", "leaders of Germany, France and Poland")),
    ("In an interview with Reuters, Putin said sanctions failed.", "sanctions", 0, {},
     ("reported", "Putin")),
    # a frame that opens a quotation is not the end of the words before it
    ('Zelensky wrote, "There are no minor incursions." Asked about the remarks, Blinken said '
     'on Thursday, "any incursion will be met with a united response."', "united", 0, {},
     ("quote", "Blinken")),
    # the Russian lead "..., заявил [кому] кто": the words before the comma are the speaker's;
    # the addressee is not part of the speaker's name; "по его словам": the pronoun in the cue
    # is the speaker; a gerund's clause between subject and verb does not end a statement
    (RU_LEAD, "санкции", 0, {}, ("reported", "Альпарслан Байрактар")),
    (RU_LEAD, "министр", 0, {}, ("outlet",)),
    (RU_LEAD, "санкции", 1, {}, ("reported", "Альпарслан Байрактар")),
    ("Лавров, выступая на форуме, заявил, что санкции не работают.", "санкции", 0, {},
     ("reported", "Лавров")),
    # a role noun no later name fills is the person the article titled so; an addressee and a
    # time after it are not the speaker; places and place adjectives are not names
    ("Министр иностранных дел Украины Андрей Сибига приехал в Брюссель. «Нам нужна "
     "безопасность», — сказал министр журналистам перед началом встречи.", "безопасность", 0,
     {}, ("quote", "Андрей Сибига", "")),
    ("«Эти доходы пойдут на безопасность», - заявил губернатор Кемеровской области.",
     "безопасность", 0, {}, ("quote", "губернатор Кемеровской области")),
    ("«Он доставлен по запросу КГБ», — заявил генпрокурор Беларуси Константин Бычек.", "КГБ", 0,
     {}, ("quote", "Константин Бычек")),
    # quotations after RIA's unclosed «"...: their own; an infinitive does not end the first
    (RU_UNCLOSED, "безопасность", 0, {}, ("quote",)),
    (RU_UNCLOSED, "безопасность", 1, {}, ("quote",)),
    # an outlet named in guillemets after the verb, an adverb before it
    (RU_NAMED, "Санкции", 0, {}, ("reported", "Kommersant")),  # (an agency: its one name)
    (RU_NAMED, "безопасности", 0, {}, ("reported", "Блок")),
    # impersonal forms: the document's issuer speaks; "как говорится" is a saying
    (RU_DOCUMENT, "санкции", 0, {}, ("reported", "Российский экспортный центр")),
    (RU_DOCUMENT, "безопасность", 0, {}, ("outlet",)),
    # "со ссылкой на": the source cited speaks, in the nominative; a role is not the person
    # named in a later paragraph; a dative after a preposition belongs to the speaker's title
    (RU_CITED, "НАТО", 0, {}, ("reported", "глава норвежского минобороны")),
    (RU_CITED, "безопасности", 0, {}, ("outlet",)),
    # where the words were said, a time and an agency addressed stand between the verb and
    # its speaker; the speaker's phrase ends before a preposition after a name
    ("Индонезия не бойкотирует компании, несмотря на санкции, заявил в интервью РИА Новости "
     "гендиректор министерства Тутука Ариаджи на полях форума.", "санкции", 0,
     {"outlet": "RIA Novosti"}, ("reported", "Тутука Ариаджи")),
    ("Продажи упадут из-за санкций, сообщили РИА Новости в профильной ассоциации РОАД.",
     "санкций", 0, {"outlet": "RIA Novosti"}, ("reported", "профильная ассоциация РОАД")),
    ("Санкции ужесточат, сообщил во вторник телеканал ITV.", "Санкции", 0, {},
     ("reported", "ITV")),
    # an abbreviation before a word that only opens a sentence ends the sentence
    ("Sergei Lavrov met the envoys of France, the UK and the U.S. He said sanctions would "
     "follow.", "sanctions", 0, {}, ("reported", "Sergei Lavrov")),
    # an unnamed source described after its noun; "the source" after it is the same one; "a
    # think tank" is a noun; "London-based" is not a name
    ('Talks will go on, a source close to the Geneva talks said. "We are ready," the source '
     'said.', "ready", 0, {}, ("quote", "source close to the Geneva talks")),
    ("Sanctions failed, argues Zach Paikin, from the Centre for European Policy Studies think "
     'tank. "Security matters," he says.', "Security", 0, {}, ("quote", "Zach Paikin")),
    ('"Prices will rise on sanctions," a London-based industry source said.', "sanctions", 0, {},
     ("quote", "London-based industry source")),
    # a participle after a quotation's comma; its speaker the name set off after the subject
    ('Meanwhile, a leading Senate Democrat, Senator Menendez, slammed the move as "partisan '
     'posturing," saying it was not too late for a sanctions package.', "sanctions", 0, {},
     ("reported", "Menendez")),
    # a document's words are its issuer's; a cue after a possessive is a noun
    ('"We act today," Senate Republicans said in a press release. The bill would impose '
     "sanctions on banks, the release said.", "sanctions", 0, {}, ("reported",)),
    ("Peskov spoke on Monday. His remarks came after new sanctions.", "sanctions", 0, {},
     ("outlet",)),
    # "В Москве заявляли": where it was said, before a plural verb without a subject
    ("В Москве не раз заявляли, что страна справится с санкциями.", "санкциями", 0, {},
     ("reported", "Москва")),
    ("В России позицию суда назвали ангажированной, несмотря на санкции.", "санкции", 0, {},
     ("outlet",)),
    # a name before a possessive is a person named ("Boris Johnson's comments")
    ('Boris Johnson\'s comments came as the UK announced sanctions. "We must act on sanctions,"'
     " Mr Johnson said.", "sanctions", 1, {}, ("quote", "Boris Johnson")),
    # a Russian name in quotation marks presents no one's words; one before the verb speaks
    ('Глава "Роснефти" заявил, что санкции не работают, выступая на форуме "Российская '
     'энергетическая неделя".', "энергетическая", 0, {}, ("reported",)),
    ("Кроме того, «Ветераны России» заявили, что санкции не работают.", "санкции", 0, {},
     ("reported", "Ветераны России")),
    ("Начальник отдела компании «Код безопасности» Коробченко рассказал о мошенниках.",
     "безопасности", 0, {}, ("outlet",)),
    # a name does not run across a line break; titles and quantities are not names
    ("The talks ended with Vladimir Putin\nPutin said sanctions would not work.", "sanctions",
     0, {}, ("reported", "Vladimir Putin")),
    ("Some analysts said sanctions would not work.", "sanctions", 0, {},
     ("reported", "Some analysts")),
    # "заявили в МИД": the body, in the nominative; an acronym as written
    ("Россия вводит санкции против политиков, заявили в МИД.", "санкции", 0, {},
     ("reported", "МИД")),
    ("Молдавия присоединилась к санкциям, сообщили в наблюдательном совете под руководством "
     "премьера.", "санкциям", 0, {},
     ("reported", "наблюдательный совет под руководством премьера")),
    ("«Нужны гарантии безопасности», заявили в США.", "безопасности", 0, {}, ("quote", "США")),
    # a surname is not the plural of a first name (Айдаров, not Айдар), and agrees with the
    # first name before it
    ("В июле замглавы МИД Казахстана Алмас Айдаров сообщал, что республика избегает санкций.",
     "санкций", 0, {}, ("reported", "Алмас Айдаров")),
    ("По словам Ивана Федорова, санкции не работают.", "санкции", 0, {},
     ("reported", "Иван Федоров")),
    # a hyphenated role; "следует из" a document: its issuer, in the nominative
    ("Об этом рассказал вице-министр торговли Кайрат Торебаев. Вице-министр уточнил, что "
     "ограничения ввели из-за санкций.", "санкций", 0, {}, ("reported", "Кайрат Торебаев")),
    ("Цены выросли из-за санкций, следует из доклада Росконгресса.", "санкций", 0, {},
     ("reported", "Росконгресс")),
    # a woman's name stays a woman's, and a surname agrees with the first name before it
    ("По словам Марии Захаровой, санкции не работают.", "санкции", 0, {},
     ("reported", "Мария Захарова")),
    ("Санкции не работают, заявила Екатерина Солнцева.", "Санкции", 0, {},
     ("reported", "Екатерина Солнцева")),
    # the subject of a plural verb is the plural its noun can be; a word the dictionary knows
    # before a name is not part of it (but a first name it knows otherwise is)
    ("Власти Швеции заявили, что безопасность страны под угрозой.", "безопасность", 0, {},
     ("reported", "Власти Швеции")),
    ("Санкции не работают, заявил пресс-секретарь Кремля Дмитрий Песков.", "Санкции", 0, {},
     ("reported", "Дмитрий Песков")),
    ("Санкции не работают, заявил председатель КНР Си Цзиньпин.", "Санкции", 0, {},
     ("reported", "Си Цзиньпин")),
    # "приводятся слова X": X speaks, whoever cites the words; "приводит к" cites no one
    ('"Санкции не работают", - приводятся в сообщении слова Юрия Зубова.', "Санкции", 0, {},
     ("quote", "Юрий Зубов")),
    ('"Санкции не работают", — приводит пресс-служба слова Ольги Кирий.', "Санкции", 0, {},
     ("quote", "Ольга Кирий")),
    ("Рост цен приводит к санкциям.", "санкциям", 0, {}, ("outlet",)),
    # "цитирует ... слова X" likewise; inside RIA's unclosed «", "Это говорит о том" is no
    # attribution that ends the quotation
    ('Бюджет принят. «"Мы хорошо поработали. Это говорит о том, что экономика выдержала '
     'санкции", - цитирует пресс-служба слова Евгения Люлина. Доходы выросли.', "санкции", 0,
     {"outlet": "RIA Novosti"}, ("quote", "Евгений Люлин")),
    # what is spoken of is no speaker; a run of capitals that starts inside a word is not a name
    ("Эксперт Иван Петров отметил рост. То, что санкции ввели сейчас, говорит о слабости "
     "этих мер.", "санкции", 0, {}, ("outlet",)),
    ("Врио председателя правления РОСЭКСИМБАНКа Татьяна Сахарова подчеркнула, что санкции не "
     "работают.", "санкции", 0, {}, ("reported", "Татьяна Сахарова")),
    # a time after the verb: the words are before it; a list of subjects with its articles
    ("Russia will respond to NATO, a senior diplomat said Monday. Talks went on.", "NATO", 0,
     {}, ("reported", "senior diplomat")),
    ("While Australia, the US and Japan have claimed that the war harms security, India has "
     "not.", "security", 0, {}, ("reported", "Australia, the US and Japan")),
    ("The U.S. and NATO have vowed severe sanctions if Russia invades.", "sanctions", 0, {},
     ("reported", "U.S. and NATO")),
    # "X was quoted as saying"; titles of business and the press; an acronym is not a name;
    # "one diplomat" is someone unnamed
    ('"We can strengthen the energy security of the region," President of the Management Board '
     'of PGNiG Pawel Majewski was quoted as saying.', "security", 0, {},
     ("quote", "Pawel Majewski")),
    ('"Our supply will support energy security," added ERU Managing Partner Yaroslav Mudriy.',
     "security", 0, {}, ("quote", "Yaroslav Mudriy")),
    ('"Sanctions do not work," said Editor-in-Chief Steve Forbes.', "Sanctions", 0, {},
     ("quote", "Steve Forbes")),
    ('Wagner met Putin. "Wagner is used to destabilize security in Europe," one European '
     "diplomat said.", "security", 0, {}, ("quote", "one European diplomat")),
    # "..., передает Рейтер": the agency is the source of what the sentence says (not the
    # outlet's own correspondent); a word before a role is part of the subject
    ("ЕС может предложить новый пакет санкций в январе, передает Рейтер.", "санкций", 0,
     {"outlet": "RIA Novosti"}, ("reported", "Reuters", "Reuters")),
    ("В Москве обсудили санкции, передает корреспондент РИА Новости.", "санкции", 0,
     {"outlet": "RIA Novosti"}, ("outlet",)),
    ("Russian Defence Minister Sergei Shoigu met Ben Wallace. The Russian defence chief visited "
     "London, stressing that NATO was to blame.", "NATO", 0, {}, ("reported", "Sergei Shoigu")),
    # "the official" takes up the someone unnamed before it, not the person named last
    ("President Joe Biden spoke on Monday. The US will sanction Russian elites, a senior "
     "administration official told CNN. Their families would be sanctioned too, the official "
     "said.", "sanctioned", 0, {"outlet": "CNN"},
     ("reported", "senior administration official")),
    # a Telegram post's bold markup before the attribution
    ("**Дипломат** проводил работу, угрожающую безопасности России, **сообщили в ФСБ.**",
     "безопасности", 0, {}, ("reported", "ФСБ")),
    # a Russian speaker's phrase runs over a name in quotation marks inside it
    ('Суверенитет важен, считает директор по цифровизации Госкорпорации "Росатом" Екатерина '
     "Солнцева.", "Суверенитет", 0, {}, ("reported", "Екатерина Солнцева")),
    # a Russian subject is a nominative that agrees with its verb: adverbs, times and
    # prepositional phrases before it are not of it, nor one after it with no nominative in it
    ("Ранее Россельхознадзор сообщил, что санкции не работают.", "санкции", 0, {},
     ("reported", "Россельхознадзор")),
    ("В июле 2023 года Арбитражный суд Москвы признал, что санкции законны.", "санкции", 0, {},
     ("reported", "Арбитражный суд Москвы")),
    ("По результатам анализа ведомство признало, что санкции не работают.", "санкции", 0, {},
     ("reported", "ведомство")),
    ("Цыганов в телефонном разговоре с Лексусом сказал, что санкции не работают.", "санкции", 0,
     {}, ("reported", "Цыганов")),
    ("Глава МИД Сергей Лавров на встрече в Скопье заверил, что санкции не работают.", "санкции",
     0, {}, ("reported", "Сергей Лавров")),
    ("На саммите БРИКС Лукашенко заявил, что санкции не работают.", "санкции", 0, {},
     ("reported", "Лукашенко")),
    ("Президент Владимир Путин ранее в ходе заседания Совета глав государств СНГ назвал санкции "
     "незаконными.", "санкции", 0, {}, ("reported", "Владимир Путин")),
    ("Депутат Гаврилов (КПРФ) в беседе с РИА Новости напомнил, что санкции не работают.",
     "санкции", 0, {}, ("reported", "Гаврилов")),
    ("Германия и Украина заявили, что санкции не работают.", "санкции", 0, {},
     ("reported", "Германия и Украина")),
    # a denied report reports nothing ("не комментировали"), unless it still states a view
    ("Российские военные не комментировали эти заявления, Би-би-си не может их независимо "
     "подтвердить.", "заявления", 0, {}, ("outlet", "")),
    ("Песков не сомневается, что санкции не работают.", "санкции", 0, {},
     ("reported", "Песков")),
    # claims and suppositions (утверждать, предполагать)
    ("Министерство обороны России утверждает, что ПВО сбили 51 беспилотник над Крымом.",
     "беспилотник", 0, {}, ("reported", "Министерство обороны России")),
    ("Военные обозреватели предполагают, что беспилотники были дезориентированы.",
     "беспилотники", 0, {}, ("reported", "Военные обозреватели")),
    # a capitalised adjective opening the subject is no name; nor is a plural noun
    ("Главное управление разведки Украины заявило, что новая ракета - это «Кедр».",
     "ракета", 0, {}, ("reported", "Главное управление разведки Украины")),
    ("Московский мэр Сергей Собянин открыл парк. Московский мэр утверждает, что "
     "разрушений нет.", "разрушений", 0, {}, ("reported", "Сергей Собянин")),
    ("Собеседники издания говорят, что переговоры шли. Официальный представитель «Роснефти» "
     "заявил, что слияния не будет.", "слияния", 0, {},
     ("reported", "Официальный представитель «Роснефти»")),
    # bodies with a lower-case head, and an outlet's noun standing for the outlet named before
    ("Белый дом заявил, что санкции будут введены.", "санкции", 0, {},
     ("reported", "Белый дом")),
    ("Об этом ранее написали «Известия». Издание утверждает, что об этом объявят в ноябре.",
     "ноябре", 0, {}, ("reported", "Izvestia")),
    # a parenthetical "по его словам" inside the sentence: the words on both sides are his
    ("Композитор Дмитрий Пинчук занял третье место. Однако атмосфера на конкурсе, по его "
     "словам, была дружественной.", "дружественной", 0, {}, ("reported", "Дмитрий Пинчук")),
    ("Композитор Дмитрий Пинчук занял третье место. Однако атмосфера на конкурсе, по его "
     "словам, была дружественной.", "атмосфера", 0, {}, ("reported", "Дмитрий Пинчук")),
    ("Композитор Дмитрий Пинчук занял третье место. Однако атмосфера на конкурсе, по его "
     "словам, была дружественной.", "словам", 0, {}, ("outlet", "")),
    ('"Это было приятно", - отметил Дмитрий Пинчук. Западные санкции, по его словам, не '
     "помешали.", "санкции", 0, {}, ("reported", "Дмитрий Пинчук")),
    # a noun of a person opening the sentence is no name: "его" is the person named before
    ('"Это было приятно", - отметил Дмитрий Пинчук. Музыкант рассказал, что готовился год. '
     "По его словам, санкции не помешали.", "санкции", 0, {}, ("reported", "Дмитрий Пинчук")),
    # "ведомство" alone is the body that spoke last (not a news agency)
    ("Американский Минфин сообщил о санкциях на своем сайте. В ведомстве пояснили, что "
     "санкции введены за обход потолка цен.", "санкции", 0, {},
     ("reported", "Американский Минфин")),
    # what a role is of, after it ("Представитель биржи"), and "по сведениям"
    ("Представитель биржи тогда заявил, что санкции не работают.", "санкции", 0, {},
     ("reported", "Представитель биржи")),
    ("Мониторинговый проект DeepState опубликовал карту. По сведениям DeepState, санкции не "
     "работают.", "санкции", 0, {}, ("reported", "DeepState")),
    # an impersonal verb's issuer, named after the document or channel
    ("Зеленский заслушал доклады об обороне Покровска, говорится в сообщении Офиса "
     "президента Украины.", "обороне", 0, {}, ("reported", "Офис президента Украины")),
    ("Правительство продлило меры поддержки рынка труда, сообщается в Telegram-канале "
     "кабмина.", "рынка", 0, {}, ("reported", "кабмин")),
    ("Санкции введены, говорится в заявлении Дмитрия Пескова.", "Санкции", 0, {},
     ("reported", "Дмитрий Песков")),
    ("Продажа билетов открыта, сообщается в Telegram-канале ГАБТа.", "билетов", 0, {},
     ("reported", "ГАБТ")),
    # an abbreviation with a case ending, wherever a body is named: "в МИДе РФ заявили"
    ("В МИДе РФ заявили, что санкции не работают.", "санкции", 0, {}, ("reported", "МИД РФ")),
    # "Ранее в Кремле сообщили": the place where it was said; "Там": the body before
    ("Ранее в Кремле сообщили, что санкции не работают.", "санкции", 0, {},
     ("reported", "Кремль")),
    ("В Минсельхозе рассказали о планах. Там подчеркнули, что санкции не работают.", "санкции",
     0, {}, ("reported", "Минсельхоз")),
    # an object before the verb is no speaker
    ("Его обвинили в нарушении санкций.", "санкций", 0, {}, ("outlet",)),
    # what is spoken of before the verb, the speaker after it; "Об этом": the sentence before
    ("Заседание прошло в Минске. О введении санкций против России объявил Евросоюз.",
     "санкций", 0, {}, ("reported", "Евросоюз")),
    ("Санкции не работают. Об этом заявил глава МИД России Сергей Лавров.", "Санкции", 0, {},
     ("reported", "Сергей Лавров")),
    # "state" as a noun; a verb and its object end a subject ("X supported Y's draft, which
    # proposed ..."), and a draft's issuer named before is that person
    ("In 1988 the Supreme Soviet adopted a declaration of state sovereignty.", "sovereignty", 0,
     {}, ("outlet",)),
    ("Mikhail Gorbachev spoke. In 1990 the USSR Supreme Soviet supported Gorbachev’s draft, "
     "which proposed that each republic be a sovereign country.", "sovereign", 0, {},
     ("reported", "Mikhail Gorbachev")),
    # "по данным за сентябрь": the source named before; "цитирует AFP X": X speaks, AFP relays
    ("Экспорт вырос, сообщило министерство финансов страны. По данным за сентябрь, после "
     "введения санкций экспорт упал.", "санкций", 0, {},
     ("reported", "министерство финансов страны")),
    ("«Мы разочарованы санкциями», — цитирует AFP представителя TikTok.", "санкциями", 0, {},
     ("quote", "представитель TikTok", "AFP")),
    # a nationality alone before "demands", "claims" is no subject: the word is a noun
    ("He denounced the Russian demands for NATO security guarantees.", "NATO", 0, {},
     ("outlet",)),
    # "- something Moscow denies": Moscow; "consider upgrading" reports nothing
    ("France accused Russia of breaking the sanctions, something Moscow denies.", "sanctions", 0,
     {}, ("reported", "Moscow")),
    ("To view this video please enable JavaScript, and consider upgrading to a browser that "
     "supports NATO standards.", "NATO", 0, {}, ("outlet",)),
    # ", Boris Gryzlov, <his title>, told reporters on ...": the words before are his; "she"
    # after a person named just before, when the last who spoke did so earlier
    ("The OSCE ignores the Minsk agreements, Boris Gryzlov, Russian Plenipotentiary "
     "Representative to the Contact Group seeking peace for eastern Ukraine, told reporters on "
     "Wednesday after a regular round of talks.", "OSCE", 0, {}, ("reported", "Boris Gryzlov")),
    ('Volodymyr Zelensky said he wanted weapons. Germany hesitated. Berlin spent years on '
     'talks. I meet Claudia Major, defence specialist at SWP. "On sanctions we are timid," she '
     "says.", "sanctions", 0, {}, ("quote", "Claudia Major")),
    # "написал он в фейсбуке": the pronoun alone, the person it stands for
    ("Министр энергетики Герман Галущенко сообщил об атаке. «Ситуация с безопасностью сложная», "
     "— написал он в фейсбуке.", "безопасностью", 0, {}, ("quote", "Герман Галущенко")),
    # an addressee's name before the verb is told, not telling; "рекомендует эксперт": the
    # expert named before; the sentences between two statements of one speaker are theirs
    ('Как избежать ошибок, агентству "Прайм" рассказал эксперт "Моифинансы.ру" Ольга Дайнеко. '
     "Многие забывают про платеж. Это грозит санкциями. Лучше платить вовремя, рекомендует "
     "эксперт.", "санкциями", 0, {}, ("reported", "Ольга Дайнеко")),
    # plural experts are a group, not the expert named before; a name the dictionary misreads
    # after a role is still a name
    ("Эксперт Иван Петров выступил. Эксперты считают, что санкции не работают.", "санкции", 0,
     {}, ("reported", "Эксперты")),
    ("Губернатор региона Владислав Шапша сообщил, что санкции не работают.", "санкции", 0, {},
     ("reported", "Владислав Шапша")),
    # a body's name before a first name is not of the person's name
    ("Санкции не работают, сообщил губернатор Приамурья Василий Орлов.", "Санкции", 0, {},
     ("reported", "Василий Орлов")),
    ("Санкции не работают, сообщил председатель Совфеда Мурат Хапсироков.", "Санкции", 0, {},
     ("reported", "Мурат Хапсироков")),
    # a surname the dictionary also reads as an abbreviation (НОВАК) is a surname, titled or
    # in the genitive
    ("Санкции не работают, сообщил вице-премьер РФ Александр Новак.", "Санкции", 0, {},
     ("reported", "Александр Новак")),
    ("По словам вице-премьера РФ Александра Новака, санкции не работают.", "санкции", 0, {},
     ("reported", "Александр Новак")),
    # a speaker after the verb ends at a preposition after a person's name, not at one after a
    # country's
    ("«Санкции не работают», — написал Дегтярев в Telegram-канале.", "Санкции", 0, {},
     ("quote", "Дегтярев")),
    ("«Санкции не работают», — сказал Путин на Конгрессе молодых ученых.", "Санкции", 0, {},
     ("quote", "Путин")),
    ("«Санкции не работают», — сказал посол России в США Анатолий Антонов.", "Санкции", 0, {},
     ("quote", "Анатолий Антонов")),
    # a frame in a clause of condition or cause inside reported words is part of them; a
    # clause of time or manner ("as the adviser warned") is the outlet's, "asked if" asks
    ("Tulsi Gabbard said she would back sanctions if Joe Biden asked.", "Biden", 0, {},
     ("reported", "Tulsi Gabbard")),
    ("Analysts say a no-fly zone is unlikely because the allies believe it could escalate "
     "sanctions.", "allies", 0, {}, ("reported", "Analysts")),
    ("Biden reiterated his commitment, as the national security adviser warned that Moscow "
     "was ready.", "security", 0, {}, ("outlet",)),
    ("Another reporter asked if Biden thought sanctions would work.", "Biden", 0, {},
     ("outlet",)),
    # data, a forecast, a poll: their issuer speaks, or the data themselves (not the last
    # who spoke); a role that speaks is the person it titled
    ("Песков выступил. Санкции работают, следует из данных Росфинмониторинга.", "Санкции", 0,
     {}, ("reported", "Росфинмониторинг")),
    ("Песков выступил. Санкции работают, согласно данным законопроекта.", "Санкции", 0, {},
     ("reported", "данные законопроекта")),
    ("Как отметил историк Михаил Мягков, войны были всегда. «Санкции важны», — подчеркнул "
     "историк.", "Санкции", 0, {}, ("quote", "Михаил Мягков")),
    # ... nor at where it was posted; an adverb opening the sentence is no one
    ("Санкции не работают, сообщает Истринский драматический театр в Telegram-канале.",
     "Санкции", 0, {}, ("reported", "Истринский драматический театр")),
    ("«Санкции не работают», — написал украинский лидер в соцсетях.", "Санкции", 0, {},
     ("quote", "украинский лидер")),
    ("Уже на следующий день Ткаченко отказался от своих слов, назвав их санкциями.", "санкциями",
     0, {}, ("outlet",)),
    # "posted on Twitter" reports words; "the news outlet": the outlet named before;
    # "pointed out, commenting on X": X is what it is about, not what was said
    ('"We are realistic," UK Business Minister Kwasi Kwarteng posted at the time on Twitter. '
     '"Let us protect energy security."', "security", 0, {}, ("quote", "Kwasi Kwarteng")),
    ("Troops posted at the border ensured security.", "security", 0, {}, ("outlet",)),
    ('Foreign Policy admits that the plan is risky. "Sovereignty matters," according to the '
     "news outlet.", "Sovereignty", 0, {}, ("quote", "Foreign Policy", "Foreign Policy")),
    ('Dmitry Peskov spoke. "They were all over-excited," he pointed out, commenting on the '
     "situation around Ukraine and NATO's expansion.", "NATO", 0, {}, ("outlet",)),
    ("Vladimir Putin pointed out in 2021 what position Russia took on NATO.", "NATO", 0, {},
     ("reported", "Vladimir Putin")),
    # an attribution between dashes inside a Russian quotation speaks the whole quotation
    ("«Это важно», — сказал Дмитрий Песков. «Полетные задания вносят военные стран НАТО, — "
     "говорил 12 сентября Владимир Путин. — Украинские военные этого сделать не могут».", "НАТО",
     0, {}, ("quote", "Владимир Путин")),
    ("Трамп выступил. «Я рад объявить его министром, — говорится в заявлении Трампа. — "
     "Безопасность американцев важнее всего».", "Безопасность", 0, {}, ("quote", "Трамп")),
    # a speaker after the verb ends before a place or setting in lower case; a document's
    # issuer is its whole name, in the nominative
    ("США ввели санкции, сообщил американский Минфин на своем сайте.", "санкции", 0, {},
     ("reported", "американский Минфин")),
    ("Санкции имели смешанные эффекты, следует из доклада Международного валютного фонда (МВФ).",
     "Санкции", 0, {}, ("reported", "Международный валютный фонд")),
    # "цитирует X AFP": X speaks, AFP relays; particles are of Russian names
    ("Протесты продолжились. «Санкции не помогут», — цитирует Зурабишвили AFP.", "Санкции", 0,
     {}, ("quote", "Зурабишвили", "AFP")),
    ("«Санкции — это бандитизм», — цитирует Путина «Интерфакс».", "Санкции", 0, {},
     ("quote", "Путин", "Interfax")),
    ("Об этом заявила глава Еврокомиссии Урсула фон дер Ляйен. «Санкции работают», — сказала "
     "фон дер Ляйен.", "Санкции", 0, {}, ("quote", "Урсула фон дер Ляйен")),
    # "a claim Moscow denies": the outlet's gloss (the words before it stand as the outlet's
    # own claim); "..., claims Moscow denies": claims is a noun
    ("Russia has massed troops and sanctions loom, a claim Moscow denies.", "sanctions", 0, {},
     ("outlet", "")),
    ("Kiev and its Western allies accuse Russia of sending troops, claims Moscow denies. "
     "Sanctions followed.", "Russia", 0, {}, ("reported", "Kiev and its Western allies")),
    # a phrase after a verb that goes on as a clause is no trailing speaker; "advised" reports
    ("Rep. Victoria Spartz, R-Ind., argued the U.S. should reconsider sanctions.", "sanctions",
     0, {}, ("reported", "Victoria Spartz")),
    ("Germany has advised its citizens to leave Ukraine over sanctions.", "sanctions", 0, {},
     ("reported", "Germany")),
    # a live page's next entry is no speaker's free indirect speech
    ('"The situation is heating up," Borys Filatov said. 7 Apr 2022 - 12:29 GMT Russia must '
     'leave the council. "All should leave," Filatov said.', "Russia", 0, {}, ("outlet",)),
    ('"The situation is heating up," Borys Filatov said. Russia must leave the region. "All '
     'should leave," Filatov said.', "Russia", 0, {}, ("reported", "Borys Filatov")),
    # a former one's role ("экс-"); a surname after a role and the body or place it is of
    ("Западные санкции не работают, заявила экс-глава МИД Австрии Кнайсль.", "санкции", 0, {},
     ("reported", "Кнайсль")),
    ("Экс-премьер Николай Азаров выступил. По словам экс-премьера, санкции не помогут.",
     "санкции", 0, {}, ("reported", "Николай Азаров")),
    # "he" after a sentence whose subject follows an opening phrase: that subject
    ("Colonel-General Sergei Rudskoi said Russian forces had reduced the combat power. In "
     "apparent response to Rudskoi, Volodymyr Zelenskyy appealed anew to Russia to negotiate. "
     '"The territorial integrity of Ukraine should be guaranteed," he said.', "territorial",
     0, {}, ("quote", "Volodymyr Zelenskyy")),
    # a role that speaks, titled by nouns that name no one before: the last who spoke
    ("Российский дирижер Валерий Гергиев приглашен. «Это огромное сочинение», - сказал "
     "Швыдкой журналистам. Спецпредставитель российского президента отметил, что санкции не "
     "помеха.", "санкции", 0, {}, ("reported", "Швыдкой")),
    # an interview's credit covers its speaker's words in one entry of a live page, not the next
    ("14 Apr 2022 - 09:10 GMT Josep Borrell told Reuters that talks had failed. 15 Apr 2022 - "
     "11:32 GMT Josep Borrell said sanctions would follow. 15 Apr 2022 - 12:05 GMT Markets "
     "fell.", "sanctions", 0, {}, ("reported", "Josep Borrell", "")),
    # (a time or two in an article's sentences make no live page)
    ("Josep Borrell told Reuters at 09:10 GMT that talks had failed. At 11:32 GMT Josep "
     "Borrell said sanctions would follow.", "sanctions", 0, {},
     ("reported", "Josep Borrell", "Reuters")),
    # "the ministry" no body that spoke names: the one the text named last
    ("North Korea's Foreign Ministry criticised the drills. The ministry said sanctions were "
     "illegal.", "sanctions", 0, {}, ("reported", "North Korea's Foreign Ministry")),
    ("The Foreign Ministry of the Democratic People's Republic of Korea condemned it. The "
     "ministry said sanctions were illegal.", "sanctions", 0, {},
     ("reported", "Foreign Ministry of the Democratic People's Republic of Korea")),
    ("Officials met in Brussels. The Commission approved it. Talks continued. The commission "
     "said sanctions would stay.", "sanctions", 0, {}, ("reported", "commission")),
    # "the first time the alliance has said": the clause's subject, not its time
    ("It is the first time the alliance has publicly said it is raising its defence plans.",
     "defence", 0, {}, ("reported", "alliance")),
    ("It was the same day the World Bank said sanctions would hurt growth.", "sanctions", 0, {},
     ("reported", "World Bank")),
    # a Telegram post's link on the verb ("[сообщает](https://...) Reuters"); "на платформе Х"
    ("Администрация готовит санкции, [сообщает](https://www.reuters.com/world/a-2024/) Reuters.",
     "санкции", 0, {}, ("reported", "Reuters", "Reuters")),
    ("«Санкции не помогут», — написали военные на платформе Х.", "Санкции", 0, {},
     ("quote", "военные")),
    # a description before a name in Latin letters is no part of it; someone of it is
    ("Санкции не работают, пишет британская The Telegraph.", "Санкции", 0, {},
     ("reported", "The Telegraph")),
    ("Санкции не работают, считают аналитики JPMorgan.", "Санкции", 0, {},
     ("reported", "аналитики JPMorgan")),
    # a month's short name may end a name (Zhang Jun), never start or be one
    ('Chinese envoy Zhang Jun spoke at the council. "Sanctions fail," Zhang said.', "Sanctions",
     0, {}, ("quote", "Zhang Jun")),
    ("In May Putin said sanctions work.", "sanctions", 0, {}, ("reported", "Putin")),
    ("Output was 66 million tonnes of sanctions, according to Refinitiv Research published Aug "
     "25.", "sanctions", 0, {}, ("reported", "Refinitiv Research")),
    # ranks and titles before a name are no part of it
    ("Colonel-General Sergei Rudskoi said NATO was preparing.", "NATO", 0, {},
     ("reported", "Sergei Rudskoi")),
    ("Presidential Aide Yuri Ushakov said NATO was preparing.", "NATO", 0, {},
     ("reported", "Yuri Ushakov")),
    ("Prosecutor Karim Khan said sanctions were not enough.", "sanctions", 0, {},
     ("reported", "Karim Khan")),
    # "Sen. Chris Coons of Delaware": the person, not the state after "of"
    ("Democratic Sen. Chris Coons of Delaware, a close Biden ally, told me Russian aggression "
     "is strengthening NATO.", "NATO", 0, {}, ("reported", "Chris Coons")),
    # "просить" reports a request
    ("Власти также просят жителей соблюдать меры безопасности.", "безопасности", 0, {},
     ("reported", "Власти")),
    # a body's name after "of" in lower case; a short aside after the subject
    ("Russia's ministry of defence said it detected six NATO spy planes.", "NATO", 0, {},
     ("reported", "Russia's ministry of defence")),
    ("Forces shelled the district with shells of the North Atlantic Treaty Organization (NATO), "
     "sources in the self-proclaimed Donetsk People's Republic (DPR) noted.", "NATO", 0, {},
     ("reported", "sources in the self-proclaimed Donetsk People's Republic")),
    ("Italy's Treasury said the sanctions work, the Department of Foreign Affairs and Trade "
     "(DFAT) said.", "sanctions", 0, {}, ("reported", "Department of Foreign Affairs and Trade")),
    # "X said ..., the news agency reported": X speaks, the agency is the channel
    ("Bahrain said it will add Georgia to its security list, the state news agency (BNA) said.",
     "security", 0, {}, ("reported", "Bahrain")),
    ("Vucic said Serbia bought the missiles for its security, Reuters reported.", "security", 0,
     {}, ("reported", "Vucic", "Reuters")),
    ("Kremlin spokesman Dmitry Peskov said NATO was a threat, the state-owned TASS news agency "
     "reported.", "NATO", 0, {}, ("reported", "Dmitry Peskov", "TASS")),
    # a sentence adverb before the subject of a coordinated verb is no speaker
    ("Separately, Foreign Minister Sergei Lavrov lobbed new accusations and said Russia would "
     "respond if its security was threatened.", "security", 0, {},
     ("reported", "Sergei Lavrov")),
    # (a journalist reporting is a speaker: the organisation must head the phrase)
    ("Lawmakers have suggested that Russia could lose access to SWIFT, a high security network, "
     "my CNN Business colleague Charles Riley reports.", "security", 0, {},
     ("reported", "Charles Riley")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "word", "nth", "options", "expected"), ATTRIBUTIONS)
def test_attribution_rules(
    text: str, word: str, nth: int, options: dict[str, str], expected: tuple[str, ...]
) -> None:
    assert voice_at(text, word, nth, **options)[: len(expected)] == expected


# ---------------------------------------------------------------------------------------------
# The cache of spans: computed once per article, shared by every analysis


def test_spans_are_computed_once_and_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.voice.annotation as voice_module

    corpus = toolkit.load_sample()
    voice_module.SPANS.clear()
    made: list[int] = []
    real = voice_module._spans

    def counted(art):  # type: ignore[no-untyped-def]
        made.append(1)
        return real(art)

    monkeypatch.setattr(voice_module, "_spans", counted)
    spans = annotate_voice(corpus)
    hits = toolkit.kwic(corpus, {"unity": ["unity"]}, voice=True)
    toolkit.count_terms(corpus, {"unity": ["unity"]}, by="voice")
    toolkit.sentiment(corpus, voice=True)
    toolkit.speakers(corpus, {"unity": ["unity"]})
    assert len(made) == 1  # five analyses, one annotation
    assert hits["voice"].tolist() == [voice_of(spans, [start])[0].voice for start in hits["start"]]


def test_the_cache_is_bounded_and_hands_back_what_a_worker_learned() -> None:
    from toolkit.voice import SpanCache, VoiceSpan

    cache = SpanCache(max_spans=3)
    cues = load_cues("en")
    keys = [SpanCache.key(t, cues, None, False) for t in ("a", "b", "c")]
    one = (VoiceSpan(0, 1, "outlet", "", ""),)
    two = (VoiceSpan(0, 1, "outlet", "", ""), VoiceSpan(1, 2, "quote", "X", ""))
    cache.put(keys[0], one)
    mark = cache.known()
    cache.put(keys[1], two)
    assert cache.get(keys[0]) == one and len(cache) == 2
    cache.put(keys[2], one)  # four spans: the least recently used entry (b) goes
    assert cache.get(keys[1]) is None and cache.get(keys[0]) == one
    learned = cache.learned(mark)
    assert [k for k, _ in learned] == [keys[2]]
    parent = SpanCache()
    parent.learn(learned)
    assert parent.get(keys[2]) == one and isinstance(parent.get(keys[2])[0], VoiceSpan)
    # the key is a digest of the text, its cues and outlet: equal in every process
    assert SpanCache.key("a", load_cues("en"), None, False) == keys[0]
    assert SpanCache.key("a", cues, "TASS", False) != keys[0]


def test_the_cache_is_safe_from_several_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [f'"Unity matters {i}," Ivanov said. NATO met.' for i in range(60)]  # synthetic
    expected = [voice_spans(t) for t in texts]
    toolkit.voice.SPANS.clear()
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(voice_spans, texts * 3))
    assert got == expected * 3


PIECES = [*"ab A.,\n\"“”‘’'«»„—-", "said ", "NATO ", "заявил ", "Ivanov ", "(AP) ", "he "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_spans_always_cover_the_text(text: str) -> None:
    spans = voice_spans(text)
    if text:
        assert spans[0].start == 0 and spans[-1].end == len(text)
    assert all(a.end == b.start for a, b in pairwise(spans))
    assert all(s.voice in ("quote", "reported", "outlet") for s in spans)
    assert all(s.speaker == "" for s in spans if s.voice == "outlet")
    for q in find_quotes(text):
        assert 0 <= q.start < q.end <= len(text)


#: The plain forms of patterns that toolkit.voice writes (or applies) in faster ways.
PLAIN_SENTENCE_END = r"[.!?…]+[\"'”»’)\]*_]*(?=\s+(?:[–—-]\s+)?[\"'“«„‘(\[*_]*[A-ZА-ЯЁ0-9])|\n"
PLAIN_NAME_RUN = (
    r"(?:[A-Z]\.(?=\s)|[A-Z](?:[\w’'\-]|\.(?=\w))*)(?:[^\S\n](?:[A-Z]\.(?=\s)|[A-Z](?:[\w’'\-]|\.(?=\w))*"
    r"|de|van|von|der|den|bin|al|da|del|dos|di)(?=\s|[,.;:!?)”\"’']|$))+"
)
PLAIN_TOKEN = r"[^\W\d_]\.(?=\s)|[^\W_](?:[\w’'\-]|\.(?=\w))*|[^\w\s]"
PLAIN_BUT = (
    r"(?:,\s*)?\s(?:but|yet|но|а)\s+(?=(?:has|have|had|is|was|are|were|will|would|did|does|"
    r"also|then|later|last|earlier|still|now|\w+ed)\b)"
)
FAST_PIECES = [
    *"aA .,;:!?\n\t\"“”«»()'’-_/1", "U.S.", "Mr. ", "A. ", "Smith.Jones", "Jean de Gaulle",
    "Vladimir Putin", "Putin’s", "MOSCOW, May 18. ", "/TASS/. ", "(AP) — ", "the ", "TASS ",
    "RIA Novosti ", "BelTA news agency ", "quoted ", "told ", "was quoted by ", "in an interview "
    "with ", "according to ", "citing ", ", but has ", " yet was ", " но уже ", "передает ",
    "ТАСС", "со ссылкой на ", "заявил ", "Interfax", "made demands ", "including that ",
    "Москва. ", "Сергей Лавров ", "Ann Lee.smith@news.org", "@",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FAST_PIECES), max_size=40).map("".join))
@example('"TASS citing ')  # (a quotation mark opening an agency's name)
def test_fast_patterns_match_as_the_plain_ones(text: str) -> None:
    import re

    from toolkit.voice import credits, frames, names, sentences
    from toolkit.voice import spans as assembly

    def spans(pattern: re.Pattern[str], start: int = 0) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text, start)]

    for fast, plain in [
        (sentences._SENT_RE, PLAIN_SENTENCE_END),
        (names._EN_RUN_RE, PLAIN_NAME_RUN),
        (names._TOKEN_RE, PLAIN_TOKEN),
        (frames._BUT_VERB_RE, PLAIN_BUT),
    ]:
        for start in (0, len(text) // 2):
            assert spans(fast, start) == spans(re.compile(plain), start)
    res = credits._credit_res()
    for lo in (0, len(text) // 3):
        relays = credits._finditer_at(res["relay"], credits._relay_starts(), text, lo, len(text))
        assert [m.span() for m in relays] == spans(res["relay"], lo)
    for end in (len(text), 25):
        found = credits._first_dateline(text, end)
        plain_found = res["dateline"].search(text, 0, end)
        assert (found and found.span()) == (plain_found and plain_found.span())
    demands = re.compile(r"\b" + assembly._DEMANDS_RE.pattern)
    for start in (0, 3):
        found, plain_found = (
            assembly._search_word(assembly._DEMANDS_RE, text, start, len(text)),
            demands.search(text, start),
        )
        assert (found and found.span()) == (plain_found and plain_found.span())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)), max_size=12),
    st.lists(st.integers(0, 100), min_size=1, max_size=10),
)
def test_covers_answer_as_a_walk_over_every_span(
    spans: list[tuple[int, int]], positions: list[int]
) -> None:
    from toolkit.voice.records import _Covers

    spans = [(s, s + n) for s, n in spans]
    covers = _Covers(spans)
    for at in positions:
        over = [e for s, e in spans if s <= at < e]
        assert covers.past(at) == max([at, *over])
        assert covers.over(at) == bool(over)


def _quote_speakers_by_walking(art, frames):  # type: ignore[no-untyped-def]
    """The speakers of an article's quotations looked up by walking over every frame for each
    (the quadratic way the lookups by bisection and sweep must agree with)."""
    from toolkit.voice.spans import _QUOTE_FRAME_MARK_RE, _QUOTE_TO_FRAME_RE

    spoken = [f for f in frames if f.speaker]
    out = []
    for q in art.quotes:
        frame = None
        for f in spoken:
            if f.content[0] <= q.start < f.content[1] or (f.lead and f.content[0] == q.start):
                frame = f
                break
        if frame is None:
            for f in spoken:
                if f.start >= q.end:
                    if _QUOTE_TO_FRAME_RE.fullmatch(art.text, q.end, f.start) and (
                        not f.lead or _QUOTE_FRAME_MARK_RE.search(art.text, q.end - 2, f.start)
                    ):
                        frame = f
                    break
        before = [f for f in spoken if f.end <= q.start]
        after = [f for f in spoken if f.start >= q.end]
        fallback = before[-1] if before else after[0] if after else None
        out.append((frame, fallback))
    return out


@needs_dev_news
def test_quote_speakers_are_found_by_lookup_as_by_walking_every_frame() -> None:
    """The frames a quotation's speaker comes from, found by bisection and a sweep, are the
    ones a walk over every frame finds: on the dev articles with the most quotation marks, and
    on 60 of them joined into one long text (where walking took quadratic time)."""
    from toolkit.voice.cues import load_cues
    from toolkit.voice.frames import _Article, _frames
    from toolkit.voice.spans import _quote_speakers
    from toolkit.voice.speakers import _assign_speakers

    with open(DEV_NEWS / "articles.jsonl", encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    english = [a["text"] for a in articles if a["language"] == "en"]
    busiest = sorted(english, key=lambda t: -(t.count("“") + t.count('"')))[:60]
    # (synthetic: a frame that starts where a quotation ends, one that ends where one starts)
    edges = (
        "“We will not give up our sovereignty, whatever they do to us,”said Putin. The minister "
        "said“the sanctions will fail, as every round of them has failed before now.”"
    )
    for text in [edges, *busiest, "\n\n".join(busiest)]:
        art = _Article(text, load_cues("en"), None)
        frames = _frames(art)
        _assign_speakers(art, frames)
        walked = _quote_speakers_by_walking(art, frames)
        found = _quote_speakers(art, frames)
        assert len(found) == len(walked) > 0
        for statement, (frame, fallback) in zip(found, walked, strict=True):
            if frame is not None:
                assert statement.frame is frame
            elif statement.frame is None and statement.voice == "quote" and statement.speaker:
                # (no frame of its own nor from a quotation next to it: the nearest frame's)
                assert fallback is not None and statement.speaker == fallback.speaker


# ---------------------------------------------------------------------------------------------
# Real articles: credits and the benchmark's figures


def _rows(name: str) -> list[dict[str, str]]:
    with open(DEV_NEWS / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@needs_dev_news
def test_find_credits_on_real_articles() -> None:
    docs = [d for d in _rows("labelled-docs.csv") if d["in_credits_and_datelines"] == "yes"]
    wanted = {d["doc_url"] for d in docs}
    texts = {}
    with open(DEV_NEWS / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            if any(url in line for url in wanted):
                a = json.loads(line)
                if a["url"] in wanted:
                    texts[a["url"]] = a
    corpus = pd.DataFrame(
        {
            "doc_id": list(texts),
            "source": [a["source"] for a in texts.values()],
            "text": [a["text"] for a in texts.values()],
        }
    )
    found = find_credits(corpus)
    assert found.columns.tolist() == ["doc_id", "start", "end", "credit", "agency", "kind",
                                      "self_credit"]  # fmt: skip
    for row in found.itertuples():
        assert texts[row.doc_id]["text"][row.start : row.end] == row.credit
    # every dateline, with its exact span and agency
    for row in _rows("datelines.csv"):
        mine = found[(found.doc_id == row["doc_url"]) & (found.kind == "dateline")]
        span = (int(row["char_start"]), int(row["char_end"]))
        assert (mine.start == span[0]).any() and (mine.end == span[1]).any(), row
        assert row["agency"] in set(mine.agency)
    # nearly every credit, with its agency; nothing found that the labels do not list
    labelled = _rows("credits.csv")
    hit = 0
    for row in labelled:
        s, e = int(row["char_start"]), int(row["char_end"])
        mine = found[(found.doc_id == row["doc_url"]) & (found.start < e) & (found.end > s)]
        hit += row["agency"] in set(mine.agency)
    assert hit / len(labelled) >= 0.85
    agencies = {"Reuters; NAN", "RBC-Ukraine", "Financial Times", "Argumenty i Fakty", "ZDF"}
    assert agencies <= set(found.agency)
    # the outlet's own dateline is a self-credit; another agency's (Xinhua in People's Daily) not
    datelines = found[found.kind == "dateline"].set_index("doc_id")
    sources = dict(zip(corpus.doc_id, corpus.source))
    for doc_id, row in datelines.iterrows():
        assert row.self_credit == (sources[doc_id] != "People's Daily English"), doc_id


def _benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("voice_benchmark", ROOT / "benchmarks/voice.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@needs_dev_news
def test_benchmark_figures_do_not_fall() -> None:
    """The figures of benchmarks/voice.py on the 318 hand labels and the 78 fresh ones, as
    floors a little below what the rules reach (a regression fails; an improvement should raise
    them)."""
    bench = _benchmark()
    parts = bench.evaluate(bench.load(DEV_NEWS))
    floors = {
        ("en", "all"): {"voice_agreement": 0.95, "quote_recall": 0.97, "reported_recall": 0.90,
                        "speaker_accuracy": 0.84, "relay_accuracy": 0.98},
        ("ru", "all"): {"voice_agreement": 0.97, "quote_recall": 0.97, "reported_recall": 0.95,
                        "speaker_accuracy": 0.93, "relay_accuracy": 0.97},
        ("all", "dev"): {"voice_agreement": 0.97, "quote_recall": 0.98, "reported_recall": 0.94,
                         "speaker_accuracy": 0.88, "relay_accuracy": 0.97},
        ("all", "held_out"): {"voice_agreement": 0.88, "quote_recall": 0.95,
                              "reported_recall": 0.72, "speaker_accuracy": 0.72,
                              "relay_accuracy": 0.97},
        ("all", "fresh"): {"voice_agreement": 0.87, "quote_recall": 0.93,
                           "reported_recall": 0.79, "speaker_accuracy": 0.77,
                           "relay_accuracy": 0.95},
    }  # fmt: skip
    for (lang, part), wanted in floors.items():
        got = parts[lang][part]
        for key, floor in wanted.items():
            assert got[key] >= floor, (lang, part, key, got[key])
    credits = bench.credit_scores(bench.load(DEV_NEWS))
    assert credits["dateline_recall"] == 1.0
    assert credits["credit_recall"] >= 0.85


# ---------------------------------------------------------------------------------------------
# Credits: source lines, Italian credits, credits whose name is missing


def _credits(text: str, source: str = "Herald") -> list[tuple[str, str, str]]:
    found = find_credits(pd.DataFrame({"doc_id": ["a"], "source": [source], "text": [text]}))
    return list(found[["credit", "agency", "kind"]].itertuples(index=False, name=None))


def test_source_lines_name_one_source_or_several() -> None:
    text = (  # synthetic
        "Lukashenko met Putin in Sochi.\n\nSource: Belta, a Belarusian pro-government "
        "information agency; Kremlin-aligned Russian news outlet TASS; a Telegram channel\n\n"
        'Quote: "Everything is going according to plan."'
    )
    assert _credits(text) == [
        ("Source: Belta", "BelTA", "source_line"),
        ("Kremlin-aligned Russian news outlet TASS", "TASS", "source_line"),
    ]
    russian = "Шойгу прилетел в Минск.\nИсточник: белорусское госинформагентство БелТА\nДетали."
    assert _credits(russian) == [
        ("Источник: белорусское госинформагентство БелТА", "BelTA", "source_line")
    ]
    # a source line naming no news organisation is not a credit
    assert _credits("Troops moved.\nSource: Ministry of Defence of Belarus") == []  # synthetic


def test_italian_credits_and_more_credit_forms() -> None:
    italian = (  # synthetic
        "Il dispiegamento inizierà a luglio. Lo riporta l'agenzia Tass. L'incontro è informale, "
        "riferisce su Telegram Ria Kremlinpool."
    )
    assert _credits(italian) == [
        ("Lo riporta l'agenzia Tass", "TASS", "relay"),
        ("riferisce su Telegram Ria Kremlinpool", "RIA Novosti", "relay"),
    ]
    forms = [  # synthetic
        ("The minister arrived in Minsk, BelTA has learned.", "BelTA has learned", "BelTA"),
        ("Lukashenko spoke today, News.Az reports, citing BelTA.", "citing BelTA", "BelTA"),
        (
            "Wagner halted its march, Rossiya 24 news channel said.",
            "Rossiya 24 news channel said",
            "Rossiya 24",
        ),
        (
            "Лукашенко провел встречу, передает корреспондент БЕЛТА.",
            "передает корреспондент БЕЛТА",
            "BelTA",
        ),
        (
            "Его слова цитирует госагентство БЕЛТА.",
            "Его слова цитирует госагентство БЕЛТА",
            "BelTA",
        ),
        (
            "Лукашенко, видео которого опубликовало РИА «Новости», заявил.",
            "опубликовало РИА «Новости»",
            "RIA Novosti",
        ),
    ]
    for text, credit, agency in forms:
        assert (credit, agency, "relay") in _credits(text), text
    note = "«После переговоров с Владимиром Владимировичем (Путиным. — Прим. БЕЛТА) мы решили»"
    assert _credits(note) == [("(Путиным. — Прим. БЕЛТА)", "BelTA", "editorial_note")]


def test_a_credit_whose_name_is_missing() -> None:
    text = (  # synthetic: a credit whose outlet's name (a link) was lost with its words
        "Rockets were fired from Belarus, confirmed Alexander Lukashenko, reports.\n"
        "He said it was a forced step, the president said."
    )
    assert _credits(text) == [("reports", "", "relay")]
    assert _credits("Он это подтвердил, сообщает.") == [("сообщает", "", "relay")]
    # the subject before an apposition or a relative clause is no missing name (synthetic)
    for text in (
        "Five soldiers died, Deutsche Welle, the German news outlet, reported.",
        "It will end, the former president, who now heads the council, wrote.",
    ):
        assert ("reported", "", "relay") not in _credits(text)
        assert ("wrote", "", "relay") not in _credits(text)


def test_an_outlet_the_list_does_not_name_is_credited_by_its_kind() -> None:
    """A credit to an outlet that is not among the packaged agencies, known by the kind of
    outlet beside its name, and the statements it covers relayed by it."""
    cases = [  # synthetic
        ('"We are ready," he told Ukraine’s Segodnya media outlet.', "Segodnya"),
        ("The envoy told the Kyiv Post newspaper on Monday that talks would go on.", "Kyiv Post"),
        ('"No change," Bush told German broadcaster Deutsche Welle in June.', "Deutsche Welle"),
        ("He said so in an interview with the TV channel NTV Mir.", "NTV Mir"),
        ("Об этом он рассказал газете «Завтра».", "Завтра"),
        ("Как пишет издание «Страна», санкции продлят.", "Страна"),
    ]
    for text, outlet in cases:
        assert [(agency, kind) for _, agency, kind in _credits(text)] == [(outlet, "relay")]
    # a nationality before the kind is no name, nor a known agency's name another credit
    assert _credits("He told Swedish news agency TT on Saturday.") == [
        ("told Swedish news agency TT", "TT", "relay")]  # fmt: skip
    assert _credits("He told the Interfax news agency.") == [
        ("told the Interfax news agency", "Interfax", "relay")]  # fmt: skip
    text = (
        "KIEV, February 14. /TASS/. Ukraine’s bid is in its constitution, spokesman Oleg "
        'Nikolenko said. "The issue of security guarantees is key for us," he told Ukraine’s '
        "Segodnya media outlet."
    )  # synthetic
    assert voice_at(text, "security", outlet="TASS") == ("quote", "Oleg Nikolenko", "Segodnya")


def test_he_after_a_sentence_about_a_new_person_is_that_person() -> None:
    text = (
        "Ukrainian Foreign Ministry spokesman Oleg Nikolenko said the words were taken out of "
        "context. Sergey Nikiforov, spokesman for the president, made a similar statement. He "
        "expressed an opinion that the diplomat should explain his remarks on NATO."
    )  # synthetic
    assert voice_at(text, "NATO") == ("reported", "Sergey Nikiforov", "")
    # not the place after an opener: the person named last before
    text = (
        "Ukrainian Foreign Ministry spokesman Oleg Nikolenko said the words were taken out of "
        "context. The ministry gave no details. At the Brandenburg Gate - a symbol of another "
        '"Wende", the word used in German for reunification - I meet Claudia Major, defence '
        'specialist at SWP. "Our partners look at us and ask about sanctions," she says.'
    )  # synthetic
    assert voice_at(text, "sanctions")[1] == "Claudia Major"


def test_two_people_of_one_surname_are_told_apart_by_their_given_names() -> None:
    text = (
        "Boxing champion Wladimir Klitschko said the city would hold. Kyiv mayor Vitali "
        "Klitschko told reporters that sanctions must follow."
    )  # synthetic
    assert voice_at(text, "sanctions") == ("reported", "Vitali Klitschko", "")
    assert voice_at(text, "city") == ("reported", "Wladimir Klitschko", "")
    # a capitalised word the text writes in lower case is no given name: one person
    text = (
        "Chancellor Olaf Scholz said the talks had failed. Words Scholz chose carefully came "
        "later, and he said the words about sanctions were final."
    )  # synthetic
    assert voice_at(text, "sanctions")[1] == "Olaf Scholz"
    russian = (
        "Режиссеру Марку Захарову исполнилось бы 90 лет. Его дочь Екатерина Захарова рассказала, "
        "что санкции не коснулись театра."
    )  # synthetic
    assert voice_at(russian, "санкции", language="ru")[1] == "Екатерина Захарова"


def test_speakers_written_alike_are_one_speaker() -> None:
    """Across articles, a speaker written with other capitals, full stops or a first "the" is
    the writing with the most hits, and a surname alone then goes to the full name as before
    (the dev corpus has "Russian foreign ministry" 32 and "Russian Foreign Ministry" 106)."""
    from toolkit.voice import full_speaker_names

    names = {"Russian foreign ministry": 32, "Russian Foreign Ministry": 106,
             "U.S. officials": 26, "US officials": 27, "the Kremlin": 2, "Kremlin": 30,
             "experts": 43, "Experts": 34, "Kirby": 3, "john kirby": 1,
             "John Kirby": 5}  # fmt: skip
    assert full_speaker_names(names) == {
        "Russian foreign ministry": "Russian Foreign Ministry",
        "U.S. officials": "US officials",
        "the Kremlin": "Kremlin",
        "Experts": "experts",
        "Kirby": "John Kirby",
        "john kirby": "John Kirby",
    }


def test_speakers_are_named_alike_by_kwic_speakers_and_count_terms() -> None:  # synthetic
    """A writing without hits ("Germany's Foreign Ministry", whose article has no hit) does not
    name the speaker of the hits: count_terms(by="speaker"), which reads every speaker, names
    them as kwic and speakers() do, which read the speakers of hits."""
    import pandas as pd

    import toolkit
    from toolkit.voice import full_speaker_names

    assert full_speaker_names(
        {"Germany's foreign ministry": 1, "Germany's Foreign Ministry": 0}
    ) == {"Germany's Foreign Ministry": "Germany's foreign ministry"}
    texts = [
        "Germany's foreign ministry said new sanctions would follow within days.",
        "Germany's Foreign Ministry said the talks in Berlin would resume on Monday.",
    ]
    news = pd.DataFrame({"doc_id": ["a", "b"], "source": ["AP", "AP"], "text": texts})
    family = {"sanctions": ["sanction*"]}
    named = "Germany's foreign ministry"
    assert toolkit.kwic(news, family, voice=True)["speaker"].tolist() == [named]
    assert toolkit.speakers(news, family, by=None)["speaker"].tolist() == [named]
    counted = toolkit.count_terms(news, family, by="speaker")
    assert counted.loc[counted["hits"] > 0, "speaker"].tolist() == [named]


def test_voice_of_takes_one_text_s_spans_and_offsets() -> None:
    """voice_of() on annotate_voice's table of two articles would mix their spans: it says so,
    as it does for offsets that are not ints and a table without the span columns."""
    import pandas as pd

    from toolkit.errors import ToolkitError
    from toolkit.voice import annotate_voice, voice_of

    texts = ['"Unity matters," Putin said.', "Unity is the outlet's word."]
    news = pd.DataFrame({"doc_id": ["a", "b"], "source": ["AP", "AP"], "text": texts})
    table = annotate_voice(news)
    assert voice_of(table[table["doc_id"] == "a"], [1])[0].speaker == "Putin"
    for spans, offsets in ((table, [1]), (table[table["doc_id"] == "a"], "12"),
                           (table[table["doc_id"] == "a"], [None]),
                           (pd.DataFrame({"a": [1]}), [1])):  # fmt: skip
        with pytest.raises(ToolkitError, match="voice_of"):
            voice_of(spans, offsets)


@pytest.mark.parametrize(
    ("text", "credit", "agency", "kind"),
    [
        ("In an interview with the BBC, Lavrov said sanctions had failed.",
         "In an interview with the BBC", "BBC", "relay"),
        ("Speaking to CNN, Lavrov said sanctions had failed.", "Speaking to CNN", "CNN", "relay"),
        ("SANTA FE, N.M. (AP) — The governor said on Friday that the state will act.",
         "SANTA FE, N.M. (AP) —", "AP", "dateline"),
        ("He told Russia-1 on Sunday that talks had stalled.", "told Russia-1", "Rossiya 1",
         "relay"),
        ("Lavrov told Izvestiya that the talks had stalled.", "told Izvestiya", "Izvestia",
         "relay"),
        ("Лавров заявил это, передает Укрiнформ.", "передает Укрiнформ", "Ukrinform", "relay"),
        ('"Western sanctions failed," said an SVR statement, as per the Sputnik news agency.',
         "as per the Sputnik news agency", "Sputnik", "relay"),
        ("Blinken told ABC's This Week that sanctions would follow.", "told ABC", "ABC News",
         "relay"),
        ("Sanctions will follow, the National Post reported.", "the National Post reported",
         "National Post", "relay"),
        ("Sanctions will follow, RTÉ News has reported.", "RTÉ News has reported", "RTÉ News",
         "relay"),
    ],
)  # fmt: skip
def test_credits_at_a_sentence_s_start_after_a_state_and_in_other_spellings(
    text: str, credit: str, agency: str, kind: str
) -> None:
    """Credits a sentence begins with, an AP dateline with a state's initials, and agencies
    written another way (one canonical name each)."""
    import pandas as pd

    from toolkit.voice import find_credits

    found = find_credits(pd.DataFrame({"doc_id": ["x"], "text": [text]}))
    assert found[["credit", "agency", "kind"]].values.tolist() == [[credit, agency, kind]]
    if kind == "relay" and "Lavrov said" in text:
        spans = voice_spans(text, language="en")
        assert voice_of(spans, [text.index("sanctions")])[0].relay == agency


def test_an_outlet_named_inside_a_quotation_relays_nothing() -> None:  # synthetic
    """A credit in the speaker's own words ("... in an interview with CNN ...", quoted) is no
    relay of the quotation: the embassy's Facebook post is not CNN's."""
    text = ('The Russian embassy said on Monday that NATO was a threat. "We paid attention to '
            'the statements by Ned Price in an interview with CNN about NATO," it wrote on '
            "Facebook.")  # fmt: skip
    said = voice_of(voice_spans(text, language="en"), [text.index("NATO", 60)])[0]
    assert (said.voice, said.relay) == ("quote", "")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Vladimir Putin opened the talks. A photo of the front line. REUTERS/Ints Kalnins He '
         'said there is "a package of international sanctions ready to go".', "Vladimir Putin"),
        ("DIPLOMATIC DEADLOCK The Kremlin said sanctions would not work.", "Kremlin"),
        ("Published 2022 The US said sanctions would follow.", "US"),
        ("Vladimir Putin Putin said sanctions would fail.", "Vladimir Putin"),
        ("Vladimir Vladimir Putin said sanctions would fail.", "Vladimir Putin"),
    ],
)  # fmt: skip
def test_a_caption_or_heading_run_into_the_sentence_is_no_part_of_the_speaker(
    text: str, speaker: str
) -> None:  # synthetic, after real captions and headings of the dev corpus
    said = voice_of(voice_spans(text, language="en"), [text.index("sanctions")])[0]
    assert said.speaker == speaker


def test_transliterations_of_one_name_are_one_speaker() -> None:
    """Latin transliterations of one Russian or Ukrainian name (the dev corpus has
    "Volodymyr Zelenskyy" 128, "Vladimir Zelensky" 33, "Zelensky" 7) go to the spelling with
    the most hits; two people of one surname, a feminine surname and a title beside a body
    stay apart."""
    from toolkit.voice import full_speaker_names

    names = {"Volodymyr Zelenskyy": 128, "Vladimir Zelensky": 33, "Zelensky": 7,
             "Dmytro Kuleba": 48, "Dmitry Kuleba": 31, "Oleksii Reznikov": 10,
             "Alexei Reznikov": 3, "Joe Biden": 40, "Jill Biden": 3, "Ivan Petrov": 3,
             "Ivana Petrova": 2, "Russian Foreign Ministry": 35,
             "Russian Foreign Minister": 1}  # fmt: skip
    assert full_speaker_names(names) == {
        "Vladimir Zelensky": "Volodymyr Zelenskyy",
        "Zelensky": "Volodymyr Zelenskyy",
        "Dmitry Kuleba": "Dmytro Kuleba",
        "Alexei Reznikov": "Oleksii Reznikov",
    }


def test_a_first_name_cut_short_is_one_speaker() -> None:
    """ "Jen Psaki" and "Jennifer Psaki", "Chris Miller" and "Christopher Miller" (one
    professor on the dev corpus), "Joe Biden" and "Joseph Biden" are one speaker; a first
    name's beginning beside another surname spelled one letter apart is not ("Liza Cherney" is
    no "Liz Cheney")."""
    from toolkit.voice import full_speaker_names

    names = {"Jen Psaki": 114, "Jennifer Psaki": 1, "Chris Miller": 1, "Christopher Miller": 2,
             "Liz Cheney": 5, "Liza Cherney": 1, "Tim Ash": 1, "Timothy Ash": 2,
             "Joe Biden": 40, "Joseph Biden": 2, "Antony Blinken": 30, "Tony Blinken": 1,
             "Joe Smith": 1, "John Smith": 1}  # fmt: skip
    assert full_speaker_names(names) == {
        "Jennifer Psaki": "Jen Psaki",
        "Chris Miller": "Christopher Miller",
        "Tim Ash": "Timothy Ash",
        "Joseph Biden": "Joe Biden",  # (a short form that is no beginning of the name)
        "Tony Blinken": "Antony Blinken",
    }


def test_a_country_s_body_and_its_adjective_are_one_speaker() -> None:
    """ "Russia's Foreign Ministry" is the "Russian Foreign Ministry" (the dev corpus has 33
    and 110 hits), under the writing with more hits; "Russia's TASS" is no fuller name of
    TASS, which keeps its own."""
    from toolkit.voice import full_speaker_names

    names = {"Russian Foreign Ministry": 110, "Russia's Foreign Ministry": 33,
             "Russia's Defence Ministry": 19, "Russian Defense Ministry": 78, "TASS": 31,
             "Russia's TASS": 1, "Ukraine's Foreign Ministry": 5}  # fmt: skip
    assert full_speaker_names(names) == {
        "Russia's Foreign Ministry": "Russian Foreign Ministry",
        "Russia's Defence Ministry": "Russian Defense Ministry",
    }


def test_titles_written_with_a_stop_and_asides_stay_in_a_trailing_speaker() -> None:  # synthetic
    """A speaker after the words, with a title written with a stop (``Mr.``) or an aside
    (``(DPR)``) in the phrase, still follows the words it attributes."""
    pawn = "Pepe Escobar writes on geopolitics. Ukraine is just a pawn, Mr. Escobar explained."
    assert voice_at(pawn, "pawn")[:2] == ("reported", "Pepe Escobar")
    seized = (
        "Forces have seized vehicles of the mission, the Donetsk People's Republic (DPR) "
        "militia reported on Tuesday."
    )
    assert voice_at(seized, "vehicles")[:2] == (
        "reported",
        "Donetsk People's Republic (DPR) militia",
    )
    # a dateline's aside is no part of the subject after it
    assert voice_at("Washington (CNN)US officials warned that hackers built tools.", "hackers")[
        :2
    ] == ("reported", "US officials")


def test_a_navy_a_militia_and_what_is_denounced_or_condemned() -> None:  # synthetic
    navy = "A ship entered the sea. The U.S. navy said the Mount Whitney was on routine operations."
    assert voice_at(navy, "routine")[:2] == ("reported", "U.S. navy")
    denounced = "Maria Zakharova, on Saturday denounced that Germany was involved in research."
    assert voice_at(denounced, "research")[:2] == ("reported", "Maria Zakharova")
    condemned = "NATO condemned both Russia and China as rivals of the alliance."
    assert voice_at(condemned, "rivals")[:2] == ("reported", "NATO")


def test_a_surname_that_is_a_title_and_a_person_after_of() -> None:  # synthetic
    """``King`` after a given name is a surname; a place after ``of`` is not the speaker; the
    run after ``of`` opens with the last word of what the person is of, unless titles stand
    before the name."""
    king = '"We must help," Sen. Angus King, an independent of Maine, said at a hearing.'
    assert voice_at(king, "help")[:2] == ("quote", "Angus King")
    reed = '"We must help," Democratic Sen. Jack Reed of Rhode Island told CNN on Wednesday.'
    assert voice_at(reed, "help")[:2] == ("quote", "Jack Reed")
    batyuk = (
        "Head of the center at the Russian Academy of Sciences Vladimir Batyuk told the "
        "newspaper that the alliance was growing."
    )
    assert voice_at(batyuk, "alliance")[:2] == ("reported", "Vladimir Batyuk")
    erdogan = (
        "Ibrahim Kalin, spokesman of Turkish President Recep Tayyip Erdogan, said that Erdogan "
        'had invited the two presidents to Turkey to "settle disputes".'
    )
    assert voice_at(erdogan, "settle")[1] in ("Ibrahim Kalin", "Recep Tayyip Erdogan")
    assert "Tayyip Erdogan" not in {s.speaker for s in voice_spans(erdogan)}


def test_russian_names_cut_from_the_words_before_them_and_put_in_the_nominative() -> None:
    """Synthetic sentences: a surname in -ов alone is no genitive plural; a name in another
    case before a first name is another person's; a surname after roles is the speaker; a name
    the dictionary cannot decline, written once in the instrumental, takes the form the text
    writes alone; a headline's and a plural verb's bodies stay plural."""

    def ru(text: str, word: str) -> tuple[str, str]:
        return voice_at(text, word, language="ru", outlet="RIA Novosti")[1:]  # type: ignore[return-value]

    assert ru("Рябков подчеркнул, что Россия готова к диалогу.", "готова")[0] == "Рябков"
    salliv = (
        "Советник по национальной безопасности при президенте Джо Байдене Джейк Салливан "
        "сказал, что США готовы."
    )
    assert ru(salliv, "готовы")[0] == "Джейк Салливан"
    assert ru("Об этом заявил врио губернатора Слюсарь.", "этом")[0] == "Слюсарь"
    assert ru("«Мы работаем», - заявил глава Росфинмониторинга.", "работаем")[0] == (
        "глава Росфинмониторинга"
    )
    mongol = (
        "Путин провел переговоры с монгольским коллегой Ухнагийном Хурэлсухом. «Мы готовы к "
        "сотрудничеству», — заявил Хурэлсух."
    )
    assert ru(mongol, "сотрудничеству")[0] == "Ухнагийн Хурэлсух"
    airforce = (
        "Воздушные силы: в жилой сектор упала ракета\nСбитая ракета упала в жилом секторе, "
        "сообщили Воздушные силы."
    )
    assert ru(airforce, "жилой")[0] == "Воздушные силы"
    assert ru(airforce, "Сбитая")[0] == "Воздушные силы"
    media = "Байден снял запрет, сообщили несколько американских СМИ."
    assert ru(media, "запрет")[0] == "американские СМИ"


def test_a_source_of_an_agency_speaks_and_the_agency_relays() -> None:  # synthetic
    tass = "По информации источника ТАСС, им оказался бывший депутат."
    assert voice_at(tass, "депутат", language="ru", outlet="RIA Novosti")[1:] == (
        "источник ТАСС",
        "TASS",
    )
    own = "По информации источника РИА Новости, им оказался бывший депутат."
    assert voice_at(own, "депутат", language="ru", outlet="RIA Novosti")[1:] == (
        "источник РИА Новости",
        "",
    )


def test_where_words_were_said_is_of_the_frame_and_more_outlets_relay() -> None:  # synthetic
    interview = "Путин заявил в интервью Медиакорпорации Китая, что отношения крепнут."
    assert voice_at(interview, "интервью", language="ru", outlet="RIA Novosti")[0] == "outlet"
    assert voice_at(interview, "отношения", language="ru", outlet="RIA Novosti") == (
        "reported",
        "Путин",
        "China Media Group",
    )
    economist = "Франция боится, что Россия и США договорятся, пишет журнал Economist."
    assert voice_at(economist, "Франция", language="ru", outlet="RIA Novosti")[2] == (
        "The Economist"
    )
    prime = "«Мы работаем», — рассказал агентству «Прайм» экономист Максим Чирков."
    assert voice_at(prime, "работаем", language="ru", outlet="RIA Novosti")[2] == "Agency Prime"
    # (an English "Prime Minister" credits no agency)
    minister = "Prime Minister Boris Johnson said that sanctions would follow."
    assert voice_at(minister, "sanctions") == ("reported", "Boris Johnson", "")


def test_said_this_to_reporters_gives_no_words_of_the_speaker() -> None:  # synthetic
    macron = "Macron said this to reporters on Friday after a meeting of European leaders."
    assert voice_at(macron, "leaders")[:2] == ("outlet", "")
    assert voice_at("Macron said this was a mistake.", "mistake")[:2] == ("reported", "Macron")
    called = 'Martin Griffiths describes this as a "catastrophe" for the poorest.'
    assert voice_at(called, "catastrophe")[:2] == ("quote", "Martin Griffiths")


def test_a_russian_body_in_the_locative_after_the_verb_is_read_whole() -> None:  # synthetic
    text = (
        "Российские военные уничтожили склад боеприпасов. Об этом РИА Новости сообщили в "
        "российской силовой структуре."
    )
    assert voice_at(text, "склад", language="ru", outlet="RIA Novosti")[:2] == (
        "reported",
        "российская силовая структура",
    )
    told = "Об этом сообщили в министерстве журналистам в среду."
    assert voice_at(told, "этом", language="ru", outlet="RIA Novosti")[1] == "министерство"


def test_a_statement_reported_inside_another_is_the_nearer_speaker_s() -> None:  # synthetic
    """``X said Y had urged ...``: the words are Y's (the nearest attribution), relayed by X
    when X is a news organisation; a modal or an object after the verb keeps them X's."""
    axios = "The move followed a report by Axios, which said Berlin had urged Washington to wait."
    assert voice_at(axios, "Washington", outlet="Reuters") == ("reported", "Berlin", "Axios")
    macron = "Macron said Putin assured him that Russia would not escalate the crisis."
    assert voice_at(macron, "escalate")[:2] == ("reported", "Putin")
    johnson = "Boris Johnson said the United Kingdom will announce sanctions."
    assert voice_at(johnson, "announce")[:2] == ("reported", "Boris Johnson")
    lead = (
        "An American is seeking asylum in Belarus, the country's state TV reported, in a move "
        "that could heighten tensions."
    )
    assert voice_at(lead, "asylum")[:2] == ("reported", "country's state TV")


def test_sources_named_after_citing_a_source_line_and_a_reporter_s_questions() -> None:
    """Synthetic texts: what "citing" names as a source is the frame's; "(Source: Xinhua)"
    opening a text makes it Xinhua's copy; an interview set out under "Reporter:" and the
    answerers' names gives each answer to its speaker; more agencies are read, in quotation
    marks too."""
    cited = "The US will send troops, Bloomberg said, citing unnamed U.S. sources."
    assert voice_at(cited, "sources", outlet="Reuters")[:2] == ("outlet", "")
    reason = "Frederiksen said, citing threats to Europe's security after the invasion."
    assert voice_at(reason, "threats")[:2] == ("reported", "Frederiksen")
    interview = (
        "(Source: Xinhua) The following is a transcript of the interview. Reporter: Please "
        "tell us your impressions. Wang Fan: China has exuded confidence. Reporter: What "
        "comes next? Cui Hongjian: Europe must choose its own security. Reporter: Please "
        "sum up. Wang Fan: Cooperation is the only way."
    )
    assert voice_at(interview, "confidence", outlet="People's Daily English") == (
        "reported",
        "Wang Fan",
        "Xinhua",
    )
    assert voice_at(interview, "Europe", outlet="People's Daily English")[1] == "Cui Hongjian"
    assert voice_at(interview, "impressions", outlet="People's Daily English")[:2] == (
        "outlet",
        "",
    )
    signed = "Germany will send more weapons, the minister said.\n(dpa/NAN)"
    assert voice_at(signed, "weapons", outlet="Punch (Nigeria)")[2] == "dpa; NAN"
    radio = '«Мы готовы», – сказал Аксенов в эфире радио "Спутник в Крыму".'
    assert voice_at(radio, "готовы", language="ru", outlet="RIA Novosti")[2] == "Sputnik"


def test_telegram_links_on_verbs_and_the_media_as_speakers() -> None:  # synthetic
    def ru(text: str, word: str) -> tuple[str, str, str]:
        return voice_at(text, word, language="ru", outlet="BBC News Russian")

    assert ru("Зеленский [сказал](https://t.me/x/1), что Украина готова.", "Украина")[:2] == (
        "reported",
        "Зеленский",
    )
    after = "Россия атаковала Украину, [заявили](https://t.me/x/2) Воздушные силы ВСУ."
    assert ru(after, "атаковала")[:2] == ("reported", "Воздушные силы ВСУ")
    assert ru(after, "[")[:2] == ("outlet", "")
    told = "Журналист Павел Аксенов [рассказывает, ](https://www.youtube.com/x) что случилось."
    assert ru(told, "https")[0] == "outlet"
    media = "Американские СМИ передают, что Байден снял запрет."
    assert ru(media, "Байден")[:2] == ("reported", "Американские СМИ")
    guess = "Эксперт предположил, что рост продолжится."
    assert ru(guess, "рост")[:2] == ("reported", "Эксперт")


def test_a_sentence_about_the_speaker_s_words_between_them_is_the_outlet_s() -> None:
    text = (  # synthetic
        'Macron said Europe must stay united. "We will not give in," he said. His words came '
        'as fighting continued in the east. "We stand with Ukraine," Macron added.'
    )
    assert voice_at(text, "fighting")[:2] == ("outlet", "")
    argued = (
        'Macron said Europe must stay united. Sanctions alone will not end the war. "We stand '
        'with Ukraine," Macron added.'
    )
    assert voice_at(argued, "Sanctions")[:2] == ("reported", "Macron")


def test_a_sentence_on_what_another_state_or_bloc_did_between_statements_is_the_outlet_s() -> None:
    said = '"We will not give in," Johnson said. '  # synthetic
    added = ' "Europe must act," Johnson added.'
    for between, word in (
        ("The EU on Monday agreed to step up sanctions against Belarus.", "sanctions"),
        ("Russia has long resisted Ukraine's move towards NATO.", "NATO"),
        ("The U.S. and NATO continue to refuse to send aircraft.", "aircraft"),
        ("Russia's invasion has sparked grain shortages.", "grain"),
    ):
        assert voice_at(said + between + added, word)[:2] == ("outlet", ""), between
    # the speaker's argument: a noun qualified by the bloc, and the speaker's own country
    argued = said + "NATO advancement to the Russian border is unacceptable." + added
    assert voice_at(argued, "unacceptable")[:2] == ("reported", "Johnson")
    own = (
        "Chinese Vice Foreign Minister Le Yucheng said blocs should be rejected. China has all "
        'along opposed unilateral sanctions. "Sanctions solve nothing," Le said.'
    )
    assert voice_at(own, "unilateral")[:2] == ("reported", "Le Yucheng")
    did = (
        "Russian President Vladimir Putin said the complex is ready. Russia successfully "
        'tested the missile in April. "It has no match," Putin said.'
    )
    assert voice_at(did, "missile")[:2] == ("outlet", "")


def test_a_common_noun_of_a_body_or_group_before_a_verb_of_saying_speaks() -> None:
    text = (  # synthetic
        "Ukraine's nuclear regulator said remote data transmission has been lost. The U.N. "
        "nuclear watchdog said it saw no critical impact on safety. His lawyers said they "
        "would appeal."
    )
    assert voice_at(text, "remote")[:2] == ("reported", "Ukraine's nuclear regulator")
    assert voice_at(text, "critical")[:2] == ("reported", "U.N. nuclear watchdog")
    assert voice_at(text, "appeal")[:2] == ("reported", "lawyers")
    # what is not a body speaking: a noun after a preposition or a verb, a verb's other sense
    assert voice_at("Eyewitnesses to the riots said that ten were hurt.", "hurt")[0] == "outlet"
    assert voice_at("That list only adds to the aid.", "aid")[0] == "outlet"
    # "the bank" is the bank named before
    bank = "The economy will shrink, according to the World Bank. The bank said prices would rise."
    assert voice_at(bank, "prices")[:2] == ("reported", "World Bank")


def test_an_institution_s_name_speaks_whole_and_a_place_after_in_is_no_speaker() -> None:
    def speaker(text: str, word: str) -> str:  # synthetic sentences
        return voice_at(text, word)[1]

    assert speaker(
        "Prices rose, according to the country's Institute of Statistics.", "Prices"
    ) == ("country's Institute of Statistics")
    assert speaker("The Main Military Intelligence Directorate said troops left.", "troops") == (
        "Main Military Intelligence Directorate"
    )
    assert speaker("An Elysee presidential palace official said the call was frank.", "frank") == (
        "Elysee presidential palace official"
    )
    assert speaker(
        "The governments in Scotland and Wales accused London of a power grab.", "grab"
    ) == ("governments in Scotland and Wales")
    # a person named after the place, and a person after an organisation, still speak
    melnyk = "Ukrainian Ambassador in Germany Andriy Melnyk said the talks failed."
    assert speaker(melnyk, "talks") == "Andriy Melnyk"
    batyuk = "The head of the Russian Academy of Sciences Vladimir Batyuk said the talks failed."
    assert speaker(batyuk, "talks") == "Vladimir Batyuk"


def test_a_wire_reporter_s_line_is_no_statement() -> None:
    for line in (  # synthetic
        "Cook reported from Brussels, Litvinova from Moscow.",
        "Bajak reported from Boston, Litvinova reported from Moscow and Tucker reported from "
        "Washington.",
    ):
        text = "Putin said the talks failed. ___ " + line
        assert voice_at(text, "Moscow")[:2] == ("outlet", ""), line
        assert voice_at(text, "___")[:2] == ("outlet", ""), line  # (the rule ends his words)
    assert voice_at("The agency reported that ten people died.", "ten")[0] == "reported"
    assert voice_at("Having said that, I don't think the West is done.", "West")[0] == "outlet"


def test_a_place_after_of_is_no_speaker_unless_the_text_names_a_person_so() -> None:
    def speaker(text: str, word: str) -> str:  # synthetic sentences
        return voice_at(text, word)[1]

    assert speaker("Graves were found, the Ukrainian mayor of Mariupol said.", "Graves") == (
        "Ukrainian mayor of Mariupol"
    )
    assert speaker("Rates will rise, the Federal Reserve said.", "Rates") == "Federal Reserve"
    reed = "Sen. Jack Reed of Rhode Island said the aid must go."
    assert speaker(reed, "must") == "Jack Reed"


def test_a_long_clause_before_comma_and_verb_is_the_words_of_the_speaker_after_it() -> None:
    text = (  # synthetic
        "There is no rule book which states when Germany could be considered a party to the "
        "war in Ukraine, said Chancellor Olaf Scholz when asked about weapons."
    )
    assert voice_at(text, "rule")[:2] == ("reported", "Olaf Scholz")
    appositive = "Tibor Benko, said Russia would fail."
    assert voice_at(appositive, "fail")[:2] == ("reported", "Tibor Benko")


def test_read_more_links_end_sentences_and_news_nouns_speak() -> None:
    reuters = (  # synthetic, as Reuters pages export
        "Morawiecki says Poland has no desire to leave the EU.  read more At the summit Borrell "
        "was attending, EU leaders said the bloc would help Ukraine."
    )
    assert voice_at(reuters, "summit")[:2] == ("outlet", "")
    assert voice_at(reuters, "bloc")[:2] == ("reported", "EU leaders")
    paper = (
        "Handelsblatt reported on Monday. The authorities have been considering it for weeks, "
        "the newspaper said citing sources in the government."
    )
    assert voice_at(paper, "authorities")[:2] == ("reported", "Handelsblatt")


def test_whom_a_verb_addresses_after_a_comma_is_no_speaker_but_after_a_quotation_is() -> None:
    urged = (  # synthetic
        "In an article, Hank and Kuzmarov explained that Ukrainian citizens, mostly "
        "Russian-speaking, urged the Kremlin to save them."
    )
    assert voice_at(urged, "citizens")[1] == "Kuzmarov"
    warned = '"There is a risk of invasion," warned Stoltenberg, adding that talks went on.'
    assert voice_at(warned, "risk")[:2] == ("quote", "Stoltenberg")


def test_the_newspaper_is_the_outlet_the_text_calls_so() -> None:
    text = (  # synthetic
        "The spokesperson told TASS in response to a publication in Handelsblatt newspaper. "
        "The authorities have been considering it for weeks, the newspaper said."
    )
    assert voice_at(text, "authorities")[:3] == ("reported", "Handelsblatt", "Handelsblatt")


def test_the_outlet_s_gloss_on_a_claim_is_the_outlet_s() -> None:
    urged = (  # synthetic
        "Russia denied having plans to attack, but urged the U.S. to provide guarantees "
        "— demands the West has rejected."
    )
    assert voice_at(urged, "guarantees")[:2] == ("reported", "Russia")
    assert voice_at(urged, "West")[:2] == ("outlet", "")
    for gloss in ("a claim Moscow strongly denies", "claims Moscow denies"):
        text = f"Kyiv said Russian troops shelled the city, {gloss}."
        assert voice_at(text, "shelled")[:2] == ("reported", "Kyiv"), gloss
        assert voice_at(text, "Moscow")[:2] == ("outlet", ""), gloss


def test_russian_where_the_words_were_said_and_the_outlet_s_named_correspondent() -> None:
    def ru(text: str, word: str, outlet: str = "RIA Novosti") -> tuple[str, str, str]:
        return voice_at(text, word, language="ru", outlet=outlet)  # synthetic sentences

    said = "Путин в интервью говорил о том, что модернизация станет основой."
    assert ru(said, "модернизация")[:2] == ("reported", "Путин")
    own = "Протестующие размахивают флагами, передает корреспондент Би-би-си Нина Ахметели."
    assert ru(own, "флагами", outlet="BBC News Russian (Telegram)") == (
        "reported",
        "Нина Ахметели",
        "",
    )
    unnamed = "Москва готова к переговорам, передает корреспондент РИА Новости."
    assert ru(unnamed, "переговорам")[:2] == ("outlet", "")


def test_kcna_is_an_agency() -> None:
    text = "Как сообщает агентство ЦТАК, Ким Чен Ын на встрече заявил, что США нанесли удары."
    assert voice_at(text, "США", language="ru", outlet="BBC News Russian (Telegram)") == (
        "reported",
        "Ким Чен Ын",
        "KCNA",
    )  # synthetic


def test_a_heading_in_capitals_run_into_a_sentence_is_no_part_of_its_speaker() -> None:
    text = "LATEST RUSSIAN MILITARY BUILDUP Ukraine said Russia has 100,000 troops."  # synthetic
    assert voice_at(text, "troops")[:2] == ("reported", "Ukraine")
    fbi = "FBI Director Christopher Wray said the threat grew."
    assert voice_at(fbi, "threat")[:2] == ("reported", "Christopher Wray")


def test_a_capitalised_word_of_quantity_opening_a_subject_is_no_name() -> None:
    text = (  # synthetic
        "Such attitudes are strewn across the West and have underlined the double standard."
    )
    assert voice_at(text, "double")[1] == ""
    assert voice_at("Many said the talks failed.", "talks")[:2] == ("reported", "Many")


def test_he_after_a_sentence_about_a_role_is_the_person_of_that_role() -> None:
    text = (  # synthetic
        "Ukrainian Ambassador Andriy Melnyk criticised Berlin. German lawmaker Johann Wadeful "
        'called his tone inappropriate. "Statements do not help," the politician stressed. The '
        "Ukrainian ambassador is known for his remarks. He repeatedly demanded that Berlin "
        "provide weapons."
    )
    assert voice_at(text, "provide")[:2] == ("reported", "Andriy Melnyk")


def test_a_title_to_a_place_is_part_of_the_speaker_s_phrase() -> None:
    text = (  # synthetic
        "The US will send patrol boats in November, Ukrainian Ambassador to Washington Oksana "
        "Markarova said on Friday."
    )
    assert voice_at(text, "boats")[:2] == ("reported", "Oksana Markarova")


def test_a_role_who_asked_not_to_be_named_is_no_person_named_before() -> None:
    text = (  # synthetic
        "Jens Stoltenberg said NATO was ready. The proposal is the first since Moscow made its "
        "demands, said the NATO spokesman, who asked not to be identified."
    )
    assert voice_at(text, "proposal")[:2] == ("reported", "NATO spokesman")
    named = "Jens Stoltenberg said NATO was ready. The plan is ready, the spokesman said."
    assert voice_at(named, "plan")[:2] == ("reported", "Jens Stoltenberg")


def test_with_a_speaker_and_a_participle_of_saying() -> None:
    text = (  # synthetic
        "The rouble fell on Friday, with Bloomberg reporting that U.S. intelligence has warned "
        "of an attack."
    )
    assert voice_at(text, "intelligence") == ("reported", "Bloomberg", "Bloomberg")
    germany = "EU states are split, with Germany saying the bloc depends on Russian oil."
    assert voice_at(germany, "bloc")[:2] == ("reported", "Germany")
    thought = "Jones mocked him, with Hawley thinking the country will turn red."
    assert voice_at(thought, "country")[0] == "outlet"
