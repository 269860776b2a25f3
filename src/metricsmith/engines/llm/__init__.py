"""The LLM engine: prompts, structured output, validate-and-retry, cache and accounting.

Importing this package does not import LangChain; the chat model is built on the
first call, so ``metricsmith`` stays fast to start when the offline engine is used.
"""

from metricsmith.engines.llm.engine import LLMEngine

__all__ = ["LLMEngine"]
