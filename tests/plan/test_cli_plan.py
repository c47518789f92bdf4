"""The ``plan`` command: formats, exit codes, --write-patched, and the planner-bug path."""

from __future__ import annotations

import json
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


def test_a_case_the_planner_cannot_fix_is_an_internal_error(tmp_path: Path) -> None:
    """Notice dated after the termination (CN-DATA-notice-date): nothing HR may change clears
    it, so no plan is printed; the message says so and the exit status is 2."""
    text = CONTRACT.read_text(encoding="utf-8").replace(
        "notice_date: 2026-09-20", "notice_date: 2026-10-20")
    case = tmp_path / "late-notice.yaml"
    case.write_text(text, encoding="utf-8")
    result = run("plan", case, "-p", BEIJING, env={"OFFBOARD_POLICY_CACHE": str(tmp_path)})
    assert result.exit_code == 2 and clean_exit(result)
    assert "internal error" in result.stderr and "CN-DATA-notice-date" in result.stderr
    assert "[OP950]" in result.stderr and result.stdout == ""


def test_bad_case_is_an_input_error(tmp_path: Path) -> None:
    case = tmp_path / "bad.yaml"
    case.write_text("case_id: X\n", encoding="utf-8")
    result = run("plan", case, "-p", BEIJING, env={"OFFBOARD_POLICY_CACHE": str(tmp_path)})
    assert result.exit_code == 2 and clean_exit(result)
    assert "bad.yaml" in result.stderr
