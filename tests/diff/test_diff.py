"""``offboard-policy diff``: semantic change, impact on cases, git revisions, formats."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from offboard_policy.cli import main

ROOT = Path(__file__).resolve().parents[2]
CAP4 = """
set:
  compensation_cap_multiplier: {value: 4, source: "test: cap raised to 4x"}
deviations:
  - {rule: params.compensation_cap_multiplier, reason: "test: raise the cap",
     approved_by: tester, approved_on: 2026-11-01}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """policies/, rules/ and fixtures/cases copied; policies/cap4.yaml raises the Art. 47 cap."""
    for sub in ("policies", "rules", "fixtures/cases"):
        shutil.copytree(ROOT / sub, tmp_path / sub)
    base = (tmp_path / "policies" / "cn-beijing.yaml").read_text(encoding="utf-8")
    (tmp_path / "policies" / "cap4.yaml").write_text(base + CAP4, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cap_raise_lists_cases_whose_amounts_change(project: Path) -> None:
    out = CliRunner().invoke(main, ["diff", "policies/cn-beijing.yaml", "policies/cap4.yaml",
                                    "--cases", "fixtures/cases"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "policy diff: policies/cn-beijing.yaml -> policies/cap4.yaml"
    assert "~ parameter compensation_cap_multiplier from 2008-01-01: 3 -> 4 " \
           "(source: test: cap raised to 4x)" in lines
    # Only the high earner is above the 3x cap: 12 x 47103.25 = 565239.00 before; with 4x
    # the cap (62804.33) is above the base 60000, so N = 17 x 60000 = 1020000.00, and HR's
    # proposed 565239.00 is now short: the case becomes blocked.
    assert lines[lines.index("") + 1:] == [
        "impact on 8 cases: 1 verdict change, 1 with changed findings, 1 with changed "
        "amounts (net +454,761.00 CNY)",
        "  FIX-BJ-HIGH-EARNER (fixtures/cases/high-earner-cap.yaml): total +454,761.00",
        "      verdict: ready -> blocked",
        "      economic_compensation: 565,239.00 -> 1,020,000.00 (+454,761.00)",
        "      + finding CN-LCL-47-compensation violation",
    ]


def test_json_and_markdown(project: Path) -> None:
    runner = CliRunner()
    doc = json.loads(runner.invoke(main, ["diff", "policies/cn-beijing.yaml",
                                          "policies/cap4.yaml", "--cases", "fixtures/cases",
                                          "-f", "json"]).output)
    assert doc["parameters"][1] == {"name": "compensation_cap_multiplier", "city": None,
                                    "from": "2008-01-01", "change": "changed", "before": "3",
                                    "after": "4", "source": "test: cap raised to 4x"}
    (case,) = doc["impact"]["changed"]
    assert (case["case_id"], case["delta"]) == ("FIX-BJ-HIGH-EARNER", "454761.00")
    md = runner.invoke(main, ["diff", "policies/cn-beijing.yaml", "policies/cap4.yaml",
                              "--cases", "fixtures/cases", "-f", "markdown"]).output
    assert md.startswith("### Policy change: `policies/cn-beijing.yaml` → `policies/cap4.yaml`")
    assert "| `FIX-BJ-HIGH-EARNER` | ready → **blocked** | +454,761.00 |" in md


def test_no_change_and_exit_code(project: Path) -> None:
    runner = CliRunner()
    same = runner.invoke(main, ["diff", "policies/cn-beijing.yaml", "policies/cn-beijing.yaml",
                                "--exit-code"])
    assert (same.exit_code, same.output) == (
        0, "policy diff: policies/cn-beijing.yaml -> policies/cn-beijing.yaml\n"
           "no semantic change\n")
    changed = runner.invoke(main, ["diff", "policies/cn-beijing.yaml", "policies/cap4.yaml",
                                   "--exit-code"])
    assert changed.exit_code == 1


def test_git_revision_operand(project: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    git("init", "-q")
    git("add", "policies", "rules")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    stat = project / "rules" / "cn" / "params" / "statutory.yaml"
    stat.write_text(stat.read_text(encoding="utf-8").replace(
        "- {from: 2008-01-01, value: 3, source:", "- {from: 2008-01-01, value: 4, source:"),
        encoding="utf-8")
    out = CliRunner().invoke(main, ["diff", "HEAD:policies/cn-beijing.yaml",
                                    "policies/cn-beijing.yaml"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0] == \
        "policy diff: HEAD:policies/cn-beijing.yaml -> policies/cn-beijing.yaml"
    assert "~ parameter compensation_cap_multiplier from 2008-01-01: 3 -> 4" in out.output


def test_usage_errors(project: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["diff", "nope.yaml", "policies/cap4.yaml"])
    assert missing.exit_code == 2
    assert missing.output.startswith("nope.yaml: no such policy file")
    bad_rev = runner.invoke(main, ["diff", "no-such-rev:policies/x.yaml", "policies/cap4.yaml"])
    assert bad_rev.exit_code == 2


def test_unreadable_case_prints_the_diff_and_exits_2(project: Path) -> None:
    (project / "fixtures" / "cases" / "zz-broken.yaml").write_text("case_id: [\n",
                                                                  encoding="utf-8")
    for extra in ([], ["--exit-code"]):
        out = CliRunner().invoke(main, ["diff", "policies/cn-beijing.yaml", "policies/cap4.yaml",
                                        "--cases", "fixtures/cases", *extra])
        assert out.exit_code == 2
        assert "~ parameter compensation_cap_multiplier from 2008-01-01: 3 -> 4" in out.stdout
        assert ("impact on 8 cases (1 case could not be checked): 1 verdict change, "
                "1 with changed findings") in out.stdout
        assert "could not check" not in out.stdout  # diagnostics belong on stderr
        assert out.stderr.startswith("fixtures/cases/zz-broken.yaml:2:1: YAML syntax error")
        assert out.stderr.endswith("Error: 1 case could not be checked; the impact leaves it "
                                   "out.\n")
    doc = json.loads(CliRunner().invoke(main, ["diff", "policies/cn-beijing.yaml",
                                               "policies/cap4.yaml", "--cases",
                                               "fixtures/cases", "-f", "json"]).stdout)
    assert doc["impact"]["unreadable"] == ["fixtures/cases/zz-broken.yaml"]


def test_unknown_revision_is_named(project: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    out = CliRunner().invoke(main, ["diff", "nosuchrev:policies/cn-beijing.yaml",
                                    "policies/cap4.yaml"])
    assert out.exit_code == 2
    assert out.stderr == ("nosuchrev:policies/cn-beijing.yaml: unknown git revision 'nosuchrev' "
                          "(give a branch, tag or commit, e.g. main or HEAD~1) [OP901]\n")


def test_revision_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    out = CliRunner().invoke(main, ["diff", "main:policies/x.yaml",
                                    str(ROOT / "policies" / "cn-beijing.yaml")])
    assert out.exit_code == 2
    assert "is not in a git repository" in out.stderr


@pytest.mark.parametrize("target", ["policies/cap4.yaml", "fixtures/cases/short-tenure.yaml"])
def test_output_may_not_overwrite_an_input(project: Path, target: str) -> None:
    before = Path(target).read_bytes()
    out = CliRunner().invoke(main, ["diff", "policies/cn-beijing.yaml", "policies/cap4.yaml",
                                    "--cases", "fixtures/cases", "-o", target])
    assert out.exit_code == 2
    assert out.stderr.startswith(f"Error: Invalid value for '--output': '{target}' is ")
    assert Path(target).read_bytes() == before


def test_impact_summary_counts_in_proper_english() -> None:
    from offboard_policy.diff.impact import Impact
    from offboard_policy.diff.output import impact_summary

    assert impact_summary(Impact(cases=1)) == (
        "1 case: 0 verdict changes, 0 with changed findings, 0 with changed amounts "
        "(net 0.00 CNY)")
