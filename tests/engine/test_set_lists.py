"""``set:`` as a list of dated, per-city entries: figures across years and cities, each entry
checked against the statutory-protection rules on its own (issue 13, item 4)."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.case import parse_case
from offboard_policy.engine import evaluate
from offboard_policy.errors import PolicyError
from offboard_policy.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]

# Tianjin ships with no Art. 47 average wage and no minimum wage (rules/cn/params/cities.yaml:
# tianjin: []). The figures below are made up for the test, not Tianjin's real ones.
TIANJIN = """\
set:
  average_monthly_wage:
    - {city: tianjin, from: 2024-07-01, value: 9000, source: "B: test figure 2024"}
    - {city: tianjin, from: 2025-07-01, value: 9500, source: "B: test figure 2025"}
  minimum_monthly_wage:
    - city: tianjin
      from: 2024-01-01
      value: 2320
      source: "B: test figure"
"""


def company_policy(tmp_path: Path, body: str) -> Path:
    """A copy of the bundled rules with a company policy extending cn-statutory."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "policies").mkdir()
    shutil.copy(ROOT / "policies" / "cn-statutory.yaml", tmp_path / "policies")
    path = tmp_path / "policies" / "company.yaml"
    path.write_text(f'policy: company\nversion: "1"\nextends: cn-statutory.yaml\n{body}',
                    encoding="utf-8")
    return path


def months(last: date, gross: str) -> list[dict[str, str]]:
    """The 12 calendar months before ``last``'s month and that month itself, at ``gross``."""
    out = []
    year, month = last.year, last.month
    for _ in range(13):
        out.append({"month": f"{year:04d}-{month:02d}", "gross": gross, "overtime": "0"})
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def tianjin_case(termination: date, gross: str, city: str = "tianjin") -> Any:
    """Hired 2019-01-01, dismissed for incompetence (Art. 40(2)) at a month end."""
    data = {
        "case_id": "TJ-1",
        "jurisdiction": {"country": "CN", "city": city},
        "employee": {"id": "E1", "hire_date": "2019-01-01",
                     "wages": {"monthly": months(termination, gross)}},
        "termination": {
            "ground": "no_fault_incompetence", "initiated_by": "employer",
            "notice_date": termination.replace(day=1).isoformat(), "notice_in_writing": True,
            "union_notified_on": termination.replace(day=1).isoformat(),
            "last_working_day": termination.isoformat(),
            "termination_date": termination.isoformat(),
        },
    }
    return parse_case(data, display="<test>")


def compensation(tmp_path: Path, termination: date, gross: str) -> Any:
    report = evaluate(load_policy(company_policy(tmp_path, TIANJIN)),
                      tianjin_case(termination, gross))
    (line,) = [x for x in report.settlement if x.id == "economic_compensation"]
    return line, report


def test_the_2024_figure_caps_n(tmp_path: Path) -> None:
    line, report = compensation(tmp_path, date(2024, 10, 31), "30000.00")
    # Service 2019-01-01 .. 2024-10-31 inclusive = 5 y 10 m -> 6 months. Average wage in force
    # on 2024-10-31: the 2024-07-01 entry, 9000 -> cap 3 x 9000 = 27000.00; the 12-month
    # average 30000.00 is above it, so N = min(6, 12) x 27000.00 = 162000.00.
    assert line.required == Decimal("162000.00")
    used = {(p.name, p.source) for p in report.parameters}
    assert ("average_monthly_wage", "B: test figure 2024") in used


def test_the_2025_figure_applies_to_a_2025_case(tmp_path: Path) -> None:
    line, report = compensation(tmp_path, date(2025, 10, 31), "30000.00")
    # Service 2019-01-01 .. 2025-10-31 = 6 y 10 m -> 7 months. Average wage from 2025-07-01:
    # 9500 -> cap 3 x 9500 = 28500.00 < 30000.00, so N = 7 x 28500.00 = 199500.00.
    assert line.required == Decimal("199500.00")
    used = {(p.name, p.source) for p in report.parameters}
    assert ("average_monthly_wage", "B: test figure 2025") in used


def test_a_wage_below_the_cap_is_not_capped(tmp_path: Path) -> None:
    line, _ = compensation(tmp_path, date(2025, 10, 31), "20000.00")
    # Cap 28500.00 (as above); 20000.00 is not above it: N = 7 months x 20000.00 = 140000.00.
    assert line.required == Decimal("140000.00")


