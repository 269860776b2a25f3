"""Undo and redo for workbench edits, as a stack of snapshots of the project's metrics and goals.

Edits never change a metric in place: they build a changed copy and put it in
a new list (see :func:`metricsmith.tui.editing.change_metric`). A snapshot is
therefore just the tuple of metric objects plus the goals, which costs one
list copy per edit however large the project is. Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from metricsmith.models.metric import Metric
from metricsmith.models.profile import Goal
from metricsmith.models.project import Project

#: How many edits can be undone; older ones are forgotten.
DEPTH = 100


@dataclass(frozen=True)
class Snapshot:
    metrics: tuple[Metric, ...]
    goals: tuple[Goal, ...]


def snapshot(project: Project) -> Snapshot:
    # goals are copied: the interview and the goal picker may change them in place
    return Snapshot(tuple(project.metrics), tuple(g.model_copy() for g in project.profile.goals))


def restore(project: Project, state: Snapshot) -> None:
    project.metrics = list(state.metrics)
    project.profile.goals = [g.model_copy() for g in state.goals]


class UndoStack:
    """Snapshots before each edit (undo) and the states undone (redo)."""

    def __init__(self, depth: int = DEPTH) -> None:
        self.depth = depth
        self.done: list[Snapshot] = []
        self.undone: list[Snapshot] = []

    def record(self, project: Project) -> None:
        """Call before an edit: the state it can be undone to. A new edit forgets the redo states."""
        self.done.append(snapshot(project))
        del self.done[: -self.depth]
        self.undone.clear()

    def undo(self, project: Project) -> bool:
        if not self.done:
            return False
        self.undone.append(snapshot(project))
        restore(project, self.done.pop())
        return True

    def redo(self, project: Project) -> bool:
        if not self.undone:
            return False
        self.done.append(snapshot(project))
        restore(project, self.undone.pop())
        return True
