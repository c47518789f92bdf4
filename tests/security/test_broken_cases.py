"""Broken case files under the bundled Beijing policy: an input error naming the field, or a
finding (incomplete, or a data-consistency violation); never a traceback, never a wrong amount.

Cases start from ``fixtures/cases/beijing-no-fault-ready.yaml`` (hand-worked: ready, N =
244,750.00) and break one thing each. Input errors go through ``offboard-policy check`` and
must exit 2 with ``file:line:column: field.path: message [OP5xx]`` and nothing on stdout.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from seckit import BEIJING_POLICY, MINI_POLICY, ROOT, cli

from offboard_policy.case import parse_case
from offboard_policy.engine import evaluate
from offboard_policy.render.json import to_contract_dict
from offboard_policy.yamlio import load_yaml
from tests.bundled import bundled_policy

FIXTURE = ROOT / "fixtures" / "cases" / "beijing-no-fault-ready.yaml"
READY_N = "244750.00"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if not isinstance(value, bool | int | str | type(None)) else value


BASE: dict[str, Any] = _plain(load_yaml(FIXTURE).data)


def broken(**changes: Any) -> dict[str, Any]:
    """The ready fixture with ``a__b__0__c=value`` changes (``...=DROP`` removes the key)."""
    case = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *head, last = dotted.split("__")
        node: Any = case
        for part in head:
            node = node[int(part)] if part.isdigit() else node[part]
        key: Any = int(last) if last.isdigit() else last
        if value is DROP:
            del node[key]
        else:
            node[key] = value
    return case


DROP = object()


@pytest.fixture(scope="module")
def policy() -> Any:
    return bundled_policy("policies/cn-beijing.yaml")


def report_of(policy: Any, case: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = to_contract_dict(evaluate(policy, parse_case(case, display="c")),
                                              "en")
    return result


def assert_amounts_sane(report: dict[str, Any]) -> None:
    """No negative amount; a shortfall is exactly max(required - proposed, 0)."""
    from decimal import Decimal

    for line in report["settlement"]["lines"]:
        if line["required"] is None:
            assert line["shortfall"] is None
            assert any(f["rule"] == line.get("rule", f["rule"]) and f["status"] == "incomplete"
                       for f in report["findings"])
            continue
        required, proposed = Decimal(line["required"]), Decimal(line["proposed"])
        assert required >= 0 and proposed >= 0, line
        assert Decimal(line["shortfall"]) == max(required - proposed, Decimal(0)), line


def test_the_base_case_is_ready(policy: Any) -> None:
    report = report_of(policy, BASE)
    assert report["verdict"] == "ready" and report["findings"] == []
    assert report["settlement"]["lines"][0]["required"] == READY_N


# -- input errors: exit 2 with the field path and its line --------------------------------------

INPUT_ERRORS = [
    ("wrong-type-number", {"employee__wages__monthly__0__gross": "abc"},
     "employee.wages.monthly[0].gross", "OP503"),
    ("wrong-type-date", {"employee__hire_date": 20160314}, "employee.hire_date", "OP503"),
    ("wrong-type-enum", {"termination__ground": 5}, "termination.ground", "OP504"),
    ("wrong-type-bool", {"termination__notice_in_writing": "yes please"},
     "termination.notice_in_writing", "OP503"),
    ("nan-string", {"employee__wages__monthly__0__gross": "NaN"},
     "employee.wages.monthly[0].gross", "OP503"),
    ("infinity-string", {"employee__wages__monthly__0__gross": "Infinity"},
     "employee.wages.monthly[0].gross", "OP503"),
    ("huge-exponent", {"employee__wages__monthly__0__gross": "1e999999999"},
     "employee.wages.monthly[0].gross", "OP504"),
    ("tiny-exponent", {"employee__wages__monthly__0__gross": "1e-999999999"},
     "employee.wages.monthly[0].gross", "OP504"),
    ("sixteen-digit-wage", {"employee__wages__monthly__0__gross": "1000000000000000"},
     "employee.wages.monthly[0].gross", "OP504"),
    ("negative-wage", {"employee__wages__monthly__0__gross": "-21000.00"},
     "employee.wages.monthly[0].gross", "OP504"),
    ("negative-leave", {"employee__annual_leave__taken_days_this_year": -1},
     "employee.annual_leave.taken_days_this_year", "OP504"),
    ("overtime-over-gross", {"employee__wages__monthly__0__overtime": "30000.00"},
     "employee.wages.monthly[0]", "OP504"),
    ("impossible-date", {"termination__termination_date": "2026-02-30"},
     "termination.termination_date", "OP504"),
    ("datetime", {"termination__termination_date": "2026-09-30T10:00:00"},
     "termination.termination_date", "OP503"),
    ("bad-month", {"employee__wages__monthly__0__month": "2025-13"},
     "employee.wages.monthly[0].month", "OP503"),
    ("missing-hire-date", {"employee__hire_date": DROP}, "employee.hire_date", "OP501"),
    ("missing-termination-date", {"termination__termination_date": DROP},
     "termination.termination_date", "OP501"),
    ("missing-city", {"jurisdiction__city": DROP}, "jurisdiction.city", "OP501"),
    ("missing-section", {"termination": DROP}, "termination", "OP501"),
    ("capitalised-city", {"jurisdiction__city": "Beijing"}, "jurisdiction.city", "OP504"),
    ("list-for-mapping", {"employee": [BASE["employee"]]}, "employee", "OP503"),
    ("mapping-for-list", {"employee__wages__monthly": {"month": "2025-09", "gross": "1"}},
     "employee.wages.monthly", "OP503"),
    ("text-for-list", {"employee__protected_statuses": "pregnancy"},
     "employee.protected_statuses", "OP503"),
    ("unknown-field", {"employee__salary": "21000"}, "employee.salary", "OP502"),
    ("1001-wage-months", {"employee__wages__monthly": [
        {"month": f"{1900 + i // 12}-{i % 12 + 1:02d}", "gross": "1.00"} for i in range(1001)]},
     "employee.wages.monthly", "OP504"),
]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("name,changes,field,code", INPUT_ERRORS,
                         ids=[e[0] for e in INPUT_ERRORS])
def test_input_errors_name_the_field_and_exit_2(
    name: str, changes: dict[str, Any], field: str, code: str, fmt: str, tmp_path: Path
) -> None:
    path = tmp_path / f"case.{fmt}"
    case = broken(**changes)
    text = yaml.safe_dump(case, allow_unicode=True) if fmt == "yaml" else json.dumps(
        case, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "report.json"
    result = cli("check", path, "-p", MINI_POLICY, "-o", out)  # refused before any rule runs
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and not out.exists()
    pattern = rf"^{re.escape(str(path))}:\d+:\d+: {re.escape(field)}: .* \[{code}\]$"
    assert any(re.match(pattern, line) for line in result.stderr.splitlines()), result.stderr


YAML_ONLY = [
    ("nan", "gross: .nan", "OP110"),
    ("infinity", "gross: .inf", "OP110"),
    ("negative-infinity", "gross: -.inf", "OP110"),
]


@pytest.mark.parametrize("name,replacement,code", YAML_ONLY, ids=[y[0] for y in YAML_ONLY])
def test_yaml_non_numbers_are_refused_where_written(name: str, replacement: str, code: str,
                                                     tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if 'gross: "21000.00"' in line)
    lines[index] = lines[index].replace('gross: "21000.00"', replacement)
    path = tmp_path / "case.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("check", path, "-p", MINI_POLICY)  # refused before any rule runs
    assert result.exit_code == 2
    column = lines[index].index(replacement.split(": ")[1]) + 1
    assert f"{path}:{index + 1}:{column}:" in result.stderr and f"[{code}]" in result.stderr


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("empty.yaml", "", "OP505"),
        ("comments-only.yaml", "# nothing here\n", "OP505"),
        ("whitespace.yaml", "   \n\n", "OP505"),
        ("null.yaml", "null\n", "OP505"),
        ("list.yaml", "- case_id: A\n", "OP505"),
        ("scalar.yaml", "just text\n", "OP505"),
        ("empty.json", "", "OP506"),
        ("list.json", "[]", "OP505"),
        ("null.json", "null", "OP505"),
        ("case.txt", "case_id: A\n", "OP507"),
    ],
)
def test_empty_and_non_mapping_files(name: str, content: str, code: str,
                                     tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = cli("check", path, "-p", MINI_POLICY)  # refused before any rule runs
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(str(path)) and f"[{code}]" in result.stderr


# -- findings: the case is valid in shape but not usable as it stands ----------------------------

FINDINGS = [
    # (id, changes, rule, status)
    ("termination-before-hire", {"employee__hire_date": "2027-01-01"}, "CN-DATA-dates",
     "violation"),
    ("notice-after-termination", {"termination__notice_date": "2026-10-30"},
     "CN-DATA-notice-date", "violation"),
    ("last-day-after-termination", {"termination__last_working_day": "2026-12-30"},
     "CN-DATA-last-working-day", "violation"),
    ("last-day-before-hire", {"termination__last_working_day": "2010-01-01"},
     "CN-DATA-last-working-day", "violation"),
    ("duplicate-wage-month", {"employee__wages__monthly__1__month": "2025-09"},
     "CN-DATA-wage-months", "violation"),
    ("initiator-contradicts-ground", {"termination__initiated_by": "employee"},
     "CN-DATA-initiated-by", "violation"),
    ("open-ended-contract-expires", {"termination__ground": "contract_expiry"},
     "CN-DATA-expiry-contract", "violation"),
    ("no-wage-months", {"employee__wages__monthly": []}, "CN-LCL-47-compensation",
     "incomplete"),
    ("wage-months-after-termination", {"employee__wages__monthly__0__month": "2030-01"},
     "CN-LCL-47-compensation", "incomplete"),
    ("city-without-parameters", {"jurisdiction__city": "lanzhou"}, "CN-LCL-47-compensation",
     "incomplete"),
    ("city-with-empty-table", {"jurisdiction__city": "shenzhen"}, "CN-LCL-47-compensation",
     "incomplete"),
    ("dates-beyond-the-calendar", {"termination__termination_date": "9999-12-31",
                                   "termination__last_working_day": "9999-12-31"},
     "CN-LCL-47-compensation", "incomplete"),
]


@pytest.mark.parametrize("name,changes,rule,status", FINDINGS, ids=[f[0] for f in FINDINGS])
def test_inconsistent_or_incomplete_data_is_a_blocking_finding(
    name: str, changes: dict[str, Any], rule: str, status: str, policy: Any
) -> None:
    report = report_of(policy, broken(**changes))
    assert report["verdict"] == "blocked"
    hits = [f for f in report["findings"] if f["rule"] == rule]
    assert hits and hits[0]["status"] == status and hits[0]["severity"] == "blocking", \
        report["findings"]
    assert_amounts_sane(report)
    if status == "incomplete":  # an amount that cannot be computed is absent, not guessed
        line = next(x for x in report["settlement"]["lines"] if x["id"] == "economic_compensation")
        assert line["required"] is None and report["settlement"]["total_required"] is None


def test_city_without_parameters_names_the_missing_parameter(policy: Any) -> None:
    report = report_of(policy, broken(jurisdiction__city="lanzhou"))
    finding = next(f for f in report["findings"] if f["rule"] == "CN-LCL-47-compensation")
    assert "params." in " ".join(finding["fields"])
    assert "no value for city 'lanzhou'" in finding["message"]


def test_a_thousand_wage_months_give_the_same_amounts(policy: Any, tmp_path: Path) -> None:
    """987 months of older history before the window change nothing (only the window counts)."""
    base = report_of(policy, BASE)
    window = BASE["employee"]["wages"]["monthly"]
    older = [{"month": f"{1943 + i // 12}-{i % 12 + 1:02d}", "gross": "99999.00"}
             for i in range(1000 - len(window))]
    assert older[-1]["month"] < window[0]["month"]
    case = broken(employee__wages__monthly=older + window)
    assert len(case["employee"]["wages"]["monthly"]) == 1000
    report = report_of(policy, case)
    assert report["verdict"] == "ready", report["findings"]
    assert report["settlement"] == base["settlement"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    result = cli("check", path, "-p", BEIJING_POLICY, "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["settlement"] == base["settlement"]


@pytest.mark.parametrize(
    "changes",
    [
        {"employee__wages__monthly__3__gross": "99999999999999.99"},  # absurd but exact
        {"employee__annual_leave__taken_days_this_year": "999999999999999"},
        {"employee__cumulative_work_years": "999999999999999"},
        {"employee__hire_date": "0001-01-01", "employee__contract__start": "0001-01-01"},
        {"settlement__economic_compensation": "999999999999999.99"},
        {"non_compete__agreed": True, "non_compete__duration_months": "999999999999999",
         "non_compete__monthly_compensation": "999999999999999"},
    ],
    ids=["wage", "leave-days", "work-years", "year-one", "proposed", "non-compete"],
)
def test_absurd_values_never_crash_or_go_negative(changes: dict[str, Any], policy: Any) -> None:
    report = report_of(policy, broken(**changes))
    assert_amounts_sane(report)


def test_absurd_wage_is_computed_exactly(policy: Any) -> None:
    """A 14-digit bonus month is kept to the fen: 34-digit arithmetic, capped base for N."""
    report = report_of(policy, broken(employee__wages__monthly__3__gross="99999999999999.99"))
    lines = {x["id"]: x for x in report["settlement"]["lines"]}
    assert lines["economic_compensation"]["required"] == "518135.75"  # 11 x the 47,103.25 cap
    assert lines["final_wages"]["required"] == "21000.00"
