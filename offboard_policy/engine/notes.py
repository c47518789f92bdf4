"""Informational findings the engine adds beside the rules' own: an overpayment, and amounts
that rest on approximate parameter values."""

from __future__ import annotations

from ..report.model import Finding, LocalText, SettlementLine

OVERPAYMENT = "OP-overpayment"


def overpayment(line: SettlementLine, source: str | None = None) -> Finding | None:
    """An ``info`` finding when HR proposes more than ``line`` requires, with the excess."""
    if line.required is None or line.proposed <= line.required:
        return None
    extra = line.proposed - line.required
    title = line.title
    return Finding(
        rule=OVERPAYMENT,
        severity="info",
        status="violation",
        message=LocalText(
            zh=f"{title.zh}：拟付 {line.proposed:,.2f} 元，应付 {line.required:,.2f} 元，"
               f"多付 {extra:,.2f} 元。",
            en=f"{title.en}: CNY {line.proposed:,.2f} proposed, {line.required:,.2f} "
               f"required: {extra:,.2f} more than owed."),
        citation=line.citation,
        title=LocalText(zh="拟付高于应付", en="Proposed above required"),
        fields=(f"settlement.{line.id}",),
        hint=LocalText(
            zh="多付不违法；请确认是有意为之（公司额外支付宜单列为公司项目）。",
            en="Paying more than the law requires is allowed; check that it is intended (a "
               "company extra belongs on its own line)."),
        source=source,
    )
