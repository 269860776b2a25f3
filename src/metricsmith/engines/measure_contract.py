"""The contract every engine's draft obeys: each goal's stated measure is its lagging metric.

Why a separate check: an LLM may answer with sensible metrics that still miss the one the goal
names ("renewal rate from 58 % to 72 %" drafted as NPS), or keep the measure but lose the
user's numbers. The offline engine builds the measure by construction; for any other draft
this module finds each goal's measure among the metrics (its words, bound to the goal,
lagging), names the gap for one retry, restores the user's baseline and target when they were
changed, and otherwise inserts the offline engine's version of the measure, with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from metricsmith.catalog.matcher import measure_stems
from metricsmith.engines.goal_measure import GoalMeasure, goal_measure
from metricsmith.engines.goal_metrics import quantity_text
from metricsmith.engines.targets import format_number
from metricsmith.models.metric import Metric
from metricsmith.models.profile import Profile
from metricsmith.models.project import Notice

#: Share of the measure's words a metric's name must carry to be that measure.
MIN_WORD_SHARE = 0.5
#: The set never grows beyond this: an inserted measure takes the place of the goal's last lagging metric.
MAX_METRICS = 7

TEXTS = {
    "gap": {
        "en": "each goal that states its own measure needs it as its lagging metric, with the goal's numbers; "
        "missing: {items}",
        "ru": "у цели, которая сама называет свою меру, эта мера должна быть запаздывающей метрикой с числами "
        "из цели; не хватает: {items}",
    },
    "item": {"en": "goal “{goal}” → “{phrase}”{numbers}", "ru": "цель «{goal}» → «{phrase}»{numbers}"},
    "inserted": {
        "en": "The model's draft missed the measure the goal “{goal}” names; “{name}” was added from the offline "
        "engine.",
        "ru": "В черновике модели не было меры, которую называет цель «{goal}»; метрика «{name}» добавлена "
        "офлайн-движком.",
    },
    "numbers": {
        "en": "“{name}” now carries the goal's own numbers: {baseline} → {target}.",
        "ru": "Метрика «{name}» получила числа из цели: {baseline} → {target}.",
    },
}


@dataclass(frozen=True)
class Named:
    """What the contract needs of a drafted metric, whatever its shape (model output or :class:`Metric`)."""

    name: str
    goal: str
    kind: str


def stated_measures(profile: Profile) -> dict[str, GoalMeasure]:
    """Goal title → the measure its words state (only goals that state one with a name)."""
    out = {}
    for goal in profile.goals:
        measure = goal_measure(goal.title, goal.problem, goal.expected_result, currency=profile.monetisation.currency)
        if measure is not None and measure.phrase and goal.title:
            out[goal.title] = measure
    return out


def names_measure(name: str, measure: GoalMeasure) -> bool:
    """The name says most of what the measure's words say."""
    wanted = measure_stems(measure.phrase)
    return bool(wanted) and len(wanted & measure_stems(name)) / len(wanted) >= MIN_WORD_SHARE


def measure_of_goal(metric: Named | Metric, measures: dict[str, GoalMeasure]) -> bool:
    """The metric is its goal's stated measure: lagging, bound to that goal, naming the measure."""
    measure = measures.get(metric.goal)
    return measure is not None and metric.kind == "lagging" and names_measure(metric.name, measure)


def missing_goals(metrics: list[Named] | list[Metric], profile: Profile) -> list[str]:
    """Titles of goals whose stated measure no lagging metric bound to them names."""
    measures = stated_measures(profile)
    return [
        title for title in measures if not any(m.goal == title and measure_of_goal(m, measures) for m in metrics)
    ]


def gap_text(titles: list[str], profile: Profile) -> str:
    """One sentence naming each missing measure with its numbers (fed back to the model once)."""
    lang = profile.language
    measures = stated_measures(profile)
    items = []
    for title in titles:
        m = measures[title]
        numbers = ""
        if m.baseline is not None and m.target is not None:
            numbers = f" ({quantity_text(m.baseline, m.unit, lang)} → {quantity_text(m.target, m.unit, lang)})"
        items.append(TEXTS["item"][lang].format(goal=title, phrase=m.phrase, numbers=numbers))
    return TEXTS["gap"][lang].format(items="; ".join(items))


def enforce(metrics: list[Metric], profile: Profile, offline: dict[str, Metric]) -> tuple[list[Metric], list[Notice]]:
    """``metrics`` with every goal's stated measure present and carrying the user's numbers.

    ``offline`` maps goal titles to the offline engine's metric for that goal's measure; it is
    inserted where the draft has none (in place of the goal's last lagging metric when the set is full).
    """
    lang = profile.language
    notices: list[Notice] = []
    out = list(metrics)
    measures = stated_measures(profile)
    for title, measure in measures.items():
        found = next((m for m in out if m.goal == title and measure_of_goal(m, measures)), None)
        if found is None:
            replacement = offline.get(title)
            if replacement is None:
                continue
            if replacement.id in {m.id for m in out}:
                replacement = replacement.model_copy(update={"id": f"{replacement.id}-goal"})
            if len(out) >= MAX_METRICS:
                mine = [i for i, m in enumerate(out) if m.goal == title and m.kind == "lagging"]
                out.pop(mine[-1] if mine else len(out) - 1)
            out.append(replacement)
            notices.append(Notice(level="warning", step="metric_set", message=TEXTS["inserted"][lang].format(
                goal=title, name=replacement.name)))
        elif measure.baseline is not None and measure.target is not None and (
            found.baseline != measure.baseline or found.target != measure.target
        ):
            found.baseline, found.target = measure.baseline, measure.target
            notices.append(Notice(step="metric_set", message=TEXTS["numbers"][lang].format(
                name=found.name, baseline=format_number(measure.baseline, lang),
                target=format_number(measure.target, lang))))
    return out, notices
