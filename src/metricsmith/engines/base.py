"""The engine interface shared by the offline catalog engine and the LLM engine.

Surfaces never talk to an engine's internals: they call :func:`metricsmith.api.propose`
(or ``engine.replace``) and observe progress through a callback, which is how
the TUI shows each drafting step and how the CLI stays silent or verbose.
"""

from __future__ import annotations

from typing import Callable, Literal, Protocol, runtime_checkable

from metricsmith.models.project import Finding, Project
from metricsmith.models.metric import Metric
from metricsmith.models.profile import Profile

#: The drafting steps, in order, as reported to progress callbacks.
Step = Literal["metric_set", "tracking", "value", "rules", "replacements"]
STEPS: tuple[Step, ...] = ("metric_set", "tracking", "value", "rules", "replacements")

#: ``progress(step, message)`` is called when a step starts or reports something.
ProgressCallback = Callable[[str, str], None]


def no_progress(step: str, message: str) -> None:
    """Default progress callback: ignore."""


@runtime_checkable
class Engine(Protocol):
    """Something that drafts metrics for a profile."""

    name: str

    def propose(self, profile: Profile, *, progress: ProgressCallback = no_progress) -> Project:
        """Draft a full project (metric set, both tables' columns) for ``profile``.

        Must not run the rule layer: :func:`metricsmith.api.propose` does that, so
        every engine's output is judged by the same rules.
        """
        ...

    def replace(
        self,
        project: Project,
        metric_ids: list[str],
        findings: list[Finding],
        *,
        progress: ProgressCallback = no_progress,
    ) -> list[Metric]:
        """Return replacements for ``metric_ids`` (same order), given the findings against them."""
        ...


@runtime_checkable
class Closable(Protocol):
    """An engine that holds network clients (the LLM engine): ``close()`` ends its calls in flight."""

    def close(self) -> None:
        """End the calls in flight at once and release the connections; later calls fail."""
        ...


def close_engine(engine: object) -> None:
    """Close ``engine``'s clients when it holds any; an engine without (the offline one) needs nothing."""
    if isinstance(engine, Closable):
        engine.close()
