"""``metricsmith propose``: draft value metrics and both KPI tables from a profile file.

The consultant's batch path: one profile YAML in, one project JSON out, both tables on the
screen. A thin shell over :func:`metricsmith.api.propose`; everything heavy (pydantic,
rich, the engines) is imported inside :func:`run`, and the offline path never imports
LangChain, so the whole command stays well under half a second.

Nothing is written unless drafting succeeded, and the project is saved atomically.
"""

from __future__ import annotations

import argparse

HELP = "Draft 5-7 value metrics and both KPI tables for a profile (offline or with an LLM)."

#: Options that only make sense for the LLM engine: giving any of them selects it.
LLM_OPTIONS = ("provider", "model", "base_url")


def _positive_float(text: str) -> float:
    from metricsmith.cli.arguments import bad_value

    try:
        value = float(text)
    except ValueError:
        raise bad_value("expected_number_arg", text=text) from None
    if value <= 0:
        raise bad_value("expected_positive_arg", text=text)
    return value


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("profile", metavar="PROFILE.yaml", help="interview answers (see 'metricsmith init')")
    parser.add_argument(
        "-o", "--output", metavar="PROJECT.json",
        help="where to save the project (default: next to the profile, same name, .json)",
    )
    parser.add_argument("--engine", choices=("offline", "llm"), help="drafting engine (default: offline, or llm "
                        "when --provider/--model/--base-url is given)")
    parser.add_argument("--provider", choices=("openai", "ollama", "openai-compatible", "other"), help="LLM provider")
    parser.add_argument("--model", help="LLM model name")
    parser.add_argument("--base-url", metavar="URL", help="base URL of an OpenAI-compatible server")
    parser.add_argument("--api-key-env", metavar="VAR", help="environment variable that holds the API key")
    parser.add_argument(
        "--structured-method", choices=("auto", "json_schema", "function_calling", "json_mode"),
        help="how the LLM is asked for structured output",
    )
    parser.add_argument("--timeout", type=_positive_float, metavar="S", help="seconds per LLM request")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="maximum output tokens per LLM call")
    parser.add_argument("--temperature", type=float, metavar="T", help="LLM sampling temperature")
    parser.add_argument("--no-cache", action="store_true", help="do not reuse cached LLM answers")
    parser.add_argument("--no-replace", action="store_true", help="keep metrics flagged as activity or vanity "
                        "instead of replacing them once")
    parser.add_argument("--quiet", action="store_true", help="print only where the project was saved")
    from metricsmith.cli.common import add_catalog_option

    add_catalog_option(parser)
    parser.add_argument("--force", action="store_true", help="replace the output even if it holds recorded actual "
                        "values or is not a metricsmith project")


def _is_empty_document(text: str) -> bool:
    import yaml

    from metricsmith.errors import ProfileError
    from metricsmith.io.user_yaml import load_user_yaml

    try:
        return load_user_yaml(text, None, ProfileError) in (None, {}, "")
    except (yaml.YAMLError, ProfileError):
        return False


STEP_LABELS = {
    "en": {"metric_set": "metric set", "tracking": "tracking table", "value": "Value Management table",
           "rules": "rules", "replacements": "replacements"},
    "ru": {"metric_set": "подбор метрик", "tracking": "таблица отслеживания", "value": "таблица Value Management",
           "rules": "проверка правилами", "replacements": "замена помеченных метрик"},
}


def _line_of(path, field: str | None) -> int | None:  # type: ignore[no-untyped-def]
    """The line of ``field`` (dotted path) in the profile file, for errors found after loading."""
    if not field:
        return None
    import yaml

    from metricsmith.io.profile_file import _line_index

    from metricsmith.errors import MetricsmithError
    from metricsmith.io.profile_file import read_profile_text
    from metricsmith.io.user_yaml import compose_user_yaml

    try:
        node = compose_user_yaml(read_profile_text(path), path, MetricsmithError)
    except (MetricsmithError, yaml.YAMLError):
        return None
    return _line_index(node).get(tuple(field.split("."))) if node is not None else None


