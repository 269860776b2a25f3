"""Deciding which loaded file (or sheet) is which input table.

A file is recognised as the table whose required columns it has, preferring
the table with more matched columns and whose name appears in the file name.
A file that matches nothing is an error that says which table it came closest
to, which columns are missing, which headers were found, and the ``--map``
option that fixes it. Workbook sheets that match nothing (notes, pivots) are
skipped with a note as long as another sheet of the workbook was recognised.
"""

from __future__ import annotations

from dataclasses import dataclass

from metricsmith.compute.loaders import Source
from metricsmith.compute.schema import TABLES, TableSpec, match_columns, normalise
from metricsmith.compute.texts import t
from metricsmith.errors import InputTableError


@dataclass
class Recognised:
    """A source recognised as ``table``, with canonical column → header."""

    table: str
    source: Source
    columns: dict[str, str]


def _candidates(source: Source, explicit: dict[str, str]) -> list[tuple[tuple, TableSpec, dict[str, str], bool]]:
    out = []
    stem = normalise(source.path.stem + " " + (source.sheet or ""))
    for spec in TABLES.values():
        found = match_columns(spec, source.headers, explicit)
        complete = all(c in found for c in spec.required) and (
            not spec.any_of or any(c in found for c in spec.any_of)
        )
        explicit_hits = sum(1 for c in found if f"{spec.name}.{c}" in explicit)
        named = any(w in stem for w in spec.file_words)
        required_hits = sum(1 for c in spec.required if c in found)
        score = (complete, explicit_hits, required_hits / len(spec.required), named, len(found))
        out.append((score, spec, found, complete))
    out.sort(key=lambda item: item[0], reverse=True)
    return out


def missing_columns_error(source: Source, spec: TableSpec, found: dict[str, str], lang: str) -> InputTableError:
    missing = [c for c in spec.columns if c.required and c.name not in found]
    if not missing and spec.any_of:
        missing = [spec.column(n) for n in spec.any_of]
        what = t(lang, "needs at least one of the columns", "нужна хотя бы одна из колонок")
    else:
        what = t(lang, "lacks the columns", "не хватает колонок")
    names = ", ".join(f"{m.name} ({m.label_ru if lang == 'ru' else m.label_en})" for m in missing)
    headers = ", ".join(source.headers) or t(lang, "(none)", "(нет)")
    first = missing[0].name
    table_label = spec.label_ru if lang == "ru" else spec.label_en
    return InputTableError(
        t(lang, f"looks like the {table_label} table ('{spec.name}') but {what}: {names}; headers found: {headers}",
          f"похоже на таблицу «{table_label}» ('{spec.name}'), но {what}: {names}; найдены заголовки: {headers}"),
        **source.where(None),
        field=first,
        hint=t(lang, f"name the header explicitly: --map {spec.name}.{first}=HEADER",
               f"укажите заголовок явно: --map {spec.name}.{first}=ЗАГОЛОВОК"),
    )


def recognise(sources: list[Source], explicit: dict[str, str], lang: str = "en") -> tuple[dict[str, Recognised], list[str]]:
    """Assign sources to tables; returns (table → recognised source, notes)."""
    result: dict[str, Recognised] = {}
    notes: list[str] = []
    by_file: dict[str, list[tuple[Source, list]]] = {}
    for source in sources:
        by_file.setdefault(str(source.path), []).append((source, _candidates(source, explicit)))
    for file_sources in by_file.values():
        matched_any = any(c[0][3] for _, c in file_sources)
        for source, cands in file_sources:
            score, spec, found, complete = cands[0]
            if not complete:
                if source.sheet is not None and matched_any:
                    notes.append(t(lang, f"{source.label}: sheet not recognised as any input table, skipped",
                                   f"{source.label}: лист не похож ни на одну входную таблицу, пропущен"))
                    continue
                unmatched = [k for k in explicit if k.split(".")[0] == spec.name and k.split(".")[1] not in found]
                if unmatched:  # the user's own --map points at a header this file lacks: say that first
                    raise _no_such_header(unmatched[0], explicit[unmatched[0]], source, lang)
                raise missing_columns_error(source, spec, found, lang)
            if spec.name in result:
                other = result[spec.name].source
                raise InputTableError(
                    t(lang, f"two inputs look like the '{spec.name}' table: {other.label} and {source.label}",
                      f"два входа похожи на таблицу '{spec.name}': {other.label} и {source.label}"),
                    **source.where(None),
                    hint=t(lang, "combine them into one file, or give only one",
                           "объедините их в один файл или передайте один"),
                )
            result[spec.name] = Recognised(spec.name, source, found)
    for key, header in explicit.items():
        table = key.split(".")[0]
        if table in result and key.split(".")[1] not in result[table].columns:
            raise _no_such_header(key, header, result[table].source, lang)
    return result, notes


def _no_such_header(key: str, header: str, source: Source, lang: str) -> InputTableError:
    return InputTableError(
        t(lang, f"--map {key}={header}: no such header; headers found: {', '.join(source.headers)}",
          f"--map {key}={header}: такого заголовка нет; найдены: {', '.join(source.headers)}"),
        **source.where(None),
        field=header,
    )
