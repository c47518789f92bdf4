"""Engine semantics on a small test policy: lazy values, parameters, waivers, incomplete data."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.case import parse_case
from offboard_policy.engine import evaluate
from offboard_policy.policy import load_policy
from tests.dotted import with_changes

MINI = Path(__file__).resolve().parent.parent / "data" / "mini" / "policies" / "mini.yaml"

BASE: dict[str, Any] = {
    "case_id": "T-1",
    "jurisdiction": {"country": "CN", "city": "beijing"},
    "employee": {"id": "E1", "hire_date": "2016-03-14"},
    "termination": {
        "ground": "no_fault_incompetence",
        "initiated_by": "employer",
        "notice_date": "2026-08-31",
        "notice_in_writing": True,
        "last_working_day": "2026-09-30",
        "termination_date": "2026-09-30",
    },
    "steps": {"exit_interview": {"held_on": "2026-09-28", "declined": False}},
    "settlement": {"economic_compensation": "157010.83"},
}


def case(**changes: Any) -> Any:
    """The base case with dotted-path changes: ``case(**{"termination.notice_date": None})``."""
    return parse_case(with_changes(BASE, changes), display="<test>")


@pytest.fixture(scope="module")
def policy() -> Any:
    return load_policy(MINI)


def finding(report: Any, rule: str) -> Any:
    matches = [f for f in report.findings if f.rule == rule]
    assert matches, f"no finding {rule}: {[f.rule for f in report.findings]}"
    return matches[0]


def test_ready_case_and_amount(policy: Any) -> None:
    report = evaluate(policy, case())
    assert report.verdict == "ready"
    # the mini table's 2024 figure is marked approximate: an info note, nothing else
    assert [(f.rule, f.severity) for f in report.findings] == [
        ("OP-approximate-parameter", "info")]
    (line,) = report.settlement
    # 2016-03-14 .. 2026-09-30 inclusive: 10 full years; cap/3 = 188413 / 12 (2024 figure);
    # 10 x 188413 / 12 = 157010.8333... -> 157010.83
    assert line.required == Decimal("157010.83")
    assert line.proposed == Decimal("157010.83")
    assert line.basis is not None and line.basis.en == "10 years"


def test_shortfall_is_a_blocking_violation(policy: Any) -> None:
    report = evaluate(policy, case(**{"settlement.economic_compensation": "150000"}))
    f = finding(report, "T-compensation")
    assert (f.status, f.severity) == ("violation", "blocking")
    assert "7,010.83" in f.message.en
    assert report.settlement[0].shortfall == Decimal("7010.83")


def test_violation_carries_exposure_and_filled_message(policy: Any) -> None:
    report = evaluate(policy, case(**{"termination.notice_date": "2026-09-10"}))
    assert report.verdict == "blocked"
    f = finding(report, "T-notice")
    assert f.status == "violation"
    # exposure = cap x 2 = 188413 x 3 / 12 x 2 = 94206.50
    assert f.exposure == Decimal("94206.50")
    assert f.message.en == "Notice short of 30 days (2026-09-10)."


def test_absent_data_makes_the_check_incomplete(policy: Any) -> None:
    report = evaluate(policy, case(**{"termination.notice_in_writing": None}))
    f = finding(report, "T-needs-notice-writing")
    assert f.status == "incomplete"
    assert "termination.notice_in_writing" in f.fields
    assert report.verdict == "ready"  # a warning does not block


def test_values_are_lazy_and_traced(policy: Any) -> None:
    report = evaluate(policy, case())
    traced = {t.value: t for t in report.trace}
    assert "never_used" not in traced
    assert traced["service_end"].result == date(2026, 10, 1)
    assert traced["service_years"].inputs["service_end"] == date(2026, 10, 1)
    assert traced["service_years"].result == Decimal(10)
    assert traced["cap"].citation == "LCL 47"


def test_city_without_figure_is_incomplete_only_where_needed(policy: Any) -> None:
    report = evaluate(policy, case(**{"jurisdiction.city": "shenzhen"}))
    (line,) = report.settlement
    assert line.required is None
    f = finding(report, "T-compensation")
    assert f.status == "incomplete"
    assert f.fields[0] == "params.avg_wage"
    assert "shenzhen" in f.message.en
    # the notice check passed without needing the figure
    assert "T-notice" in report.passed


def test_as_of_selects_the_dated_value(policy: Any) -> None:
    report = evaluate(policy, case(), as_of=date(2024, 1, 1))
    (line,) = report.settlement
    # 2019 figure: 127107 / 12 x 10 = 105922.50
    assert line.required == Decimal("105922.50")
    (use,) = [p for p in report.parameters if p.name == "avg_wage"]
    assert use.effective_from == date(2019, 8, 16)


def test_waiver_of_a_waivable_check(policy: Any) -> None:
    c = case(**{"steps.exit_interview.held_on": None,
                "waivers": [{"rule": "T-exit-interview", "approved_by": "H1",
                             "reason": "sick leave", "expires_on": "2026-12-31"}]})
    report = evaluate(policy, c)
    f = finding(report, "T-exit-interview")
    assert f.status == "waived"
    assert f.waiver is not None and f.waiver.approved_by == "H1"
    assert report.verdict == "ready"


def test_expired_waiver_is_a_finding(policy: Any) -> None:
    c = case(**{"steps.exit_interview.held_on": None,
                "waivers": [{"rule": "T-exit-interview", "approved_by": "H1",
                             "reason": "sick leave", "expires_on": "2026-09-01"}]})
    report = evaluate(policy, c)
    assert finding(report, "T-exit-interview").status == "violation"
    assert finding(report, "OP-waiver-expired").severity == "warning"
    assert report.verdict == "blocked"


def test_waiver_of_a_non_waivable_check_is_void(policy: Any) -> None:
    c = case(**{"termination.notice_date": None,
                "waivers": [{"rule": "T-notice", "approved_by": "H1", "reason": "x",
                             "expires_on": None}]})
    report = evaluate(policy, c)
    assert finding(report, "T-notice").status == "violation"
    assert finding(report, "OP-waiver-not-waivable").status == "violation"
    assert report.verdict == "blocked"


def test_findings_are_ordered_by_severity(policy: Any) -> None:
    c = case(**{"termination.notice_date": None, "termination.notice_in_writing": None})
    report = evaluate(policy, c)
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, key=["blocking", "warning", "info"].index)


def test_same_input_same_report(policy: Any) -> None:
    assert evaluate(policy, case()) == evaluate(policy, case())


@pytest.mark.parametrize(("city", "days"), [("beijing", 0), ("shenzhen", 3), ("xian", 3)])
def test_city_table_falls_back_to_the_wildcard(policy: Any, city: str, days: int) -> None:
    report = evaluate(policy, case(**{"jurisdiction.city": city}))
    (use,) = [p for p in report.parameters if p.name == "grace_days"]
    assert use.value == Decimal(days)


def test_waiver_of_an_unknown_rule_is_a_finding_with_a_suggestion(policy: Any) -> None:
    c = case(**{"steps.exit_interview.held_on": None,
                "waivers": [{"rule": "T-exit-intreview", "approved_by": "H1",
                             "reason": "typo", "expires_on": None}]})
    report = evaluate(policy, c)
    assert finding(report, "T-exit-interview").status == "violation"
    problem = finding(report, "OP-waiver-unknown-rule")
    assert problem.severity == "warning"
    assert "did you mean T-exit-interview?" in problem.message.en


def test_a_proposed_payment_that_is_not_owed_stays_in_the_totals(tmp_path: Path) -> None:
    module = (MINI.parent.parent / "rules" / "core.yaml").read_text(encoding="utf-8").replace(
        "    amount: service_years * cap / 3",
        '    when: termination.initiated_by == "employer"\n    amount: service_years * cap / 3')
    shutil.copytree(MINI.parent.parent, tmp_path / "mini")
    (tmp_path / "mini" / "rules" / "core.yaml").write_text(module, encoding="utf-8")
    policy = load_policy(tmp_path / "mini" / "policies" / "mini.yaml")
    report = evaluate(policy, case(**{"termination.initiated_by": "employee",
                                      "termination.ground": "resignation"}))
    (line,) = report.settlement
    assert (line.required, line.proposed, line.shortfall) == (
        Decimal("0.00"), Decimal("157010.83"), Decimal("0.00"))
    assert report.total_proposed == Decimal("157010.83")
    assert "T-compensation" not in [f.rule for f in report.findings]


def test_the_report_does_not_depend_on_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from offboard_policy.render import render

    here = render(evaluate(load_policy(MINI), case(**{"termination.notice_date": None})), "json")
    monkeypatch.chdir(tmp_path)
    there = render(evaluate(load_policy(MINI), case(**{"termination.notice_date": None})), "json")
    assert here == there
    assert '"source": "rules/core.yaml:' in here
