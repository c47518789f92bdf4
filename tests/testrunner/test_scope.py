"""``test --coverage --scope own|all``: a company policy is measured against its own rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from offboard_policy.cli import main
from offboard_policy.policy import load_policy
from offboard_policy.testrunner.scope import owned

ROOT = Path(__file__).resolve().parents[2]

COMPANY_MODULE = """\
module: acme.badge
kind: internal
checks:
  - id: ACME-handover-checklist
    severity: warning
    assert: steps.handover.checklist_complete == true
    message: {zh: 交接清单未完成。, en: The handover checklist is not complete.}
    citation: ACME offboarding procedure §1
"""

COMPANY_POLICY = """\
policy: acme
version: "1"
extends: cn-statutory.yaml
include:
  - ../rules/acme/*.yaml
"""

TESTS = """\
policy: ../policies/acme.yaml
case_file: ../fixtures/beijing-no-fault-ready.yaml
tests:
  - name: checklist complete
    set: {steps.handover.checklist_complete: true}
    expect:
      passed: [ACME-handover-checklist]
  - name: checklist open
    set: {steps.handover.checklist_complete: false}
    expect:
      findings: [{rule: ACME-handover-checklist, status: violation}]
"""


@pytest.fixture
def company(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the statutory library and a company policy with one rule."""
    shutil.copytree(ROOT / "rules" / "cn", tmp_path / "rules" / "cn")
    (tmp_path / "policies").mkdir()
    shutil.copy(ROOT / "policies" / "cn-statutory.yaml", tmp_path / "policies")
    (tmp_path / "rules" / "acme").mkdir()
    (tmp_path / "rules" / "acme" / "badge.yaml").write_text(COMPANY_MODULE, encoding="utf-8")
    (tmp_path / "policies" / "acme.yaml").write_text(COMPANY_POLICY, encoding="utf-8")
    (tmp_path / "fixtures").mkdir()
    shutil.copy(ROOT / "fixtures" / "cases" / "beijing-no-fault-ready.yaml",
                tmp_path / "fixtures")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "acme.yaml").write_text(TESTS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_own_rules_of_a_company_policy(company: Path) -> None:
    own = owned(load_policy("policies/acme.yaml"))
    assert own.checks == {"ACME-handover-checklist"}
    assert own.lines == frozenset() and own.values == frozenset()


def test_one_rule_one_test_file_reaches_100_percent_with_scope_own(company: Path) -> None:
    out = CliRunner().invoke(main, ["test", "tests", "--fail-under", "100", "-f", "json"])
    assert out.exit_code == 0, out.output
    (cov,) = json.loads(out.stdout)["coverage"]["policies"]
    # one check, two outcomes (fired, passed), both covered: 2 / 2
    assert (cov["scope"], cov["covered"], cov["total"], cov["percent"]) == ("own", 2, 2, 100.0)


def test_scope_all_counts_the_statutory_library(company: Path) -> None:
    out = CliRunner().invoke(main, ["test", "tests", "--scope", "all", "--fail-under", "80"])
    assert out.exit_code == 1
    assert "(scope: all)" in out.stdout
    assert "checks never fired:" in out.stdout
    assert "rules/cn/" in out.stdout  # uncovered statutory rules listed by file:line:col
    assert "is under --fail-under 80%" in out.stderr


def test_uncovered_own_rules_are_listed_by_position(company: Path) -> None:
    out = CliRunner().invoke(main, ["test", "tests", "-k", "complete", "--coverage"])
    assert out.exit_code == 0
    assert "acme: checks never fired:" in out.stdout
    assert "ACME-handover-checklist  rules/acme/badge.yaml:4:5" in out.stdout
    assert "total coverage: 50.0% (scope: own)" in out.stdout


def test_extra_line_of_a_company_policy_is_its_own() -> None:
    own = owned(load_policy(ROOT / "policies" / "example-internet.yaml"))
    assert "economic_compensation_extra" in own.lines
    assert "economic_compensation" not in own.lines
    assert "INT-handover-tasks" in own.checks
    assert not any(c.startswith("CN-") for c in own.checks)


def test_policy_without_extends_owns_its_internal_modules() -> None:
    own = owned(load_policy(ROOT / "policies" / "cn-beijing.yaml"))
    assert own.checks and all(c.startswith("INT-") for c in own.checks)
