"""Policy layering: what a company policy may change in the statutory rules it builds on.

The small project in tests/layering/data: ``law.yaml`` (statutory: T-union blocking, T-writing
warning, the economic_compensation line with rule T-compensation, statutory parameters
notice_days and avg_wage with shenzhen listed as ``[]``) and ``company.yaml`` (extends it,
adds internal rules, raises, adds an extra month, fills the shenzhen gap, and sets a statutory
parameter under a declared deviation).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, finding, make_case, position, project, refused

from offboard_policy.engine import evaluate
from offboard_policy.policy import load_policy, read_policy
from offboard_policy.render import render

HEAD = """\
policy: child
version: "1"
extends: law.yaml
"""

DEVIATION = """\
deviations:
  - rule: {rule}
    reason: "Collective agreement, clause 4"
    approved_by: "Legal (W. Chen)"
    approved_on: 2026-03-01
"""


@pytest.fixture(scope="module")
def company() -> Any:
    return load_policy(DATA / "policies" / "company.yaml")


# -- allowed changes ----------------------------------------------------------------------------


def test_raising_a_statutory_severity_is_allowed(company: Any) -> None:
    report = evaluate(company, make_case(**{"termination.notice_in_writing": False}))
    f = finding(report, "T-writing")
    assert (f.severity, f.status) == ("blocking", "violation")  # warning in law.yaml
    assert report.verdict == "blocked"


def test_internal_check_may_be_lowered_freely(company: Any) -> None:
    report = evaluate(company, make_case(**{"steps.assets": [{"id": "LT-1"}]}))
    assert finding(report, "INT-laptop").severity == "warning"  # blocking in company.yaml


def test_extra_month_on_employer_initiated_termination(company: Any) -> None:
    report = evaluate(company, make_case())
    lines = {x.id: x for x in report.settlement}
    # The statutory line keeps N: 10 full years x 188413 / 12 = 157010.8333... -> 157010.83.
    assert lines["economic_compensation"].required == Decimal("157010.83")
    # The company's extra month is its own line beside it: 188413 / 12 = 15701.0833 -> 15701.08
    extra = lines["economic_compensation_extra"]
    assert extra.required == Decimal("15701.08")
    assert extra.rule == "INT-economic-compensation-extra"
    assert extra.proposed == Decimal("0.00")  # not in settlement.other
    assert "company" in extra.citation
    assert finding(report, "INT-economic-compensation-extra").status == "violation"
    assert "T-compensation" not in [f.rule for f in report.findings]  # N itself is met


def test_the_extra_is_proposed_through_settlement_other(company: Any) -> None:
    report = evaluate(company, make_case(**{"settlement.other": [
        {"id": "economic_compensation_extra", "amount": "15701.08"}]}))
    extra = next(x for x in report.settlement if x.id == "economic_compensation_extra")
    assert (extra.proposed, extra.shortfall) == (Decimal("15701.08"), Decimal("0.00"))


def test_extra_is_zero_for_an_employee_initiated_exit(company: Any) -> None:
    report = evaluate(company, make_case(**{"termination.initiated_by": "employee",
                                            "termination.ground": "resignation"}))
    line = next(x for x in report.settlement if x.id == "economic_compensation")
    assert line.required == Decimal("157010.83")
    extra = next(x for x in report.settlement if x.id == "economic_compensation_extra")
    assert extra.required == Decimal("0.00")


def test_a_negative_extra_cannot_lower_a_statutory_amount(tmp_path: Path) -> None:
    path = project(tmp_path, HEAD + """\
adjust:
  settlement:
    economic_compensation: {extra: "0 - compensation_monthly_base * 5"}
""")
    report = evaluate(load_policy(path), make_case())
    lines = {x.id: x for x in report.settlement}
    assert lines["economic_compensation"].required == Decimal("157010.83")  # unchanged
    assert lines["economic_compensation_extra"].required == Decimal("0.00")  # floored at 0


def test_supplying_a_missing_city_figure_is_allowed(company: Any) -> None:
    law = load_policy(DATA / "policies" / "law.yaml")
    shenzhen = make_case(**{"jurisdiction.city": "shenzhen",
                            "termination.initiated_by": "employee",
                            "termination.ground": "resignation"})
    # under the law alone, shenzhen has no verified figure: the line is incomplete
    assert finding(evaluate(law, shenzhen), "T-compensation").status == "incomplete"
    report = evaluate(company, shenzhen)
    line = next(x for x in report.settlement if x.id == "economic_compensation")
    assert line.required == Decimal("120000.00")  # 10 x 12000 from the company's figure
    (use,) = [p for p in report.parameters if p.name == "avg_wage"]
    assert use.source == "Shenzhen 2024 yearbook (company research)"


def test_a_city_the_table_does_not_list_may_be_supplied(tmp_path: Path) -> None:
    path = project(tmp_path, HEAD + """\
