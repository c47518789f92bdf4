"""Test helpers for the expression language: hand-made record types, a fake scope, shortcuts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from offboard_policy.errors import Diagnostic, ExpressionError
from offboard_policy.expr import Compiled, MissingValue, TypeEnv, compile_expression
from offboard_policy.expr.origin import Origin
from offboard_policy.expr.types import (
    BOOL,
    DATE,
    NUMBER,
    STRING,
    EnumType,
    ListType,
    RecordType,
    Type,
    nullable,
)

GROUND = EnumType("ground", ("resignation", "layoff", "contract_expiry", "mutual_agreement"))
STATUS = EnumType("protected_status", ("pregnancy", "maternity_leave", "medical_treatment_period"))
WAGE_MONTH = RecordType(
    "wage_month", {"month": STRING, "gross": NUMBER, "overtime": nullable(NUMBER)}
)
CONTRACT = RecordType("contract", {"start": DATE, "end": nullable(DATE), "type": STRING})
EMPLOYEE = RecordType(
    "employee",
    {
        "hire_date": DATE,
        "contract": CONTRACT,
        "wages": RecordType("wages", {"monthly": ListType(WAGE_MONTH)}),
        "protected_statuses": ListType(STATUS),
        "bonuses": ListType(nullable(NUMBER)),
        "key_position": BOOL,
        "manager_approved": nullable(BOOL),
    },
)
LAYOFF = RecordType("layoff", {"headcount": NUMBER, "workforce": NUMBER})
TERMINATION = RecordType(
    "termination",
    {
        "ground": GROUND,
        "initiated_by": EnumType("party", ("employer", "employee")),
        "notice_date": nullable(DATE),
        "termination_date": DATE,
        "layoff": nullable(LAYOFF),
    },
)
ASSET = RecordType("asset", {"id": STRING, "returned_on": nullable(DATE)})
STEPS = RecordType("steps", {"assets": ListType(ASSET)})

ENV = TypeEnv(
    case_roots={"employee": EMPLOYEE, "termination": TERMINATION, "steps": STEPS},
    values={"service_months": NUMBER, "service_end": DATE, "maybe_bonus": nullable(NUMBER)},
    params={"cap_multiplier": NUMBER, "average_wage": NUMBER, "probation_days": NUMBER,
            "unset_wage": NUMBER},
)


def ns(**fields: Any) -> SimpleNamespace:
    """A record value (the engine passes pydantic models; only attribute access matters)."""
    return SimpleNamespace(**fields)


def make_case() -> dict[str, Any]:
    """Case roots for the fake scope: 2 wage months, notice given, no layoff, two assets."""
    return {
        "employee": ns(
            hire_date=date(2016, 3, 14),
            contract=ns(start=date(2016, 3, 14), end=None, type="open_ended"),
            wages=ns(
                monthly=[
                    ns(month="2026-08", gross=21000, overtime=None),  # int, as YAML gives it
                    ns(month="2026-09", gross=Decimal("36000.50"), overtime=Decimal("800")),
                ]
            ),
            protected_statuses=["pregnancy"],
            bonuses=[Decimal(1), Decimal(2)],
            key_position=True,
            manager_approved=None,
        ),
        "termination": ns(
            ground="layoff",
            initiated_by="employer",
            notice_date=date(2026, 8, 31),
            termination_date=date(2026, 9, 30),
            layoff=None,
        ),
        "steps": ns(
            assets=[ns(id="LT-1", returned_on=date(2026, 9, 30)), ns(id="AC-2", returned_on=None)]
        ),
    }


class FakeScope:
    """A scope over plain dicts; a parameter or value that is absent raises MissingValue."""

    def __init__(
        self,
        roots: dict[str, Any] | None = None,
        values: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.roots = make_case() if roots is None else roots
        self.values = (
            {"service_months": Decimal(126), "service_end": date(2026, 10, 1), "maybe_bonus": None}
            if values is None
            else values
        )
        self.params = (
            {"cap_multiplier": 3, "average_wage": Decimal("11937.25"), "probation_days": 3}
            if params is None
            else params
        )

    def case_root(self, name: str) -> Any:
        return self.roots[name]

    def value(self, name: str) -> Any:
        return self.values[name]

    def param(self, name: str) -> Any:
        if name not in self.params:
            raise MissingValue((f"params.{name}",))
        return self.params[name]


def compiled(
    source: str, *, env: TypeEnv = ENV, expected: Type | None = None, origin: Origin = None
) -> Compiled:
    """``source`` compiled against the test environment."""
    return compile_expression(
        source, origin=origin, display="rules/t.yaml", env=env, expected=expected
    )


def ev(source: str, scope: FakeScope | None = None, **kw: Any) -> Any:
    """Compile ``source`` and evaluate it against ``scope`` (the default fake case)."""
    return compiled(source, **kw).fn(scope or FakeScope())


def load_error(source: str, *, env: TypeEnv = ENV, origin: Origin = None, **kw: Any) -> Diagnostic:
    """The one diagnostic of the ExpressionError that compiling ``source`` must raise."""
    with pytest.raises(ExpressionError) as info:
        compiled(source, env=env, origin=origin, **kw)
    (diag,) = info.value.diagnostics
    return diag
