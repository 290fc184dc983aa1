"""Hostile article text in a real browser: nothing executes, and the payload reads as the literal text it is.

An article whose title, outlet, URL and sentences carry script and event-handler payloads is built into a
store, and every page of the real app is opened in headless Chromium: the timeline (with its hover and
evidence panel), the Articles list and reader (with and without a followed sentence), Statements, Actors
and Briefing. Any payload that ran would set ``window.__xss`` (in the page or any frame) or open a dialog.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from dateline.pipeline import build
from dateline.store.query import Filters, StoreReader
from tests.test_concurrency import CHROMIUM, FLAGS, streamlit_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,  # the payload store is a real build
    pytest.mark.xdist_group("browser"),  # one Chromium and Streamlit server at a time
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
    pytest.mark.timeout(900),
]

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
SVG = "<svg onload=window.__xss=1>"
LINK = "[a link](javascript:window.__xss=1)"
ARTICLE = f"""---
title: '{SCRIPT} Talks {IMG}'
outlet: '{IMG} Gazette'
url: 'javascript:window.__xss=1'
published: 2022-12-03
---
Kremlin spokesman Dmitry Peskov said on Friday that {SCRIPT} talks with Washington were over.

"{IMG} We will not negotiate under these conditions," Peskov told reporters on Saturday, December 3.

Russian President Vladimir Putin met Chancellor Olaf Scholz on December 2 {SVG} in Moscow, the Kremlin said.

Officials said on Thursday that {LINK} a new round of talks was planned for January 2023.
"""
PAYLOADS = (SCRIPT, IMG)


@pytest.fixture(scope="module")
def evil_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("xss")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "evil.md").write_text(ARTICLE, encoding="utf-8")
    db = base / "evil.duckdb"
    report = build(corpus, db)
    assert report.articles == 1, report.summary()
    return db


class Watch:
    """What executing a payload would leave behind, across the page and all its frames."""

    def __init__(self, page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def assert_clean(self, where: str) -> None:
        self.page.wait_for_timeout(1500)  # let any late onerror/onload fire
        for frame in self.page.frames:
            try:
                value = frame.evaluate("() => window.__xss")
            except Exception:  # noqa: BLE001 - a frame navigating away mid-check holds nothing of ours
                continue
            assert value is None, f"payload executed in {where} ({frame.url})"
        assert self.dialogs == [], where
        assert self.page.locator('a[href^="javascript:" i]').count() == 0, where
        assert self.page.locator("img[onerror], svg[onload]").count() == 0, where

    def assert_literal(self, where: str, *texts: str) -> None:
        """Each text shows as text; a page still rendering (a loaded CI machine) gets up to a minute."""
        with contextlib.suppress(Exception):  # the assertion below names what is missing
            self.page.wait_for_function("texts => texts.every(t => document.body.innerText.includes(t))",
                                        arg=list(texts), timeout=60_000)
        body = self.page.locator("body").inner_text()
        for text in texts:
            assert text in body, f"{text!r} not shown literally in {where}"


def _wait_for_app(page, selector: str) -> None:
    page.wait_for_selector(selector, timeout=120_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=120_000)


def test_no_payload_executes_on_any_page_and_the_text_shows_literally(evil_store: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    reader = StoreReader(evil_store)
    [article] = reader.records("articles")
    statement = reader.statements(Filters()).iloc[0]
    assert not reader.timeline(Filters()).empty
    reader.close()

    with streamlit_server({"DATELINE_DB": str(evil_store)}) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            watch = Watch(page)

            # Timeline: the chart, a hover label, then a point's evidence panel.
            page.goto(url, wait_until="domcontentloaded")
            _wait_for_app(page, ".js-plotly-plot .scatterlayer .point")
            points = page.locator(".js-plotly-plot .scatterlayer .point")
            points.first.hover(force=True)
            watch.assert_clean("timeline (hover)")
            for i in range(points.count()):
                points.nth(i).click(force=True)
                page.wait_for_timeout(500)
            page.get_by_role("link", name="Open in article").first.wait_for(timeout=120_000)
            watch.assert_clean("timeline evidence panel")
            watch.assert_literal("timeline evidence panel", SCRIPT, IMG)
            page.screenshot(path=str(tmp_path / "timeline.png"))

            # Articles: the list, the reader, and the reader on a followed sentence (the scroll script).
            for query, where in (("", "Articles list"), (f"?article={article['id']}", "Articles reader"),
                                 (f"?article={article['id']}&start={statement['sentence_start']}"
                                  f"&end={statement['sentence_end']}", "Articles reader, followed sentence")):
                page.goto(f"{url}/Articles{query}", wait_until="domcontentloaded")
                _wait_for_app(page, "[data-testid='stMain']")
                page.wait_for_timeout(1500)
                watch.assert_clean(where)
                if query:
                    watch.assert_literal(where, *PAYLOADS)
            assert page.locator("mark#dateline-target").count() == 1  # the followed sentence was marked

            for name in ("Statements", "Actors", "Briefing"):
                page.goto(f"{url}/{name}", wait_until="domcontentloaded")
                _wait_for_app(page, "[data-testid='stMain']")
                page.wait_for_timeout(1500)
                watch.assert_clean(name)
            page.screenshot(path=str(tmp_path / "last.png"))
        finally:
            browser.close()


def test_the_watch_catches_a_payload_that_runs() -> None:
    """The detector itself: the same payloads, unescaped, are caught (so a pass above means something)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            for payload in (*PAYLOADS, SVG, "<script>alert(1)</script>"):
                page = browser.new_page()
                watch = Watch(page)
                page.set_content(f"<p>{payload}</p>")
                with pytest.raises(AssertionError):
                    watch.assert_clean("a page that renders the payload as HTML")
                page.close()
        finally:
            browser.close()
