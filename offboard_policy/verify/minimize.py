"""Make a counterexample small: drop what the failure does not need (delta debugging on the
case data), so that the test file shows only what matters."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

REQUIRED_TOP = ("case_id", "jurisdiction", "employee", "termination")
MAX_TRIES = 400


def minimize(data: dict[str, Any], fails: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """A smaller ``data`` that still ``fails``: optional sections, keys and list items are
    removed one at a time while the failure stays (a bounded number of tries)."""
    current = copy.deepcopy(data)
    tries = 0
    changed = True
    while changed and tries < MAX_TRIES:
        changed = False
        for path in list(_paths(current)):
            if tries >= MAX_TRIES:
                break
            trial = _without(current, path)
            if trial is None:
                continue
            tries += 1
            if fails(trial):
                current, changed = trial, True
    return current


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Removable places, outermost first."""
    out: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if not prefix and key in REQUIRED_TOP:
                out += _paths(value, (key,))
                continue
            out.append((*prefix, key))
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i in range(len(node) - 1, -1, -1):
            out.append((*prefix, i))
            out += _paths(node[i], (*prefix, i))
    return out


def _without(data: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any] | None:
    out = copy.deepcopy(data)
    node: Any = out
    for step in path[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    last = path[-1]
    try:
        del node[last]
    except (KeyError, IndexError, TypeError):
        return None
    return out
