"""One object with every weight and threshold the offline engine scores with.

Why one object: the numbers interact (a curated head start must stay below the relation
bonus, a cover threshold below the anchor threshold), so they are read and tuned together,
and a test or a consultant can draft with other weights without patching module constants.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """Scores and limits of one draft (defaults are the shipped engine's)."""

    #: The set's size: 5–7 key metrics.
    min_metrics: int = 5
    max_metrics: int = 7
    #: Goals that can get both a leading and a lagging metric within ``max_metrics``.
    max_covered_goals: int = 3
    #: Minimum goal-match score for a metric to be a goal's anchor (about one distinctive word).
    anchor_threshold: float = 2.5
    #: Minimum goal-match score for a word-matched metric to cover a goal's missing kind.
    cover_threshold: float = 2.0
    #: Weights of a goal's title, problem and expected result (the expected result names the measure).
    goal_part_weights: tuple[float, float, float] = (1.0, 0.5, 1.5)
    #: Extra goal-match weight when a goal names a metric by its abbreviation.
    abbreviation_bonus: float = 4.0
    #: Head start of the industry's curated metrics when covering a goal's missing kind.
    curated_bonus: float = 4.0
    #: Head start of a metric that drives (or is driven by) one already chosen for the goal;
    #: larger than ``curated_bonus`` so a related metric beats the industry's usual one.
    relation_bonus: float = 6.0
    #: Bonus for metrics whose unit class matches the unit a goal mentions.
    unit_hint_bonus: float = 3.0
    #: Bonus for a question's seed metrics when a goal restates that answer.
    answer_echo_bonus: float = 6.0
    #: Content stems a goal must share with an answer to count as restating it.
    answer_echo_min: int = 2
    #: A metric the business already measures is cheaper to start with.
    known_bonus: float = 0.75
    #: Fit of an entry that lists the industry but was made for another one (listed first).
    secondary_industry_fit: float = 0.9
    #: Fit of an entry for any business when the industry is known.
    any_industry_fit: float = 0.9
    #: Fit of another industry's entry (only reachable when the business's words support it).
    other_industry_fit: float = 0.5
    #: Factor for an entry that does not fit the monetisation model.
    model_mismatch_fit: float = 0.7
    #: A single-word catalog phrase grounds an entry only when at most this many entries use the word.
    grounding_max_df: int = 2
    #: A stem in at least this many plan steps of the catalog is too common to pick a step by.
    generic_plan_stem_items: int = 15


WEIGHTS = Weights()
