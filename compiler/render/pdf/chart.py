"""The digest's bar chart, drawn with plain canvas operations.

Horizontal bars, because long Chinese category names read better on the left than slanted
below. reportlab's chart widgets build a graph of shapes and validate every attribute they
set, which made the chart a sixth of the time of a short digest; a few rectangles, lines and
strings draw the same picture.
"""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

GRID = colors.HexColor("#E0E0E0")
BAR_SHARE = 0.55  # of each category's band, the rest is the gap between bars
TICKS = 5


def value_axis(top: int) -> tuple[int, int]:
    """(step, maximum) of a value axis over 0..top: about five whole-number steps, with room
    to spare above the longest bar."""
    step = max(1, -(-top // TICKS))
    return step, step * (-(-top // step) + (1 if top % step == 0 else 0))


class BarChart(Flowable):
    """Counts by label, first label on top, each bar labelled with its count."""

    def __init__(self, labels: list[str], counts: list[int], *, font: str, size: float,
                 width: float, height: float, bar_color: colors.Color, text_color: colors.Color,
                 axis_color: colors.Color):
        super().__init__()
        self.labels, self.counts = labels, counts
        self.font, self.size = font, size
        self.width, self.height = width, height
        self.bar_color, self.text_color, self.axis_color = bar_color, text_color, axis_color

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        c, size = self.canv, self.size
        label_w = max(stringWidth(label, self.font, size) for label in self.labels) + 8
        left, right = label_w, self.width - 30
        bottom, top = 18.0, self.height - 6
        step, maximum = value_axis(max(self.counts, default=0))
        scale = (right - left) / maximum
        c.setFont(self.font, size)
        c.setLineWidth(0.5)
        # the value axis: grid lines, ticks and numbers
        for value in range(0, maximum + 1, step):
            x = left + value * scale
            c.setStrokeColor(GRID)
            c.line(x, bottom, x, top)
            c.setStrokeColor(self.axis_color)
            c.line(x, bottom, x, bottom - 3)
            c.setFillColor(self.text_color)
            c.drawCentredString(x, bottom - 3 - size, str(value))
        c.setStrokeColor(self.axis_color)
        c.line(left, bottom, right, bottom)
        c.line(left, bottom, left, top)
        # one band per category, the first at the top
        band = (top - bottom) / len(self.labels)
        bar = band * BAR_SHARE
        for k, (label, count) in enumerate(zip(self.labels, self.counts)):
            middle = top - band * (k + 0.5)
            c.setFillColor(self.bar_color)
            c.rect(left, middle - bar / 2, count * scale, bar, stroke=0, fill=1)
            c.setFillColor(self.text_color)
            baseline = middle - size * 0.35  # optical middle of the digits and characters
            c.drawRightString(left - 4, baseline, label)
            c.drawString(left + count * scale + 3, baseline, str(count))
