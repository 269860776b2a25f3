"""``metricsmith export``: write a project's tables as Markdown, CSV, XLSX or JSON.

A thin shell over :func:`metricsmith.exporters.export_project`; the list of
formats comes from the exporter registry, so a new format module shows up
here without editing this file.

Overwriting: the project file itself is never replaced, and an existing
output file is kept unless ``--force`` is given, because an exported XLSX or
Markdown report is often edited by hand afterwards (notes for a client) and
silently regenerating it would lose that work.
"""

from __future__ import annotations

import argparse
import datetime as dt

HELP = "Export a project's tables to Markdown, CSV, XLSX or JSON."


def _date(text: str) -> dt.date:
    from metricsmith.cli.arguments import bad_value

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise bad_value("expected_date_arg", text=text) from None


def _option(text: str) -> tuple[str, str]:
    from metricsmith.cli.arguments import bad_value

    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise bad_value("expected_key_value_arg", text=text)
    return key.strip(), value.strip()


def register(parser: argparse.ArgumentParser) -> None:
    from metricsmith.exporters import TABLES, formats

    registry = formats()
    parser.add_argument("project", metavar="PROJECT.json", help="project file written by 'metricsmith propose' or the UI")
    parser.add_argument(
        "-f",
        "--format",
        required=True,
        type=str.lower,
        choices=list(registry),
        help="; ".join(f"{name}: {spec.description}" for name, spec in registry.items()),
    )
    parser.add_argument(
        "--table",
        choices=TABLES,
        default="both",
        help="which table to export (default: both)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="output file (default: next to the project, with the format's suffix; "
        "CSV with --table both writes FILE's stem + .tracking.csv and .value.csv)",
    )
    parser.add_argument("--bom", action="store_true", help="start text files with a UTF-8 BOM so Excel detects the encoding")
    parser.add_argument("--force", action="store_true", help="replace output files that already exist")
    parser.add_argument(
        "-O",
        "--option",
        type=_option,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="format-specific setting passed to the exporter (repeatable), e.g. -O period=2026-Q4 for sql",
    )
    parser.add_argument("--dialect", type=str.lower, metavar="DIALECT",
                        help="SQL dialect for --format sql: duckdb (default), postgres, snowflake, bigquery, databricks "
                             "(the same as -O dialect=…)")
    parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="derive statuses as of this date (default: today)")


def run(args: argparse.Namespace) -> int:
    from metricsmith.cli.common import speaking
    from metricsmith.exporters import export_project
    from metricsmith.io.project_file import load_project

    project = load_project(args.project)
    with speaking(project.language):  # errors framed in the project's language
        written = export_project(
            project,
            args.format,
            args.output,
            table=args.table,
            bom=args.bom,
            today=args.date,
            source=args.project,
            overwrite=args.force,
            extra=dict(args.option) | ({"dialect": args.dialect} if args.dialect else {}),
        )
    for path in written:
        print(path)
    return 0
