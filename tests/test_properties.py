"""Property-based tests: random and adversarial input never makes ingestion, the temporal tagger or the
quote finder raise, and every offset they return lies inside the text with start <= end.

The cores that the public functions wrap in a catch-all (``tag_atoms``, ``statements.core.find``) are
tested directly too: an exception there would silently cost an article all its dates or statements.
Examples are kept modest so the file runs in well under a minute on a shared machine.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.ingest import IngestError, load_corpus, parse_article_report
from dateline.ingest.decode import decode_bytes
from dateline.ingest.html import extract_html, flat_text
from dateline.ingest.parse import MAX_TEXT_CHARS, SYMBOL_RUN
from dateline.ingest.textmeta import split_front_matter
from dateline.records import Article, Rejection
from dateline.temporal import tag_dates
from dateline.temporal.tagger import tag_atoms

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text pieces that look like dates, or almost do: impossible values, huge numbers, odd scripts.
DATE_FRAGMENTS = [
    "32/13/99999", "31/02/2022", "0/0/0", "2022-02-30", "0000-00-00", "9999-12-31", "10000-01-01",
    "1 January 10000", "Feb. 29, 2023", "the 31st of February", "December 3", "Dec. 3, 2022", "3 Dec 2022",
    "on Saturday, December 3", "last Friday", "next Monday", "yesterday", "tomorrow", "tonight", "this week",
    "99999999999999999999 days ago", "-5 days ago", "10,000 years ago", "3 weeks before Christmas",
    "two days after Easter 9999", "Easter 0", "Q5 2022", "Q0 2022", "the first half of 10000", "mid-", "early ",
    "late ", "the 1990s", "the '90s", "the 0s", "the 21st century", "the 99th century", "the 0th century",
    "summer of '99", "winter 2022/23", "2022-W60", "week 53 of 2021", "12/31/1969", "1/1/1", "year 0",
    "in 1 AD", "5000 BC", "the weekend", "this time last year", "a decade ago", "in the coming months",
    "1 000 000 BC", "2022年12月3日", "２０２２-１２-０３", "٢٠٢٢", "3rd", "the 3rd", "on the 32nd",
    "between 2020 and 1990", "from March to February", "May", "may", "March", "the 4th of July",
    "O'Clock", "at 25:61", "9:57 p.m.", "Monday–Friday", "1st–31st December", "\u200b2022\u200b",
]
GLUE = [" ", "  ", "\n", "\n\n", ", ", ". ", " on ", " in ", " of ", " and ", " said ", "—", "(", ")", "'", "\t"]
dateish_text = st.lists(
    st.one_of(st.sampled_from(DATE_FRAGMENTS), st.sampled_from(GLUE), st.text(max_size=12),
              st.integers(min_value=-10**30, max_value=10**30).map(str)),
    max_size=30,
).map("".join)
any_text = st.one_of(st.text(max_size=300), dateish_text)
anchors = st.one_of(st.none(), st.dates(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2022, 12, 3)]))


# --- temporal tagger -----------------------------------------------------------------------------------------

@FAST
@given(text=any_text, anchor=anchors)
def test_tag_dates_offsets_inside_text_and_intervals_ordered(text: str, anchor: date | None) -> None:
    matches = tag_dates(text, anchor)
    last_end = 0
    for m in matches:
        assert 0 <= m.char_start < m.char_end <= len(text)
        assert m.text == text[m.char_start:m.char_end]
        assert m.char_start >= last_end  # sorted, not overlapping
        last_end = m.char_end
        assert (m.start is None) == (m.end is None)
        if m.start is not None:
            assert isinstance(m.start, date) and isinstance(m.end, date)
            assert m.start <= m.end


@FAST
@given(text=dateish_text, anchor=anchors)
def test_tagger_core_never_raises(text: str, anchor: date | None) -> None:
    """``tag_dates`` swallows exceptions; its core must not need that (a raise loses every date)."""
    for atom in tag_atoms(text, anchor):
        assert 0 <= atom.start <= atom.end <= len(text)
        if atom.interval is not None:
            assert atom.interval[0] <= atom.interval[1]


def test_tag_dates_on_named_adversarial_strings() -> None:
    for fragment in DATE_FRAGMENTS:
        for anchor in (None, date(1, 1, 1), date(9999, 12, 31), date(2022, 12, 3)):
            text = f"On {fragment} the talks ended."
            tag_atoms(text, anchor)  # the uncaught core
            for m in tag_dates(text, anchor):
                assert 0 <= m.char_start < m.char_end <= len(text)
                assert m.start is None or m.start <= m.end


# --- quote finder --------------------------------------------------------------------------------------------

QUOTE_MARKS = list("\"“”„‟«»‹›'‘’‚‛「」『』″")
SPEECH = ["said", "says", "told reporters", "according to", "added", "Peskov", "Dmitry Peskov", "he", "she",
          "they", "the Kremlin", "Mr.", "Biden", ",", ".", ":", ";", "—", "–", "-", "\n", "\n\n", " ", "  ",
          "?", "!", "…", "(", ")", "that", "We", "will", "not", "talk", "Ukraine", "on Friday"]
quote_soup = st.lists(st.sampled_from(QUOTE_MARKS + SPEECH), max_size=60).map(" ".join) | st.lists(
    st.sampled_from(QUOTE_MARKS + SPEECH), max_size=60).map("".join) | st.text(
    alphabet=st.sampled_from(QUOTE_MARKS + list(" .,:\n—abc")), max_size=120)



def _check_statement_spans(matches: list, text: str) -> None:
    for m in matches:
        assert 0 <= m.char_start <= m.char_end <= len(text)
        for lo, hi in ((m.speaker_start, m.speaker_end), (m.cue_start, m.cue_end), (m.ref_start, m.ref_end)):
            assert (lo is None) == (hi is None)
            if lo is not None:
                assert 0 <= lo <= hi <= len(text)


@SLOW
@given(text=quote_soup)
def test_quote_finder_on_quote_mark_soup(nlp, text: str) -> None:
    from dateline.statements import find_statements
    from dateline.statements.core import find

    doc = nlp(text)
    _check_statement_spans(find(doc), text)  # the uncaught core: must not raise either
    _check_statement_spans(find_statements(doc), text)


@SLOW
@given(text=st.one_of(quote_soup, dateish_text, st.text(max_size=200)), anchor=anchors)
def test_whole_article_extraction_never_raises(nlp, text: str, anchor: date | None) -> None:
    """One article's extraction runs unguarded inside the build: a raise here would stop the build."""
    from dateline.pipeline.article import extract_article

    if not text.strip():
        return
    article = Article(id="a", file="a.txt", title=None, outlet=None, author=None, url=None,
                      published=anchor, published_basis="unknown" if anchor is None else "manifest",
                      text=text, content_hash="h")
    result = extract_article(article, nlp(text))
    for t in result.timexes:
        assert 0 <= t.char_start < t.char_end <= len(text)
    _check_statement_spans([s.match for s in result.statements], text)
    for s in result.statements:
        assert s.said_start is None or s.said_start <= s.said_end
    for c in result.event_candidates:
        assert 0 <= c.char_start <= c.char_end <= len(text)
        assert c.start is None or c.start <= c.end
    for s in result.sentences:
        assert 0 <= s.char_start <= s.char_end <= len(text)


