"""Loading the YAML profile file with errors that point at a line.

PyYAML's composed node tree keeps a start mark for every key and value, so when
pydantic rejects ``goals.0.title`` we can say on which line of the file that
value is. Profiles are typed by people; the messages must be exact.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from metricsmith.errors import Phrase, ProfileError
from metricsmith.io.reading import decode_utf8, read_user_file
from metricsmith.io.user_yaml import compose_user_yaml, construct
from metricsmith.models.profile import Profile


def _line_index(root: yaml.Node, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Map every key path in the YAML tree to its 1-based line number (aliases are not followed)."""
    lines: dict[tuple[str, ...], int] = {}
    visited: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(root, prefix)]
    while stack:
        node, at = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                path = at + (str(key_node.value),)
                lines[path] = key_node.start_mark.line + 1
                stack.append((value_node, path))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                path = at + (str(i),)
                lines[path] = item.start_mark.line + 1
                stack.append((item, path))
    return lines


def _refuse_duplicate_keys(root: yaml.Node | None, path: str | Path | None) -> None:
    """YAML keeps the last of two equal keys; in a profile that silently drops an answer.

    Each node is visited once (an alias is not followed again), iteratively: an alias
    bomb or a deep document must not turn this check into the expensive part.
    """
    visited: set[int] = set()
    stack: list[tuple[yaml.Node | None, str]] = [(root, "")]
    while stack:
        node, prefix = stack.pop()
        if node is None or id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                field = f"{prefix}.{key}" if prefix else key
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise ProfileError(Phrase("duplicate_key", key=key, first=seen[key]), path=path, line=line,
                                       field=field, hint=Phrase("merge_answers_hint"))
                seen[key] = line
                stack.append((value_node, field))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{prefix}.{i}" if prefix else str(i)) for i, item in enumerate(node.value))


def _said(error: Any, loc: tuple[Any, ...]) -> str | Phrase:
    """What a validation error says about the profile, worded in the reader's language where it can be.

    The profile's own validators raise errors whose type is a key of the error texts (see
    ``metricsmith.models.profile``); pydantic's other messages stay as pydantic words them.
    """
    from metricsmith.i18n import texts

    kind = error["type"]
    if kind == "literal_error" and loc == ("language",):
        return Phrase("language_choice")
    if kind in ("model_type", "dict_type"):  # not "instance of Business"
        return Phrase("profile_section", found=type(error.get("input")).__name__)
    if kind in texts("en", "errors"):
        return Phrase(kind, **error.get("ctx", {}))
    return str(error["msg"]).removeprefix("Value error, ")


def _line_for(lines: dict[tuple[str, ...], int], loc: tuple[Any, ...]) -> int | None:
    parts = tuple(str(p) for p in loc)
    while parts:
        if parts in lines:
            return lines[parts]
        parts = parts[:-1]
    return None


def parse_profile_text(text: str, path: str | Path | None = None) -> Profile:
    """Parse YAML text into a :class:`Profile`; raise :class:`ProfileError` naming line and field."""
    try:
        node = compose_user_yaml(text, path, ProfileError)  # bounded: aliases, depth, expanded size
        data = construct(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "?"  # PyYAML's own words, in English
        raise ProfileError(Phrase("yaml_syntax", problem=problem), path=path, line=line) from exc
    except yaml.YAMLError as exc:
        raise ProfileError(Phrase("yaml_error", detail=exc), path=path) from exc
    _refuse_duplicate_keys(node, path)
    if data is None:
        data = {}
    if isinstance(data, dict) and "schema_version" in data and "metrics" in data:
        raise ProfileError(Phrase("project_not_profile"), path=path, hint=Phrase("project_not_profile_hint"))
    if not isinstance(data, dict):
        raise ProfileError(Phrase("profile_top_level", found=type(data).__name__), path=path, line=1,
                           hint=Phrase("init_template_hint"))
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        lines = _line_index(node) if node is not None else {}
        field = ".".join(str(p) for p in loc) or None
        declared = str(data.get("language") or "").strip().lower()
        raise ProfileError(_said(first, loc), path=path, line=_line_for(lines, loc), field=field,
                           language=declared if declared in ("ru", "en") else None) from exc
    if not str(data.get("language") or "").strip():
        # No language given: answer in the language the answers are written in, not always English.
        from metricsmith.text import detect_language

        profile.language = detect_language(profile.all_text())
    return profile


def load_profile(path: str | Path) -> Profile:
    """Read a profile YAML file."""
    p = Path(path)
    return parse_profile_text(read_profile_text(p), p)


def read_profile_text(p: Path) -> str:
    """The profile file's text (UTF-8, with or without a BOM), or a :class:`ProfileError`."""
    return decode_utf8(read_user_file(p, ProfileError, Phrase("noun_profile_file")), p, ProfileError,
                       Phrase("save_profile_as_utf8"))


def profile_to_yaml(profile: Profile) -> str:
    """Serialise a profile back to YAML with the contract's key order."""
    data = profile.model_dump(mode="json")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
