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

Compute also refuses a file holding a value that would make a figure wrong (a
date that does not parse, a negative amount, a repeated order id, …). Those
checks are dbt data tests (:func:`test_macros`) on ``metricsmith_parsed_<table>``,
which holds every source row parsed next to its raw text; the staging model
``metricsmith_stg_<table>`` reads it and leaves out the rows compute leaves out.
``dbt build`` tests a model before building what depends on it, so a failing
check fails the build and no metric is computed from the bad rows.
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

_TEST_MACROS = """\
{#- metricsmith: the checks `metricsmith compute` makes before computing, as generic data tests.
    Each returns the rows compute would refuse, so `dbt build` fails (and skips the models built
    on them) where compute stops with an error. They run on metricsmith_parsed_<table>: every
    source row, before cancelled orders and rows without a key are left out, as compute checks. -#}

{% test metricsmith_parses(model, column_name) %}
{#- A value present in the source that does not parse as the column's type (a date, a number, yes/no). -#}
SELECT _raw_{{ column_name }} AS raw_value
FROM {{ model }}
WHERE _raw_{{ column_name }} IS NOT NULL AND {{ column_name }} IS NULL
{% endtest %}

{% test metricsmith_finite(model, column_name) %}
{#- A number that parses but is not finite ('nan', 'inf', 1e400): no metric holds it. -#}
SELECT {{ column_name }} FROM {{ model }} WHERE {{ column_name }} IS NOT NULL AND NOT isfinite({{ column_name }})
{% endtest %}

{% test metricsmith_not_negative(model, column_name) %}
{#- A negative amount: refunds are returns (a 'returned' column), not negative amounts. -#}
SELECT {{ column_name }} FROM {{ model }} WHERE {{ column_name }} < 0
{% endtest %}

{% test metricsmith_unique_per_month(model, column_name) %}
{#- The same customer twice in one month (MRR). -#}
SELECT {{ column_name }}, month, count(*) AS copies
FROM {{ model }}
WHERE {{ column_name }} IS NOT NULL AND month IS NOT NULL
GROUP BY {{ column_name }}, month
HAVING count(*) > 1
{% endtest %}

{% test metricsmith_one_value(model, column_name) %}
{#- Several values (case aside) in one column: amounts in different currencies cannot be added. -#}
SELECT upper({{ column_name }}) AS value, count(*) AS value_rows
FROM {{ model }}
WHERE {{ column_name }} IS NOT NULL
GROUP BY upper({{ column_name }})
HAVING (SELECT count(DISTINCT upper({{ column_name }})) FROM {{ model }}) > 1
{% endtest %}

{% test metricsmith_score_range(model, column_name) %}
{#- An NPS or CSAT score outside its range (__RANGES__) or not a whole number (other survey
    types are the user's own definitions' to read). -#}
SELECT kind, {{ column_name }}
FROM {{ model }}
WHERE __CONDITIONS__
{% endtest %}

{% test metricsmith_not_before_opened(model, column_name) %}
{#- A ticket resolved before it was opened. -#}
SELECT opened_at, {{ column_name }} FROM {{ model }} WHERE {{ column_name }} < opened_at
{% endtest %}

{% test metricsmith_whole_from_one(model, column_name) %}
{#- Contacts until resolution: a whole number from 1. -#}
SELECT {{ column_name }} FROM {{ model }}
WHERE {{ column_name }} < 1 OR {{ column_name }} <> floor({{ column_name }})
{% endtest %}

{% test metricsmith_has_rows(model) %}
{#- No rows left: the table is empty, or every row was left out (compute refuses both). -#}
SELECT count(*) AS kept_rows FROM {{ model }} HAVING count(*) = 0
{% endtest %}
"""


def test_macros() -> str:
    """The package's data-test macros, with compute's survey score ranges filled in."""
    from metricsmith.compute.validate import SCORE_RANGES

    return _TEST_MACROS.replace(
        "__RANGES__", ", ".join(f"{kind.upper()} {low}–{high}" for kind, low, high in SCORE_RANGES)).replace(
        "__CONDITIONS__", " OR ".join(
            f"(kind = '{kind}' AND ({{{{ column_name }}}} < {low} OR {{{{ column_name }}}} > {high} "
            "OR {{ column_name }} <> floor({{ column_name }})))"
            for kind, low, high in SCORE_RANGES))


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


#: Column kinds whose text is parsed (a value can fail to parse), as compute keeps their raw text.
PARSED_KINDS = ("date", "month", "number", "int", "bool")


def _raw_sql(col: "Column") -> str:
    """The source column's text, trimmed and empty as NULL (compute's ``_raw_`` column), or NULL when absent."""
    key = json.dumps(col.name)
    text = f"nullif(trim(CAST({_QUOTED % key} AS VARCHAR)), '')"
    return f"{{% if {key} not in found %}}CAST(NULL AS VARCHAR){{% else %}}{text}{{% endif %}} AS _raw_{col.name}"


def _keep(table: str) -> str:
    """SQL true for the rows compute uses: no required key empty, not cancelled, a survey of a known kind."""
    from metricsmith.compute.schema import TABLES

    _derived_columns, keep = _derived(table)
    keep = [f"{c.name} IS NOT NULL" for c in TABLES[table].columns if c.required] + keep
    return " AND ".join(keep) if keep else "true"


