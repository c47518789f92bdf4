"""Amounts inside messages are printed as the tables print them (4,980.00), in both
languages; an overpayment is an info note with the excess."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from offboard_policy.engine.text import fill, format_money
from offboard_policy.report.model import LocalText


def test_amounts_in_messages_have_separators_and_fen() -> None:
    texts = {"x": lambda scope: Decimal("4980"), "days": lambda scope: Decimal("3"),
             "avg": lambda scope: Decimal("22183.3333333")}
    got = fill(LocalText(zh="应付 {x} 元，共 {days} 天，月均 {avg} 元",
                         en="CNY {x} due, {days} days, average CNY {avg}"), texts, None)
    assert got == LocalText(zh="应付 4,980.00 元，共 3 天，月均 22,183.33 元",
                            en="CNY 4,980.00 due, 3 days, average CNY 22,183.33")
    # half-up to the fen, as every settlement amount
    assert format_money(Decimal("0.005")) == "0.01"
    assert format_money(Decimal("1234567.125")) == "1,234,567.13"


def test_overpayment_is_an_info_note(check_case: Any) -> None:
    from pathlib import Path

    from offboard_policy.yamlio import load_yaml
    from tests.dotted import with_changes  # the shared dotted-path case builder

    root = Path(__file__).resolve().parents[2]
    base = load_yaml(root / "fixtures" / "cases" / "contract-clean.yaml").data
    case = with_changes(base, {"settlement.economic_compensation": "250000.00"})
    report = check_case(case, policy="policies/cn-beijing.yaml")
    (note,) = [f for f in report["findings"] if f["rule"] == "OP-overpayment"]
    # 250000.00 - 244750.00 (11 x 22250.00, the fixture's header) = 5250.00
    assert (note["severity"], note["fields"]) == ("info", ["settlement.economic_compensation"])
    assert note["message"] == ("Economic compensation: CNY 250,000.00 proposed, 244,750.00 "
                               "required: 5,250.00 more than owed.")
    assert report["verdict"] == "ready"
