"""Properties and fuzzing: loaders fail only with their own errors; amounts obey the law's shape.

Cases come from the seeded generator (``offboard_policy.testing``; realistic, wide spread) and
run under the bundled Beijing policy. Example counts keep the suite fast; for a long local run:

    OFFBOARD_FUZZ_EXAMPLES=5000 pytest tests/security/test_properties.py

(The expression parser's own fuzzing and the differential test of the compiled closures
against a reference tree-walking evaluator live in ``tests/expr/test_expr_properties.py``.)
"""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from seckit import FUZZ_EXAMPLES, PARAMS_YAML, POLICY_YAML, Project, module
from seckit import check as make_check

from offboard_policy.case import parse_case
from offboard_policy.engine import evaluate
from offboard_policy.errors import OffboardError
from offboard_policy.policy import load_policy
from offboard_policy.report.model import Report
from offboard_policy.testing import cases
from tests.bundled import bundled_policy

POLICY = bundled_policy("policies/cn-beijing.yaml")
ZERO = Decimal(0)
FAST = settings(max_examples=FUZZ_EXAMPLES or 30,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture])


def check(case: dict[str, Any]) -> Report:
    return evaluate(POLICY, parse_case(case, display="generated"))


def required(report: Report, line_id: str = "economic_compensation") -> Decimal | None:
    for line in report.settlement:
        if line.id == line_id:
            return line.required
    return None


def trace(report: Report) -> dict[str, Any]:
    return {t.value: t.result for t in report.trace}


def parameter(report: Report, name: str) -> Any:
    return next(u.value for u in report.parameters if u.name == name)


# -- amounts ------------------------------------------------------------------------------------


@FAST
@given(cases())
def test_amounts_are_never_negative_and_shortfall_is_required_minus_proposed(
    case: dict[str, Any],
) -> None:
    report = check(case)
    for line in report.settlement:
        assert line.proposed >= ZERO
        if line.required is None:
            assert line.shortfall is None
            assert any(f.rule == line.rule and f.status == "incomplete" for f in report.findings)
            continue
        assert line.required >= ZERO, line
        assert line.required == line.required.quantize(Decimal("0.01"))
        assert line.shortfall == max(line.required - line.proposed, ZERO)
        has_finding = any(f.rule == line.rule and f.status in ("violation", "waived")
                          for f in report.findings)
        assert (line.shortfall > 0) <= has_finding  # a shortfall is always reported
    for finding in report.findings:
        assert finding.exposure is None or finding.exposure >= ZERO
    total = report.total_required
    assert total is None or total == sum((x.required or ZERO for x in report.settlement), ZERO)


def _with_earlier_hire(case: dict[str, Any], days: int) -> dict[str, Any]:
    out = copy.deepcopy(case)
    employee = out["employee"]
    old = date.fromisoformat(employee["hire_date"])
    new = (old - timedelta(days=days)).isoformat()
    employee["hire_date"] = new
    contract = employee.get("contract") or {}
    if contract.get("start") == old.isoformat():
        contract["start"] = new
    if contract.get("signed_on") == old.isoformat():
        contract["signed_on"] = new
    return out


@FAST
@given(cases(city="beijing"), st.integers(min_value=1, max_value=3000))
def test_compensation_never_decreases_when_tenure_grows(case: dict[str, Any],
                                                       days: int) -> None:
    before = required(check(case))
    after = required(check(_with_earlier_hire(case, days)))
    assume(before is not None and after is not None)
    assert after >= before, (case["employee"]["hire_date"], days, before, after)


def _scaled_wages(case: dict[str, Any], factor: Decimal) -> dict[str, Any]:
    out = copy.deepcopy(case)
    for month in out["employee"]["wages"]["monthly"]:
        for key in ("gross", "overtime"):
            if key in month:
                month[key] = str((Decimal(month[key]) * factor).quantize(Decimal("0.01")))
    return out


@FAST
@given(cases(city="beijing"), st.decimals(min_value=1, max_value=3, places=2))
def test_compensation_never_decreases_when_the_wage_grows_below_the_cap(
    case: dict[str, Any], factor: Decimal
) -> None:
    low, high = check(case), check(_scaled_wages(case, factor))
    before, after = required(low), required(high)
    assume(before is not None and after is not None)
    assume(not trace(low).get("n_cap_applies") and not trace(high).get("n_cap_applies"))
    assert after >= before, (factor, before, after)


@FAST
@given(cases(city="beijing", where=lambda c: c["employee"]["hire_date"] >= "2008-01-01"),
       st.decimals(min_value=3, max_value=20, places=1))
def test_capped_compensation_never_exceeds_twelve_times_three_average_wages(
    case: dict[str, Any], factor: Decimal
) -> None:
    report = check(_scaled_wages(case, factor))
    amount = required(report)
    assume(amount is not None and trace(report).get("n_cap_applies"))
    average = parameter(report, "average_monthly_wage")
    assert amount <= (12 * 3 * average).quantize(Decimal("0.01")), (amount, average)


