"""Exporters: a project's tables written as Markdown, CSV, XLSX, JSON (and whatever comes next).

Why a registry of modules: each output format has its own dependencies and
quirks (openpyxl for XLSX, quoting rules for CSV, escaping for Markdown), and
new formats (SQL, dbt) are added by other people. One module per format keeps
each one small, and discovering modules by scanning this package means adding
a format touches no shared list.

How to add a format
-------------------
Create ``src/metricsmith/exporters/<name>.py`` (any module name not starting
with ``_``) that defines::

    FORMAT = "sql"                       # what users type after --format
    SUFFIX = ".sql"                      # default file suffix (with the dot)
    DESCRIPTION = "SQL inserts ..."      # one line for help texts

    def write(project, path, *, table, options) -> list[Path]:
        '''Write the export to ``path``; return every file written.'''

and optionally ``OPTIONS = ("period", ...)``, the ``-O`` keys the format
understands (any other key is rejected before anything is written), and
``output_paths(path, table) -> list[Path]`` when one export
writes files other than exactly ``path`` (CSV writes ``<stem>.tracking.csv``
and ``<stem>.value.csv``); the CLI uses it to check for overwrites first.

Rules for a format module:

* Module level imports stdlib (and this package's ``_common``) only; import
  pydantic models, openpyxl etc. inside functions. The CLI lists the formats
  while parsing arguments, which has to stay fast.
* Build rows from :mod:`metricsmith.models.tables` (``tracking_rows``,
  ``value_rows``), and use the helpers in :mod:`metricsmith.exporters._common`
  for headers, labels, numbers and formula-injection neutralising.
* Write with :func:`metricsmith.exporters._common.write_files`: every file of
  an export is staged to a temp file and renamed only when all are ready, so
  a failure leaves nothing half-written and raises ``SaveError`` naming the path.
* ``table`` is ``"tracking"``, ``"value"`` or ``"both"``; ``options`` is an
  :class:`ExportOptions` (``bom``, ``today``, and ``extra`` for format-specific
  settings such as an SQL dialect). On the command line ``extra`` comes from
  ``metricsmith export ... -O key=value`` (repeatable; values are strings), so
  a format needs no CLI change either. Reject an unknown or bad ``extra`` key
  with ``ExportError(..., field=key)``.

The module is then picked up automatically by :data:`FORMATS`,
:func:`export_project` and ``metricsmith export --format``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import pkgutil
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Literal

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.models.project import Project

Table = Literal["tracking", "value", "both"]
TABLES: tuple[str, ...] = ("tracking", "value", "both")


@dataclass(frozen=True)
class ExportOptions:
    """Settings shared by all formats; ``extra`` carries format-specific ones."""

    bom: bool = False
    today: dt.date | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def date(self) -> dt.date:
        """The date the export is made for (status and report date)."""
        return self.today or dt.date.today()


@dataclass(frozen=True)
class ExportFormat:
    """A registered format: its module's constants and functions."""

    name: str
    suffix: str
    description: str
    module: ModuleType

    def write(self, project: "Project", path: Path, *, table: Table, options: ExportOptions) -> list[Path]:
        return list(self.module.write(project, path, table=table, options=options))

    @property
    def options(self) -> tuple[str, ...]:
        """The ``extra`` keys this format understands (its module's ``OPTIONS``)."""
        return tuple(getattr(self.module, "OPTIONS", ()))

    def output_paths(self, path: Path, table: Table, project: "Project | None" = None,
                     extra: Mapping[str, Any] | None = None) -> list[Path]:
        """Files an export to ``path`` would write (without writing anything).

        A hook that takes ``project`` (and ``extra``) is given them: a dbt package's files
        depend on the project's metrics.
        """
        hook: Callable[..., list[Path]] | None = getattr(self.module, "output_paths", None)
        if hook is None:
            return [path]
        import inspect

        accepted = inspect.signature(hook).parameters
        more = {k: v for k, v in (("project", project), ("extra", dict(extra or {}))) if k in accepted}
        return list(hook(path, table, **more))


_REGISTRY: dict[str, ExportFormat] | None = None


def formats() -> dict[str, ExportFormat]:
    """All formats found in this package, by name, in a stable order (md, csv, xlsx, json first)."""
    global _REGISTRY
    if _REGISTRY is None:
        found: dict[str, ExportFormat] = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"{__name__}.{info.name}")
            name = getattr(module, "FORMAT", None)
            if not isinstance(name, str) or not callable(getattr(module, "write", None)):
                continue
            if name in found:
                raise RuntimeError(f"export format '{name}' is defined twice ({found[name].module.__name__}, {module.__name__})")
            found[name] = ExportFormat(name, module.SUFFIX, getattr(module, "DESCRIPTION", ""), module)
        preferred = ["md", "csv", "xlsx", "json"]
        order = [n for n in preferred if n in found] + sorted(n for n in found if n not in preferred)
        _REGISTRY = {n: found[n] for n in order}
    return _REGISTRY


