"""``metricsmith catalog``: browse the built-in metric catalog.

Why a command for it: a consultant choosing a replacement for a flagged metric,
or checking how metricsmith defines NRR before quoting it to a client, needs
the catalog's ids, formulas and conventions without opening the YAML file.
The filtering lives in :meth:`metricsmith.catalog.Catalog.select`; this module
only parses arguments and prints (a rich table, one entry in full, or JSON).
"""

from __future__ import annotations

import argparse

HELP = "List the built-in metric catalog (filter by industry or category; show one entry with --id)."

#: Headings and field titles in both languages.
_T: dict[str, dict[str, str]] = {
    "en": {
        "title": "Metric catalog",
        "id": "id",
        "name": "name",
        "category": "category",
        "kind": "kind",
        "unit": "unit",
        "direction": "direction",
        "better": "better",
        "formula": "Formula",
        "why": "Why it matters",
        "where_used": "Where and how it is used",
        "example": "Example",
        "plan": "Typical initiatives",
        "data_source": "Data source",
        "industries": "Industries",
        "monetisation": "Monetisation",
        "period": "Period",
        "bounds": "Possible range",
        "conventions": "Conventions",
        "keywords": "Keywords",
        "count": "{n} metrics",
        "empty": "No catalog metrics match these filters.",
    },
    "ru": {
        "title": "Каталог метрик",
        "id": "id",
        "name": "название",
        "category": "категория",
        "kind": "тип",
        "unit": "ед.",
        "direction": "направление",
        "better": "лучше",
        "formula": "Формула",
        "why": "Почему важна",
        "where_used": "Где и как используется",
        "example": "Пример",
        "plan": "Типовые инициативы",
        "data_source": "Источник данных",
        "industries": "Отрасли",
        "monetisation": "Монетизация",
        "period": "Период",
        "bounds": "Возможный диапазон",
        "conventions": "Соглашения",
        "keywords": "Ключевые слова",
        "count": "метрик: {n}",
        "empty": "Под эти фильтры метрик в каталоге нет.",
    },
}


#: Compact direction labels for the table (the full ones are shown with --id).
_ARROWS: dict[str, str] = {"up": "↑", "down": "↓"}


