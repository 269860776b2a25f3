"""A consultant's own catalogs beside the built-in one (``--catalog FILE``, the ``catalogs`` setting).

Why: a consultant who works with clinics or breweries knows their metrics better than any
built-in pack. Their file uses the built-in schema (``metrics: [...]`` of catalog entries) and
is validated the same way, with an error that names the file, the entry and the field. Once
registered with :func:`use_catalogs`, its entries take part in drafting (the offline engine),
in owner areas and in the rules' "better metric" suggestions, because all of them read
:func:`active_catalog`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from metricsmith.catalog import Catalog, CatalogEntry, load_catalog
from metricsmith.errors import ConfigError, Phrase

_ACTIVE: Catalog | None = None


def load_catalog_file(path: str | Path) -> tuple[CatalogEntry, ...]:
    """The validated entries of one catalog file; :class:`ConfigError` names file, entry and field."""
    from metricsmith.io.reading import decode_utf8, read_user_file
    from metricsmith.io.user_yaml import compose_user_yaml, construct

    p = Path(path).expanduser()
    text = decode_utf8(read_user_file(p, ConfigError, noun=Phrase("noun_catalog_file")), p, ConfigError)
    try:
        data = construct(compose_user_yaml(text, p, ConfigError))
    except Exception as exc:  # yaml.YAMLError: keep the message, name the file
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(f"not valid YAML: {exc}".splitlines()[0], path=p) from None
    entries = data.get("metrics") if isinstance(data, dict) else data
    if not isinstance(entries, list) or not entries:
        raise ConfigError("expected 'metrics:' with a list of catalog entries", path=p,
                          hint="see 'metricsmith catalog --format yaml' for the schema")
    out = []
    for i, raw in enumerate(entries, 1):
        label = f"entry {i}" + (f" ('{raw.get('id')}')" if isinstance(raw, dict) and raw.get("id") else "")
        if not isinstance(raw, dict):
            raise ConfigError(f"{label}: expected a mapping of fields", path=p)
        try:
            out.append(CatalogEntry.model_validate(raw))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(x) for x in first["loc"]) or "entry"
            raise ConfigError(f"{label}: {first['msg']}", path=p, field=field) from None
    return tuple(out)


def merged_catalog(paths: Iterable[str | Path]) -> Catalog:
    """The built-in catalog followed by every file's entries; an id used twice is an error naming both places."""
    entries = list(load_catalog().entries)
    where = {e.id: "the built-in catalog" for e in entries}
    for path in paths:
        for entry in load_catalog_file(path):
            if entry.id in where:
                raise ConfigError(f"entry '{entry.id}' is already defined in {where[entry.id]}", path=path,
                                  field="id", hint="give the metric an id of its own")
            where[entry.id] = str(path)
            entries.append(entry)
    return Catalog(entries=tuple(entries))


def use_catalogs(paths: Iterable[str | Path]) -> Catalog:
    """Make the built-in catalog plus ``paths`` the catalog every part of this process reads."""
    global _ACTIVE
    paths = list(paths)
    _ACTIVE = merged_catalog(paths) if paths else None
    _clear_caches()
    return active_catalog()


def active_catalog() -> Catalog:
    """The catalog in use: the built-in one, or it with the consultant's files (:func:`use_catalogs`)."""
    return _ACTIVE if _ACTIVE is not None else load_catalog()


#: Process-wide caches built from the catalog: ``module: function names``.
_CATALOG_CACHES: dict[str, tuple[str, ...]] = {
    "metricsmith.rules.suggest": ("_catalog", "task_outcome"),
    "metricsmith.rules.catalog_guard": ("_signatures",),
}


def _clear_caches() -> None:
    """Caches built from the catalog (the rules' suggestions and catalog guard) must see the new entries."""
    import importlib

    for module_name, names in _CATALOG_CACHES.items():
        module = importlib.import_module(module_name)
        for name in names:
            cached = getattr(module, name, None)
            if cached is not None and hasattr(cached, "cache_clear"):
                cached.cache_clear()
