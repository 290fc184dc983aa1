"""In Chromium, plotly.js draws each item in its own year, for years 1 to 9999.

The figures' x values are checked in tests/test_figure_dates.py; this reads where plotly.js actually put
each marker (its pixel position turned back into a date by the axis), on the dashboard's timeline figure
and on the HTML export's chart.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dateline import export as exporter
from dateline.briefing import Briefing, Item
from dateline.display.timeline import timeline_figure

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (make chromium)"),
]

DAYS = [date(1, 1, 1), date(1499, 3, 1), date(2022, 12, 1), date(2999, 12, 30), date(9999, 12, 31)]

# Each drawn marker's centre (pixels along the x axis), and where the axis puts each expected noon.
_DRAWN = """(expected) => {
  const drawn = [], want = [];
  let width = 0;
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const ax = gd._fullLayout.xaxis;
    for (const p of gd.querySelectorAll('.scatterlayer .trace .points path.point')) {
      const m = /translate\\(([-\\d.e]+)/.exec(p.getAttribute('transform') || '');
      if (m) drawn.push(parseFloat(m[1]));
    }
    for (const d of expected) want.push(ax.d2p(d));
    want.push(ax.d2p('2000-01-01') - ax.d2p('1999-01-01'));  // pixels per year, last
    width = ax._length;
  }
  return {drawn, want, width};
}"""


def _drawn_and_expected(html_path: Path) -> tuple[list[float], list[float], float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(html_path.as_uri(), wait_until="load")
            page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
            out = page.evaluate(_DRAWN, [f"{d.isoformat()} 12:00" for d in DAYS])
            assert not errors, errors
            *want, per_year = out["want"]
            # on the chart, not off its edge (Plotly falls back to showing the year 2000 when its padded
            # autorange leaves year 9999, and every point is then drawn outside the plot)
            assert all(0 <= x <= out["width"] for x in out["drawn"]), (out["drawn"], out["width"])
            return out["drawn"], want, per_year
        finally:
            browser.close()


def _assert_each_day_drawn_where_it_belongs(html_path: Path) -> None:
    drawn, want, per_year = _drawn_and_expected(html_path)
    assert len(drawn) == len(DAYS) and per_year > 0.05
    for d, px in zip(DAYS, want, strict=True):  # a wrapped date lands centuries (hundreds of pixels) away
        assert min(abs(px - x) for x in drawn) < 0.5, (d, px, drawn)
    assert sorted(drawn) == pytest.approx(sorted(want), abs=0.5)


def test_the_dashboard_timeline_draws_every_year_where_it_belongs(tmp_path: Path):
    rows = [{"item_id": f"i{n}", "item_type": "event", "kind": "meeting", "title": f"Item {n}", "start": d,
             "end": d, "granularity": "day", "date_text": "then", "outlets": "Outlet", "n_outlets": 1,
             "actors": "Alpha", "date_conflict": False, "conflict_note": None, "quote": None, "speaker": None,
             "n_mentions": 1, "lane": "Alpha"} for n, d in enumerate(DAYS)]
    page = tmp_path / "timeline.html"
    page.write_text(timeline_figure(pd.DataFrame(rows)).to_html(include_plotlyjs=True), encoding="utf-8")
    _assert_each_day_drawn_where_it_belongs(page)


def test_the_html_export_chart_draws_every_year_where_it_belongs(tmp_path: Path):
    items = [Item(f"e{n}", "event", "meeting", f"Thing {n}", start=d, end=d, actors=("Alpha",))
             for n, d in enumerate(DAYS)]
    page = tmp_path / "export.html"
    page.write_bytes(exporter.render_bytes(None, "html", briefing=Briefing(name="Edges", items=items)))
    _assert_each_day_drawn_where_it_belongs(page)
