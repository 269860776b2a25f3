"""``metricsmith audit FILE``: run the rule layer over a metric table someone already has.

A thin shell over :func:`metricsmith.readers.load_audit_input` and
:func:`metricsmith.rules.audit`. The JSON output is a contract for scripts::

    {"metrics": [{"row": 1, "metric": "...", "findings": [{"rule", "severity", "message", "suggestion"}]}],
     "goals": [{"goal": "...", "expected_result": "...", "findings": [...]}],
     "summary": {...}}

``goals`` lists every goal of the profile (an audited project file), with or without findings,
then any other goal a finding names (a goal column of a table); ``summary.set_findings`` keeps
what concerns the set as a whole.

The exit code follows ``--fail-on``: 1 when a finding at or above that severity exists,
0 otherwise; bad input exits 2 with a one-line message naming the file and row.
"""

from __future__ import annotations

import argparse
import sys

HELP = "Check a KPI table (CSV, XLSX, Markdown, JSON, YAML or project) for activity, vanity and other problems."

_LABELS = {
    "en": {"row": "Row", "metric": "Metric", "rule": "Rule", "severity": "Severity", "message": "Problem",
           "suggestion": "Better", "set": "Whole set", "goal": "Goal", "goals": "Goals", "title": "Audit of", "none": "No problems found.",
           "summary": "{rows} metrics, {flagged} with findings: {errors} errors, {warnings} warnings, {infos} notes."},
    "ru": {"row": "Строка", "metric": "Метрика", "rule": "Правило", "severity": "Важность", "message": "Проблема",
           "suggestion": "Лучше", "set": "Набор целиком", "goal": "Цель", "goals": "Цели", "title": "Проверка", "none": "Проблем не найдено.",
           "summary": "Метрик: {rows}, с замечаниями: {flagged}; ошибок: {errors}, предупреждений: {warnings}, заметок: {infos}."},
}


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="CSV, TSV, XLSX, Markdown, JSON or YAML table, or a metricsmith project")
    parser.add_argument("--column", metavar="NAME", help="header (or 1-based number) of the metric column")
    parser.add_argument("--format", dest="fmt", choices=("table", "json", "md"), default="table",
                        help="output format (default: table)")
    parser.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                        help="exit 1 when a finding at or above this severity exists (default: error)")
    parser.add_argument("--lang", choices=("ru", "en"), help="language of messages (default: each metric's own)")
    parser.add_argument("--explain", metavar="RULE", help="explain a rule ('all' lists every rule) and exit")
    from metricsmith.cli.common import add_catalog_option

    add_catalog_option(parser)


def run(args: argparse.Namespace) -> int:
    from metricsmith.errors import InputTableError, Phrase

    if args.explain:
        return _explain(args.explain, args.lang)
    if not args.file:
        raise InputTableError(Phrase("no_input_file"), hint=Phrase("audit_usage_hint"))
    from metricsmith.cli.common import use_catalogs
    from metricsmith.readers import load_audit_input
    from metricsmith.rules import audit

    use_catalogs(args.catalog)

    data = load_audit_input(args.file, column=args.column)
    findings = audit(data.metrics, data.profile, lang=args.lang, fields=data.fields, rows=data.rows)
    report = build_report(data, findings, lang=args.lang)
    out = sys.stdout
    if args.fmt == "json":
        import json

        out.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    elif args.fmt == "md":
        out.write(render_markdown(report))
    else:
        render_table(report)
    return exit_code(findings, args.fail_on)


def exit_code(findings: list, fail_on: str) -> int:
    from metricsmith.models.project import SEVERITY_ORDER

    if fail_on == "never":
        return 0
    threshold = SEVERITY_ORDER[fail_on]
    return 1 if any(SEVERITY_ORDER.get(f.severity, 0) >= threshold for f in findings) else 0


def _explain(rule: str, lang: str | None) -> int:
    from metricsmith.errors import InputTableError, Phrase
    from metricsmith.rules import RULE_IDS, explain, rules

    langs = [lang] if lang else ["en", "ru"]
    if rule == "all":
        for rid, info in rules().items():
            print(f"{rid:32s} {info.severity:8s} " + " / ".join(info.title_in(lg) for lg in langs))
        return 0
    if rule not in RULE_IDS:
        raise InputTableError(Phrase("unknown_rule", rule=rule),
                              hint=Phrase("known_rules_hint", rules=", ".join(RULE_IDS)))
    print("\n\n".join(explain(rule, lg) for lg in langs))
    return 0


def build_report(data, findings: list, lang: str | None = None) -> dict:
    """The JSON-shaped report: one entry per metric row, set-level findings in the summary."""
    by_metric: dict[str, list[dict]] = {m.id: [] for m in data.metrics}
    by_goal: dict[str, dict] = {}
    if data.profile is not None:
        for g in data.profile.goals:
            title = (g.title or g.expected_result or g.problem).strip()
            if title:
                by_goal.setdefault(title, {"goal": title, "expected_result": g.expected_result, "findings": []})
    set_level: list[dict] = []
    counts = {"error": 0, "warning": 0, "info": 0}
    by_rule: dict[str, int] = {}
    for f in findings:
        item = {"rule": f.rule, "severity": f.severity, "message": f.message, "suggestion": f.suggestion}
        counts[f.severity] = counts.get(f.severity, 0) + 1
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        if f.metric_id is not None and f.metric_id in by_metric:
            by_metric[f.metric_id].append(item)
        elif f.metric_id is None and f.goal:
            by_goal.setdefault(f.goal, {"goal": f.goal, "expected_result": "", "findings": []})["findings"].append(item)
        else:
            if f.goal:
                item["goal"] = f.goal
            set_level.append(item)
    metrics = [
        {"row": row, "metric": m.name, "findings": by_metric[m.id]} for m, row in zip(data.metrics, data.rows)
    ]
    from metricsmith.text import detect_language

    if lang is None:
        if data.profile is not None:
            lang = data.profile.language
        else:
            ru = sum(1 for m in data.metrics if detect_language(m.name) == "ru")
            lang = "ru" if ru * 2 > len(data.metrics) else "en"
    return {
        "metrics": metrics,
        "goals": list(by_goal.values()),
        "summary": {
            "file": str(data.path),
            "language": lang,
            "metrics": len(metrics),
            "flagged": sum(1 for m in metrics if m["findings"]),
            "goals_flagged": sum(1 for g in by_goal.values() if g["findings"]),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
            "by_rule": dict(sorted(by_rule.items())),
            "set_findings": set_level,
        },
    }