def format_names() -> list[str]:
    return list(formats())


def get_format(fmt: str) -> ExportFormat:
    """The format called ``fmt`` (case-insensitive; ``markdown`` is ``md``); ExportError if unknown."""
    key = fmt.strip().lower()
    key = {"markdown": "md", "excel": "xlsx"}.get(key, key)
    registry = formats()
    if key not in registry:
        from metricsmith.errors import ExportError

        raise ExportError(f"unknown export format '{fmt}'", field="format", hint="choose one of: " + ", ".join(registry))
    return registry[key]


def __getattr__(name: str) -> Any:
    # ``FORMATS`` is computed on first use so importing this package stays cheap.
    if name == "FORMATS":
        return formats()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_SLUG = re.compile(r"[^\w.-]+", re.UNICODE)


def default_path(project_path_or_name: str | Path, fmt: str) -> Path:
    """Where an export goes by default.

    A :class:`~pathlib.Path` (or a string that looks like a file path: it has a
    folder separator or ends in ``.json``) gives the project file's path with
    the format's suffix: ``shop.json`` → ``shop.md``. Any other string is a
    name (e.g. the business name) turned into a file name in the current
    folder: ``"Bean & Leaf"`` → ``Bean-Leaf.md``. The result never equals the
    project file itself: a JSON export of ``shop.json`` goes to ``shop.export.json``.
    """
    spec = get_format(fmt)
    text = str(project_path_or_name)
    looks_like_path = isinstance(project_path_or_name, Path) or os.sep in text or "/" in text or text.lower().endswith(".json")
    if looks_like_path:
        source = Path(project_path_or_name)
        stem = source.name[: -len(source.suffix)] if source.suffix else source.name
        candidate = source.with_name(stem + spec.suffix)
        if candidate.name == source.name:
            candidate = source.with_name(stem + ".export" + spec.suffix)
        return candidate
    slug = _SLUG.sub("-", text.strip()).strip("-.") or "metrics"
    return Path(slug[:80] + spec.suffix)


def export_project(
    project: "Project",
    fmt: str,
    path: str | Path | None = None,
    *,
    table: Table = "both",
    bom: bool = False,
    today: dt.date | None = None,
    source: str | Path | None = None,
    overwrite: bool = True,
    extra: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Export ``project`` in format ``fmt``; returns the files written.

    ``path`` defaults to :func:`default_path` of ``source`` (the project file)
    or, without one, of the business name. The export never replaces
    ``source`` itself, and with ``overwrite=False`` it refuses to replace any
    existing file; both raise :class:`~metricsmith.errors.ExportError` before
    anything is written.
    """
    from metricsmith.errors import ExportError
    from metricsmith.io.atomic import writable_target

    spec = get_format(fmt)
    if table not in TABLES:
        raise ExportError(f"unknown table '{table}'", field="table", hint="choose one of: " + ", ".join(TABLES))
    unknown = sorted(set(extra or {}) - set(spec.options))
    if unknown:
        raise ExportError(
            f"unknown option '{unknown[0]}' for the {spec.name} format",
            field=unknown[0],
            hint=("options it takes: " + ", ".join(spec.options)) if spec.options else "this format takes no -O options",
        )
    if path is None:
        path = default_path(Path(source) if source is not None else (project.profile.business.name or "metrics"), spec.name)
    target = Path(path)
    planned = spec.output_paths(target, table, project, extra)
    for out in planned:
        if out.is_dir():
            raise ExportError("is a folder; give a file name", path=out)
        if source is not None and _same_file(out, Path(source)):
            raise ExportError(
                "refusing to overwrite the project file with an export",
                path=out,
                hint="give another output file with -o",
            )
        if not overwrite and (out.exists() or out.is_symlink()):
            raise ExportError("file already exists", path=out, hint="use --force to replace it, or -o for another name")
        writable_target(out)  # --force replaces regular files only: never a device, a pipe or a read-only file
    options = ExportOptions(bom=bom, today=today, extra=dict(extra or {}))
    from metricsmith.gcpause import paused_gc

    # A 10,000-metric export allocates a few hundred thousand short-lived cells without
    # reference cycles; pausing the cyclic collector cuts a quarter of the XLSX time.
    with paused_gc():
        return spec.write(project, target, table=table, options=options)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def render_markdown(project: "Project", *, table: Table = "both", today: dt.date | None = None) -> str:
    """The Markdown report as text (for previews, e.g. in the TUI), nothing written."""
    from metricsmith.exporters.markdown import render

    return render(project, table=table, options=ExportOptions(today=today))


__all__ = [
    "ExportFormat",
    "ExportOptions",
    "FORMATS",
    "TABLES",
    "Table",
    "default_path",
    "export_project",
    "format_names",
    "formats",
    "get_format",
    "render_markdown",
]
