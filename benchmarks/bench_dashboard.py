"""Dashboard at scale: query + figure time per filter change, cold start, and the browser's draw time.

Usage: ``python benchmarks/bench_dashboard.py [--sizes 1000 10000 100000] [--no-browser]``

Stores are synthetic (``dateline.store.synthetic``: same schema and writer as a real build, no model):

- server-side filter change, as the timeline page does it with cold caches: the summary query, then the
  overview (``timeline_overview`` + ``timeline_overview_figure``) above ``DETAIL_LIMIT`` items, else the
  items (``timeline`` + ``timeline_figure``); several filters on stores of 1k, 10k and 100k events, median
  of 5 runs each and the worst filter (target <= 300 ms at 100k events);
- cold start: a fresh process runs ``app.py`` under ``streamlit.testing.v1.AppTest`` on a store of 10,000
  articles (100,000 events) until the chart is built (target <= 3 s; Streamlit's own import is shown
  separately);
- browser: headless Chromium (Debian's /usr/bin/chromium through playwright, software WebGL: these
  machines have no GPU) draws the timeline figure of ``DETAIL_LIMIT`` points (the most the page draws one
  by one; above it the page draws counts) and of 10,000 points, beside one plain scattergl trace of the
  same points at the same size; time from ``Plotly.newPlot`` to the second animation frame after it resolves;
- presentation "Next" (``--presentation STORE``, e.g. a t17-bpoil store): the real app under ``streamlit
  run`` in headless Chromium, a briefing of the store's five most-mentioned events, presentation mode, then
  "Next"/"Previous" clicked through it; time from the click to the new item shown and the script run
  finished (target: median <= 1 s).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.data import DETAIL_LIMIT  # noqa: E402
from dateline.display.overview import overview_unit, timeline_overview_figure  # noqa: E402
from dateline.display.timeline import timeline_figure  # noqa: E402
from dateline.store.query import Filters, StoreReader  # noqa: E402
from dateline.store.synthetic import make_synthetic_store  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]

COLD_START = """
import json, sys, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
t1 = time.perf_counter()
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.run()
t2 = time.perf_counter()
charts = at.get("plotly_chart")
assert not at.exception, at.exception
assert charts, "no chart on the first page"
at.run()
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "rerun": t3 - t2, "charts": len(charts)}))
"""

PAGE = """<!doctype html><html><head><meta charset="utf-8"><script>{plotlyjs}</script></head>
<body><div id="chart" style="width:1300px"></div><script>
const fig = {figure};
window.webgl = !!document.createElement('canvas').getContext('webgl');
const t0 = performance.now();
Plotly.newPlot('chart', fig.data, fig.layout, {{displaylogo: false}})
  .then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))
  .then(() => {{ window.drawMs = performance.now() - t0; }});
