"""Matching free text (goals, known-number names) to catalog metrics, in Russian and English.

Why: people write "repeat purchase rate", «доля повторных покупок», "NPS" or "monthly churn",
never catalog ids. Matching works on stems (:mod:`metricsmith.text`) against each catalog
entry's vocabulary — its names and keywords in both languages:

* rare stems weigh more than common ones (inverse document frequency over the catalog), so
  "rate", «доля» or "customer" alone never decide;
* two adjacent words that also stand together in one of the entry's phrases ("repeat
  booking", «ошибки комплектации») are strong evidence and earn a bonus;
* a whole keyword phrase found in the text earns one more: «доля возвратов» names the
  return rate exactly, while «доля возвратов денег» (refunds) merely contains those words,
  so the entry whose phrase is said in full wins over the one whose longer phrase is not;
* an abbreviation (NPS, NRR, OTIF) that the entry declares matches outright;
* a text that shares only common stems with an entry gets a fraction of the score, so a
  coincidence ("share of clients") never anchors a goal.

The same module answers every other "which catalog metric is this text" question, so the
engine, the rules' suggestions, the LLM engine and ``Catalog.lookup`` agree: a name that
contains a whole keyword phrase (:func:`phrase_entry`), a goal's measure that *is* an entry
(:func:`exact_entries`), and how alike two metric names are (:func:`name_similarity`).

A known number belongs to the single entry it matches best across the *whole* catalog
("CSAT after visit" → ``csat_after_visit``, not ``csat``), ties going to the entry whose
name it covers most, and only when at least half of its weight is explained.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from metricsmith.catalog import Catalog, CatalogEntry
from metricsmith.durations import DURATION_MINUTES, convert_duration
from metricsmith.text import stems

#: Stems that carry no meaning for matching (function words, units, digits are dropped too).
STOP_STEMS: frozenset[str] = frozenset(
    stems(
        "the a an of to from in on for by with per and or at within over after before its "
        "one our we they their it is are was be more less too much many very how what when "
        "в во на за по с со до от из и или для при после к у о об не один одна одного одной одну "
        "наш наши мы они их это что как когда очень много мало более менее уже ещё"
    )
)


#: Weight of a known-number word the catalog does not use at all.
UNKNOWN_WEIGHT = 1.0


def content_stems(text: str) -> list[str]:
    """Stems of ``text`` without stop words, digits and ``%``."""
    return list(_content_stems(text))


@lru_cache(maxsize=4096)
def _content_stems(text: str) -> tuple[str, ...]:
    return tuple(s for s in stems(text) if _is_content(s))


@lru_cache(maxsize=4096)
def _text_features(text: str) -> tuple[frozenset[str], frozenset[tuple[str, str]], frozenset[str]]:
    """Stems, stem pairs and word tokens of a text, computed once per text."""
    seq = _content_stems(text)
    tokens = frozenset(t.lower() for t in re.findall(r"[^\W\d_]+", text))
    return frozenset(seq), adjacent_pairs(text), tokens


@lru_cache(maxsize=4096)
def _phrase_runs(text: str) -> frozenset[tuple[str, ...]]:
    """Every contiguous run (2–5 stems) of the text's content stems, for whole-phrase lookups."""
    seq = _content_stems(text)
    return frozenset(seq[i : i + n] for n in range(2, 6) for i in range(len(seq) - n + 1))


#: Bonus per pair of adjacent words shared with one of an entry's phrases (goal text / known-number name).
PAIR_BONUS_TEXT = 2.0
PAIR_BONUS_KEY = 0.2
#: Bonus when a whole multi-word keyword phrase of an entry occurs in a goal text / known-number name.
PHRASE_BONUS_TEXT = 2.0
PHRASE_BONUS_KEY = 0.2
#: Known-number score of a name that contains the entry's abbreviation.
ABBREVIATION_FLOOR = 0.8
#: Score factor when only common stems match (no rare stem, phrase or abbreviation).
COMMON_ONLY_FACTOR = 0.4


