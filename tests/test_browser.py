"""The real app in headless Chromium: chart drawn, a point clicked, evidence followed to its sentence."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from dateline.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),  # one Chromium and Streamlit server at a time
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (make chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(seed_store: Path):
    port = _free_port()
    env = {**os.environ, "DATELINE_DB": str(seed_store)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start within 60 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_click_a_point_and_follow_the_evidence_to_the_sentence(server: str, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server, wait_until="domcontentloaded")
            page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=90_000)
            page.screenshot(path=str(tmp_path / "timeline.png"))
            points = page.locator(".js-plotly-plot .scatterlayer .point")
            assert points.count() > 5
            points.first.click(force=True)
            link = page.get_by_role("link", name="Open in article").first
            link.wait_for(timeout=60_000)
            page.screenshot(path=str(tmp_path / "evidence.png"))
            link.click()
            page.wait_for_url("**article=**", timeout=60_000)
            # The evidence card has <mark>s too: wait for the reader's followed-sentence mark.
            mark = page.locator("mark#dateline-target")
            mark.wait_for(timeout=60_000)
            assert "article=" in page.url
            assert mark.inner_text().strip()
            page.screenshot(path=str(tmp_path / "article.png"))
        finally:
            browser.close()


ARTIFACTS = PROJECT_ROOT / "test-artifacts"  # git-ignored: screenshots to look at after a run
_LABEL_BOXES = """() => Array.from(document.querySelectorAll('.js-plotly-plot .annotation')).map(a => {
    const r = a.querySelector('.annotation-text, text').getBoundingClientRect();
    return {text: a.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })"""


@pytest.mark.parametrize("width", [1400, 1280])
def test_the_seed_timeline_opens_on_weeks_with_key_events_labelled(server: str, width: int):
    """The default corpus' chart opens on an x-range of weeks (not 1958–2027), with key-event labels that
    do not overlap; the screenshot is kept in test-artifacts/ to look at."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": 1000})
            page.goto(server, wait_until="domcontentloaded")
            page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=90_000)
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .annotation').length > 0",
                                   timeout=60_000)
            x_range = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"timeline-seed-{width}.png"))
            boxes = page.evaluate(_LABEL_BOXES)
        finally:
            browser.close()
    first, last = (date.fromisoformat(x[:10]) for x in x_range)
    assert 5 <= (last - first).days <= 35, x_range
    assert first.year == 2022 and last.year == 2022
    labels = [b for b in boxes if b["text"].strip()]
    assert len(labels) >= 2
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            apart = a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] \
                or b["bottom"] <= a["top"]
            assert apart, f"labels overlap: {a} / {b}"