def _bounds_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g} … {high:g}"
    if low is not None:
        return f"≥ {low:g}"
    return f"≤ {high:g}"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--industry",
        metavar="X",
        help="retail, services, education, saas, logistics, marketplace (metrics for any business are included); "
        "'any' lists only those",
    )
    parser.add_argument(
        "--category",
        metavar="C",
        help="financial, customer_value, operational_efficiency, usage_adoption, strategic",
    )
    parser.add_argument("--lang", choices=("ru", "en"), help="language of names and texts (default: settings, else en)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    parser.add_argument("--id", dest="entry_id", metavar="ID", help="show one entry in full (its id, or a name or abbreviation such as NPS)")
    from metricsmith.cli.common import add_catalog_option

    add_catalog_option(parser)


def _language(requested: str | None) -> str:
    if requested:
        return requested
    from metricsmith.config import load_settings

    return load_settings().language or "en"


def run(args: argparse.Namespace) -> int:
    import json

    from metricsmith.catalog import entry_as_dict
    from metricsmith.catalog.extra import active_catalog
    from metricsmith.errors import MetricsmithError, Phrase

    from metricsmith.cli.common import use_catalogs

    lang = _language(args.lang)
    use_catalogs(args.catalog)
    catalog = active_catalog()
    if args.entry_id:
        entry = catalog.find(args.entry_id.strip())
        if entry is None:
            entry = catalog.lookup(args.entry_id)
        if entry is None:
            raise MetricsmithError(Phrase("no_catalog_metric", id=args.entry_id), field="id",
                                   hint=Phrase("catalog_ids_hint"))
        if args.format == "json":
            print(json.dumps(entry_as_dict(entry, lang), ensure_ascii=False, indent=2))
        else:
            _print_entry(entry, lang)
        return 0

    entries = catalog.select(industry=args.industry, category=args.category)
    if args.format == "json":
        print(json.dumps([entry_as_dict(e, lang) for e in entries], ensure_ascii=False, indent=2))
        return 0
    _print_table(entries, lang)
    return 0


def _print_table(entries: list, lang: str) -> None:
    """Entries grouped by category (a heading row per category) so that the table fits 80 columns."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from metricsmith.catalog import CATEGORY_LABELS, UNIT_LABELS
    from metricsmith.cli.common import console
    from metricsmith.models.metric import CATEGORIES
    from metricsmith.models.tables import KIND_LABELS

    t = _T[lang]
    out = console()
    if not entries:
        out.print(t["empty"])
        return
    table = Table(
        title=f"{t['title']} · {t['count'].format(n=len(entries))}",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column(t["id"], no_wrap=True)
    table.add_column(t["name"], overflow="fold", min_width=12)
    table.add_column(t["kind"], no_wrap=True)
    table.add_column(t["unit"], no_wrap=True)
    table.add_column(t["better"], no_wrap=True, justify="center")
    for category in CATEGORIES:
        group = [e for e in entries if e.category == category]
        if not group:
            continue
        table.add_row(f"[b]{CATEGORY_LABELS[lang][category].upper()}[/b]", "", "", "", "")
        for e in group:
            name = e.name.get(lang)
            if e.short is not None and e.short.get(lang) not in name:
                name = f"{name} ({e.short.get(lang)})"
            table.add_row(
                e.id,
                escape(name),
                KIND_LABELS[lang][e.kind],
                escape(UNIT_LABELS[lang].get(e.unit, e.unit)),
                _ARROWS[e.direction],
            )
        table.add_section()
    out.print(table)


def _print_entry(entry, lang: str) -> None:  # entry: CatalogEntry
    from rich.markup import escape
    from rich.panel import Panel

    from metricsmith.catalog import CATEGORY_LABELS, DIRECTION_LABELS, UNIT_LABELS
    from metricsmith.cli.common import console
    from metricsmith.models.tables import KIND_LABELS

    t = _T[lang]
    lines: list[str] = []
    head = [
        f"[b]{t['category'].capitalize()}:[/b] {CATEGORY_LABELS[lang][entry.category]}",
        f"[b]{t['kind'].capitalize()}:[/b] {KIND_LABELS[lang][entry.kind]}",
        f"[b]{t['unit'].capitalize()}:[/b] {escape(UNIT_LABELS[lang].get(entry.unit, entry.unit))}",
        f"[b]{t['direction'].capitalize()}:[/b] {DIRECTION_LABELS[lang][entry.direction]}",
        f"[b]{t['period']}:[/b] {escape(entry.period)}",
    ]
    lines.append(" · ".join(head))
    lines.append(f"[b]{t['industries']}:[/b] {', '.join(entry.industries)}   "
                 f"[b]{t['monetisation']}:[/b] {', '.join(entry.monetisation)}")
    low, high = entry.bounds
    if low is not None or high is not None:
        lines.append(f"[b]{t['bounds']}:[/b] {_bounds_text(low, high)}")
    conv = {k: v for k, v in entry.conventions.model_dump().items() if v is not None}
    if conv:
        lines.append(f"[b]{t['conventions']}:[/b] " + "; ".join(f"{k} = {escape(str(v))}" for k, v in conv.items()))
    for key in ("formula", "why", "where_used", "example", "plan", "data_source"):
        text = getattr(entry, key)
        if text is not None:
            lines.append("")
            lines.append(f"[b]{t[key]}[/b]")
            lines.append(escape(text.get(lang)))
    keywords = entry.keywords.ru if lang == "ru" else entry.keywords.en
    if keywords:
        lines.append("")
        lines.append(f"[b]{t['keywords']}:[/b] {escape(', '.join(keywords))}")
    title = entry.name.get(lang)
    if entry.short is not None and entry.short.get(lang) not in title:
        title = f"{title} ({entry.short.get(lang)})"
    console().print(Panel("\n".join(lines), title=f"[b]{escape(title)}[/b] · {entry.id}", title_align="left"))
