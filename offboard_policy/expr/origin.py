"""Where an expression's text starts in its YAML file, for mapping error positions back to it."""

from __future__ import annotations

from dataclasses import dataclass

from offboard_policy.errors import SourcePos


@dataclass(frozen=True)
class ScalarOrigin:
    """The start of a YAML scalar that holds an expression.

    ``yamlio.PositionMap.content`` produces these; the expression package owns the class so
    that it can map positions without importing the YAML reader.
    """

    pos: SourcePos  # first character of the scalar's content
    block: bool  # literal/folded block scalar (| or >): lines map 1:1 from pos.line
    indent: int  # column (1-based) of block content lines


Origin = ScalarOrigin | SourcePos | None
"""What callers may pass as an expression's origin (a bare SourcePos is a one-line scalar)."""
