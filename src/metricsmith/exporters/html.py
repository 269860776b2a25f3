"""HTML export: one self-contained, client-ready report that prints cleanly to A4.

Profile, metric tree (goal → lagging → leading), both tables, a trend chart per
metric, findings and notices, in the project's language. Everything is inline (CSS
and SVG): the file opens offline, needs no JavaScript, and is the same file a
consultant mails to a client. The page layout lives in a Jinja template
(``templates/report.html.j2``, autoescaped) so that it can be restyled without
touching the code that gathers the numbers.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from metricsmith.exporters._common import SEVERITY_LABELS, write_files

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

    from metricsmith.exporters import ExportOptions
    from metricsmith.models.project import Project

FORMAT = "html"
SUFFIX = ".html"
DESCRIPTION = "HTML report for clients: profile, metric tree, both tables, trend charts; prints to A4"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Value metrics", "date": "Date", "profile": "Business profile", "tree": "Metric tree",
        "tree_note": "Each goal is reached through lagging results, which leading signals move first.",
        "goal": "Goal", "lagging": "Lagging (result)", "leading": "Leading (early signal)", "no_goal": "Without a goal",
        "tracking": "Value-delivery tracking", "value": "Value Management", "trends": "Trends",
        "findings": "Findings", "no_findings": "The rule layer found no problems.", "notices": "Notices",
        "no_metrics": "No metrics yet.", "no_checkins": "No check-ins yet.",
        "baseline": "baseline", "target": "target", "target_date": "target date",
        "last": "Last", "change": "change", "progress": "progress", "pace": "on pace",
        "yes": "yes", "no": "no", "what": "What the business does", "industry": "Industry",
        "customers": "Customers", "first_value": "First value", "repeat": "How value repeats",
        "monetisation": "Monetisation", "people": "People", "data_sources": "Data sources",
        "goals": "Goals", "problem": "Problem", "expected": "Expected result", "history": "Check-ins",
        "period": "Period", "value_col": "Value", "comment": "Comment", "by": "By", "checkins_shown": "latest",
    },
    "ru": {
        "title": "Метрики ценности", "date": "Дата", "profile": "Профиль бизнеса", "tree": "Дерево метрик",
        "tree_note": "Каждая цель достигается через запаздывающие результаты, которые заранее двигают опережающие сигналы.",
        "goal": "Цель", "lagging": "Запаздывающие (результат)", "leading": "Опережающие (ранний сигнал)",
        "no_goal": "Без цели", "tracking": "Отслеживание доставки ценности",
        "value": "Управление ценностью (Value Management)", "trends": "Динамика",
        "findings": "Замечания", "no_findings": "Проверка правилами замечаний не нашла.", "notices": "Уведомления",
        "no_metrics": "Метрик пока нет.", "no_checkins": "Замеров пока нет.",
        "baseline": "было", "target": "цель", "target_date": "срок",
        "last": "Последнее", "change": "изменение", "progress": "прогресс", "pace": "успеваем",
        "yes": "да", "no": "нет", "what": "Чем занимается бизнес", "industry": "Отрасль",
        "customers": "Клиенты", "first_value": "Первая ценность", "repeat": "Как ценность повторяется",
        "monetisation": "Монетизация", "people": "Люди", "data_sources": "Источники данных",
        "goals": "Цели", "problem": "Проблема", "expected": "Ожидаемый результат", "history": "Замеры",
        "period": "Период", "value_col": "Значение", "comment": "Комментарий", "by": "Кто", "checkins_shown": "последние",
    },
}

#: Check-ins listed under a chart (the chart shows them all).
HISTORY_ROWS = 6


@lru_cache(maxsize=1)
def _environment() -> "jinja2.Environment":
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).with_name("templates"))),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def _profile_facts(project: "Project", L: dict[str, str]) -> list[tuple[str, str]]:
    p = project.profile
    facts: list[tuple[str, str]] = []
    for key, text in (
        ("what", p.business.description), ("industry", p.business.industry), ("customers", p.business.customer_type),
        ("first_value", p.first_value.description), ("repeat", p.repeat.description),
        ("monetisation", p.monetisation.model),
        ("people", ", ".join(f"{x.name} ({x.role})" if x.role else x.name for x in p.people if x.name or x.role)),
        ("data_sources", ", ".join(p.data_sources)),
    ):
        if text:
            facts.append((L[key], str(text)))
    return facts


def context(project: "Project", options: "ExportOptions", table: str = "both") -> dict[str, Any]:
    """Everything the template shows, already as text (numbers formatted, labels translated)."""
    from markupsafe import Markup

    from metricsmith.exporters._charts import trend_svg
    from metricsmith.exporters._common import findings_table, tracking_table, unit_label, value_table
    from metricsmith.exporters._tree import metric_tree
    from metricsmith.formatting import format_number, format_quantity
    from metricsmith.models.tables import STATUS_LABELS
    from metricsmith.tracking.status import status_rows
    from metricsmith.tracking.texts import STATUS_COLOURS

    lang = project.language
    L = LABELS[lang]
    currency = project.profile.monetisation.currency
    today = options.date

    def cell(value: Any, unit: str = "") -> str:
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_quantity(value, unit, lang, currency)
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    headers, rows = tracking_table(project, today)
    statuses = {r.metric_id: r for r in status_rows(project, today)}
    tracking = [{"cells": [cell(c, row[3] if i in (5, 6, 7) else "") for i, c in enumerate(row[:12]) if i not in (3, 4)],
                 "status": statuses[row[12]].status} for row in rows]
    tracking_headers = [h for i, h in enumerate(headers[:12]) if i not in (3, 4)]
    trends = []
    by_id = {m.id: m for m in project.metrics}
    for r in statuses.values():
        m = by_id[r.metric_id]
        unit = unit_label(m.unit, lang, currency)
        svg = trend_svg(m, L, lambda v, _u=m.unit: format_quantity(v, _u, lang, currency))
        trends.append({
            "name": m.name, "goal": m.goal, "unit": unit, "chart": Markup(svg) if svg else None,
            "last": format_quantity(r.last_value, m.unit, lang, currency), "period": r.last_period,
            "change": "" if r.change is None else ("+" if r.change > 0 else "") + format_number(r.change, lang),
            "progress": "" if r.progress_pct is None else f"{format_number(r.progress_pct, lang)} %",
            "status": STATUS_LABELS[lang][r.status], "status_key": r.status,
            "pace": "" if r.on_pace is None else (L["yes"] if r.on_pace else L["no"]),
            "history": [{"period": o.period or o.date.isoformat(), "value": format_quantity(o.value, m.unit, lang, currency),
                         "comment": o.note, "by": o.author} for o in reversed(m.history[-HISTORY_ROWS:])],
        })
    v_headers, v_rows = value_table(project)
    f_headers, f_rows = findings_table(project)
    levels = SEVERITY_LABELS[lang]
    return {
        "lang": lang, "L": L, "date": today.isoformat(),
        "title": (f"{project.profile.business.name} — " if project.profile.business.name else "") + L["title"],
        "facts": _profile_facts(project, L),
        "goals": [g for g in project.profile.goals if g.title or g.problem],
        "tree": metric_tree(project),
        "show_tracking": table in ("tracking", "both"), "show_value": table in ("value", "both"),
        "tracking_headers": tracking_headers, "tracking": tracking,
        "value_headers": v_headers[:-1], "value_rows": [[cell(c) for c in row[:-1]] for row in v_rows],
        "findings_headers": f_headers, "findings": [[cell(c) for c in row] for row in f_rows],
        "notices": [{"level": levels.get(n.level, n.level), "step": n.step, "message": n.message} for n in project.notices],
        "trends": trends, "colours": STATUS_COLOURS, "has_metrics": bool(project.metrics),
    }


def render(project: "Project", *, table: str = "both", options: "ExportOptions | None" = None) -> str:
    """The whole report as HTML text."""
    if options is None:
        from metricsmith.exporters import ExportOptions

        options = ExportOptions()
    return _environment().get_template("report.html.j2").render(context(project, options, table))


def write(project: "Project", path: Path, *, table: str, options: "ExportOptions") -> list[Path]:
    return write_files({Path(path): render(project, table=table, options=options).encode("utf-8")})
