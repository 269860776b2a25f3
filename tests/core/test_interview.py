"""The interview questions: order, answers in and out of a profile, and the offline follow-up."""

from __future__ import annotations

import pytest

from metricsmith.errors import ProfileError
from metricsmith.interview import (
    CORE_QUESTION_IDS,
    QUESTIONS,
    apply_follow_up,
    answer_text,
    is_answered,
    missing_required,
    offline_follow_up,
    question,
    read_answer,
    write_answer,
)
from metricsmith.models.profile import Profile


def test_core_questions_come_first_in_design_order() -> None:
    assert [q.id for q in QUESTIONS[:3]] == ["first_value", "repeat", "monetisation"]
    assert CORE_QUESTION_IDS == ("first_value", "repeat", "monetisation")
    assert [q.id for q in QUESTIONS[3:]] == [
        "business", "industry", "goals", "known_numbers", "people", "data_sources", "segments",
    ]
    assert len(QUESTIONS) == 10


def test_every_question_is_bilingual_with_hint_and_example() -> None:
    paths: list[str] = []
    for q in QUESTIONS:
        for lang in ("en", "ru"):
            assert q.text(lang) and q.hint(lang) and q.example(lang)
            assert all(f.label(lang) and f.example(lang) for f in q.fields)
        assert q.text("ru") != q.text("en")
        paths += q.paths
    assert len(paths) == len(set(paths))
    # together the questions fill every path the profile reports as missing
    assert set(Profile().missing_answers()) <= set(paths)


def test_write_then_read_round_trip() -> None:
    profile = Profile()
    write_answer(profile, "first_value", {
        "first_value.description": "Client gets the first order the same day",
        "first_value.value_event": "order delivered",
        "first_value.start_event": "first order placed",
    })
    write_answer(profile, "monetisation", {"monetisation.model": "per order", "monetisation.average_check": "2 400 ₽", "monetisation.currency": "RUB"})
    write_answer(profile, "goals", {"goals": "Retain | leave after 2 orders | repeat from 20 % to 35 %\n- Faster delivery"})
    write_answer(profile, "known_numbers", {"known_numbers": "NPS: 32; repeat rate: 20%\nchurn = 3.1"})
    write_answer(profile, "people", {"people": "Anna Petrova — CEO\nOleg (delivery)"})
    write_answer(profile, "data_sources", {"data_sources": "1C, amoCRM"})

    assert profile.first_value.value_event == "order delivered"
    assert profile.monetisation.average_check == 2400.0
    assert [g.title for g in profile.goals] == ["Retain", "Faster delivery"]
    assert profile.goals[0].expected_result == "repeat from 20 % to 35 %"
    assert profile.known_numbers == {"NPS": 32.0, "repeat rate": 20.0, "churn": 3.1}
    assert [(p.name, p.role) for p in profile.people] == [("Anna Petrova", "CEO"), ("Oleg", "delivery")]
    assert profile.data_sources == ["1C", "amoCRM"]

    assert read_answer(profile, "monetisation")["monetisation.average_check"] == "2400"
    assert read_answer(profile, "goals")["goals"].splitlines() == [
        "Retain | leave after 2 orders | repeat from 20 % to 35 %", "Faster delivery",
    ]
    # what is read back writes the same profile again
    again = Profile()
    for q in QUESTIONS:
        write_answer(again, q.id, read_answer(profile, q.id))
    assert again.model_dump() == profile.model_dump()


def test_clearing_an_answer_and_partial_answers() -> None:
    profile = Profile(monetisation={"model": "subscription", "average_check": 10})
    write_answer(profile, "monetisation", {"monetisation.average_check": ""})
    assert profile.monetisation.average_check is None
    assert profile.monetisation.model == "subscription"  # not in the answer: untouched
    assert is_answered(profile, "monetisation")
    assert not is_answered(profile, "segments")


def test_bad_known_number_names_the_field() -> None:
    profile = Profile()
    with pytest.raises(ProfileError) as err:
        write_answer(profile, "known_numbers", {"known_numbers": "just a sentence"})
    assert err.value.field == "known_numbers"
    assert profile.known_numbers == {}


def test_missing_required() -> None:
    assert missing_required("first_value", {"first_value.description": "  "}) == ["first_value.description"]
    assert missing_required("first_value", {"first_value.description": "x"}) == []
    assert missing_required("segments", {"segments": ""}) == []
    with pytest.raises(KeyError):
        question("nope")


@pytest.mark.parametrize(
    ("qid", "answer", "lang"),
    [
        ("first_value", "customers love it", "en"),
        ("first_value", {"first_value.description": "it is very convenient", "first_value.start_event": "signup"}, "en"),
        ("first_value", "клиентам нравится", "ru"),
        ("first_value", "удобно", "ru"),
        ("repeat", "they are happy with us", "en"),
        ("repeat", "клиенты довольны", "ru"),
        ("monetisation", {"monetisation.model": "we make money", "monetisation.average_check": "100"}, "en"),
        ("monetisation", {"monetisation.model": "subscription", "monetisation.average_check": ""}, "en"),
    ],
)
def test_vague_core_answers_get_a_follow_up(qid: str, answer, lang: str) -> None:  # type: ignore[no-untyped-def]
    follow = offline_follow_up(qid, answer, lang)
    assert follow
    if lang == "ru":
        assert any("а" <= ch <= "я" for ch in follow.lower())
    else:
        assert follow.isascii() or "—" in follow


def test_first_value_follow_up_asks_for_observable_event_and_data() -> None:
    text = offline_follow_up("first_value", "customers love it", "en") or ""
    assert "do or see" in text and "data" in text


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("first_value", "The customer sends the first invoice and gets paid through our link"),
        ("first_value", {"first_value.description": "they love it", "first_value.value_event": "first report downloaded"}),
        ("first_value", "Клиент получает первый заказ в тот же день"),
        ("repeat", "Teams add seats as they grow; annual renewals"),
        ("repeat", "Клиенты заказывают снова каждые 3 недели"),
        ("monetisation", {"monetisation.model": "monthly subscription per seat", "monetisation.average_check": "145"}),
        ("monetisation", {"monetisation.model": "оплата за заказ", "monetisation.average_check": "2400"}),
        ("business", "x"),  # only the core questions are checked
        ("first_value", ""),  # empty is a "required" problem, not a vague one
    ],
)
def test_concrete_answers_need_no_follow_up(qid: str, answer) -> None:  # type: ignore[no-untyped-def]
    assert offline_follow_up(qid, answer, "en") is None


def test_apply_follow_up() -> None:
    profile = Profile(first_value={"description": "they love it"}, repeat={"description": "often"},
                      monetisation={"model": "subscription"})
    apply_follow_up(profile, "first_value", "first report downloaded")
    assert profile.first_value.value_event == "first report downloaded"
    apply_follow_up(profile, "first_value", "within a week")
    assert profile.first_value.description == "they love it. within a week"
    apply_follow_up(profile, "repeat", "monthly reorders")
    assert profile.repeat.description == "often; monthly reorders"
    apply_follow_up(profile, "monetisation", "about 1 200 per month")
    assert profile.monetisation.average_check == 1200.0
    assert profile.monetisation.model == "subscription"
    apply_follow_up(profile, "repeat", "   ")
    assert profile.repeat.description == "often; monthly reorders"


def test_answer_text_joins_fields() -> None:
    assert answer_text({"a": " x ", "b": "", "c": "y"}) == "x\ny"
    assert answer_text("  z ") == "z"
