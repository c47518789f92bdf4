"""The CSV column mapping: field paths, cell types, list items, the JSON column, round trips."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from batchkit import generated

from offboard_policy.batch.columns import (
    CellProblem,
    Columns,
    build_case,
    flatten_case,
    original_field,
    parse_header,
    parse_path,
)
from offboard_policy.case import parse_case


def _columns(*names: str) -> Columns:
    columns = parse_header(list(names))
    assert isinstance(columns, Columns), columns
    return columns


def test_field_paths() -> None:
    assert parse_path("employee.wages.monthly[0].gross") == (
        "employee", "wages", "monthly", 0, "gross")
    assert parse_path("case_id") == ("case_id",)
    for bad in ("", "a..b", "a.[0]", "a[x]", "a.b.", "1a", "a b"):
        assert parse_path(bad) is None, bad


def test_cells_are_read_by_the_type_of_their_field() -> None:
    columns = _columns("case_id", "employee.position.key_position", "employer.has_union",
                       "employee.protected_statuses", "steps.approvals",
                       "employee.wages.monthly[0].gross", "extra")
    kinds = [c.kind for c in columns.items]
    assert kinds == ["text", "bool", "bool", "list", "json", "text", "json"]
    data, _ = build_case(columns, [
        " X-1 ", "是", "FALSE", "pregnancy; nursing_infant",
        '[{"role": "hr", "by": "H1", "approved_on": "2026-01-02"}]', "21000.50", '{"k": 1.5}'])
    assert data == {
        "case_id": "X-1",
        "employee": {"position": {"key_position": True}, "protected_statuses": [
            "pregnancy", "nursing_infant"], "wages": {"monthly": [{"gross": "21000.50"}]}},
        "employer": {"has_union": False},
        "steps": {"approvals": [{"role": "hr", "by": "H1", "approved_on": "2026-01-02"}]},
        "extra": {"k": Decimal("1.5")},
    }


def test_empty_cells_are_left_out_and_so_are_empty_list_items() -> None:
    columns = _columns("case_id", "employee.wages.monthly[0].month",
                       "employee.wages.monthly[1].month", "employee.wages.monthly[2].month",
                       "employee.wages.monthly[2].gross")
    data, renames = build_case(columns, ["A", "", "2026-01", "2026-02", "x"])
    assert data["employee"]["wages"]["monthly"] == [{"month": "2026-01"},
                                                     {"month": "2026-02", "gross": "x"}]
    field = original_field("employee.wages.monthly[1].gross", renames)
    assert field == "employee.wages.monthly[2].gross"  # the column the value came from
    assert original_field("case_id", renames) == "case_id"


def test_the_json_column_holds_a_whole_case_and_cells_are_laid_over_it() -> None:
    columns = _columns("json", "termination.ground")
    data, _ = build_case(columns, ['{"case_id": "J", "termination": {"ground": "layoff", '
                                   '"termination_date": "2026-01-31"}}', "resignation"])
    assert data == {"case_id": "J", "termination": {"ground": "resignation",
                                                    "termination_date": "2026-01-31"}}


@pytest.mark.parametrize(("names", "row", "message"), [
    (("steps.approvals",), ["[{"], "not valid JSON"),
    (("json",), ["[1]"], "must hold a JSON object"),
    (("case_id", ""), ["A", "stray"], "no name in the header row"),
    (("case_id",), ["A", "B"], "has 2 cells but the header names 1 column"),
])
def test_cell_problems(names: tuple[str, ...], row: list[str], message: str) -> None:
    with pytest.raises(CellProblem, match=message):
        build_case(_columns(*names), row)


def test_header_problems() -> None:
    problems = parse_header(["termination.layoff", "termination.layoff.headcount"])
    assert isinstance(problems, list)
    assert "holds a whole value" in problems[0]
    assert parse_header(["", " "]) == [
        "the header row names no field (expected e.g. case_id,jurisdiction.city,"
        "employee.hire_date,...)"]


def test_flatten_then_build_gives_the_same_case_for_generated_cases() -> None:
    for data in generated(150, seed=3):
        cells = flatten_case(data)
        columns = _columns(*cells)
        rebuilt, _ = build_case(columns, list(cells.values()))
        assert parse_case(rebuilt, display="csv") == parse_case(data, display="json")


def test_the_csv_sample_in_the_docs_is_valid(tmp_path: Path) -> None:
    from offboard_policy.batch.parse import parse_raw
    from offboard_policy.batch.sources import iter_cases

    root = Path(__file__).resolve().parents[2]
    sample = root / "docs" / "batch-example.csv"
    cases = [parse_raw(item) for item in iter_cases([sample])]
    assert [c.case_id for c in cases] == ["OFB-2026-0201", "OFB-2026-0202"]
