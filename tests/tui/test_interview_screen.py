"""The interview screen driven by keystrokes: typing, follow-ups, required answers, resume, language."""

from __future__ import annotations

from pathlib import Path

from metricsmith.interview import QUESTIONS
from metricsmith.io.project_file import load_project

# Answers typed into each field (by profile path); multi-line fields get one line.
ANSWERS = {
    "first_value.description": "users love it",  # vague on purpose: triggers the follow-up
    "first_value.value_event": "",
    "first_value.start_event": "signup",
    "repeat.description": "seats every month",
    "monetisation.model": "subscription",
    "monetisation.average_check": "145",
    "monetisation.currency": "USD",
    "business.name": "Ledgerly",
    "business.description": "",
    "business.industry": "SaaS",
    "business.customer_type": "B2B",
    "goals": "Churn | leave | 2 %",
    "known_numbers": "NPS: 32",
    "people": "Priya - CEO",
    "data_sources": "Stripe, CRM",
    "segments": "",
}


async def type_step(pilot, question) -> None:  # type: ignore[no-untyped-def]
    """Type every field of the current step; Tab moves between fields."""
    for i, field in enumerate(question.fields):
        text = ANSWERS[field.path]
        if text:
            await pilot.press(*text)
        if i + 1 < len(question.fields):
            await pilot.press("tab")
    await pilot.press("ctrl+n")
    await pilot.pause()


