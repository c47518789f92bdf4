"""Where an expression's text starts in its YAML file, for mapping error positions back to it."""

from __future__ import annotations

from offboard_policy.errors import SourcePos
from offboard_policy.paths import ScalarOrigin

Origin = ScalarOrigin | SourcePos | None
"""What callers may pass as an expression's origin (a bare SourcePos is a one-line scalar)."""

__all__ = ["Origin", "ScalarOrigin"]