def _is_content(stem: str) -> bool:
    return stem not in STOP_STEMS and not stem.isdigit() and stem != "%"


@lru_cache(maxsize=4096)
def adjacent_pairs(text: str) -> frozenset[tuple[str, str]]:
    """Pairs of content stems that stand next to each other in ``text`` (no word between).

    "repeat booking" is a phrase; "работу по новой" is not the same phrase as "работы в новой
    системе", so words separated by a preposition never form a pair.
    """
    seq = stems(text)
    return frozenset((a, b) for a, b in zip(seq, seq[1:]) if _is_content(a) and _is_content(b))


@dataclass(frozen=True)
class Vocabulary:
    """Per-entry stem sets, phrase pairs and abbreviations, and catalog-wide stem statistics."""

    words: dict[str, frozenset[str]]
    pairs: dict[str, frozenset[tuple[str, str]]]
    phrases: dict[str, frozenset[tuple[str, ...]]]
    abbreviations: dict[str, frozenset[str]]
    idf: dict[str, float]
    df: dict[str, int]
    distinct_df: int
    #: Content stems of each of an entry's names and keyword phrases (for "the answers contain it").
    phrase_sets: dict[str, tuple[frozenset[str], ...]] = field(default_factory=dict)


def entry_text(entry: CatalogEntry) -> str:
    parts = [entry.name.en, entry.name.ru, *entry.keywords.all(), entry.id.replace("_", " ")]
    if entry.short is not None:
        parts += [entry.short.en, entry.short.ru]
    return "\n".join(parts)


_VOCABULARIES: dict[int, tuple[Catalog, Vocabulary]] = {}


def vocabulary(catalog: Catalog) -> Vocabulary:
    """The catalog's matching vocabulary, built once per catalog object."""
    cached = _VOCABULARIES.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    vocab = _stored_vocabulary(catalog)
    _VOCABULARIES[id(catalog)] = (catalog, vocab)
    return vocab


def derived(catalog: Catalog, namespace: str, build: Callable[[], Any]) -> Any:
    """``build()`` for ``catalog``, kept in the data cache when it is the built-in catalog (stemming
    every phrase of 101 entries is most of a cold draft); a consultant's merged catalog is
    derived every time. ``build`` must return plain data (dicts, tuples, sets, strings, numbers)."""
    from metricsmith.catalog import _read_catalog_text, load_catalog

    if catalog is not load_catalog():
        return build()
    from metricsmith.io.data_cache import cached

    return cached(namespace, _read_catalog_text(), build)


def _stored_vocabulary(catalog: Catalog) -> Vocabulary:
    from dataclasses import asdict

    return Vocabulary(**derived(catalog, "vocabulary", lambda: asdict(_build_vocabulary(catalog))))


