"""LLM engine cost and speed for a full proposal: calls, tokens per call, wall time, engine overhead.

Two backends:
- a counting fake chat model (no network): the engine's own cost, the call
  budget (<= 3 calls per proposal, 0 on a cached repeat) and the prompt-token
  budget (<= 2,500 per call, pessimistic 3-characters-per-token estimate);
- the local llama.cpp server (llama-cpp-python) with the tiny random-weight
  model the test suite writes: real HTTP, real tokenizer counts. The random
  model's answers never validate, so this run also exercises retries and the
  offline fallback; output is bounded by max_tokens=64.
Engine overhead = wall time minus the time spent waiting for the model.
"""

from __future__ import annotations

import importlib.util
import tempfile
import time
from pathlib import Path

from common import FIXTURES, ROOT, figure

PROFILE = FIXTURES / "profiles" / "saas_b2b_en.yaml"
CALL_BUDGET = 3
TOKEN_BUDGET = 2500
OVERHEAD_BUDGET_S = 0.2


def _profile():
    from metricsmith.io.profile_file import load_profile

    return load_profile(PROFILE)


def _settings(**extra):
    from metricsmith.config import load_settings

    values = {"engine": "llm", "provider": "openai-compatible", "model": "bench", "base_url": "http://127.0.0.1:9/v1",
              "cache": False, **extra}
    return load_settings(**values)


def _fake_run(settings, profile):
    from metricsmith.engines.llm import LLMEngine
    from metricsmith.engines.llm.fake import ScriptedChatModel, valid_responder

    model = ScriptedChatModel(responder=valid_responder(profile))
    engine = LLMEngine(settings, chat_model=model)
    started = time.perf_counter()
    project = engine.propose(profile)
    wall = time.perf_counter() - started
    return project, wall, len(model.calls)


def _fake_figures() -> list[dict]:
    import os

    profile = _profile()
    _, cold, _ = _fake_run(_settings(), profile)  # warm-up: imports LangChain, compiles templates
    runs = [_fake_run(_settings(), profile) for _ in range(5)]
    project, _, calls = runs[-1]
    walls = sorted(w for _, w, _ in runs)
    wall = walls[len(walls) // 2]
    figures = [
        figure("fake model: LLM calls per full proposal", calls, "calls", f"<= {CALL_BUDGET}", calls <= CALL_BUDGET),
    ]
    for call in project.llm_calls:
        figures.append(figure(f"fake model: {call.step} prompt tokens (est.)", call.input_tokens, "tokens",
                              f"<= {TOKEN_BUDGET}", call.input_tokens <= TOKEN_BUDGET))
        figures.append(figure(f"fake model: {call.step} output tokens (est.)", call.output_tokens, "tokens"))
    figures.append(figure("fake model: first proposal in the process (LangChain import, templates)", cold, "s"))
    figures.append(figure("fake model: proposal wall time (median of 5, warm)", wall, "s"))
    overhead = wall  # the fake answers instantly: all of the wall time is engine + LangChain work
    figures.append(figure("fake model: engine overhead per proposal (= wall time)", overhead, "s",
                          f"<= {OVERHEAD_BUDGET_S}", overhead <= OVERHEAD_BUDGET_S))
    with tempfile.TemporaryDirectory() as cache:
        old = os.environ.get("METRICSMITH_CACHE_DIR")
        os.environ["METRICSMITH_CACHE_DIR"] = cache
        try:
            _fake_run(_settings(cache=True), profile)
            project, wall, calls = _fake_run(_settings(cache=True), profile)
        finally:
            if old is None:
                os.environ.pop("METRICSMITH_CACHE_DIR", None)
            else:
                os.environ["METRICSMITH_CACHE_DIR"] = old
    figures.append(figure("fake model: LLM calls on a cached repeat", calls, "calls", "0", calls == 0))
    figures.append(figure("fake model: cached repeat wall time", wall, "s"))
    return figures


def _llama_figures() -> list[dict]:
    try:
        import gguf  # noqa: F401
        import llama_cpp.server  # noqa: F401
    except ImportError as exc:
        return [figure(f"llama.cpp: skipped ({exc})", 0, "", "", None)]
    spec = importlib.util.spec_from_file_location("llama_support", ROOT / "tests" / "llm" / "llama_support.py")
    support = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(support)
    from metricsmith.engines.llm import LLMEngine

    profile = _profile()
    with tempfile.TemporaryDirectory() as folder:
        model_path = support.write_tiny_gguf(Path(folder) / "tiny.gguf")
        server = support.LlamaServer(model_path, Path(folder) / "server.log")
        try:
            server.wait_ready()
            settings = _settings(base_url=server.url, model=support.MODEL_ALIAS, max_tokens=64, temperature=0.0,
                                 timeout=120)
            engine = LLMEngine(settings)
            cold_started = time.perf_counter()
            engine.propose(profile)  # cold: imports, HTTP client, catalog load for the fallback
            cold = time.perf_counter() - cold_started
            started = time.perf_counter()
            project = engine.propose(profile)
            wall = time.perf_counter() - started
        finally:
            server.stop()
    calls = project.llm_calls
    model_wait = sum(c.latency_s for c in calls)
    figures = [figure("llama.cpp tiny: LLM calls (3 invalid answers -> offline fallback)", len(calls), "calls")]
    for call in calls:
        figures.append(figure(f"llama.cpp tiny: {call.step} attempt {call.attempt} prompt/output tokens",
                              call.input_tokens, f"/ {call.output_tokens} tokens (char-level vocabulary)"))
    figures.append(figure("llama.cpp tiny: first proposal wall time (cold process)", cold, "s"))
    figures.append(figure("llama.cpp tiny: proposal wall time (warm)", wall, "s"))
    figures.append(figure("llama.cpp tiny: model wait (sum of call latencies)", model_wait, "s"))
    overhead = max(wall - model_wait, 0.0)
    figures.append(figure("llama.cpp tiny: engine overhead, warm (incl. offline fallback)",
                          overhead, "s", f"<= {OVERHEAD_BUDGET_S}", overhead <= OVERHEAD_BUDGET_S))
    return figures


def run() -> list[dict]:
    return _fake_figures() + _llama_figures()
