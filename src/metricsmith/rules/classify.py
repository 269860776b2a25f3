"""Read a metric *name* and tell effort, reach and results apart.

Why a small parser and not a bag of keywords: "calls per rep per day" is effort while
"orders processed per employee per day" is a productivity ratio, «проведено встреч с
клиентами» is effort although it mentions customers, and "demo-to-paid conversion" is value
although it starts with "demo". The decisive word is the head noun of the name's core, read
with stems so that word forms do not matter. The lexicon (lexicon.yaml) says which nouns are
effort, reach, instruments, results or outcomes; this module only applies the reading order
documented there. Before the head noun, a few patterns decide on their own: a task ("Launch the
referral programme"), an instrument counted as handed out ("NPS surveys sent" is effort although
it names NPS), and what the customer did with the output ("proposals accepted" is a result).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from metricsmith.rules.catalog_guard import is_catalog_name
from metricsmith.rules.lexicon import Entry, Lexicon, is_per_person, load_lexicon
from metricsmith.text import _stem_cached, detect_language, normalise

# One pass over a name yields tokens and clause boundaries (punctuation that starts a
# qualifier: "Hours, spent on …", "(NRR)", " – for …").
_SCAN_RE = re.compile(r"([,;:()\[\]{}/|\\]|\s[-–—]\s|\s[–—]|[–—]\s)|([^\W_]+|%|#)")
_SEP_RE = re.compile(r"[,;:()\[\]{}/|\\]|\s[-–—]\s|\s[–—]|[–—]\s")
_TOKEN_RE = re.compile(r"[^\W_]+|%|#")
_LATIN_RE = re.compile(r"[a-z]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")


#: Words that may stand between a task verb and its object ("rollout of the new CRM").
_TASK_OBJECT_LEAD = frozenset({"of", "the", "a", "an"})


class NameVerdict(NamedTuple):
    """What a name measures: ``kind`` is "activity", "vanity" or None (looks like value or unknown)."""

    kind: str | None
    group: str = ""
    word: str = ""
    reason: str = ""


VALUE = NameVerdict(None, reason="value")
UNKNOWN = NameVerdict(None, reason="unknown")
CATALOG = NameVerdict(None, reason="catalog")  # the name is a catalog metric's name or alias


_TOKEN_STEMS: dict[str, str] = {}


def _stem_token(t: str) -> str:
    s = _stem_cached(t, "ru" if _CYRILLIC_RE.search(t) else "en")
    if len(_TOKEN_STEMS) < 500_000:
        _TOKEN_STEMS[t] = s
    return s


def _stems_of(segment: str) -> tuple[list[str], list[str]]:
    """(raw tokens, stems) of already-normalised text; a plain dict caches each token's stem."""
    toks = _TOKEN_RE.findall(segment)
    get = _TOKEN_STEMS.get
    return toks, [get(t) or _stem_token(t) for t in toks]


def _match_nouns(lex: Lexicon, st: list[str], raw: list[str]) -> list[tuple[int, Entry, str]]:
    """Greedy longest-first matching of lexicon nouns over the stems of the core."""
    found: list[tuple[int, Entry, str]] = []
    i, n = 0, len(st)
    nouns, max_len, single, starts = lex.nouns, lex.noun_max_len, lex.single_nouns, lex.noun_starts
    if lex.noun_any.isdisjoint(st):
        return found
    while i < n:
        hit = None
        if st[i] in starts:
            for length in range(min(max_len, n - i), 1, -1):
                entry = nouns.get(tuple(st[i : i + length]))
                if entry is not None:
                    hit = (length, entry)
                    break
        if hit is None:
            entry = single.get(st[i])
            # An English participle ("attended", "registered", "tested") shares its stem with a reach
            # or neutral noun ("attendance", "registration", "tests") but is not the thing counted.
            if entry is not None and not (entry.cls in ("reach", "neutral") and raw[i].endswith("ed")):
                hit = (1, entry)
        if hit:
            length, entry = hit
            found.append((i, entry, " ".join(raw[i : i + length])))
            i += length
        else:
            i += 1
    return found


