"""offboard-policy plan: every blocked fixture gets a checked plan (or the unlawful answer)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from offboard_policy.case import load_case, parse_case
from offboard_policy.engine import evaluate
from offboard_policy.plan import make_plan, render_plan
from offboard_policy.plan.actors import actor_for
from offboard_policy.plan.data import case_data, to_yaml
from offboard_policy.plan.fixes import editable
from offboard_policy.testing import cases
from offboard_policy.yamlio import load_yaml_text
from tests.bundled import bundled_policy

ROOT = Path(__file__).resolve().parents[2]
POLICY_OF = {"cases": "cn-beijing.yaml", "internet": "example-internet.yaml",
             "manufacturing": "example-manufacturing.yaml"}
"""Which bundled policy each fixture folder is written for."""
UNLAWFUL = {"pregnant-dismissal-blocked.yaml"}


def _fixtures() -> list[Path]:
    return sorted((ROOT / "fixtures").glob("*/*.yaml"))


def _policy(folder: str):  # type: ignore[no-untyped-def]
    return bundled_policy(f"policies/{POLICY_OF[folder]}")


def test_every_fixture_folder_has_a_policy() -> None:
    assert {p.parent.name for p in _fixtures()} == set(POLICY_OF)


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_plan_makes_every_blocked_fixture_ready(path: Path) -> None:
    policy = _policy(path.parent.name)
    case = load_case(path)
    before = evaluate(policy, case)
    plan = make_plan(policy, case, display=str(path))
    if path.name in UNLAWFUL:
        assert plan.outcome == "unlawful" and plan.patched is None
        return
    if before.verdict == "ready":
        assert plan.outcome == "ready" and plan.steps == ()
        return
    assert plan.outcome == "fixable" and plan.steps
    # Checked here again, independently of the planner: the patched case, written as YAML
    # and read back like any case file, is ready.
    assert plan.patched is not None
    text = to_yaml(plan.patched)
    again = parse_case(load_yaml_text(text, display="patched").data, display="patched")
    assert evaluate(policy, again).verdict == "ready"
    for step in plan.steps:
        assert step.rules and step.changes and step.value


def test_contract_example_plan() -> None:
    """fixtures/cases/contract-example.yaml, worked from its header:
    - notice 2026-09-20 + 30 days = 2026-10-20 > 2026-09-30: ending on 2026-10-20 keeps the
      notice as it is; otherwise the month's wage in lieu, August 2026 gross = 21,000.00;
    - the N window 2025-09 .. 2026-08 lacks 2025-09: recorded (assumed 21,000.00, the nearest
      month), N = 11 months x 267,000 / 12 = 11 x 22,250.00 = 244,750.00 against 220,500.00
      proposed: shortfall 24,250.00."""
    policy = _policy("cases")
    plan = make_plan(policy, load_case(ROOT / "fixtures/cases/contract-example.yaml"))
    assert plan.notice is not None
    assert str(plan.notice.earliest_termination) == "2026-10-20"
    assert plan.notice.pay_in_lieu == Decimal("21000.00")
    by_field = {s.field: s for s in plan.steps}
    wages = by_field["employee.wages.monthly"]
    assert wages.assumption and wages.actor == "payroll" and "2025-09" in wages.value
    assert "2025-08" not in wages.value  # only the month the window lacks
    assert by_field["steps.legal_review.approved_on"].actor == "legal"
    assert by_field["steps.accounts"].actor == "it"
    assert by_field["steps.file_and_social_insurance_transferred_on"].value.endswith(
        "2026-10-15")  # LCL 50: 15 days after 2026-09-30
    lines = {i.id: i for i in plan.settlement}
    assert lines["economic_compensation"].required == Decimal("244750.00")
    assert lines["economic_compensation"].shortfall == Decimal("24250.00")
    assert lines["notice_pay_in_lieu"].shortfall == Decimal("21000.00")


def test_pregnant_dismissal_cannot_be_made_lawful() -> None:
    """Fixture header: exposure 2 x 11 x 22,250.00 = 489,500.00; by mutual agreement N is
    11 x 22,250.00 = 244,750.00; the case does not say when the protection ends."""
    policy = _policy("cases")
    plan = make_plan(policy, load_case(ROOT / "fixtures/cases/pregnant-dismissal-blocked.yaml"))
    assert plan.outcome == "unlawful"
    assert plan.unlawful_rules == ("CN-LCL-42-4-female",)
    assert plan.exposure == Decimal("489500.00")
    alts = {a.id: a for a in plan.alternatives}
    assert alts["mutual_agreement"].amount == Decimal("244750.00")
    assert alts["wait"].date is None and "does not record" in alts["wait"].description
    text = render_plan(plan, "text")
    assert "Cannot be made lawful" in text and "489,500.00" in text


def test_medical_period_gives_the_date_protection_ends() -> None:
    """Sick leave from 2026-03-01 (MED Art. 3): hired 2016-03-14, so 9 full years here; 14
    years of work in the case, less the 7 months since, is still 10 or more in all: 10+ in
    all and 5 to under 10 here -> 9 months; 2026-03-01 + 9 months = 2026-12-01."""
    policy = _policy("cases")
    data = case_data(load_case(ROOT / "fixtures/cases/pregnant-dismissal-blocked.yaml"))
    data["employee"]["protected_statuses"] = ["medical_treatment_period"]
    data["employee"]["sick_leave_start"] = data["termination"]["notice_date"].replace(
        year=2026, month=3, day=1)
    data["termination"]["ground"] = "no_fault_illness"
    plan = make_plan(policy, parse_case(data, display="sick"))
    assert plan.outcome == "unlawful"
    wait = {a.id: a for a in plan.alternatives}["wait"]
    assert wait.date is not None and "2026-12-01" in wait.description


def test_actor_table() -> None:
    assert actor_for("steps.accounts[2].revoked_on") == "it"
    assert actor_for("steps.handover.signed_by_successor_on") == "line_manager"
    assert actor_for("steps.legal_review.approved_on") == "legal"
    assert actor_for("steps.termination_certificate_issued_on") == "hr"
    assert actor_for("settlement.other") == "payroll"
    assert actor_for("employee.wages.monthly") == "payroll"
    assert actor_for("steps.approvals[0].on", role="hr") == "hr"


def test_history_is_never_changed() -> None:
    data = case_data(load_case(ROOT / "fixtures/cases/contract-example.yaml"))
    for path in ("termination.ground", "termination.notice_date", "termination.termination_date",
                 "employee.protected_statuses", "employee.hire_date"):
        assert not editable(path, data)
    assert editable("steps.legal_review.approved_on", data)
    assert editable("termination.union_notified_on", data)
    assert not editable("employee.birth_date", data)  # recorded: a fact, not a plan step


def test_plan_json_is_plain_data() -> None:
    import json

    policy = _policy("internet")
    plan = make_plan(policy, load_case(ROOT / "fixtures/internet/blocked-account-open.yaml"))
    data = json.loads(render_plan(plan, "json"))
    assert data["outcome"] == "fixable" and data["verdict_after"] == "ready"
    assert data["steps"][0]["actor"] == "it"
    assert all(isinstance(line["required"], str) for line in data["settlement"])
    patched = json.loads(json.dumps(plan.to_dict(with_patched=True)))["patched_case"]
    assert evaluate(policy, parse_case(patched, display="json")).verdict == "ready"


_INTERNET = bundled_policy("policies/example-internet.yaml")


@settings(max_examples=15, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_plan_property_never_unchecked_advice(raw: dict[str, object]) -> None:
    """For generated cases: a fixable plan's patched case is ready (checked again here), an
    unresolved one names what is missing, an unlawful one carries no patch; the planner
    never fails on them."""
    case = parse_case(raw, display="generated")
    plan = make_plan(_INTERNET, case)
    if plan.outcome == "fixable":
        assert plan.patched is not None
        assert evaluate(_INTERNET, parse_case(plan.patched, display="p")).verdict == "ready"
    elif plan.outcome == "unresolved":
        assert plan.missing and plan.patched is None
    elif plan.outcome == "unlawful":
        assert plan.patched is None and plan.alternatives
    else:
        assert evaluate(_INTERNET, case).verdict == "ready"
