"""Parsing one raw case: JSON lines and CSV rows become cases or diagnostics with lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batchkit import generated

from offboard_policy.batch.parse import parse_raw
from offboard_policy.batch.sources import iter_cases
from offboard_policy.errors import CaseError, Diagnostic, YamlError


def _one(tmp_path: Path, text: str, suffix: str = ".jsonl") -> list[Diagnostic]:
    path = tmp_path / f"c{suffix}"
    path.write_text(text, encoding="utf-8")
    items = list(iter_cases([path]))
    with pytest.raises(CaseError) as info:
        parse_raw(items[-1])
    return info.value.diagnostics


def test_a_valid_line_is_a_case(tmp_path: Path) -> None:
    (case,) = generated(1)
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    assert parse_raw(next(iter_cases([path]))).case_id == case["case_id"]


@pytest.mark.parametrize(("line", "code", "message"), [
    ('{"a": ', "OP506", "not valid JSON"),
    ('{"case_id": "A", "case_id": "B"}', "OP506", "duplicate key 'case_id'"),
    ('{"x": NaN}', "OP506", "NaN is not allowed"),
    ("[" * 5000 + "]" * 5000, "OP506", "nested deeper"),
    ("[]", "OP505", "must be a mapping"),
])
def test_json_problems_name_the_line(tmp_path: Path, line: str, code: str, message: str
                                     ) -> None:
    (diag,) = _one(tmp_path, "{}\n\n" + line + "\n")
    assert (diag.code, diag.file, diag.line) == (code, str(tmp_path / "c.jsonl"), 3)
    assert message in diag.message


def test_field_errors_name_the_line_and_the_field(tmp_path: Path) -> None:
    (case,) = generated(1)
    case["employee"]["hire_date"] = "2020-02-30"
    del case["termination"]
    diags = _one(tmp_path, json.dumps(case) + "\n")
    assert {(d.line, d.field) for d in diags} == {(1, "employee.hire_date"), (1, "termination")}
    assert all(d.file == str(tmp_path / "c.jsonl") and d.column is None for d in diags)


def test_csv_field_errors_name_the_column_as_written(tmp_path: Path) -> None:
    text = ("case_id,jurisdiction.city,employee.hire_date,termination.ground,"
            "termination.termination_date,employee.wages.monthly[0].month,"
            "employee.wages.monthly[0].gross,employee.wages.monthly[3].month,"
            "employee.wages.monthly[3].gross\n"
            "A,beijing,2020-01-01,resignation,2026-01-31,2025-12,100,2026-01,lots\n")
    (diag,) = _one(tmp_path, text, ".csv")
    assert (diag.line, diag.field) == (2, "employee.wages.monthly[3].gross")
    assert diag.message == "not a number"


def test_a_csv_cell_problem_names_its_column(tmp_path: Path) -> None:
    (diag,) = _one(tmp_path, "case_id,steps.approvals\nA,[oops\n", ".csv")
    assert (diag.line, diag.field, diag.code) == (2, "steps.approvals", "OP503")


def test_a_case_file_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("case_id: [\n", encoding="utf-8")
    (item,) = list(iter_cases([tmp_path]))
    with pytest.raises(YamlError) as info:
        parse_raw(item)
    (diag,) = info.value.diagnostics
    assert diag.file is not None and diag.file.endswith("a.yaml")
    assert (diag.code, diag.line) == ("OP101", 2)