def _strip_prefix(lex: Lexicon, st: list[str]) -> int:
    if not st or st[0] not in lex.count_prefix_starts:
        return 0
    for prefix in lex.count_prefixes:
        if tuple(st[: len(prefix)]) == prefix:
            return len(prefix)
    return 0


class Analysis(NamedTuple):
    """Everything the rules need from a name, computed once per distinct name."""

    stems: tuple[str, ...]
    lang: str
    verdict: NameVerdict
    signature: frozenset[str]  # stems without count words/stopwords, for duplicate detection


def _mark_social_shares(per_segment: list[tuple[list[str], list[str]]]) -> None:
    """Plural "shares" not followed by "of" are social shares (reach), not "share of" (a ratio).

    Stemming folds both to "share", so the raw token decides; its stem becomes the stem of
    the synthetic word ``socialshare``, which the lexicon lists as reach.
    """
    social = _stem_token("socialshare")
    for raw, st in per_segment:
        for k, tok in enumerate(raw):
            if tok == "shares" and (k + 1 >= len(raw) or raw[k + 1] != "of"):
                st[k] = social


def classify_name(name: str) -> NameVerdict:
    """Classify a metric name as activity, vanity or (None) value/unknown. Pure and cached."""
    return analyse(name).verdict


@lru_cache(maxsize=262_144)
def analyse(name: str) -> Analysis:
    """Stems, language and verdict of a name (cached: every rule reads the same analysis)."""
    text = normalise(name or "")
    get = _TOKEN_STEMS.get
    if _SEP_RE.search(text) is None:  # the common case: one clause
        toks = _TOKEN_RE.findall(text)
        st = [get(t) or (t if t.isdigit() else _stem_token(t)) for t in toks]
        per_segment = [(toks, st)] if toks else []
        stems = tuple(st)
    else:
        segments: list[tuple[list[str], list[str]]] = [([], [])]
        for sep, tok in _SCAN_RE.findall(text):
            if sep:
                if segments[-1][0]:
                    segments.append(([], []))
                continue
            segments[-1][0].append(tok)
            segments[-1][1].append(get(tok) or (tok if tok.isdigit() else _stem_token(tok)))
        per_segment = [seg for seg in segments if seg[0]]
        stems = tuple(s for _, st in per_segment for s in st)
    if "shares" in text:
        _mark_social_shares(per_segment)
        stems = tuple(s for _, st in per_segment for s in st)
    if text.isascii() or _CYRILLIC_RE.search(text) is None:
        lang = "en"
    elif _LATIN_RE.search(text) is None:
        lang = "ru"
    else:
        lang = detect_language(text)
    lex = load_lexicon()
    signature = frozenset(stems).difference(lex.duplicate_stopwords)
    verdict = _classify(per_segment, stems, lang == "ru", text)
    if verdict.kind is not None and is_catalog_name(stems):
        verdict = CATALOG
    return Analysis(stems, lang, verdict, signature)


def _task(lex: Lexicon, per_segment: list[tuple[list[str], list[str]]], text: str = "") -> NameVerdict | None:
    """A deliverable written as a task ("Launch the referral programme", «Внедрить CRM»), or None.

    The name starts with a task verb and the head of its first clause (up to a cut word such as
    "to" or "for"; the last word in English, the first in Russian) is not a rate, measure or
    outcome: "Open rate" and "Build time" stay metrics, while "Launch the loyalty scheme" and
    «Запустить программу удержания» are tasks although they mention an outcome. A verb joined by
    a hyphen is part of a compound noun ("write-offs", "build-out costs"), not a task.
    """
    raw, st = per_segment[0]
    starts = lex.task_starts
    size = starts.get(raw[0], 0)
    if len(raw) > 1 and starts.get(raw[0] + " " + raw[1]) == 2:
        size = 2  # "roll out", also written "roll-out"
    if not size or size >= len(raw):
        return None
    at = text.find(raw[0])
    if size == 1 and at >= 0 and text[at + len(raw[0]) : at + len(raw[0]) + 1] == "-":
        return None
    clause = st[size:]
    # "rollout OF the CRM", "go live WITH the new system", «интеграция С 1С»: the object follows.
    if clause and clause[0] in lex.cut_words:
        clause = clause[1:]
    while clause and clause[0] in _TASK_OBJECT_LEAD:
        clause = clause[1:]
    for j, s in enumerate(clause):
        if s in lex.cut_words:
            clause = clause[:j]
            break
    if not clause:
        return None
    head = clause[0] if _CYRILLIC_RE.search(raw[0]) else clause[-1]
    if head in lex.ratio.words or head in lex.measurable.words or head.isdigit():
        return None
    entry = lex.single_nouns.get(head)
    if entry is not None and entry.cls == "outcome":
        return None
    return NameVerdict("activity", "deliverable", " ".join(raw[:size]), "task")


