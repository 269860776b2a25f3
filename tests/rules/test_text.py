from metricsmith.text import detect_language, stem, stems, tokens


def test_word_forms_share_a_stem_in_both_languages():
    assert len({stem(w) for w in ("звонков", "звонки", "звонок", "звонка")}) == 1
    assert stem("calls") == stem("called") == stem("call")
    assert stem("Ёлка") == stem("елка")


def test_stems_pick_the_stemmer_per_token_script():
    assert stems("NPS клиентов") == ["nps", stem("клиенты")]
    assert stems("") == []


def test_tokens_keep_percent_and_split_punctuation():
    assert tokens("Demo-to-paid, 90%") == ["demo", "to", "paid", "90", "%"]


def test_detect_language():
    assert detect_language("Количество звонков") == "ru"
    assert detect_language("Outbound calls") == "en"
    assert detect_language("NPS после визита мастера") == "ru"
    assert detect_language("") == "en"
    assert detect_language("12345") == "en"
