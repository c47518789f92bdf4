"""The bundled policies, compiled once per test session and shared by every test that only reads
them (a compiled policy is immutable)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
"""The repository root: bundled policies, rules and fixtures live below it."""


@cache
def bundled_policy(policy: str = "policies/cn-beijing.yaml") -> Any:
    """``policy`` (a path relative to the repository root), compiled on first use."""
    from offboard_policy.policy import load_policy

    return load_policy(ROOT / policy)