def _task_noun(lex: Lexicon, segment: tuple[list[str], list[str]]) -> NameVerdict | None:
    """A deliverable named by its last word: "CRM implementation", "partner portal go-live".

    Only when nothing before it could move (no rate, count word, measure or outcome):
    "Implementation time" ends in a measure and "Number of launches" is a count.
    """
    raw, st = segment
    size = 2 if len(raw) > 1 and lex.task_last.get(raw[-2] + " " + raw[-1]) == 2 else 1
    if lex.task_last.get(" ".join(raw[-size:])) != size or len(raw) <= size:
        return None
    before = st[:-size]
    if not lex.cut_words.isdisjoint(before) or not lex.relative_words.isdisjoint(before):
        return None  # "accounts that connected an integration" is not a deliverable
    if lex.ratio.find(before) >= 0 or lex.measurable.find(before) >= 0 or lex.cumulative_strong.find(before) >= 0:
        return None
    for s in before:
        entry = lex.single_nouns.get(s)
        if entry is not None and entry.cls == "outcome":
            return None
    return NameVerdict("activity", "deliverable", " ".join(raw[-size:]), "task")


def _handed_out(lex: Lexicon, per_segment: list[tuple[list[str], list[str]]], all_stems: tuple[str, ...]) -> NameVerdict | None:
    """Instruments counted as handed out ("NPS surveys sent", «роздано листовок»), or None.

    Checked over the whole name, every clause («анкеты NPS, розданные гостям»), and before the
    head noun decides, because the instrument may carry a value metric's name.
    """
    if lex.distribution_verbs.find(all_stems) < 0:
        return None
    for raw, st in per_segment:
        for _, entry, word in _match_nouns(lex, st, raw):
            if entry.cls == "instrument":
                return NameVerdict("activity", entry.group, word, "handed out")
    return None


def _past_tense(word: str) -> bool:
    """A Russian past-tense verb ("обработал", «закрыли») may follow its object; a participle precedes."""
    return word.endswith(("л", "ла", "ло", "ли"))


def _customer_did(lex: Lexicon, all_stems: tuple[str, ...], ru: bool) -> bool:
    """The customer acted on the output: "proposals accepted", "leads that became customers".

    English: the verb follows a noun (a classified one, or any word before a relative word),
    so "paid ads" is still ads. Russian participles qualify their noun from either side.
    """
    at = lex.customer_verbs.find(all_stems)
    if at < 0:
        return False
    if ru:
        return True
    if at == 0:
        return False
    before = all_stems[:at]
    if not lex.relative_words.isdisjoint(before):
        return True
    return any(s in lex.single_nouns or s in lex.noun_starts for s in before)


def _stage_to_result(lex: Lexicon, found: list[tuple[int, Entry, str]], st: list[str], ru: bool) -> bool:
    """A funnel stage "to" a result is a conversion: "visitor to buyer", «заявка в заказ».

    In English the result must be singular ("lead to customer"): "calls to customers" is effort
    aimed at customers, not a conversion.
    """
    links = lex.stage_links
    for (i, a, wa), (j, b, wb) in pairwise(found):
        gap = st[i + len(wa.split()) : j]
        if len(gap) != 1 or gap[0] not in links:
            continue
        stage = a.cls == "reach" or (a.cls == "effort" and a.group == "sales")
        if not stage or b.cls not in ("result", "outcome", "neutral"):
            continue
        if not ru and (a.cls == "effort" or b.cls == "neutral") and wb.endswith("s") and not wb.endswith("ss"):
            continue
        return True
    return False


