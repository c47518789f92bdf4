"""Test case builders share one way to change a base case: dotted paths to new values."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any


def with_changes(base: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``base`` with each ``"a.b.c": value`` of ``changes`` set (a dict value
    replaces the whole sub-tree; missing parents are created)."""
    data = copy.deepcopy(base)
    for path, value in changes.items():
        node = data
        *parents, last = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = copy.deepcopy(value)
    return data
