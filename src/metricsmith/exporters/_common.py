"""What every export format shares: columns, labels, number text, cell safety, all-or-nothing writes.

The tables are defined once here (which columns, in which order, with which
header in which language) so that CSV, XLSX, JSON and Markdown cannot drift
apart, and formula-injection neutralising lives in one function that every
spreadsheet-like format calls.

Module level imports stdlib only: format modules import this while the CLI is
still parsing arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Union

from metricsmith.formatting import number_text, unit_suffix as unit_label  # noqa: F401 - re-exported for the exporters

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.models.project import Project

#: A cell before a format turns it into text: text, a number, a date or nothing.
Cell = Union[str, float, int, dt.date, None]

#: Columns of the tracking table in exports (keys of ``TRACKING_HEADERS`` plus a few extras).
TRACKING_COLUMNS: tuple[str, ...] = (
    "goal",
    "metric",
    "kind",
    "unit",
    "direction",
    "baseline",
    "target",
    "actual",
    "status",
    "target_date",
    "owner",
    "comment",
    "metric_id",
)
#: Columns of the Value Management table in exports.
VALUE_COLUMNS: tuple[str, ...] = (
    "metric",
    "formula",
    "why",
    "where_used",
    "example",
    "plan",
    "reason",
    "data_source",
    "metric_id",
)
FINDING_COLUMNS: tuple[str, ...] = ("rule", "severity", "metric", "goal", "message", "suggestion")
NUMBER_COLUMNS = frozenset({"baseline", "target", "actual"})

#: Headers for columns that ``metricsmith.models.tables`` does not name.
EXTRA_HEADERS: dict[str, dict[str, str]] = {
    "en": {
        "unit": "Unit",
        "direction": "Direction",
        "target_date": "Target date",
        "metric_id": "ID",
        "data_source": "Data source",
        "rule": "Rule",
        "severity": "Severity",
        "message": "Problem",
        "suggestion": "Suggestion",
        "goal": "Goal",
        "metric": "Metric",
    },
    "ru": {
        "unit": "Ед. изм.",
        "direction": "Направление",
        "target_date": "Срок",
        "metric_id": "ID",
        "data_source": "Источник данных",
        "rule": "Правило",
        "severity": "Важность",
        "message": "Проблема",
        "suggestion": "Что предлагается",
        "goal": "Цель",
        "metric": "Метрика",
    },
}

SEVERITY_LABELS: dict[str, dict[str, str]] = {
    "en": {"error": "error", "warning": "warning", "info": "info"},
    "ru": {"error": "ошибка", "warning": "предупреждение", "info": "к сведению"},
}

SHEET_TITLES: dict[str, dict[str, str]] = {
    "en": {"tracking": "Value tracking", "value": "Value Management", "findings": "Findings", "history": "History",
           "charts": "Charts"},
    "ru": {"tracking": "Отслеживание ценности", "value": "Управление ценностью", "findings": "Замечания",
           "history": "История", "charts": "Графики"},
}

#: First characters that make a spreadsheet treat text as a formula (or hide it), with the
#: full-width forms that Excel and LibreOffice normalise to them in some locales.
DANGEROUS_LEADS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62",
                   "\ufe63")


def _visible_start(text: str) -> str:
    """``text`` without what a spreadsheet skips or a writer drops before the first real character:
    whitespace, control characters (NUL and vertical tab are not even legal in XLSX) and ``|``."""
    i = 0
    while i < len(text) and (text[i].isspace() or not text[i].isprintable() or text[i] == "|"):
        i += 1
    return text[i:]


def formula_like(text: str) -> bool:
    """True when a spreadsheet could run ``text`` as a formula: a dangerous lead, possibly after
    leading spaces, control characters or ``|`` (which readers and XML writers strip)."""
    if not text:
        return False
    if text.startswith(DANGEROUS_LEADS):
        return True
    return _visible_start(text).startswith(DANGEROUS_LEADS)


def neutralise(text: str) -> str:
    """Make a text cell inert in spreadsheets: formula-like text (see :func:`formula_like`) gets a ``'``.

    Only text goes through here: real numbers are written as numbers, so a
    negative baseline stays a negative number.
    """
    if formula_like(text):
        return "'" + text
    return text


def number_value(value: float | int | None) -> float | int | None:
    """A number for typed outputs (XLSX, JSON): whole floats become ints, so ``12.0`` shows as 12."""
    if value is None:
        return None
    f = float(value)
    if f.is_integer() and abs(f) < 1e15:
        return int(f)
    return f


def headers_for(columns: tuple[str, ...], table: str, language: str) -> list[str]:
    """Column headers in the project language (from ``models.tables`` where it names them)."""
    from metricsmith.models.tables import TRACKING_HEADERS, VALUE_HEADERS

    base = {"tracking": TRACKING_HEADERS, "value": VALUE_HEADERS}.get(table, {}).get(language, {})
    extra = EXTRA_HEADERS[language]
    return [base.get(c) or extra.get(c) or c for c in columns]


def tracking_table(project: "Project", today: dt.date | None) -> tuple[list[str], list[list[Cell]]]:
    """Headers and typed rows of the tracking table (kind and status as labels)."""
    from metricsmith.catalog import DIRECTION_LABELS
    from metricsmith.models.tables import KIND_LABELS, STATUS_LABELS, tracking_rows

    language = project.language
    kinds, statuses = KIND_LABELS[language], STATUS_LABELS[language]
    currency = project.profile.monetisation.currency
    rows: list[list[Cell]] = []
    for r in tracking_rows(project, today):
        rows.append(
            [
                r.goal,
                r.metric,
                kinds.get(r.kind, r.kind),
                unit_label(r.unit, language, currency),
                DIRECTION_LABELS[language].get(r.direction, r.direction),
                r.baseline,
                r.target,
                r.actual,
                statuses.get(r.status, r.status),
                r.target_date,
                r.owner,
                r.comment,
                r.metric_id,
            ]
        )
    return headers_for(TRACKING_COLUMNS, "tracking", language), rows


def value_table(project: "Project") -> tuple[list[str], list[list[Cell]]]:
    """Headers and rows of the Value Management table."""
    from metricsmith.models.tables import value_rows

    rows: list[list[Cell]] = [
        [r.metric, r.formula, r.why, r.where_used, r.example, r.plan, r.reason, r.data_source, r.metric_id]
        for r in value_rows(project)
    ]
    return headers_for(VALUE_COLUMNS, "value", project.language), rows


def findings_table(project: "Project") -> tuple[list[str], list[list[Cell]]]:
    """Headers and rows of the rule layer's findings (metric shown by name)."""
    language = project.language
    names = {m.id: m.name for m in project.metrics}
    severities = SEVERITY_LABELS[language]
    rows: list[list[Cell]] = [
        [
            f.rule,
            severities.get(f.severity, f.severity),
            names.get(f.metric_id, f.metric_id or "") if f.metric_id else "",
            f.goal or "",
            f.message,
            f.suggestion or "",
        ]
        for f in project.findings
    ]
    return headers_for(FINDING_COLUMNS, "findings", language), rows


