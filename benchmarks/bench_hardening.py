"""Hostile inputs (issue 14): a 200k-row CSV and XLSX/ODS bombs, timed against a baseline in the same run.

* ``audit`` of a 200,000-row CSV must take at most 3× the time of reading the same file with
  Python's ``csv`` module, measured in this process one after the other (so machine load
  affects both), and stay within 500 MB. The default row limit (100,000) refuses the file
  while reading; the full audit with the limit raised is reported too, without a target.
* Every XLSX (and ODS) bomb must be refused within 2 s and 300 MB, measured on the real
  ``metricsmith`` process (start-up included), through ``audit`` and ``compute``.

Peak memory is the child process's maximum resident set size (``wait4``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from common import cli_command, figure, time_call

ROWS = 200_000

_STEMS = ["Outbound calls", "Deals closed", "Site visits", "Lead-to-customer conversion", "Emails sent",
          "Revenue from new customers", "Количество звонков", "Доля повторных покупок", "Net revenue retention"]


def _big_csv(path: Path) -> Path:
    rnd = random.Random(5)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Goal", "Metric", "Type", "Owner", "Baseline", "Target", "Actual"])
        for i in range(ROWS):
            writer.writerow([f"Goal {i % 7}", f"{rnd.choice(_STEMS)} {i}", rnd.choice(["leading", "lagging"]),
                             rnd.choice(["Anna", "Sales team", ""]), rnd.randint(0, 50), rnd.randint(0, 100),
                             rnd.randint(0, 100)])
    return path


def _read_with_csv(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        for _ in csv.reader(handle):
            pass


def _audit_in_process(path: Path) -> int:
    from metricsmith.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["audit", str(path), "--format", "json"])


#: Runs the command given as arguments and prints "seconds peak_kb exit_code". A small launcher:
#: Linux keeps a process's peak RSS across exec, so a child forked straight from this (large)
#: benchmark process would report this process's memory as its own.
_LAUNCHER = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - started
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def _process(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one metricsmith process, start-up included."""
    out = subprocess.run([sys.executable, "-c", _LAUNCHER, *cli_command(*args)], capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, check=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2])


def csv_figures(tmp: Path) -> list[dict]:
    path = _big_csv(tmp / "kpis_200k.csv")
    code = _audit_in_process(path)  # warm: imports, lexicon, stemmers
    reading = time_call(lambda: _read_with_csv(path))
    auditing = time_call(lambda: _audit_in_process(path))
    ratio = auditing / reading
    seconds, rss, exit_code = _process(["audit", str(path), "--format", "json"])
    full_s, full_rss, _ = _process(["audit", str(path), "--format", "json", "--fail-on", "never"],
                                      env={"METRICSMITH_MAX_ROWS": "1000000"})
    return [
        figure("read 200k-row CSV with the csv module (in-process, median)", reading, "s"),
        figure(f"audit 200k-row CSV (in-process, median; exit {code}: row limit)", auditing, "s"),
        figure("audit ÷ csv-module read, same run", ratio, "×", "<= 3", ratio <= 3),
        figure(f"audit 200k-row CSV: peak memory of the process (exit {exit_code}, {seconds:.2f} s)", rss, "MB",
               "<= 500", rss <= 500),
        figure("full audit of the 200k rows, row limit raised (process, for reference)", full_s, "s"),
        figure("full audit of the 200k rows, row limit raised: peak memory", full_rss, "MB"),
    ]


def _zip_sheet(path: Path, rows: bytes, repeat: int) -> Path:
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
            b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                         'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook '
                         'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head)
            block = rows * 1000
            for _ in range(repeat // 1000):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return path


def _numbered_sheet(path: Path, rows: int) -> Path:
    """A sheet whose every row and cell carries its reference (as Excel writes them): the costly kind to measure."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            for start in range(1, rows + 1, 10_000):
                sheet.write("".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="B{r}"><v>2</v></c>'
                                    f'<c r="C{r}"><v>3</v></c></row>'
                                    for r in range(start, min(rows, start + 9_999) + 1)).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def _bombs(tmp: Path) -> dict[str, Path]:
    wide = "".join(f'<c><v>{i}</v></c>' for i in range(8)).encode()
    corner = tmp / "corner.xlsx"
    with zipfile.ZipFile(corner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet><sheetData>'
                         '<row r="1"><c r="A1" t="inlineStr"><is><t>Metric</t></is></c></row>'
                         '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    ods = tmp / "repeat.ods"
    with zipfile.ZipFile(ods, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", '<office:document-content xmlns:office="o" xmlns:table="t"><office:body>'
                         '<office:spreadsheet><table:table><table:table-row table:number-rows-repeated="1048576">'
                         '<table:table-cell table:number-columns-repeated="16384" office:value-type="float"/>'
                         '</table:table-row></table:table></office:spreadsheet></office:body>'
                         '</office:document-content>')
    return {
        "3M rows": _zip_sheet(tmp / "rows_3m.xlsx", b"<row>" + wide + b"</row>", 3_000_000),
        "300k rows": _zip_sheet(tmp / "rows_300k.xlsx", b"<row>" + wide + b"</row>", 300_000),
        "1.1M numbered rows": _numbered_sheet(tmp / "numbered.xlsx", 1_100_000),
        "far corner cell": corner,
        "ODS repeats": ods,
        "1 GB in strings": _zip_sheet(tmp / "string.xlsx",
                                         b'<row><c t="inlineStr"><is><t>' + b"x" * 1_000_000 + b"</t></is></c></row>",
                                         1000),
    }


def bomb_figures(tmp: Path) -> list[dict]:
    from metricsmith.io.project_file import save_project
    from metricsmith.models.metric import Metric
    from metricsmith.models.project import Project

    project = tmp / "shop.json"
    save_project(Project(metrics=[Metric(id="aov", name="AOV", catalog_id="average_order_value")]), project)
    figures = []
    worst_s = worst_mb = 0.0
    for label, path in _bombs(tmp).items():
        for command in (["audit", str(path)], ["compute", str(project), "--data", str(path)]):
            seconds, rss, code = _process(command)
            refused = code == 2
            worst_s, worst_mb = max(worst_s, seconds), max(worst_mb, rss)
            figures.append(figure(f"{command[0]} of XLSX bomb '{label}' ({path.stat().st_size // 1024} KB): refused "
                                  f"in, process", seconds, "s", "<= 2, exit 2", refused and seconds <= 2))
            figures.append(figure(f"{command[0]} of XLSX bomb '{label}': peak memory", rss, "MB", "<= 300",
                                  rss <= 300))
    figures.append(figure("worst XLSX bomb: seconds", worst_s, "s", "<= 2", worst_s <= 2))
    figures.append(figure("worst XLSX bomb: peak memory", worst_mb, "MB", "<= 300", worst_mb <= 300))
    return figures


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="metricsmith-bench-") as folder:
        tmp = Path(folder)
        return csv_figures(tmp) + bomb_figures(tmp)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for fig in run():
        print(fig)
