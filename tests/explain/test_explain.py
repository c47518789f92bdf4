"""``offboard-policy explain``: the computation of a case as a tree, in text, Markdown and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from offboard_policy.case import load_case
from offboard_policy.cli import main
from offboard_policy.explain import ExplainError, explain, readable, render_explanation
from offboard_policy.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]
BEIJING = str(ROOT / "policies" / "cn-beijing.yaml")
HIGH = str(ROOT / "fixtures" / "cases" / "high-earner-cap.yaml")
CONTRACT = str(ROOT / "fixtures" / "cases" / "contract-example.yaml")


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["explain", *args, "--no-cache"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_high_earner_cap_shows_the_parameter_its_date_source_and_the_12_year_limit() -> None:
    out = _run(HIGH, "-p", BEIJING, "economic_compensation", "--lang", "en")
    # 12 months (min(17, 12): the cap applies) x cap 47103.25 (3 x 188413 / 12) = 565239.00
    assert "settlement line economic_compensation (Economic compensation): 565239.00" in out
    assert "n_cap = 47103.25" in out
    assert "parameter ‹average_monthly_wage› = 15701.08…" in out
    assert ("from 2024-10-01 · (approximate date) · beijing · annual 188413 · statutory"
            in out)
    assert "source: B: 北京统计年鉴2024 表3-14" in out
    assert "parameter ‹compensation_cap_years› = 12" in out
    assert "source: LCL Art. 47 para 2 '支付经济补偿的年限最高不超过十二年'" in out
    assert "n_post2008_months = 12" in out
    assert ("formula: min(post2008_months_factor, ‹compensation_cap_years›) if n_cap_applies, "
            "otherwise post2008_months_factor") in out
    assert "post2008_months_factor = 17" in out  # 16 y 8 m 27 d -> 16 + 1
    assert "citation: 劳动合同法 第四十七条第二款 (LCL Art. 47 para 2)" in out
    assert "n_cap = 47103.25 (see above)" in out  # expanded once


def test_chinese_tree() -> None:
    out = _run(HIGH, "-p", BEIJING, "n_cap", "--lang", "zh")
    assert out.splitlines()[0] == "案件 FIX-BJ-HIGH-EARNER · 政策 cn-beijing · 基准日 2026-09-30"
    assert "公式: round_money(‹compensation_cap_multiplier› × ‹average_monthly_wage›)" in out
    assert "自 2024-10-01 · (日期为推定) · beijing · 年度 188413 · 法定" in out
    assert "├─ 参数 ‹compensation_cap_multiplier› = 3" in out
    assert "└─ 参数 ‹average_monthly_wage› = 15701.08…" in out


def test_without_names_explains_lines_and_failing_checks() -> None:
    policy = load_policy(BEIJING)
    result = explain(policy, load_case(CONTRACT))
    kinds = [(r.kind, r.name) for r in result.roots]
    assert ("line", "economic_compensation") in kinds
    failing = {f.rule for f in result.report.findings if f.status in ("violation", "incomplete")}
    checks = {name for kind, name in kinds if kind == "check"}
    assert checks and checks <= failing
    line = result.roots[0]
    # the contract example's wage list starts in 2025-10: N cannot be computed (Q1 window)
    assert line.value is None
    text = render_explanation(result, "text", "en")
    assert "settlement line economic_compensation (Economic compensation): not computed" in text
    assert "a month of the wage window is missing" in text


def test_check_tree_shows_status_message_and_condition() -> None:
    out = _run(CONTRACT, "-p", BEIJING, "CN-LCL-43-union", "--lang", "en")
    lines = out.splitlines()
    assert lines[2].startswith("check CN-LCL-43-union: ")
    assert any(line.startswith("├─ applies when: ") for line in lines)
    assert any("requires: " in line for line in lines)


def test_json_tree() -> None:
    doc = json.loads(_run(HIGH, "-p", BEIJING, "n_cap", "-f", "json"))
    (root,) = doc["explain"]
    assert (root["kind"], root["name"], root["value"]) == ("value", "n_cap", "47103.25")
    wage = root["children"][1]
    assert wage["parameter"] == {
        "value": "15701.08333333333333333333333", "effective_from": "2024-10-01",
        "city": "beijing", "source": wage["parameter"]["source"], "approximate": True,
        "tier": "statutory", "annual": "188413"}
    assert wage["parameter"]["source"].startswith("B: 北京统计年鉴2024")


def test_markdown_escapes_and_nests() -> None:
    out = _run(HIGH, "-p", BEIJING, "n_cap", "-f", "markdown")
    assert out.startswith("# case FIX-BJ-HIGH-EARNER\n")
    assert "## n\\_cap = 47103.25" in out
    assert "- parameter ‹average\\_monthly\\_wage› = 15701.08…" in out


def test_option_and_company_tiers() -> None:
    beijing = explain(load_policy(BEIJING), load_case(HIGH), ["wage_average_12m"])
    tiers = {c.name: c.param.tier for c in beijing.roots[0].children if c.param is not None}
    assert tiers == {"n_base_include_overtime": "option"}  # Q2: a choice the law leaves open
    internet = load_policy(ROOT / "policies" / "example-internet.yaml")
    case = load_case(ROOT / "fixtures" / "internet" / "ready.yaml")
    (root,) = explain(internet, case, ["legal_review_required"]).roots
    params = {c.name: c for c in root.children if c.kind == "param"}
    threshold = params["legal_review_threshold"].param
    assert threshold is not None and threshold.tier == "company"  # set: in the policy
    assert threshold.source == "Internet offboarding procedure §6.1(e)"
    assert threshold.value == 300000


def test_unknown_name_is_an_error_with_did_you_mean() -> None:
    policy = load_policy(BEIJING)
    with pytest.raises(ExplainError, match="did you mean 'economic_compensation'"):
        explain(policy, load_case(HIGH), ["economic_compensatio"])
    result = CliRunner().invoke(main, ["explain", HIGH, "-p", BEIJING, "nope_nope"])
    assert result.exit_code == 2
    assert "has no settlement line, check or derived value named 'nope_nope' [OP410]" in (
        result.stderr)


@pytest.mark.parametrize(("source", "en", "zh"), [
    ("a if c else b", "a if c, otherwise b", "a（若 c，否则 b）"),
    ("x is not none and y is none", "x is recorded and y is not recorded", "x 已记录 且 y 未记录"),
    ("(a + b) * params.rate", "(a + b) × ‹rate›", "(a + b) × ‹rate›"),
    ('t in ["x", "y"]', "t is one of [“x”, “y”]", "t 属于 [“x”, “y”]"),
    ("not (a <= b)", "not (a ≤ b)", "非 (a ≤ b)"),
    ("a\nor b", "a or b", "a 或 b"),
])
def test_readable(source: str, en: str, zh: str) -> None:
    assert readable(source, "en") == en
    assert readable(source, "zh") == zh
