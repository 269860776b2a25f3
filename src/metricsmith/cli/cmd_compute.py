"""``metricsmith compute``: fill baselines or actuals from the user's own data.

A thin shell over :mod:`metricsmith.compute`: parse options, compute, print
what was computed (and from how many rows) and what was not (and why), then
save the project atomically. The project file is written only when the
computation succeeded; any bad input stops before anything is written.

The data comes from files (``--data``, loaded into DuckDB) or from a database
(``--source URL``, where the queries run; see :mod:`metricsmith.compute.warehouse`).
The URL is never stored: the project records only the values and the period.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.compute import ComputeOptions, ComputeReport
    from metricsmith.models.project import Project

HELP = "Compute baselines or actuals of the project's metrics from data files (CSV, Parquet, XLSX) or a database."


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT.json", help="the project file to update")
    inputs = parser.add_mutually_exclusive_group(required=True)
    inputs.add_argument("--data", action="append", metavar="FILE",
                        help="a data file: orders, MRR, surveys, tickets or events (repeat for several)")
    inputs.add_argument("--source", metavar="URL",
                        help="compute inside a database instead, e.g. postgresql://user@host:5432/shop "
                             "(password from PGPASSWORD or the config file's source_password)")
    parser.add_argument("--period", metavar="PERIOD",
                        help="2026-10, 2026-Q4, 2026 or 2026-10-01..2026-12-31 (default: the month of the latest date)")
    parser.add_argument("--as", dest="as_", choices=("actual", "baseline"), default="actual",
                        help="record the values as actuals (default) or as baselines")
    parser.add_argument("--map", action="append", metavar="TABLE.COLUMN=HEADER", default=[],
                        help="name a column's header explicitly, e.g. --map orders.amount=Сумма; "
                             "with --source also a table: --map orders=shop.orders")
    parser.add_argument("--map-file", metavar="FILE", help="YAML file with column mappings and options")
    parser.add_argument("--segment", metavar="COLUMN",
                        help="also split every metric by this column (region, channel, new_returning, check_band)")
    parser.add_argument("--feature", metavar="EVENT", help="the feature event for the adoption rate")
    parser.add_argument("--definitions", metavar="FILE",
                        help="YAML definitions of metrics the catalog cannot compute (skeleton: export --format definitions)")
    parser.add_argument("--dry-run", action="store_true", help="compute and print, but do not write the project")


def run(args: argparse.Namespace) -> int:
    from metricsmith.cli.common import speaking
    from metricsmith.io.project_file import load_project

    project = load_project(args.project)
    with speaking(project.language):  # errors framed in the project's language, like the report
        return _compute(args, project)


def _compute(args: argparse.Namespace, project: "Project") -> int:
    from metricsmith.cli.common import console
    from metricsmith.compute import ComputeOptions, apply_report, compute, report_lines
    from metricsmith.compute.mapping import load_map_file, parse_map_args, split_tables
    from metricsmith.errors import InputTableError, Phrase
    from metricsmith.io.project_file import save_project

    mapping: dict[str, str] = {}
    options = ComputeOptions()
    if args.map_file:
        file_mapping, raw_options = load_map_file(args.map_file, tables=True)
        mapping.update(file_mapping)
        options = ComputeOptions.from_mapping(raw_options, path=args.map_file)
    mapping.update(parse_map_args(args.map, tables=True))
    if args.feature:
        options.feature_event = args.feature
    if args.definitions:
        from metricsmith.compute.definitions.user import load_definitions_file

        options.definitions = load_definitions_file(args.definitions)
    tables, mapping = split_tables(mapping)
    if args.source:
        report = _from_source(project, args, tables, mapping, options)
    else:
        if tables:
            name = next(iter(tables))
            raise InputTableError(f"--map {name}={tables[name]} names a database table; it needs --source",
                                  field="--map", hint="for a file, map its columns: --map orders.amount=HEADER")
        import duckdb

        try:
            report = compute(project, args.data, period=args.period, mapping=mapping, segment=args.segment,
                             options=options)
        except duckdb.Error as exc:  # a data file DuckDB could not work with, found past every check
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            raise InputTableError(Phrase("compute_failed", detail=first), hint=Phrase("compute_failed_hint")) from exc
    out = console()
    for line in report_lines(report, as_=args.as_):
        out.print(line, markup=False, soft_wrap=True)
    if not report.computed:
        raise InputTableError(Phrase("nothing_computed"), path=args.project, language=project.language)
    if args.dry_run:
        return 0
    apply_report(project, report, as_=args.as_)
    save_project(project, args.project)
    out.print(("Saved " if project.language != "ru" else "Сохранено: ") + str(args.project), markup=False, soft_wrap=True)
    return 0


def _from_source(project: "Project", args: argparse.Namespace, tables: dict[str, str], mapping: dict[str, str],
                 options: "ComputeOptions") -> "ComputeReport":
    """``compute --source``: the password, when the URL has none, from the config file or its variable."""
    from metricsmith.compute.warehouse import compute_from_source
    from metricsmith.config import load_settings

    secret = load_settings().source_password
    password = secret.get_secret_value() if secret is not None and secret.get_secret_value() else None
    return compute_from_source(project, args.source, period=args.period, tables=tables, mapping=mapping,
                               segment=args.segment, options=options, password=password)