def _classify(
    per_segment: list[tuple[list[str], list[str]]], all_stems_t: tuple[str, ...], ru: bool, text: str = ""
) -> NameVerdict:
    lex = load_lexicon()
    all_stems = all_stems_t
    if not all_stems:
        return UNKNOWN
    if per_segment[0][0][0] in lex.task_first_words:  # cheap test first: most names are not tasks
        task = _task(lex, per_segment, text)
        if task is not None:
            return task
    if not ru and len(per_segment) == 1 and per_segment[0][0][-1] in lex.task_last_words:
        task = _task_noun(lex, per_segment[0])
        if task is not None:
            return task
    # 1. Growth of reach is vanity ("follower growth rate"); otherwise a rate or ratio of
    #    results anywhere in the name is value.
    # (Each word list is first tested with one C-level isdisjoint: most names hold none of its words.)
    if not lex.growth_markers.any.isdisjoint(all_stems) and lex.growth_markers.find(all_stems) >= 0 \
            and lex.value_ties.find(all_stems) < 0:
        for raw, st in per_segment:
            for _, entry, word in _match_nouns(lex, st, raw):
                if entry.cls == "reach":
                    return NameVerdict("vanity", entry.group, word, "reach growth")
    if not lex.ratio.any.isdisjoint(all_stems) and lex.ratio.find(all_stems) >= 0:
        return VALUE
    # "Launch-to-first-sale time": in English a trailing measure word is the head of the whole name.
    if not ru and all_stems[-1] in lex.trailing_measures and lex.spend_verbs.find(all_stems) < 0:
        return VALUE
    if not lex.instrument_stems.isdisjoint(all_stems):
        handed = _handed_out(lex, per_segment, all_stems)
        if handed is not None:
            return handed
    if not lex.customer_verbs.any.isdisjoint(all_stems) and _customer_did(lex, all_stems, ru):
        return VALUE
    # 2. The core: first segment that holds a classified word, after a count prefix, before a cut word.
    core_raw: list[str] = []
    core: list[str] = []
    nouns: list[tuple[int, Entry, str]] = []
    verb_at = spend_at = -1
    cut_words, stage_links = lex.cut_words, lex.stage_links
    prefix_starts, noun_any = lex.count_prefix_starts, lex.noun_any
    effort_any, spend_any = lex.effort_verbs.any, lex.spend_verbs.any
    for raw, st in per_segment:
        if st[0] in prefix_starts or st[0] in cut_words:
            start = _strip_prefix(lex, st)
            c_raw, c = raw[start:], st[start:]
            # A leading cut word ("per rep: calls") is skipped rather than emptying the core.
            while c and c[0] in cut_words:
                c, c_raw = c[1:], c_raw[1:]
        else:
            c_raw, c = raw, st
        found = _match_nouns(lex, c, c_raw) if not noun_any.isdisjoint(c) else []
        if len(found) > 1 and not stage_links.isdisjoint(c) and _stage_to_result(lex, found, c, ru):
            return VALUE
        # Cut at the first cut word that is not inside a matched phrase ("lines OF code").
        end = len(c)
        for j in range(1, len(c)) if not cut_words.isdisjoint(c) else ():
            if c[j] in cut_words:
                if not any(i <= j <= i + w.count(" ") for i, _, w in found if " " in w):
                    end = j
                    break
        if end < len(c):
            c, c_raw = c[:end], c_raw[:end]
            found = [f for f in found if f[0] < end]
        verb_at = -1 if effort_any.isdisjoint(c) else lex.effort_verbs.find(c)
        spend_at = -1 if spend_any.isdisjoint(c) else lex.spend_verbs.find(c)
        if found or verb_at >= 0 or spend_at >= 0:
            core_raw, core, nouns = c_raw, c, found
            break
    if not core:
        return NameVerdict("vanity", "audience", "", "cumulative") if lex.cumulative_strong.find(all_stems) >= 0 \
            else UNKNOWN
    # 3. Effort of spending time ("hours spent", «часы, потраченные …») is activity whatever the head.
    if spend_at < 0 and len(per_segment) > 1 and not spend_any.isdisjoint(all_stems):
        spend_at = lex.spend_verbs.find(all_stems)
    head = None
    if nouns:
        head = nouns[0] if ru else nouns[-1]
    if spend_at >= 0 and (head is None or head[1].cls in ("effort", "neutral", "outcome")):
        group = next((e.group for _, e, _ in nouns if e.cls == "effort"), "work")
        word = head[2] if head else core_raw[spend_at]
        return NameVerdict("activity", group, word, "time spent")
    if head is None:
        if verb_at >= 0:
            return NameVerdict("activity", "work", core_raw[verb_at], "effort verb")
        if lex.cumulative_strong.find(all_stems) >= 0:
            return NameVerdict("vanity", "audience", "", "cumulative")
        return UNKNOWN
    pos, entry, word = head
    if entry.cls == "effort":
        return NameVerdict("activity", entry.group, word, "effort noun")
    fixed_at = -1 if lex.output_verbs.any.isdisjoint(core) else lex.output_verbs.find(core)
    if fixed_at >= 0 and (ru or fixed_at > pos):  # "defects fixed", «исправлено ошибок»; not "fixed costs"
        return NameVerdict("activity", "engineering", word, "fixes counted")
    if core[pos] in lex.defect_heads and not lex.defect_verbs.isdisjoint(core):
        closing = next(k for k, s in enumerate(core) if s in lex.defect_verbs)
        if ru or closing > pos:  # "defects closed in QA", «закрыто инцидентов»; not "closed defects rate"
            return NameVerdict("activity", "engineering", word, "fixes counted")
    if entry.cls in ("result", "outcome"):
        return VALUE
    # Requests or orders per employee are a productivity ratio, not reach or output.
    if not lex.per_persons.isdisjoint(all_stems) and is_per_person(lex, all_stems):
        return VALUE
    if entry.cls == "reach":
        # «Количество заявок, закрытых техподдержкой»: a participle right after the comma qualifies the head.
        if verb_at < 0 and ru and len(per_segment) > 1 and lex.effort_verbs.find(per_segment[1][1][:1]) == 0:
            verb_at = 0
        if verb_at >= 0:
            return NameVerdict("activity", "sales" if entry.group == "traffic" else "marketing", word, "effort verb")
        if lex.value_ties.find(all_stems) >= 0:
            return VALUE
        return NameVerdict("vanity", entry.group, word, "reach")
    # Neutral head: effort verb decides (Russian participles precede the noun they qualify).
    # An instrument is effort only when handed out (above): "surveys answered" are the customers' doing.
    if verb_at >= 0 and core[pos] in lex.actors and not lex.achievements.isdisjoint(core):
        return VALUE  # "students completing the first module": the learners' result
    if verb_at >= 0 and (not ru or verb_at < pos or _past_tense(core_raw[verb_at])) and entry.cls != "instrument":
        group = entry.group or next((e.group for _, e, _ in nouns if e.cls == "effort"), "work")
        return NameVerdict("activity", group, word, "effort verb")
    if lex.value_ties.find(all_stems) >= 0:
        return VALUE
    if lex.cumulative_strong.find(all_stems) >= 0 or lex.cumulative_weak.find(core) >= 0:
        return NameVerdict("vanity", "installs", word, "cumulative")
    return UNKNOWN


@lru_cache(maxsize=65_536)
def infer_direction(name: str) -> str:
    """"down" when the name is of a metric that is better lower (churn, cost, time …), else "up"."""
    lex = load_lexicon()
    _, st = _stems_of(normalise(name or ""))
    return "down" if lex.direction_down.find(st) >= 0 else "up"


def name_stems(name: str) -> list[str]:
    """Stems of a name with the tokenisation the rules use (keeps % and #)."""
    return _stems_of(normalise(name or ""))[1]


def name_stems_cached(name: str) -> tuple[str, ...]:
    """Like :func:`name_stems`, from the cached analysis (for names looked at by several rules)."""
    return analyse(name).stems
