"""Parsing YAML that a person (or someone else) wrote, within bounds.

Why not ``yaml.safe_load``: safe from code execution is not safe from work. Aliases
let a 1 KB document expand to billions of values ("billion laughs"), and anything that
walks the result — the duplicate-key check, line numbers, pydantic — follows every
alias. Here the document is composed once, aliases and nesting depth are counted on
the node graph (each node visited once), the size it would expand to is computed with
memoisation, and only then is it constructed. Each bound is a :mod:`metricsmith.limits`
limit with its own error naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from metricsmith.errors import MetricsmithError
from metricsmith.limits import Limits, current, exceeded

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose_user_yaml(text: str, path: str | Path | None, error: type[MetricsmithError],
                      limits: Limits | None = None) -> yaml.Node | None:
    """The node graph of one YAML document, checked against the limits (raises ``error``).

    YAML syntax errors propagate as :class:`yaml.YAMLError` for the caller to word.
    """
    limits = limits or current()
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
    except RecursionError:
        raise exceeded("depth", f"nested deeper than {limits.depth} levels", limits.depth, error=error,
                       path=path) from None
    finally:
        loader.dispose()
    if node is not None:
        check_node(node, path, error, limits)
    return node


def construct(node: yaml.Node | None) -> Any:
    """Python data of a checked node graph (aliases stay shared references, as PyYAML makes them)."""
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_user_yaml(text: str, path: str | Path | None, error: type[MetricsmithError],
                   limits: Limits | None = None) -> Any:
    """``yaml.safe_load`` within the limits (see the module docstring)."""
    return construct(compose_user_yaml(text, path, error, limits))


def check_node(root: yaml.Node, path: str | Path | None, error: type[MetricsmithError], limits: Limits) -> None:
    """Count aliases, depth and expanded size without ever expanding an alias."""
    seen: set[int] = set()
    open_nodes: set[int] = set()  # visited, subtree not finished: the ancestors of the current node
    aliases = 0
    expanded: dict[int, int] = {}
    # Iterative post-order walk: a deeply nested document must not overflow Python's stack here.
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in _children(node))
            if expanded[key] > limits.yaml_values:
                raise exceeded("yaml_values", f"the YAML expands to more than {limits.yaml_values:,} values "
                               "(through aliases)", limits.yaml_values, error=error, path=path)
            continue
        if key in seen:
            if key in open_nodes:
                raise error("the YAML refers to itself through an alias (a loop)", path=path,
                            line=node.start_mark.line + 1)
            aliases += 1
            if aliases > limits.yaml_aliases:
                raise exceeded("yaml_aliases", f"more than {limits.yaml_aliases:,} YAML aliases", limits.yaml_aliases,
                               error=error, path=path)
            continue
        seen.add(key)
        open_nodes.add(key)
        if depth > limits.depth:
            raise exceeded("depth", f"nested deeper than {limits.depth} levels", limits.depth, error=error,
                           path=path, line=node.start_mark.line + 1)
        stack.append((node, depth, True))
        for child in _children(node):
            stack.append((child, depth + 1, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
