"""Computing metrics inside the user's database (``metricsmith compute --source URL``).

Why: once orders, MRR, surveys and tickets live in a warehouse, exporting
them to files to compute a dozen numbers is slow and copies customer data
around. Here the metric queries (the same ones the files path runs in
DuckDB) go to the database through SQLAlchemy, translated to its dialect by
sqlglot, with the user's tables mapped to the canonical ones by CTEs; only
the aggregates come back, and nothing is created in the database.

Modules: :mod:`.connection` (URL, credentials, errors), :mod:`.tables`
(finding and typing the user's tables), :mod:`.canonical` (the canonical
tables as SQL, exclusions and checks), :mod:`.query` (CTEs in front of a
query), :mod:`.runner` (the metric loop).
"""

from __future__ import annotations

from metricsmith.compute.warehouse.runner import compute_from_source

__all__ = ["compute_from_source"]