set:
  avg_wage: {city: wuhan, value: 9000, source: "Wuhan statistics bureau 2025"}
""")
    report = evaluate(load_policy(path), make_case(**{"jurisdiction.city": "wuhan"}))
    assert report.settlement[0].required == Decimal("90000.00")


def test_internal_parameters_may_be_set_freely(company: Any) -> None:
    report = evaluate(company, make_case())
    line = next(x for x in report.settlement if x.id == "company_bonus")
    assert line.required == Decimal("2000.00")  # 1000 in the internal table


def test_declared_deviation_allows_the_parameter_change(company: Any) -> None:
    assert company.params["notice_days"].national.entries[-1].value == Decimal(45)
    (dev,) = company.deviations
    assert (dev.rule, dev.policy, dev.approved_by) == ("params.notice_days", "company",
                                                       "Legal (W. Chen)")


def test_lowering_back_to_the_statutory_level_is_not_a_downgrade(tmp_path: Path) -> None:
    project(tmp_path, HEAD + "adjust:\n  checks:\n    T-writing: {severity: blocking}\n",
            name="raised.yaml")
    path = project_child(tmp_path, "policy: grandchild\nversion: \"1\"\nextends: raised.yaml\n"
                         "adjust:\n  checks:\n    T-writing: {severity: warning}\n")
    report = evaluate(load_policy(path), make_case(**{"termination.notice_in_writing": False}))
    assert finding(report, "T-writing").severity == "warning"


def project_child(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "proj" / "policies" / "grandchild.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- refused changes ----------------------------------------------------------------------------


@pytest.mark.parametrize("change, words", [
    ("{severity: warning}", "lowers statutory check 'T-union'"),
    ("{severity: info}", "from blocking to info"),
    ("{disabled: true}", "switches off statutory check 'T-union'"),
])
def test_downgrading_a_statutory_check_is_refused_with_its_position(
        tmp_path: Path, change: str, words: str) -> None:
    text = HEAD + f"adjust:\n  checks:\n    T-union: {change}\n"
    (diag,) = refused(project(tmp_path, text))
    line, column = position(text, "T-union:")
    assert (diag.code, Path(diag.file).name, diag.line, diag.column) == (
        "OP610", "child.yaml", line, column)
    assert words in diag.message
    assert "rules/law.yaml:" in diag.message  # where the statutory rule is defined
    assert "deviations: [{rule: T-union" in diag.message  # how to do it properly
    assert diag.field == "adjust.checks.T-union"
    assert diag.format().startswith(f"{diag.file}:{line}:{column}: adjust.checks.T-union: ")


def test_downgrade_with_a_deviation_is_accepted_and_reported(tmp_path: Path) -> None:
    text = (HEAD + "adjust:\n  checks:\n    T-union: {severity: warning}\n"
            + DEVIATION.format(rule="T-union"))
    policy = load_policy(project(tmp_path, text))
    report = evaluate(policy, make_case(**{"termination.union_notified_on": None}))
    f = finding(report, "T-union")
    assert (f.severity, report.verdict) == ("warning", "ready")
    (dev,) = report.deviations
    assert (dev.rule, dev.reason, dev.policy) == ("T-union", "Collective agreement, clause 4",
                                                  "child")
    contract = json.loads(render(report, "json", lang="en"))
    assert contract["deviations"] == [{
        "rule": "T-union", "reason": "Collective agreement, clause 4",
        "approved_by": "Legal (W. Chen)", "approved_on": "2026-03-01", "policy": "child"}]
    text_report = render(report, "text", lang="en", color=False)
    assert "Deviations" in text_report and "T-union" in text_report
    assert "Collective agreement, clause 4" in text_report


def test_disabling_with_a_deviation_removes_the_check(tmp_path: Path) -> None:
    text = (HEAD + "adjust:\n  checks:\n    T-union: {disabled: true}\n"
            + DEVIATION.format(rule="T-union"))
    policy = load_policy(project(tmp_path, text))
    assert "T-union" not in policy.check_index
    assert policy.definition.disabled == ("T-union",)
    report = evaluate(policy, make_case(**{"termination.union_notified_on": None}))
    assert "T-union" not in {f.rule for f in report.findings} | set(report.passed)
    assert [d.rule for d in report.deviations] == ["T-union"]


def test_a_parents_deviation_does_not_cover_a_childs_change(tmp_path: Path) -> None:
    project(tmp_path, HEAD + DEVIATION.format(rule="T-union"), name="parent.yaml")
    text = ("policy: grandchild\nversion: \"1\"\nextends: parent.yaml\n"
            "adjust:\n  checks:\n    T-union: {severity: info}\n")
    (diag,) = refused(project_child(tmp_path, text))
    assert (diag.code, diag.line) == ("OP610", position(text, "T-union:")[0])


@pytest.mark.parametrize("change, words, field", [
    ('{amount: "service_years * compensation_monthly_base / 2"}',
     "replaces the amount of statutory settlement line 'economic_compensation'",
     "adjust.settlement.economic_compensation.amount"),
    ("{disabled: true}", "switches off statutory settlement line",
     "adjust.settlement.economic_compensation"),
    ("{severity: warning}", "lowers the shortfall severity",
     "adjust.settlement.economic_compensation"),
])
def test_lowering_a_statutory_amount_is_refused(tmp_path: Path, change: str, words: str,
                                                field: str) -> None:
    text = HEAD + f"adjust:\n  settlement:\n    economic_compensation: {change}\n"
    (diag,) = refused(project(tmp_path, text))
    assert (diag.code, diag.line, diag.column) == (
        "OP611", *position(text, "economic_compensation:"))
    assert words in diag.message and "T-compensation" in diag.message
    assert diag.field == field


def test_replacing_a_statutory_amount_with_a_deviation(tmp_path: Path) -> None:
    text = (HEAD + "adjust:\n  settlement:\n    economic_compensation:\n"
            "      amount: service_years * compensation_monthly_base / 2\n"
            + DEVIATION.format(rule="T-compensation"))
    report = evaluate(load_policy(project(tmp_path, text)), make_case())
    assert report.settlement[0].required == Decimal("78505.42")  # 157010.8333 / 2
    assert [d.rule for d in report.deviations] == ["T-compensation"]


@pytest.mark.parametrize("setting", [
    "notice_days: {value: 20, source: \"HR\"}",
    "avg_wage: {value: 9000, source: \"HR\"}",                 # every city, beijing included
    "avg_wage: {city: beijing, value: 9000, source: \"HR\"}",  # beijing has a verified figure
])
def test_setting_a_statutory_parameter_is_refused(tmp_path: Path, setting: str) -> None:
    text = HEAD + "set:\n  " + setting + "\n"
    (diag,) = refused(project(tmp_path, text))
    name = setting.split(":")[0]
    assert (diag.code, diag.line, diag.column) == ("OP612", *position(text, setting))
    assert f"changes statutory parameter '{name}'" in diag.message
    assert f"rule: params.{name}" in diag.message
    assert "rules/law_params.yaml:" in diag.message


def test_every_refused_change_is_listed_at_once(tmp_path: Path) -> None:
    text = HEAD + """\
