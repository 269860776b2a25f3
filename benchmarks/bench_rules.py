"""Rule layer: quality on the labelled dev set, name-audit throughput, and XLSX audit end to end.

Quality: ``shared/eval/dev_metrics.csv`` (next to the repository; skipped when absent; counted
by ``rules_eval.evaluate``, as ``python benchmarks/rules_eval.py FILE`` does) has
names labelled activity / vanity / value. "Flagged" means an ``activity-as-value`` or
``vanity`` finding; precision and recall are measured against labels activity+vanity, and
kind accuracy is the share of flagged names whose rule matches the label.

Speed: a generated 100,000-row CSV of names (mixed English/Russian, mostly unique) read and
audited in-process on one core with name-only rules, reported as names per CPU second and as
a ratio to a bare ``csv.reader`` pass over the same file in the same run (so a slower or busier
machine moves both); and a 10,000-row XLSX audited through the ``metricsmith audit`` process
(process start included).
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path

from common import cli_command, figure, time_process
from rules_eval import evaluate

DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev_metrics.csv"

_STEMS_EN = ["Outbound calls", "Deals closed", "Site visits", "Lead-to-customer conversion", "Emails sent",
             "Revenue from new customers", "Instagram followers", "Repeat purchase rate", "Demos delivered",
             "Orders processed per employee", "App downloads", "Time to first value", "Tickets answered",
             "Net revenue retention", "Features released", "Share of active users"]
_STEMS_RU = ["Количество звонков", "Заключённые сделки", "Посещаемость сайта", "Конверсия лидов в клиентов",
             "Отправлено писем", "Выручка от новых клиентов", "Подписчики канала", "Доля повторных покупок",
             "Проведено встреч", "Заказов на сотрудника", "Скачивания приложения", "Время до первой ценности"]
_QUALIFIERS = ["per day", "per month", "in region", "for segment", "Q", "week", "channel", "team", "cohort"]
_QUALIFIERS_RU = ["в день", "за месяц", "в регионе", "по сегменту", "квартал", "неделя", "канал", "когорта"]


def _names(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        if rnd.random() < 0.5:
            out.append(f"{rnd.choice(_STEMS_EN)} {rnd.choice(_QUALIFIERS)} {i}")
        else:
            out.append(f"{rnd.choice(_STEMS_RU)} {rnd.choice(_QUALIFIERS_RU)} {i}")
    return out


def quality() -> list[dict]:
    if not DEV_SET.exists():
        return [figure("dev set quality (dev_metrics.csv absent)", 0, "", "", None)]
    with DEV_SET.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    res = evaluate(rows)
    precision, recall, kind = res["precision"], res["recall"], res["kind_accuracy"]
    return [
        figure("dev set: precision of activity/vanity flags", precision, "", ">= 0.97", precision >= 0.97),
        figure("dev set: recall of activity/vanity flags", recall, "", ">= 0.97", recall >= 0.97),
        figure("dev set: kind accuracy among flagged", kind, "", ">= 0.90", kind >= 0.90),
        figure("dev set: names", len(rows), "names", "", None),
    ]


def _bare_read(path: Path) -> float:
    """CPU seconds of reading every row of ``path`` with ``csv.reader`` and nothing else."""
    started = time.process_time()
    with path.open(encoding="utf-8", newline="") as fh:
        for _ in csv.reader(fh):
            pass
    return time.process_time() - started


def throughput(tmp: Path) -> list[dict]:
    from metricsmith.readers import load_audit_input
    from metricsmith.rules import audit

    path = tmp / "names.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Metric"])
        for name in _names(100_000):
            w.writerow([name])
    load_audit_input(path)  # warm: lexicon, stemmers, catalog
    bare = min(_bare_read(path) for _ in range(3))
    # CPU time of this process: the figure is per core and not skewed by other load on the machine.
    started, wall = time.process_time(), time.perf_counter()
    data = load_audit_input(path)
    findings = audit(data.metrics, fields=data.fields, rows=data.rows)
    elapsed = time.process_time() - started
    wall = time.perf_counter() - wall
    rate = len(data.metrics) / elapsed
    ratio = elapsed / bare if bare > 0 else float("inf")
    return [
        figure("names audited per CPU second (100k-row CSV, read + name-only rules, 1 core)", rate, "names/s",
               ">= 50,000", rate >= 50_000),
        figure("same, as a multiple of a bare csv.reader pass over the file (same run)", ratio, "x", "", None),
        figure("bare csv.reader pass over the same file", len(data.metrics) / bare if bare > 0 else 0.0,
               "rows/s", "", None),
        figure("same, wall-clock (shared machine)", len(data.metrics) / wall, "names/s", "", None),
        figure("findings on the 100k names", len(findings), "findings", "", None),
    ]


def xlsx_cli(tmp: Path) -> list[dict]:
    import openpyxl

    path = tmp / "kpis.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("KPI")
    ws.append(["Goal", "Metric", "Type", "Owner", "Baseline", "Target", "Actual"])
    rnd = random.Random(3)
    for n, name in enumerate(_names(10_000, seed=11)):
        ws.append([f"Goal {n % 5}", name, rnd.choice(["leading", "lagging"]), rnd.choice(["Anna", "Sales team", ""]),
                   rnd.randint(0, 50), rnd.randint(0, 100), rnd.randint(0, 100)])
    wb.save(path)
    seconds = time_process(cli_command("audit", str(path), "--format", "json", "--fail-on", "never"), repeat=3)
    table_s = time_process(cli_command("audit", str(path), "--fail-on", "never"), repeat=1)
    return [
        figure("audit 10k-row XLSX via CLI, JSON output (process, median)", seconds, "s", "<= 3", seconds <= 3),
        figure("audit 10k-row XLSX via CLI, table output (process)", table_s, "s", "<= 3", table_s <= 3),
    ]


def run() -> list[dict]:
    figures = quality()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        figures += throughput(tmp)
        figures += xlsx_cli(tmp)
    return figures


if __name__ == "__main__":
    for fig in run():
        print(fig)
