"""Properties: whatever data reaches parse_case, the answer is a Case or a CaseError."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offboard_policy.case import Case, case_digest, load_case, parse_case
from offboard_policy.case.model import MODELS
from offboard_policy.errors import CaseError, InputError
from offboard_policy.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = load_yaml(ROOT / "fixtures" / "cases" / "contract-example.yaml")
FIELD_NAMES = sorted({name for model in MODELS for name in model.model_fields})

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.text(max_size=12),
    st.sampled_from(["2026-09-30", "2025-10", "21000.00", "-1", "beijing", "resignation"]),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8))
jsonish = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=30,
)


def check(data: Any, **kw: Any) -> None:
    try:
        case = parse_case(data, display="fuzz.yaml", **kw)
    except CaseError as exc:
        for diag in exc.diagnostics:
            assert diag.code.startswith("OP5"), diag
            assert diag.file == "fuzz.yaml"
            assert diag.message
    else:
        assert isinstance(case, Case)
        assert case_digest(case).startswith("sha256:")


@settings(max_examples=80)
@given(st.one_of(jsonish, st.dictionaries(keys, jsonish, max_size=10)))
def test_any_data_gives_a_case_or_a_case_error(data: Any) -> None:
    check(data)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_paths(v, (*prefix, i)))
    return out


EXAMPLE_PATHS = _paths(EXAMPLE.data)[1:]


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(EXAMPLE_PATHS), jsonish), min_size=1, max_size=3))
def test_mutated_example_gives_a_case_or_a_positioned_case_error(
    edits: list[tuple[tuple[Any, ...], Any]],
) -> None:
    data = copy.deepcopy(EXAMPLE.data)
    for path, value in edits:
        target = data
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced a parent
    try:
        parse_case(data, display="fuzz.yaml", positions=EXAMPLE.positions)
    except CaseError as exc:
        for diag in exc.diagnostics:
            assert diag.code.startswith("OP5")
            assert diag.line is not None and diag.column is not None
            assert diag.field


JSON_TEXT = st.one_of(
    st.text(max_size=120),
    st.text(alphabet='{}[]:," 0123456789.eE-+truefalsnNaIiy\\', max_size=120),
    st.builds(
        lambda body: '{"case_id": "J", ' + body + "}",
        st.text(alphabet='{}[]:," 0123456789.-abcdeityNa', max_size=80),
    ),
)


@settings(max_examples=150)
@given(JSON_TEXT)
def test_any_json_text_gives_a_case_or_an_input_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.json"
        path.write_text(text, encoding="utf-8")
        try:
            load_case(path, display="fuzz.json")
        except InputError as exc:
            assert all(d.file == "fuzz.json" for d in exc.diagnostics)