#: Columns of the check-in history (one row per check-in, grouped by metric, oldest first).
HISTORY_COLUMNS: tuple[str, ...] = ("metric_id", "metric", "period", "date", "value", "baseline", "target",
                                    "note", "author", "source", "superseded")
HISTORY_HEADERS: dict[str, dict[str, str]] = {
    "en": {"metric_id": "ID", "metric": "Metric", "period": "Period", "date": "Date", "value": "Value",
           "baseline": "Baseline", "target": "Target", "note": "Comment", "author": "Recorded by",
           "source": "Source", "superseded": "Earlier values"},
    "ru": {"metric_id": "ID", "metric": "Метрика", "period": "Период", "date": "Дата", "value": "Значение",
           "baseline": "Было", "target": "Цель", "note": "Комментарий", "author": "Кто записал",
           "source": "Источник", "superseded": "Прежние значения"},
}


def history_table(project: "Project") -> tuple[list[str], list[list[Cell]]]:
    """Headers and rows of every check-in, metric by metric (tracking order), oldest first.

    Baseline and target repeat on every row so a chart of a metric's rows draws them as lines.
    """
    from metricsmith.models.tables import tracking_rows

    by_id = {m.id: m for m in project.metrics}
    rows: list[list[Cell]] = []
    for r in tracking_rows(project):
        m = by_id[r.metric_id]
        for o in m.history:
            rows.append([m.id, m.name, o.period, o.date, o.value, m.baseline, m.target, o.note, o.author, o.source,
                         "; ".join(number_text(s.value) for s in o.superseded)])
    headers = HISTORY_HEADERS[project.language]
    return [headers[c] for c in HISTORY_COLUMNS], rows


def text_cell(value: Cell) -> str:
    """A typed cell as the text a CSV holds (numbers plain, dates ISO, text neutralised)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Write several files all-or-nothing (see :func:`metricsmith.io.atomic.atomic_write_many`).

    Only regular files are replaced; on any failure every file is as it was and
    :class:`~metricsmith.errors.SaveError` names the file that could not be written.
    """
    from metricsmith.io.atomic import atomic_write_many

    return atomic_write_many(files)
