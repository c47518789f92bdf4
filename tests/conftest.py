"""Shared test fixtures: run a case through a bundled policy and get the JSON report contract."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests.bundled import ROOT, bundled_policy


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
    report = evaluate(bundled_policy(policy), model, as_of=as_of)
    result: dict[str, Any] = to_contract_dict(report, lang)
    return result


@pytest.fixture(scope="session", autouse=True)
def _policy_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The compiled-policy cache of every CLI run in the suite: a temporary folder, never the
    user's ``~/.cache`` (a test that needs its own sets ``OFFBOARD_POLICY_CACHE`` itself)."""
    folder = tmp_path_factory.mktemp("policy-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OFFBOARD_POLICY_CACHE", str(folder))
        yield folder


@pytest.fixture
def check_case() -> Callable[..., dict[str, Any]]:
    """``check_case(case, policy="policies/cn-beijing.yaml", as_of=None, lang="en") -> dict``."""
    return run_check


# -- hypothesis: one profile for every run of the suite ---------------------------------------
# No deadline (the suite shares a small machine; a slow example is not a failure) and no
# example database (nothing written into the tree). Example counts are set per test; the
# security fuzzers scale with $OFFBOARD_FUZZ_EXAMPLES for a long local run.
settings.register_profile("ci", deadline=None, database=None)
settings.load_profile("ci")


# -- the suite's CPU time, printed at the end (.ci/run shows it) ------------------------------

def _cpu_seconds() -> float:
    """User + system CPU of this process and of every child process it has waited for."""
    try:
        import resource
    except ImportError:  # Windows: os.times() has no child times there
        times = os.times()
        return times.user + times.system
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line: the CPU seconds the session used, subprocesses included."""
    terminalreporter.write_line(f"CPU time: {_cpu_seconds():.1f} s (this process and its "
                                "children, user + system)")
