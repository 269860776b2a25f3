"""Errors that the user caused and can fix.

Every surface (CLI, TUI) catches :class:`MetricsmithError` and shows
:meth:`MetricsmithError.one_line` instead of a traceback, so each error carries
*where* the problem is (file, line, row, field) as data, not only as prose.
Anything that is not a ``MetricsmithError`` is a bug in metricsmith.
"""

from __future__ import annotations

from pathlib import Path


class MetricsmithError(Exception):
    """Base class for every error caused by input, configuration or environment."""

    exit_code: int = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        row: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.row = row
        self.field = field
        self.hint = hint

    def location(self) -> str:
        """``file:line`` / ``file, row N`` / ``field`` parts that exist, joined."""
        parts: list[str] = []
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            parts.append(where)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def one_line(self) -> str:
        """The message the CLI prints: location first, then what is wrong, then the hint."""
        loc = self.location()
        text = f"{loc}: {self.message}" if loc else self.message
        if self.hint:
            text += f" ({self.hint})"
        # One line, printable: a cell or a path quoted from a hostile file may hold NULs, CRs or escapes.
        return "".join(ch if ch.isprintable() else " " for ch in " ".join(text.splitlines()))

    def __str__(self) -> str:
        return self.one_line()


class ProfileError(MetricsmithError):
    """The profile (interview answers) file is missing, malformed or has wrong types."""


class ProjectFileError(MetricsmithError):
    """A project file cannot be read, is broken, or comes from a newer metricsmith."""


class SaveError(MetricsmithError):
    """Writing a file failed (permissions, disk full); the previous file is intact."""


class SaveConflict(SaveError):
    """The file changed on disk since it was read, in a way that cannot be merged: nothing was written.

    A separate class so that a UI can offer the choices (reload, overwrite,
    save under another name) instead of only showing the message.
    """


class ExportError(MetricsmithError):
    """An export could not be produced or written."""


class InputTableError(MetricsmithError):
    """A table given to ``audit`` or ``compute`` cannot be read or understood."""


class ConfigError(MetricsmithError):
    """The configuration (options, environment, TOML file) is invalid."""


class EngineError(MetricsmithError):
    """A drafting engine failed in a way the user should hear about (e.g. LLM unreachable)."""


class CheckInError(MetricsmithError):
    """A check-in cannot be recorded: unknown metric, not a number, a bad or future period, out of range."""
