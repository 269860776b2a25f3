"""``metricsmith status``: per metric the last value, change, progress, status and pace.

A thin shell over :func:`metricsmith.tracking.status_rows`, printed as a rich table
(colours follow the status bands) or as JSON for scripts. It only reads the project.
"""

from __future__ import annotations

import argparse

HELP = "Show where each metric stands: last value, change, progress to target, status, on pace or not."


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT.json", help="the project file")
    parser.add_argument("--format", dest="fmt", choices=("table", "json"), default="table",
                        help="output format (default: table)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="as of this day (default: today)")


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from metricsmith.io.project_file import load_project
    from metricsmith.tracking.status import status_rows

    today = dt.date.today()
    if args.date:
        try:
            today = dt.date.fromisoformat(args.date)
        except ValueError:
            from metricsmith.errors import CheckInError, Phrase

            raise CheckInError(Phrase("not_a_date", value=args.date), field="--date", hint=Phrase("date_hint")) from None
    project = load_project(args.project)
    rows = status_rows(project, today)
    if args.fmt == "json":
        import json

        print(json.dumps({"as_of": today.isoformat(), "metrics": [r.as_json() for r in rows]},
                         ensure_ascii=False, indent=2))
        return 0
    _print_table(project, rows, today)
    return 0


def _print_table(project, rows, today) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table
    from rich.text import Text

    from metricsmith.cli.common import console
    from metricsmith.formatting import format_number, format_quantity
    from metricsmith.models.tables import STATUS_LABELS
    from metricsmith.tracking.texts import STATUS_STYLES, labels

    lang = project.language
    L = labels(lang)
    out = console()
    if not rows:
        out.print(L["no_metrics"], markup=False)
        return
    currency = project.profile.monetisation.currency
    from rich import box

    # A light frame: seven columns have to fit an 80-column terminal.
    table = Table(title=f"{L['title']} ({L['as_of']} {today.isoformat()})", box=box.SIMPLE_HEAD, pad_edge=False,
                  show_edge=False, collapse_padding=True)
    for key in ("metric", "last", "change", "progress", "status", "pace", "target"):
        table.add_column(L[key], overflow="fold", min_width=12 if key == "metric" else None,
                         justify="right" if key in ("last", "change", "progress", "target") else "left")
    for r in rows:
        change = "—" if r.change is None else ("+" if r.change > 0 else "") + format_number(r.change, lang)
        pace = L["unknown"] if r.on_pace is None else (L["yes"] if r.on_pace else L["no"])
        last = Text(format_quantity(r.last_value, r.unit, lang, currency))
        if r.last_period:
            last.append("\n" + r.last_period, style="dim")
        target = Text(format_quantity(r.target, r.unit, lang, currency))
        if r.target_date:
            target.append("\n" + r.target_date.isoformat(), style="dim")
        table.add_row(
            Text(r.metric),
            last,
            change,
            "—" if r.progress_pct is None else f"{format_number(r.progress_pct, lang)} %",
            Text(STATUS_LABELS[lang].get(r.status, r.status), style=STATUS_STYLES.get(r.status, "")),
            Text(pace, style="green" if r.on_pace else ("red" if r.on_pace is False else "dim")),
            target,
        )
    out.print(table)
