"""The input tables compute understands, and how their columns are recognised.

People export orders from a CRM, MRR from billing, surveys from a form tool:
the headers are in Russian or English and never quite the same. Each
canonical column therefore carries a list of header aliases (compared after
normalising case, ``ё`` and punctuation), and a table is recognised when all
its required columns are found. When a header is unusual, ``--map
orders.amount=Сумма`` names it explicitly; the error for a missing column
prints exactly that hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Column kinds decide how raw text is parsed (see :mod:`metricsmith.compute.validate`).
KINDS = ("id", "text", "date", "month", "number", "bool", "int")


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, how it is parsed, and the headers that mean it."""

    name: str
    kind: str
    required: bool
    aliases: tuple[str, ...]
    label_en: str
    label_ru: str


@dataclass(frozen=True)
class TableSpec:
    """One input table: its columns, plus columns of which at least one must be present."""

    name: str
    label_en: str
    label_ru: str
    columns: tuple[Column, ...]
    any_of: tuple[str, ...] = field(default=())
    file_words: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


#: Currency words after the name in a header ("Сумма, руб.", "Amount (USD)") say nothing about the column.
_UNIT_WORDS = frozenset({"руб", "рублей", "rub", "rur", "usd", "eur", "kzt", "byn", "uah"})


def normalise(header: str) -> str:
    """Header text reduced to lower-case words: ``'Дата  заказа,'`` → ``'дата заказа'``.

    ``№`` and ``#`` read as "номер" / "number" (``'№ заказа'`` → ``'номер заказа'``), and a
    trailing currency (``'Сумма, руб.'`` → ``'сумма'``) is dropped.
    """
    text = str(header).replace("ё", "е").replace("Ё", "Е").lower()
    text = text.replace("№", " номер ").replace("#", " number ")
    text = re.sub(r"[^\w]+", " ", text, flags=re.UNICODE).replace("_", " ")
    words = text.split()
    while len(words) > 1 and words[-1] in _UNIT_WORDS:
        words.pop()
    return " ".join(words)


def _c(name: str, kind: str, required: bool, en: str, ru: str, *aliases: str) -> Column:
    return Column(name, kind, required, tuple(normalise(a) for a in aliases), en, ru)


_CUSTOMER = ("customer", "customer id", "client", "client id", "customer code", "user", "user id", "account",
             "account id", "buyer", "клиент", "id клиента", "код клиента", "клиент id", "покупатель",
             "id покупателя", "пользователь", "id пользователя", "аккаунт")

ORDERS = TableSpec(
    "orders", "orders", "заказы",
    (
        _c("customer_id", "id", True, "customer", "клиент", *_CUSTOMER),
        _c("order_id", "id", True, "order id", "номер заказа", "order id", "order", "order number", "order no",
           "номер заказа", "заказ", "id заказа", "код заказа", "номер"),
        _c("order_date", "date", True, "order date", "дата заказа", "order date", "date", "created at", "ordered at",
           "дата заказа", "дата", "дата оформления"),
        _c("amount", "number", True, "amount", "сумма", "amount", "order amount", "total", "order total", "revenue",
           "sum", "value", "сумма", "сумма заказа", "выручка", "стоимость", "итого"),
        _c("status", "text", False, "status", "статус", "status", "order status", "статус", "статус заказа"),
        _c("returned", "bool", False, "returned", "возврат", "returned", "is returned", "return", "возврат",
           "возвращен", "вернули"),
        _c("return_reason", "text", False, "return reason", "причина возврата", "return reason", "reason",
           "причина возврата", "причина"),
        _c("channel", "text", False, "channel", "канал", "channel", "sales channel", "канал", "канал продаж"),
        _c("region", "text", False, "region", "регион", "region", "регион"),
        _c("currency", "text", False, "currency", "валюта", "currency", "валюта"),
    ),
    file_words=("order", "заказ"),
)

MRR = TableSpec(
    "mrr", "MRR per customer and month", "MRR по клиентам и месяцам",
    (
        _c("customer_id", "id", True, "customer", "клиент", *_CUSTOMER),
        _c("month", "month", True, "month", "месяц", "month", "period", "billing month", "месяц", "период"),
        _c("mrr", "number", True, "MRR", "MRR", "mrr", "monthly revenue", "recurring revenue", "revenue", "amount",
           "ежемесячная выручка", "выручка за месяц", "выручка", "сумма", "mrr руб"),
    ),
    file_words=("mrr", "revenue", "выручк", "подписк"),
)

