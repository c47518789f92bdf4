"""The case model's field types: exact money, strict dates and months, counts, enums, strings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from offboard_policy.case import Case, parse_case
from offboard_policy.case.model import MODELS, Section, WageMonth
from offboard_policy.errors import CaseError

MINIMAL: dict[str, Any] = {
    "case_id": "MIN-1",
    "jurisdiction": {"city": "beijing"},
    "employee": {"hire_date": date(2020, 1, 1)},
    "termination": {"ground": "resignation", "termination_date": "2026-01-31"},
}


def wage(**fields: Any) -> WageMonth:
    return WageMonth.model_validate({"month": "2025-10", "gross": "1", **fields})


def error_message(**fields: Any) -> str:
    with pytest.raises(ValidationError) as info:
        wage(**fields)
    (err,) = info.value.errors()
    return str(err["msg"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (21000, Decimal(21000)),
        (Decimal("21000.00"), Decimal("21000.00")),
        ("21000.00", Decimal("21000.00")),
        ("0", Decimal(0)),
        ("1e3", Decimal(1000)),
        (".5", Decimal("0.5")),
    ],
)
def test_money_accepts_exact_numbers(value: object, expected: Decimal) -> None:
    gross = wage(gross=value).gross
    assert gross == expected and type(gross) is Decimal
    assert str(wage(gross="21000.00").gross) == "21000.00"  # digits kept


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1.5, "not a float"),
        (True, "not a number"),
        (Decimal("NaN"), "NaN"),
        (Decimal("Infinity"), "NaN and infinity"),
        ("NaN", "not a number"),
        ("21,000", "not a number"),
        ("", "not a number"),
        (" 1", "not a number"),
        (None, "not a number"),
        ([1], "not a number"),
        (-1, "must not be negative"),
        ("-0.01", "must not be negative"),
    ],
)
def test_money_refuses(value: object, words: str) -> None:
    assert words in error_message(gross=value)


def test_dates_strict_iso_only() -> None:
    ok = Case.model_validate(MINIMAL)
    assert ok.termination.termination_date == date(2026, 1, 31)
    for bad, words in [
        (20260131, "not a date (expected YYYY-MM-DD)"),
        ("2026-1-31", "not a date (expected YYYY-MM-DD)"),
        ("2026-01-31T00:00:00", "not a date"),
        (datetime(2026, 1, 31, 9), "a time of day is not allowed"),
        ("2026-02-30", "not a valid date: day is out of range for month"),
        ("31/01/2026", "not a date"),
    ]:
        data = {**MINIMAL, "termination": {"ground": "resignation", "termination_date": bad}}
        with pytest.raises(CaseError) as info:
            parse_case(data, display="x")
        (diag,) = info.value.diagnostics
        assert words in diag.message, bad
        assert diag.field == "termination.termination_date"


@pytest.mark.parametrize(
    "bad", ["2025-13", "2025-00", "2025-1", date(2025, 10, 1), 202510, "2025-10-01"]
)
def test_month_accepts_only_yyyy_mm(bad: object) -> None:
    assert wage(month="2025-12").month == date(2025, 12, 1)
    assert error_message(month=bad) == "not a month (expected YYYY-MM)"


def test_counts_are_whole_decimals() -> None:
    layoff = {"headcount": 20, "workforce": "200"}
    case = Case.model_validate(
        {**MINIMAL, "termination": {**MINIMAL["termination"], "layoff": layoff}}
    )
    assert case.termination.layoff is not None
    assert case.termination.layoff.headcount == Decimal(20)
    assert type(case.termination.layoff.workforce) is Decimal
    bad = {
        **MINIMAL,
        "termination": {**MINIMAL["termination"], "layoff": {**layoff, "headcount": "2.5"}},
    }
    with pytest.raises(CaseError, match="must be a whole number"):
        parse_case(bad, display="x")


@pytest.mark.parametrize(
    ("section", "field", "value", "words"),
    [
        ("employee", "id", 1024, "not text (got a number); write it in quotes"),
        ("employee", "gender", "m", "must be one of: male, female"),
        (
            "employee",
            "retirement_group",
            "female",
            "must be one of: male, female_cadre, female_worker",
        ),
        ("employee", "protected_statuses", "pregnancy", "expected a list, got text"),
        ("employee", "position", [], "expected a mapping (key: value), got a list"),
        ("employee", "cumulative_work_years", "-1", "must not be negative"),
        ("termination", "initiated_by", "hr", "must be one of: employer, employee"),
        ("termination", "notice_in_writing", "yes", "not true or false (got text)"),
        ("termination", "notice_in_writing", 1, "not true or false (got a number)"),
    ],
)
def test_field_messages(section: str, field: str, value: object, words: str) -> None:
    data = {**MINIMAL, section: {**MINIMAL[section], field: value}}
    with pytest.raises(CaseError) as info:
        parse_case(data, display="x")
    (diag,) = info.value.diagnostics
    assert diag.message == words
    assert diag.field == f"{section}.{field}"


def test_city_names_and_spellings_normalise_to_the_key() -> None:
    def city(value: object) -> str:
        case = parse_case({**MINIMAL, "jurisdiction": {"city": value}}, display="x")
        return str(case.jurisdiction.city)

    for value in ("shanghai", "上海", "上海市", "Shanghai", "SHANGHAI", " Shanghai City "):
        assert city(value) == "shanghai"
    assert city("北京") == "beijing"
    assert city("Xi'an") == "xian" and city("西安市") == "xian"
    # a key the case vocabulary does not list is folded, and judged by the policy later
    assert city("Foshan") == "foshan" and city("shangai") == "shangai"
    for bad in ("", "  ", 42):
        with pytest.raises(CaseError, match="a city is text"):
            city(bad)
    with pytest.raises(CaseError, match="must be one of: CN"):
        parse_case({**MINIMAL, "jurisdiction": {"city": "hk", "country": "HK"}}, display="x")


def test_asset_kinds_and_account_systems_are_vocabularies() -> None:
    def steps(**data: object) -> object:
        return parse_case({**MINIMAL, "steps": data}, display="x").steps

    got = steps(assets=[{"id": "1", "kind": "笔记本"}, {"id": "2", "kind": "Laptop"},
                        {"id": "3", "kind": "门禁卡"}, {"id": "4", "kind": "company car"},
                        {"id": "5", "kind": "other", "note": "drone"}],
                accounts=[{"system": "GitLab"}, {"system": "邮箱"}, {"system": "钉钉"},
                          {"system": "other", "note": "plant historian"}])
    assert [a.kind for a in got.assets] == [  # type: ignore[attr-defined]
        "laptop", "laptop", "door_access", "vehicle", "other"]
    assert [a.system for a in got.accounts] == [  # type: ignore[attr-defined]
        "code_repository", "mail", "im", "other"]
    with pytest.raises(CaseError) as info:
        steps(assets=[{"id": "1", "kind": "labtop"}, {"id": "2", "kind": "other"}],
              accounts=[{"system": "jira"}])
    messages = [(d.field, d.message) for d in info.value.diagnostics]
    assert messages[0][0] == "steps.assets[0].kind"
    assert messages[0][1].startswith("unknown asset kind 'labtop'; did you mean 'laptop'? "
                                     "(known: badge, corporate_card, desktop, documents, ")
    assert messages[1] == ("steps.assets[1]", "kind 'other' needs a 'note' saying what the "
                                              "asset is")
    assert messages[2][0] == "steps.accounts[0].system"
    assert messages[2][1].startswith("unknown account system 'jira' (known: cloud, "
                                     "code_repository, crm, door_access, erp, finance, ")


def test_the_renamed_approval_key_is_named() -> None:
    for old, shown in (("on", "on"), ("true", "true"), (True, "true")):
        with pytest.raises(CaseError) as info:
            parse_case({**MINIMAL, "steps": {"approvals": [
                {"role": "hr", "by": "H1", old: "2026-01-02"}]}}, display="x")
        (d,) = info.value.diagnostics
        assert (d.code, d.field) == ("OP502", "steps.approvals[0]")
        assert d.message == (f"the key '{shown}' is now 'approved_on' (YAML 1.1 tools read "
                             "'on' as true): rename it")


def test_case_id_must_not_be_empty() -> None:
    with pytest.raises(CaseError, match="must not be empty"):
        parse_case({**MINIMAL, "case_id": ""}, display="x")


def test_extensions_are_optional_and_typed() -> None:
    data = {
        **MINIMAL,
        "employer": {"has_union": True},
        "employee": {
            "hire_date": "2020-01-01",
            "gender": "female",
            "retirement_group": "female_worker",
            "position": {"senior_technical": True},
            "contract": {"signed_on": "2020-02-15", "consecutive_fixed_terms": 2},
            "annual_leave": {"declined_in_writing": True, "carried_over_days": "2.5"},
        },
        "termination": {
            **MINIMAL["termination"],
            "reason_explained": False,
            "layoff": {"headcount": 30, "workforce": 200, "explained_to_union_on": "2025-12-01"},
        },
        "non_compete": {"agreed": True, "had_access_to_trade_secrets": True},
        "steps": {"unemployment_reported_on": "2026-02-10"},
        "settlement": {"other": [{"id": "retention_bonus", "amount": "5000.00"}]},
        "extra": {"anything": [1, {"goes": None}]},
    }
    case = Case.model_validate(data)
    assert case.employee.annual_leave.carried_over_days == Decimal("2.5")
    assert case.employee.contract.consecutive_fixed_terms == Decimal(2)
    assert case.settlement.other[0].amount == Decimal("5000.00")
    assert case.settlement.other[0].description is None
    assert case.extra == {"anything": [1, {"goes": None}]}


def test_consistency_between_fields_is_not_a_validation_error() -> None:
    data = {
        **MINIMAL,
        "employee": {
            "hire_date": "2030-01-01"
        },  # after the termination date: a finding, not an error
        "termination": {
            **MINIMAL["termination"],
            "notice_date": "2026-12-31",
            "last_working_day": "2025-01-01",
        },
    }
    assert Case.model_validate(data).employee.hire_date == date(2030, 1, 1)


def test_every_model_forbids_unknown_fields_and_is_frozen() -> None:
    for model in MODELS:
        assert issubclass(model, Section)
        assert model.model_config.get("extra") == "forbid", model
        assert model.model_config.get("frozen") is True, model
    case = Case.model_validate(MINIMAL)
    with pytest.raises(ValidationError):
        case.case_id = "other"  # type: ignore[misc]
