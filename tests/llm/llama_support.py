"""A tiny random-weight GGUF model and a llama-cpp-python server for wire-level tests and benchmarks.

Why write a model instead of downloading one: the tests must run offline and in
CI. llama.cpp needs, for the ``llama`` architecture, the hyper-parameters in the
metadata (context length, embedding size, blocks, feed-forward size, heads,
rope dimensions, RMS-norm epsilon), a tokenizer in the metadata (here a
SentencePiece-style ``llama`` vocabulary: ``<unk>``, ``<s>``, ``</s>``, the 256
byte-fallback tokens ``<0x00>``…``<0xFF>`` so every UTF-8 text tokenises, and
some printable pieces with scores) and the tensors of each block. The weights
are random (seeded), so the model talks nonsense — which is exactly what the
"garbage output" tests need — while llama-cpp-python's grammar-constrained tool
calls still produce schema-shaped JSON when the schema is tiny.

This file is loaded by path (``tests/llm/conftest.py``, ``benchmarks/bench_llm.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

#: Readiness polling: at most this many tries, this far apart (a bound, not a timing assertion).
READY_TRIES = 300
READY_PAUSE_S = 0.1
MODEL_ALIAS = "tiny-random"


def write_tiny_gguf(path: Path, *, n_embd: int = 64, n_layer: int = 2, n_head: int = 4, n_ff: int = 128,
                    n_ctx: int = 16384, seed: int = 0) -> Path:
    """Write a ~0.5 MB llama-architecture GGUF with random weights and a byte-fallback vocabulary."""
    import gguf
    import numpy as np

    rng = np.random.default_rng(seed)
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("metricsmith-tiny-random")
    writer.add_context_length(n_ctx)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layer)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_head)
    writer.add_rope_dimension_count(n_embd // n_head)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)

    tokens, scores, types = ["<unk>", "<s>", "</s>"], [0.0, 0.0, 0.0], [2, 3, 3]  # UNKNOWN, CONTROL, CONTROL
    for byte in range(256):
        tokens.append(f"<0x{byte:02X}>")
        scores.append(0.0)
        types.append(6)  # BYTE
    pieces = ["\u2581"] + [chr(c) for c in range(33, 127)] + ["\u2581" + chr(c) for c in range(97, 123)]
    for i, piece in enumerate(pieces):
        tokens.append(piece)
        scores.append(-float(i))
        types.append(1)  # NORMAL
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_unk_token_id(0)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)

    def weights(*shape: int):
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    n_vocab = len(tokens)
    writer.add_tensor("token_embd.weight", weights(n_vocab, n_embd))
    writer.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    writer.add_tensor("output.weight", weights(n_vocab, n_embd))
    for i in range(n_layer):
        writer.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(n_embd, dtype=np.float32))
        for name in ("q", "k", "v", "output"):
            writer.add_tensor(f"blk.{i}.attn_{name}.weight", weights(n_embd, n_embd))
        writer.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
        writer.add_tensor(f"blk.{i}.ffn_gate.weight", weights(n_ff, n_embd))
        writer.add_tensor(f"blk.{i}.ffn_up.weight", weights(n_ff, n_embd))
        writer.add_tensor(f"blk.{i}.ffn_down.weight", weights(n_embd, n_ff))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    """``python -m llama_cpp.server`` on loopback with the tiny model; ``url`` ends in ``/v1``."""

    def __init__(self, model_path: Path, log_path: Path, n_ctx: int = 16384) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path), "--host", "127.0.0.1",
             "--port", str(self.port), "--n_ctx", str(n_ctx), "--model_alias", MODEL_ALIAS,
             "--n_threads", "1", "--seed", "7"],
            stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    def wait_ready(self) -> None:
        """Poll ``GET /v1/models`` a bounded number of times; raise with the server log if it never answers."""
        for _ in range(READY_TRIES):
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/models", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(READY_PAUSE_S)
        self.stop()
        raise RuntimeError(f"llama.cpp server did not start; log:\n{self.log_path.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()
