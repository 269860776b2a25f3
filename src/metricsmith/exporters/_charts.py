"""Trend charts as inline SVG: check-ins as a line, baseline and target as dashed lines, the target date.

Why hand-written SVG rather than a charting library: the report has to be one
self-contained file that prints, with no JavaScript and no network, and a line
chart of at most a few dozen points is a few ``<path>`` elements. Every chart is
drawn from numbers only; text goes through :func:`html.escape`.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.models.metric import Metric

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 14, 30


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def trend_svg(metric: "Metric", labels: dict[str, str], number: "callable[[float], str]") -> str:  # type: ignore[valid-type]
    """The chart of ``metric``'s check-ins, or ``""`` when it has none.

    ``labels`` names the lines (baseline, target, target_date); ``number`` writes a
    value the way the report's language does.
    """
    points = [(o.date, o.value) for o in metric.history]
    if not points:
        return ""
    days = [d for d, _ in points]
    if metric.target_date is not None:
        days.append(metric.target_date)
    if metric.start_date is not None:
        days.append(metric.start_date)
    first, last = min(days), max(days)
    span_days = max((last - first).days, 1)
    values = [v for _, v in points] + [v for v in (metric.baseline, metric.target) if v is not None]
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - first).days / span_days

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    parts = [
        f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(metric.name)}">',
        f'<path class="axis" d="M{LEFT} {TOP}V{TOP + plot_h}H{LEFT + plot_w}" fill="none" stroke="#9aa1ab" stroke-width="1"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" class="tick">{escape(number(high))}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" class="tick">{escape(number(low))}</text>',
    ]
    for key, value, colour in (("baseline", metric.baseline, "#8a8f98"), ("target", metric.target, "#1b7f3b")):
        if value is None:
            continue
        yy = f"{y(value):.1f}"
        parts.append(f'<path class="{key}" d="M{LEFT} {yy}H{LEFT + plot_w}" stroke="{colour}" stroke-width="1.5" '
                     f'stroke-dasharray="6 4" fill="none"/>')
        parts.append(f'<text x="{LEFT + plot_w - 2}" y="{float(yy) - 4:.1f}" text-anchor="end" class="lbl" '
                     f'fill="{colour}">{escape(labels[key])}: {escape(number(value))}</text>')
    if metric.target_date is not None:
        xx = f"{x(metric.target_date):.1f}"
        parts.append(f'<path class="target-date" d="M{xx} {TOP}V{TOP + plot_h}" stroke="#c62828" stroke-width="1" '
                     f'stroke-dasharray="2 3" fill="none"/>')
        parts.append(f'<text x="{xx}" y="{HEIGHT - 6}" text-anchor="end" class="tick" fill="#c62828">'
                     f'{escape(labels["target_date"])} {metric.target_date.isoformat()}</text>')
    line = "M" + "L".join(f"{x(d):.1f} {y(v):.1f}" for d, v in points)
    parts.append(f'<path class="line" d="{line}" stroke="#1f5fa8" stroke-width="2" fill="none"/>')
    parts.extend(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="2.5" fill="#1f5fa8"/>' for d, v in points)
    first_obs, last_obs = metric.history[0], metric.history[-1]
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 6}" class="tick">{escape(first_obs.period or first_obs.date.isoformat())}</text>')
    if len(points) > 1:
        parts.append(f'<text x="{x(last_obs.date):.1f}" y="{TOP + plot_h + 12}" text-anchor="middle" class="tick">'
                     f'{escape(last_obs.period or last_obs.date.isoformat())}</text>')
    parts.append("</svg>")
    return "".join(parts)
