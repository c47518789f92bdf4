"""``offboard-policy check`` end to end: the real loaders and engine on the bundled policy.

Amounts are the hand-worked ones written in the headers of ``fixtures/cases/*.yaml``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from clirun import clean_exit, run

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policies" / "cn-beijing.yaml"
CASES = ROOT / "fixtures" / "cases"
READY = CASES / "beijing-no-fault-ready.yaml"
BLOCKED = CASES / "pregnant-dismissal-blocked.yaml"


def test_ready_case_exits_0() -> None:
    result = run("check", READY, "--policy", POLICY, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["case_id"] == "FIX-BJ-NOFAULT-READY"
    assert report["verdict"] == "ready"
    # nothing blocking or to warn about (info findings, such as the income-tax note, may be)
    assert [f["rule"] for f in report["findings"] if f["severity"] != "info"] == []
    lines = {line["id"]: line for line in report["settlement"]["lines"]}
    assert lines["economic_compensation"]["required"] == "244750.00"  # 11 x 22250.00
    assert lines["annual_leave_payout"]["required"] == "6119.54"  # 3 x 2 x 266200 / 261
    assert lines["final_wages"]["required"] == "21000.00"
    assert report["settlement"]["total_required"] == "271869.54"  # 244750 + 6119.54 + 21000


def test_blocked_case_exits_1_with_exposure() -> None:
    result = run("check", BLOCKED, "-p", POLICY, "-f", "json")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["verdict"] == "blocked"
    finding = next(f for f in report["findings"] if f["rule"] == "CN-LCL-42-4-female")
    assert finding["severity"] == "blocking" and finding["status"] == "violation"
    assert finding["exposure"] == "489500.00"  # 2 x 11 x 22250.00 (LCL 87)


def test_text_report_in_both_languages() -> None:
    en = run("check", BLOCKED, "-p", POLICY, "--lang", "en")
    assert en.stdout.splitlines()[0] == "✗ BLOCKED — 1 blocking finding"
    assert "489,500.00 CNY" in en.stdout
    zh = run("check", READY, "-p", POLICY, "--lang", "zh")
    assert zh.exit_code == 0
    assert zh.stdout.splitlines()[0] == "✓ 可以结案"
    assert "244,750.00" in zh.stdout


def test_every_fixture_case_runs_and_several_make_an_array() -> None:
    cases = sorted(CASES.glob("*.yaml"))
    result = run("check", *cases, "-p", POLICY, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    reports = json.loads(result.stdout)
    assert len(reports) == len(cases)
    assert result.exit_code == (1 if any(r["verdict"] == "blocked" for r in reports) else 0)


def test_as_of_reaches_the_report() -> None:
    result = run("check", READY, "-p", POLICY, "-f", "json", "--as-of", "2026-10-15")
    assert json.loads(result.stdout)["as_of"] == "2026-10-15"


def test_invalid_case_field_exits_2_with_position(tmp_path: Path) -> None:
    text = READY.read_text(encoding="utf-8")
    bad_line = '{month: 2026-01, gross: "21,000", overtime: "800.00"}'
    text = text.replace('{month: 2026-01, gross: "21000.00", overtime: "800.00"}', bad_line)
    case = tmp_path / "bad.yaml"
    case.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if bad_line in t)
    result = run("check", case, "-p", POLICY)
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{case}:{line}:")
    assert "employee.wages.monthly[4].gross" in first and "[OP5" in first
    assert result.stdout == ""
    assert clean_exit(result)


def test_yaml_error_in_one_case_reports_all_and_prints_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("case_id: [\n", encoding="utf-8")
    result = run("check", READY, broken, "-p", POLICY)
    assert result.exit_code == 2
    assert f"{broken}:2:1: YAML syntax error" in result.stderr
    assert "[OP1" in result.stderr
    assert result.stdout == ""
    assert clean_exit(result)


def test_invalid_policy_exits_2(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("policy: [\n", encoding="utf-8")
    result = run("check", READY, "-p", policy)
    assert result.exit_code == 2
    assert "policy.yaml:2:1: YAML syntax error" in result.stderr
    assert clean_exit(result)


def _console_script() -> str:
    """The installed ``offboard-policy`` (beside this interpreter in a venv, else on PATH)."""
    beside = Path(sys.executable).parent / "offboard-policy"
    found = str(beside) if beside.exists() else shutil.which("offboard-policy")
    assert found, "the offboard-policy command is not installed (pip install -e .)"
    return found


def test_real_process_exit_codes_and_streams(tmp_path: Path) -> None:
    """The console script, as a real process (the one smoke test of it; every other CLI test
    runs in-process)."""
    env = {**os.environ, "OFFBOARD_POLICY_LANG": "en",
           "OFFBOARD_POLICY_CACHE": str(tmp_path / "cache")}

    def cli(*args: object) -> subprocess.CompletedProcess[str]:
        argv = [_console_script(), *map(str, args)]
        return subprocess.run(argv, capture_output=True, text=True, env=env, check=False,
                              cwd=tmp_path)

    ready = cli("check", READY, "-p", POLICY)
    assert (ready.returncode, ready.stdout.splitlines()[0], ready.stderr) == (0, "✓ READY", "")
    assert "\x1b[" not in ready.stdout  # a pipe is not a terminal: no colour
    blocked = cli("check", BLOCKED, "-p", POLICY, "-o", tmp_path / "r.md", "-f", "markdown")
    assert (blocked.returncode, blocked.stdout) == (1, "")
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("## ✗ BLOCKED")
    bad = cli("check", tmp_path / "missing.yaml", "-p", POLICY)
    assert bad.returncode == 2 and "does not exist" in bad.stderr
    assert "Traceback" not in bad.stderr