set:
  notice_days: {value: 20, source: "HR"}
adjust:
  checks:
    T-union: {disabled: true}
    T-writng: {severity: blocking}
  settlement:
    economic_compensation: {amount: "0"}
"""
    codes = sorted(d.code for d in refused(project(tmp_path, text)))
    assert codes == ["OP610", "OP611", "OP612", "OP613"]


def test_unknown_rule_in_adjust_suggests_the_right_one(tmp_path: Path) -> None:
    text = HEAD + "adjust:\n  checks:\n    T-unoin: {severity: blocking}\n"
    (diag,) = refused(project(tmp_path, text))
    assert diag.code == "OP613" and "did you mean 'T-union'" in diag.message


def test_adjusting_a_settlement_rule_as_a_check_points_to_the_line(tmp_path: Path) -> None:
    text = HEAD + "adjust:\n  checks:\n    T-compensation: {severity: blocking}\n"
    (diag,) = refused(project(tmp_path, text))
    assert "adjust.settlement.economic_compensation" in diag.message


def test_adjust_entries_are_schema_checked(tmp_path: Path) -> None:
    text = HEAD + "adjust:\n  checks:\n    T-union: {severity: low}\n"
    (diag,) = refused(project(tmp_path, text))
    assert diag.code == "OP204" and diag.line == position(text, "severity: low")[0]


# -- parameter table kinds ----------------------------------------------------------------------


def test_table_kind_defaults(tmp_path: Path) -> None:
    root = project(tmp_path)
    table = root / "rules" / "company_params.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace("kind: internal\n", ""),
                     encoding="utf-8")
    policy = read_policy(root / "policies" / "company.yaml")
    assert policy.params["bonus_amount"].kind == "internal"  # only an internal module names it
    assert policy.params["notice_days"].kind == "statutory"  # named by a policy: statutory


def test_a_policy_listed_internal_table_is_internal_when_it_says_so(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "rules" / "extra_params.yaml").write_text(
        "kind: internal\nparameters:\n  review_threshold:\n    type: money\n    values:\n"
        "      - {from: 2020-01-01, value: 100000, source: x}\n", encoding="utf-8")
    text = HEAD + ("parameters:\n  - ../rules/extra_params.yaml\n"
                   "set:\n  review_threshold: {value: 50000, source: y}\n")
    policy = read_policy(project_child(tmp_path, text))
    assert policy.params["review_threshold"].kind == "internal"
