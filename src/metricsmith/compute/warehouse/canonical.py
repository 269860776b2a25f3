"""The canonical tables as SQL over the user's tables: derived columns, exclusions, checks.

These are the rules :mod:`metricsmith.compute.validate` applies to a loaded
file, written as SQL that runs in the user's database instead: the same
derived columns (``is_returned``, survey ``kind``, ticket ``resolved`` and
``first_contact_resolved``, ``event_key``), the same rows left out (and
counted per reason), and the same checks that stop a computation (negative
amounts, repeated order ids, several currencies, scores out of range, tickets
resolved before they were opened). Everything is DuckDB's dialect; the
connection translates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from metricsmith.compute.runner import VIEW_COLUMNS
from metricsmith.compute.texts import t
from metricsmith.compute.validate import (
    CANCELLED_STATUS,
    KIND_SQL,
    NO_SURVEY_KIND,
    RETURNED_STATUS,
    SCORE_RANGES,
    Exclusion,
    all_excluded,
    status_like,
)
from metricsmith.compute.warehouse.tables import SourceTable, src_sql, text_parsed
from metricsmith.errors import InputTableError

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.compute.warehouse.connection import Session


def derived(data: SourceTable) -> dict[str, str]:
    """Derived canonical columns of ``data`` as SQL over its canonical columns."""
    cols = data.columns
    if data.name == "orders":
        parts = []
        if "returned" in cols:
            parts.append("coalesce(returned, false)")
        if "status" in cols:
            parts.append(f"coalesce({status_like(RETURNED_STATUS)}, false)")
        if "return_reason" in cols and "returned" not in cols:
            parts.append("return_reason IS NOT NULL")
        return {"is_returned": " OR ".join(parts) if parts else "false"}
    if data.name == "surveys":
        return {"kind": KIND_SQL if "survey_type" in cols else f"'{data.survey_kind or 'csat'}'"}
    if data.name == "tickets":
        flag = " OR coalesce(fcr, false)" if "fcr" in cols else ""
        resolved = f"(resolved_at IS NOT NULL{flag})" if "resolved_at" in cols else "true"
        if "fcr" in cols:
            fcr = f"coalesce(fcr, contacts = 1 AND {resolved})" if "contacts" in cols else "coalesce(fcr, false)"
        else:
            fcr = f"(contacts = 1 AND {resolved})" if "contacts" in cols else "false"
        return {"resolved": resolved, "first_contact_resolved": fcr}
    if data.name == "events":
        return {"event_key": "lower(event)"}
    return {}


def reasons(data: SourceTable) -> list[tuple[str, str, str]]:
    """Why a row is left out: (SQL condition over ``src``, English, Russian); the first that holds wins."""
    from metricsmith.compute.schema import TABLES

    out = [(f"src.{c.name} IS NULL", f"empty '{data.mapped[c.name]}'", f"пустое «{data.mapped[c.name]}»")
           for c in TABLES[data.name].columns if c.required and c.name in data.mapped]
    if data.name == "orders" and "status" in data.columns:
        out.append((status_like(CANCELLED_STATUS), "cancelled orders", "отменённые заказы"))
    if data.name == "surveys":
        out.append((f"({derived(data)['kind']}) IS NULL", *NO_SURVEY_KIND))
    return out


def kept_condition(data: SourceTable) -> str:
    """SQL true for the rows that are used (no exclusion reason holds)."""
    found = reasons(data)
    return " AND ".join(f"NOT coalesce({cond}, false)" for cond, _, _ in found) if found else "true"


def canonical_sql(data: SourceTable, segment: str = "'all'", join: str = "") -> str:
    """``<name>``: the canonical view over ``src_<name>`` (aliased ``src``), with segment and exclusions."""
    extra = derived(data)
    exprs = []
    for col, typ in VIEW_COLUMNS[data.name].items():
        if col in extra:
            exprs.append(f"{extra[col]} AS {col}")
        elif col in data.columns:
            exprs.append(f"src.{col}")
        else:
            exprs.append(f"CAST(NULL AS {typ}) AS {col}")
    return (f"SELECT {', '.join(exprs)}, {segment} AS segment FROM src_{data.name} AS src{join} "
            f"WHERE {kept_condition(data)}")


def empty_sql(name: str) -> str:
    """A canonical table the source does not have: its columns and no rows."""
    nulls = ", ".join(f"CAST(NULL AS {typ}) AS {col}" for col, typ in VIEW_COLUMNS[name].items())
    return f"SELECT {nulls}, CAST(NULL AS VARCHAR) AS segment LIMIT 0"


@dataclass(frozen=True)
class Check:
    """A value that makes the numbers wrong: condition, value to show, column, message, hint."""

    condition: str
    show: str
    column: str
    en: str
    ru: str
    hint_en: str = ""
    hint_ru: str = ""
    text: bool = False  # the value shown is text (a raw value), not a number


def checks(data: SourceTable) -> list[Check]:
    """The checks of :mod:`metricsmith.compute.validate` that apply to ``data`` (over ``src``)."""
    cols, out = data.columns, []
    # Text that is not a yes/no word: NULL once parsed, though the column holds something.
    for name in text_parsed(data):
        out.append(Check(f"_raw_{name} IS NOT NULL AND {name} IS NULL", f"_raw_{name}", name,
                         "'{value}' is not yes/no ({count} such rows)", "«{value}» — не да/нет (таких строк: {count})",
                         "write yes/no, true/false, да/нет or 1/0, or clear the value",
                         "впишите да/нет, true/false или 1/0 либо очистите значение", text=True))
    if data.name in ("orders", "mrr"):
        column = "amount" if data.name == "orders" else "mrr"
        out.append(Check(f"{column} < 0", column, column, "negative amount {value:g} ({count} such rows)",
                         "отрицательная сумма {value:g} (таких строк: {count})",
                         "record refunds as returns (a 'returned' column), not as negative amounts",
                         "отражайте возвраты колонкой «возврат», а не отрицательной суммой"))
    if data.name == "surveys":
        kind = derived(data)["kind"]
        for name, low, high in SCORE_RANGES:
            out.append(Check(f"({kind}) = '{name}' AND (score < {low} OR score > {high} OR score <> floor(score))",
                             "score", "score",
                             f"{name.upper()} score {{value:g}} is outside {low}–{high} ({{count}} such rows)",
                             f"оценка {name.upper()} {{value:g}} вне диапазона {low}–{high} (таких строк: {{count}})",
                             "NPS uses whole scores 0–10, CSAT 1–5", "NPS — целые оценки 0–10, CSAT — 1–5"))
    if data.name == "tickets" and "resolved_at" in cols:
        out.append(Check("resolved_at < opened_at", "CAST(NULL AS DOUBLE)", "resolved_at",
                         "resolved before it was opened ({count} such rows)",
                         "решено раньше, чем открыто (таких строк: {count})"))
    if data.name == "tickets" and "contacts" in cols:
        out.append(Check("contacts < 1 OR contacts <> floor(contacts)", "contacts", "contacts",
                         "contacts until resolution must be a whole number from 1, got {value:g}",
                         "число контактов до решения должно быть целым от 1, указано {value:g}"))
    return out


def profile(session: "Session", data: SourceTable, lang: str) -> None:
    """Count rows and exclusions of ``data`` and run its checks; raises on bad values (nothing is written)."""
    src = {f"src_{data.name}": src_sql(data, raw=True)}
    from metricsmith.compute.warehouse.query import compose

    if data.name == "surveys" and "survey_type" not in data.columns:
        (top,), = session.rows(compose(f"SELECT max(score) FROM src_{data.name}", src), table=data.display)
        data.survey_kind = "nps" if top is not None and float(top) > 5 else "csat"
        shown = "—" if top is None else f"{float(top):g}"
        data.notes.append(t(lang, f"{data.label}: no survey type column; scores up to {shown} are "
                                  f"read as {data.survey_kind.upper()}",
                            f"{data.label}: нет колонки типа опроса; оценки до {shown} "
                            f"считаются {data.survey_kind.upper()}"))
    _run_checks(session, data, src, lang)
    found = reasons(data)
    why = ("CASE " + " ".join(f"WHEN coalesce({cond}, false) THEN {i + 1}" for i, (cond, _, _) in enumerate(found))
           + " ELSE 0 END") if found else "0"
    sql = f"SELECT why, count(*) FROM (SELECT {why} AS why FROM src_{data.name} AS src) AS w GROUP BY why ORDER BY why"
    counts = {int(code): int(n) for code, n in session.rows(compose(sql, src), table=data.display)}
    data.rows = sum(counts.values())
    if data.rows == 0:
        raise InputTableError(t(lang, f"the {data.name} table is empty", f"таблица {data.name} пуста"),
                              **data.where())
    for code in sorted(c for c in counts if c > 0):
        _, en, ru = found[code - 1]
        data.exclusions.append(Exclusion(data.name, en, ru, counts[code], {}))
    data.kept = counts.get(0, 0)
    if data.kept == 0:
        raise all_excluded(data.name, data.exclusions, lang, data.where())


def _run_checks(session: "Session", data: SourceTable, src: dict[str, str], lang: str) -> None:
    from metricsmith.compute.warehouse.query import compose

    found = checks(data)
    selects = [f"count(*) FILTER (WHERE {c.condition}), min({c.show}) FILTER (WHERE {c.condition})" for c in found]
    if data.name == "orders":
        selects.append("count(order_id) - count(DISTINCT order_id), NULL")
        if "currency" in data.columns:
            selects.append("count(DISTINCT upper(currency)), NULL")
    if data.name == "mrr":
        selects.append("count(*) - count(DISTINCT customer_id || '|' || CAST(month AS VARCHAR)), NULL")
    if not selects:
        return
    (row,) = session.rows(compose(f"SELECT {', '.join(selects)} FROM src_{data.name}", src), table=data.display)
    for i, check in enumerate(found):
        count, value = int(row[2 * i] or 0), row[2 * i + 1]
        if count:
            if check.text:
                value = "" if value is None else str(value)
            else:
                value = float(value) if value is not None else 0.0
            raise InputTableError(t(lang, check.en.format(value=value, count=count),
                                    check.ru.format(value=value, count=count)),
                                  **data.where(data.mapped[check.column]),
                                  hint=t(lang, check.hint_en, check.hint_ru) or None)
    extra = row[2 * len(found):]
    if data.name == "orders" and int(extra[0] or 0):
        raise InputTableError(
            t(lang, f"duplicate order ids ({int(extra[0])} repeated rows)",
              f"повторяющиеся номера заказов (лишних строк: {int(extra[0])})"),
            **data.where(data.mapped["order_id"]),
            hint=t(lang, "each order must appear once", "каждый заказ должен быть в таблице один раз"))
    if data.name == "orders" and "currency" in data.columns and int(extra[2] or 0) > 1:
        raise InputTableError(
            t(lang, f"several currencies in one table ({int(extra[2])}); amounts in different currencies cannot be "
                    "added", f"несколько валют в одной таблице ({int(extra[2])}); суммы в разных валютах нельзя "
                             "складывать"),
            **data.where(data.mapped["currency"]),
            hint=t(lang, "filter one currency in a view", "оставьте одну валюту в представлении"))
    if data.name == "mrr" and int(extra[0] or 0):
        raise InputTableError(
            t(lang, f"duplicate customer and month ({int(extra[0])} repeated rows)",
              f"повтор клиента и месяца (лишних строк: {int(extra[0])})"),
            **data.where(data.mapped["customer_id"]))