def _build_vocabulary(catalog: Catalog) -> Vocabulary:
    words = {e.id: frozenset(content_stems(entry_text(e))) for e in catalog}
    abbreviations: dict[str, frozenset[str]] = {}
    for e in catalog:
        found = {e.short.en.lower(), e.short.ru.lower()} if e.short is not None else set()
        found |= {k.lower() for k in e.keywords.all() if re.fullmatch(r"[A-Za-zА-Яа-я]{2,6}", k) and k.isupper()}
        abbreviations[e.id] = frozenset(a for a in found if a)
    df: dict[str, int] = {}
    for ws in words.values():
        for w in ws:
            df[w] = df.get(w, 0) + 1
    n = max(len(words), 1)
    idf = {w: math.log(1 + n / c) for w, c in df.items()}
    phrase_pairs: dict[str, frozenset[tuple[str, str]]] = {}
    whole: dict[str, frozenset[tuple[str, ...]]] = {}
    sets: dict[str, tuple[frozenset[str], ...]] = {}
    for e in catalog:
        found: set[tuple[str, str]] = set()
        runs: set[tuple[str, ...]] = set()
        phrase_sets = []
        for phrase in (e.name.en, e.name.ru, *e.keywords.all()):
            found |= adjacent_pairs(phrase)
            seq = _content_stems(phrase)
            if 2 <= len(seq) <= 5:
                runs.add(seq)
            if seq:
                phrase_sets.append(frozenset(seq))
        phrase_pairs[e.id] = frozenset(found)
        whole[e.id] = frozenset(runs)
        sets[e.id] = tuple(phrase_sets)
    return Vocabulary(
        words=words, pairs=phrase_pairs, phrases=whole, abbreviations=abbreviations, idf=idf, df=df,
        distinct_df=max(3, n // 20), phrase_sets=sets,
    )


def _abbreviation_hit(text: str, entry_id: str, vocab: Vocabulary) -> bool:
    return bool(_text_features(text)[2] & vocab.abbreviations.get(entry_id, frozenset()))


def text_score(
    parts: str | list[tuple[str, float]], entry_id: str, vocab: Vocabulary, *, abbreviation_bonus: float = 4.0
) -> float:
    """How strongly a free text (a goal) points at a catalog entry (0 = not at all).

    ``parts`` is a text or ``(text, weight)`` pairs (a goal's title, problem, expected result).
    Every shared word, phrase or abbreviation counts once, at the highest weight of the parts
    it occurs in, so a word repeated in every part of a goal does not count three times.
    """
    if isinstance(parts, str):
        parts = [(parts, 1.0)]
    words = vocab.words.get(entry_id, frozenset())
    entry_pairs = vocab.pairs.get(entry_id, frozenset())
    abbreviations = vocab.abbreviations.get(entry_id, frozenset())
    entry_phrases = vocab.phrases.get(entry_id, frozenset())
    stem_weight: dict[str, float] = {}
    pair_weight: dict[tuple[str, str], float] = {}
    abbreviation = 0.0
    phrase = 0.0
    for text, weight in parts:
        text_stems, text_pairs, tokens = _text_features(text)
        if weight > phrase and entry_phrases and not entry_phrases.isdisjoint(_phrase_runs(text)):
            phrase = weight
        for stem in text_stems & words:
            stem_weight[stem] = max(weight, stem_weight.get(stem, 0.0))
        for pair in text_pairs & entry_pairs:
            pair_weight[pair] = max(weight, pair_weight.get(pair, 0.0))
        if tokens & abbreviations:
            abbreviation = max(abbreviation, weight)
    score = sum(vocab.idf[s] * w for s, w in stem_weight.items()) + PAIR_BONUS_TEXT * sum(pair_weight.values())
    score += abbreviation_bonus * abbreviation + PHRASE_BONUS_TEXT * phrase
    distinctive = abbreviation or pair_weight or any(vocab.df[s] <= vocab.distinct_df for s in stem_weight)
    return score if distinctive else score * COMMON_ONLY_FACTOR


def key_score(key: str, entry_id: str, vocab: Vocabulary) -> float:
    """How well a known-number name matches a catalog entry: share of the key's weight explained (0–1+)."""
    # An abbreviation the entry declares (NPS, OTIF) is nearly decisive, but "CSAT after visit"
    # still belongs to the entry that explains *all* of it.
    floor = ABBREVIATION_FLOOR if _abbreviation_hit(key, entry_id, vocab) else 0.0
    key_stems, key_pairs, _ = _text_features(key)
    if not key_stems:
        return floor
    # Words the catalog never uses ("invoice", "designer") say nothing about which metric is
    # meant, so they count little; otherwise "time to first paid invoice" would not be a TTV.
    total = sum(vocab.idf.get(s, UNKNOWN_WEIGHT) for s in key_stems)
    hit = sum(vocab.idf[s] for s in key_stems if s in vocab.words.get(entry_id, frozenset()))
    shared_pairs = len(key_pairs & vocab.pairs.get(entry_id, frozenset()))
    whole = not vocab.phrases.get(entry_id, frozenset()).isdisjoint(_phrase_runs(key))
    return max(floor, (hit / total + PAIR_BONUS_KEY * shared_pairs + PHRASE_BONUS_KEY * whole) if total else 0.0)


def name_coverage(key: str, entry: CatalogEntry) -> float:
    """Share of the entry's name stems (either language) that the key mentions: the tie-breaker."""
    key_stems = set(content_stems(key))
    best = 0.0
    for name in (entry.name.en, entry.name.ru):
        name_stems = set(content_stems(name))
        if name_stems:
            best = max(best, len(key_stems & name_stems) / len(name_stems))
    return best


def key_owner(key: str, catalog: Catalog, *, threshold: float = 0.5) -> str | None:
    """The catalog entry id a known-number name belongs to, or ``None`` when nothing fits well.

    Highest :func:`key_score` wins; ties go to the entry whose abbreviation the key uses, then
    to the entry whose *name* the key covers most
    ("monthly churn" → customer churn rate, not the health score's "churn risk"), then to the
    catalog's order.
    """
    vocab = vocabulary(catalog)
    best: tuple[float, bool, float, int] | None = None
    owner: str | None = None
    for i, entry in enumerate(catalog):
        score = key_score(key, entry.id, vocab)
        if score < threshold:
            continue
        # Scores that differ only in the third decimal are a tie: let the name decide.
        rank = (round(score, 2), _abbreviation_hit(key, entry.id, vocab), name_coverage(key, entry), -i)
        if best is None or rank > best:
            best, owner = rank, entry.id
    return owner


def assign_to_selected(
    known: dict[str, float | str], selected: list[CatalogEntry], catalog: Catalog, *, threshold: float = 0.4,
    slack: float = 0.1, units: dict[str, str] | None = None,
) -> dict[str, tuple[str, float]]:
    """Map selected entry id → ``(key, value)``: known numbers given to the metrics actually drafted.

    A key goes to a selected metric when it matches it (``threshold``, a little lower than for
    the catalog-wide owner because the draft already narrowed the candidates) about as well as
    it matches anything in the catalog (within ``slack``): "time to first paid invoice" is as much
    a TTV as a "time to first reorder", so a drafted TTV takes it, while "CSAT after visit"
    never becomes the baseline of plain CSAT when ``csat_after_visit`` fits clearly better.
    A number written with a unit (``units``: "35 minutes", "12 %") only goes to a metric measured
    in that kind of unit, converted when it is another duration (36 hours → 1.5 days).
    """
    vocab = vocabulary(catalog)
    units = units or {}
    out: dict[str, tuple[str, float]] = {}
    for key, value in known.items():
        if not isinstance(value, float):
            continue
        best_global = max((key_score(key, e.id, vocab) for e in catalog), default=0.0)
        ranked = []
        for i, entry in enumerate(selected):
            if entry.id in out or not unit_fits(units.get(key, ""), entry.unit):
                continue
            if entry.unit == "%" and not units.get(key) and not _SHARE_WORDS.search(key) and not (
                _abbreviation_hit(key, entry.id, vocab)
            ):
                continue  # "technicians: 6" is a headcount, not 6 % of anything ("CSAT: 80" is a share)
            score = key_score(key, entry.id, vocab)
            if score >= threshold and score >= best_global - slack:
                ranked.append(
                    (round(score, 2), _abbreviation_hit(key, entry.id, vocab), name_coverage(key, entry), -i, entry.id)
                )
        if ranked:
            entry_id = max(ranked)[-1]
            out[entry_id] = (key, in_unit(value, units.get(key, ""), catalog.get(entry_id).unit))
    return out


#: Words that make a number written without "%" a share or rate all the same ("repeat rate: 22").
_SHARE_WORDS = re.compile(
    r"share|rate|ratio|percent|conversion|retention|churn|on[- ]time|доля|дол[иею]|процент|конверси|удержани|отток|"
    r"коэффициент|уровень|вовремя|в срок",
    re.IGNORECASE,
)


def unit_fits(written: str, metric_unit: str) -> bool:
    """A number written in ``written`` ("" = no unit given) can be a value of a metric in ``metric_unit``."""
    if not written:
        return True
    if written in DURATION_MINUTES:
        return metric_unit in DURATION_MINUTES
    if written == "%":
        return metric_unit == "%"
    if written == "points":
        return metric_unit in ("points", "score")
    return metric_unit == "currency" or metric_unit == written  # a currency code


def in_unit(value: float, written: str, metric_unit: str) -> float:
    """``value`` moved from the duration it was written in to the metric's (others unchanged)."""
    return convert_duration(value, written, metric_unit)


def assign_known_numbers(known: dict[str, float | str], catalog: Catalog) -> dict[str, tuple[str, float]]:
    """Map catalog entry id → ``(key, value)`` for every numeric known number that names a metric.

    When two keys name the same metric, the first one in the profile wins.
    """
    out: dict[str, tuple[str, float]] = {}
    for key, value in known.items():
        if not isinstance(value, float):
            continue
        owner = key_owner(key, catalog)
        if owner is not None and owner not in out:
            out[owner] = (key, value)
    return out




# ---------------------------------------------------------------------------- exact measures

#: Words that say how a measure is expressed, not what it measures: set aside when comparing names.
GENERIC_WORDS = (
    "share rate ratio percentage percent proportion level number count amount value index "
    "доля долю доли процент уровень число количество показатель коэффициент индекс"
)
#: Period words: the period is compared separately (a monthly churn is not the annual one).
PERIOD_WORDS = (
    "monthly month months annual annually yearly year years weekly week weeks quarterly quarter daily day "
    "месяц месяца месяцев месячный ежемесячный год года лет годовой ежегодный неделя недели недель недельный "
    "еженедельный квартал квартала кварталов квартальный день дня дней дни сутки суток"
)


@lru_cache(maxsize=1)
def _ignored_stems() -> frozenset[str]:
    return frozenset(stems(GENERIC_WORDS)) | frozenset(stems(PERIOD_WORDS))


def measure_stems(text: str) -> frozenset[str]:
    """Content stems of a measure's words without generic and period words."""
    return frozenset(content_stems(text)) - _ignored_stems()


_PHRASES: dict[int, tuple[Catalog, tuple[tuple[CatalogEntry, frozenset[str], frozenset[str]], ...]]] = {}


def _entry_phrases(catalog: Catalog) -> tuple[tuple[CatalogEntry, frozenset[str], frozenset[str]], ...]:
    """Every entry's names and keyword phrases as measure stems (built once per catalog object)."""
    cached = _PHRASES.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]

    def build() -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
        rows = []
        for entry in catalog:
            abbreviations = frozenset(
                a.lower() for a in ((entry.short.en, entry.short.ru) if entry.short else ()) if a
            )
            for phrase in dict.fromkeys((entry.name.en, entry.name.ru, *entry.keywords.all())):
                found = measure_stems(re.sub(r"\([^)]*\)", " ", phrase))
                if found:
                    rows.append((entry.id, found, abbreviations))
            rows += [(entry.id, frozenset(), frozenset({a})) for a in sorted(abbreviations)]
        return tuple(rows)

    out = tuple((catalog.get(entry_id), found, abbr) for entry_id, found, abbr in derived(catalog, "phrases", build))
    _PHRASES[id(catalog)] = (catalog, out)
    return out


