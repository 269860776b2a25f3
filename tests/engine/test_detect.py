"""Industry and monetisation model detection from free text, in Russian and English."""

from __future__ import annotations

import pytest

from metricsmith.engines.detect import detect_industry, detect_model
from metricsmith.models import Profile

INDUSTRY_CASES = [
    ({"industry": "retail"}, "retail", "given"),
    ({"industry": "E-commerce"}, "retail", "given"),
    ({"industry": "интернет-магазин одежды"}, "retail", "detected"),
    ({"description": "Сеть магазинов косметики у дома"}, "retail", "detected"),
    ({"industry": "home services", "description": "boiler repairs"}, "services", "detected"),
    ({"description": "Клининг квартир и офисов, выезд мастера в день заявки"}, "services", "detected"),
    ({"industry": "онлайн-образование"}, "education", "detected"),
    ({"description": "Online school with Python courses for adults"}, "education", "detected"),
    ({"industry": "B2B SaaS"}, "saas", "given"),
    ({"description": "Cloud software for clinics' scheduling, sold as SaaS"}, "saas", "detected"),
    ({"industry": "грузоперевозки и складская логистика"}, "logistics", "detected"),
    ({"description": "3PL fulfilment and last mile courier delivery"}, "logistics", "detected"),
    ({"industry": "маркетплейс"}, "marketplace", "given"),
    ({"description": "Two-sided marketplace of tutors and parents"}, "marketplace", "detected"),
    ({"industry": "other", "description": "Online store"}, None, "given"),
    ({"industry": "другое"}, None, "given"),
    ({}, None, "none"),
]


@pytest.mark.parametrize(("business", "industry", "source"), INDUSTRY_CASES)
def test_industry_detection(business: dict, industry: str | None, source: str) -> None:
    found = detect_industry(Profile.model_validate({"business": business}))
    assert (found.value, found.source) == (industry, source)


def test_a_vague_word_alone_does_not_claim_an_industry() -> None:
    found = detect_industry(Profile.model_validate({"first_value": {"description": "fast delivery"}}))
    assert found.value is None


def test_unmappable_industry_is_reported_unknown_not_refused() -> None:
    found = detect_industry(Profile.model_validate({"business": {"industry": "квантовая левитация"}}))
    assert (found.value, found.source) == (None, "unknown")


MODEL_CASES = [
    ("subscription", None, "subscription"),
    ("monthly subscription per seat", None, "seats"),
    ("оплата за пользователя в месяц", None, "seats"),
    ("подписка, ежемесячно", None, "subscription"),
    ("perpetual licence with support", None, "licences"),
    ("продажа лицензий", None, "licences"),
    ("15% commission on each booking", None, "transactions"),
    ("разовые покупки товаров", None, "transactions"),
    ("paid per job, hourly for big ones", None, "services"),
    ("оплата за выезд мастера", None, "services"),
    ("advertising revenue", None, "ads"),
    ("реклама", None, "ads"),
    ("", "saas", "subscription"),
    ("", "retail", "transactions"),
    ("", None, None),
]


@pytest.mark.parametrize(("model", "industry", "expected"), MODEL_CASES)
def test_model_detection(model: str, industry: str | None, expected: str | None) -> None:
    found = detect_model(Profile.model_validate({"monetisation": {"model": model}}), industry)
    assert found.value == expected


def test_model_assumed_from_industry_is_reported_as_assumed() -> None:
    found = detect_model(Profile(), "saas")
    assert found.source == "assumed"


def test_an_unknown_industry_word_still_reads_the_description() -> None:
    profile = Profile.model_validate({"language": "ru", "business": {
        "industry": "квантовая левитация", "description": "интернет-магазин товаров для дома"}})
    assert detect_industry(profile).value == "retail"


def test_goal_words_do_not_override_an_industry_the_user_named() -> None:
    profile = Profile.model_validate({
        "language": "ru",
        "business": {"industry": "гостиничный бизнес", "description": "Гостевой дом на 14 номеров"},
        "goals": [{"title": "Больше прямых бронирований",
                   "problem": "Площадки бронирования забирают большую комиссию"}],
    })
    assert detect_industry(profile).source == "unknown"
    no_answer = profile.model_copy(update={"business": profile.business.model_copy(update={"industry": ""})})
    assert detect_industry(no_answer).value == "marketplace"  # with no answer, every word counts
