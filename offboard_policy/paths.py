"""Positions in input files: where a YAML scalar holding an expression starts.

The lowest layer (beside ``errors``): ``yamlio`` produces :class:`ScalarOrigin` and ``expr``
maps positions with it, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from offboard_policy.errors import SourcePos


@dataclass(frozen=True)
class ScalarOrigin:
    """The start of a YAML scalar that holds an expression (``yamlio.PositionMap.content``
    produces these)."""

    pos: SourcePos  # first character of the scalar's content
    block: bool  # literal/folded block scalar (| or >): lines map 1:1 from pos.line
    indent: int  # column (1-based) of block content lines