def exact_entries(phrase: str, catalog: Catalog) -> list[CatalogEntry]:
    """Catalog entries that are exactly the measure ``phrase`` names, in catalog order.

    Exact means, once generic and period words are set aside: one of the entry's names or
    keyword phrases is said in full ("Доля завершивших курс" contains «доля завершивших») and
    the measure adds no word the entry never uses ("course" is in its name; "within 48 hours"
    or "new listeners" would make it another measure); or the phrase names the entry by its
    abbreviation ("First-visit resolution (FCR)", «доля заказов OTIF»).
    """
    wanted = measure_stems(phrase)
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", phrase)}
    vocabulary: dict[str, set[str]] = {}
    said: set[str] = set()
    found: dict[str, CatalogEntry] = {}
    for entry, phrase_stems, abbreviations in _entry_phrases(catalog):
        vocabulary.setdefault(entry.id, set()).update(phrase_stems)
        if phrase_stems and phrase_stems <= wanted:
            said.add(entry.id)
        elif not phrase_stems and abbreviations & words:
            found.setdefault(entry.id, entry)
    for entry in catalog:
        if entry.id in said and wanted <= vocabulary.get(entry.id, set()):
            found.setdefault(entry.id, entry)
    order = {e.id: i for i, e in enumerate(catalog)}
    return sorted(found.values(), key=lambda e: order[e.id])


