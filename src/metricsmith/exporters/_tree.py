"""The metric tree: goal → lagging (the result) → leading (the early signals that move it).

The project does not store which leading metric drives which lagging one; within a
goal, every leading metric is an early signal for the goal's lagging results, so the
tree is built per goal. One structure feeds the HTML diagram and the Mermaid graph,
so the two always show the same tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.models.metric import Metric
    from metricsmith.models.project import Project


@dataclass
class GoalBranch:
    """One goal with its lagging and leading metrics, in the project's order."""

    goal: str
    lagging: list["Metric"] = field(default_factory=list)
    leading: list["Metric"] = field(default_factory=list)


def metric_tree(project: "Project") -> list[GoalBranch]:
    """Branches in the goals' profile order; metrics without a goal form a last branch with goal ''."""
    from metricsmith.models.tables import goal_order

    branches = {title: GoalBranch(title) for title in goal_order(project)}
    for metric in project.metrics:
        branch = branches.setdefault(metric.goal, GoalBranch(metric.goal))
        (branch.lagging if metric.kind == "lagging" else branch.leading).append(metric)
    return [b for b in branches.values() if b.lagging or b.leading]


#: Most lagging × leading links drawn for one goal.
MAX_LINKS = 12


def _mermaid_text(text: str) -> str:
    """Label text safe inside a quoted Mermaid label and a Markdown code fence."""
    text = " ".join(text.split())
    for char, entity in (('"', "#quot;"), ("`", "#96;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, entity)
    return text or "—"


def mermaid_lines(project: "Project", no_goal: str = "—") -> list[str]:
    """A Mermaid ``graph LR`` of the tree (without the fence): goal → lagging, lagging -.-> leading."""
    lines = ["graph LR"]
    for g, branch in enumerate(metric_tree(project), 1):
        goal_node = f"g{g}"
        lines.append(f'  {goal_node}(["{_mermaid_text(branch.goal or no_goal)}"])')
        ids = {}
        for m in (*branch.lagging, *branch.leading):
            ids[m.id] = f"m{g}_{len(ids) + 1}"
            shape = ('["', '"]') if m.kind == "lagging" else ('("', '")')
            lines.append(f"  {ids[m.id]}{shape[0]}{_mermaid_text(m.name)}{shape[1]}")
        for m in branch.lagging:
            lines.append(f"  {goal_node} --> {ids[m.id]}")
        # Every leading metric signals every lagging result of its goal; past a dozen links the
        # graph turns to a hairball, so they then hang from the goal itself (linear in size).
        parents = [ids[x.id] for x in branch.lagging]
        if not parents or len(parents) * len(branch.leading) > MAX_LINKS:
            parents = [goal_node]
        for m in branch.leading:
            for parent in parents:
                lines.append(f"  {parent} -.-> {ids[m.id]}")
    return lines
