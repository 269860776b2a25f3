"""The offline engine: a deterministic draft of 5–7 value metrics from the built-in catalog.

Why it works the way it does (the seeds' method, made mechanical), stage by stage:

1. **Context** (:mod:`.context`). Industry and monetisation decide which metrics are even
   candidates (:mod:`metricsmith.engines.detect`, packs in ``catalog/packs.yaml``). An
   industry outside the packs is never refused: the general pack is used with a notice, and
   an entry of another trade becomes a candidate only when the business's own words contain
   one of its phrases (no CRM-adoption or shipping metrics for a bakery). Each goal's own
   measure is read from its words (:mod:`metricsmith.engines.goal_measure`); known numbers
   that count effort or reach (the rule layer's reading) never become key metrics.
2. **Scoring** (:mod:`.scoring`, one :class:`~.weights.Weights` object). Each goal's text is
   matched against every relevant catalog entry (:mod:`metricsmith.catalog.matcher`: stems,
   rare words weigh more, whole phrases and abbreviations count extra; the expected result
   weighs most), with industry/model/channel fit, unit hints and answers a goal restates.
3. **Selection** (:mod:`.selection`). First the measure each goal names, with its numbers,
   unit and period: the catalog's entry when it is exactly that measure, otherwise a metric
   defined from the user's words (:mod:`metricsmith.engines.goal_metrics`), and its early
   signal (a catalog driver, or one built from the interview). Then anchors for goals that
   name no measure, the seeds' three questions (first value, repeat, monetisation), a leading
   and a lagging metric for every goal (causally linked through the catalog's ``drivers``),
   and quality metrics up to five; never more than seven, never two near-synonyms. Every
   pick records a one-line reason.
4. **Filling** (:mod:`.filling`). Owners (people, by role), baselines (the goal's numbers,
   known numbers in their units, the average check), targets with a rationale, the goal's
   deadline, comments with a fitting first initiative, data sources and TTV events.

Every choice is a pure function of the profile, the catalog and ``today`` (ties are broken by
list or catalog order), so the same profile always gives the same draft — which is what lets
a consultant diff two runs. The engine never touches the network.
"""

from metricsmith.engines.offline.engine import OfflineEngine
from metricsmith.engines.offline.filling import _first_step, missing_answer_notices
from metricsmith.engines.offline.scoring import unit_hint
from metricsmith.engines.offline.weights import WEIGHTS, Weights

#: Goals that can get both a leading and a lagging metric within the set's maximum.
MAX_COVERED_GOALS = WEIGHTS.max_covered_goals

__all__ = ["OfflineEngine", "Weights", "WEIGHTS", "missing_answer_notices", "unit_hint", "MAX_COVERED_GOALS", "_first_step"]
