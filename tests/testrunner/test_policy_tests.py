"""``offboard-policy test``: file format, overrides, field-by-field failures, coverage, formats."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from offboard_policy.cli import main
from offboard_policy.testrunner import coverage_of, run_tests
from offboard_policy.testrunner.cases import set_path

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini" / "policies" / "mini.yaml"

BASE_CASE = """\
case_id: T-1
jurisdiction: {country: CN, city: beijing}
employee: {id: E1, hire_date: 2016-03-14}
termination:
  ground: no_fault_incompetence
  initiated_by: employer
  notice_date: 2026-08-31
  notice_in_writing: true
  last_working_day: 2026-09-30
  termination_date: 2026-09-30
steps: {exit_interview: {held_on: 2026-09-28, declined: false}}
settlement: {economic_compensation: "157010.83"}
"""


@pytest.fixture
def suite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A test folder with a base case and a test file against the mini policy."""
    (tmp_path / "base.yaml").write_text(BASE_CASE, encoding="utf-8")
    (tmp_path / "mini_test.yaml").write_text(textwrap.dedent(f"""\
        policy: {MINI}
        case_file: base.yaml
        tests:
          - name: ready
            expect:
              verdict: ready
              passed: [T-notice]
              settlement:
                # 10 full years (2016-03-14 .. 2026-10-01) x 188413 / 12 = 157010.83
                economic_compensation: "157010.83"
          - name: no exit interview
            set:
              steps.exit_interview.held_on: null
            expect:
              verdict: blocked
              findings: [{{rule: T-exit-interview, status: violation}}]
          - name: wrong on purpose
            set:
              termination.notice_date: 2026-09-20
            expect:
              verdict: ready
              no_findings: [{{rule: T-notice}}]
              settlement:
                economic_compensation: "157010.80"
        """), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_failure_shows_each_differing_field(suite: Path) -> None:
    out = CliRunner().invoke(main, ["test", "."])
    assert out.exit_code == 1
    assert out.output == (
        "FAIL mini_test.yaml::wrong on purpose (mini_test.yaml:17:5)\n"
        "    verdict: expected ready, got blocked (blocking: T-notice)\n"
        "    no_findings[T-notice]: expected no T-notice, got T-notice violation\n"
        "    settlement.economic_compensation.required: expected 157010.80, got 157010.83 "
        "(+0.03)\n"
        "2 passed, 1 failed\n"
    )


def test_k_selects_and_coverage_names_untested_rules(suite: Path) -> None:
    out = CliRunner().invoke(main, ["test", ".", "-k", "ready", "--coverage",
                                    "--scope", "all"])  # the mini module is statutory
    assert out.exit_code == 0
    assert out.output.splitlines()[:3] == [
        "1 passed, 2 deselected",
        "",
        "policy  tests  checks  fired  passed  lines  values  cover",
    ]
    assert "mini: checks never fired:" in out.output
    assert "  T-exit-interview" in out.output
    assert "T-needs-notice-writing" in out.output


def test_fail_under_and_json_coverage(suite: Path) -> None:
    out = CliRunner().invoke(main, ["test", ".", "-k", "interview", "-f", "json",
                                    "--fail-under", "99", "--coverage-report", "cov.json",
                                    "--scope", "all"])
    assert out.exit_code == 1
    doc = json.loads(out.output.split("coverage ")[0] if out.output.startswith("{")
                     else out.output)
    assert doc["summary"]["passed"] == 1
    (policy,) = doc["coverage"]["policies"]
    assert policy["policy"] == "mini"
    assert "T-notice" in policy["never_fired"]
    assert json.loads((suite / "cov.json").read_text(encoding="utf-8")) == doc["coverage"]


def test_junit_format(suite: Path) -> None:
    out = CliRunner().invoke(main, ["test", ".", "-f", "junit"])
    assert out.exit_code == 1
    assert 'tests="3" failures="1" errors="0"' in out.output
    assert "settlement.economic_compensation.required: expected 157010.80" in out.output


def test_bad_test_file_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "t.yaml").write_text("policy: nope.yaml\ntests:\n  - name: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["test", "t.yaml"])
    assert out.exit_code == 2
    assert out.output.startswith("t.yaml:3:5: tests[0]: missing required field 'expect' [OP203]")


def test_no_tests_match(suite: Path) -> None:
    out = CliRunner().invoke(main, ["test", ".", "-k", "zzz"])
    assert (out.exit_code, out.output) == (2, "Error: no tests match -k 'zzz'.\n")


def test_set_path() -> None:
    data: dict[str, object] = {"a": {"b": [{"c": 1}]}}
    set_path(data, "a.b[0].c", 2)
    set_path(data, "a.b[1].c", 3)
    set_path(data, "x.y", None)
    assert data == {"a": {"b": [{"c": 2}, {"c": 3}]}, "x": {"y": None}}
    with pytest.raises(ValueError, match="index 5 is past the end"):
        set_path(data, "a.b[5].c", 1)


def test_bundled_policy_tests_pass_with_coverage() -> None:
    run = run_tests([ROOT / "tests" / "policies"])
    failures = [f"{r.spec.id}: {r.outcome} {[str(m) for m in r.mismatches]} {r.error or ''}"
                for r in run.results if r.outcome not in ("passed", "skipped")]
    assert run.problems == [] and failures == []
    assert run.results, "no policy tests found in tests/policies"
    covs = coverage_of(run)
    assert {c.policy for c in covs} >= {"cn-beijing"}
    assert all(c.tests > 0 for c in covs)


def test_file_problems_go_to_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "t.yaml").write_text("policy: nope.yaml\ntests:\n  - name: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["test", "t.yaml"])
    assert out.exit_code == 2
    assert out.stderr.startswith("t.yaml:3:5: tests[0]: missing required field 'expect'")
    assert out.stdout == "1 file problem\n"  # the result; the diagnostics are on stderr
    as_json = CliRunner().invoke(main, ["test", "t.yaml", "-f", "json"])
    assert json.loads(as_json.stdout)["problems"][0]["code"] == "OP203"
    assert "missing required field 'expect'" in as_json.stderr


@pytest.mark.parametrize(("content", "looks_like"), [
    (BASE_CASE, "it looks like a case"),
    ("policy: p\nversion: '1'\ninclude: []\n", "it looks like a policy"),
    ("module: m\nchecks: []\n", "it looks like a rule module"),
    ("parameters: {}\n", "it looks like a parameter table"),
    ("just: a mapping\n", "it has no top-level 'tests:'"),
])
def test_a_file_that_is_not_a_test_file_is_named_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, looks_like: str
) -> None:
    (tmp_path / "x.yaml").write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["test", "x.yaml"])
    assert out.exit_code == 2
    assert out.stderr.startswith(f"x.yaml: not a policy test file ({looks_like}); a test file "
                                 "names a 'policy:' and lists 'tests:'")
    assert "did you mean" not in out.output and "unknown field" not in out.output


