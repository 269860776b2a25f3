"""The metric catalog: parse + validate time of the shipped YAML, name lookups, and the CLI listing.

Every ``propose``, ``audit`` and the UI's "add metric" dialog load the catalog once per
process, so its load time is part of their start-up budget.
"""

from __future__ import annotations

from common import cli_command, figure, time_call, time_process

LOAD_TARGET_S = 0.15
CLI_TARGET_S = 1.0
NAMES = [
    "NPS", "Net revenue retention", "средний чек", "конверсия звонков в сделки", "calls made",
    "Доля повторных покупок за квартал", "time to first reorder", "Время подготовки отчётов", "OTIF", "churn",
]


def run() -> list[dict]:
    from metricsmith.catalog import load_catalog

    def cold_load() -> None:
        load_catalog.cache_clear()
        load_catalog()

    load_s = time_call(cold_load, repeat=7)
    catalog = load_catalog()
    catalog.lookup("warm up stemmers")
    rounds = 20
    lookup_s = time_call(lambda: [catalog.lookup(n) for _ in range(rounds) for n in NAMES], repeat=3)
    per_second = rounds * len(NAMES) / lookup_s
    cli_s = time_process(cli_command("catalog", "--format", "json"), repeat=5)
    table_s = time_process(cli_command("catalog", "--lang", "ru"), repeat=5)
    return [
        figure(f"catalog load + validate ({len(catalog)} entries, median)", load_s, "s",
               f"<= {LOAD_TARGET_S}", load_s <= LOAD_TARGET_S),
        figure("catalog.lookup of typed names", per_second, "names/s", "", None),
        figure("metricsmith catalog --format json (median)", cli_s, "s", f"<= {CLI_TARGET_S}", cli_s <= CLI_TARGET_S),
        figure("metricsmith catalog --lang ru table (median)", table_s, "s", f"<= {CLI_TARGET_S}", table_s <= CLI_TARGET_S),
    ]