SURVEYS = TableSpec(
    "surveys", "survey responses", "ответы на опросы",
    (
        _c("customer_id", "id", False, "customer", "клиент", *_CUSTOMER),
        _c("response_date", "date", True, "response date", "дата ответа", "response date", "date", "answered at",
           "submitted at", "дата ответа", "дата"),
        _c("score", "number", True, "score", "оценка", "score", "rating", "grade", "answer", "оценка", "балл",
           "ответ"),
        _c("survey_type", "text", False, "survey type", "тип опроса", "survey type", "type", "survey",
           "тип опроса", "тип", "опрос"),
    ),
    file_words=("survey", "nps", "csat", "опрос"),
)

TICKETS = TableSpec(
    "tickets", "support tickets", "обращения в поддержку",
    (
        _c("ticket_id", "id", False, "ticket", "обращение", "ticket", "ticket id", "case", "case id",
           "обращение", "номер обращения", "id обращения", "тикет"),
        _c("customer_id", "id", False, "customer", "клиент", *_CUSTOMER),
        _c("opened_at", "date", True, "opened", "открыто", "opened", "opened at", "created", "created at",
           "открыто", "дата обращения", "создано", "дата открытия", "дата создания"),
        _c("resolved_at", "date", False, "resolved", "решено", "resolved", "resolved at", "closed", "closed at",
           "решено", "дата решения", "закрыто", "дата закрытия"),
        _c("contacts", "int", False, "contacts until resolution", "контактов до решения", "contacts",
           "contacts until resolution", "contacts to resolve", "touches", "контакты", "контактов до решения",
           "число контактов", "количество контактов"),
        _c("fcr", "bool", False, "resolved at first contact", "решено с первого контакта", "fcr",
           "first contact resolution", "resolved at first contact", "first contact resolved",
           "решено с первого контакта", "решено с первого обращения", "fcr флаг"),
    ),
    any_of=("ticket_id", "resolved_at", "contacts", "fcr"),
    file_words=("ticket", "support", "обращен", "поддержк"),
)

EVENTS = TableSpec(
    "events", "product events", "события продукта",
    (
        _c("customer_id", "id", True, "customer", "клиент", *_CUSTOMER),
        _c("event", "text", True, "event", "событие", "event", "event name", "action", "событие", "действие",
           "название события"),
        _c("event_time", "date", True, "timestamp", "время", "timestamp", "event time", "time", "occurred at",
           "date", "время", "время события", "дата события", "дата"),
    ),
    file_words=("event", "событ"),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (ORDERS, MRR, SURVEYS, TICKETS, EVENTS)}


def column_matches(col: Column, key: str) -> bool:
    """Whether a normalised name ``key`` (e.g. a ``--segment`` value) means ``col``."""
    return key in {normalise(col.name), normalise(col.label_en), normalise(col.label_ru), *col.aliases}


def segment_column(spec: TableSpec, mapped: dict[str, str], headers: list[str], key: str) -> str | None:
    """The column of a table that ``--segment`` (normalised ``key``) names, if any.

    A canonical column matches by its name, labels or aliases, or by the header mapped to
    it; any other header matches by its own text. Returns the canonical name or the header.
    """
    for col in spec.columns:
        if col.name in mapped and (column_matches(col, key) or normalise(mapped[col.name]) == key):
            return col.name
    for header in headers:
        if normalise(header) == key and header not in mapped.values():
            return header
    return None


def find_column(spec: TableSpec, column: str, headers: list[str], explicit: dict[str, str]) -> str | None:
    """The header that holds ``spec.column``: an explicit mapping first, then the column's own name
    (``resolved_at`` is resolved_at even beside a ``resolved`` header), then the aliases in order."""
    by_norm = {normalise(h): h for h in reversed(headers)}
    key = f"{spec.name}.{column}"
    if key in explicit:
        return by_norm.get(normalise(explicit[key]))
    for alias in (normalise(column), *spec.column(column).aliases):
        if alias in by_norm:
            return by_norm[alias]
    return None


def match_columns(spec: TableSpec, headers: list[str], explicit: dict[str, str]) -> dict[str, str]:
    """Canonical column → header for every column of ``spec`` found; one header serves one column."""
    found: dict[str, str] = {}
    used: set[str] = set()
    # Explicit mappings first, so that an alias cannot steal a header the user assigned.
    ordered = sorted(spec.columns, key=lambda c: f"{spec.name}.{c.name}" not in explicit)
    for col in ordered:
        header = find_column(spec, col.name, [h for h in headers if h not in used], explicit)
        if header is not None:
            found[col.name] = header
            used.add(header)
    return found