# ---------------------------------------------------------------------------- phrases and names

_PHRASE_INDEX: dict[int, tuple[Catalog, tuple[tuple[frozenset[str], int, CatalogEntry], ...]]] = {}


def _phrase_index(catalog: Catalog) -> tuple[tuple[frozenset[str], int, CatalogEntry], ...]:
    cached = _PHRASE_INDEX.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    index = tuple(
        (frozenset(stems(phrase)), i, entry)
        for i, entry in enumerate(catalog)
        for phrase in entry.keywords.all()
        if stems(phrase)
    )
    _PHRASE_INDEX[id(catalog)] = (catalog, index)
    return index


def phrase_entry(catalog: Catalog, text: str, kind: str | None = None) -> CatalogEntry | None:
    """The entry one of whose keyword phrases ``text`` contains in full (any word order and form);
    the longest such phrase wins, then catalog order ("net revenue retention" beats "retention")."""
    have = set(stems(text))
    best: tuple[int, int, CatalogEntry] | None = None
    for phrase_stems, i, entry in _phrase_index(catalog):
        if kind is not None and entry.kind != kind:
            continue
        if phrase_stems <= have and (best is None or (len(phrase_stems), -i) > best[:2]):
            best = (len(phrase_stems), -i, entry)
    return best[2] if best else None


