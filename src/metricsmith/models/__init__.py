"""Pydantic models: the shared language between engines, rules, exporters and surfaces."""

from metricsmith.models.metric import (
    CATEGORIES,
    Category,
    Conventions,
    Direction,
    Kind,
    Metric,
    Observation,
    Superseded,
)
from metricsmith.models.profile import (
    Business,
    FirstValue,
    Goal,
    Language,
    Monetisation,
    Person,
    Profile,
    Repeat,
    parse_number,
)
from metricsmith.models.project import (
    SCHEMA_VERSION,
    SEVERITY_ORDER,
    EngineInfo,
    Finding,
    LLMCall,
    Notice,
    Project,
    Severity,
)
from metricsmith.models.tables import (
    STATUSES,
    Status,
    TrackingRow,
    ValueRow,
    derive_status,
    tracking_rows,
    value_rows,
)

__all__ = [
    "CATEGORIES", "Category", "Conventions", "Direction", "Kind", "Metric", "Observation", "Superseded",
    "Business", "FirstValue", "Goal", "Language", "Monetisation", "Person", "Profile", "Repeat",
    "parse_number", "SCHEMA_VERSION", "SEVERITY_ORDER", "EngineInfo", "Finding", "LLMCall",
    "Notice", "Project", "Severity", "STATUSES", "Status", "TrackingRow", "ValueRow",
    "derive_status", "tracking_rows", "value_rows",
]
