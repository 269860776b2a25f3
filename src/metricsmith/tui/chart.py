"""A metric's trend as text: bars of Unicode eighth blocks, with the baseline and target as lines.

Drawn by hand rather than with textual-plotext (not a dependency): a monthly
metric has a handful of points, and a few lines of block characters show them
in any terminal, fit in a dialog at 80 columns, and are easy to test as text.
Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

BLOCKS = " ▁▂▃▄▅▆▇█"
BASELINE = "┈"
TARGET = "─"


def _scale(lo: float, hi: float, height: int) -> tuple[float, float]:
    """The value range shown: a little room above and below, never below zero for data that is not."""
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.05
    low = lo - pad
    if lo >= 0:
        low = max(0.0, low)
    return low, hi + pad


def _row_of(value: float, lo: float, hi: float, height: int) -> int:
    """The row (0 = bottom) whose band holds ``value``."""
    share = (value - lo) / (hi - lo)
    return max(0, min(height - 1, int(share * height)))


def trend_lines(
    points: Sequence[tuple[dt.date, float]],
    *,
    baseline: float | None = None,
    target: float | None = None,
    target_date: dt.date | None = None,
    width: int = 60,
    height: int = 6,
    number: "callable[[float], str]" = lambda v: f"{v:g}",  # type: ignore[valid-type]
) -> list[str]:
    """``height`` rows of bars (one bar per point, oldest left), then a line of dates.

    The baseline (┈) and target (─) are drawn across the empty part of their row;
    the axis labels at the left give the top and bottom of the scale. With no
    points, the lines say so and still show the baseline and target.
    """
    values = [v for _, v in points]
    marks = [v for v in (baseline, target) if v is not None]
    if not values and not marks:
        return []
    lo, hi = _scale(min(values + marks), max(values + marks), height)
    label_w = max(len(number(lo)), len(number(hi)))
    plot_w = max(1, width - label_w - 2)
    shown = list(points)[-max(1, plot_w // 2):]  # at least two columns per bar: a bar and a gap
    step = min(6, max(2, plot_w // max(1, len(shown))))
    bar = max(1, min(4, step - 1))
    grid = [[" "] * plot_w for _ in range(height)]
    for mark, char in ((baseline, BASELINE), (target, TARGET)):  # the target wins a shared row
        if mark is not None:
            row = _row_of(mark, lo, hi, height)
            grid[row] = [char] * plot_w
    for i, (_, value) in enumerate(shown):
        level = (value - lo) / (hi - lo) * height  # in rows, fractional
        for row in range(height):
            fill = level - row
            char = BLOCKS[-1] if fill >= 1 else BLOCKS[max(1, round(fill * 8))] if fill > 0 else None
            if char is not None:
                for col in range(i * step, i * step + bar):
                    grid[row][col] = char
    lines = []
    for row in range(height - 1, -1, -1):
        label = number(hi) if row == height - 1 else number(lo) if row == 0 else ""
        lines.append(f"{label:>{label_w}} │" + "".join(grid[row]).rstrip())
    axis = " " * label_w + " └" + "─" * plot_w
    lines.append(axis)
    if shown:
        first, last = shown[0][0].isoformat(), shown[-1][0].isoformat()
        dates = first if len(shown) == 1 else f"{first} … {last}"
        if target_date is not None:
            dates += f"  → {target_date.isoformat()}"
        lines.append(" " * (label_w + 2) + dates)
    elif target_date is not None:
        lines.append(" " * (label_w + 2) + f"→ {target_date.isoformat()}")
    return lines