# --- ingestion -----------------------------------------------------------------------------------------------

TAGS = ["<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<style>", "</style>", "<!--", "-->",
        "<br/>", "<article>", "</article>", "<title>", "</title>", "<meta charset='utf-16'>",
        "<meta charset=\"bogus\">", '<meta property="og:title" content="T">', "<![CDATA[", "]]>", "<?xml ?>",
        "&amp;", "&#0;", "&#xD800;", "&#99999999;", "&nbsp;", "<", ">", "<html>", "<body>", "\x00", "\ufeff",
        "<noscript>", "<svg><text>", "<table><tr><td>", "<img src=x onerror=alert(1)>", '<time datetime="2022-13-45">']
tag_soup = st.lists(st.one_of(st.sampled_from(TAGS), st.text(max_size=20)), max_size=40).map("".join)


def _check_article(article: Article) -> None:
    """What the rest of Dateline relies on: storable, platform-neutral text the model can take."""
    for value in (article.text, article.title, article.author, article.outlet, article.url, article.file):
        if value is not None:
            value.encode("utf-8")  # no lone surrogates: DuckDB, JSON and hashing need valid UTF-8
    assert article.text.strip() and "\r" not in article.text and "\x00" not in article.text
    assert len(article.text) <= MAX_TEXT_CHARS
    assert not re.search(rf"[^\w\s]{{{SYMBOL_RUN + 1}}}", article.text)  # would stall the tokenizer
    assert article.published is None or isinstance(article.published, date)


