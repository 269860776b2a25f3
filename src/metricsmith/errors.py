"""Errors that the user caused and can fix.

Every surface (CLI, TUI) catches :class:`MetricsmithError` and shows
:meth:`MetricsmithError.one_line` instead of a traceback, so each error carries
*where* the problem is (file, line, row, field) as data, not only as prose.
What it says can be a :class:`Phrase` (a key in ``locales/*/errors.yaml`` with its
values) instead of an English sentence, so each surface words it in its user's
language. An error about a document that declares its language (a profile with
``language: ru``) records it: ``message``, ``hint`` and ``str()`` speak that
language, and so does the command line unless ``--lang`` says otherwise.
Anything that is not a ``MetricsmithError`` is a bug in metricsmith.
"""

from __future__ import annotations

from pathlib import Path


class Phrase:
    """What an error says or suggests, by its key in the ``errors`` texts, with the values it names.

    A value may be a phrase too (``Phrase("not_found", noun=Phrase("noun_project_file"))``):
    it is worded in the same language.
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = key
        self.values = values

    def render(self, lang: str = "en") -> str:
        from metricsmith.i18n import tr

        return tr(lang, "errors", self.key,
                  **{k: v.render(lang) if isinstance(v, Phrase) else v for k, v in self.values.items()})

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, {self.values!r})"


def _worded(text: str | Phrase, lang: str) -> str:
    return text.render(lang) if isinstance(text, Phrase) else text


class MetricsmithError(Exception):
    """Base class for every error caused by input, configuration or environment."""

    exit_code: int = 2

    def __init__(
        self,
        message: str | Phrase,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        row: int | None = None,
        field: str | None = None,
        hint: str | Phrase | None = None,
        language: str | None = None,
    ) -> None:
        #: The language of the document the error is about (``ru``/``en``), when it declares one.
        self.language = language
        self._message = message
        super().__init__(self.message)
        self.path = str(path) if path is not None else None
        self.line = line
        self.row = row
        self.field = field
        self._hint = hint

    @property
    def message(self) -> str:
        """What is wrong, in the document's language (English when it has none)."""
        return _worded(self._message, self.language or "en")

    @message.setter
    def message(self, value: str | Phrase) -> None:
        self._message = value

    @property
    def said(self) -> str | Phrase:
        """What is wrong as given: a :class:`Phrase` (worded in any language) or plain text."""
        return self._message

    @property
    def hint(self) -> str | None:
        """What to do about it, in the document's language (``None``: nothing to suggest)."""
        return _worded(self._hint, self.language or "en") if self._hint is not None else None

    @hint.setter
    def hint(self, value: str | Phrase | None) -> None:
        self._hint = value

    def location(self, lang: str | None = None) -> str:
        """``file:line`` / ``file, row N`` / ``field`` parts that exist, joined."""
        lang = lang or self.language or "en"
        parts: list[str] = []
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            parts.append(where)
        if self.row is not None:
            parts.append(Phrase("where_row", n=self.row).render(lang))
        if self.field:
            parts.append(Phrase("where_field", name=self.field).render(lang))
        return ", ".join(parts)

    def one_line(self, lang: str | None = None) -> str:
        """The message a surface shows, in ``lang``: location first, then what is wrong, then the hint.

        Parts written as a :class:`Phrase` are worded in ``lang`` (by default the document's
        language, else English); plain text stays as it was written.
        """
        lang = lang or self.language or "en"
        loc = self.location(lang)
        said = _worded(self._message, lang)
        text = f"{loc}: {said}" if loc else said
        if self._hint is not None and str(self._hint):
            text += f" ({_worded(self._hint, lang)})"
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