def test_the_bundled_case_fixture_is_not_a_test_file() -> None:
    out = CliRunner().invoke(main, ["test", str(ROOT / "fixtures/cases/contract-example.yaml")])
    assert out.exit_code == 2
    assert "not a policy test file (it looks like a case)" in out.stderr
    assert out.stderr.count("\n") == 1


def test_summary_line_counts_in_proper_english() -> None:
    from offboard_policy.testrunner.output import summary_line
    from offboard_policy.testrunner.run import RunResult, TestResult

    def result(outcome: str) -> TestResult:
        return TestResult(spec=None, outcome=outcome)  # type: ignore[arg-type]

    run = RunResult(results=[result("passed"), result("failed"), result("error")])
    assert summary_line(run) == "1 passed, 1 failed, 1 error"
    run.results.append(result("error"))
    assert summary_line(run) == "1 passed, 1 failed, 2 errors"


@pytest.mark.parametrize("target", ["mini_test.yaml", "base.yaml", str(MINI)])
def test_output_may_not_overwrite_what_the_tests_read(suite: Path, target: str) -> None:
    before = Path(target).read_bytes()
    out = CliRunner().invoke(main, ["test", ".", "-o", target])
    assert out.exit_code == 2
    assert out.stderr.startswith("Error: Invalid value for '--output': ")
    assert "would overwrite it" in out.stderr
    assert Path(target).read_bytes() == before


def test_coverage_report_and_output_must_differ(suite: Path) -> None:
    out = CliRunner().invoke(main, ["test", ".", "-o", "r.xml", "--coverage-report", "r.xml"])
    assert out.exit_code == 2
    assert "Invalid value for '--coverage-report': 'r.xml' is the --output file" in out.stderr
    assert not (suite / "r.xml").exists()
