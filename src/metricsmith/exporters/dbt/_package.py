"""The files of the dbt package: project file, profile example, macros, models, YAML, README.

Why one function returns every file as text: the export writes them all or
none (``write_files``), and the CLI learns the paths before writing, to refuse
overwriting without ``--force``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from metricsmith.exporters.dbt._metrics import Plan, metrics_document, model_sql, plan
from metricsmith.exporters.dbt._settings import DbtSettings
from metricsmith.exporters.dbt._staging import (
    MACROS,
    parsed_model,
    sources_yaml,
    staging_model,
    staging_yaml,
    test_macros,
)

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.models.project import Project

#: The oldest dbt that reads ``time_spine:`` model configs (MetricFlow's time spine since 1.9).
REQUIRE_DBT = [">=1.9.0", "<2.0.0"]

MONTH_MACROS = """\
{#- metricsmith: the months the metric models are repeated for. -#}

{% macro metricsmith_add_months(month, offset) -%}
  {#- 'YYYY-MM-01' moved by offset months: the period bounds compute derives from a month. -#}
  {%- set i = (month[0:4] | int) * 12 + (month[5:7] | int) - 1 + offset -%}
  {{- '%04d-%02d-01' | format(i // 12, i % 12 + 1) -}}
{%- endmacro %}

{% macro metricsmith_months() -%}
  {#- Every month from the earliest to the latest date in the staging tables (as 'YYYY-MM-01'),
      or from var metricsmith_first_month to var metricsmith_last_month ('YYYY-MM') when set. -#}
  {%- set bounds -%}
    SELECT CAST(min(day) AS DATE) AS first_day, CAST(max(day) AS DATE) AS last_day FROM (
    __BOUNDS__
    ) AS bounds
  {%- endset -%}
  {%- if not execute -%}
    {{- return(['2000-01-01']) -}}
  {%- endif -%}
  {%- set first = var('metricsmith_first_month', none) -%}
  {%- set last = var('metricsmith_last_month', none) -%}
  {%- if first is none or last is none -%}
    {%- set row = run_query(bounds).rows[0] -%}
    {%- if row[0] is none -%}
      {{- return(['2000-01-01']) -}}
    {%- endif -%}
    {%- set first = first if first is not none else (row[0] | string)[0:7] -%}
    {%- set last = last if last is not none else (row[1] | string)[0:7] -%}
  {%- endif -%}
  {%- set months = [] -%}
  {%- set start = (first[0:4] | int) * 12 + (first[5:7] | int) - 1 -%}
  {%- set stop = (last[0:4] | int) * 12 + (last[5:7] | int) - 1 -%}
  {%- for i in range(start, stop + 1) -%}
    {%- do months.append('%04d-%02d-01' | format(i // 12, i % 12 + 1)) -%}
  {%- endfor -%}
  {{- return(months) -}}
{%- endmacro %}
"""

TIME_SPINE_SQL = """\
{{ config(materialized='table') }}
-- metricsmith: the day time spine MetricFlow needs (vars metricsmith_spine_start / _end move its range).
WITH days AS (
    {{ dbt.date_spine('day',
        "cast('" ~ var('metricsmith_spine_start', '2000-01-01') ~ "' as date)",
        "cast('" ~ var('metricsmith_spine_end', '2041-01-01') ~ "' as date)") }}
)
SELECT CAST(date_day AS DATE) AS date_day FROM days
"""

PROFILE_EXAMPLE = """\
# metricsmith: an example profile (copy it to ~/.dbt/profiles.yml, or point DBT_PROFILES_DIR at a
# folder holding it as profiles.yml). DuckDB runs the models as exported; the SQL is DuckDB's
# dialect (the models' templates are compute's), so other warehouses need the SQL translated.
{name}:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{{{{ env_var('METRICSMITH_DUCKDB', 'metrics.duckdb') }}}}"
      threads: 4
"""


def _yaml(data: Any, head: str = "") -> str:
    import yaml

    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)


def _project_yaml(settings: DbtSettings) -> str:
    data = {
        "name": settings.name,
        "version": "1.0.0",
        "config-version": 2,
        "profile": settings.name,
        "require-dbt-version": REQUIRE_DBT,
        "model-paths": ["models"],
        "macro-paths": ["macros"],
        "seed-paths": ["seeds"],
        "test-paths": ["tests"],
        "clean-targets": ["target", "dbt_packages"],
        "models": {settings.name: {"staging": {"+materialized": "view"},
                                   "metrics": {"+materialized": "table"}}},
    }
    return _yaml(data, "# metricsmith: a dbt package computing the project's metrics as `metricsmith compute` does.\n"
                       "# Generated; export again rather than editing (see README.md).\n")


def _months_macro(tables: tuple[str, ...]) -> str:
    from metricsmith.compute.runner import DATE_COLUMN

    parts = [f"SELECT min({DATE_COLUMN[t]}) AS day FROM {{{{ ref('metricsmith_stg_{t}') }}}}\n"
             f"    UNION ALL SELECT max({DATE_COLUMN[t]}) FROM {{{{ ref('metricsmith_stg_{t}') }}}}" for t in tables]
    if not parts:  # no input table: no data months (the macro falls back to one month)
        parts = ["SELECT CAST(NULL AS DATE) AS day"]
    return MONTH_MACROS.replace("__BOUNDS__", "\n    UNION ALL ".join(parts))


def _readme(project: "Project", settings: DbtSettings, p: Plan) -> str:
    lines = [
        f"# {settings.name}: metrics as dbt models and MetricFlow metrics",
        "",
        "Generated by `metricsmith export --format dbt` from the project's metric definitions, so that",
        "`mf query` gives the figures `metricsmith compute` gives on the same data, month by month.",
        "",
        "## Inputs",
        "",
        "Declare where the tables are with vars (dbt_project.yml or `--vars`): `metricsmith_source_schema`",
        "(default: the target schema) and `metricsmith_<table>_table` (default: the table's name).",
        "Columns are recognised by their names as compute recognises headers"
        + (", with the mapping given at export time." if settings.mapping else "; export with `-O map=...` to name them."),
        "",
    ]
    lines += [f"* `{t}` → `metricsmith_parsed_{t}` → `metricsmith_stg_{t}`" for t in p.tables]
    lines += [
        "",
        "`metricsmith_parsed_<table>` holds every source row parsed as compute parses it; its data tests",
        "(`models/staging/staging.yml`, macros in `macros/metricsmith_tests.sql`) are compute's checks: a",
        "value that does not parse (a date, a number, yes/no), a negative amount, a repeated order id or",
        "customer month, several currencies, a survey score out of range, a ticket resolved before it was",
        "opened. A failing test fails `dbt build` and skips the staging and metric models, as compute",
        "refuses the file; its name says the table, the column and the check",
        "(`metricsmith_orders_order_date_parses`). `metricsmith_stg_<table>` then leaves out the rows",
        "compute leaves out (no key, cancelled orders, other survey types).",
        "",
        "## Run",
        "",
        "    cp profiles.example.yml profiles.yml   # or use your own profile named " + settings.name,
        "    DBT_PROFILES_DIR=. dbt build",
        "    DBT_PROFILES_DIR=. mf validate-configs",
        "    DBT_PROFILES_DIR=. mf query --metrics " + ",".join(m.name for m in p.metrics[:3]) + " --group-by metric_time__month",
        "",
        "Each metric model repeats its definition's SQL for every month from the earliest to the latest date",
        "in the staging tables (vars `metricsmith_first_month` / `metricsmith_last_month`, 'YYYY-MM', narrow",
        "it). Query by `metric_time__month`: a month's row is that month's figure. Other grains add months up,",
        "which is not the metric for a quarter; export compute's figures for longer periods instead.",
        "",
        "## Metrics",
        "",
    ]
    for item in p.metrics:
        parts = f" (parts: {', '.join(item.parts.values())})" if item.parts else ""
        lines.append(f"* `{item.name}`: {item.metric.name}, from `{item.model.file_name}`{parts}")
    if p.skipped:
        lines += ["", "Not exported:", ""]
        lines += [f"* {m.name}: {why}" for m, why in p.skipped]
    handled = {i.metric.id for i in p.metrics} | {m.id for m, _ in p.skipped}
    other = [m for m in project.metrics if m.id not in handled]
    if other:
        lines += ["", "Without a definition (not computable from data): " + ", ".join(m.name for m in other)]
    return "\n".join(lines) + "\n"


def package_files(project: "Project", settings: DbtSettings) -> dict[PurePosixPath, str]:
    """Every file of the package by its path inside the package folder."""
    p = plan(project, settings)
    files: dict[PurePosixPath, str] = {
        PurePosixPath("dbt_project.yml"): _project_yaml(settings),
        PurePosixPath("profiles.example.yml"): PROFILE_EXAMPLE.format(name=settings.name),
        PurePosixPath("README.md"): _readme(project, settings, p),
        PurePosixPath("macros/metricsmith_columns.sql"): MACROS,
        PurePosixPath("macros/metricsmith_tests.sql"): test_macros(),
        PurePosixPath("macros/metricsmith_months.sql"): _months_macro(p.tables),
        PurePosixPath("models/staging/sources.yml"): _yaml(sources_yaml(p.tables)),
        PurePosixPath("models/staging/staging.yml"): _yaml(staging_yaml(p.tables)),
        PurePosixPath("models/metricsmith_time_spine.sql"): TIME_SPINE_SQL,
        PurePosixPath("models/time_spine.yml"): _yaml({"version": 2, "models": [{
            "name": "metricsmith_time_spine",
            "description": "One row per day: MetricFlow's time spine.",
            "time_spine": {"standard_granularity_column": "date_day"},
            "columns": [{"name": "date_day", "granularity": "day"}],
        }]}),
        PurePosixPath("models/metrics/semantic.yml"): _yaml(
            metrics_document(p, settings),
            "# metricsmith: semantic models over the metric models and the metrics built from the definitions.\n"),
    }
    for table in p.tables:
        files[PurePosixPath(f"models/staging/metricsmith_parsed_{table}.sql")] = parsed_model(table, settings.mapping)
        files[PurePosixPath(f"models/staging/metricsmith_stg_{table}.sql")] = staging_model(table)
    for helper in p.helpers.values():
        files[PurePosixPath(f"models/metrics/{helper.file_name}.sql")] = model_sql(helper, p)
    for model in p.models.values():
        files[PurePosixPath(f"models/metrics/{model.file_name}.sql")] = model_sql(model, p)
    return files
