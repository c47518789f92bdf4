"""Money in a case is in fen at most: a finer amount is refused, never silently rounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from offboard_policy.case import parse_case
from offboard_policy.errors import CaseError
from offboard_policy.yamlio import load_yaml

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "contract-example.yaml"


def _case(final_wages: object) -> dict:  # type: ignore[type-arg]
    data = load_yaml(EXAMPLE).data
    data["settlement"]["final_wages"] = final_wages
    return data  # type: ignore[no-any-return]


@pytest.mark.parametrize("amount", ["21000.005", "20999.999", "0.001"])
def test_sub_fen_amounts_are_refused(amount: str) -> None:
    with pytest.raises(CaseError) as info:
        parse_case(_case(amount), display="x")
    (diag,) = info.value.diagnostics
    assert diag.field == "settlement.final_wages"
    assert "at most 2 decimals" in diag.message


@pytest.mark.parametrize("amount", ["21000", "21000.5", "21000.50", "21000.000"])
def test_amounts_in_fen_are_accepted(amount: str) -> None:
    case = parse_case(_case(amount), display="x")
    assert case.settlement.final_wages is not None
