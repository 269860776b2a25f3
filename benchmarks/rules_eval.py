"""Precision and recall of the rule layer's activity/vanity flags on a labelled CSV of names.

Why a separate script: ``run.py`` reports the figure among many others; while tuning the
lexicon one wants the number alone, quickly, and the rows it gets wrong. The CSV needs the
columns ``text`` and ``label`` (activity, vanity or value); ``lang`` is optional.

"Flagged" means an ``activity-as-value`` or ``vanity`` finding from
:func:`metricsmith.rules.audit_names` (the same name-only audit ``metricsmith audit`` runs on a
list of names). Kind accuracy is the share of correctly flagged names whose rule matches the label.

Usage: python benchmarks/rules_eval.py NAMES.csv [--show] [--min 0.97]
Exits 1 when precision or recall is below ``--min``.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

FLAG_RULES = {"activity": "activity-as-value", "vanity": "vanity"}


def evaluate(rows: list[dict[str, str]]) -> dict:
    """Counts, precision, recall and kind accuracy, plus the rows that were got wrong."""
    from metricsmith.rules import audit_names

    results = audit_names([r["text"] for r in rows])
    tp = fp = fn = kind_ok = 0
    wrong: list[tuple[str, str, str]] = []
    for row, findings in zip(rows, results):
        rules = {f.rule for f in findings} & set(FLAG_RULES.values())
        bad = row["label"] in FLAG_RULES
        if rules and bad:
            tp += 1
            ok = rules == {FLAG_RULES[row["label"]]}
            kind_ok += ok
            if not ok:
                wrong.append(("wrong kind", row["label"], row["text"]))
        elif rules:
            fp += 1
            wrong.append(("false flag", row["label"], row["text"]))
        elif bad:
            fn += 1
            wrong.append(("missed", row["label"], row["text"]))
    return {
        "names": len(rows),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "kind_accuracy": kind_ok / tp if tp else 1.0,
        "wrong": wrong,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="labelled names: columns text, label (activity|vanity|value)")
    parser.add_argument("--show", action="store_true", help="list the rows the rules get wrong")
    parser.add_argument("--min", type=float, default=0.0, help="exit 1 below this precision or recall")
    args = parser.parse_args(argv)
    with args.csv.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("text", "").strip()]
    res = evaluate(rows)
    print(f"names={res['names']} tp={res['tp']} fp={res['fp']} fn={res['fn']}")
    print(f"precision={res['precision']:.3f} recall={res['recall']:.3f} kind_accuracy={res['kind_accuracy']:.3f}")
    if args.show:
        for what, label, text in res["wrong"]:
            print(f"  {what:<10} {label:<8} {text}")
    return 0 if min(res["precision"], res["recall"]) >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
