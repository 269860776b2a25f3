"""``metricsmith compute``: fill baselines or actuals from the user's own data.

A thin shell over :mod:`metricsmith.compute`: parse options, compute, print
what was computed (and from how many rows) and what was not (and why), then
save the project atomically. The project file is written only when the
computation succeeded; any bad input stops before anything is written.
"""

from __future__ import annotations

import argparse

HELP = "Compute baselines or actuals of the project's metrics from data files (CSV, Parquet, XLSX)."


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT.json", help="the project file to update")
    parser.add_argument("--data", action="append", metavar="FILE", required=True,
                        help="a data file: orders, MRR, surveys, tickets or events (repeat for several)")
    parser.add_argument("--period", metavar="PERIOD",
                        help="2026-10, 2026-Q4, 2026 or 2026-10-01..2026-12-31 (default: the month of the latest date)")
    parser.add_argument("--as", dest="as_", choices=("actual", "baseline"), default="actual",
                        help="record the values as actuals (default) or as baselines")
    parser.add_argument("--map", action="append", metavar="TABLE.COLUMN=HEADER", default=[],
                        help="name a column's header explicitly, e.g. --map orders.amount=Сумма")
    parser.add_argument("--map-file", metavar="FILE", help="YAML file with column mappings and options")
    parser.add_argument("--segment", metavar="COLUMN",
                        help="also split every metric by this column (region, channel, new_returning, check_band)")
    parser.add_argument("--feature", metavar="EVENT", help="the feature event for the adoption rate")
    parser.add_argument("--dry-run", action="store_true", help="compute and print, but do not write the project")


def run(args: argparse.Namespace) -> int:
    from metricsmith.cli.common import console
    from metricsmith.compute import ComputeOptions, apply_report, compute, report_lines
    from metricsmith.compute.mapping import load_map_file, parse_map_args
    from metricsmith.io.project_file import load_project, save_project

    project = load_project(args.project)
    mapping: dict[str, str] = {}
    options = ComputeOptions()
    if args.map_file:
        file_mapping, raw_options = load_map_file(args.map_file)
        mapping.update(file_mapping)
        options = ComputeOptions.from_mapping(raw_options, path=args.map_file)
    mapping.update(parse_map_args(args.map))
    if args.feature:
        options.feature_event = args.feature
    import duckdb

    from metricsmith.errors import InputTableError, Phrase

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
