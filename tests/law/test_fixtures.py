"""The fixture cases under policies/cn-beijing.yaml: verdicts and hand-worked amounts
(the working is in each fixture's header)."""

import pytest
from cases import exposure, required

FIX = "fixtures/cases/"


@pytest.mark.parametrize(("name", "compensation", "leave"), [
    ("beijing-no-fault-ready.yaml", "244750.00", "6119.54"),
    ("resignation-ready.yaml", "0.00", "1379.31"),
    ("high-earner-cap.yaml", "565239.00", "33103.45"),
    ("pre-2008-hire.yaml", "489500.00", "14278.93"),
    ("short-tenure.yaml", "5375.00", "988.51"),
])
def test_ready_fixtures(check_case, name, compensation, leave):
    report = check_case(FIX + name)
    assert report["verdict"] == "ready", report["findings"]
    # N rests on Beijing's 2024-10-01 average wage, whose start date is approximate (the law
    # README default): an info note says so; nothing else is found
    notes = [f for f in report["findings"] if f["rule"] == "OP-approximate-parameter"]
    assert [f for f in report["findings"] if f not in notes] == []
    assert [f["fields"] for f in notes] == ([["params.average_monthly_wage"]]
                                            if compensation != "0.00" else [])
    assert required(report, "economic_compensation") == compensation
    assert required(report, "annual_leave_payout") == leave


def test_pregnant_dismissal_is_blocked_with_2n(check_case):
    report = check_case(FIX + "pregnant-dismissal-blocked.yaml")
    assert report["verdict"] == "blocked"
    # 2 x 11 x 22250.00
    assert exposure(report, "CN-LCL-42-4-female") == "489500.00"


def test_contract_example_is_blocked(check_case):
    report = check_case(FIX + "contract-example.yaml")
    assert report["verdict"] == "blocked"
    rules = {f["rule"]: (f["severity"], f["status"]) for f in report["findings"]}
    assert rules == {
        # 2025-09 missing from the wages: the N window (Q1 default) is incomplete, so N and the
        # leave payout (which uses the same window) cannot be computed
        "CN-LCLR-27-wage-window": ("blocking", "violation"),
        "CN-LCL-47-compensation": ("blocking", "incomplete"),
        "CN-ALM-12-annual-leave": ("blocking", "incomplete"),
        # notice 2026-09-20 is 10 days: August's 21000.00 is owed in lieu, none proposed
        "CN-LCL-40-notice": ("blocking", "violation"),
        "CN-LCL-50-certificate": ("blocking", "violation"),
        "CN-LCL-50-transfer": ("blocking", "violation"),
        "INT-asset-return": ("blocking", "violation"),
        "INT-account-revocation": ("blocking", "violation"),
        "INT-legal-review": ("blocking", "violation"),
    }
    assert required(report, "notice_pay_in_lieu") == "21000.00"
    assert required(report, "final_wages") == "21000.00"
    assert report["settlement"]["total_required"] is None   # N and leave are not computable
