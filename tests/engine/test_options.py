"""Open legal questions are options a policy may choose; statutory values still need a deviation."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from offboard_policy.case import load_case
from offboard_policy.engine import evaluate
from offboard_policy.errors import PolicyError
from offboard_policy.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "fixtures" / "cases" / "contract-example.yaml"


def company_policy(tmp_path: Path, setting: str) -> Path:
    """A copy of the bundled rules with a company policy extending cn-beijing."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "policies").mkdir()
    shutil.copy(ROOT / "policies" / "cn-beijing.yaml", tmp_path / "policies" / "cn-beijing.yaml")
    path = tmp_path / "policies" / "company.yaml"
    path.write_text(f'policy: company\nversion: "1"\nextends: cn-beijing.yaml\nset:\n  {setting}\n',
                    encoding="utf-8")
    return path


def test_choosing_the_q1_alternative_needs_no_deviation(tmp_path: Path) -> None:
    path = company_policy(
        tmp_path, 'n_base_window: {value: including_termination_month, source: "legal, Q1"}')
    report = evaluate(load_policy(path), load_case(CASE))
    (line,) = [x for x in report.settlement if x.id == "economic_compensation"]
    # The contract example lists wages for 2025-10 .. 2026-09. Under the Q1 alternative the window
    # is exactly those 12 months: (11 x 21000 + 36000) / 12 = 22250.00; service 2016-03-14 ..
    # 2026-09-30 inclusive = 10 y 6 m 17 d -> 11 months; N = 11 x 22250.00 = 244750.00.
    # (Under the default the window is 2025-09 .. 2026-08 and 2025-09 is missing: incomplete.)
    assert line.required == Decimal("244750.00")
    (use,) = [p for p in report.parameters if p.name == "n_base_window"]
    assert use.source == "legal, Q1"


def test_changing_a_statutory_value_still_needs_a_deviation(tmp_path: Path) -> None:
    path = company_policy(tmp_path, 'compensation_cap_multiplier: {value: 2, source: "HR"}')
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert [d.code for d in info.value.diagnostics] == ["OP612"]
