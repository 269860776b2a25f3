"""Markdown export: a readable report for an investor update or a client memo.

Title and date, a summary of the business profile, the value-delivery tracking
table ordered by goal with each row's status, the Value Management table, the
rule layer's findings, notices, and LLM call accounting when there is any.

Every piece of user text goes through :func:`escape`, so a pipe, a newline or
a leading ``#`` in an answer cannot break a table or turn into a heading, and
an HTML-looking ``<tag>`` shows as text. Numbers are written the way people
read them (``12 500``, ``3,5 %`` in Russian; ``12,500``, ``3.5%`` in English).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from metricsmith.exporters._common import SEVERITY_LABELS, unit_label, write_files
from metricsmith.formatting import format_quantity

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.exporters import ExportOptions
    from metricsmith.models.project import Project

FORMAT = "md"
SUFFIX = ".md"
DESCRIPTION = "Markdown report: profile summary, metric tree (Mermaid), both tables, check-ins, findings"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Value metrics",
        "date": "Date",
        "engine": "Drafted by",
        "profile": "Business profile",
        "what": "What the business does",
        "industry": "Industry",
        "customers": "Customers",
        "first_value": "First value (the “aha” moment)",
        "start_event": "clock starts at",
        "value_event": "value event",
        "repeat": "How value repeats",
        "monetisation": "Monetisation",
        "average_check": "average check",
        "goals": "Goals",
        "problem": "Problem",
        "expected": "Expected result",
        "people": "People",
        "data_sources": "Data sources",
        "segments": "Segments",
        "known_numbers": "Known numbers",
        "no_profile": "No profile answers yet.",
        "tracking": "Value-delivery tracking",
        "value": "Value Management",
        "no_metrics": "No metrics yet.",
        "data_source": "Data source",
        "findings": "Findings",
        "no_findings": "The rule layer found no problems.",
        "notices": "Notices",
        "llm": "LLM calls",
        "step": "Step",
        "provider": "Provider",
        "model": "Model",
        "input_tokens": "Input tokens",
        "output_tokens": "Output tokens",
        "latency": "Latency, s",
        "cached": "Cached",
        "attempt": "Attempt",
        "ok": "OK",
        "yes": "yes",
        "no": "no",
        "total": "Total",
        "calls": "Calls",
        "goal": "goal",
        "tree": "Metric tree",
        "no_goal": "Without a goal",
        "history": "Check-ins",
        "period": "Period",
        "value_col": "Value",
        "comment": "Comment",
        "by": "Recorded by",
        "metric_col": "Metric",
    },
    "ru": {
        "title": "Метрики ценности",
        "date": "Дата",
        "engine": "Черновик составил",
        "profile": "Профиль бизнеса",
        "what": "Чем занимается бизнес",
        "industry": "Отрасль",
        "customers": "Клиенты",
        "first_value": "Первая ценность (момент «ага»)",
        "start_event": "отсчёт с события",
        "value_event": "событие ценности",
        "repeat": "Как ценность повторяется",
        "monetisation": "Монетизация",
        "average_check": "средний чек",
        "goals": "Цели",
        "problem": "Проблема",
        "expected": "Ожидаемый результат",
        "people": "Люди",
        "data_sources": "Источники данных",
        "segments": "Сегменты",
        "known_numbers": "Известные показатели",
        "no_profile": "Ответов в профиле пока нет.",
        "tracking": "Отслеживание доставки ценности",
        "value": "Управление ценностью (Value Management)",
        "no_metrics": "Метрик пока нет.",
        "data_source": "Источник данных",
        "findings": "Замечания",
        "no_findings": "Проверка правилами замечаний не нашла.",
        "notices": "Уведомления",
        "llm": "Вызовы LLM",
        "step": "Шаг",
        "provider": "Провайдер",
        "model": "Модель",
        "input_tokens": "Токены на входе",
        "output_tokens": "Токены на выходе",
        "latency": "Время, с",
        "cached": "Из кэша",
        "attempt": "Попытка",
        "ok": "Успех",
        "yes": "да",
        "no": "нет",
        "total": "Итого",
        "calls": "Вызовы",
        "goal": "цель",
        "tree": "Дерево метрик",
        "no_goal": "Без цели",
        "history": "Замеры",
        "period": "Период",
        "value_col": "Значение",
        "comment": "Комментарий",
        "by": "Кто записал",
        "metric_col": "Метрика",
    },
}

_NEWLINES = re.compile(r"\r\n|\r|\n")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
#: Characters that, at the start of a line, would make a heading, quote, list or rule.
_BLOCK_LEADS = ("#", ">", "-", "+", "*", "=", "~", "`")


def escape(text: object) -> str:
    """User text made safe for a Markdown table cell or a line of prose.

    Backslashes and pipes are escaped (``a|b`` → ``a\\|b``), line breaks become
    ``<br>``, tag-like ``<`` becomes ``&lt;``, and a leading character that
    would start a block (``#``, ``>``, ``-`` …) is backslash-escaped.
    """
    if text is None:
        return ""
    s = str(text).strip()
    if not s:
        return ""
    s = s.replace("\\", "\\\\").replace("|", "\\|")
    s = _TAG_START.sub("&lt;", s)
    s = "<br>".join(part.strip() for part in _NEWLINES.split(s))
    if s.startswith(_BLOCK_LEADS):
        s = "\\" + s
    return s


def format_number(value: float | int | None, unit: str = "", language: str = "en") -> str:
    """A number as a reader expects it, with its unit: ``12,500 RUB``, ``3,5 %``; ``—`` when missing.

    ``unit`` is the text already shown to readers (a currency, or a unit label).
    """
    return format_quantity(value, escape(unit), language)


def md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A GitHub-flavoured Markdown table; headers and cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell if cell else " " for cell in row) + " |" for row in rows]
    return lines


def _profile_lines(project: "Project", L: dict[str, str], language: str) -> list[str]:
    p = project.profile
    out: list[str] = []
    b = p.business
    if b.description:
        out.append(f"**{L['what']}:** {escape(b.description)}")
    facts = []
    if b.industry:
        facts.append(f"**{L['industry']}:** {escape(b.industry)}")
    if b.customer_type:
        facts.append(f"**{L['customers']}:** {escape(b.customer_type)}")
    if facts:
        out.append(" · ".join(facts))
    fv = p.first_value
    if fv.description or fv.start_event or fv.value_event:
        events = []
        if fv.start_event:
            events.append(f"{L['start_event']}: {escape(fv.start_event)}")
        if fv.value_event:
            events.append(f"{L['value_event']}: {escape(fv.value_event)}")
        line = f"**{L['first_value']}:** {escape(fv.description)}".rstrip()
        if events:
            line += " (" + "; ".join(events) + ")"
        out.append(line)
    if p.repeat.description:
        out.append(f"**{L['repeat']}:** {escape(p.repeat.description)}")
    m = p.monetisation
    if m.model or m.average_check is not None:
        line = f"**{L['monetisation']}:** {escape(m.model)}".rstrip()
        if m.average_check is not None:
            check = m.average_check_value()
            shown = format_number(check, m.currency, language) if check is not None else escape(m.average_check)
            line += f"{',' if m.model else ''} {L['average_check']} {shown}"
        out.append(line)
    if p.people:
        people = [escape(f"{x.name} ({x.role})" if x.role else x.name) for x in p.people if x.name or x.role]
        out.append(f"**{L['people']}:** " + ", ".join(people))
    if p.data_sources:
        out.append(f"**{L['data_sources']}:** " + ", ".join(escape(s) for s in p.data_sources))
    if p.segments:
        out.append(f"**{L['segments']}:** " + ", ".join(escape(s) for s in p.segments))
    if p.known_numbers:
        shown = [
            f"{escape(k)} = "
            + (escape(format_quantity(v, p.known_units.get(k, ""), language)) if isinstance(v, float) else escape(v))
            for k, v in p.known_numbers.items()
        ]
        out.append(f"**{L['known_numbers']}:** " + "; ".join(shown))
    # Paragraphs separated by blank lines so every viewer keeps them apart.
    lines: list[str] = []
    for item in out:
        lines += [item, ""]
    if p.goals:
        lines += [f"### {L['goals']}", ""]
        for i, g in enumerate(p.goals, 1):
            lines.append(f"{i}. **{escape(g.title) or '—'}**")
            if g.problem:
                lines.append(f"   - {L['problem']}: {escape(g.problem)}")
            if g.expected_result:
                lines.append(f"   - {L['expected']}: {escape(g.expected_result)}")
        lines.append("")
    if not lines:
        lines = [L["no_profile"], ""]
    return lines


def _tracking_lines(project: "Project", options: "ExportOptions", language: str) -> list[str]:
    from metricsmith.models.tables import KIND_LABELS, STATUS_LABELS, TRACKING_HEADERS, tracking_rows

    h = TRACKING_HEADERS[language]
    keys = ["goal", "metric", "kind", "baseline", "target", "actual", "status", "owner", "comment"]
    kinds, statuses = KIND_LABELS[language], STATUS_LABELS[language]
    currency = project.profile.monetisation.currency
    rows = []
    for r in tracking_rows(project, options.date):
        unit = unit_label(r.unit, language, currency)
        rows.append(
            [
                escape(r.goal),
                escape(r.metric),
                kinds.get(r.kind, r.kind),
                format_number(r.baseline, unit, language),
                format_number(r.target, unit, language),
                format_number(r.actual, unit, language),
                statuses.get(r.status, r.status),
                escape(r.owner),
                escape(r.comment),
            ]
        )
    return md_table([h[k] for k in keys], rows)


def _tree_lines(project: "Project", L: dict[str, str]) -> list[str]:
    """The metric tree as a Mermaid graph (GitHub, GitLab and most editors draw it; elsewhere it reads as text)."""
    from metricsmith.exporters._tree import mermaid_lines

    return ["```mermaid", *mermaid_lines(project, no_goal=L["no_goal"]), "```"]


def _history_lines(project: "Project", L: dict[str, str], language: str) -> list[str]:
    """Every check-in, metric by metric, oldest first."""
    from metricsmith.models.tables import tracking_rows

    currency = project.profile.monetisation.currency
    by_id = {m.id: m for m in project.metrics}
    rows = []
    for r in tracking_rows(project):
        m = by_id[r.metric_id]
        unit = unit_label(m.unit, language, currency)
        for o in m.history:
            rows.append([escape(m.name), escape(o.period or o.date.isoformat()), format_number(o.value, unit, language),
                         escape(o.note), escape(o.author)])
    return md_table([L["metric_col"], L["period"], L["value_col"], L["comment"], L["by"]], rows)


def _value_lines(project: "Project", L: dict[str, str], language: str) -> list[str]:
    from metricsmith.models.tables import VALUE_HEADERS, value_rows

    h = VALUE_HEADERS[language]
    keys = ["metric", "formula", "why", "where_used", "example", "plan", "reason"]
    rows = []
    for r in value_rows(project):
        where = escape(r.where_used)
        if r.data_source and r.data_source not in r.where_used:
            source = f"{L['data_source']}: {escape(r.data_source)}"
            where = f"{where}<br>{source}" if where else source
        rows.append([escape(r.metric), escape(r.formula), escape(r.why), where, escape(r.example), escape(r.plan), escape(r.reason)])
    return md_table([h[k] for k in keys], rows)


def _findings_lines(project: "Project", language: str) -> list[str]:
    from metricsmith.exporters._common import findings_table

    headers, rows = findings_table(project)
    return md_table([escape(x) for x in headers], [[escape(c) for c in row] for row in rows])


def _llm_lines(project: "Project", L: dict[str, str]) -> list[str]:
    calls = project.llm_calls
    headers = [L[k] for k in ("step", "provider", "model", "input_tokens", "output_tokens", "latency", "cached", "attempt", "ok")]
    rows = [
        [
            escape(c.step),
            escape(c.provider),
            escape(c.model),
            str(c.input_tokens),
            str(c.output_tokens),
            f"{c.latency_s:.2f}",
            L["yes"] if c.cached else L["no"],
            str(c.attempt),
            L["yes"] if c.ok else f"{L['no']}: {escape(c.error)}".rstrip(": "),
        ]
        for c in calls
    ]
    total_in = sum(c.input_tokens for c in calls)
    total_out = sum(c.output_tokens for c in calls)
    total_s = sum(c.latency_s for c in calls)
    summary = (
        f"**{L['total']}:** {L['calls']}: {len(calls)} · {L['input_tokens']}: {total_in} · "
        f"{L['output_tokens']}: {total_out} · {L['latency']}: {total_s:.2f}"
    )
    return md_table(headers, rows) + ["", summary]


def render(project: "Project", *, table: str = "both", options: "ExportOptions | None" = None) -> str:
    """The whole report as Markdown text."""
    if options is None:
        from metricsmith.exporters import ExportOptions

        options = ExportOptions()
    language = project.language
    L = LABELS[language]
    name = project.profile.business.name
    title = f"{escape(name)} — {L['title']}" if name else L["title"]
    meta = f"{L['date']}: {options.date.isoformat()}"
    if project.engine.name:
        engine = project.engine.name + (f" ({project.engine.model})" if project.engine.model else "")
        meta += f" · {L['engine']}: {escape(engine)}"
    lines = [f"# {title}", "", meta, "", f"## {L['profile']}", ""]
    lines += _profile_lines(project, L, language)
    if project.metrics:
        lines += [f"## {L['tree']}", ""] + _tree_lines(project, L) + [""]
    if table in ("tracking", "both"):
        lines += [f"## {L['tracking']}", ""]
        lines += _tracking_lines(project, options, language) if project.metrics else [L["no_metrics"]]
        lines.append("")
        if any(m.history for m in project.metrics):
            lines += [f"### {L['history']}", ""] + _history_lines(project, L, language) + [""]
    if table in ("value", "both"):
        lines += [f"## {L['value']}", ""]
        lines += _value_lines(project, L, language) if project.metrics else [L["no_metrics"]]
        lines.append("")
    if project.metrics or project.findings:
        lines += [f"## {L['findings']}", ""]
        lines += _findings_lines(project, language) if project.findings else [L["no_findings"]]
        lines.append("")
    if project.notices:
        levels = SEVERITY_LABELS[language]  # notices share the three levels
        lines += [f"## {L['notices']}", ""]
        for n in project.notices:
            step = f" ({escape(n.step)})" if n.step else ""
            lines.append(f"- **{levels.get(n.level, n.level)}**{step}: {escape(n.message)}")
        lines.append("")
    if project.llm_calls:
        lines += [f"## {L['llm']}", ""] + _llm_lines(project, L) + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write(project: "Project", path: Path, *, table: str, options: "ExportOptions") -> list[Path]:
    data = render(project, table=table, options=options).encode("utf-8-sig" if options.bom else "utf-8")
    return write_files({Path(path): data})