def _summary_line(report: dict) -> str:
    s = report["summary"]
    lab = _LABELS[s["language"]]
    return lab["summary"].format(rows=s["metrics"], flagged=s["flagged"], errors=s["errors"],
                                 warnings=s["warnings"], infos=s["infos"])


def render_table(report: dict) -> None:
    """A terminal table of the metrics with findings (rows without findings are only counted)."""
    from metricsmith.cli.common import console
    from metricsmith.exporters._common import SEVERITY_LABELS

    s = report["summary"]
    lab = _LABELS[s["language"]]
    severity = SEVERITY_LABELS[s["language"]]
    con = console()
    rows = [(m, f) for m in report["metrics"] for f in m["findings"]]
    if len(rows) > 300:  # big tables: plain lines render much faster than a rich grid
        write = sys.stdout.write
        for m, f in rows:
            write(f"{m['row']:>6}  {f['severity']:<7}  {f['rule']:<30}  {m['metric']}\n")
            write(f"{'':>6}  {f['message']}  → {f['suggestion'] or ''}\n")
    elif rows:
        from rich.table import Table

        table = Table(title=f"{lab['title']} {_esc(s['file'])}", show_lines=True)
        for key in ("row", "metric", "severity", "rule", "message", "suggestion"):
            fixed = key in ("row", "severity", "rule")  # ids stay whole so they can be searched for
            table.add_column(lab[key], overflow="fold", no_wrap=fixed, min_width=None)
        colour = {"error": "red", "warning": "yellow", "info": "cyan"}
        for m, f in rows:
            sev = f"[{colour.get(f['severity'], 'white')}]{severity.get(f['severity'], f['severity'])}[/]"
            table.add_row(str(m["row"]), _esc(m["metric"]), sev, f["rule"], _esc(f["message"]),
                          _esc(f["suggestion"] or ""))
        con.print(table)
    goal_rows = [(g, f) for g in report.get("goals", []) for f in g["findings"]]
    for g, f in goal_rows:
        con.print(f"{lab['goal']} — {_esc(g['goal'])}: [bold]{severity.get(f['severity'], f['severity'])}[/] {f['rule']}: "
                  f"{_esc(f['message'])} → {_esc(f['suggestion'] or '')}")
    for f in s["set_findings"]:
        con.print(f"{lab['set']}: [bold]{severity.get(f['severity'], f['severity'])}[/] {f['rule']}: {_esc(f['message'])} → {_esc(f['suggestion'] or '')}")
    if not rows and not s["set_findings"] and not goal_rows:
        con.print(lab["none"])
    con.print(_summary_line(report))


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _md(text: object) -> str:
    # The export's escaping: pipes, backslashes, line breaks, tag-like "<" and block starts.
    from metricsmith.exporters.markdown import escape

    return escape(text)


def render_markdown(report: dict) -> str:
    from metricsmith.exporters._common import SEVERITY_LABELS

    s = report["summary"]
    lab = _LABELS[s["language"]]
    severity = SEVERITY_LABELS[s["language"]]
    lines = [f"# {lab['title']} {_md(s['file'])}", ""]
    rows = [(m, f) for m in report["metrics"] for f in m["findings"]]
    if rows:
        keys = ("row", "metric", "severity", "rule", "message", "suggestion")
        lines.append("| " + " | ".join(lab[k] for k in keys) + " |")
        lines.append("|" + "---|" * len(keys))
        for m, f in rows:
            lines.append(f"| {m['row']} | {_md(m['metric'])} | {severity.get(f['severity'], f['severity'])} | {f['rule']} | "
                         f"{_md(f['message'])} | {_md(f['suggestion'] or '')} |")
        lines.append("")
    goal_rows = [(g, f) for g in report.get("goals", []) for f in g["findings"]]
    if goal_rows:
        lines.append(f"## {lab['goals']}")
        lines.append("")
        for g, f in goal_rows:
            lines.append(f"- {_md(g['goal'])}: **{severity.get(f['severity'], f['severity'])}** `{f['rule']}`: "
                         f"{_md(f['message'])} → {_md(f['suggestion'] or '')}")
        lines.append("")
    if s["set_findings"]:
        lines.append(f"## {lab['set']}")
        lines.append("")
        for f in s["set_findings"]:
            lines.append(f"- **{severity.get(f['severity'], f['severity'])}** `{f['rule']}`: {_md(f['message'])} → {_md(f['suggestion'] or '')}")
        lines.append("")
    if not rows and not s["set_findings"] and not goal_rows:
        lines.extend([lab["none"], ""])
    lines.append(_summary_line(report))
    return "\n".join(lines) + "\n"
