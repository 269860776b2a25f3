"""The offline engine: a deterministic draft of 5–7 value metrics from the built-in catalog.

Why it works the way it does (the seeds' method, made mechanical):

1. **Industry and monetisation** come first because they decide which metrics are even
   candidates (:mod:`metricsmith.engines.detect`; free text in Russian or English is fine).
   An unknown industry that nothing else in the answers explains is an error, because a
   wrong pack would silently give wrong metrics; "other" or no answer selects the general pack.
2. **Goals anchor the set.** Each goal's text is matched against every catalog entry's
   vocabulary (:mod:`metricsmith.catalog.matcher`: stems, rare words weigh more, shared
   phrases and abbreviations count extra); the expected result weighs most because it
   usually names the measure. The best match is the metric the goal is really about
   ("FCR from 78 % to 88 %" → FCR). A goal that restates the first-value or repeat answer
   is about that question, and its seed metric gets a bonus. Without goals a default goal is
   built from the first-value answer, in the profile's language — and, being our own words,
   it does not steer the choice.
3. **The seeds' three questions follow**: how fast the customer first gets value
   (TTV / activation-to-outcome / time to first reorder), whether value repeats (repeat
   purchase / retention / GRR / repeat requests; churn for recurring models), and how it is
   monetised (LTV / AOV / ARPA / NRR by model). A question a goal's anchor already answers
   is skipped; otherwise the metric is bound to the goal it serves best.
4. **Steering wheel and speedometer**: every goal gets a leading and a lagging metric, and
   they must be causally linked: the catalog's ``drivers`` say which leading metrics move a
   lagging one (fit guidance → return rate, FCR → repeat requests), and a missing kind is
   filled first from metrics related to the goal's anchor. Only for a goal with nothing
   related does the industry's curated list decide, unless another entry matches the goal's
   words clearly better, so a coincidence («доля», "share") never decides. A seed metric no
   goal talks about is not pinned to a goal as its speedometer; it may only fill the set.
   Metrics for the other sales channel (shelf availability for an online-only shop) are
   never candidates.
5. **Quality / health** metrics of the industry (NPS, CSAT after visit, OTIF, health
   score…) fill the set up to five. The set never exceeds seven: seeds are added only while
   slots remain for every goal's missing kind, near-synonyms (TTV and time to first reorder)
   never appear together, and at most three goals are covered (two kinds each).
6. Owners, baselines, targets, comments and plans are filled per metric
   (:mod:`~metricsmith.engines.owners`, :mod:`~metricsmith.engines.targets`); known numbers
   are matched to the metrics actually drafted.

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