def test_the_cap_properties_are_not_vacuous() -> None:
    """Over a fixed sample, the cap applies to some cases and not to others."""
    import random

    from offboard_policy.testing import generate_case

    seen = set()
    for seed in range(300):
        case = generate_case(random.Random(seed))
        case["jurisdiction"]["city"] = "beijing"
        report = check(case)
        if required(report) is not None:
            seen.add(bool(trace(report).get("n_cap_applies")))
    assert seen == {True, False}


# -- loaders: arbitrary and mutated input fails only with the package's own errors ---------------

_MODULE = """\
module: sec
kind: internal
values:
  months: count(w for w in employee.wages.monthly if w.gross > params.avg)
checks:
  - id: SEC-check
    severity: blocking
    when: termination.initiated_by == "employer"
    assert: months >= 0 and employee.hire_date <= termination.termination_date
    message: {zh: "{months} 个月", en: "{months} months"}
    citation: test
settlement:
  - id: extra
    rule: SEC-line
    amount: max(0, months * 100 - 50)
    citation: test
"""

_ALPHABET = st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?\n\t _.()+/<=0123456789aeknoprstw\\\x00"
                                 "é中\ufeff"))


def _load_or_refuse(project: Project) -> None:
    try:
        load_policy(project.policy)
    except OffboardError as exc:
        assert exc.diagnostics and all(d.code.startswith("OP") for d in exc.diagnostics)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project(tmp_path_factory.mktemp("fuzz"))


@settings(max_examples=FUZZ_EXAMPLES or 60,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(min_value=0, max_value=len(_MODULE)),
                                st.integers(min_value=0, max_value=3),
                                st.text(_ALPHABET, max_size=3)),
                      min_size=1, max_size=4),
       role=st.sampled_from(["module", "policy", "parameters"]))
def test_mutated_rule_files_load_or_fail_with_positioned_errors(
    edits: list[tuple[int, int, str]], role: str, fuzz_project: Project
) -> None:
    texts = {"module": _MODULE, "policy": POLICY_YAML, "parameters": PARAMS_YAML}
    text = texts[role]
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut:]
    fuzz_project.write_module(_MODULE)
    fuzz_project.policy.write_text(POLICY_YAML, encoding="utf-8")
    fuzz_project.params_path.write_text(PARAMS_YAML, encoding="utf-8")
    target = {"module": fuzz_project.module_path, "policy": fuzz_project.policy,
              "parameters": fuzz_project.params_path}[role]
    target.write_text(text, encoding="utf-8")
    _load_or_refuse(fuzz_project)


@settings(max_examples=FUZZ_EXAMPLES or 50,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_arbitrary_text_as_a_rule_module(text: str, fuzz_project: Project) -> None:
    fuzz_project.policy.write_text(POLICY_YAML, encoding="utf-8")
    fuzz_project.module_path.write_bytes(text.encode("utf-8", "surrogatepass"))
    _load_or_refuse(fuzz_project)


_EXPR_ALPHABET = st.sampled_from(
    ["employee", "termination", ".", "hire_date", "wages", "monthly", "gross", "params", "avg",
     "(", ")", "[", "]", "1", "0.5", "'x'", '"', " ", "+", "-", "*", "/", "**", "<", "==",
     " and ", " or ", "not ", " if ", " else ", " for ", " in ", "w", "sum", "count", "min",
     "date", "add_days", "__class__", "lambda", ":", ",", "{", "}", "none", "true", "months"])


@settings(max_examples=FUZZ_EXAMPLES or 60,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(expr=st.lists(_EXPR_ALPHABET, min_size=1, max_size=25).map("".join),
       place=st.sampled_from(["assert", "when", "formula", "amount", "placeholder"]))
def test_token_soup_in_any_expression_place_loads_or_is_refused(
    expr: str, place: str, fuzz_project: Project
) -> None:
    from seckit import POLICY_YAML

    fuzz_project.policy.write_text(POLICY_YAML, encoding="utf-8")
    if place == "formula":
        data = module(values={"v": expr}, checks=[make_check("true")])
    elif place == "amount":
        data = module(settlement=[{"id": "x", "rule": "SEC-line", "amount": expr,
                                   "citation": "c"}])
    elif place == "placeholder":
        data = module(checks=[make_check("false", message={"zh": "x", "en": "{" + expr + "}"})])
    else:
        data = module(checks=[make_check("true", **{place: expr})] if place == "when"
                      else [make_check(expr)])
    fuzz_project.module_path.write_text(json.dumps(data), encoding="utf-8")
    try:
        policy = load_policy(fuzz_project.policy)
    except OffboardError as exc:
        assert exc.diagnostics and all(d.code.startswith("OP") for d in exc.diagnostics)
        return
    # whatever loads also evaluates without an exception escaping the engine
    report = evaluate(policy, parse_case(json.loads(Path(fuzz_project.case()).read_text()),
                                         display="case"))
    assert report.verdict in ("ready", "blocked")
