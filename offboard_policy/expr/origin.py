"""Where a scalar's text starts in its file, so expression positions map back to the source."""

from __future__ import annotations

from dataclasses import dataclass

from offboard_policy.errors import SourcePos


@dataclass(frozen=True)
class ScalarOrigin:
    pos: SourcePos
    block: bool
    indent: int
