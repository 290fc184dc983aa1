"""Statement attribution: quote forms, speaker patterns, robustness, and the PolNeAR evaluator."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.records import StatementMatch
from dateline.statements import find_statements
from dateline.statements.core import find
from dateline.statements.lexicon import cue_table
from dateline.statements.quotes import find_quotes

POLNEAR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear-dev"

pytestmark = pytest.mark.slow



def run(nlp, text: str) -> list[StatementMatch]:
    doc = nlp(text)
    found = find(doc)  # the inner function: a bug must fail the test, not be swallowed
    for s in found:
        assert doc.text[s.char_start : s.char_end] == s.text
        if s.speaker_start is not None:
            assert doc.text[s.speaker_start : s.speaker_end] == s.speaker_text
        if s.cue_start is not None:
            assert doc.text[s.cue_start : s.cue_end] == s.cue
    assert [s.char_start for s in found] == sorted(s.char_start for s in found)
    return found


def ref_text(text: str, s: StatementMatch) -> str | None:
    return text[s.ref_start : s.ref_end] if s.ref_start is not None else None


def only(found: list[StatementMatch], fragment: str) -> StatementMatch:
    hits = [s for s in found if fragment in s.text]
    assert len(hits) == 1, [s.text for s in found]
    return hits[0]


# --- quote forms ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("``", "''"), ("''", "''"), ("«", "»"), ("„", "“")],
)
def test_quote_marks_with_inverted_cue(nlp, opening: str, closing: str) -> None:
    text = f"The talks are over.\n\n{opening}We will not sign this deal,{closing} Mr. Kirby said on Friday."
    s = only(run(nlp, text), "We will not sign")
    assert s.direct
    assert s.text == "We will not sign this deal,"
    assert s.speaker_text == "Mr. Kirby"
    assert s.cue == "said"


def test_nested_single_quotes_stay_inside(nlp) -> None:
    text = "“He told me, ‘Leave now,’ and I left at once,” Maria Lopez said."
    s = only(run(nlp, text), "Leave now")
    assert s.text == "He told me, ‘Leave now,’ and I left at once,"
    assert s.speaker_text == "Maria Lopez"


def test_cue_before_colon_quote(nlp) -> None:
    text = "Mykhailo Polyak tweets: “Russia has attacked Ukraine and is killing citizens.”"
    s = only(run(nlp, text), "Russia has attacked")
    assert s.direct and s.cue == "tweets"
    assert s.speaker_text == "Mykhailo Polyak"


def test_dash_quote_with_inverted_speaker(nlp) -> None:
    text = (
        "Putin spoke to Scholz on Friday.\n"
        "– I have been told that the strikes were necessary. Now we have been forced into them, "
        "Putin was quoted as saying in a Kremlin press release.\n"
        "— What did President Biden actually say?, said the Kremlin representative Dmitry Peskov."
    )
    found = run(nlp, text)
    first = only(found, "I have been told")
    assert first.text.endswith("forced into them")
    assert first.speaker_text == "Putin" and first.direct
    second = only(found, "What did President Biden")
    assert second.speaker_text == "Dmitry Peskov"
    assert ref_text(text, second) == "Dmitry Peskov"


def test_quote_continuing_into_next_paragraph_is_one_statement(nlp) -> None:
    text = (
        "Kremlin spokesperson Dimitry Peskov said that talks were unlikely.\n\n"
        "“The U.S. still does not recognise the new territories.\n\n"
        "“That complicates the search for grounds on which to hold mutual discussion,” he said."
    )
    s = only(run(nlp, text), "The U.S. still")
    assert "That complicates the search" in s.text
    assert s.speaker_text == "he"
    assert ref_text(text, s) == "Dimitry Peskov"


def test_interrupted_quote_gets_the_same_speaker(nlp) -> None:
    text = "“The president has been consistent,” Mr. Kirby said. “He has no intention of talking to Putin now.”"
    found = run(nlp, text)
    assert only(found, "has no intention").speaker_text == "Mr. Kirby"
    assert only(found, "has been consistent").speaker_text == "Mr. Kirby"


def test_epigraph_dash_signature(nlp) -> None:
    text = "Readers wrote in.\n“He makes simple blanket statements about people he knows nothing about.” ― Pamela Padilla\n"
    s = only(run(nlp, text), "blanket statements")
    assert s.speaker_text == "Pamela Padilla" and s.direct


def test_transcript_speaker_in_capitals(nlp) -> None:
    text = (
        "Partial transcript as follows:\n\nWALLACE: Will she be there tomorrow night?\n\n"
        "PENCE: She will not be attending the debate.\n\nWALLACE: Do you see those two as equivalent?\n\n"
        "PENCE: Well, look, he has been saying some pretty tough stuff.\n\nCLARIFICATION: An earlier version erred."
    )
    found = run(nlp, text)
    assert only(found, "She will not be attending").speaker_text == "PENCE"
    assert only(found, "Will she be there").speaker_text == "WALLACE"
    assert not [s for s in found if s.speaker_text == "CLARIFICATION"]  # a one-off label is no speaker


# --- reported speech ------------------------------------------------------------------------------------
def test_said_that_clause(nlp) -> None:
    text = "Kremlin spokesperson Dimitry Peskov said that Putin was open to negotiations so long as they help Russia."
    s = only(run(nlp, text), "Putin was open")
    assert not s.direct
    assert s.text == "Putin was open to negotiations so long as they help Russia"
    assert s.speaker_text == "Dimitry Peskov"
    assert ref_text(text, s) == "Dimitry Peskov"


def test_appositive_speaker(nlp) -> None:
    text = "In Moscow, Dmitri S. Peskov, a Kremlin spokesman, said on Friday that the offer was not serious."
    s = only(run(nlp, text), "the offer was not serious")
    assert s.speaker_text == "Dmitri S. Peskov"


def test_according_to_before_and_after(nlp) -> None:
    text = (
        "According to Peskov, Russia is not ready to accept such conditions. "
        "The strikes will continue through the winter, according to the Kremlin."
    )
    found = run(nlp, text)
    first = only(found, "not ready to accept")
    assert first.speaker_text == "Peskov" and first.cue == "According to"
    second = only(found, "strikes will continue")
    assert "Kremlin" in second.speaker_text
    assert ref_text(text, second) == "Kremlin"


def test_inverted_reported_speech_and_pronoun(nlp) -> None:
    text = (
        "Chancellor Olaf Scholz called Putin on Friday. "
        "The attacks must stop immediately, Scholz said. "
        "He added that Germany would keep supporting Kyiv."
    )
    found = run(nlp, text)
    first = only(found, "The attacks must stop")
    assert first.speaker_text == "Scholz" and not first.direct
    second = only(found, "Germany would keep")
    assert second.speaker_text == "He"
    assert ref_text(text, second) == "Scholz"


def test_description_refers_back_to_named_person(nlp) -> None:
    text = (
        "Putin spoke by phone with the Chancellor of Germany Olaf Scholz on Friday. "
        "The Chancellor urged Putin to withdraw his troops, a government spokesman said. "
        "The Chancellor said that a diplomatic solution was needed as soon as possible."
    )
    s = only(run(nlp, text), "diplomatic solution")
    assert s.speaker_text == "The Chancellor"
    assert "Scholz" in (ref_text(text, s) or "")  # the small model may tag "Germany Olaf Scholz"


def test_group_and_organisation_speakers(nlp) -> None:
    text = (
        "White House officials said they were not surprised by the response. "
        "The Kremlin said the offer was unacceptable. "
        "Aides say the president still believes talks are necessary."
    )
    found = run(nlp, text)
    officials = only(found, "not surprised")
    assert officials.speaker_text == "White House officials"
    assert ref_text(text, officials) == "White House"
    assert "Kremlin" in only(found, "offer was unacceptable").speaker_text
    aides = only(found, "still believes")
    assert aides.speaker_text == "Aides" and aides.ref_start is None


def test_possessive_spokesman(nlp) -> None:
    text = "Mr. Johnson's spokesman said the prime minister would not resign."
    s = only(run(nlp, text), "would not resign")
    assert s.speaker_text == "Mr. Johnson's spokesman"


def test_paraphrase_with_quoted_fragments_is_one_reported_statement(nlp) -> None:
    text = (
        "Dmitri S. Peskov said at a news conference on Friday that Putin remained “ready to contact and "
        "negotiate” and that diplomacy was a “better way” to achieve Russian goals."
    )
    found = run(nlp, text)
    assert len(found) == 1
    s = found[0]
    assert not s.direct
    assert "“ready to contact and negotiate”" in s.text and "“better way”" in s.text


def test_in_a_statement_and_told_reporters(nlp) -> None:
    text = (
        "In a statement, the Foreign Ministry said the sanctions were illegal. "
        "The talks had stalled, John F. Kirby, a spokesman for the National Security Council, told reporters."
    )
    found = run(nlp, text)
    ministry = only(found, "sanctions were illegal")
    assert "Foreign Ministry" in ministry.speaker_text
    kirby = only(found, "talks had stalled")
    assert kirby.speaker_text == "John F. Kirby" and kirby.cue == "told"


def test_inverted_cue_before_named_speaker(nlp) -> None:
    text = "The president has no intention of talking to Putin right now, said Mr. Kirby."
    s = only(run(nlp, text), "no intention")
    assert s.speaker_text == "Mr. Kirby" and not s.direct
    assert s.text == "The president has no intention of talking to Putin right now"


def test_participle_takes_the_speaker_of_its_sentence(nlp) -> None:
    text = "“We do not see a link to terrorism,” the mayor said, adding that the inquiry would take more hours."
    found = run(nlp, text)
    assert only(found, "inquiry would take").speaker_text == "the mayor"
    assert only(found, "link to terrorism").speaker_text == "the mayor"


def test_cue_with_colon_then_quoted_paragraph(nlp) -> None:
    text = "Caddell continued:\n\n“The health issue is very much a partisan issue, and voters know it.”\n\nThe end."
    s = only(run(nlp, text), "partisan issue")
    assert s.speaker_text == "Caddell" and s.direct


def test_called_with_quoted_fragment(nlp) -> None:
    text = "At a fundraiser in New York, Hillary Clinton called half of Donald Trump’s supporters “deplorables.”"
    s = only(run(nlp, text), "deplorables")
    assert s.speaker_text == "Hillary Clinton" and s.cue == "called"


# --- things that are not statements ---------------------------------------------------------------------
def test_scare_quotes_and_titles_are_not_statements(nlp) -> None:
    text = (
        "The West is pursuing “destructive” policies in Ukraine.\n\n"
        "The museum showed the film “American Skin” last week.\n\n"
        "Putin Turns Down Talks With Biden"
    )
    assert run(nlp, text) == []


def test_nouns_that_look_like_cues_are_not_statements(nlp) -> None:
    text = "Trump's tweet drew attention. The claims about the State Department were false."
    assert run(nlp, text) == []


def test_passive_with_agent_attributes_to_the_agent(nlp) -> None:
    text = "His views were echoed by a number of tax experts."
    s = only(run(nlp, text), "His views")
    assert s.text == "His views" and s.cue == "echoed"
    assert s.speaker_text == "a number of tax experts"


def test_unbalanced_mark_costs_one_quote_only(nlp) -> None:
    text = (
        "“This quote is never closed, Mr. Kirby said.\n\n"
        "Officials met on Monday.\n\n"
        "“We will keep supporting Ukraine,” Mr. Blinken said.\n\n"
        "“The sanctions will stay,” Ms. Psaki said."
    )
    found = run(nlp, text)
    assert only(found, "keep supporting").speaker_text == "Mr. Blinken"
    assert only(found, "sanctions will stay").speaker_text == "Ms. Psaki"


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\n", "“", "”", "\"\"\"", "– ", "said", "according to", "He said: “", "``''``", "‘’‘’ ’",
     "— , said .", "x" * 5000, "“a”" * 300, "Mr. said that that that."],
)
def test_odd_input_never_raises(nlp, text: str) -> None:
    run(nlp, text)
    assert isinstance(find_statements(nlp(text)), list)


def test_find_quotes_offsets() -> None:
    text = "He said “one ‘two’ three” and ``four'' then «five»."
    got = [text[q.start : q.end] for q in find_quotes(text)]
    assert got == ["one ‘two’ three", "four", "five"]


def test_cue_table_is_data() -> None:
    table = cue_table()
    assert any(c.words == ("according", "to") and c.kind == "source" for c in table["according"])
    assert any(c.words == ("was", "quoted", "as", "saying") for c in table["was"])


def test_seed_corpus_sanity(nlp) -> None:
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    files = sorted(corpus.glob("*.txt"))
    if not files:
        pytest.skip("no seed corpus")
    total = 0
    for path in files:
        total += len(run(nlp, path.read_text(encoding="utf-8")))
    assert total >= 5 * len(files)


# --- evaluator ------------------------------------------------------------------------------------------
def test_polnear_evaluator_on_a_few_documents() -> None:
    if not (POLNEAR / "gold.json").exists():
        pytest.skip("polnear-dev data not available")
    from dateline.eval.polnear import evaluate, load_gold

    files = sorted(load_gold(POLNEAR))[:3]
    result = evaluate(POLNEAR, files=files, baseline=True)
    assert result["documents"] == 3
    ours, base = result["dateline"], result["textacy"]
    for figures in (ours, base):
        assert 0.0 <= figures["precision"] <= 1.0 and 0.0 <= figures["speaker_accuracy"] <= 1.0
    assert ours["tp"] > 0
    assert ours["f1"] > base["f1"]


def test_polnear_scoring_rules() -> None:
    from dateline.eval.polnear import Gold, Pred, head_word, score_document

    text = "“One two three,” he said. “Four five six.” Some filler text here."
    gold = [Gold("f", ((1, 15), (27, 41)), ((17, 19),), "he", True)]
    preds = [Pred((1, 15), True, (17, 19), (17, 19), "he"), Pred((27, 41), True, (17, 19), (17, 19), "he")]
    tally, missed, wrong = score_document(text, gold, preds)
    assert (tally.tp, tally.fp, tally.fn) == (1, 0, 0)  # the second part belongs to the same attribution
    assert tally.spk_ok == 1 and not missed and not wrong
    tally, _, _ = score_document(text, gold, [Pred((45, 60), False, None, None, "")])
    assert (tally.tp, tally.fp, tally.fn) == (0, 1, 1)
    assert head_word("John F. Kirby, a spokesman") == head_word("Mr. Kirby") == "kirby"


# --- attributions of belief, intention, judgement and evidence (parsed) ---------------------------------
@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        ("Clinton believes the economy is improving.", "the economy is improving", "Clinton", "believes"),
        ("Mr. Trump thinks the deal was a disaster for workers.", "the deal was a disaster for workers",
         "Mr. Trump", "thinks"),
        ("Trump wants to renegotiate the trade agreement with Mexico.",
         "to renegotiate the trade agreement with Mexico", "Trump", "wants"),
        ("The campaign plans to open ten new offices in Ohio.", "to open ten new offices in Ohio",
         "The campaign", "plans"),
        ("Republicans criticized the nuclear agreement as a giveaway to Iran.",
         "the nuclear agreement as a giveaway to Iran", "Republicans", "criticized"),
        ("A new poll shows Clinton leading Trump by four points in Ohio.",
         "Clinton leading Trump by four points in Ohio", "A new poll", "shows"),
        ("The audit found that the agency had lost track of the funds.",
         "the agency had lost track of the funds", "The audit", "found"),
        ("Many voters are convinced that the election is rigged.", "the election is rigged", "Many voters",
         "convinced"),
        ("Senator Warren complained about the bank's sales practices.", "the bank's sales practices",
         "Warren", "complained"),
    ],
)
def test_attitudes_intentions_and_evidence(nlp, text: str, content: str, speaker: str, cue: str) -> None:
    s = only(run(nlp, text), content)
    assert s.text == content and not s.direct
    assert s.speaker_text == speaker
    assert s.cue == cue


def test_a_persons_noun_claim_is_attributed_to_the_possessor(nlp) -> None:
    s = only(run(nlp, "Politifact checked Trump's claim that crime had doubled in Chicago."), "crime had doubled")
    assert s.text == "crime had doubled in Chicago"
    assert s.speaker_text == "Trump" and s.cue == "claim"


def test_a_person_showing_something_is_not_evidence(nlp) -> None:
    assert not [s for s in run(nlp, "Clinton showed bad judgment in the affair.") if s.cue == "showed"]


def test_headline_source_and_colon(nlp) -> None:
    text = "Poll: Clinton and Trump in dead heat heading into first debate\n\nThe race is close, analysts say."
    s = only(run(nlp, text), "dead heat")
    assert s.text == "Clinton and Trump in dead heat heading into first debate"
    assert s.speaker_text == "Poll"


def test_tweeted_with_colon(nlp) -> None:
    s = only(run(nlp, "The mayor tweeted: “The streets will be open again by Monday.”"), "streets")
    assert s.direct and s.cue == "tweeted"
    assert s.speaker_text == "The mayor"


def test_according_to_reports(nlp) -> None:
    s = only(run(nlp, "The talks collapsed on Friday, according to reports in the Russian press."), "talks collapsed")
    assert s.text == "The talks collapsed on Friday"
    assert s.speaker_text.startswith("reports")


def test_reported_speech_ends_where_the_next_attribution_starts(nlp) -> None:
    text = ("Putney told CNN that the video did not show a gun, but he said witnesses saw a gun and that one "
            "was found nearby.")
    found = run(nlp, text)
    first = only(found, "the video did not show a gun")
    assert first.text == "the video did not show a gun"
    assert only(found, "witnesses saw a gun").speaker_text == "he"


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        # a quotation, then a noun phrase with a relative clause holding the cue: not a speaker
        ("But Mr. Peskov noted that the US “still does not recognize the new territories”, a clear reference to "
         "the regions that Mr. Putin announced after annexing.", "a clear reference"),
        # a date phrase where a subject should be (garbled text)
        ("Zelensky, who said in mid-November interview told Bloomberg News that the war could not end.",
         "mid-November interview"),
        ("According to the Kremlin, the talks are over.", "According"),
        ("Cruz has long said that he qualifies as a natural-born citizen.", "long"),
    ],
)
def test_junk_speakers_are_not_produced(nlp, text: str, junk: str) -> None:
    speakers = [s.speaker_text for s in run(nlp, text)]
    assert junk not in speakers


def test_badly_cut_speaker_is_left_to_the_parse(nlp) -> None:
    s = only(run(nlp, "Cruz has long said that he qualifies as a natural-born citizen."), "qualifies")
    assert s.speaker_text == "Cruz"
