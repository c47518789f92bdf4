"""The ``plan`` command: formats, exit codes, --write-patched, and the planner-bug path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from offboard_policy.case import load_case
from offboard_policy.engine import evaluate
from offboard_policy.policy import load_policy
from tests.cli.clirun import clean_exit, run

ROOT = Path(__file__).resolve().parents[2]
BEIJING = ROOT / "policies" / "cn-beijing.yaml"
CONTRACT = ROOT / "fixtures" / "cases" / "contract-example.yaml"
PREGNANT = ROOT / "fixtures" / "cases" / "pregnant-dismissal-blocked.yaml"


def test_text_plan_groups_steps_by_actor(tmp_path: Path) -> None:
    result = run("plan", CONTRACT, "-p", BEIJING, env={"OFFBOARD_POLICY_CACHE": str(tmp_path)})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for heading in ("HR", "IT", "Legal", "Payroll", "Notice", "Minimum compliant settlement"):
        assert f"\n{heading}" in out
    assert "2026-10-20" in out and "21,000.00" in out


def test_write_patched_writes_a_ready_case(tmp_path: Path) -> None:
    patched = tmp_path / "patched.yaml"
    result = run("plan", CONTRACT, "-p", BEIJING, "-f", "json", "--write-patched", patched,
                 env={"OFFBOARD_POLICY_CACHE": str(tmp_path)})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["verdict_after"] == "ready"
    text = patched.read_text(encoding="utf-8")
    assert text.startswith("# Written by offboard-policy plan")
    assert evaluate(load_policy(BEIJING), load_case(patched)).verdict == "ready"


def test_unlawful_case_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    patched = tmp_path / "patched.yaml"
    result = run("plan", PREGNANT, "-p", BEIJING, "-f", "markdown",
                 env={"OFFBOARD_POLICY_CACHE": str(tmp_path)})
    assert result.exit_code == 1
    assert "## Lawful alternatives" in result.stdout and "489,500.00" in result.stdout
    result = run("plan", PREGNANT, "-p", BEIJING, "--write-patched", patched,
                 env={"OFFBOARD_POLICY_CACHE": str(tmp_path)})
    assert result.exit_code == 2 and not patched.exists()
    assert "cannot be made lawful" in result.stderr


IMPOSSIBLE_MODULE = """\
module: internal.impossible
kind: internal
title: {zh: 不可能的规则, en: An impossible rule}
checks:
  - id: TEST-archive-late
    title: {zh: 归档, en: Archive}
    severity: blocking
    assert: >-
      steps.termination_certificate_issued_on is not none
      and steps.termination_certificate_issued_on > add_days(termination.termination_date, 400)
    message: {zh: 归档日期不对。, en: The archive date is wrong.}
    citation: test
    fields: [steps.termination_certificate_issued_on]
"""
IMPOSSIBLE_POLICY = """\
policy: impossible
version: "test"
extends: cn-beijing.yaml
include: [../rules/internal/impossible.yaml]
"""


def test_a_case_the_planner_cannot_fix_is_an_internal_error(tmp_path: Path) -> None:
    """A blocking check on a recorded field the planner may set, that no date it tries
    satisfies (a certificate 400 days late): no plan is printed, the message
    says it is the planner's failure, exit 2."""
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "policies", root / "policies")
    shutil.copytree(ROOT / "rules", root / "rules")
    (root / "rules" / "internal" / "impossible.yaml").write_text(IMPOSSIBLE_MODULE,
                                                                  encoding="utf-8")
    policy = root / "policies" / "impossible.yaml"
    policy.write_text(IMPOSSIBLE_POLICY, encoding="utf-8")
    ready = ROOT / "fixtures" / "cases" / "beijing-no-fault-ready.yaml"
    result = run("plan", ready, "-p", policy, env={"OFFBOARD_POLICY_CACHE": str(tmp_path)})
    assert result.exit_code == 2 and clean_exit(result)
    assert "internal error" in result.stderr and "TEST-archive-late" in result.stderr
    assert "[OP950]" in result.stderr and result.stdout == ""


def test_contradicting_records_are_reported_not_planned(tmp_path: Path) -> None:
    """Notice dated after the termination (CN-DATA-notice-date): nothing HR may change clears
    it; the plan says which records contradict the rule, exit 1."""
    text = CONTRACT.read_text(encoding="utf-8").replace(
        "notice_date: 2026-09-20", "notice_date: 2026-10-20")
    case = tmp_path / "late-notice.yaml"
    case.write_text(text, encoding="utf-8")
    result = run("plan", case, "-p", BEIJING, env={"OFFBOARD_POLICY_CACHE": str(tmp_path)})
    assert result.exit_code == 1 and clean_exit(result)
    assert "No plan can make this case ready yet" in result.stdout
    assert "contradict CN-DATA-notice-date" in result.stdout


def test_bad_case_is_an_input_error(tmp_path: Path) -> None:
    case = tmp_path / "bad.yaml"
    case.write_text("case_id: X\n", encoding="utf-8")
    result = run("plan", case, "-p", BEIJING, env={"OFFBOARD_POLICY_CACHE": str(tmp_path)})
    assert result.exit_code == 2 and clean_exit(result)
    assert "bad.yaml" in result.stderr
