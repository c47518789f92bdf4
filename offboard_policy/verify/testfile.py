"""A counterexample as a ready-to-commit policy test file (the format of tests/policies/).

The case is written inline. Where the invariant says what the right outcome is (the
statutory amount a line must reach, a verdict that must be ``blocked``), the test expects
that, so it fails until the policy is fixed; otherwise (a policy's own invariant) it expects
today's outcome and the header says which invariant fails and why, for the author to turn
the broken expectation around.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from .model import Counterexample, VerifyResult


def render_test_file(result: VerifyResult, policy_path: Path, test_dir: Path) -> str:
    """The YAML text of the test file, with ``policy:`` relative to ``test_dir``."""
    found = result.counterexample
    assert found is not None
    v = found.violation
    expect = _expect(found)
    header = [
        "# yaml-language-server: $schema=../../offboard_policy/schemas/policytest.schema.json",
        "#",
        f"# Found by: offboard-policy verify {policy_path.as_posix()} --seed {result.seed}",
        f"# Invariant {v.invariant} fails: {v.message}",
    ]
    if v.expect:
        header.append("# The expectations below are what the invariant requires: this test "
                      "fails until the policy is fixed.")
    else:
        header.append("# The expectations below are today's outcome; change the one the "
                      "invariant is about to what the policy promises, then fix the policy.")
    body = {
        "policy": Path(os.path.relpath(policy_path.resolve(), test_dir.resolve())).as_posix(),
        "tests": [{"name": f"verify: {v.invariant} (seed {result.seed})", "case": found.case,
                   "expect": expect}],
    }
    text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + text


def _expect(found: Counterexample) -> dict[str, Any]:
    expect: dict[str, Any] = {"verdict": found.observed["verdict"]}
    lines = dict(found.observed["settlement"])
    if "verdict" in found.violation.expect:
        expect["verdict"] = found.violation.expect["verdict"]
    lines.update(found.violation.expect.get("settlement", {}))
    if lines:
        # A bare null means "the line does not apply"; one that cannot be computed is
        # written {required: null}.
        expect["settlement"] = {k: {"required": None} if v is None else v
                                for k, v in lines.items()}
    return expect
