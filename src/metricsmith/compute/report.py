"""Words for a computation's outcome, in the project's language.

The CLI prints these lines; tests read them. Each line says what was computed
and from how many rows, or why a metric was not computed (no recipe, which
table or column is missing, which event or option to give), and which rows
were excluded from which table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from metricsmith.compute.texts import t
from metricsmith.formatting import format_number

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.compute.runner import ComputeReport, MetricResult


def fmt(value: float | None, lang: str = "en") -> str:
    """A computed value as the report shows it (rounded for reading, grouped per language)."""
    return "—" if value is None else format_number(value, lang)


def _unit(unit: str, lang: str) -> str:
    names = {"days": ("days", "дн."), "hours": ("hours", "ч"), "minutes": ("minutes", "мин"), "weeks": ("weeks", "нед."),
             "points": ("points", "п."), "orders": ("orders per customer", "заказов на клиента"),
             "currency": ("", ""), "%": ("%", "%")}
    en, ru = names.get(unit, (unit, unit))
    return t(lang, en, ru)


def value_text(value: float | None, unit: str, lang: str) -> str:
    u = _unit(unit, lang)
    if u == "%":
        return f"{fmt(value, lang)} %"
    return f"{fmt(value, lang)} {u}".strip()


def reason_text(result: "MetricResult", lang: str, inputs: str = "--data") -> str:
    """Why a metric has no value, in words; ``inputs`` names where the data came from (``--data``, ``--source``)."""
    r = result.reason
    if r == "no_recipe":
        return t(lang, "no definition for this metric (write one: export --format definitions, then --definitions FILE)",
                 "для этой метрики нет определения (заготовка: export --format definitions, затем --definitions ФАЙЛ)")
    if r.startswith("missing:"):
        what = r.removeprefix("missing:")
        return t(lang, f"needs {what} in {inputs}", f"нужна {what.replace('table', 'таблица').replace('column', 'колонка').replace(' or ', ' или ')} в {inputs}")
    if r == "events":
        return t(lang, "the start and value events are not named (metric conventions ttv_start_event/ttv_value_event "
                       "or the profile's first_value events)",
                 "не названы события начала и ценности (соглашения ttv_start_event/ttv_value_event метрики "
                 "или события first_value в профиле)")
    if r == "feature":
        return t(lang, "which feature? give --feature EVENT (or options.feature_event in the mapping file)",
                 "какая функция? укажите --feature СОБЫТИЕ (или options.feature_event в файле сопоставления)")
    if r.startswith("event_missing:"):
        name = r.removeprefix("event_missing:")
        return t(lang, f"no event '{name}' in the events table; set the metric's ttv_start_event/ttv_value_event "
                       "(or --feature) to event names that occur in the data",
                 f"в таблице событий нет события «{name}»; укажите в соглашениях метрики ttv_start_event/ttv_value_event "
                 "(или --feature) названия событий из данных")
    if r == "churn_zero":
        return t(lang, "not defined: churn is 0 in the period, so the lifetime is unbounded",
                 "не определено: отток за период равен 0, срок жизни клиента не ограничен")
    if r == "churn_unknown":
        return t(lang, f"not defined: no customers in {result.table} for the period before, so churn (and the "
                       "lifetime) cannot be measured; add earlier data or use a later --period",
                 f"не определено: в {result.table} нет клиентов за предыдущий период, поэтому отток (и срок жизни "
                 "клиента) не измерить; добавьте более ранние данные или укажите более поздний --period")
    if r == "immature":
        n = int(result.parts.get("immature", 0))
        return t(lang, f"the period's cohort ({n} customers) has not had 90 days yet; use an earlier --period",
                 f"у когорты периода ({n} клиентов) ещё не прошло 90 дней; укажите более ранний --period")
    if r == "no_rows":
        return t(lang, f"no rows for the period in {result.table}", f"нет строк за период в {result.table}")
    return r


#: The packaged definitions' part names, as a Russian report shows them.
_PART_RU = {"promoters %": "промоутеры %", "passives %": "нейтралы %", "detractors %": "критики %",
            "p90": "90-й перцентиль", "reactivated": "вернувшиеся", "arpa": "ARPA", "aov": "средний чек",
            "frequency": "частота", "churn": "отток %", "green %": "зелёная зона %", "yellow %": "жёлтая зона %",
            "red %": "красная зона %"}


def _parts_text(result: "MetricResult", lang: str) -> str:
    shown = []
    for part, value in result.parts.items():
        if part == "immature":
            continue
        label = part.removeprefix("reason:")
        if part == "not_reached":
            label = t(lang, "not reached yet", "ещё не достигли")
        elif lang == "ru":
            label = _PART_RU.get(label, label)
        shown.append(f"{label} {fmt(value, lang)}")
    return "; ".join(shown)


def segment_note(result: "MetricResult", lang: str) -> str:
    """The note stored with an observation: the segment values, when split."""
    if not result.segments:
        return ""
    parts = [f"{seg}: {fmt(v, lang)}" for seg, v in sorted(result.segments.items(), key=lambda kv: str(kv[0]))]
    return t(lang, "by segment — ", "по сегментам — ") + "; ".join(parts)


def report_lines(report: "ComputeReport", as_: str = "actual") -> list[str]:
    """The whole report as plain lines."""
    lang = report.language
    role = t(lang, "baselines" if as_ == "baseline" else "actuals",
             "базовые значения" if as_ == "baseline" else "фактические значения")
    lines = [t(lang, f"Period {report.period.label} ({report.period.start} – {report.period.last_day}), computing {role}",
               f"Период {report.period.label} ({report.period.start} – {report.period.last_day}), расчёт: {role}")]
    for name, data in report.tables.items():
        lines.append(t(lang, f"  {name}: {data.source.label} — {data.rows} rows, {data.kept} used",
                       f"  {name}: {data.source.label} — строк {data.rows}, использовано {data.kept}"))
        for ex in data.exclusions:
            where = ", ".join(f"{k} {v}" for k, v in ex.first.items() if k != "path")
            if not where:  # a database table (compute --source) has no line numbers
                lines.append(t(lang, f"    excluded {ex.count} rows: {ex.reason_en}",
                               f"    исключено строк: {ex.count} — {ex.reason_ru}"))
                continue
            lines.append(t(lang, f"    excluded {ex.count} rows: {ex.reason_en} (first at {where})",
                           f"    исключено строк: {ex.count} — {ex.reason_ru} (первая: {where.replace('line', 'строка').replace('row', 'строка')})"))
    for note in report.notes:
        lines.append(f"  {note}")
    computed = report.computed
    lines.append(t(lang, f"Computed ({len(computed)}):", f"Рассчитано ({len(computed)}):"))
    for r in computed:
        line = t(lang, f"  {r.name}: {value_text(r.value, r.unit, lang)} (from {r.rows} rows of {r.table})",
                 f"  {r.name}: {value_text(r.value, r.unit, lang)} (по {r.rows} строкам {r.table})")
        parts = _parts_text(r, lang)
        if parts:
            line += f"; {parts}"
        lines.append(line)
        if "no_margin" in r.notes:
            lines.append(t(lang, "    gross margin not given: LTV is in revenue, not in margin",
                           "    валовая маржа не указана: LTV в выручке, а не в марже"))
        if "month_window" in r.notes:
            p = report.period
            lines.append(t(lang, f"    a month-on-month metric, here over {p.months} months (from the month before "
                                 f"{p.start:%Y-%m} to {p.last_month:%Y-%m}); for a monthly figure use --period {p.last_month:%Y-%m}",
                           f"    метрика «месяц к месяцу», здесь за {p.months} мес. (от месяца до {p.start:%Y-%m} "
                           f"до {p.last_month:%Y-%m}); для месячного значения укажите --period {p.last_month:%Y-%m}"))
        if r.segments:
            lines.append("    " + segment_note(r, lang))
        elif "no_segment" in r.notes:
            lines.append(t(lang, "    no segment split: the segment column is not available for this table",
                           "    без разбивки: колонка сегмента недоступна для этой таблицы"))
    rest = report.not_computed
    if rest:
        lines.append(t(lang, f"Not computed ({len(rest)}):", f"Не рассчитано ({len(rest)}):"))
        for r in rest:
            lines.append(f"  {r.name}: {reason_text(r, lang, getattr(report, 'inputs', '--data'))}")
    return lines
