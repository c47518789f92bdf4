"""orjson writes every report byte for byte as ``json.dumps`` did (render/encode.py).

Every fixture case under its policy, in both languages, with and without the trace, plus 200
generated Beijing cases: the indented form (``check -f json``) and the compact one (a batch line)
must be the same text as the standard library's, so switching encoders changes no output.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.case import load_case, parse_case
from offboard_policy.engine import evaluate
from offboard_policy.policy import CompiledPolicy, load_policy
from offboard_policy.render.encode import dumps
from offboard_policy.render.json import render_json, to_contract_dict
from offboard_policy.testing import iter_cases

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = [
    *((f, "policies/cn-beijing.yaml") for f in sorted((ROOT / "fixtures/cases").glob("*.yaml"))),
    *((f, "policies/example-internet.yaml")
      for f in sorted((ROOT / "fixtures/internet").glob("*.yaml"))),
    *((f, "policies/example-manufacturing.yaml")
      for f in sorted((ROOT / "fixtures/manufacturing").glob("*.yaml"))),
]


@cache
def _policy(name: str) -> CompiledPolicy:
    return load_policy(ROOT / name)


def _standard(data: Any, indent: bool) -> str:
    if indent:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _same(data: Any) -> None:
    assert dumps(data, indent=True) == _standard(data, True)
    assert dumps(data, indent=False) == _standard(data, False)


def test_every_fixture_is_covered() -> None:
    assert len(FIXTURES) >= 14


@pytest.mark.parametrize(("case_file", "policy"), FIXTURES,
                         ids=[f"{c.parent.name}/{c.name}" for c, _ in FIXTURES])
def test_fixture_reports_encode_to_the_same_bytes(case_file: Path, policy: str) -> None:
    case = load_case(case_file)
    for trace in (True, False):
        report = evaluate(_policy(policy), case, trace=trace)
        for lang in ("zh", "en"):
            data = to_contract_dict(report, lang)
            _same(data)
            assert render_json(report, lang) == _standard(data, True)


def test_generated_reports_encode_to_the_same_bytes() -> None:
    policy = _policy("policies/cn-beijing.yaml")
    for raw in iter_cases(seed=11, count=200):
        report = evaluate(policy, parse_case(raw, display="generated"), trace=True)
        _same(to_contract_dict(report, "zh"))


@pytest.mark.parametrize("data", [
    {"text": "控制字符 \x00\x1f\x7f 和 \u2028 引号\"\\ 斜杠/", "empty": {}, "list": []},
    {"big": 2**70, "neg": -(2**64)},  # past 64 bits: the fallback
    {1: "a non-string key"},  # the fallback too
    [None, True, False, 0, -1, "", [[]], [{}]],
])
def test_edge_values_encode_to_the_same_bytes(data: Any) -> None:
    _same(data)
