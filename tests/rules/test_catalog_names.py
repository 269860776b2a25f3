"""No catalog metric is flagged as activity or vanity, in any form a user may write it.

Drafts and suggestions come from the catalog; if the rules flagged one of its names or aliases,
a draft would contradict its own audit. The walk covers every name, abbreviation and keyword in
both languages, in other letter cases, other word orders, with a count word and a period.
"""

from __future__ import annotations

import re

import pytest

from metricsmith.catalog import load_catalog
from metricsmith.rules import audit_names, classify_name
from metricsmith.rules.catalog_guard import catalog_texts, is_catalog_name
from metricsmith.text import stems

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def _forms(text: str) -> list[str]:
    words = text.split()
    ru = bool(_CYRILLIC.search(text))
    out = [text, text.upper(), text.lower(), text.title()]
    if len(words) > 1:
        out += [" ".join(reversed(words)), " ".join(words[1:] + words[:1])]
    out += [("Количество " if ru else "Number of ") + text, text + (" за месяц" if ru else " per month"),
            text + (" (ежемесячно)" if ru else " (monthly)")]
    return out


def test_the_walk_covers_every_entry_in_both_languages():
    texts = set(catalog_texts())
    for entry in load_catalog():
        assert {entry.name.en, entry.name.ru, *entry.keywords.all()} <= texts


def test_no_catalog_name_alias_or_form_is_flagged():
    flagged = [(text, form, classify_name(form)) for text in catalog_texts() for form in _forms(text)
               if classify_name(form).kind is not None]
    assert flagged == []


@pytest.mark.parametrize("name", [
    # Russian case and number forms of catalog names and aliases, written by hand.
    "Долю повторных покупателей", "доли повторных покупателей", "Обработанных заявок на сотрудника",
    "обработанная заявка на одного сотрудника", "Заявок на сотрудника в месяц", "Повторных выездов",
    "Конверсией заявки в выполненный заказ", "Оценки визита", "Загрузкой транспорта",
    # English number and order.
    "Callback", "Feature usages", "Usage of the feature", "Employee trained", "Trained staff",
])
def test_inflected_and_reordered_catalog_forms_are_not_flagged(name):
    assert classify_name(name).kind is None, classify_name(name)


def test_audit_of_catalog_names_has_no_activity_or_vanity_findings():
    names = [t for t in catalog_texts()]
    found = {f.rule for fs in audit_names(names) for f in fs}
    assert not found & {"activity-as-value", "vanity"}


def test_the_guard_needs_the_exact_stems_not_a_mention():
    """"NPS surveys sent" mentions the catalog's NPS but counts surveys handed out."""
    assert is_catalog_name(stems("Net Promoter Score"))
    assert is_catalog_name(stems("score promoter net"))
    assert not is_catalog_name(stems("NPS surveys sent"))
    assert classify_name("NPS surveys sent").kind == "activity"
    assert classify_name("Разослано анкет NPS").kind == "activity"
