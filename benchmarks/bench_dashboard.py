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
- the Timeline page in Chromium on a real store (``--timeline STORE``, e.g. a t17-bpoil build): a shared
  link until its chart and its item's evidence show (first visit: fresh server and browser; cold: a view
  the server has not computed, in a browser that has opened Dateline before; warm: again), sidebar
  changes (searches, lanes, show; each a view new to the server) until the chart is redrawn, and clicks on
  chart points until their evidence shows; ``--compare DIR`` times another checkout of the app (e.g.
  ``git archive main | tar -x -C DIR``) in the same run, before this one.
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


# -- the Timeline page in headless Chromium on a real store: what an analyst waits for ----------------
# Each figure is the wall time from the browser action until the page shows its result: the script run
# finished, no element still stale, and the chart redrawn / the evidence shown. Every filter change asks
# for a view the server has not computed yet, so its caches do not hide the cost.
FILTER_CHANGES = (("search", "cap"), ("lanes", "Outlet"), ("search", "moratorium"), ("show", "Events only"),
                  ("search", "dispersant"), ("lanes", "Actor"), ("search", "hearing"),
                  ("show", "Events and statements"), ("search", "relief well"))
_IDLE = """() => { const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.dataset.testScriptState === 'notRunning'
        && document.querySelectorAll('[data-stale="true"]').length === 0; }"""
_CHART = """() => { const gd = document.querySelector('.js-plotly-plot');
    return gd && gd.data && gd._fullLayout ? JSON.stringify([gd.data.length, gd.layout.meta || null,
        gd.data.map(t => (t.x || []).length)]) : null; }"""
_EVIDENCE = "() => Array.from(document.querySelectorAll('h4')).map(h => h.innerText).join('|') || null"
_DAY_POINTS = """() => { const gd = document.querySelector('.js-plotly-plot');
    return gd._fullData.map((t, i) => [i, (t.meta && t.meta.role === 'day') ? (t.x || []).length : 0])
        .filter(p => p[1] > 0); }"""


