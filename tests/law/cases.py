"""Case builder for the hand-worked law tests: a base Beijing case (a dict in the input contract
format, the same facts as fixtures/cases/beijing-no-fault-ready.yaml) plus overrides, and small
accessors for the JSON report (contract 2).

The base case is a lawful no-fault dismissal (LCL Art. 40(2)) with full notice and every step
done; under policies/cn-beijing.yaml its verdict is ready with no findings:
    service 2016-03-14 .. 2026-09-30 inclusive = 10 y 6 m 17 d -> 11 months
    N window 2025-09 .. 2026-08; base (11 x 21000 + 36000) / 12 = 22250.00; N = 244750.00
    leave 3 days -> 6119.54; final wages (September 2026) 21000.00
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from tests.dotted import with_changes

# 188413 / 4 (2023 data, in force from 2024-10-01, README default)
BEIJING_CAP = Decimal("47103.25")


def month_list(first: str, count: int, gross: str = "21000.00", *,
               gross_by_month: dict[str, str] | None = None,
               overtime_by_month: dict[str, str] | None = None) -> list[dict[str, str]]:
    """``count`` wage months from ``first`` ("YYYY-MM"), all ``gross`` unless overridden."""
    start = date.fromisoformat(first + "-01")
    out = []
    for i in range(count):
        key = (start + relativedelta(months=i)).strftime("%Y-%m")
        out.append({
            "month": key,
            "gross": (gross_by_month or {}).get(key, gross),
            "overtime": (overtime_by_month or {}).get(key, "0"),
        })
    return out


BASE: dict[str, Any] = {
    "case_id": "LAW-BJ-BASE",
    "jurisdiction": {"country": "CN", "city": "beijing"},
    "employer": {"has_union": True},
    "employee": {
        "id": "E1001",
        "name": "李四",
        "birth_date": "1985-06-15",
        "gender": "male",
        "retirement_group": "male",
        "hire_date": "2016-03-14",
        "cumulative_work_years": 14,
        "position": {
            "title": "工艺工程师",
            "key_position": False,
            "senior_management": False,
            "senior_technical": False,
            "confidentiality_obligation": False,
        },
        "contract": {
            "type": "open_ended",
            "start": "2016-03-14",
            "signed_on": "2016-03-14",
            "end": None,
            "probation_end": "2016-09-13",
        },
        "protected_statuses": [],
        "wages": {
            "monthly": month_list("2025-09", 13, gross_by_month={"2025-12": "36000.00"},
                                  overtime_by_month={"2026-01": "800.00"}),
        },
        "annual_leave": {"taken_days_this_year": 4},
    },
    "termination": {
        "ground": "no_fault_incompetence",
        "initiated_by": "employer",
        "reason_explained": True,
        "notice_date": "2026-08-31",
        "notice_in_writing": True,
        "last_working_day": "2026-09-30",
        "termination_date": "2026-09-30",
        "union_notified_on": "2026-08-28",
        "renewal_offered": None,
        "renewal_declined_by_employee": None,
        "layoff": None,
    },
    "non_compete": {"agreed": False, "duration_months": None, "monthly_compensation": None},
    "steps": {
        "approvals": [
            {"role": "line_manager", "by": "M0007", "approved_on": "2026-08-20"},
            {"role": "hr", "by": "H0002", "approved_on": "2026-08-21"},
        ],
        "handover": {
            "successor": "E2001",
            "items": 9,
            "signed_by_successor_on": "2026-09-29",
            "signed_by_supervisor_on": "2026-09-29",
            "documents_archived": True,
        },
        "assets": [
            {"id": "LT-4410", "kind": "laptop", "returned_on": "2026-09-30"},
            {"id": "AC-1033", "kind": "access_card", "returned_on": "2026-09-30"},
        ],
        "accounts": [
            {"system": "gitlab", "revoked_on": "2026-09-30"},
            {"system": "erp", "revoked_on": "2026-09-30"},
        ],
        "exit_interview": {"held_on": "2026-09-28", "declined": False},
        "legal_review": {"reviewer": "L0003", "approved_on": "2026-08-27"},
        "termination_certificate_issued_on": "2026-09-30",
        "file_and_social_insurance_transferred_on": "2026-10-12",
        "unemployment_reported_on": "2026-10-06",
    },
    "settlement": {
        "economic_compensation": "244750.00",
        "notice_pay_in_lieu": "0",
        "annual_leave_payout": "6119.54",
        "final_wages": "21000.00",
        "final_wages_paid_on": "2026-09-30",
        "compensation_paid_on": "2026-09-29",
        "other": [],
    },
    "waivers": [],
}


def make_case(overrides: dict[str, Any] | None = None, **sections: Any) -> dict[str, Any]:
    """The base case with ``overrides`` applied: keys are dotted paths
    (``"termination.notice_date"``), values replace what is there (a dict value replaces the
    whole sub-tree). Keyword arguments replace whole top-level sections."""
    case = with_changes(BASE, overrides or {})
    for key, value in sections.items():
        case[key] = copy.deepcopy(value)
    return case


# -- report accessors ---------------------------------------------------------------------------

def line(report: dict[str, Any], line_id: str) -> dict[str, Any] | None:
    """The settlement line ``line_id``, or None when absent."""
    return next((ln for ln in report["settlement"]["lines"] if ln["id"] == line_id), None)


def required(report: dict[str, Any], line_id: str) -> str | None:
    """The required amount of a line ("0.00" when the line is absent, as the contract allows)."""
    ln = line(report, line_id)
    if ln is None:
        return "0.00"
    return ln["required"]


def findings(report: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    """Every finding of ``rule``."""
    return [f for f in report["findings"] if f["rule"] == rule]


def status(report: dict[str, Any], rule: str) -> str | None:
    """The status of the (single) finding of ``rule``, or None when it did not fire."""
    found = findings(report, rule)
    assert len(found) <= 1, found
    return found[0]["status"] if found else None


def exposure(report: dict[str, Any], rule: str) -> str | None:
    """The exposure of the finding of ``rule``."""
    found = findings(report, rule)
    assert len(found) == 1, report["findings"]
    return found[0]["exposure"]


IIT_RULE = "CN-IIT-164-severance"
"""The severance-IIT withholding finding (rules/cn/iit.yaml): info only. No city has a verified
exempt figure, so every case paying compensation carries it as an info `incomplete`."""


def blocking_or_warning(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings that are not info (info never affects the verdict)."""
    return [f for f in report["findings"] if f["severity"] != "info"]


def iit_pending(report: dict[str, Any]) -> bool:
    """The IIT finding is there as info and incomplete (the city has no exempt figure)."""
    found = findings(report, IIT_RULE)
    return len(found) == 1 and (found[0]["severity"], found[0]["status"]) == ("info", "incomplete")


def rules_fired(report: dict[str, Any]) -> set[str]:
    """Ids of all findings (any status)."""
    return {f["rule"] for f in report["findings"]}
