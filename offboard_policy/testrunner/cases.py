"""Build the case of a test: a base case (file or inline) with ``set:`` overrides applied.

Overrides name fields by dotted path with list indexes, as diagnostics print them:
``employee.wages.monthly[3].gross``. A missing mapping on the way is created; an index must
exist, or be the list's length to append.
"""

from __future__ import annotations

import copy
from typing import Any

from offboard_policy import codes

from ..errors import Diagnostic, SourcePos
from ..paths import parse_path
from ..yamlio import load_yaml
from .spec import TestFileError, TestSpec


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``path`` in ``data`` (in place) to ``value``; raises ValueError when impossible."""
    steps = parse_path(path)
    if steps is None:
        raise ValueError(f"'{path}' is not a dotted field path")
    node: Any = data
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        nxt = None if last else steps[i + 1]
        where = ".".join(str(s) for s in steps[:i]) or "the case"
        if isinstance(step, int):
            if not isinstance(node, list):
                raise ValueError(f"{where} is not a list")
            if step > len(node):
                raise ValueError(f"{where} has {len(node)} items; index {step} is past the end")
            if step == len(node):
                node.append({} if not last and isinstance(nxt, str) else [])
            if last:
                node[step] = value
            else:
                node = node[step]
        else:
            if not isinstance(node, dict):
                raise ValueError(f"{where} is not a mapping")
            if last:
                node[step] = value
            else:
                if node.get(step) is None:
                    node[step] = [] if isinstance(nxt, int) else {}
                node = node[step]


def _fail(message: str, pos: SourcePos) -> TestFileError:
    return TestFileError(Diagnostic(message, codes.TEST_CASE, file=pos.file, line=pos.line,
                                    column=pos.column))


def case_data(spec: TestSpec) -> tuple[dict[str, Any], str]:
    """The test's case as contract data (overrides applied), and its display name."""
    if spec.case is not None:
        base: Any = copy.deepcopy(spec.case)
        display = f"{spec.file}::{spec.name}"
    elif spec.case_file is not None:
        loaded = load_yaml(spec.case_file)
        base, display = loaded.data, loaded.display
    else:  # parse_test_file guarantees one of them
        raise _fail(f"test '{spec.name}' has no case", spec.pos)
    if not isinstance(base, dict):
        raise _fail(f"the case of test '{spec.name}' is not a mapping", spec.pos)
    for path, value, pos in spec.overrides:
        try:
            set_path(base, path, copy.deepcopy(value))
        except ValueError as exc:
            raise _fail(f"set {path}: {exc}", pos) from None
    if spec.overrides:
        display = f"{display} (with {len(spec.overrides)} override"
        display += "s)" if len(spec.overrides) > 1 else ")"
    return base, display