</script></body></html>"""


def filters_for(reader: StoreReader) -> dict[str, Filters]:
    """A spread of filter changes an analyst makes: none, one outlet, one actor, a quarter, a word."""
    options = reader.filter_options()
    actor = str(options["actors"]["id"].iloc[0])
    return {
        "no filter": Filters(),
        "one outlet": Filters(outlets=(options["outlets"][0],)),
        "one actor": Filters(actors=(actor,)),
        "a quarter": Filters(date_from=date(2022, 4, 1), date_to=date(2022, 6, 30)),
        "text 'talks'": Filters(text="talks"),
        "events only": Filters(show="events"),
    }


def filter_change(reader: StoreReader, f: Filters) -> tuple[str, int]:
    """What the timeline page computes on a filter change (its caches cold): the summary, then either
    the overview (counts per lane, kind and period) or the items and their figure."""
    summary = reader.timeline_summary(f)
    if summary["items"] > DETAIL_LIMIT:
        unit = overview_unit(summary["date_min"], summary["date_max"])
        df = reader.timeline_overview(f, "actor", unit)
        timeline_overview_figure(df, "Actor", unit)
        return f"overview/{unit}", len(df)
    df = reader.timeline(f, lane="actor")
    timeline_figure(df, "Actor")
    return "items", len(df)


def time_filter_change(reader: StoreReader, f: Filters, repeat: int = 5) -> tuple[float, str, int]:
    """Median ms over ``repeat`` runs, the view drawn and its rows."""
    ms = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        view, rows = filter_change(reader, f)
        ms.append(1000 * (time.perf_counter() - t0))
    return statistics.median(ms), view, rows


def bench_server(sizes: list[int], tmp: Path) -> None:
    for n in sizes:
        path = make_synthetic_store(tmp / f"events-{n}.duckdb", n)
        reader = StoreReader(path)
        t0 = time.perf_counter()
        filter_change(reader, Filters())
        first = 1000 * (time.perf_counter() - t0)
        worst = 0.0
        print(f"{n:>7,} events (first query, connection included: {first:.0f} ms)")
        for name, f in filters_for(reader).items():
            total, view, rows = time_filter_change(reader, f)
            worst = max(worst, total)
            print(f"    {name:<14} {view:<15} {rows:>6,} rows  query + figure {total:6.1f} ms")
        print(f"SUMMARY {n:,} events: worst filter change {worst:.0f} ms server-side (target <= 300 ms)")
        reader.close()


def bench_cold_start(tmp: Path, articles: int = 10_000, events: int = 100_000) -> None:
    path = make_synthetic_store(tmp / "cold.duckdb", events, n_articles=articles)
    env = {**os.environ, "DATELINE_DB": str(path), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", COLD_START, str(ROOT / "app.py")], env=env,
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"cold start failed:\n{proc.stderr[-3000:]}")
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"cold start, {articles:,} articles / {events:,} events: first run to chart {r['first']:.2f} s "
          f"(+ {r['import']:.2f} s importing Streamlit), warm rerun {r['rerun']:.2f} s")
    print(f"SUMMARY cold start to first chart {r['first']:.2f} s server-side (target <= 3 s)")


def _draw_times(browser, page_path: Path, repeat: int = 3) -> tuple[list[float], bool]:
    times, webgl = [], False
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(page_path.as_uri())
        page.wait_for_function("window.drawMs !== undefined", timeout=120_000)
        times.append(page.evaluate("window.drawMs"))
        webgl = page.evaluate("window.webgl")
        page.close()
    return times, webgl


def bench_browser(tmp: Path, n: int = 10_000) -> None:
    """Our timeline figure of ``n`` points, and beside it (same run, same browser) one plain scattergl
    trace of the same points at the same size: what WebGL costs here without our lanes, bands and hover."""
    import plotly.graph_objects as go
    from playwright.sync_api import sync_playwright
    from plotly.offline import get_plotlyjs

    reader = StoreReader(make_synthetic_store(tmp / f"browser-{n}.duckdb", n))
    df = reader.timeline(Filters(show="events"), lane="actor")
    df = df.drop_duplicates("item_id").head(n)  # one row per event: n points
    fig = timeline_figure(df, "Actor")
    reader.close()
    xs = [x for t in fig.data if (t.meta or {}).get("role") != "band" for x in (t.x if t.x is not None else ())]
    ys = [y for t in fig.data if (t.meta or {}).get("role") != "band" for y in (t.y if t.y is not None else ())]
    plain = go.Figure(go.Scattergl(x=xs, y=ys, mode="markers"),
                      layout={"height": fig.layout.height, "width": fig.layout.width})
    plotlyjs = get_plotlyjs()
    pages = {}
    for name, f in (("timeline", fig), ("plain", plain)):
        pages[name] = tmp / f"draw-{name}.html"
        pages[name].write_text(PAGE.format(plotlyjs=plotlyjs, figure=f.to_json()), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            times, webgl = _draw_times(browser, pages["timeline"])
            plain_times, _ = _draw_times(browser, pages["plain"])
        finally:
            browser.close()
    ours, ref = statistics.median(times), statistics.median(plain_times)
    print(f"browser: {len(df):,} points ({fig.layout.meta['points']:,} drawn vertices, "
          f"{'scattergl' if fig.layout.meta['webgl'] else 'svg'}, WebGL available: {webgl}, chart "
          f"{fig.layout.height} px tall): {', '.join(f'{t:.0f}' for t in times)} ms; one plain scattergl "
          f"trace of the same points and size: {', '.join(f'{t:.0f}' for t in plain_times)} ms")
    print(f"SUMMARY browser draws {len(df):,} points in {ours:.0f} ms (median of 3); plain scattergl "
          f"{ref:.0f} ms; ratio {ours / ref:.1f}x")


@contextlib.contextmanager
def _streamlit(store: Path):
    """``streamlit run app.py`` on a free port against ``store``; yields its URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATELINE_DB": str(store)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
                             str(port), "--server.headless", "true", "--server.address", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("streamlit did not start within 120 s") from None
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def presentation_briefing(store: Path, pins: int = 5) -> str:
    """A briefing of the store's ``pins`` most-mentioned events, as an analyst would pin them."""
    from dateline.briefing import BriefingStore, snapshot_items

    reader = StoreReader(store)
    events = reader.items(Filters(show="events"), limit=1_000_000)
    top = events[events["start"].notna()].nlargest(pins, "n_mentions")["item_id"].astype(str).tolist()
    items = snapshot_items(reader, top)
    reader.close()
    bs = BriefingStore.beside(store)
    bid = bs.create("Bench presentation")
    for it in items:
        bs.pin(bid, it)
    return bid


