"""Sources and staging models: the user's tables turned into the canonical tables compute reads.

Why: ``compute`` recognises columns by their headers (Russian or English
aliases, or the user's ``--map``), parses text into dates, numbers and yes/no,
drops cancelled orders and rows without a key, and derives ``is_returned``,
survey ``kind``, ticket ``resolved`` / ``first_contact_resolved`` and the
lower-case ``event_key``. A staging model must do exactly that, or the dbt
figures drift from compute's. So the column recognition runs in Jinja at
compile time over the source's real columns (the same alias lists, the same
order, one column per header), and the parsing SQL is the very expression
compute uses (:func:`metricsmith.compute.validate.parse_expr`), picked by the
column's warehouse type. A required column that is not found stops the build
with compute's hint (``map it``), as compute stops.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.compute.schema import Column, TableSpec

#: Where a column's SQL stands for the source column in the generated Jinja.
_SRC = "__metricsmith_source_column__"
_QUOTED = "{{ adapter.quote(found[%s].name) }}"

MACROS = """\
{#- metricsmith: recognising the columns of a source table the way `metricsmith compute` does. -#}

{% macro metricsmith_normalise(text) -%}
  {#- A header reduced to lower-case words, as compute's schema.normalise: 'Дата  заказа,' -> 'дата заказа'. -#}
  {%- set t = (text | string).replace('ё', 'е').replace('Ё', 'Е') | lower -%}
  {%- set t = t.replace('№', ' номер ').replace('#', ' number ') -%}
  {%- set words = modules.re.sub('[^\\\\w]+', ' ', t).replace('_', ' ').split() -%}
  {%- for _ in range(4) -%}
    {%- if words | length > 1 and words[-1] in ['руб', 'рублей', 'rub', 'rur', 'usd', 'eur', 'kzt', 'byn', 'uah'] -%}
      {%- do words.pop() -%}
    {%- endif -%}
  {%- endfor -%}
  {{- return(words | join(' ')) -}}
{%- endmacro %}

{% macro metricsmith_match_columns(relation, wanted) -%}
  {#- wanted: [canonical column, [normalised headers, best first]] in the order compute matches them
      (explicitly mapped columns first). Returns canonical column -> the relation's column; one
      column serves one canonical column. -#}
  {%- set found = {} -%}
  {%- set used = [] -%}
  {%- if execute -%}
    {%- set columns = adapter.get_columns_in_relation(relation) -%}
    {%- for name, headers in wanted -%}
      {%- for header in headers -%}
        {%- for column in columns -%}
          {%- if name not in found and column.name not in used and metricsmith_normalise(column.name) == header -%}
            {%- do found.update({name: column}) -%}
            {%- do used.append(column.name) -%}
          {%- endif -%}
        {%- endfor -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endif -%}
  {{- return(found) -}}
{%- endmacro %}

{% macro metricsmith_type_class(column) -%}
  {#- 'string', 'number' or 'native' (dates, timestamps, booleans): picks the parsing SQL. -#}
  {%- set dtype = (column.dtype | string | lower) -%}
  {%- if column.is_string() or dtype.startswith(('varchar', 'text', 'char', 'string')) -%}
    {{- return('string') -}}
  {%- elif column.is_number() or dtype.startswith(('decimal', 'numeric')) -%}
    {{- return('number') -}}
  {%- endif -%}
  {{- return('native') -}}
{%- endmacro %}

{% macro metricsmith_require_columns(table, found, required, any_of) -%}
  {#- Stop the build as compute stops: a table without a required column cannot be read. -#}
  {%- if execute -%}
    {%- for name in required if name not in found -%}
      {{ exceptions.raise_compiler_error("metricsmith: the source table '" ~ table ~ "' has no column for '" ~ name
         ~ "'; name it in the export: -O map=" ~ table ~ "." ~ name ~ "=HEADER") }}
    {%- endfor -%}
    {%- if any_of and not (any_of | select('in', found) | list) -%}
      {{ exceptions.raise_compiler_error("metricsmith: the source table '" ~ table ~ "' needs at least one of the columns "
         ~ (any_of | join(', '))) }}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}
"""


def _jinja_safe(sql: str) -> str:
    """SQL pasted into a Jinja template must not open a Jinja tag by accident."""
    for token in ("{{", "{%", "{#"):
        if token in sql:
            raise ValueError(f"generated SQL holds the Jinja token {token!r}: {sql}")
    return sql


def _column_sql(col: "Column") -> str:
    """The SQL (with Jinja) that reads canonical column ``col`` from the source, or NULL when absent."""
    from metricsmith.compute.validate import parse_expr

    native_type = {"date": "TIMESTAMP", "month": "TIMESTAMP", "bool": "BOOLEAN", "number": "DOUBLE",
                   "int": "DOUBLE"}.get(col.kind, "VARCHAR")
    null_type = {"date": "TIMESTAMP", "month": "DATE", "bool": "BOOLEAN", "number": "DOUBLE", "int": "DOUBLE"}.get(
        col.kind, "VARCHAR")
    key = json.dumps(col.name)
    quoted = _QUOTED % key
    branches = []
    for cls, duck_type in (("string", "VARCHAR"), ("number", "DOUBLE"), ("native", native_type)):
        expr, _keep_raw = parse_expr(col, _SRC, duck_type)
        branches.append((cls, _jinja_safe(expr).replace(_SRC, quoted)))
    out = [f"{{% if {key} not in found %}}CAST(NULL AS {null_type})"]
    for cls, expr in branches:
        out.append(f"{{%- elif metricsmith_type_class(found[{key}]) == '{cls}' %}}{expr}")
    out.append("{%- endif %}")
    return "".join(out) + f" AS {col.name}"


def _wanted(spec: "TableSpec", mapping: dict[str, str]) -> list[list[object]]:
    """Canonical column → candidate headers, explicitly mapped columns first (compute's order)."""
    from metricsmith.compute.schema import normalise

    explicit = {key.split(".", 1)[1]: header for key, header in mapping.items() if key.split(".", 1)[0] == spec.name}
    ordered = sorted(spec.columns, key=lambda c: c.name not in explicit)
    return [[c.name, [normalise(explicit[c.name])] if c.name in explicit else [normalise(c.name), *c.aliases]]
            for c in ordered]


def _derived(table: str) -> tuple[list[str], list[str]]:
    """Columns compute derives for ``table`` and the conditions that keep a row (compute's exclusions)."""
    from metricsmith.compute.validate import (
        CANCELLED_STATUS,
        KIND_SQL,
        RETURNED_STATUS,
        status_like,
    )

    if table == "orders":
        returned = (
            "({% if 'returned' in found %}coalesce(returned, false) OR {% endif %}"
            "{% if 'status' in found %}coalesce(" + _jinja_safe(status_like(RETURNED_STATUS)) + ", false) OR {% endif %}"
            "{% if 'return_reason' in found and 'returned' not in found %}return_reason IS NOT NULL OR {% endif %}"
            "false) AS is_returned"
        )
        return [returned], ["NOT coalesce(" + _jinja_safe(status_like(CANCELLED_STATUS)) + ", false)"]
    if table == "surveys":
        kind = ("{% if 'survey_type' in found %}" + _jinja_safe(KIND_SQL) + "{% else %}"
                "CASE WHEN max(score) OVER () > 5 THEN 'nps' ELSE 'csat' END{% endif %} AS kind")
        return [kind], ["kind IS NOT NULL"]
    if table == "tickets":
        resolved = ("{% if 'resolved_at' in found %}(resolved_at IS NOT NULL"
                    "{% if 'fcr' in found %} OR coalesce(fcr, false){% endif %}){% else %}true{% endif %}")
        first = ("{% if 'fcr' in found and 'contacts' in found %}coalesce(fcr, contacts = 1 AND " + resolved + ")"
                 "{% elif 'fcr' in found %}coalesce(fcr, false)"
                 "{% elif 'contacts' in found %}(contacts = 1 AND " + resolved + ")"
                 "{% else %}false{% endif %}")
        return [resolved + " AS resolved", first + " AS first_contact_resolved"], []
    if table == "events":
        return ["lower(event) AS event_key"], []
    return [], []


def staging_model(table: str, mapping: dict[str, str], segment: str = "'all'") -> str:
    """The staging model ``metricsmith_stg_<table>``: the canonical view compute's definitions read."""
    from metricsmith.compute.runner import VIEW_COLUMNS
    from metricsmith.compute.schema import TABLES

    spec = TABLES[table]
    wanted = json.dumps(_wanted(spec, mapping), ensure_ascii=False)
    required = json.dumps(list(spec.required))
    any_of = json.dumps(list(spec.any_of))
    columns = ",\n        ".join(_column_sql(c) for c in spec.columns)
    derived, keep = _derived(table)
    keep = [f"{c.name} IS NOT NULL" for c in spec.columns if c.required] + keep
    select = ",\n    ".join(f"{name}" for name in VIEW_COLUMNS[table] if name not in {d.rsplit(' AS ', 1)[-1] for d in derived})
    derived_sql = "".join(f",\n        {d}" for d in derived)
    return (
        f"-- metricsmith: the canonical '{table}' table compute reads, from the source table of that name.\n"
        "-- Columns are recognised as compute recognises headers (or as mapped at export time), parsed with\n"
        "-- compute's SQL, and rows compute leaves out (no key, cancelled, other survey types) are left out.\n"
        f"{{%- set relation = source('metricsmith', '{table}') %}}\n"
        f"{{%- set found = metricsmith_match_columns(relation, {wanted}) %}}\n"
        f"{{{{ metricsmith_require_columns('{table}', found, {required}, {any_of}) }}}}\n"
        "WITH parsed AS (\n"
        "    SELECT\n"
        f"        {columns}\n"
        "    FROM {{ relation }}\n"
        "),\n"
        "derived AS (\n"
        f"    SELECT *{derived_sql}\n"
        "    FROM parsed\n"
        ")\n"
        "SELECT\n"
        f"    {select},\n"
        + "".join(f"    {d.rsplit(' AS ', 1)[-1]},\n" for d in derived)
        + f"    {segment} AS segment\n"
        "FROM derived\n"
        f"WHERE {' AND '.join(keep) if keep else 'true'}\n"
    )


def sources_yaml(tables: tuple[str, ...]) -> dict:
    """The source declaration: one source table per input table, schema and names overridable by vars."""
    from metricsmith.compute.schema import TABLES

    return {
        "version": 2,
        "sources": [{
            "name": "metricsmith",
            "description": "The tables metricsmith compute reads as files: set the schema and table names with the "
                           "vars metricsmith_source_schema and metricsmith_<table>_table.",
            "schema": "{{ var('metricsmith_source_schema', target.schema) }}",
            "tables": [{"name": t, "identifier": f"{{{{ var('metricsmith_{t}_table', '{t}') }}}}",
                        "description": TABLES[t].label_en} for t in tables],
        }],
    }


def staging_yaml(tables: tuple[str, ...]) -> dict:
    """Column docs and the checks compute makes that dbt can test (unique order ids)."""
    from metricsmith.compute.runner import VIEW_COLUMNS

    models = []
    for table in tables:
        columns = [{"name": name, "data_type": typ.lower()} for name, typ in VIEW_COLUMNS[table].items()]
        columns.append({"name": "segment", "data_type": "varchar",
                        "description": "The segment to split by ('all' for one overall figure)."})
        if table == "orders":
            for column in columns:
                if column["name"] == "order_id":
                    column["data_tests"] = ["unique", "not_null"]
        models.append({"name": f"metricsmith_stg_{table}",
                       "description": f"The canonical {table} table metricsmith compute reads.",
                       "columns": columns})
    return {"version": 2, "models": models}
