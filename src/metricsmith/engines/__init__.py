"""Drafting engines: turn a profile into a project's metrics.

All engines implement :class:`metricsmith.engines.base.Engine`; pick one with
:func:`metricsmith.engines.base.get_engine`.
"""
