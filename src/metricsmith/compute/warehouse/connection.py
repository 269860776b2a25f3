"""Opening the user's database through SQLAlchemy, with credentials kept out of every message.

Why SQLAlchemy: one URL names any warehouse (``postgresql://…``,
``snowflake://…``, ``bigquery://…``, ``databricks://…``) and its dialect
package does the connecting; metricsmith only needs to run SELECTs and read
column types. The URL's password is used to connect and nowhere else: the
label shown in messages and reports is the redacted URL, and driver messages
are scrubbed of the password before they are shown. A password can also come
from the environment (``PGPASSWORD``, read by the PostgreSQL driver itself) or
from the config file's ``source_password`` (or ``METRICSMITH_SOURCE_PASSWORD``).

Queries are written in DuckDB's dialect by the caller and translated here
(:func:`metricsmith.compute.dialects.transpile`) for the connected database.
On PostgreSQL the session is read-only, so a query can never change the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from metricsmith.errors import InputTableError

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Connection, Engine
    from sqlglot import exp

#: SQLAlchemy dialect name → sqlglot dialect.
SQLGLOT_DIALECTS = {"postgresql": "postgres", "snowflake": "snowflake", "bigquery": "bigquery",
                    "databricks": "databricks", "duckdb": "duckdb"}
#: The package that brings a SQLAlchemy dialect, for the hint when it is not installed.
DIALECT_PACKAGES = {"snowflake": "snowflake-sqlalchemy", "bigquery": "sqlalchemy-bigquery",
                    "databricks": "databricks-sqlalchemy", "duckdb": "duckdb-engine",
                    "postgresql": "psycopg[binary]"}
_HINT = "check the host, port, database and user; give the password in PGPASSWORD or the config file's source_password"


def scrub(text: str, secret: str | None) -> str:
    """``text`` with every URL redacted and ``secret`` (the password) masked wherever it appears."""
    from metricsmith.urls import MASK, redact_text

    text = redact_text(text)
    return text.replace(secret, MASK) if secret else text


@dataclass
class Source:
    """An opened source database: its engine, the label to show, and the SQL dialect to write."""

    engine: "Engine"
    label: str
    dialect: str
    secret: str | None = None

    def scrub(self, text: str) -> str:
        """``text`` (a driver message) with URLs redacted and the password masked."""
        return scrub(text, self.secret)

    @contextmanager
    def session(self) -> Iterator["Session"]:
        """One connection for a whole computation (read-only on PostgreSQL), closed at the end."""
        from sqlalchemy.exc import SQLAlchemyError

        try:
            con = self.engine.connect()
        except SQLAlchemyError as exc:
            raise InputTableError(f"cannot connect: {self._first_line(exc)}", path=self.label, field="--source",
                                  hint=_HINT) from None
        try:
            if self.dialect == "postgres":
                con = con.execution_options(postgresql_readonly=True)
            yield Session(self, con)
        finally:
            try:
                con.rollback()
            finally:
                con.close()
                self.engine.dispose()

    def _first_line(self, exc: BaseException) -> str:
        inner = getattr(exc, "orig", None) or exc
        lines = [line.strip() for line in str(inner).strip().splitlines() if line.strip()]
        return self.scrub(lines[0] if lines else type(inner).__name__)[:300]


@dataclass
class Session:
    """A connection to run the translated queries on."""

    source: Source
    con: "Connection"

    def rows(self, sql: "str | exp.Expression", *, table: str | None = None,
             column: str | None = None) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` (DuckDB's dialect, translated here); a database error names ``table``/``column``."""
        from sqlalchemy.exc import SQLAlchemyError

        from metricsmith.compute.dialects import transpile

        text = transpile(sql, self.source.dialect)
        try:
            result = self.con.execution_options(no_parameters=True).exec_driver_sql(text)
            return [tuple(r) for r in result.fetchall()]
        except SQLAlchemyError as exc:
            self.con.rollback()
            where = self.source.label + (f" table {table}" if table else "")
            raise InputTableError(f"the query failed: {self.source._first_line(exc)}", path=where, field=column,
                                  hint="check that the table and column types fit (see the README's "
                                       "'compute --source' section)") from None


def open_source(url: str, password: str | None = None) -> Source:
    """An engine for ``url`` (not yet connected); ``password`` fills in a URL that has none.

    ``postgresql://`` and ``postgres://`` URLs use the psycopg (3) driver that
    metricsmith installs. Errors are :class:`InputTableError` with the URL redacted.
    """
    from metricsmith.urls import redact_url

    label = redact_url(url.strip())
    try:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError
        from sqlalchemy.pool import NullPool
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        raise InputTableError("compute --source needs SQLAlchemy", field="--source",
                              hint="pip install 'metricsmith[warehouse]'") from None
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        raise InputTableError("not a database URL", path=label, field="--source",
                              hint="e.g. postgresql://user@host:5432/dbname") from None
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+" + (parsed.get_driver_name() if "+" in parsed.drivername
                                                        else "psycopg"))
        backend = "postgresql"
    if backend not in SQLGLOT_DIALECTS:
        raise InputTableError(f"metricsmith cannot write SQL for '{backend}' databases", path=label, field="--source",
                              hint="supported: " + ", ".join(sorted(SQLGLOT_DIALECTS)))
    if parsed.password is None and password:
        parsed = parsed.set(password=password)
    secret = parsed.password if isinstance(parsed.password, str) and parsed.password else None
    connect_args = {"connect_timeout": 15} if backend == "postgresql" else {}
    try:
        engine = create_engine(parsed, poolclass=NullPool, connect_args=connect_args)
    except (NoSuchModuleError, ImportError):
        raise InputTableError(f"the database driver for '{parsed.drivername}' is not installed", path=label,
                              field="--source", hint=f"pip install {DIALECT_PACKAGES[backend]}") from None
    except ArgumentError as exc:
        first = (str(exc).strip().splitlines() or ["invalid"])[0]
        raise InputTableError(f"not a usable database URL: {scrub(first, secret)[:200]}",
                              path=label, field="--source") from None
    return Source(engine, label, SQLGLOT_DIALECTS[backend], secret)
