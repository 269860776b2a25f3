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

from metricsmith.errors import ProjectFileError
from metricsmith.io.atomic import atomic_write_text
from metricsmith.io.reading import decode_utf8, read_user_file
from metricsmith.models.project import SCHEMA_VERSION, Project


def project_from_dict(data: Any, path: str | Path | None = None) -> Project:
    """Validate a parsed project document; errors name the file and the field path."""
    if not isinstance(data, dict):
        raise ProjectFileError("not a metricsmith project: expected a JSON object at the top", path=path)
    if "schema_version" not in data or "metrics" not in data:
        raise ProjectFileError(
            "not a metricsmith project: 'schema_version' and 'metrics' are missing",
            path=path,
            hint="a profile YAML goes to 'metricsmith propose', a KPI sheet to 'metricsmith audit'",
        )
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectFileError("'schema_version' must be a whole number", path=path, field="schema_version")
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"written by a newer metricsmith (schema {version}; this one reads up to {SCHEMA_VERSION})",
            path=path,
            field="schema_version",
            hint="upgrade metricsmith to open it",
        )
    try:
        return Project.model_validate(data)
    except ValidationError as exc:
        raise ProjectFileError(_first_error(exc), path=path, field=_field_of(exc)) from exc


def load_project(path: str | Path) -> Project:
    """Read and validate a project file."""
    p = Path(path)
    raw = decode_utf8(read_user_file(p, ProjectFileError, "project file"), p, ProjectFileError)
    if not raw.strip():
        raise ProjectFileError("the file is empty", path=p)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        if p.suffix.lower() in (".yaml", ".yml"):  # a profile given where a project is expected
            raise ProjectFileError(
                "this is a YAML file, not a project (.json)", path=p,
                hint=f"draft a project from a profile first: metricsmith propose {p.name}",
            ) from exc
        raise ProjectFileError(f"broken JSON: {exc.msg} (column {exc.colno})", path=p, line=exc.lineno) from exc
    return project_from_dict(data, p)


def project_to_json(project: Project) -> str:
    """The project file's text: indented, UTF-8, stable key order."""
    return json.dumps(project.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def save_project(project: Project, path: str | Path, *, touch: bool = True) -> Path:
    """Save atomically; ``updated_at`` is refreshed unless ``touch`` is false."""
    if touch:
        project.updated_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return atomic_write_text(path, project_to_json(project))


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