async def test_full_interview_then_draft(tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "new.json"
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.new_project(path)
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "InterviewScreen"
        assert "1 / 10" in str(screen.query_one("#progress").render())

        # Step 1 is vague: the follow-up appears instead of moving on.
        await type_step(pilot, QUESTIONS[0])
        assert screen.follow_up_open
        assert screen.step == 0
        await pilot.press(*"invoice paid", "enter")
        await pilot.pause()
        assert screen.step == 1
        assert "3 / 10" not in str(screen.query_one("#progress").render())
        for q in QUESTIONS[1:]:
            await type_step(pilot, q)
            if screen.is_current and screen.follow_up_open:  # pragma: no cover - concrete answers need none
                await pilot.press("enter")
        await h.settle(pilot)
        assert type(app.screen).__name__ == "WorkbenchScreen"

    saved = load_project(path)
    p = saved.profile
    assert p.first_value.description == "users love it"
    assert p.first_value.value_event == "invoice paid"
    assert p.first_value.start_event == "signup"
    assert p.monetisation.average_check == 145.0
    assert p.business.name == "Ledgerly"
    assert p.goals[0].title == "Churn" and p.goals[0].expected_result == "2 %"
    assert p.known_numbers == {"NPS": 32.0}
    assert p.people[0].name == "Priya" and p.people[0].role == "CEO"
    assert p.data_sources == ["Stripe", "CRM"]
    # api.propose ran the replacement round: the flagged "Calls made" was replaced.
    assert [m.id for m in saved.metrics] == ["call_to_deal", "nrr", "ttv"]
    assert saved.findings == []


async def test_empty_required_answer_notifies_and_stays(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.new_project(tmp_path / "p.json")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.step == 0
        assert any("needs an answer" in m for m in h.messages(app))
        await pilot.press("ctrl+k")  # skip is refused on a required question
        await pilot.pause()
        assert app.screen.step == 0


async def test_skip_optional_and_back(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.new_project(tmp_path / "p.json")
        await pilot.pause()
        await app.screen.show_step(4)  # industry: optional
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert app.screen.step == 5
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.screen.step == 4


async def test_quit_and_reopen_resumes(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "resume.json"
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.new_project(path)
        await pilot.pause()
        await pilot.press(*"The customer gets the first order delivered", "ctrl+n")
        await pilot.pause()
        await pilot.press(*"They reorder every month", "ctrl+n")
        await pilot.pause()
        assert app.screen.step == 2
        await pilot.press(*"per order")  # typed, not yet submitted
        await pilot.press("ctrl+q")

    # Reopen from the recent list on the welcome screen.
    app2 = h.make_app()
    async with app2.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        recent = app2.screen.query_one("#recent")
        assert recent.option_count == 1
        recent.focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = app2.screen
        assert type(screen).__name__ == "InterviewScreen"
        assert screen.step == 2
        await screen.show_step(0)
        assert screen.values()["first_value.description"] == "The customer gets the first order delivered"
    saved = load_project(path).profile
    assert saved.repeat.description == "They reorder every month"
    assert saved.monetisation.model == "per order"  # typed but not submitted: saved on quit


async def test_language_switch(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.new_project(tmp_path / "p.json")
        await pilot.pause()
        assert "aha" in str(app.screen.query_one("#question").render())
        await pilot.press(*"клиент получает заказ")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.project.profile.language == "ru"
        assert "момент «ага»" in str(app.screen.query_one("#question").render())
        assert app.screen.values()["first_value.description"] == "клиент получает заказ"
    assert load_project(tmp_path / "p.json").profile.language == "ru"


async def test_system_locale_sets_default_language(tmp_path: Path, h, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from metricsmith.config import Settings

    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    app = h.make_app(settings=Settings(language=""))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.lang == "ru"
        app.new_project(tmp_path / "p.json")
        await pilot.pause()
        assert app.project.profile.language == "ru"
        assert "Интервью" in str(app.screen.query_one("#progress").render())


async def test_llm_follow_up_is_used_and_falls_back(tmp_path: Path, h, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import metricsmith.engines.llm as llm
    from metricsmith.config import Settings

    asked: list[tuple[str, str]] = []

    class FakeLLM:
        def __init__(self, settings) -> None:  # type: ignore[no-untyped-def]
            pass

        def follow_up(self, question_id, answer, profile):  # type: ignore[no-untyped-def]
            asked.append((question_id, answer))
            if question_id == "repeat":
                raise RuntimeError("model unreachable")
            return "Which screen does the customer see first?"

    monkeypatch.setattr(llm, "LLMEngine", FakeLLM)
    app = h.make_app(settings=Settings(engine="llm", language="en"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.new_project(tmp_path / "p.json")
        await pilot.pause()
        screen = app.screen
        await pilot.press(*"The first report is sent", "ctrl+n")
        await h.settle(pilot)
        assert screen.follow_up_open  # the LLM asked, although the answer is concrete offline
        assert "Which screen" in str(screen.query_one("#follow-up-text").render())
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.step == 1
        await pilot.press(*"they are happy", "ctrl+n")  # LLM fails: the offline check asks
        await h.settle(pilot)
        assert screen.follow_up_open
        assert "repeats" in str(screen.query_one("#follow-up-text").render())
    assert [q for q, _ in asked] == ["first_value", "repeat"]


async def test_redraft_asks_before_replacing_metrics(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewScreen"
        app.screen.query_one("#f-first-value-description").value = "They get the first invoice paid"
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewScreen"
        assert [m.id for m in app.project.metrics] == ["calls", "nrr", "ttv"]
    assert load_project(project_file).profile.first_value.description == "They get the first invoice paid"


async def test_mouse_next_button(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.click("#new")
        await pilot.pause()
        app.screen.query_one("#field-0").value = str(tmp_path / "m.json")
        await pilot.click("#ok")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "InterviewScreen"
        await pilot.click("#next")
        await pilot.pause()
        assert screen.step == 0 and any("needs an answer" in m for m in h.messages(app))
        screen.query_one("#f-first-value-description").value = "The first parcel is delivered"
        app.clear_notifications()  # the toast may sit over the button
        screen.query_one("#next").remove_class("-active")  # a person clicks again after the press effect
        await pilot.pause()
        await pilot.click("#next")
        await pilot.pause()
        assert screen.step == 1
    assert load_project(tmp_path / "m.json").profile.first_value.description == "The first parcel is delivered"


def _burst(app, text: str, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Post keystrokes the way a fast terminal delivers them: all queued before any is handled."""
    from textual import events

    for ch in text:
        app.post_message(events.Key(ch, ch))
    for key in keys:
        app.post_message(events.Key(key, None))


async def test_text_and_next_in_one_burst_reads_the_typed_text(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+N right behind the typed text must see the text (it used to read the field too early)."""
    path = tmp_path / "burst.json"
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.new_project(path)
        await pilot.pause()
        _burst(app, "The first order arrives intact", "ctrl+n")
        await h.settle(pilot)
        assert app.screen.step == 1, h.messages(app)
        _burst(app, "They reorder monthly", "ctrl+n")
        await h.settle(pilot)
        assert app.screen.step == 2, h.messages(app)
        _burst(app, "per order", "ctrl+q")
        await h.settle(pilot)
    saved = load_project(path).profile
    assert saved.first_value.description == "The first order arrives intact"
    assert saved.repeat.description == "They reorder monthly"
    assert saved.monetisation.model == "per order"


async def test_a_slow_model_does_not_freeze_the_interview(tmp_path: Path, h, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """While the model judges an answer the keyboard works; the follow-up appears when it answers."""
    import threading

    import metricsmith.engines.llm as llm
    from metricsmith.config import Settings

    release = threading.Event()

    class SlowLLM:
        def __init__(self, settings) -> None:  # type: ignore[no-untyped-def]
            pass

        def follow_up(self, question_id, answer, profile):  # type: ignore[no-untyped-def]
            release.wait(timeout=5)
            return "Which record shows it?"

    monkeypatch.setattr(llm, "LLMEngine", SlowLLM)
    path = tmp_path / "slow.json"
    app = h.make_app(settings=Settings(engine="llm", language="en"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.new_project(path)
        await pilot.pause()
        screen = app.screen
        await pilot.press(*"they love it", "ctrl+n")
        assert not release.is_set()  # the key was handled while the model is still thinking
        assert "Checking the answer" in str(screen.query_one("#follow-up-text").render())
        await pilot.press("ctrl+n")  # a second Next while waiting is ignored, not a second call
        await pilot.press(*" a lot")  # typing still reaches the field
        assert screen.values()["first_value.description"] == "they love it a lot"
        release.set()
        await h.settle(pilot)
        assert screen.step == 0 and screen.follow_up_open
        assert "Which record" in str(screen.query_one("#follow-up-text").render())
    assert load_project(path).profile.first_value.description.startswith("they love it")


async def test_unreachable_model_still_challenges_a_vague_answer(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    """The real LLM engine pointed at a closed port: the offline check asks instead (it used to ask nothing)."""
    import socket

    from metricsmith.config import Settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(engine="llm", language="en", provider="openai-compatible", model="tiny",
                        base_url=f"http://127.0.0.1:{port}/v1", timeout=5, cache=False)
    app = h.make_app(settings=settings)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.new_project(tmp_path / "p.json")
        await pilot.pause()
        screen = app.screen
        await pilot.press(*"they love it", "ctrl+n")
        await h.settle(pilot)
        assert screen.step == 0 and screen.follow_up_open
        assert "What does the customer do" in str(screen.query_one("#follow-up-text").render())


async def test_recent_list_learns_the_business_name(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    """A new project is listed under its file name only until the business is named."""
    from metricsmith.recent import load_recent

    path = tmp_path / "named.json"
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.new_project(path)
        await pilot.pause()
        assert load_recent()[0].name == "named.json"
        screen = app.screen
        await screen.show_step(3)  # business name and description
        screen.query_one("Input.answer").value = "Ledgerly"
        await pilot.press("ctrl+n")
        await h.settle(pilot)
    assert load_recent()[0].name == "Ledgerly"
    assert load_recent()[0].path == str(path.resolve())