def bench_presentation(store: Path, tmp: Path, rounds: int = 3) -> None:
    """Presentation mode's "Next" and "Previous" in Chromium on a real store (a private copy)."""
    from playwright.sync_api import expect, sync_playwright

    db = tmp / "presentation.duckdb"
    shutil.copytree(store, db)
    presentation_briefing(db)
    next_ms: list[float] = []
    prev_ms: list[float] = []
    with _streamlit(db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/Briefing", wait_until="domcontentloaded")
            page.get_by_role("button", name="Present").click(timeout=180_000)
            count = page.locator(".dl-step-count")
            expect(count).to_have_text(re.compile(r"Item 1 of \d+"), timeout=120_000)
            n = int(count.inner_text().rsplit(" ", 1)[1])
            page.wait_for_selector(IDLE, timeout=120_000)

            def step(name: str, k: int, into: list[float]) -> None:
                t0 = time.perf_counter()
                page.get_by_role("button", name=name, exact=True).click()
                expect(count).to_have_text(f"Item {k} of {n}", timeout=120_000)
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                page.wait_for_selector(IDLE, timeout=120_000)
                into.append(1000 * (time.perf_counter() - t0))

            for _ in range(rounds):
                for k in range(2, n + 1):
                    step("Next", k, next_ms)
                for k in range(n - 1, 0, -1):
                    step("Previous", k, prev_ms)
        finally:
            browser.close()
    print(f"presentation of {n} items on {store.name}: Next {', '.join(f'{t:.0f}' for t in next_ms)} ms; "
          f"Previous {', '.join(f'{t:.0f}' for t in prev_ms)} ms")
    print(f"SUMMARY presentation Next median {statistics.median(next_ms):.0f} ms, Previous median "
          f"{statistics.median(prev_ms):.0f} ms in Chromium (target <= 1000 ms)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-cold-start", action="store_true")
    ap.add_argument("--presentation", type=Path, metavar="STORE",
                    help="also time presentation Next/Previous on this store (e.g. a t17-bpoil build)")
    ap.add_argument("--only-presentation", action="store_true", help="skip the synthetic benchmarks")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dateline-dash-") as tmp:
        if args.presentation and CHROMIUM.exists():
            bench_presentation(args.presentation, Path(tmp))
        if args.only_presentation:
            return 0
        bench_server(args.sizes, Path(tmp))
        if not args.no_cold_start:
            bench_cold_start(Path(tmp))
        if not args.no_browser and CHROMIUM.exists():
            bench_browser(Path(tmp), DETAIL_LIMIT)  # the most the timeline page draws one by one
            bench_browser(Path(tmp), 10_000)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
