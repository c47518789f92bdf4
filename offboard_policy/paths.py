"""Paths and positions: the file endings read, a folder's case files, dotted field paths
(``employee.wages.monthly[3].gross``) and where a YAML scalar holding an expression starts.

The one place that finds case files and builds, parses and recognises field paths (case
diagnostics, schema diagnostics, CSV headers, policy-test overrides, missing-data names). A low
layer (just above ``errors``): ``yamlio`` produces :class:`ScalarOrigin` and ``expr`` maps
positions with it, so neither imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from offboard_policy.errors import SourcePos


@dataclass(frozen=True)
class ScalarOrigin:
    """The start of a YAML scalar that holds an expression (``yamlio.PositionMap.content``
    produces these)."""

    pos: SourcePos  # first character of the scalar's content
    block: bool  # literal/folded block scalar (| or >): lines map 1:1 from pos.line
    indent: int  # column (1-based) of block content lines


YAML_SUFFIXES = (".yaml", ".yml")
"""The endings of YAML files (rule files, case files, policy tests)."""
JSON_SUFFIXES = (".json",)
CASE_SUFFIXES = (*YAML_SUFFIXES, *JSON_SUFFIXES)
"""The endings of case files (compared lower-cased)."""


def case_files(folder: Path) -> list[Path]:
    """The case files below ``folder``: every ``*.yaml``, ``*.yml`` or ``*.json`` file at any
    depth (endings compared lower-cased), sorted. Every command that takes a folder of cases
    (``check``, batch input, ``diff --cases``) reads it through this function."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in CASE_SUFFIXES
                  and p.is_file())


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
