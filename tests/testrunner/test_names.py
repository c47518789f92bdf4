"""Policy tests that cannot pass by mistake: unknown names (OP803), empty expectations (OP804),
and ``waived:`` expectations."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner

from offboard_policy.cli import main
from offboard_policy.testrunner import run_tests
from offboard_policy.testrunner.names import field_path_problem

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini" / "policies" / "mini.yaml"
BEIJING = ROOT / "policies" / "cn-beijing.yaml"
READY = ROOT / "fixtures" / "cases" / "beijing-no-fault-ready.yaml"

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


def _suite(tmp_path: Path, tests: str, policy: Path = MINI) -> Path:
    (tmp_path / "base.yaml").write_text(BASE_CASE, encoding="utf-8")
    path = tmp_path / "t_test.yaml"
    path.write_text(f"policy: {policy}\ncase_file: base.yaml\ntests:\n"
                    + textwrap.indent(textwrap.dedent(tests), "  "), encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    run = run_tests([path])
    return [d.format(with_source=False) for d in run.problems]


def test_misspelt_rule_in_no_findings_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    path = _suite(tmp_path, """\
        - name: misspelt
          expect:
            no_findings: [{rule: T-exit-intervew}]
        """)
    run = run_tests([path])
    assert run.results == []  # the file's tests are not run
    (problem,) = run.problems
    assert problem.code == "OP803"
    assert (problem.line, problem.column) == (6, 28)
    assert "rule 'T-exit-intervew' is not in policy mini" in problem.message
    assert "did you mean 'T-exit-interview'?" in problem.message


def test_misspelt_settlement_line_and_field_path(tmp_path: Path) -> None:
    path = _suite(tmp_path, """\
        - name: misspelt line
          set:
            termination.notice_dat: 2026-08-30
          expect:
            settlement: {econmic_compensation: null}
            passed: [T-notice]
        """)
    problems = _problems(path)
    assert len(problems) == 2
    assert any("settlement line 'econmic_compensation' is not in policy mini (did you mean "
               "'economic_compensation'?)" in p and ":8:" in p for p in problems)
    assert any("set termination.notice_dat: not a case field: termination has no field "
               "'notice_dat' (did you mean 'notice_date'?)" in p and ":6:" in p
               for p in problems)


def test_every_list_of_rule_ids_is_checked(tmp_path: Path) -> None:
    path = _suite(tmp_path, """\
        - name: all lists
          expect:
            findings: [{rule: T-nope-1}]
            passed: [T-nope-2]
            not_applicable: [T-nope-3]
            waived: [T-nope-4]
        """)
    problems = _problems(path)
    assert [p.split("rule '")[1].split("'")[0] for p in problems] == [
        "T-nope-1", "T-nope-2", "T-nope-3", "T-nope-4"]


def test_engine_waiver_findings_and_line_rules_are_known(tmp_path: Path) -> None:
    path = _suite(tmp_path, """\
        - name: known names
          expect:
            no_findings: [{rule: OP-waiver-expired}, {rule: T-compensation}]
            settlement: {economic_compensation: "157010.83"}
        """)
    run = run_tests([path])
    assert run.problems == []
    assert run.ok


def test_a_test_that_expects_nothing_is_an_error(tmp_path: Path) -> None:
    path = _suite(tmp_path, """\
        - name: nothing
          expect:
            findings: []
            settlement: {}
        """)
    (problem,) = run_tests([path]).problems
    assert problem.code == "OP804"
    assert "test 'nothing' expects nothing" in problem.message


def test_total_required_null_is_an_expectation(tmp_path: Path) -> None:
    path = _suite(tmp_path, """\
        - name: null total
          set: {employee.hire_date: null}
          expect:
            total_required: null
        """)
    run = run_tests([path])
    assert all(d.code != "OP804" for d in run.problems)


def test_waived_expectation(tmp_path: Path) -> None:
    path = _suite(tmp_path, """\
        - name: waived exit interview
          set:
            steps.exit_interview.held_on: null
            waivers:
              - {rule: T-exit-interview, approved_by: HR, reason: remote, expires_on: 2027-01-01}
          expect:
            waived: [T-exit-interview]
        - name: not waived without the waiver
          set:
            steps.exit_interview.held_on: null
          expect:
            waived: [T-exit-interview]
        """)
    run = run_tests([path])
    assert run.problems == []
    assert [r.outcome for r in run.results] == ["passed", "failed"]
    (mismatch,) = run.results[1].mismatches
    assert str(mismatch) == "waived[T-exit-interview]: expected waived, got violation"


def test_cli_misspelt_id_against_the_bundled_policy_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bj_test.yaml"
    path.write_text(textwrap.dedent(f"""\
        policy: {BEIJING}
        case_file: {READY}
        tests:
          - name: no notice finding
            expect:
              no_findings: [{{rule: CN-LCL-40-notce}}]
        """), encoding="utf-8")
    result = CliRunner().invoke(main, ["test", str(path)])
    assert result.exit_code == 2
    assert ("t_test" not in result.stderr and
            "rule 'CN-LCL-40-notce' is not in policy cn-beijing (did you mean "
            "'CN-LCL-40-notice'?) [OP803]" in result.stderr)
    assert f"{path}:6:28" in result.stderr


def test_field_paths() -> None:
    assert field_path_problem("employee.wages.monthly[3].gross") is None
    assert field_path_problem("extra.anything.below") is None
    assert field_path_problem("employee.hire_date.year") == (
        "employee.hire_date has no fields (it is a value)")
    assert field_path_problem("employeee.id") == (
        "the case has no field 'employeee' (did you mean 'employee'?)")
    assert field_path_problem("employee[0]") == "employee is not a list"
