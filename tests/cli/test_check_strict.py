"""`check --strict` refuses a policy whose approval record no longer matches its content."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from offboard_policy.cli import main

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
CASE = """\
case_id: T-1
jurisdiction: {country: CN, city: beijing}
employee: {id: E1, hire_date: 2016-03-14}
termination: {ground: no_fault_incompetence, initiated_by: employer, notice_date: 2026-08-31,
              notice_in_writing: true, last_working_day: 2026-09-30, termination_date: 2026-09-30}
steps: {exit_interview: {held_on: 2026-09-28, declined: false}}
settlement: {economic_compensation: "157010.83"}
"""


def stale_policy(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(MINI, tmp_path / "mini")
    policy = tmp_path / "mini" / "policies" / "mini.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + (
        'approval: {by: "Legal", on: 2026-11-01, digest: "sha256:' + "0" * 64 + '"}\n'),
        encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    return policy, case


def test_stale_approval_is_a_warning_by_default(tmp_path: Path) -> None:
    policy, case = stale_policy(tmp_path)
    result = CliRunner().invoke(main, ["check", str(case), "-p", str(policy), "--no-cache",
                                       "--lang", "en", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "[OP620]" in result.stderr
    assert [n["code"] for n in json.loads(result.stdout)["notices"]] == ["OP620"]


def test_stale_approval_is_an_error_under_strict(tmp_path: Path) -> None:
    policy, case = stale_policy(tmp_path)
    result = CliRunner().invoke(main, ["check", str(case), "-p", str(policy), "--no-cache",
                                       "--strict"])
    assert result.exit_code == 2
    assert "[OP620]" in result.stderr
    assert result.stdout == ""


def test_no_trace_leaves_the_trace_out(tmp_path: Path) -> None:
    import json

    policy, case = stale_policy(tmp_path)
    full = CliRunner().invoke(main, ["check", str(case), "-p", str(policy), "--no-cache",
                                     "-f", "json"])
    lean = CliRunner().invoke(main, ["check", str(case), "-p", str(policy), "--no-cache",
                                     "-f", "json", "--no-trace"])
    assert json.loads(full.stdout)["trace"] != []
    assert json.loads(lean.stdout)["trace"] == []
    assert json.loads(lean.stdout)["settlement"] == json.loads(full.stdout)["settlement"]
