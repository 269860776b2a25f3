"""Find the header and the metric column (English or Russian), then build metrics from rows.

Why separate from the readers: every format ends up here, so "which column is the metric",
"what does «Было» mean", ragged rows and number parsing behave the same for CSV, XLSX,
Markdown, JSON and YAML. Headers come from ``headers.yaml``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from metricsmith.errors import InputTableError
from metricsmith.readers.table import AuditInput, Cell, RawTable

if TYPE_CHECKING:
    from metricsmith.models.metric import Metric

#: Roles that are fields the rule layer reads.
RULE_FIELDS = frozenset(
    {"goal", "owner", "baseline", "target", "actual", "kind", "category", "formula", "unit", "direction"}
)
_TEXT_FIELDS = ("goal", "owner", "owner_role", "formula", "unit", "period", "data_source", "why",
                "where_used", "example", "plan", "comment")
_NUMBER_FIELDS = ("baseline", "target", "actual")
_NORM_RE = re.compile(r"[^\w%]+")
_HEADER_SCAN = 10


def norm(text: object) -> str:
    """Lower-case, «ё»→«е», punctuation to spaces, single spaces."""
    return " ".join(_NORM_RE.sub(" ", str(text).lower().replace("ё", "е").replace("_", " ")).split())


@dataclass(frozen=True)
class HeaderSpec:
    aliases: dict[str, tuple[str, ...]]  # role -> normalised aliases, longest first
    values: dict[str, dict[str, tuple[str, ...]]]


@lru_cache(maxsize=1)
def header_spec() -> HeaderSpec:
    from metricsmith.io.fast_yaml import load_yaml

    data = load_yaml(resources.files("metricsmith.readers").joinpath("headers.yaml").read_text(encoding="utf-8"))
    aliases = {
        role: tuple(sorted({norm(a) for lang in ("en", "ru") for a in spec.get(lang, [])}, key=len, reverse=True))
        for role, spec in data["roles"].items()
    }
    values = {
        field: {key: tuple(norm(v) for v in vs) for key, vs in options.items()}
        for field, options in data["values"].items()
    }
    return HeaderSpec(aliases, values)


def header_role(cell: Cell) -> str | None:
    """The role of a header cell, or None. Specific roles beat the generic metric-name role."""
    if cell is None or isinstance(cell, float):
        return None
    h = norm(cell)
    if not h:
        return None
    spec = header_spec()
    padded = f" {h} "
    best_role, best_len, name_hit = None, 0, False
    for role, aliases in spec.aliases.items():
        for a in aliases:
            if a == h:
                return role
            if f" {a} " in padded:
                if role == "name":
                    name_hit = True
                elif len(a) > best_len:
                    best_role, best_len = role, len(a)
                break
    if best_role:
        return best_role
    return "name" if name_hit else None


def _value_of(field: str, cell: Cell) -> str | None:
    if cell is None:
        return None
    v = norm(cell)
    if not v:
        return None
    options = header_spec().values[field]
    for key, words in options.items():
        if v in words:
            return key
    for key, words in options.items():
        if any(v.startswith(w + " ") or f" {w} " in f" {v} " for w in words if len(w) > 2):
            return key
    return None


_PLAIN_NUMBER = re.compile(r"-?\d{1,15}(?:\.\d{1,15})?\Z")


def _number(cell: Cell) -> tuple[float | None, bool]:
    """(value, had_percent_sign)."""
    if cell is None:
        return None, False
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):  # YAML's .inf/.nan: refused by the caller with row and field
            raise ValueError(f"{cell!r} is not a finite number")
        return float(cell), False
    text = str(cell).strip()
    if not text:
        return None, False
    if _PLAIN_NUMBER.match(text):  # the common cell ("12", "-3.5"): no need for the human-answer parser
        return float(text), False
    from metricsmith.models.profile import parse_number

    value = parse_number(text)
    if value is not None and not math.isfinite(value):
        value = None
    return value, "%" in text


_SPACES_RE = re.compile(r"\s{2,}|[\t\r\n\xa0]")


#: What our exports put a ``'`` in front of against formula injection (see exporters._common.neutralise).
_NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def _formula_like(text: str) -> bool:
    from metricsmith.exporters._common import formula_like

    return formula_like(text)


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if type(cell) is str:
        t = cell.strip()
        if t.startswith(_NEUTRALISED) or (t.startswith("'") and _formula_like(t[1:])):
            t = t[1:].strip()  # an exported "'+Grow sales" audits as "+Grow sales"
        return _SPACES_RE.sub(" ", t) if _SPACES_RE.search(t) else t
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else f"{cell:g}"
    return " ".join(str(cell).split())


def headers_at(header: list[Cell] | None, column: int) -> str | None:
    """The header text of ``column`` (for messages), when the table has a header there."""
    if header is None or column >= len(header):
        return None
    return _text(header[column]) or None


def _blank(cell: Cell) -> bool:
    return cell is None or (type(cell) is str and not cell.strip())


def _headers_list(row: list[Cell]) -> str:
    shown = [_text(c) for c in row if _text(c)]
    return ", ".join(f"'{h}'" for h in shown[:12]) + (" …" if len(shown) > 12 else "")


def _find_header(table: RawTable, column: str | None) -> tuple[int | None, dict[int, str], int]:
    """(header row index or None, column -> role, metric column index)."""
    rows = table.rows
    scan = rows[: 1 if table.keyed else _HEADER_SCAN]
    if column is not None:
        wanted = norm(column)
        numeric = column.strip().isdigit() and int(column) >= 1
        # A number names a header only in the first row: further down, "3" is a data value.
        for r, row in enumerate(scan[:1] if numeric else scan):
            for c, cell in enumerate(row):
                if cell is not None and not isinstance(cell, float) and norm(cell) == wanted:
                    roles = _roles(row)
                    roles[c] = "name"
                    return r, roles, c
        if numeric:
            c = int(column) - 1
            widest = max((len(row) for row in rows), default=0)
            if c >= widest:
                raise InputTableError(
                    f"no column {int(column)}: the table has {widest} column{'s' if widest != 1 else ''}; "
                    f"headers found: {_headers_list(rows[0]) if rows else 'none'}",
                    path=table.path, line=table.lines[0] if rows else None,
                )
            header_at = 0 if rows and _roles(rows[0]) else None
            roles = _roles(rows[0]) if header_at is not None else {}
            roles[c] = "name"
            return header_at, roles, c
        found = _headers_list(rows[0]) if rows else "none"
        raise InputTableError(
            f"no column named '{column}'; headers found: {found}", path=table.path,
            line=table.lines[0] if rows else None,
        )
    # A title row ("KPI report 2026") has one filled cell above a wider table: prefer wide rows.
    filled = [sum(1 for c in row if not _blank(c)) for row in scan]
    wide = min(2, max(filled))
    for min_filled in (wide, 1):
        for r, row in enumerate(scan):
            if filled[r] < min_filled:
                continue
            roles = _roles(row)
            names = [c for c, role in roles.items() if role == "name"]
            if names:
                return r, roles, names[0]
    single = sum(1 for row in rows if sum(1 for c in row if not _blank(c)) <= 1)
    if single * 5 >= len(rows) * 4:  # a list of names, one per line (stray extra cells are ragged rows)
        return None, {}, 0
    raise InputTableError(
        f"no metric column found; headers found: {_headers_list(rows[0])}",
        path=table.path,
        line=table.lines[0],
        hint="name the column with --column NAME (e.g. 'Metric', 'KPI', 'Метрика', 'Показатель')",
    )


def _roles(row: list[Cell]) -> dict[int, str]:
    roles: dict[int, str] = {}
    taken: set[str] = set()
    for c, cell in enumerate(row):
        role = header_role(cell)
        if role and role not in taken:
            roles[c] = role
            taken.add(role)
    return roles


@lru_cache(maxsize=1)
def metric_factory():  # -> Callable[[dict], Metric]
    """A fast constructor of :class:`Metric` for values this module has already validated.

    ``Metric(**values)`` validates ~30 fields and ``model_construct`` inspects default
    factories on every call; for a 100,000-row table that dominates the audit. Values built
    here are checked types (text, finite floats, known literals), so the model's ``__dict__``
    is filled directly from a validated default instance. Imported metrics get their own
    empty ``history`` list; the empty ``conventions`` object is shared (audits only read it).
    """
    from metricsmith.models.metric import Metric

    base = dict(Metric(id="row", name="row").__dict__)
    new, setattr_ = Metric.__new__, object.__setattr__

    def make(values: dict) -> Metric:
        m = new(Metric)
        d = base.copy()
        d.update(values)
        d["history"] = []
        setattr_(m, "__dict__", d)
        setattr_(m, "__pydantic_fields_set__", set(values))
        setattr_(m, "__pydantic_extra__", None)
        setattr_(m, "__pydantic_private__", None)
        return m

    return make


def table_to_input(table: RawTable, column: str | None = None) -> AuditInput:
    """Map a RawTable to metrics; raises InputTableError naming file and row on bad input."""
    make = metric_factory()
    if not table.rows:
        raise InputTableError("the file is empty", path=table.path)
    header_at, roles, name_col = _find_header(table, column)
    header = table.rows[header_at] if header_at is not None else None
    width = len(header) if header is not None else max(1, name_col + 1)
    if header is not None:
        while width > 0 and _blank(header[width - 1]):
            width -= 1
        width = max(width, name_col + 1)
    data_rows = table.rows[header_at + 1 :] if header_at is not None else table.rows
    data_lines = table.lines[header_at + 1 :] if header_at is not None else table.lines
    if not data_rows:
        raise InputTableError("no metric rows below the header", path=table.path,
                              line=table.lines[header_at] if header_at is not None else None)
    fields = frozenset(r for r in roles.values() if r in RULE_FIELDS)
    recognised: set[str] = set()  # kind/category/direction columns count only if some value was understood
    kind_col = {role: c for c, role in roles.items()}
    metrics: list[Metric] = []
    rows: list[int] = []
    unit_from_values = "unit" not in kind_col
    # "row N" counts rows below the header as they are in the file (blank rows included), so
    # it can be found in a spreadsheet; keyed JSON/YAML items are numbered from 1.
    base_line = table.lines[header_at] + table.header_gap if header_at is not None else 0
    for row, line in zip(data_rows, data_lines):
        n = line - base_line
        used = len(row)
        if used > width:
            while used and _blank(row[used - 1]):
                used -= 1
        if used > width and header is not None or (header is None and used > 1 and width == 1):
            raise InputTableError(
                f"row has {used} cells but the header has {width}",
                path=table.path, row=n, line=None if table.keyed else line,
                hint="quote values that contain the delimiter, or fix the row",
            )
        name = _text(row[name_col]) if name_col < len(row) else ""
        if not name:
            continue
        values: dict[str, object] = {"id": f"row-{n}", "name": name, "origin": "import"}
        for role, c in kind_col.items():
            if role in ("name", "id") or c >= len(row):
                continue
            cell = row[c]
            if role in _TEXT_FIELDS:
                values[role] = _text(cell)
            elif role in _NUMBER_FIELDS:
                try:
                    number, pct = _number(cell)
                except ValueError as exc:
                    raise InputTableError(str(exc), path=table.path, row=n, line=None if table.keyed else line,
                                          field=headers_at(header, c) or role,
                                          hint="write a number, or leave the cell empty") from None
                values[role] = number
                if pct and unit_from_values:
                    values["unit"] = "%"
            elif role in ("kind", "category", "direction"):
                got = _value_of(role, cell)
                if got:
                    values[role] = got
                    recognised.add(role)
        metrics.append(make(values))
        rows.append(n)
    if not metrics:
        raise InputTableError("no metric names found in the metric column", path=table.path)
    headers = [_text(c) for c in header] if header is not None else []
    return AuditInput(
        path=table.path, metrics=metrics, rows=rows, fields=(fields - {"kind", "category", "direction"}) | recognised | {"name"}, headers=headers,
        name_column=headers[name_col] if header is not None and name_col < len(headers) else None,
    )
