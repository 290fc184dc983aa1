"""PowerPoint (python-pptx): a title slide, the timeline as image slides, then one slide per item.

Each item slide gives the date as people write it, what happened or what was said, and every source
(outlet, article title, publication date, URL or file). Analyst notes go to the speaker notes, with the
source sentences for the presenter. 16:9 slides; no text smaller than 14 pt.
"""

from __future__ import annotations

import io
from datetime import date

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Inches, Pt

from dateline.briefing.models import Briefing, Item
from dateline.display.format import safe_url, truncate
from dateline.display.kinds import kind_colour
from dateline.export.chart import SLIDE_CHART_WIDTH_IN, figure_image, slide_figures
from dateline.export.common import ExportRequest, day, source_label, span, unique_articles, when, written

SLIDE_W, SLIDE_H = 13.333, 7.5
MAX_SOURCES_SHOWN = 4
TEXT = RGBColor(0x1F, 0x24, 0x30)
MUTED = RGBColor(0x5B, 0x64, 0x72)
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#")[:6].upper())


def _place(shape, left: float, top: float, width: float, height: float) -> None:  # noqa: ANN001
    shape.left, shape.top, shape.width, shape.height = Inches(left), Inches(top), Inches(width), Inches(height)


def _para(tf, text: str, size: int, *, bold: bool = False, colour: RGBColor = TEXT,  # noqa: ANN001
          first: bool = False, space_before: int = 0):
    p = tf.paragraphs[0] if first else tf.add_paragraph()
    run = p.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = colour
    if space_before:
        p.space_before = Pt(space_before)
    return p


def _title(slide, text: str, size: int = 32) -> None:  # noqa: ANN001
    shape = slide.shapes.title
    _place(shape, 0.6, 0.3, SLIDE_W - 1.2, 0.9)
    shape.text_frame.text = text
    shape.text_frame.word_wrap = True
    for p in shape.text_frame.paragraphs:
        for r in p.runs:
            r.font.size = Pt(size)
            r.font.bold = True
            r.font.color.rgb = TEXT


def _title_slide(prs: Presentation, b: Briefing) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    title = slide.shapes.title
    _place(title, 0.8, 1.5, SLIDE_W - 1.6, 1.6)
    title.text_frame.text = truncate(b.title, 140)
    for r in title.text_frame.paragraphs[0].runs:
        r.font.size, r.font.bold, r.font.color.rgb = Pt(40), True, TEXT
    sub = slide.placeholders[1]
    _place(sub, 0.8, 3.2, SLIDE_W - 1.6, 0.9)
    bits = [f"{len(b.items)} item(s)"]
    if span(b.items):
        bits.append(span(b.items))
    bits.append(f"prepared {day(date.today())}")
    sub.text_frame.text = " · ".join(bits)
    for r in sub.text_frame.paragraphs[0].runs:
        r.font.size, r.font.color.rgb = Pt(20), MUTED
    lines = [b.subtitle] if b.subtitle else []
    if b.headline and b.name and b.headline != b.name:
        lines.insert(0, f"Briefing: {b.name}")
    if b.summary.strip() or lines:
        box = slide.shapes.add_textbox(Inches(0.8), Inches(4.2), Inches(SLIDE_W - 1.6), Inches(2.8))
        tf = box.text_frame
        tf.word_wrap = True
        first = True
        if b.summary.strip():
            _para(tf, truncate(b.summary.strip(), 700), 20, first=True)
            first = False
        for line in lines:
            _para(tf, line, 16, colour=MUTED, first=first, space_before=8)
            first = False


def _timeline_slides(prs: Presentation, b: Briefing) -> int:
    figs = slide_figures(b.items)
    for k, fig in enumerate(figs, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
        _title(slide, "Timeline" + (f" ({k} of {len(figs)})" if len(figs) > 1 else ""), 28)
        png = figure_image(fig, "png", scale=2)
        w_px, h_px = int(fig.layout.width), int(fig.layout.height)
        top, max_h = 1.25, SLIDE_H - 1.25 - 0.2
        width = SLIDE_CHART_WIDTH_IN
        height = width * h_px / w_px
        if height > max_h:  # never taller than the slide; the chart is laid out to avoid this
            height, width = max_h, max_h * w_px / h_px
        slide.shapes.add_picture(io.BytesIO(png), Inches((SLIDE_W - width) / 2), Inches(top),
                                 Inches(width), Inches(height))
        slide.notes_slide.notes_text_frame.text = (
            "The timeline of the items on the following slides; the numbers match the item slides. "
            "A dot is a day; a bar is a period known only to a week, month or longer.")
    return len(figs)


def _item_slide(prs: Presentation, n: int, it: Item) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    _title(slide, f"{n}. {when(it)}", 30)
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(0.25), Inches(0.4), Inches(0.15), Inches(0.7))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(kind_colour(it.kind))
    bar.line.fill.background()

    box = slide.shapes.add_textbox(Inches(0.6), Inches(1.25), Inches(SLIDE_W - 1.2), Inches(3.4))
    tf = box.text_frame
    tf.word_wrap = True
    _para(tf, it.kind_label + (f" · {', '.join(it.actors[:4])}" if it.actors else ""), 16, colour=MUTED,
          first=True)
    body = it.headline
    size = 24 if len(body) <= 220 else 20 if len(body) <= 420 else 18
    _para(tf, truncate(body, 650), size, space_before=6)
    if it.date_text:
        _para(tf, truncate(written(it), 140), 14, colour=MUTED, space_before=6)
    if it.date_conflict:
        _para(tf, f"⚠ Date conflict: {truncate(it.conflict_note or 'the sources disagree', 200)}", 14,
              colour=_rgb("#D7191C"), space_before=4)

    src = slide.shapes.add_textbox(Inches(0.6), Inches(4.75), Inches(SLIDE_W - 1.2), Inches(2.5))
    sf = src.text_frame
    sf.word_wrap = True
    arts = unique_articles(it)
    _para(sf, f"Sources ({len(arts)})", 16, bold=True, first=True)
    for s in arts[:MAX_SOURCES_SHOWN]:
        url = safe_url(s.url)
        p = _para(sf, f"{source_label(s)} — {truncate(s.title or s.file, 90)} — {day(s.published)} — ", 14,
                  space_before=4)
        run = p.add_run()
        run.text = url or s.url or (f"file: {s.file}" if s.file else "no link")
        run.font.size, run.font.color.rgb = Pt(14), MUTED
        if url:
            run.hyperlink.address = url
    if len(arts) > MAX_SOURCES_SHOWN:
        _para(sf, f"… and {len(arts) - MAX_SOURCES_SHOWN} more (see the speaker notes)", 14, colour=MUTED)

    notes = []
    if it.note.strip():
        notes.append(f"Analyst note: {it.note.strip()}")
    notes.append("Source sentences:")
    for s in it.sources:
        notes.append(f"- {source_label(s)}, {s.title or s.file}, {day(s.published)}: {s.sentence}")
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def export_pptx(req: ExportRequest) -> bytes:
    b = req.view
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(Inches(SLIDE_W)), Emu(Inches(SLIDE_H))
    prs.core_properties.title = truncate(b.title, 200)
    _title_slide(prs, b)
    _timeline_slides(prs, b)
    for n, it in enumerate(b.items, start=1):
        _item_slide(prs, n, it)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
