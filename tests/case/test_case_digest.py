"""case_digest(): one fingerprint per meaning of a case."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from offboard_policy.case import Case, case_digest, load_case
from offboard_policy.case.digest import canonical_json

CONTRACT_FIXTURE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "contract-example.yaml"
)

BASE: dict[str, Any] = {
    "case_id": "D-1",
    "jurisdiction": {"city": "beijing"},
    "employee": {
        "hire_date": "2020-01-01",
        "wages": {"monthly": [{"month": "2025-10", "gross": "21000.00"}]},
    },
    "termination": {"ground": "resignation", "termination_date": "2026-01-31"},
}


def digest(data: dict[str, Any]) -> str:
    return case_digest(Case.model_validate(data))


def test_format_and_stability() -> None:
    d = case_digest(load_case(CONTRACT_FIXTURE))
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", d)
    assert d == case_digest(load_case(CONTRACT_FIXTURE))


def test_same_meaning_same_digest() -> None:
    same = {
        "termination": {"termination_date": date(2026, 1, 31), "ground": "resignation"},
        "employee": {
            "wages": {"monthly": [{"gross": 21000, "month": "2025-10", "overtime": "0.00"}]},
            "hire_date": date(2020, 1, 1),
            "protected_statuses": [],
        },
        "jurisdiction": {"country": "CN", "city": "beijing"},
        "case_id": "D-1",
    }
    assert digest(same) == digest(BASE)


def test_any_change_changes_the_digest() -> None:
    changed = {**BASE, "case_id": "D-2"}
    assert digest(changed) != digest(BASE)
    wages = {"monthly": [{"month": "2025-10", "gross": "21000.01"}]}
    assert digest({**BASE, "employee": {**BASE["employee"], "wages": wages}}) != digest(BASE)
    assert digest({**BASE, "extra": {"a": "1"}}) != digest({**BASE, "extra": {"a": 1}})


def test_canonical_json() -> None:
    value = {"b": [Decimal("1.50"), Decimal("-0"), date(2026, 1, 2)], "a": {"x": None, "y": True}}
    assert canonical_json(value) == '{"a":{"x":null,"y":true},"b":["1.5","0","2026-01-02"]}'
    assert (
        canonical_json({"n": Decimal("21000.00"), "m": Decimal("1E+3")})
        == '{"m":"1000","n":"21000"}'
    )
    assert canonical_json({"名": "张三"}) == '{"名":"张三"}'


def test_canonical_bytes_are_the_reference_text() -> None:
    # orjson writes the digest's canonical form; it must be json.dumps's text byte for byte,
    # or every stored case digest would change.
    from offboard_policy.case import parse_case
    from offboard_policy.case.digest import canonical_bytes
    from offboard_policy.testing import iter_cases

    for raw in iter_cases(seed=5, count=300):
        data = parse_case(raw, display="generated").model_dump(mode="python")
        assert canonical_bytes(data) == canonical_json(data).encode("utf-8")
    edge = {"名": "张三", "z": [Decimal("1E+3"), date(2026, 1, 2), 2**70, None, "\x00\u2028"]}
    assert canonical_bytes(edge) == canonical_json(edge).encode("utf-8")


def test_a_float_in_extra_digests_as_before() -> None:
    import hashlib

    case = Case.model_validate({**BASE, "extra": {"ratio": 1e-05, "n": 0.1}})
    text = canonical_json(case.model_dump(mode="python"))
    assert case_digest(case) == "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