def name_similarity(a: str, b: str) -> float:
    """How alike two metric names are: shared stems ÷ all stems (0 = nothing in common)."""
    sa, sb = set(stems(a)), set(stems(b))
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


_DISTINCTIVE: dict[int, tuple[Catalog, dict[str, frozenset[str]], dict[str, int]]] = {}


def _distinctive_index(catalog: Catalog) -> tuple[dict[str, frozenset[str]], dict[str, int]]:
    """Stem → ids of the entries whose keywords hold it (stems of at most two entries), and each
    id's position for tie-breaks: a stem many entries share ("new", «доля») names none of them."""
    cached = _DISTINCTIVE.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1], cached[2]
    owners: dict[str, set[str]] = {}
    for phrase_stems, _, entry in _phrase_index(catalog):
        for stem in phrase_stems:
            owners.setdefault(stem, set()).add(entry.id)
    index = {stem: frozenset(ids) for stem, ids in owners.items() if len(ids) <= 2}
    order = {entry.id: -i for i, entry in enumerate(catalog)}
    _DISTINCTIVE[id(catalog)] = (catalog, index, order)
    return index, order


def distinctive_entry(catalog: Catalog, text: str) -> CatalogEntry | None:
    """The entry sharing most distinctive keyword stems with ``text`` ("a referral programme" →
    referral share), or ``None``. One shared word is chance unless it is all the text says ("a CRM")."""
    index, order = _distinctive_index(catalog)
    content = {s for s in stems(text) if len(s) > 2}
    votes: dict[str, int] = {}
    for stem in content:
        for entry_id in index.get(stem, ()):
            votes[entry_id] = votes.get(entry_id, 0) + 1
    need = 1 if len(content) == 1 else 2
    votes = {entry_id: n for entry_id, n in votes.items() if n >= need}
    if not votes:
        return None
    return catalog.get(max(votes, key=lambda entry_id: (votes[entry_id], order.get(entry_id, 0))))
