"""``impossible-value``: numbers that cannot happen for the metric they belong to.

The metric is recognised by its catalog id (the catalog's ``bounds``) or by its name (NPS,
GRR, NRR, shares and percentages). Percent-like names that may exceed 100 % (growth, NRR,
ROI, plan attainment, margins) are exempt from the ceiling. NRR below GRR is checked between
the metrics of the set, and the NPS bands written in a formula are compared with 0–6/7–8/9–10.
"""

from __future__ import annotations

import re
from functools import lru_cache

from metricsmith.models.project import Finding
from metricsmith.rules.classify import name_stems_cached as name_stems
from metricsmith.rules.context import AuditContext, finding
from metricsmith.rules.lexicon import load_lexicon
from metricsmith.rules.registry import text
from metricsmith.rules.suggest import catalog_entry
from metricsmith.text import normalise, stems

FIELDS = ("baseline", "target", "actual")
_RANGE_RE = re.compile(r"(-?\d+)\s*(?:-|–|—|\.\.\.?|…|to|до|or|или|and|и|/)\s*(\d+)")


def kind_of(name: str, catalog_id: str | None) -> str | None:
    """"nps", "grr" or "nrr" when the metric is one of these, else None."""
    if catalog_id in ("nps", "grr", "nrr"):
        return catalog_id
    st = name_stems(name)
    names = load_lexicon().metric_names
    # GRR before NRR: "gross revenue retention" must not read as NRR.
    for key in ("grr", "nrr", "nps"):
        if names[key].find(st) >= 0:
            return key
    return None


def bounds_for(name: str, unit: str, catalog_id: str | None) -> tuple[float | None, float | None]:
    entry = catalog_entry(catalog_id)
    if entry is not None and entry.bounds != (None, None):
        return entry.bounds
    kind = kind_of(name, catalog_id)
    if kind == "nps":
        return (-100.0, 100.0)
    if kind == "grr":
        return (0.0, 100.0)
    if kind == "nrr":
        return (0.0, None)
    lex = load_lexicon()
    st = name_stems(name)
    u = unit.strip()
    if lex.over_100_ok.find(st) >= 0 or (u and u != "%"):  # a unit such as USD or days is not a share
        return (None, None)
    if u == "%" or lex.share_markers.find(st) >= 0:
        return (0.0, 100.0)
    return (None, None)


@lru_cache(maxsize=1)
def _band_re() -> re.Pattern[str]:
    words: list[tuple[str, str]] = []
    lex = load_lexicon()
    for band, (stem_set, _) in lex.nps_bands.items():
        for s in stem_set:
            words.append((s, band))
    alternation = "|".join(f"(?P<{band}_{n}>{re.escape(s)})" for n, (s, band) in enumerate(sorted(words, key=lambda w: -len(w[0]))))
    return re.compile(rf"\b(?:{alternation})\w*")


def band_errors(formula: str) -> list[tuple[str, str, tuple[int, int]]]:
    """NPS bands defined in ``formula`` that differ from the standard: (band, found, expected)."""
    if not formula:
        return []
    lex = load_lexicon()
    t = normalise(formula)
    out = []
    for match in _band_re().finditer(t):
        band = next(k for k, v in match.groupdict().items() if v).rsplit("_", 1)[0]
        window = t[match.end() : match.end() + 40]
        rng = _RANGE_RE.search(window)
        if not rng:
            continue
        lo, hi = int(rng.group(1)), int(rng.group(2))
        expected = lex.nps_bands[band][1]
        if (lo, hi) != expected:
            out.append((match.group(0), f"{lo}–{hi}", expected))
    return out


def _out_of(value: float, low: float | None, high: float | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)


def check(ctx: AuditContext) -> list[Finding]:
    out: list[Finding] = []
    grr: list[int] = []
    nrr: list[int] = []
    for i, m in enumerate(ctx.metrics):
        if m.baseline is None and m.target is None and m.actual is None and not m.formula:
            continue  # nothing to check (the common case of a list of names)
        kind = kind_of(m.name, m.catalog_id)
        if kind == "grr":
            grr.append(i)
        elif kind == "nrr":
            nrr.append(i)
        lang = ctx.lang_for(i)
        values = [(f, getattr(m, f)) for f in FIELDS if getattr(m, f) is not None]
        if values:
            low, high = bounds_for(m.name, m.unit, m.catalog_id)
            if low is not None or high is not None:
                for f, value in values:
                    if _out_of(value, low, high):
                        field_name = text("impossible-value", f"field_{f}", lang)
                        out.append(
                            finding(
                                "impossible-value",
                                text("impossible-value", "message_range", lang, name=m.name, value=value,
                                     field=field_name, field_cap=field_name[:1].upper() + field_name[1:],
                                     low="−∞" if low is None else low, high="∞" if high is None else high),
                                metric_id=m.id,
                                goal=m.goal or None,
                                suggestion=text("impossible-value", "suggestion", lang),
                            )
                        )
        if kind == "nps" or (m.formula and load_lexicon().metric_names["nps"].find(stems(m.formula)) >= 0):
            for word, found, _expected in band_errors(m.formula):
                out.append(
                    finding(
                        "impossible-value",
                        text("impossible-value", "message_bands", lang, name=m.name, band=word, found=found),
                        metric_id=m.id,
                        goal=m.goal or None,
                        suggestion=text("impossible-value", "suggestion", lang),
                    )
                )
    for i in nrr:
        m = ctx.metrics[i]
        lang = ctx.lang_for(i)
        for j in grr:
            g = ctx.metrics[j]
            for f in FIELDS:
                a, b = getattr(m, f), getattr(g, f)
                if a is not None and b is not None and a < b:
                    field_name = text("impossible-value", f"field_{f}", lang)
                    out.append(
                        finding(
                            "impossible-value",
                            text("impossible-value", "message_nrr", lang, name=m.name, value=a, other=g.name,
                                 other_value=b, field=field_name,
                                 field_cap=field_name[:1].upper() + field_name[1:]),
                            metric_id=m.id,
                            goal=m.goal or None,
                            suggestion=text("impossible-value", "suggestion", lang),
                        )
                    )
    return out
