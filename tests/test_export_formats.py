"""Every export format opened by the library that reads it, on the seed store and on a briefing.

Images (kaleido + chromium) are rendered once per session: the pptx, png and svg fixtures share one
kaleido server.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from dateline import export as exporter
from dateline.briefing import Briefing, BriefingStore, Item, Source, current_view, snapshot_items
from dateline.export.chart import (
    FONT_PX,
    MAX_ITEM_ROWS,
    ROW_PX,
    SLIDE_CHART_WIDTH_IN,
    chart_figure,
    font_points,
    slide_figures,
)
from dateline.export.common import citation, when
from dateline.settings import PROJECT_ROOT
from dateline.store.query import Filters, StoreReader
from tests.conftest import SEED_CORPUS

SCHEMA = PROJECT_ROOT.parent / "shared" / "contract" / "export.schema.json"
HOSTILE = "<script>alert('x')</script> & “quoted”"


@pytest.fixture(scope="module")
def reader(seed_store: Path) -> StoreReader:
    return StoreReader(seed_store)


@pytest.fixture(scope="module")
def briefing(reader: StoreReader) -> Briefing:
    """Three real items (an event with a date, a statement, a coarse-dated item) with notes."""
    items = reader.items(Filters(), limit=100_000)
    events = items[(items["item_type"] == "event") & (items["granularity"] == "day")]["item_id"].tolist()
    statements = items[items["item_type"] == "statement"]["item_id"].tolist()
    coarse = items[items["granularity"].isin(["month", "week", "year"])]["item_id"].tolist()
    ids = [events[0], statements[0], coarse[0]]
    snaps = snapshot_items(reader, ids)
    snaps = [it.with_note(f"note {n} {HOSTILE}") for n, it in enumerate(snaps, start=1)]
    return Briefing(name="Seed briefing", headline=f"Talks headline {HOSTILE}", summary=f"Summary {HOSTILE}",
                    items=snaps)


@pytest.fixture(scope="module")
def rendered(reader: StoreReader, briefing: Briefing) -> dict[str, bytes]:
    """Every format of the briefing, rendered once."""
    return {fmt: exporter.render_bytes(reader, fmt, briefing=briefing) for fmt in exporter.FORMATS}


# -- dates and sources read as people write them ---------------------------------------------------
def test_dates_are_written_at_their_precision():
    day = Item("x", "event", "meeting", "t", start=date(2022, 12, 1), end=date(2022, 12, 1))
    month = Item("y", "event", "meeting", "t", start=date(2022, 11, 1), end=date(2022, 11, 30),
                 granularity="month")
    assert when(day) == "1 Dec 2022"
    assert when(month) == "November 2022"
    assert when(Item("z", "event", "other", "t")) == "undated"
    s = Source("a1", outlet="Reuters", title="T", published=date(2022, 12, 2), file="a.txt")
    assert citation(s) == "Reuters, “T”, published 2 Dec 2022, file: a.txt"
    assert "https://x.org/a" in citation(Source("a2", url="https://x.org/a"))


# -- pptx ------------------------------------------------------------------------------------------
def _pptx(data: bytes):
    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def _slide_text(slide) -> str:  # noqa: ANN001
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


def test_pptx_title_timeline_and_one_slide_per_item(rendered: dict[str, bytes], briefing: Briefing):
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = _pptx(rendered["pptx"])
    slides = list(prs.slides)
    n_charts = len(slide_figures(briefing.items))
    assert len(slides) == 1 + n_charts + len(briefing.items)
    assert "Talks headline" in _slide_text(slides[0]) and "Summary" in _slide_text(slides[0])
    assert any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in slides[1].shapes)
    for it, slide in zip(briefing.items, slides[1 + n_charts:], strict=True):
        text = _slide_text(slide)
        assert when(it) in text
        assert it.headline[:40] in text
        for s in it.sources:
            assert (s.outlet or "Unknown outlet") in text
            assert (s.url or s.file) in text
        assert it.note in slide.notes_slide.notes_text_frame.text
    sizes = [r.font.size.pt for s in slides for sh in s.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for r in p.runs if r.font.size is not None]
    assert min(sizes) >= 14
    # Every shape stays on the slide.
    for s in slides:
        for sh in s.shapes:
            assert sh.left + sh.width <= prs.slide_width and sh.top + sh.height <= prs.slide_height


def test_pptx_without_a_briefing_is_the_filtered_view(reader: StoreReader):
    f = Filters(text="biden")
    expected = reader.items(f)
    prs = _pptx(exporter.render_bytes(reader, "pptx", filters=f))
    view = current_view(reader, f)
    assert len(view.items) == len(expected) > 0
    assert len(prs.slides) == 1 + len(slide_figures(view.items)) + len(expected)
    assert "biden" in _slide_text(list(prs.slides)[0]).lower()


# -- the chart is legible at slide size -----------------------------------------------------------
def test_charts_are_legible_at_slide_size():
    assert font_points() >= 14  # the chart's type printed at its width on a slide
    items = [Item(f"i{k}", "event", "meeting", f"Meeting number {k} about a long and winding subject",
                  start=date(2022, 11, 1 + k % 28), end=date(2022, 11, 1 + k % 28))
             for k in range(MAX_ITEM_ROWS)]
    fig = chart_figure(items)
    labels = list(fig.layout.yaxis.categoryarray)
    assert len(labels) == len(set(labels)) == MAX_ITEM_ROWS  # one row per item: labels cannot overlap
    assert ROW_PX >= 1.5 * FONT_PX
    for f in slide_figures(items):
        height_in = SLIDE_CHART_WIDTH_IN * f.layout.height / f.layout.width
        assert height_in <= 7.5 - 1.25


# -- html ------------------------------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):  # noqa: ANN001
        self.text.append(data)


def test_html_is_standalone_and_lists_items_with_sources(rendered: dict[str, bytes], briefing: Briefing):
    page = rendered["html"].decode("utf-8")
    parser = _Tags()
    parser.feed(page)
    scripts = [a for t, a in parser.tags if t == "script"]
    assert scripts and all(not a.get("src") for a in scripts)  # plotly.js inlined
    assert all(not re.match(r"(https?:)?//", a.get("href") or "") for t, a in parser.tags if t == "link")
    assert "@import" not in page and "fonts.googleapis" not in page
    assert "Plotly.newPlot" in page
    text = " ".join(parser.text)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page  # article/analyst text escaped
    rows = [a for t, a in parser.tags if t == "tr"]
    assert len(rows) == 1 + len(briefing.items)
    for it in briefing.items:
        assert when(it) in text
        for s in it.sources:
            assert (s.outlet or "Unknown outlet") in text
            assert (s.title or s.file) in text


# -- png and svg -----------------------------------------------------------------------------------
def test_png_and_svg_of_the_chart(rendered: dict[str, bytes], briefing: Briefing):
    from PIL import Image

    img = Image.open(io.BytesIO(rendered["png"]))
    img.load()
    assert img.format == "PNG" and img.width >= 2000 and img.height >= 400
    root = ET.fromstring(rendered["svg"])
    assert root.tag.endswith("svg")
    svg_text = " ".join(t for t in root.itertext())
    for it in briefing.items:
        assert when(it) in svg_text  # the date written beside each mark


# -- md --------------------------------------------------------------------------------------------
def test_markdown_brief_cites_every_source(rendered: dict[str, bytes], briefing: Briefing):
    md = rendered["md"].decode("utf-8")
    body, _, sources = md.partition("## Sources")
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = dict(re.findall(r"^\[(\d+)\] (.+)$", sources, flags=re.M))
    assert cited and cited == {int(n) for n in listed}
    for it in briefing.items:
        assert when(it) in body
        assert it.note.split(" ")[0] in body
        for s in it.sources:
            line = next(v for v in listed.values() if (s.title or s.file).replace("_", "\\_") in v)
            assert (s.outlet or "Unknown outlet") in line and "published" in line
    assert "<script>" not in md  # escaped for Markdown renderers


# -- csv -------------------------------------------------------------------------------------------
def test_csv_lists_every_item_with_its_sources_in_few_queries(seed_store: Path):
    reader = StoreReader(seed_store)
    calls = []
    original = reader._df

    def counting(sql, params=None):  # noqa: ANN001
        calls.append(sql)
        return original(sql, params)

    reader._df = counting  # type: ignore[method-assign]
    text = exporter.render(reader, "csv")
    assert len(calls) <= 3  # items, the same items in full, all their sources: never one per item
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = original("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM statements) AS n")
    assert len(rows) == int(expected["n"].iloc[0])
    assert {r["item_type"] for r in rows} == {"event", "statement"}
    assert all(r["sources"] for r in rows)
    assert all(r["speaker"] for r in rows if r["item_type"] == "statement")
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", r["start"]) for r in rows if r["start"])


# -- timelinejs ------------------------------------------------------------------------------------
def test_timelinejs_events_have_date_parts_headline_text_and_group(reader: StoreReader):
    doc = json.loads(exporter.render(reader, "timelinejs"))
    view = current_view(reader)
    dated = [it for it in view.items if it.start]
    assert len(doc["events"]) == len(dated) > 0
    assert doc["title"]["text"]["headline"]
    for ev, it in zip(doc["events"], dated, strict=True):
        for part in ("start_date", "end_date"):
            assert set(ev[part]) >= {"year", "month", "day"}
            assert int(ev[part]["year"]) > 1000 and 1 <= int(ev[part]["month"]) <= 12
        assert ev["text"]["headline"] and "Sources" in ev["text"]["text"]
        assert ev["group"] == it.kind_label
        assert ev["display_date"] == when(it)
    # A whole month reads as "November 2022" (a part of one, like mid-January, as its days).
    months = [ev for ev, it in zip(doc["events"], dated, strict=True)
              if it.granularity == "month" and it.start.day == 1 and it.end.month != (it.end + timedelta(days=1)).month]
    assert months and all(re.fullmatch(r"[A-Z][a-z]+ \d{4}", ev["display_date"]) for ev in months)


def test_timelinejs_escapes_text(rendered: dict[str, bytes]):
    doc = json.loads(rendered["timelinejs"])
    blob = json.dumps(doc, ensure_ascii=False)
    assert "<script>" not in blob and "&lt;script&gt;" in blob


# -- json ------------------------------------------------------------------------------------------
def test_json_with_a_briefing_still_validates(rendered: dict[str, bytes], briefing: Briefing):
    if not SCHEMA.exists():
        pytest.skip("../shared/contract is not beside the project")
    doc = json.loads(rendered["json"])
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [i["item_id"] for i in doc["briefing"]["items"]] == briefing.item_ids()


# -- registry and command line ---------------------------------------------------------------------
def test_a_plain_function_can_be_registered(reader: StoreReader):
    exporter.FORMATS["count"] = lambda r: str(r.counts()["articles"]).encode()
    try:
        assert exporter.render_bytes(reader, "count") == b"5"
    finally:
        del exporter.FORMATS["count"]
    with pytest.raises(exporter.UnknownFormat):
        exporter.render_bytes(reader, "nope")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dateline", *args], capture_output=True, cwd=PROJECT_ROOT,
                          timeout=600)


def test_cli_exports_a_saved_briefing(tmp_path: Path, seed_store: Path, briefing: Briefing):
    db = tmp_path / "store.duckdb"
    shutil.copytree(seed_store, db)
    bs = BriefingStore.beside(db)
    bid = bs.create("Desk brief", headline="Desk headline")
    for it in briefing.items:
        bs.pin(bid, it)
    out = tmp_path / "brief.md"
    proc = _run("export", "--corpus", str(SEED_CORPUS), "--db", str(db), "--format", "md",
                "--output", str(out), "--briefing", "Desk brief")
    assert proc.returncode == 0, proc.stderr.decode()
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Desk headline")
    assert len(re.findall(r"^\d+\. \*\*", md, flags=re.M)) == len(briefing.items)
    missing = _run("export", "--corpus", str(SEED_CORPUS), "--db", str(db), "--format", "md",
                   "--output", str(tmp_path / "x.md"), "--briefing", "No such")
    assert missing.returncode != 0 and b"Desk brief" in missing.stderr
