"""Loading case files: the contract example, and every bad field listed with path and line."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from offboard_policy.case import Case, load_case, parse_case
from offboard_policy.errors import CaseError, InputError, YamlError
from offboard_policy.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "cases"
CONTRACT_FIXTURE = ROOT / "fixtures" / "cases" / "contract-example.yaml"


def errors_of(path: Path) -> list[tuple[str, int | None, int | None, str | None, str]]:
    with pytest.raises(InputError) as info:
        load_case(path, display=path.name)
    return [(d.code, d.line, d.column, d.field, d.message) for d in info.value.diagnostics]


def check_contract_example(case: Case) -> None:
    assert case.case_id == "OFB-2026-0142"
    assert case.jurisdiction.country == "CN"
    assert case.jurisdiction.city == "beijing"
    assert case.employee.hire_date == date(2016, 3, 14)
    assert case.employee.cumulative_work_years == Decimal(14)
    assert case.employee.position.key_position is True
    assert case.employee.contract.type == "open_ended"
    assert case.employee.contract.end is None
    monthly = case.employee.wages.monthly
    assert len(monthly) == 12
    assert monthly[0].month == date(2025, 10, 1)
    assert monthly[2].gross == Decimal("36000.00")
    assert str(monthly[3].overtime) == "800.00"
    assert case.employee.annual_leave.taken_days_this_year == Decimal(4)
    assert case.termination.ground == "no_fault_incompetence"
    assert case.termination.layoff is None
    assert case.steps.approvals[0].approved_on == date(2026, 9, 15)
    assert [a.kind for a in case.steps.assets] == ["laptop", "door_access"]  # access_card
    assert [a.system for a in case.steps.accounts] == ["code_repository", "erp"]  # gitlab
    assert case.steps.assets[1].returned_on is None
    assert case.steps.exit_interview.declined is False
    assert case.settlement.economic_compensation == Decimal("220500.00")
    assert case.settlement.other == []
    assert case.waivers[0].expires_on == date(2026, 12, 31)
    assert case.extra == {}


def test_contract_example_fixture_loads() -> None:
    check_contract_example(load_case(CONTRACT_FIXTURE))


def test_every_bundled_fixture_case_loads() -> None:
    for path in sorted((ROOT / "fixtures" / "cases").glob("*.yaml")):
        assert isinstance(load_case(path), Case), path


def test_minimal_case_uses_defaults() -> None:
    case = load_case(DATA / "minimal.yaml")
    assert case.employee.wages.monthly == []
    assert case.employee.position.senior_technical is False
    assert case.non_compete.agreed is False
    assert case.steps.handover.successor is None
    assert case.settlement.final_wages is None
    assert case.waivers == []
    assert case.employer.has_union is None


def test_json_case_equals_yaml_case(tmp_path: Path) -> None:
    loaded = load_yaml(CONTRACT_FIXTURE)

    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, date | Decimal):
            return str(value)
        return value

    path = tmp_path / "contract-example.json"
    path.write_text(json.dumps(plain(loaded.data), ensure_ascii=False), encoding="utf-8")
    assert load_case(path) == load_case(CONTRACT_FIXTURE)


def test_json_floats_become_exact_decimals(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(
        '{"case_id": "J", "jurisdiction": {"city": "beijing"},'
        ' "employee": {"hire_date": "2020-01-01", "wages": {"monthly":'
        ' [{"month": "2025-10", "gross": 21000.10}]}},'
        ' "termination": {"ground": "resignation", "termination_date": "2026-01-31"}}'
    )
    assert str(load_case(path).employee.wages.monthly[0].gross) == "21000.10"


# -- failures: one fixture per mode ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.yaml", [("OP505", 1, 1, None, "the case file is empty")]),
        ("list-document.yaml", [("OP505", 1, 1, None, "got a list")]),
        ("scalar-document.yaml", [("OP505", 1, 1, None, "got text")]),
        ("case.txt", [("OP507", None, None, None, "unsupported case file type '.txt'")]),
        ("bad-syntax.json", [("OP506", 3, 39, None, "not valid JSON")]),
        ("duplicate-key.json", [("OP506", 4, 3, None, "duplicate key 'case_id'")]),
        ("nan.json", [("OP506", 3, 33, None, "NaN is not allowed")]),
        (
            "bad-values.json",
            [
                ("OP504", 6, 35, "employee.wages.monthly[1].gross", "must not be negative"),
                ("OP502", 8, 78, "termination.foo", "unknown field 'foo'"),
            ],
        ),
        (
            "missing-required.yaml",
            [
                ("OP501", 1, 1, "case_id", "required field missing"),
                ("OP501", 1, 1, "jurisdiction.city", "required field missing"),
                ("OP501", 3, 1, "employee.hire_date", "required field missing"),
                ("OP501", 5, 1, "termination.ground", "required field missing"),
                ("OP501", 5, 1, "termination.termination_date", "required field missing"),
            ],
        ),
        (
            "unknown-field.yaml",
            [
                ("OP502", 5, 3, "employee.hire_dat", "did you mean 'hire_date'?"),
                ("OP502", 9, 3, "termination.notes", "(allowed: ground, initiated_by,"),
            ],
        ),
    ],
)
def test_failure_modes(
    name: str, expected: list[tuple[str, int | None, int | None, str | None, str]]
) -> None:
    got = errors_of(DATA / name)
    assert len(got) == len(expected)
    for (code, line, column, field, message), (e_code, e_line, e_col, e_field, words) in zip(
        got, expected, strict=True
    ):
        assert (code, line, column, field) == (e_code, e_line, e_col, e_field)
        assert words in message


def test_every_bad_field_is_listed_with_path_and_line() -> None:
    with pytest.raises(CaseError) as info:
        load_case(DATA / "bad-values.yaml", display="cases/bad.yaml")
    got = [(d.line, d.column, d.field, d.message, d.code) for d in info.value.diagnostics]
    assert got == [
        (2, 22, "jurisdiction.city", "a city is text: its key (beijing), Chinese name (北京) "
         "or English spelling (Beijing)", "OP503"),
        (4, 14, "employee.hire_date", "not a date (expected YYYY-MM-DD)", "OP503"),
        (5, 26, "employee.cumulative_work_years", "must not be negative", "OP504"),
        (6, 20, "employee.contract.type",
         "must be one of: fixed_term, open_ended, task_based, part_time", "OP504"),
        (6, 38, "employee.contract.start", "not a date (expected YYYY-MM-DD)", "OP503"),
        (10, 33, "employee.wages.monthly[1].gross", "not a number", "OP503"),
        (11, 55, "employee.wages.monthly[2].overtime", "must not be negative", "OP504"),
        (12, 17, "employee.wages.monthly[3].month", "not a month (expected YYYY-MM)", "OP503"),
        (13, 24, "employee.protected_statuses[0]",
         "must be one of: pregnancy, maternity_leave, nursing_infant, medical_treatment_period, "
         "work_injury_incapacity, occupational_disease_suspected, "
         "occupational_hazard_no_exit_exam", "OP504"),
        (15, 11, "termination.ground",
         "must be one of: resignation, resignation_employer_fault, "
         "mutual_agreement_employer_proposed, mutual_agreement_employee_proposed, "
         "dismissal_for_cause, no_fault_illness, no_fault_incompetence, "
         "no_fault_changed_circumstances, layoff, contract_expiry, retirement, death, "
         "employer_closure, probation_rejection", "OP504"),
        (17, 22, "termination.notice_in_writing", "not true or false (got text)", "OP503"),
        (18, 23, "termination.layoff.headcount", "must be a whole number", "OP504"),
        (20, 11, "steps.assets", "expected a list, got a mapping", "OP503"),
        (22, 7, "steps.approvals[0].by", "required field missing", "OP501"),
        (24, 16, "settlement.final_wages", "not a number", "OP503"),
        (26, 27, "settlement.other[0].amount", "not a number", "OP503"),
        (28, 5, "waivers[0].approved_by", "required field missing", "OP501"),
        (28, 5, "waivers[0].reason", "required field missing", "OP501"),
    ]  # fmt: skip
    first = info.value.diagnostics[0]
    assert first.file == "cases/bad.yaml"
    assert first.format().startswith(
        "cases/bad.yaml:2:22: jurisdiction.city: a city is text"
    )
    assert first.source_line == "jurisdiction: {city: 42}"


def test_yaml_errors_pass_through_as_yaml_errors(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("case_id: A\ncase_id: B\n")
    with pytest.raises(YamlError) as info:
        load_case(path)
    assert info.value.diagnostics[0].code == "OP104"


def test_missing_file() -> None:
    with pytest.raises(InputError):
        load_case(DATA / "nope.yaml")
    with pytest.raises(CaseError) as info:
        load_case(DATA / "nope.json")
    assert info.value.diagnostics[0].code == "OP507"


def test_deep_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"extra": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(CaseError) as info:
        load_case(path)
    assert "nested deeper" in info.value.diagnostics[0].message


def test_huge_json_integer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"case_id": ' + "9" * 5000 + "}")
    with pytest.raises(CaseError, match="too long"):
        load_case(path)


@pytest.mark.parametrize("data", [None, [], [{"case_id": "A"}], "text", 12, True])
def test_parse_case_rejects_non_mappings(data: object) -> None:
    with pytest.raises(CaseError) as info:
        parse_case(data, display="<api>")
    assert info.value.diagnostics[0].code == "OP505"


def test_parse_case_without_positions_has_field_paths() -> None:
    with pytest.raises(CaseError) as info:
        parse_case({"case_id": "A"}, display="<api>")
    fields = [d.field for d in info.value.diagnostics]
    assert fields == ["jurisdiction", "employee", "termination"]
    assert all(d.file == "<api>" and d.line is None for d in info.value.diagnostics)
