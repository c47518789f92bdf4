"""Shared test fixtures: run a case through a bundled policy and get the JSON report contract."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
"""The repository root: bundled policies, rules and fixtures live below it."""


@cache
def _compiled(policy: str) -> Any:
    from offboard_policy.policy import load_policy

    return load_policy(ROOT / policy)


def run_check(case: dict[str, Any] | str | Path, policy: str = "policies/cn-beijing.yaml",
              as_of: date | None = None, lang: str = "en") -> dict[str, Any]:
    """Check ``case`` (a contract dict or a path) and return the JSON report as a dict."""
    from offboard_policy.case import load_case, parse_case
    from offboard_policy.engine import evaluate
    from offboard_policy.render.json import to_contract_dict

    if isinstance(case, str | Path):
        path = Path(case)
        model = load_case(path if path.is_absolute() else ROOT / path)
    else:
        model = parse_case(case, display="<test case>")
    report = evaluate(_compiled(policy), model, as_of=as_of)
    result: dict[str, Any] = to_contract_dict(report, lang)
    return result


@pytest.fixture
def check_case() -> Callable[..., dict[str, Any]]:
    """``check_case(case, policy="policies/cn-beijing.yaml", as_of=None, lang="en") -> dict``."""
    return run_check
