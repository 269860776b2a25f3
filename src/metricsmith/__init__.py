"""metricsmith: design honest value metrics and KPI tables.

The package root stays import-light on purpose: ``metricsmith --version`` and the
CLI's argument parsing must start fast, so nothing heavy (pydantic models,
langchain, textual) is imported here. Public library entry points live in
:mod:`metricsmith.api`.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
