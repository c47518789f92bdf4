"""Each fixture case's report under the live rules is the one recorded in tests/expected/reports/
(see tests/expected/__init__.py; re-record with ``python -m tests.expected --record``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.expected import ROOT, difference, expected_file, load_policy_named, pairs, stale_files

PAIRS = list(pairs())


@pytest.mark.parametrize(("policy", "case"), PAIRS,
                         ids=[f"{p}:{c.relative_to(ROOT).as_posix()}" for p, c in PAIRS])
def test_report_is_the_recorded_one(policy: str, case: Path) -> None:
    assert expected_file(policy, case).exists(), (
        f"no recorded report for {case.name} under {policy}: "
        "run `python -m tests.expected --record` and review the new file")
    diff = difference(policy, case)
    if diff:  # the diff alone, without pytest's repetition of both strings
        pytest.fail("the live report differs from the recorded one; if the change is intended, "
                    "re-record with `python -m tests.expected --record` and commit the files "
                    "with it:\n" + diff, pytrace=False)


def test_every_recorded_report_belongs_to_a_fixture_case() -> None:
    assert len(PAIRS) >= 14
    assert stale_files() == []


@pytest.mark.parametrize(("policy", "case"), PAIRS,
                         ids=[f"{p}:{c.relative_to(ROOT).as_posix()}" for p, c in PAIRS])
def test_trace_off_changes_nothing_but_the_trace(policy: str, case: Path) -> None:
    """``evaluate(..., trace=False)`` (the batch's fast path) decides exactly the same."""
    from offboard_policy.case import load_case
    from offboard_policy.engine import evaluate
    from offboard_policy.render.json import to_contract_dict

    model = load_case(case)
    full = evaluate(load_policy_named(policy), model, trace=True)
    lean = evaluate(load_policy_named(policy), model, trace=False)
    for lang in ("en", "zh"):
        with_trace, without = to_contract_dict(full, lang), to_contract_dict(lean, lang)
        assert with_trace.pop("trace") and without.pop("trace") == []
        assert with_trace == without, lang
    assert (full.passed, full.not_applicable) == (lean.passed, lean.not_applicable)