def _check_replaceable(output) -> None:  # type: ignore[no-untyped-def]
    """Refuse to overwrite work: a file that is not a project, or a project with recorded actuals.

    Re-drafting over an earlier draft is the normal consultant loop and stays silent; a
    project whose actual values were already recorded (monthly reviews) is never replaced
    without ``--force``.
    """
    from metricsmith.errors import MetricsmithError, Phrase, SaveError
    from metricsmith.io.project_file import load_project

    try:
        existing = load_project(output)
    except MetricsmithError:
        raise SaveError(Phrase("output_not_project"), path=output, hint=Phrase("output_force_hint")) from None
    if any(m.history or m.actual is not None for m in existing.metrics):
        raise SaveError(Phrase("output_has_actuals"), path=output, hint=Phrase("output_force_hint"))


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from metricsmith import api
    from metricsmith.quick_settings import quick_offline_settings
    from metricsmith.errors import MetricsmithError, Phrase, ProfileError, SaveError
    from metricsmith.io.profile_file import load_profile
    from metricsmith.io.project_file import save_project

    profile_path = Path(args.profile)
    profile = load_profile(profile_path)
    from metricsmith.cli.common import speaking

    with speaking(profile.language):  # the profile's language, like the output
        from metricsmith.io.profile_file import read_profile_text

        if _is_empty_document(read_profile_text(profile_path)):
            raise ProfileError(Phrase("profile_empty"), path=profile_path, hint=Phrase("profile_template_hint"))
        output = Path(args.output) if args.output else profile_path.with_suffix(".json")
        if output.resolve() == profile_path.resolve():
            raise ProfileError(Phrase("output_is_profile"), path=output, hint=Phrase("other_output_hint"))

        if output.is_dir():  # before drafting, and --force cannot help: say what is wrong
            raise SaveError(Phrase("output_is_folder"), path=output, hint=Phrase("output_example_hint"))
        if output.exists() and not args.force:
            _check_replaceable(output)
        from metricsmith.io.atomic import writable_target

        writable_target(output)  # even with --force: never a device, a pipe or a read-only file

        engine = args.engine
        if engine is None and any(getattr(args, name) for name in LLM_OPTIONS):
            engine = "llm"
        options = dict(
            engine=engine,
            provider=args.provider,
            model=args.model,
            base_url=args.base_url,
            api_key_env=args.api_key_env,
            structured_method=args.structured_method,
            timeout=args.timeout,
            max_tokens=args.max_tokens,
            temperature=args.temperature,
            cache=False if args.no_cache else None,
            replace_flagged=False if args.no_replace else None,
        )
        # Nothing configured and no LLM option: the offline defaults, without loading the settings model.
        settings = quick_offline_settings(**options)
        if settings is None:
            from metricsmith.config import load_settings

            settings = load_settings(**options)

        from metricsmith.cli.common import console, use_catalogs

        use_catalogs(args.catalog, settings.catalogs)
        # rich costs a hundredth of a second to import: a --quiet run never needs it
        err = None if args.quiet else console(stderr=True)
        lang = profile.language

        def progress(step: str, message: str) -> None:
            if err is None:
                return
            label = STEP_LABELS[lang].get(step, step)
            # The offline engine reports in the profile's language; other messages may be English
            # only, so a Russian run shows them only when they are written in Cyrillic.
            shown = lang == "en" or any("а" <= ch.lower() <= "я" for ch in message)
            err.print(f"… {label}: {message}" if shown else f"… {label}", markup=False, highlight=False)

        try:
            project = api.propose(profile, settings=settings, progress=progress)
        except MetricsmithError as exc:
            if isinstance(exc, ProfileError) and exc.path is None:
                exc.path = str(profile_path)
                exc.line = exc.line or _line_of(profile_path, exc.field)
            raise
        saved = save_project(project, output)
        if not args.quiet:
            print_project(project)
        print(("Проект сохранён: " if lang == "ru" else "Project saved to ") + str(saved))
    return 0


# --------------------------------------------------------------------------- rendering

LABELS = {
    "en": {
        "tracking": "Value-delivery tracking", "value": "Value Management", "findings": "Findings",
        "notices": "Notes", "llm": "LLM calls", "step": "Step", "model": "Model", "tokens_in": "Tokens in",
        "tokens_out": "Tokens out", "latency": "Latency, s", "cached": "Cached", "total": "Total",
        "yes": "yes", "no": "no", "none": "No findings: every metric passed the rules.",
        "better": "better",
    },
    "ru": {
        "tracking": "Отслеживание доставки ценности", "value": "Value Management", "findings": "Замечания",
        "notices": "Примечания", "llm": "Вызовы LLM", "step": "Шаг", "model": "Модель", "tokens_in": "Токены (вход)",
        "tokens_out": "Токены (выход)", "latency": "Время, с", "cached": "Из кэша", "total": "Итого",
        "yes": "да", "no": "нет", "none": "Замечаний нет: все метрики прошли проверку.",
        "better": "лучше",
    },
}


#: Terminals narrower than this get the compact layout of both tables.
NARROW_BELOW = 120


