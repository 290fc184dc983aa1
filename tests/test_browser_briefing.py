"""The real app in headless Chromium: pin two items from the timeline, present them, step through.

Also opens the standalone HTML export from disk with the network cut off: the chart must still draw.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

import pytest

from dateline import export as exporter
from dateline.store.query import Filters, StoreReader
from tests.test_browser import CHROMIUM, FLAGS, server  # noqa: F401 - the server fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),  # one Chromium and Streamlit server at a time
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (make chromium)"),
]


@pytest.fixture
def seed_store(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server fixture reads ``seed_store``: give it a private copy so its briefings stay here."""
    db = tmp_path_factory.mktemp("browser-briefing") / "seed.duckdb"
    shutil.copytree(seed_store, db)
    return db


def _rerun_done(page) -> None:  # noqa: ANN001
    """Wait for the script run a widget change started (it may be over before we look)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # already finished
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=5_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


def _pin_point(page, index: int) -> None:  # noqa: ANN001
    page.locator(".js-plotly-plot .scatterlayer .point").nth(index).click(force=True)
    pin = page.get_by_role("button", name=re.compile(r"^Pin to"))
    pin.first.wait_for(timeout=60_000)
    pin.first.click()
    page.get_by_role("button", name=re.compile(r"unpin$")).first.wait_for(timeout=60_000)


def test_pin_two_items_present_and_step_through(server: str, seed_store: Path, tmp_path: Path):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server, wait_until="domcontentloaded")
            page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=90_000)
            points = page.locator(".js-plotly-plot .scatterlayer .point")
            assert points.count() > 5
            _pin_point(page, 0)
            _pin_point(page, points.count() - 1)

            page.get_by_role("link", name="Briefing").first.click()
            expect(page.get_by_text("Pinned items (2)")).to_be_visible(timeout=60_000)
            page.screenshot(path=str(tmp_path / "briefing.png"))

            # The download buttons make the file on click (slides need kaleido in the server).
            with page.expect_download(timeout=120_000) as download:
                page.get_by_role("button", name="Slides (pptx)").first.click()
            slides = tmp_path / download.value.suggested_filename
            download.value.save_as(slides)
            from pptx import Presentation

            assert slides.suffix == ".pptx" and len(Presentation(str(slides)).slides) == 1 + 1 + 2
            assert slides.name == "my-briefing.pptx"  # no headline yet: the briefing's name

            headline = page.get_by_label("Headline")
            headline.fill("Talks in Kyiv — what changed")
            headline.press("Enter")
            _rerun_done(page)
            with page.expect_download(timeout=120_000) as download:
                page.get_by_role("button", name="Written brief (md)").first.click()
            assert download.value.suggested_filename == "talks-in-kyiv-what-changed.md"

            page.get_by_role("button", name="Present").click()
            count = page.locator(".dl-step-count")
            expect(count).to_have_text("Item 1 of 2", timeout=60_000)
            expect(page.locator('section[data-testid="stSidebar"]')).to_be_hidden()
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            first_text = page.locator(".dl-step-text").inner_text()
            page.get_by_role("button", name="Next").click()
            expect(count).to_have_text("Item 2 of 2", timeout=60_000)
            assert page.locator(".dl-step-text").inner_text() != first_text
            assert page.locator(".dl-step-sources li").count() >= 1
            shot = tmp_path / "presentation.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            page.get_by_role("button", name="Previous").click()
            expect(count).to_have_text("Item 1 of 2", timeout=60_000)
        finally:
            browser.close()


def test_html_export_draws_its_chart_offline(seed_store: Path, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    out = tmp_path / "timeline.html"
    exporter.write(StoreReader(seed_store), "html", out, filters=Filters(text="biden"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            context = browser.new_context(offline=True)
            requests: list[str] = []
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(out.as_uri())
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
            assert page.locator(".js-plotly-plot .scatterlayer .trace").count() > 0
            assert page.locator("table tbody tr").count() == len(StoreReader(seed_store).items(
                Filters(text="biden")))
            assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
        finally:
            browser.close()