def test_the_minimum_wage_entry_floors_the_base(tmp_path: Path) -> None:
    line, _ = compensation(tmp_path, date(2024, 10, 31), "2000.00")
    # 12-month average 2000.00 is below the minimum wage 2320 (from 2024-01-01): the base is
    # 2320.00 (LCLR Art. 27), below the cap 27000.00: N = 6 months x 2320.00 = 13920.00.
    assert line.required == Decimal("13920.00")


def test_a_case_before_the_first_entry_stays_incomplete(tmp_path: Path) -> None:
    line, report = compensation(tmp_path, date(2024, 5, 31), "20000.00")
    # 2024-05-31 is before the first average-wage entry (2024-07-01): no figure, no amount.
    assert line.required is None
    (n,) = [f for f in report.findings if f.rule == "CN-LCL-47-compensation"]
    assert n.status == "incomplete"
    assert "params.average_monthly_wage" in n.fields


def test_several_cities_in_one_list(tmp_path: Path) -> None:
    body = TIANJIN.replace(
        '      source: "B: test figure"\n',
        '      source: "B: test figure"\n'
        '    - {city: xian, from: 2024-01-01, value: 2160, source: "B: test figure"}\n',
    ) + "    # (xian's average wage stays without a figure)\n"
    policy = load_policy(company_policy(tmp_path, body))
    use = policy.params["minimum_monthly_wage"].lookup("xian", date(2025, 1, 1))
    assert (use.value, use.city) == (Decimal("2160"), "xian")
    use = policy.params["minimum_monthly_wage"].lookup("tianjin", date(2025, 1, 1))
    assert use.value == Decimal("2320")


def refused(tmp_path: Path, body: str) -> list[Any]:
    with pytest.raises(PolicyError) as info:
        load_policy(company_policy(tmp_path, body))
    return info.value.diagnostics


def test_an_entry_lowering_a_statutory_figure_is_refused_at_its_line(tmp_path: Path) -> None:
    # Beijing has a verified figure (188413 / 12 from 2024-10-01): the third entry changes it;
    # the tianjin entries fill a gap and pass.
    body = TIANJIN.replace(
        '    - {city: tianjin, from: 2025-07-01, value: 9500, source: "B: test figure 2025"}\n',
        '    - {city: tianjin, from: 2025-07-01, value: 9500, source: "B: test figure 2025"}\n'
        '    - {city: beijing, from: 2025-01-01, value: 9000, source: "HR"}\n',
    )
    (diag,) = refused(tmp_path, body)
    assert diag.code == "OP612"
    assert diag.file.endswith("company.yaml")
    # line 1 policy, 2 version, 3 extends, 4 set:, 5 average_monthly_wage:, 6-7 tianjin,
    # 8 the beijing entry; column 7 is its '{' after "    - ".
    assert (diag.line, diag.column) == (8, 7)
    assert diag.field == "set.average_monthly_wage[2]"
    assert "entry 3 of the list (beijing, from 2025-01-01)" in diag.message
    assert "rule: params.average_monthly_wage" in diag.message


def test_a_declared_deviation_allows_the_entry(tmp_path: Path) -> None:
    body = TIANJIN + """\
    - {city: beijing, from: 2025-01-01, value: 2600, source: "HR"}
deviations:
  - {rule: params.minimum_monthly_wage, reason: "pay above the minimum", approved_by: legal,
     approved_on: 2026-01-05}
"""
    policy = load_policy(company_policy(tmp_path, body))
    assert policy.params["minimum_monthly_wage"].lookup(
        "beijing", date(2025, 6, 1)).value == Decimal("2600")


def test_entries_for_a_city_must_ascend(tmp_path: Path) -> None:
    body = TIANJIN.replace("from: 2025-07-01", "from: 2024-03-01")
    (diag,) = refused(tmp_path, body)
    assert (diag.code, diag.line, diag.field) == (
        "OP210", 7, "set.average_monthly_wage[1].from")
    assert "for 'tianjin': 2024-03-01 comes after 2024-07-01" in diag.message


def test_a_list_entry_needs_a_source_and_a_date(tmp_path: Path) -> None:
    body = "set:\n  average_monthly_wage:\n    - {city: tianjin, from: 2024-07-01, value: 9000}\n"
    (diag,) = refused(tmp_path, body)
    assert "missing required field 'source'" in diag.message
    assert diag.line == 6
