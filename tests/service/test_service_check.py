"""``POST /v1/check``: the same bytes as ``check --format json`` for every fixture case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.service.models import ReportModel
from tests.cli.clirun import run
from tests.service.support import POLICIES, fixture_cases


def cli_json(case: Path, policy: str, lang: str, *extra: str) -> str:
    result = run("check", case, "--policy", POLICIES[policy], "--format", "json",
                 "--lang", lang, *extra)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize(("case", "policy"), fixture_cases(), ids=lambda v: getattr(v, "name", v))
def test_check_is_byte_for_byte_the_cli_json(make_client: Any, case: Path, policy: str) -> None:
    client = make_client(list(POLICIES))
    for lang in ("en", "zh"):
        yaml_answer = client.post(f"/v1/check?policy={policy}&lang={lang}",
                                  content=case.read_bytes(),
                                  headers={"Content-Type": "application/yaml"})
        assert yaml_answer.status_code == 200, yaml_answer.text
        assert yaml_answer.headers["content-type"] == "application/json"
        expected = cli_json(case, policy, lang)
        assert yaml_answer.text == expected
        ReportModel.model_validate(json.loads(yaml_answer.text))  # the OpenAPI model fits


def test_json_body_and_as_of(make_client: Any, tmp_path: Path) -> None:
    client = make_client()
    case = Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "contract-example.yaml"
    from offboard_policy.decisions.model import case_to_json
    from offboard_policy.yamlio import load_yaml

    json_case = tmp_path / "case.json"  # the same case as JSON
    json_case.write_text(case_to_json(load_yaml(case, display="x").data), encoding="utf-8")
    answer = client.post("/v1/check?policy=cn-beijing&lang=en&as_of=2026-10-15",
                         content=json_case.read_bytes(),
                         headers={"Content-Type": "application/json"})
    assert answer.status_code == 200
    assert answer.text == cli_json(json_case, "cn-beijing", "en", "--as-of", "2026-10-15")
    assert json.loads(answer.text)["as_of"] == "2026-10-15"
