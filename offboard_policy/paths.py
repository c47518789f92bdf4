"""Paths and positions: dotted field paths (``employee.wages.monthly[3].gross``) and where a
YAML scalar holding an expression starts.

The one place that builds, parses and recognises field paths (case diagnostics, schema
diagnostics, CSV headers, policy-test overrides, missing-data names). A low layer (just above
``errors``): ``yamlio`` produces :class:`ScalarOrigin` and ``expr`` maps positions with it, so
neither imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from offboard_policy.errors import SourcePos


@dataclass(frozen=True)
class ScalarOrigin:
    """The start of a YAML scalar that holds an expression (``yamlio.PositionMap.content``
    produces these)."""

    pos: SourcePos  # first character of the scalar's content
    block: bool  # literal/folded block scalar (| or >): lines map 1:1 from pos.line
    indent: int  # column (1-based) of block content lines


FieldPath = tuple[str | int, ...]
"""``("employee", "wages", "monthly", 3, "gross")``: keys and list indices."""

_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[0-9]{1,4}\])*)")
_INDEX = re.compile(r"\[([0-9]+)\]")
_FIELD_REF = re.compile(r"[a-z_][a-z0-9_]*(\[\])?(\.[a-z_][a-z0-9_]*(\[\])?)*")


def format_path(path: Iterable[object]) -> str:
    """``("checks", 3, "assert")`` -> ``checks[3].assert`` (integers are list indices)."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse_path(text: str) -> FieldPath | None:
    """``employee.wages.monthly[0].gross`` -> ``("employee", "wages", "monthly", 0, "gross")``;
    None when ``text`` is not a dotted field path."""
    out: list[str | int] = []
    for segment in text.split("."):
        m = _SEGMENT.fullmatch(segment)
        if m is None:
            return None
        out.append(m[1])
        out.extend(int(i) for i in _INDEX.findall(m[2]))
    return tuple(out)


def is_field_ref(text: str) -> bool:
    """Whether ``text`` names a field the way missing-data messages do: ``a.b`` or
    ``employee.wages.monthly[]`` (``[]`` for the items of a list)."""
    return _FIELD_REF.fullmatch(text) is not None
