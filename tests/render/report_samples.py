"""Hand-built reports with every kind of content, shared by the renderer tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from offboard_policy.report.model import (
    Deviation,
    Finding,
    LocalText,
    ParameterUse,
    PolicyInfo,
    Report,
    SettlementLine,
    TraceEntry,
    Waiver,
)

WAIVER = Waiver(
    rule="ACME-handover-signed",
    approved_by="H0002",
    reason="Successor on leave; supervisor signed",
    expires_on=date(2026, 12, 31),
)


def build_report() -> Report:
    """A blocked case: one violation with exposure, one incomplete, a warning, a waiver.

    Settlement worked by hand: economic compensation N = 10.5 months x 21 000.00 = 220 500.00
    required, 200 000.00 proposed, shortfall 20 500.00; notice pay 21 000.00 = proposed;
    annual leave payout could not be computed (required unknown), 1 000.00 proposed.
    Totals: required unknown, proposed 222 000.00.
    """
    return Report(
        case_id="OFB-2026-0142",
        verdict="blocked",
        policy=PolicyInfo(id="acme-cn", version="2026.1", digest="sha256:" + "ab" * 32),
        as_of=date(2026, 10, 1),
        findings=(
            Finding(
                rule="CN-LCL-43-union",
                severity="blocking",
                status="violation",
                message=LocalText(
                    zh="单方解除劳动合同前未通知工会。",
                    en="The union was not notified before the unilateral termination.",
                ),
                citation="劳动合同法 第四十三条 (LCL Art. 43)",
                title=LocalText(zh="事先通知工会", en="Union notified in advance"),
                fields=("termination.union_notified_on",),
                hint=LocalText(zh="书面通知工会并保留回执。", en="Notify the union in writing."),
                exposure=Decimal("441000.00"),
                source="rules/cn/termination.yaml:12:7",
            ),
            Finding(
                rule="CN-LCL-40-notice",
                severity="blocking",
                status="incomplete",
                message=LocalText(zh="缺少通知日期。", en="The notice date is missing."),
                citation="劳动合同法 第四十条 (LCL Art. 40)",
                fields=("termination.notice_date",),
            ),
            Finding(
                rule="ACME-assets-returned",
                severity="warning",
                status="violation",
                message=LocalText(
                    zh="门禁卡未归还 [AC-0912]。", en="Access card not returned [AC-0912]."
                ),
                citation="Employee handbook §7.2",
                fields=("steps.assets",),
                hint=LocalText(zh="", en="Collect the card."),
            ),
            Finding(
                rule="ACME-handover-signed",
                severity="blocking",
                status="waived",
                message=LocalText(
                    zh="交接单未经继任者签字。", en="Handover not signed by successor."
                ),
                citation="Handover procedure §3",
                waiver=WAIVER,
            ),
        ),
        settlement=(
            SettlementLine(
                id="economic_compensation",
                rule="CN-LCL-47-compensation",
                title=LocalText(zh="经济补偿", en="Economic compensation"),
                required=Decimal("220500.00"),
                proposed=Decimal("200000.00"),
                citation="劳动合同法 第四十七条 (LCL Art. 47)",
                basis=LocalText(zh="10.5 个月 × 21,000.00", en="10.5 months × 21,000.00"),
                due=date(2026, 9, 30),
            ),
            SettlementLine(
                id="notice_pay_in_lieu",
                rule="CN-LCL-40-notice-pay",
                title=LocalText(zh="代通知金", en="Pay in lieu of notice"),
                required=Decimal("21000"),
                proposed=Decimal("21000.00"),
                citation="劳动合同法 第四十条 (LCL Art. 40)",
            ),
            SettlementLine(
                id="annual_leave_payout",
                rule="CN-ALR-payout",
                title=LocalText(zh="未休年假工资", en="Unused annual leave"),
                required=None,
                proposed=Decimal("1000.00"),
                citation="职工带薪年休假条例 第五条",
            ),
        ),
        trace=(
            TraceEntry(
                value="compensation_months",
                result=Decimal("10.5"),
                formula="full_years(tenure) + half_year_bonus",
                inputs={
                    "hire_date": date(2016, 3, 14),
                    "capped": False,
                    "months": [Decimal("21000.00"), Decimal("36000.00")],
                    "ground": "no_fault_incompetence",
                },
                citation="劳动合同法 第四十七条",
            ),
            TraceEntry(value="notice_days", result=None, formula="x", inputs={}, error="missing"),
        ),
        parameters=(
            ParameterUse(
                name="average_monthly_wage_cap",
                value=Decimal("35283"),
                effective_from=date(2025, 7, 1),
                city="beijing",
                source="北京市人社局 2025",
                approximate=True,
            ),
            ParameterUse(
                name="pay_days_per_month",
                value=Decimal("21.75"),
                effective_from=None,
                city=None,
                source="劳社部发〔2008〕3号",
            ),
        ),
        deviations=(
            Deviation(
                rule="CN-LCL-40-notice",
                reason="Company gives 45 days' notice",
                approved_by="Legal",
                approved_on=date(2026, 1, 5),
                policy="acme-cn",
            ),
        ),
        waivers=(WAIVER,),
        case_digest="sha256:" + "cd" * 32,
    )


def build_ready_report() -> Report:
    """A ready case with nothing owed and nothing found."""
    return Report(
        case_id="OFB-2026-0001",
        verdict="ready",
        policy=PolicyInfo(id="statutory", version="1", digest="sha256:00"),
        as_of=date(2026, 1, 2),
        findings=(),
        settlement=(
            SettlementLine(
                id="final_wages",
                rule="CN-final-wages",
                title=LocalText(zh="最后工资", en="Final wages"),
                required=Decimal("0"),
                proposed=Decimal("0"),
                citation="工资支付暂行规定 第九条",
            ),
        ),
    )
