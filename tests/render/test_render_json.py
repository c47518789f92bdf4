"""The JSON report follows contract 2 key for key, with exact money and stable bytes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from report_samples import WAIVER, build_ready_report, build_report

from offboard_policy.render import render, render_many
from offboard_policy.render._format import jsonable, money, money_display
from offboard_policy.render.json import render_json, to_contract_dict

CONTRACT_KEYS = [
    "schema_version", "case_id", "verdict", "policy", "as_of", "findings", "settlement", "trace",
]  # fmt: skip
EXTENSION_KEYS = ["case_digest", "parameters", "deviations", "waivers"]

EXPECTED_EN = {
    "schema_version": "1",
    "case_id": "OFB-2026-0142",
    "verdict": "blocked",
    "policy": {"id": "acme-cn", "version": "2026.1", "digest": "sha256:" + "ab" * 32},
    "as_of": "2026-10-01",
    "findings": [
        {
            "rule": "CN-LCL-43-union",
            "severity": "blocking",
            "status": "violation",
            "message": "The union was not notified before the unilateral termination.",
            "citation": "劳动合同法 第四十三条 (LCL Art. 43)",
            "fields": ["termination.union_notified_on"],
            "hint": "Notify the union in writing.",
            "exposure": "441000.00",
            "title": "Union notified in advance",
            "waiver": None,
            "source": "rules/cn/termination.yaml:12:7",
        },
        {
            "rule": "CN-LCL-40-notice",
            "severity": "blocking",
            "status": "incomplete",
            "message": "The notice date is missing.",
            "citation": "劳动合同法 第四十条 (LCL Art. 40)",
            "fields": ["termination.notice_date"],
            "hint": None,
            "exposure": None,
            "title": None,
            "waiver": None,
            "source": None,
        },
        {
            "rule": "ACME-assets-returned",
            "severity": "warning",
            "status": "violation",
            "message": "Access card not returned [AC-0912].",
            "citation": "Employee handbook §7.2",
            "fields": ["steps.assets"],
            "hint": "Collect the card.",
            "exposure": None,
            "title": None,
            "waiver": None,
            "source": None,
        },
        {
            "rule": "ACME-handover-signed",
            "severity": "blocking",
            "status": "waived",
            "message": "Handover not signed by successor.",
            "citation": "Handover procedure §3",
            "fields": [],
            "hint": None,
            "exposure": None,
            "title": None,
            "waiver": {
                "approved_by": "H0002",
                "reason": "Successor on leave; supervisor signed",
                "expires_on": "2026-12-31",
            },
            "source": None,
        },
    ],
    "settlement": {
        "currency": "CNY",
        "lines": [
            {
                "id": "economic_compensation",
                "required": "220500.00",
                "proposed": "200000.00",
                "shortfall": "20500.00",  # 220 500.00 - 200 000.00
                "due": "2026-09-30",
                "citation": "劳动合同法 第四十七条 (LCL Art. 47)",
                "basis": "10.5 months × 21,000.00",
            },
            {
                "id": "notice_pay_in_lieu",
                "required": "21000.00",  # Decimal("21000") gains its two decimals
                "proposed": "21000.00",
                "shortfall": "0.00",
                "due": None,
                "citation": "劳动合同法 第四十条 (LCL Art. 40)",
                "basis": None,
            },
            {
                "id": "annual_leave_payout",
                "required": None,
                "proposed": "1000.00",
                "shortfall": None,
                "due": None,
                "citation": "职工带薪年休假条例 第五条",
                "basis": None,
            },
        ],
        "total_required": None,  # one line unknown -> the total is unknown
        "total_proposed": "222000.00",  # 200 000 + 21 000 + 1 000
    },
    "trace": [
        {
            "value": "compensation_months",
            "result": "10.5",
            "formula": "full_years(tenure) + half_year_bonus",
            "inputs": {
                "hire_date": "2016-03-14",
                "capped": False,
                "months": ["21000.00", "36000.00"],
                "ground": "no_fault_incompetence",
            },
            "citation": "劳动合同法 第四十七条",
        },
        {"value": "notice_days", "result": None, "formula": "x", "inputs": {}, "citation": None},
    ],
    "case_digest": "sha256:" + "cd" * 32,
    "parameters": [
        {
            "name": "average_monthly_wage_cap",
            "value": "35283",
            "effective_from": "2025-07-01",
            "city": "beijing",
            "source": "北京市人社局 2025",
            "approximate": True,
        },
        {
            "name": "pay_days_per_month",
            "value": "21.75",
            "effective_from": None,
            "city": None,
            "source": "劳社部发〔2008〕3号",
            "approximate": False,
        },
    ],
    "deviations": [
        {
            "rule": "CN-LCL-40-notice",
            "reason": "Company gives 45 days' notice",
            "approved_by": "Legal",
            "approved_on": "2026-01-05",
            "policy": "acme-cn",
        }
    ],
    "waivers": [
        {
            "rule": "ACME-handover-signed",
            "approved_by": "H0002",
            "reason": "Successor on leave; supervisor signed",
            "expires_on": "2026-12-31",
        }
    ],
}


def test_contract_dict_is_exact() -> None:
    assert to_contract_dict(build_report(), "en") == EXPECTED_EN


def test_contract_keys_come_first_and_in_order() -> None:
    data = to_contract_dict(build_report(), "en")
    assert list(data) == CONTRACT_KEYS + EXTENSION_KEYS
    assert list(data["policy"]) == ["id", "version", "digest"]
    contract_finding = ["rule", "severity", "status", "message", "citation", "fields", "hint",
                        "exposure"]  # fmt: skip
    assert list(data["findings"][0]) == [*contract_finding, "title", "waiver", "source"]
    assert list(data["settlement"]) == ["currency", "lines", "total_required", "total_proposed"]
    line_keys = ["id", "required", "proposed", "shortfall", "due", "citation", "basis"]
    assert list(data["settlement"]["lines"][0]) == line_keys
    assert list(data["trace"][0]) == ["value", "result", "formula", "inputs", "citation"]


def test_texts_follow_the_language() -> None:
    zh = to_contract_dict(build_report(), "zh")
    assert zh["findings"][0]["message"] == "单方解除劳动合同前未通知工会。"
    assert zh["findings"][0]["hint"] == "书面通知工会并保留回执。"
    assert zh["findings"][0]["title"] == "事先通知工会"
    assert zh["settlement"]["lines"][0]["basis"] == "10.5 个月 × 21,000.00"
    # an empty zh text falls back to the English one rather than to ""
    assert zh["findings"][2]["hint"] == "Collect the card."


def test_ready_report_totals() -> None:
    data = to_contract_dict(build_ready_report(), "en")
    assert data["verdict"] == "ready"
    assert data["findings"] == []
    assert data["settlement"]["lines"][0]["required"] == "0.00"
    assert data["settlement"]["total_required"] == "0.00"
    assert data["settlement"]["total_proposed"] == "0.00"
    assert data["case_digest"] is None
    assert data["trace"] == data["parameters"] == data["deviations"] == data["waivers"] == []


def test_render_json_is_deterministic_utf8_with_trailing_newline() -> None:
    first = render_json(build_report(), "zh").encode()
    second = render_json(build_report(), "zh").encode()
    assert first == second
    assert first.endswith(b"}\n") and not first.endswith(b"\n\n")
    assert "劳动合同法".encode() in first  # ensure_ascii=False
    assert b'\n  "schema_version": "1",\n' in first  # indent=2
    assert json.loads(first) == to_contract_dict(build_report(), "zh")


def test_amounts_are_never_floats() -> None:
    raw = render_json(build_report(), "en")
    assert '"required": "220500.00"' in raw
    assert '"exposure": "441000.00"' in raw
    data = json.loads(raw)
    amounts = [data["settlement"]["total_proposed"], data["findings"][0]["exposure"]]
    amounts += [ln[k] for ln in data["settlement"]["lines"] for k in ("required", "proposed")]
    assert all(a is None or isinstance(a, str) for a in amounts)


def test_render_dispatch_one_object_many_array() -> None:
    one = json.loads(render(build_report(), "json", lang="en"))
    assert isinstance(one, dict) and one["case_id"] == "OFB-2026-0142"
    many = json.loads(render_many([build_report(), build_ready_report()], "json", lang="en"))
    assert [r["case_id"] for r in many] == ["OFB-2026-0142", "OFB-2026-0001"]
    assert many[0] == one


def test_waiver_without_expiry_is_null() -> None:
    report = build_report()
    finding = replace(report.findings[3], waiver=replace(WAIVER, expires_on=None))
    report = replace(report, findings=(finding,))
    assert to_contract_dict(report, "en")["findings"][0]["waiver"]["expires_on"] is None


# -- money and values --------------------------------------------------------------------


def test_money_examples() -> None:
    assert money(Decimal("90000")) == "90000.00"
    assert money(Decimal("90000.00")) == "90000.00"
    assert money(Decimal("0")) == "0.00"
    assert money(Decimal("-0.00")) == "0.00"  # never "-0.00"
    assert money(Decimal("1E+5")) == "100000.00"  # never exponent notation
    assert money(Decimal("0.005")) == "0.01"  # half-up, as the rule language rounds
    assert money(Decimal("2.675")) == "2.68"
    assert money_display(Decimal("160000")) == "160,000.00"
    assert money_display(Decimal("1234567.891")) == "1,234,567.89"
    assert money_display(Decimal("0")) == "0.00"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_money_round_trips_exactly(amount: Decimal) -> None:
    text = money(amount)
    assert Decimal(text) == amount
    whole, _, cents = text.lstrip("-").partition(".")
    assert whole.isdigit() and len(cents) == 2
    assert Decimal(money_display(amount).replace(",", "")) == amount


def test_jsonable_values() -> None:
    assert jsonable(Decimal("5.5")) == "5.5"
    assert jsonable(Decimal("1E+1")) == "10"
    assert jsonable(date(2026, 9, 30)) == "2026-09-30"
    assert jsonable(True) is True
    assert jsonable(3) == 3
    assert jsonable((Decimal("1"), [date(2026, 1, 1)])) == ["1", ["2026-01-01"]]
    assert jsonable({"a": None, 1: Decimal("2.50")}) == {"a": None, "1": "2.50"}
    assert jsonable(frozenset({"b", "a"})) == ["a", "b"]
    assert str(jsonable(object())).startswith("<object")
