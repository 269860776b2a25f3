"""``metricsmith track``: record one check-in (a metric's value for a period) in a project.

A thin shell over :func:`metricsmith.tracking.check_in`: every check runs before the
project is touched, and the save is the project's compare-and-swap save, so a check-in
made while another program saved the file is merged in, never lost.
"""

from __future__ import annotations

import argparse

HELP = "Record a metric's value for a period (a check-in): track PROJECT METRIC VALUE [--period 2026-11]."


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT.json", help="the project file to update")
    parser.add_argument("metric", metavar="METRIC", help="the metric's id or name (either language, any case)")
    parser.add_argument("value", metavar="VALUE", help="the value, e.g. 12.5 or 12,5")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--period", metavar="PERIOD",
                      help="2026-11-29 (day), 2026-W48 (week), 2026-11 (month) or 2026-Q4 (quarter); "
                      "default: the current period of the metric's window (month unless it says otherwise)")
    when.add_argument("--date", metavar="YYYY-MM-DD", help="record the value for this day")
    parser.add_argument("--comment", default="", help="what happened, why it moved")
    parser.add_argument("--by", metavar="NAME", help="who recorded it (default: your login name)")


def run(args: argparse.Namespace) -> int:
    from metricsmith.cli.common import console
    from metricsmith.formatting import format_quantity
    from metricsmith.io.project_file import load_project, save_project
    from metricsmith.tracking import check_in, find_metric

    from metricsmith.tracking.periods import parse_period

    from metricsmith.cli.common import speaking

    project = load_project(args.project)
    with speaking(project.language):  # check-in errors are worded in the project's language, like the output
        period = args.period
        if args.date is not None:  # read here, not by argparse, so a bad date is one line like every other bad input
            period = parse_period(args.date, project.language)
            if period.granularity != "day":
                from metricsmith.errors import CheckInError, Phrase

                raise CheckInError(Phrase("not_a_date", value=args.date), field="--date",
                                   hint=Phrase("date_example_hint"))
        obs = check_in(project, args.metric, args.value, period=period, comment=args.comment, author=args.by)
        save_project(project, args.project)
    metric = find_metric(project, args.metric)
    lang = project.language
    shown = format_quantity(obs.value, metric.unit, lang, project.profile.monetisation.currency)
    if lang == "ru":
        line = f"{metric.name}: {shown} за {obs.period}"
        if obs.superseded:
            line += f" (исправлено, было {format_quantity(obs.superseded[-1].value, metric.unit, lang)})"
        line += f"; сохранено: {args.project}"
    else:
        line = f"{metric.name}: {shown} for {obs.period}"
        if obs.superseded:
            line += f" (corrected, was {format_quantity(obs.superseded[-1].value, metric.unit, lang)})"
        line += f"; saved {args.project}"
    console().print(line, markup=False, soft_wrap=True)
    return 0