def print_project(project, console=None) -> None:  # type: ignore[no-untyped-def]
    """Print both tables, findings, notices and LLM accounting with rich."""
    from rich.markup import escape
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from metricsmith.cli.common import console as make_console
    from metricsmith.exporters._common import SEVERITY_LABELS
    from metricsmith.formatting import format_quantity
    from metricsmith.models.tables import (
        KIND_LABELS,
        STATUS_LABELS,
        TRACKING_HEADERS,
        VALUE_HEADERS,
        tracking_rows,
        value_rows,
    )

    out = console or make_console()
    lang = project.language
    labels = LABELS[lang]

    currency = project.profile.monetisation.currency

    def quantity(value: float | None, unit: str) -> str:
        return format_quantity(value, unit, lang, currency)

    # Below ~120 columns six text columns side by side are unreadable: the tracking table
    # merges "before → after" (and drops an all-empty "actual"), the value table becomes blocks.
    narrow = out.width < NARROW_BELOW
    rows = tracking_rows(project)
    show_actual = not narrow or any(r.actual is not None for r in rows)
    th = TRACKING_HEADERS[lang]
    tracking = Table(title=labels["tracking"], show_lines=not narrow, expand=True)
    columns = ["goal", "metric", "kind"]
    columns += ["change"] if narrow else ["baseline", "target"]
    columns += (["actual"] if show_actual else []) + ["status", "owner"]
    for key in columns:
        header = f"{th['baseline']} → {th['target']}" if key == "change" else th[key]
        tracking.add_column(header, overflow="fold", ratio=3 if key in ("goal", "metric") else 2)
    previous_goal = None
    for row in rows:
        cells = {
            # A goal is named once for its group of rows.
            "goal": row.goal if row.goal != previous_goal else "",
            "metric": row.metric,
            "kind": KIND_LABELS[lang].get(row.kind, row.kind),
            "baseline": quantity(row.baseline, row.unit),
            "target": quantity(row.target, row.unit),
            "change": f"{quantity(row.baseline, row.unit)} → {quantity(row.target, row.unit)}",
            "actual": quantity(row.actual, row.unit),
            "status": STATUS_LABELS[lang].get(row.status, row.status),
            "owner": row.owner or "—",
        }
        previous_goal = row.goal
        # Cells are user (or LLM) text: "[/]" or "[red]" in a goal must print as typed.
        tracking.add_row(*(escape(cells[key]) for key in columns))
    out.print(tracking)

    vh = VALUE_HEADERS[lang]
    keys = ("formula", "why", "where_used", "example", "plan", "reason")
    if narrow:
        out.print(f"[bold]{labels['value']}[/bold]", justify="center")
        for vrow in value_rows(project):
            out.print()
            out.print(f"[bold]{escape(vrow.metric)}[/bold]")
            for key in keys:
                if getattr(vrow, key):
                    line = Text.assemble((f"{vh[key]}: ", "dim"), getattr(vrow, key))
                    out.print(Padding(line, (0, 0, 0, 2)))
        out.print()
    else:
        value = Table(title=labels["value"], show_lines=True, expand=True)
        for key in ("metric", *keys):
            value.add_column(vh[key], overflow="fold", ratio=2 if key == "metric" else 3)
        for vrow in value_rows(project):
            value.add_row(*(escape(getattr(vrow, key)) for key in ("metric", *keys)))
        out.print(value)

    out.print(f"[bold]{labels['findings']}[/bold]")
    if not project.findings:
        out.print(f"  {labels['none']}")
    names = {m.id: m.name for m in project.metrics}
    for f in project.findings:
        colour = {"error": "red", "warning": "yellow"}.get(f.severity, "cyan")
        subject = names.get(f.metric_id or "", f.metric_id or f.goal or "")
        line = f"  [{colour}]{SEVERITY_LABELS[lang].get(f.severity, f.severity)}[/{colour}] {f.rule}"
        if subject:
            line += f" — {escape(subject)}"
        out.print(line + f": {escape(f.message)}", markup=True, highlight=False)
        if f.suggestion:
            out.print(f"      → {labels['better']}: {f.suggestion}", markup=False, highlight=False)

    if project.notices:
        out.print(f"[bold]{labels['notices']}[/bold]")
        for n in project.notices:
            out.print(f"  • {n.message}", markup=False, highlight=False)

    if project.llm_calls:
        calls = Table(title=labels["llm"])
        for key in ("step", "model", "tokens_in", "tokens_out", "latency", "cached"):
            calls.add_column(labels[key], justify="right" if key in ("tokens_in", "tokens_out", "latency") else "left")
        for c in project.llm_calls:
            calls.add_row(escape(c.step), escape(c.model), str(c.input_tokens), str(c.output_tokens), f"{c.latency_s:.2f}",
                          labels["yes"] if c.cached else labels["no"])
        calls.add_row(
            labels["total"], "", str(sum(c.input_tokens for c in project.llm_calls)),
            str(sum(c.output_tokens for c in project.llm_calls)),
            f"{sum(c.latency_s for c in project.llm_calls):.2f}",
            str(sum(1 for c in project.llm_calls if c.cached)),
        )
        out.print(calls)
