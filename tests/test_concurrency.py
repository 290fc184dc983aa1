"""Concurrent use: readers and exports keep working while a build writes, and many browser sessions at once.

A rebuild runs in its own process (as `python -m dateline build` does next to a running dashboard) while
this process keeps querying and exporting the store; then ten browser sessions open the real app together.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dateline import export as exporter
from dateline.pipeline import build
from dateline.settings import PROJECT_ROOT
from dateline.store.query import Filters, StoreReader
from tests.conftest import SEED_CORPUS

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
MARKER = "Zyxlandia"  # a word the changed article gains: tells the old store from the new one
ENV = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(env: dict[str, str], script: str = "app.py", timeout: float = 90) -> Iterator[str]:
    """A real `streamlit run` on a free loopback port; yields its URL and stops it afterwards."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / script), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=PROJECT_ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"streamlit did not start within {timeout:.0f} s")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- readers and exports while a build writes ----------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.xdist_group("builds")  # a build in a subprocess against this process' reads: not beside others
@pytest.mark.timeout(600)
def test_reader_and_exports_keep_working_while_a_build_writes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    for path in corpus.iterdir():
        path.chmod(0o644)
    db = tmp_path / "store.duckdb"
    build(corpus, db)
    reader = StoreReader(db)  # opened before the build, kept open through the swap
    old_articles = reader.counts()["articles"]
    assert MARKER not in exporter.render(reader, "json")

    changed = sorted(corpus.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + f"\n\nOfficials in {MARKER} said on Monday "
                       "that the talks would resume.\n", encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-m", "dateline", "build", str(corpus), "--db", str(db), "--quiet"],
                              cwd=PROJECT_ROOT, env=ENV, stderr=subprocess.PIPE, text=True)
    # A second process asks for an export at the same time: it waits for the build's lock, then exports.
    cli_export = subprocess.Popen(
        [sys.executable, "-m", "dateline", "export", "--corpus", str(corpus), "--db", str(db), "--format", "json",
         "--output", str(tmp_path / "during.json")], cwd=PROJECT_ROOT, env=ENV, stderr=subprocess.PIPE, text=True)

    rounds = 0
    while writer.poll() is None or rounds < 3:
        # Everything the dashboard and an export read, again and again, while the build runs.
        items = reader.timeline(Filters())
        assert not items.empty
        assert not reader.evidence(items["item_id"].iloc[0]).empty
        assert reader.counts()["articles"] == old_articles
        assert not reader.statements(Filters(text="said")).empty
        doc = json.loads(exporter.render(reader, "json"))
        assert len(doc["articles"]) == old_articles
        exporter.render(reader, "csv")
        rounds += 1
        if writer.poll() is not None and rounds >= 3:
            break
    assert writer.wait(timeout=300) == 0, writer.stderr.read() if writer.stderr else ""
    assert cli_export.wait(timeout=300) == 0, cli_export.stderr.read() if cli_export.stderr else ""
    assert rounds >= 3
    # After the swap the same reader (no restart) serves the new store, and so did the waiting export.
    assert MARKER in exporter.render(reader, "json")
    assert MARKER in (tmp_path / "during.json").read_text(encoding="utf-8")


# --- many browser sessions at once ---------------------------------------------------------------------------

SESSIONS = 10


async def _open_sessions(url: str, n: int, timeout_ms: int) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            async def session() -> float:
                context = await browser.new_context(viewport={"width": 1200, "height": 900})
                page = await context.new_page()
                t0 = time.monotonic()
                await page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
                await page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=timeout_ms)
                seconds = time.monotonic() - t0
                assert await page.locator(".js-plotly-plot .scatterlayer .point").count() > 5
                await context.close()
                return seconds

            return await asyncio.gather(*(session() for _ in range(n)))
        finally:
            await browser.close()


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@needs_chromium
@pytest.mark.timeout(600)
def test_ten_browser_sessions_render_the_timeline_at_once(seed_store: Path) -> None:
    with streamlit_server({"DATELINE_DB": str(seed_store)}) as url:
        t0 = time.monotonic()
        times = asyncio.run(_open_sessions(url, SESSIONS, timeout_ms=240_000))
        total = time.monotonic() - t0
    assert len(times) == SESSIONS
    print(f"{SESSIONS} sessions: slowest {max(times):.1f}s, all done in {total:.1f}s")
    assert total < 300
