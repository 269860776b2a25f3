"""Loading and saving the JSON project file.

Loading validates everything before returning, so a broken or newer-version
file raises :class:`ProjectFileError` and the caller's state is untouched.
Saving is atomic and never writes secrets (projects do not hold any).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from metricsmith.errors import Phrase, ProjectFileError, SaveConflict, SaveError
from metricsmith.io.atomic import atomic_write_text
from metricsmith.io.reading import decode_utf8, read_user_file
from metricsmith.io.user_json import load_user_json
from metricsmith.models.project import SCHEMA_VERSION, Project


def project_from_dict(data: Any, path: str | Path | None = None) -> Project:
    """Validate a parsed project document; errors name the file and the field path."""
    if not isinstance(data, dict):
        raise ProjectFileError(Phrase("project_not_object"), path=path)
    if "schema_version" not in data or "metrics" not in data:
        raise ProjectFileError(Phrase("project_keys_missing"), path=path, hint=Phrase("project_keys_hint"))
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectFileError(Phrase("schema_not_whole"), path=path, field="schema_version")
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            Phrase("schema_newer", version=version, supported=SCHEMA_VERSION),
            path=path,
            field="schema_version",
            hint=Phrase("upgrade_hint"),
        )
    try:
        project = Project.model_validate(data)
    except ValidationError as exc:
        raise ProjectFileError(_first_error(exc), path=path, field=_field_of(exc)) from exc
    # An older file is a valid newer one (fields were only added): it is saved as the current schema.
    project.schema_version = SCHEMA_VERSION
    return project


def load_project(path: str | Path) -> Project:
    """Read and validate a project file; the project remembers the bytes it came from (for saving)."""
    p = Path(path)
    data = read_user_file(p, ProjectFileError, Phrase("noun_project_file"))
    project = parse_project_bytes(data, p)
    project._revision = (_identity(p), data)
    return project


def parse_project_bytes(data: bytes, p: Path) -> Project:
    """Decode, parse and validate a project file's bytes; errors name ``p``."""
    raw = decode_utf8(data, p, ProjectFileError)
    if not raw.strip():
        raise ProjectFileError(Phrase("file_empty"), path=p)
    if p.suffix.lower() in (".yaml", ".yml") and not raw.lstrip().startswith("{"):
        # a profile given where a project is expected
        raise ProjectFileError(Phrase("yaml_not_project"), path=p, hint=Phrase("draft_first_hint", name=p.name))
    # Bounded (nesting depth) and strict: NaN, Infinity and 1e400 are not values a project holds.
    return project_from_dict(load_user_json(raw, p, ProjectFileError), p)


def project_to_json(project: Project) -> str:
    """The project file's text: indented, UTF-8, stable key order, strict JSON (never NaN or Infinity).

    The workbench saves after every edit, so this runs on every keystroke that changes
    something: pydantic's own serializer writes the same indented text as ``json.dumps``
    (numbers in their shortest form) in a seventh of the time. Whatever it cannot write
    plainly (a non-finite number, text that is not valid Unicode) goes through the strict
    standard-library path, which refuses non-finite numbers with a clear error.
    """
    from pydantic_core import PydanticSerializationError, to_json

    try:  # from the plain document: the model's own serializer would write NaN as null, silently
        data = to_json(project.model_dump(mode="json"), indent=2)
    except PydanticSerializationError:
        data = None
    if data is None or b"NaN" in data or b"Infinity" in data:  # rare: maybe only inside text, checked strictly
        return _strict_json(project)
    return data.decode("utf-8") + "\n"


def _strict_json(project: Project) -> str:
    try:
        return json.dumps(project.model_dump(mode="json"), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except ValueError as exc:  # a non-finite number got past validation: refuse rather than write bad JSON
        raise SaveError(Phrase("not_finite_save")) from exc


def save_project(project: Project, path: str | Path, *, touch: bool = True, overwrite: bool = False) -> Path:
    """Save atomically, as a compare-and-swap; ``updated_at`` is refreshed unless ``touch`` is false.

    A project read from ``path`` remembers the bytes it was read from. If the file
    changed since (another ``compute`` run, another window), the other version is merged
    in first (:mod:`metricsmith.io.merge`: new check-ins from both sides are kept) and
    ``project`` is updated to the merged result; if both changed the same value,
    :class:`SaveConflict` says so and nothing is written (``overwrite=True`` writes
    ``project`` as it is, replacing the other version). The check and the write happen
    under a lock on the folder, so two metricsmith processes cannot interleave them.
    """
    from metricsmith.io.locking import folder_lock

    p = Path(path)
    if touch:
        project.updated_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with folder_lock(p):
        revision = project._revision
        if revision is not None and revision[0] == _identity(p) and not overwrite:
            _merge_changes_on_disk(project, p, revision[1])
        text = project_to_json(project)
        saved = atomic_write_text(p, text)
    project._revision = (_identity(p), text.encode("utf-8"))
    return saved


def _identity(p: Path) -> str:
    """The file a path names, for "is this the file the project was read from"."""
    return str(p.resolve())


def _merge_changes_on_disk(project: Project, p: Path, read: bytes) -> None:
    """Merge what another program saved to ``p`` since ``read`` was read into ``project``."""
    try:
        current = p.read_bytes()
    except FileNotFoundError:
        return  # moved away or deleted meanwhile: nothing on disk to lose
    except OSError as exc:
        raise SaveError(Phrase("read_before_save", reason=exc.strerror or exc), path=p) from exc
    if current == read:
        return
    from metricsmith.io.merge import MergeConflict, merge_documents

    hint = Phrase("conflict_hint")
    try:
        theirs = parse_project_bytes(current, p)
        base = parse_project_bytes(read, p)
    except ProjectFileError as exc:
        raise SaveConflict(Phrase("conflict_unreadable", detail=exc.said), path=p, hint=hint) from exc
    ours_doc = project.model_dump(mode="json")
    try:
        merged = merge_documents(base.model_dump(mode="json"), ours_doc, theirs.model_dump(mode="json"))
    except MergeConflict as conflict:
        raise SaveConflict(Phrase("conflict_same_value"), path=p, field=conflict.where, hint=hint) from None
    result = project_from_dict(merged, p)
    for name in type(project).model_fields:
        setattr(project, name, getattr(result, name))


def _field_of(exc: ValidationError) -> str | None:
    errors = exc.errors()
    if not errors:
        return None
    return ".".join(str(part) for part in errors[0]["loc"]) or None


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "invalid project"
    first = errors[0]
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{first['msg']}{more}"
