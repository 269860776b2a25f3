"""Load ``lexicon.yaml`` once and compile it into stem lookups.

Why: the rule layer must audit tens of thousands of names per second, so every word of the
lexicon is stemmed exactly once per process and turned into sets/dicts of stems (single words)
and tuples of stems (phrases). Rules then only do dictionary lookups, never regex compiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from metricsmith.text import stems

#: Noun classes, in the order in which a word listed twice keeps its first class.
#: An "instrument" (survey, flyer, coupon) is neutral unless it is counted as handed out.
NOUN_CLASSES = ("effort", "reach", "instrument", "result", "outcome", "neutral")

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """What a word or phrase means: its class and, for effort/reach, its group."""

    cls: str
    group: str = ""


@dataclass
class PhraseSet:
    """Single stems and multi-stem phrases of one word list."""

    words: set[str] = field(default_factory=set)
    phrases: set[Phrase] = field(default_factory=set)
    starts: set[str] = field(default_factory=set)  # first stems of phrases
    max_len: int = 1
    any: set[str] = field(default_factory=set)  # words | starts: one C-level test rejects most names

    def add(self, text: str) -> None:
        st = tuple(stems(str(text)))
        if not st:
            return
        self.any.add(st[0])
        if len(st) == 1:
            self.words.add(st[0])
        else:
            self.phrases.add(st)
            self.starts.add(st[0])
            self.max_len = max(self.max_len, len(st))

    def find(self, seq: list[str] | tuple[str, ...]) -> int:
        """Index of the first match in ``seq`` (a word or a phrase), or -1."""
        if self.any.isdisjoint(seq):  # the common case, decided in C
            return -1
        words, starts = self.words, self.starts
        for i, s in enumerate(seq):
            if s in words:
                return i
            if s in starts:
                n = len(seq)
                for length in range(2, min(self.max_len, n - i) + 1):
                    if tuple(seq[i : i + length]) in self.phrases:
                        return i
        return -1

    def __contains__(self, seq: object) -> bool:  # pragma: no cover - convenience
        return isinstance(seq, (list, tuple)) and self.find(seq) >= 0


def is_per_person(lex: Lexicon, seq: list[str] | tuple[str, ...]) -> bool:
    """True when the stems hold "per employee", «на одного сотрудника» and the like."""
    links = lex.per_person_links
    if links.isdisjoint(seq) or lex.per_persons.isdisjoint(seq):
        return False
    n = len(seq)
    for i, s in enumerate(seq):
        if s in links:
            j = i + 1
            while j < n and seq[j] in lex.per_person_skip:
                j += 1
            if j < n and seq[j] in lex.per_persons:
                return True
    return False


@dataclass
class Lexicon:
    """The compiled lexicon (see lexicon.yaml for what each list means)."""

    nouns: dict[Phrase, Entry]
    noun_max_len: int
    single_nouns: dict[str, Entry]
    noun_starts: set[str]
    noun_any: frozenset[str]  # single nouns and first stems of phrases
    groups_suggest: dict[str, tuple[str, ...]]
    count_prefixes: list[Phrase]
    count_prefix_starts: set[str]
    cut_words: set[str]
    ratio: PhraseSet
    effort_verbs: PhraseSet
    spend_verbs: PhraseSet
    value_ties: PhraseSet
    growth_markers: PhraseSet
    cumulative_strong: PhraseSet
    cumulative_weak: PhraseSet
    departments: PhraseSet
    person_roles: set[str]
    opinion: PhraseSet
    vague_starts: set[str]
    measurable: PhraseSet
    share_markers: PhraseSet
    over_100_ok: PhraseSet
    direction_down: PhraseSet
    nps_bands: dict[str, tuple[set[str], tuple[int, int]]]
    metric_names: dict[str, PhraseSet]
    duplicate_stopwords: set[str]
    distribution_verbs: PhraseSet
    output_verbs: PhraseSet
    defect_heads: set[str]
    defect_verbs: set[str]
    per_person_links: set[str]
    per_person_skip: set[str]
    per_persons: set[str]
    stage_links: set[str]
    task_starts: dict[str, int]  # lower-cased first word (or two words) of a task -> number of words
    task_first_words: set[str]
    task_last: dict[str, int]  # deliverable nouns that end an English name -> number of words
    task_last_words: set[str]
    task_last_stems: set[str]
    task_first_stems: set[str]
    catalog_guard_ignore: set[str]
    trailing_measures: set[str]
    customer_verbs: PhraseSet
    actors: set[str]
    achievements: set[str]
    relative_words: set[str]
    instrument_stems: set[str]  # every stem of an instrument noun, to skip the search quickly
    goal_calendar: set[str]
    goal_number_words: PhraseSet
    goal_deadline: set[str]
    goal_period: set[str]


def _both(node: dict | list | None) -> list[str]:
    if node is None:
        return []
    if isinstance(node, list):
        return [_s(x) for x in node]
    return [_s(x) for lang in ("en", "ru") for x in node.get(lang, []) or []]


def _phrase_set(node: dict | list | None) -> PhraseSet:
    ps = PhraseSet()
    for text in _both(node):
        ps.add(text)
    return ps


def _word_set(node: dict | list | None) -> set[str]:
    out: set[str] = set()
    for text in _both(node):
        out.update(stems(text))
    return out


def read_lexicon_text() -> str:
    return resources.files("metricsmith.rules").joinpath("lexicon.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Parse and compile the shipped lexicon (cached per process)."""
    from metricsmith.io.fast_yaml import load_yaml

    data = load_yaml(read_lexicon_text())
    nouns: dict[Phrase, Entry] = {}
    groups_suggest: dict[str, tuple[str, ...]] = {}

    def add_noun(text: str, entry: Entry) -> None:
        key = tuple(stems(text))
        if key and key not in nouns:
            nouns[key] = entry

    for cls, section in (("effort", "effort"), ("reach", "reach"), ("instrument", "instruments")):
        for group, spec in data[section].items():
            groups_suggest[group] = tuple(spec.get("suggest", ()))
            for text in _both(spec):
                add_noun(text, Entry(cls, group))
    for cls in ("result", "outcome"):
        for text in _both(data[cls]):
            add_noun(text, Entry(cls))
    # Grouped neutral heads first, so that their group (whose output it is) wins over the plain list.
    for group, spec in data["neutral_groups"].items():
        groups_suggest[group] = tuple(data["neutral_group_suggest"].get(group, ()))
        for text in _both(spec):
            add_noun(text, Entry("neutral", group))
    for text in _both(data["neutral"]):
        add_noun(text, Entry("neutral"))
    groups_suggest["deliverable"] = tuple(data["task_suggest"])

    bands: dict[str, tuple[set[str], tuple[int, int]]] = {}
    for band, spec in data["nps_bands"].items():
        lo, hi = spec["expected"]
        bands[band] = (_word_set(spec), (int(lo), int(hi)))
    task_verbs, task_nouns = _task_starts(data["task_verbs"]), _task_starts(data["task_nouns"])

    return Lexicon(
        nouns=nouns,
        noun_max_len=max(len(k) for k in nouns),
        single_nouns={k[0]: v for k, v in nouns.items() if len(k) == 1},
        noun_starts={k[0] for k in nouns if len(k) > 1},
        noun_any=frozenset(k[0] for k in nouns),
        groups_suggest=groups_suggest,
        count_prefixes=sorted(
            (tuple(stems(p)) for p in _both(data["count_prefixes"]) if stems(p)), key=len, reverse=True
        ),
        count_prefix_starts={p[0] for p in (tuple(stems(x)) for x in _both(data["count_prefixes"])) if p},
        cut_words=_word_set(data["cut_words"]),
        ratio=_merge(_phrase_set(data["ratio_markers"]["words"]), _phrase_set(data["ratio_markers"]["phrases"])),
        effort_verbs=_phrase_set(data["effort_verbs"]),
        spend_verbs=_phrase_set(data["spend_verbs"]),
        value_ties=_phrase_set(data["value_ties"]),
        growth_markers=_phrase_set(data["growth_markers"]),
        cumulative_strong=_phrase_set(data["cumulative"]["strong"]),
        cumulative_weak=_phrase_set(data["cumulative"]["weak"]),
        departments=_phrase_set(data["departments"]),
        person_roles=_word_set(data["person_roles"]),
        opinion=_phrase_set(data["opinion"]),
        vague_starts=_word_set(data["vague_starts"]),
        measurable=_phrase_set(data["measurable"]),
        share_markers=_phrase_set(data["share_markers"]),
        over_100_ok=_phrase_set(data["over_100_ok"]),
        direction_down=_phrase_set(data["direction_down"]),
        nps_bands=bands,
        metric_names={k: _phrase_set(v) for k, v in data["metric_names"].items()},
        duplicate_stopwords=_word_set(data["duplicate_stopwords"]),
        distribution_verbs=_phrase_set(data["distribution_verbs"]),
        output_verbs=_phrase_set(data["output_verbs"]),
        defect_heads=_word_set(data["defect_work"]["heads"]),
        defect_verbs=_word_set(data["defect_work"]["verbs"]),
        per_person_links=_word_set(data["per_person"]["links"]),
        per_person_skip=_word_set(data["per_person"]["skip"]),
        per_persons=_word_set(data["per_person"]["persons"]),
        stage_links=_word_set(data["stage_links"]),
        task_starts=task_verbs,
        task_first_words={k.split()[0] for k in task_verbs},
        task_last=task_nouns,
        task_last_words={k.split()[-1] for k in task_nouns},
        task_last_stems={stems(k.split()[-1])[0] for k in task_nouns},
        task_first_stems={stems(k.split()[0])[0] for k in task_verbs},
        catalog_guard_ignore=_word_set(data["catalog_guard_ignore"]),
        trailing_measures=_word_set(data["trailing_measures"]),
        customer_verbs=_phrase_set(data["customer_verbs"]),
        actors=_word_set(data["actors"]),
        achievements=_word_set(data["achievements"]),
        relative_words=_word_set(data["relative_words"]),
        instrument_stems={s for k, v in nouns.items() if v.cls == "instrument" for s in k[:1]},
        goal_calendar=_raw_set(data["goal_dates"]["calendar"]),
        goal_number_words=_phrase_set(data["goal_number_words"]),
        goal_deadline=_raw_set(data["goal_dates"]["deadline"]),
        goal_period=_raw_set(data["goal_dates"]["period"]),
    )


def _raw_set(node: dict | list | None) -> set[str]:
    """Lower-cased words as written (not stemmed): for short words whose stems collide."""
    from metricsmith.text import tokens

    return {t for text in _both(node) for t in tokens(text)}


def _task_starts(node: dict | list | None) -> dict[str, int]:
    """``{"launch": 1, "roll out": 2, ...}``: how a task may begin, as lower-cased words.

    Raw words, not stems: the stem of "launches" (a count) equals that of "launch" (a task).
    """
    from metricsmith.text import tokens

    out: dict[str, int] = {}
    for text in _both(node):
        words = tokens(text)
        if words:
            out[" ".join(words)] = len(words)
    return out


def _merge(a: PhraseSet, b: PhraseSet) -> PhraseSet:
    a.words |= b.words
    a.any |= b.any
    a.phrases |= b.phrases
    a.starts |= b.starts
    a.max_len = max(a.max_len, b.max_len)
    return a


def _s(value: object) -> str:
    """A lexicon word as text; refuses YAML 1.1 booleans (an unquoted ``on``/``no`` is a data bug)."""
    if isinstance(value, bool):
        raise ValueError("lexicon.yaml: quote words such as 'on', 'no', 'yes', 'off' (YAML reads them as booleans)")
    return str(value)