@FAST
@given(raw=st.one_of(st.binary(max_size=1500), tag_soup.map(lambda s: s.encode("utf-8", "surrogatepass")),
                     st.text(max_size=400).map(lambda s: s.encode("utf-16")),
                     st.text(max_size=400).map(lambda s: s.encode("cp1252", "ignore")),
                     st.text(alphabet=st.sampled_from(list("$(“'😀-a \n")), max_size=600).map(str.encode)),
       name=st.sampled_from(["a.txt", "b.md", "c.html", "d.HTM"]),
       meta=st.dictionaries(st.sampled_from(["title", "published", "outlet", "bogus", "URL"]),
                            st.text(max_size=20), max_size=3))
def test_parse_article_is_total_and_its_output_is_clean(raw: bytes, name: str, meta: dict[str, str]) -> None:
    try:
        article, warnings = parse_article_report(raw, name, meta)
    except IngestError as exc:
        assert str(exc).strip()
        return
    _check_article(article)
    assert all(isinstance(w, str) and w for w in warnings)


@FAST
@given(html=tag_soup)
def test_html_extraction_is_total(html: str) -> None:
    raw = html.encode("utf-8", "surrogatepass")
    try:
        page = extract_html(raw)
    except IngestError:
        return
    page.text.encode("utf-8")
    assert page.text.strip()
    flat_text(html)  # the deep-nesting path handles the same soup


@FAST
@given(raw=st.binary(max_size=800))
def test_decode_bytes_gives_clean_text_or_a_reason(raw: bytes) -> None:
    try:
        text = decode_bytes(raw)
    except IngestError as exc:
        assert str(exc)
        return
    text.encode("utf-8")
    assert "\r" not in text


@FAST
@given(text=st.one_of(st.text(max_size=300), st.lists(
    st.sampled_from(["---", "\n", "title: x", "published: 2022-02-30", ": :", "- a", "[", "{", "&a", "*a",
                     "!!python/object:os.system", "key: |", "\t", "...", "\ufeff"]), max_size=15).map("".join)))
def test_front_matter_split_is_total(text: str) -> None:
    split = split_front_matter(text)
    assert isinstance(split.body, str) and isinstance(split.meta, dict)


# File names: anything a Linux file system allows, including bytes that are not UTF-8.
def _extension_for(seed: bytes) -> bytes:
    return [b".txt", b".md", b".html", b".TXT", b""][len(seed) % 5]


names = st.one_of(
    st.text(alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
            min_size=1, max_size=40).map(lambda s: os.fsencode(s)),
    st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_")),
).map(lambda b: b[:200] + _extension_for(b)).filter(lambda b: b not in (b".", b".."))


@SLOW
@given(files=st.dictionaries(names, st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
                             min_size=1, max_size=6))
def test_load_corpus_accounts_for_every_file_under_any_name(tmp_path_factory: pytest.TempPathFactory,
                                                            files: dict[bytes, bytes]) -> None:
    root = tmp_path_factory.mktemp("names")
    for name, content in files.items():
        with open(os.path.join(os.fsencode(root), name), "wb") as fh:
            fh.write(content)
    items = list(load_corpus(Path(root)))
    articles = [a for a in items if isinstance(a, Article)]
    reported = {r.file for r in items if isinstance(r, Rejection) and r.fatal}
    for a in articles:
        _check_article(a)
    for r in items:
        if isinstance(r, Rejection):
            (r.file + r.reason).encode("utf-8")
    # Every file is loaded or reported as skipped; a hidden one is named as never read; only the top
    # level's settings files (manifest.csv, actors.csv) are neither.
    expected = sum(1 for name in files if not name.startswith(b".") and name not in (b"manifest.csv", b"actors.csv"))
    assert len(articles) + len(reported) == expected
    hidden = [r for r in items if isinstance(r, Rejection) and not r.fatal and "hidden" in r.reason]
    assert len(hidden) == sum(1 for name in files if name.startswith(b"."))