def _timeline_server(root: Path, store: Path) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` of ``root``'s app.py on a free port against ``store``: the process and its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATELINE_DB": str(store), "PYTHONPATH": str(root)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(root / "app.py"), "--server.port",
                             str(port), "--server.headless", "true", "--server.address", "127.0.0.1"],
                            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{url}_stcore/health", timeout=2):
                return proc, url
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise SystemExit(f"streamlit did not start from {root}") from None
            time.sleep(0.3)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _until_changed(page, js: str, before: str | None, timeout_s: float = 180) -> None:
    """Wait until ``js`` gives something new (not null, not ``before``) and the page is idle."""
    page.wait_for_function(f"(b) => {{ const v = ({js})(); return v !== null && v !== b && ({_IDLE})(); }}",
                           arg=before, timeout=timeout_s * 1000, polling=50)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _open(page, url: str, evidence: bool) -> float:
    """Seconds from opening ``url`` until its chart is drawn (and, with ``evidence``, an item's evidence)."""
    t0 = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=180_000)
    _until_changed(page, _EVIDENCE if evidence else _CHART, None)
    return time.perf_counter() - t0


def _filter_change(page, how: str, value: str) -> float:
    """One sidebar change (a search, the lane or show radio); seconds until the chart is redrawn."""
    before = page.evaluate(_CHART)
    sidebar = page.locator('[data-testid="stSidebar"]')
    if how == "search":
        box = sidebar.get_by_role("textbox", name="Search text")
        box.fill(value)
        t0 = time.perf_counter()
        box.press("Enter")
    else:
        option = sidebar.get_by_text(value, exact=True)
        t0 = time.perf_counter()
        option.click()
    _until_changed(page, _CHART, before)
    return time.perf_counter() - t0


def _click_point(page, n: int) -> float:
    """Click the ``n``-th day marker (in trace order, wrapping) and wait for its evidence."""
    traces = page.evaluate(_DAY_POINTS)
    total = sum(k for _, k in traces)
    n %= max(total, 1)
    chosen = traces[-1][0]
    for index, k in traces:
        if n < k:
            chosen = index
            break
        n -= k
    point = page.locator(".js-plotly-plot .scatterlayer .trace").nth(chosen).locator(".point").nth(n)
    before = page.evaluate(_EVIDENCE)
    t0 = time.perf_counter()
    point.click(force=True)
    _until_changed(page, _EVIDENCE, before)
    return time.perf_counter() - t0


def _timed(action, *args: object) -> float:
    """The seconds ``action(*args)`` measured, or NaN when the page never showed its result (reported,
    not fatal)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return action(*args)
    except PlaywrightTimeout:
        return float("nan")


def timeline_page_times(roots: dict[str, Path], store: Path, link: dict[str, str], detail: str,
                        clicks: int = 5) -> dict[str, dict[str, list[float]]]:
    """Seconds per interaction on the Timeline page of each checkout in ``roots`` on ``store``, taking
    turns interaction by interaction (so a busy machine slows both alike).

    ``link[name]`` is the shared link's query string for each checkout, opened three ways: on a fresh
    server in a fresh browser ("first visit": nothing cached anywhere); on a fresh server where someone
    has opened the start page, in a browser that has opened Dateline before ("cold link": the linked view
    is computed for it, the usual case); and once more ("warm link"). Then the sidebar changes of
    ``FILTER_CHANGES`` from the start page, and ``clicks`` clicks on chart points in the ``detail`` view.
    A link with ``item=`` waits for that item's evidence too."""
    from playwright.sync_api import sync_playwright

    kinds = ("first visit", "cold link", "warm link", "filter change", "click → evidence")
    out = {name: {k: [] for k in kinds} for name in roots}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        ctx = {name: browser.new_context(viewport={"width": 1400, "height": 1000}) for name in roots}
        servers: dict[str, tuple[subprocess.Popen, str]] = {}
        try:
            for name, root in roots.items():
                servers[name] = _timeline_server(root, store)
            for name in roots:
                url, ev = servers[name][1] + link[name], "item=" in link[name]
                out[name]["first visit"].append(_timed(_open, ctx[name].new_page(), url, ev))
            for name, root in roots.items():  # fresh servers; the browsers keep their HTTP caches
                _stop(servers[name][0])
                servers[name] = _timeline_server(root, store)
                _open(ctx[name].new_page(), servers[name][1], evidence=False)
            for kind in ("cold link", "warm link"):
                for name in roots:
                    url, ev = servers[name][1] + link[name], "item=" in link[name]
                    out[name][kind].append(_timed(_open, ctx[name].new_page(), url, ev))
            pages = {name: ctx[name].new_page() for name in roots}
            for name, page in pages.items():
                _open(page, servers[name][1], evidence=False)
            for how, value in FILTER_CHANGES:
                for name, page in pages.items():
                    out[name]["filter change"].append(_timed(_filter_change, page, how, value))
            for name, page in pages.items():
                _open(page, servers[name][1] + detail, evidence=False)
            for n in range(clicks):
                for name, page in pages.items():
                    out[name]["click → evidence"].append(_timed(_click_point, page, 37 * n + 5))
        finally:
            for proc, _ in servers.values():
                _stop(proc)
            browser.close()
    return out


def linked_item(store: Path, text: str) -> str:
    """A well-reported event matching ``text`` inside the store's story window: what a colleague links."""
    from dateline.story.window import story_window

    reader = StoreReader(store)
    window = story_window(reader.day_counts(Filters(text=text)))
    items = reader.items(Filters(text=text, show="events", date_from=window.start if window else None,
                                 date_to=window.end if window else None), limit=100_000)
    reader.close()
    items = items[items["granularity"] == "day"]
    return str(items.sort_values(["n_mentions", "item_id"], ascending=[False, True])["item_id"].iloc[0])


def bench_timeline_page(store: Path, compare: Path | None = None, clicks: int = 5, text: str = "cap") -> None:
    """The Timeline page's interactions in Chromium, for this checkout and ``compare`` (another) in turns."""
    item = linked_item(store, text)
    roots = ({"compared": compare} if compare else {}) | {"this": ROOT}
    links = {name: f"?q={text}" + ("&item=" + item if name == "this" else "") for name in roots}
    times = timeline_page_times(roots, store, links, f"?q={text}", clicks)
    for name, by_kind in times.items():
        for what, secs in by_kind.items():
            print(f"timeline page [{name}] {what:<17} " + ", ".join(f"{s:.2f}" for s in secs) + " s")
    for name, by_kind in times.items():
        print(f"SUMMARY timeline page [{name}] on {store.name}: " + "; ".join(
            f"{what} median {statistics.median(secs):.2f} s" for what, secs in by_kind.items() if secs)
            + " (targets: filter change and click <= 1 s, cold link <= 5 s)")
@contextlib.contextmanager
def _streamlit(store: Path):
    """``streamlit run app.py`` of this checkout against ``store``; yields its URL (no trailing slash)."""
    proc, url = _timeline_server(ROOT, store)
    try:
        yield url.rstrip("/")
    finally:
        _stop(proc)


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
    ap.add_argument("--timeline", type=Path, metavar="STORE",
                    help="time the Timeline page in Chromium on this store (e.g. a t17-bpoil build) and stop")
    ap.add_argument("--compare", type=Path, metavar="DIR", help="with --timeline: also time this checkout")
    ap.add_argument("--clicks", type=int, default=5, help="with --timeline: chart clicks to time")
    ap.add_argument("--presentation", type=Path, metavar="STORE",
                    help="also time presentation Next/Previous on this store (e.g. a t17-bpoil build)")
    ap.add_argument("--only-presentation", action="store_true", help="skip the synthetic benchmarks")
    args = ap.parse_args(argv)
    if args.timeline:
        bench_timeline_page(args.timeline.resolve(), args.compare.resolve() if args.compare else None,
                            args.clicks)
        return 0
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
