"""PNG and SVG of the export chart (kaleido with Debian's chromium; see ``chart.figure_image``)."""

from __future__ import annotations

from dateline.export.chart import chart_figure, figure_image
from dateline.export.common import ExportRequest


def export_png(req: ExportRequest) -> bytes:
    return figure_image(chart_figure(req.view.items, req.view.title), "png", scale=2)


def export_svg(req: ExportRequest) -> bytes:
    return figure_image(chart_figure(req.view.items, req.view.title), "svg")