def parsed_model(table: str, mapping: dict[str, str]) -> str:
    """The model ``metricsmith_parsed_<table>``: every source row parsed, with its raw text, before any is left out.

    Why a model of its own: compute checks every row of a file (cancelled orders and rows
    with an unparseable date included) before it leaves any out, and refuses the file on a
    bad value. The data tests in ``staging.yml`` run on this model, so ``dbt build`` fails on
    the same rows, and the staging model (which drops rows) is only built when they pass.
    """
    from metricsmith.compute.schema import TABLES

    spec = TABLES[table]
    wanted = json.dumps(_wanted(spec, mapping), ensure_ascii=False)
    required = json.dumps(list(spec.required))
    any_of = json.dumps(list(spec.any_of))
    columns = [_column_sql(c) for c in spec.columns]
    columns += [_raw_sql(c) for c in spec.columns if c.kind in PARSED_KINDS]
    derived, _keep_conditions = _derived(table)
    derived_sql = "".join(f",\n    {d}" for d in derived)
    return (
        f"-- metricsmith: every row of the source table '{table}', parsed as compute parses it, with the raw\n"
        "-- text of each parsed column (_raw_*). Columns are recognised as compute recognises headers (or as\n"
        "-- mapped at export time). The data tests in staging.yml check these rows as compute checks a file.\n"
        f"{{%- set relation = source('metricsmith', '{table}') %}}\n"
        f"{{%- set found = metricsmith_match_columns(relation, {wanted}) %}}\n"
        f"{{{{ metricsmith_require_columns('{table}', found, {required}, {any_of}) }}}}\n"
        "WITH parsed AS (\n"
        "    SELECT\n"
        "        " + ",\n        ".join(columns) + "\n"
        "    FROM {{ relation }}\n"
        ")\n"
        f"SELECT *{derived_sql}\n"
        "FROM parsed\n"
    )


def staging_model(table: str, segment: str = "'all'") -> str:
    """The staging model ``metricsmith_stg_<table>``: the canonical view compute's definitions read.

    It reads :func:`parsed_model`'s model, which dbt builds and tests first: when a check
    fails, this model (and every metric built on it) is skipped, as compute stops.
    """
    from metricsmith.compute.runner import VIEW_COLUMNS

    select = ",\n    ".join(VIEW_COLUMNS[table])
    return (
        f"-- metricsmith: the canonical '{table}' table compute reads: the checked rows of\n"
        f"-- metricsmith_parsed_{table} without the rows compute leaves out (no key, cancelled, other survey types).\n"
        "SELECT\n"
        f"    {select},\n"
        f"    {segment} AS segment\n"
        f"FROM {{{{ ref('metricsmith_parsed_{table}') }}}}\n"
        f"WHERE {_keep(table)}\n"
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


def _column_tests(table: str, col: "Column") -> list[dict]:
    """The data tests for one column of ``metricsmith_parsed_<table>``: compute's refusals for it.

    Each test is named ``metricsmith_<table>_<column>_<check>`` so that a failing ``dbt build``
    says which table, column and check, as compute's one-line error does.
    """
    def test(macro: str, check: str) -> dict:
        # No arguments beyond the name: dbt 1.10 wants them under `arguments:`, which 1.9 does not read.
        return {macro: {"name": f"metricsmith_{table}_{col.name}_{check}"}}

    out = []
    if col.kind in PARSED_KINDS:
        out.append(test("metricsmith_parses", "parses"))
    if col.kind in ("number", "int"):
        out.append(test("metricsmith_finite", "finite"))
    if (table, col.name) in (("orders", "amount"), ("mrr", "mrr")):
        out.append(test("metricsmith_not_negative", "not_negative"))
    if (table, col.name) == ("orders", "order_id"):
        out.append(test("unique", "unique"))
    if (table, col.name) == ("orders", "currency"):
        out.append(test("metricsmith_one_value", "one_currency"))
    if (table, col.name) == ("mrr", "customer_id"):
        out.append(test("metricsmith_unique_per_month", "unique_per_month"))
    if (table, col.name) == ("surveys", "score"):
        out.append(test("metricsmith_score_range", "in_range"))
    if (table, col.name) == ("tickets", "resolved_at"):
        out.append(test("metricsmith_not_before_opened", "not_before_opened"))
    if (table, col.name) == ("tickets", "contacts"):
        out.append(test("metricsmith_whole_from_one", "whole_from_one"))
    return out


def staging_yaml(tables: tuple[str, ...]) -> dict:
    """Column docs, and compute's checks as data tests, so that ``dbt build`` refuses what compute refuses.

    The checks run on ``metricsmith_parsed_<table>`` (every source row), as compute checks
    a whole file before leaving rows out; the staging model must then keep at least one row,
    as compute refuses a table with no usable rows.
    """
    from metricsmith.compute.runner import VIEW_COLUMNS
    from metricsmith.compute.schema import TABLES

    models = []
    for table in tables:
        spec = TABLES[table]
        parsed = []
        for col in spec.columns:
            entry: dict = {"name": col.name, "description": col.label_en}
            tests = _column_tests(table, col)
            if tests:
                entry["data_tests"] = tests
            parsed.append(entry)
        parsed += [{"name": f"_raw_{c.name}", "data_type": "varchar",
                    "description": f"The source text of {c.name} (NULL when empty), to show what did not parse."}
                   for c in spec.columns if c.kind in PARSED_KINDS]
        models.append({"name": f"metricsmith_parsed_{table}",
                       "description": f"Every row of the source table {table}, parsed as metricsmith compute parses "
                                      "it; its tests are compute's checks.",
                       "columns": parsed})
        columns = [{"name": name, "data_type": typ.lower()} for name, typ in VIEW_COLUMNS[table].items()]
        columns.append({"name": "segment", "data_type": "varchar",
                        "description": "The segment to split by ('all' for one overall figure)."})
        models.append({"name": f"metricsmith_stg_{table}",
                       "description": f"The canonical {table} table metricsmith compute reads.",
                       "data_tests": [{"metricsmith_has_rows": {"name": f"metricsmith_{table}_has_usable_rows"}}],
                       "columns": columns})
    return {"version": 2, "models": models}
