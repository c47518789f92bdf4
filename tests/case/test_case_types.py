"""case_types(): the expression types read off the pydantic models."""

from __future__ import annotations

from pathlib import Path

from offboard_policy.case import case_types, load_case
from offboard_policy.case.model import MODELS
from offboard_policy.case.types import EXCLUDED_ROOTS
from offboard_policy.expr.types import (
    BOOL,
    DATE,
    NUMBER,
    STRING,
    EnumType,
    ListType,
    NullableType,
    RecordType,
    Type,
)

CONTRACT_FIXTURE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "contract-example.yaml"
)


def record(t: Type) -> RecordType:
    assert isinstance(t, RecordType), t
    return t


def test_top_level_sections() -> None:
    types = case_types()
    assert list(types) == [
        "case_id",
        "jurisdiction",
        "employer",
        "employee",
        "termination",
        "non_compete",
        "steps",
        "settlement",
        "waivers",
    ]
    assert "extra" in EXCLUDED_ROOTS
    assert types["case_id"] == STRING
    waivers = types["waivers"]
    assert isinstance(waivers, ListType) and record(waivers.item).name == "waiver"


def test_field_types() -> None:
    types = case_types()
    employee = record(types["employee"])
    assert employee.name == "employee"
    assert employee.fields["hire_date"] == DATE
    assert employee.fields["birth_date"] == NullableType(DATE)
    assert employee.fields["cumulative_work_years"] == NullableType(NUMBER)
    assert employee.fields["protected_statuses"] == ListType(
        EnumType(
            "protected_status",
            (
                "pregnancy",
                "maternity_leave",
                "nursing_infant",
                "medical_treatment_period",
                "work_injury_incapacity",
                "occupational_disease_suspected",
                "occupational_hazard_no_exit_exam",
            ),
        )
    )
    wages = record(employee.fields["wages"])
    month = wages.fields["monthly"]
    assert isinstance(month, ListType)
    wage_month = record(month.item)
    assert wage_month.name == "wage_month"
    assert dict(wage_month.fields) == {"month": DATE, "gross": NUMBER, "overtime": NUMBER}
    position = record(employee.fields["position"])
    assert position.fields["senior_technical"] == BOOL
    termination = record(types["termination"])
    ground = termination.fields["ground"]
    assert isinstance(ground, EnumType) and ground.name == "ground" and len(ground.values) == 14
    assert termination.fields["initiated_by"] == NullableType(
        EnumType("initiated_by", ("employer", "employee"))
    )
    layoff = termination.fields["layoff"]
    assert isinstance(layoff, NullableType)
    assert record(layoff.inner).fields["headcount"] == NUMBER  # counts are numbers
    approvals = record(types["steps"]).fields["approvals"]
    assert isinstance(approvals, ListType)
    assert dict(record(approvals.item).fields) == {
        "role": STRING,
        "by": STRING,
        "approved_on": NullableType(DATE),
    }
    assert record(types["jurisdiction"]).fields["country"] == EnumType("country", ("CN",))


def test_cached() -> None:
    assert case_types() is case_types()


def test_every_model_field_is_typed_and_values_match_the_types() -> None:
    """Each field of each record is typed, and the loaded example's values fit their types."""
    case = load_case(CONTRACT_FIXTURE)
    names = {record_type.name for record_type in _records(case_types())}
    assert len(names) == len(MODELS) - 1  # every model but Case itself is a record
    for name, t in case_types().items():
        _check_value(getattr(case, name), t, name)


def _records(types: dict[str, Type]) -> list[RecordType]:
    out: list[RecordType] = []
    todo = list(types.values())
    while todo:
        t = todo.pop()
        if isinstance(t, NullableType | ListType):
            todo.append(t.inner if isinstance(t, NullableType) else t.item)
        elif isinstance(t, RecordType) and t not in out:
            out.append(t)
            todo.extend(t.fields.values())
    return out


def _check_value(value: object, t: Type, path: str) -> None:
    from datetime import date
    from decimal import Decimal

    if isinstance(t, NullableType):
        if value is not None:
            _check_value(value, t.inner, path)
        return
    if isinstance(t, RecordType):
        for field, ft in t.fields.items():
            _check_value(getattr(value, field), ft, f"{path}.{field}")
    elif isinstance(t, ListType):
        assert isinstance(value, list), path
        for i, item in enumerate(value):
            _check_value(item, t.item, f"{path}[{i}]")
    elif isinstance(t, EnumType):
        assert value in t.values, path
    else:
        scalars: dict[Type, type] = {NUMBER: Decimal, DATE: date, BOOL: bool, STRING: str}
        expected = scalars[t]
        assert type(value) is expected, (path, value)


def test_vocabulary_fields_are_enums_for_the_rules() -> None:
    from offboard_policy.case.vocab import ACCOUNT_SYSTEMS, ASSET_KINDS

    steps = case_types()["steps"]
    assert isinstance(steps, RecordType)
    assets = steps.fields["assets"]
    accounts = steps.fields["accounts"]
    assert isinstance(assets, ListType) and isinstance(accounts, ListType)
    assert isinstance(assets.item, RecordType) and isinstance(accounts.item, RecordType)
    assert assets.item.fields["kind"] == NullableType(EnumType("asset_kind", tuple(ASSET_KINDS)))
    assert accounts.item.fields["system"] == EnumType("account_system", tuple(ACCOUNT_SYSTEMS))
    assert "laptop" in ASSET_KINDS and "door_access" in ACCOUNT_SYSTEMS
