"""``metricsmith doctor``: check the configured LLM provider and say how to fix what is wrong."""

from __future__ import annotations

import argparse

HELP = "Check the LLM setup: server reachable, model known, structured output works."


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--provider", choices=["openai", "ollama", "openai-compatible", "other"],
                        help="LLM provider (default: from config)")
    parser.add_argument("--model", help="model name")
    parser.add_argument("--base-url", help="base URL of an OpenAI-compatible server or Ollama")
    parser.add_argument("--api-key-env", help="name of the environment variable holding the API key")
    parser.add_argument("--structured-method", choices=["auto", "json_schema", "function_calling", "json_mode"],
                        help="how structured output is requested (default: auto, per backend)")
    parser.add_argument("--timeout", type=float, help="seconds per request")
    parser.add_argument("--max-tokens", type=int, help="maximum output tokens per call")
    parser.add_argument("--lang", choices=["ru", "en"],
                        help="language of the report (default: settings.language, else the system locale)")


def report_language(flag: str | None, configured: str) -> str:
    """``--lang`` first, then ``settings.language``, then the system locale (``ru`` or ``en``)."""
    if flag in ("ru", "en"):
        return flag
    if configured in ("ru", "en"):
        return configured
    from metricsmith.i18n import system_language

    return system_language()


def run(args: argparse.Namespace) -> int:
    from rich.markup import escape

    from metricsmith.cli.common import console
    from metricsmith.config import load_settings
    from metricsmith.doctor import run_checks
    from metricsmith.engines.llm.provider import describe
    from metricsmith.engines.llm.texts import doctor_text

    settings = load_settings(
        provider=args.provider, model=args.model, base_url=args.base_url, api_key_env=args.api_key_env,
        structured_method=args.structured_method, timeout=args.timeout, max_tokens=args.max_tokens,
    )
    lang = report_language(getattr(args, "lang", None), settings.language)
    settings = settings.model_copy(update={"language": lang})
    out = console()
    out.print(f"metricsmith doctor — {describe(settings, lang)}", markup=False, soft_wrap=True)
    results = run_checks(settings)
    for result in results:
        mark = {True: "[green]✓[/]", False: "[red]✗[/]", None: "[dim]–[/]"}[result.ok]
        line = f"{mark} {result.label}"
        if result.detail:
            line += f": {escape(result.detail)}"
        out.print(line, markup=True, highlight=False, soft_wrap=True)
        if result.ok is False and result.hint:
            fix = doctor_text("fix", lang)
            out.print(f"    {fix}: {result.hint}", markup=False, highlight=False, soft_wrap=True)
    return 1 if any(r.ok is False for r in results) else 0
