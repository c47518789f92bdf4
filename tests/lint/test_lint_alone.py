"""Lint of a module alone (types against the statutory namespace), ``--fail-on``, and one code
for a stale approval in the tool and the docs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from offboard_policy.cli import main
from offboard_policy.lint import lint_paths

ROOT = Path(__file__).resolve().parents[2]

DATE_VS_MONEY = """\
module: company.x
kind: internal
checks:
  - id: CO-date-money
    severity: warning
    assert: termination.termination_date > settlement.economic_compensation
    message: {zh: 测试, en: Test}
    citation: Company procedure §1
"""

USES_STATUTORY = """\
module: company.y
kind: internal
checks:
  - id: CO-uses-statutory
    severity: warning
    when: compensation_due and params.compensation_cap_years > 0
    assert: steps.handover.checklist_complete
    message: {zh: 测试, en: Test}
    citation: Company procedure §2
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "policies").mkdir()
    shutil.copy(ROOT / "policies" / "cn-statutory.yaml", tmp_path / "policies")
    (tmp_path / "rules" / "company").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_module_alone_is_type_checked_against_the_statutory_namespace(project: Path) -> None:
    Path("rules/company/x.yaml").write_text(DATE_VS_MONEY, encoding="utf-8")
    result = lint_paths(["rules/company/x.yaml"])
    got = [(d.code, d.file, d.line, d.column, d.severity) for d in result.diagnostics]
    assert got == [("OP403", "rules/company/x.yaml", 6, 13, "error")]
    assert "cannot compare a date with a number" in result.diagnostics[0].message
    assert result.exit_code == 1


def test_module_alone_may_use_statutory_values_parameters_and_its_siblings(
        project: Path) -> None:
    Path("rules/company/y.yaml").write_text(USES_STATUTORY, encoding="utf-8")
    assert lint_paths(["rules/company/y.yaml"]).diagnostics == []
    # a bundled company module reading values of the other modules of its folder
    assert lint_paths(["rules/internal/steps/handover.yaml"]).diagnostics == []


def test_without_a_statutory_policy_a_module_alone_is_only_parsed(
        project: Path) -> None:
    Path("rules/company/x.yaml").write_text(DATE_VS_MONEY, encoding="utf-8")
    Path("policies/cn-statutory.yaml").unlink()
    assert lint_paths(["rules/company/x.yaml"]).diagnostics == []


def test_fail_on_and_one_code_for_a_stale_approval(project: Path) -> None:
    runner = CliRunner()
    approve = runner.invoke(main, ["approve", "policies/cn-statutory.yaml", "--by", "Legal"])
    assert approve.exit_code == 0, approve.output
    union = Path("rules/cn/union.yaml")
    union.write_text(union.read_text(encoding="utf-8").replace(
        "title: {zh:", "title:  {zh:", 1) + "\n# a comment does not change the digest\n",
        encoding="utf-8")
    assert runner.invoke(main, ["lint", "policies/cn-statutory.yaml"]).exit_code == 0
    text = union.read_text(encoding="utf-8").replace("(LCL Art. 43)", "(LCL Art. 43 para 1)")
    union.write_text(text, encoding="utf-8")
    default = runner.invoke(main, ["lint", "policies/cn-statutory.yaml"])
    assert default.exit_code == 0  # --fail-on error: a warning is printed, not a failure
    assert "warning: " in default.stdout and "[OP620]" in default.stdout
    strict = runner.invoke(main, ["lint", "policies/cn-statutory.yaml", "--fail-on", "warning"])
    assert strict.exit_code == 1
    check = runner.invoke(main, ["check", str(ROOT / "fixtures/cases/beijing-no-fault-ready.yaml"),
                                 "-p", "policies/cn-statutory.yaml", "--no-cache"])
    assert "[OP620]" in check.stderr  # the same code in check


def test_docs_name_the_code_the_tool_reports_for_a_stale_approval() -> None:
    from offboard_policy.codes import APPROVAL_STALE as CODE_STALE

    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    op709 = next(line for line in ci.splitlines() if line.startswith("| OP709 |"))
    assert "stale" not in op709
    assert f"A stale approval (the policy's content changed after its `approval:` digest was " \
           f"recorded) is\n{CODE_STALE}" in ci
