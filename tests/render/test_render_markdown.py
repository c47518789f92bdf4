"""The Markdown report: a GitHub-flavoured document for a PR comment or an HR ticket."""

from __future__ import annotations

from dataclasses import replace

import pytest
from report_samples import build_ready_report, build_report

from offboard_policy.render import FORMATS, render, render_many
from offboard_policy.render.markdown import esc, render_markdown
from offboard_policy.report.model import LocalText


def test_heading_is_the_verdict() -> None:
    assert render_markdown(build_report(), "en").startswith("## ✗ BLOCKED — 2 blocking findings\n")
    assert render_markdown(build_ready_report(), "zh").startswith("## ✓ 可以结案\n")


def test_settlement_table() -> None:
    out = render_markdown(build_report(), "en")
    assert (
        "| Line | Required | Proposed | Shortfall | Due | Basis |\n|---|---:|---:|---:|---|---|\n"
        in out
    )
    assert (
        "| Economic compensation<br>`economic_compensation` | 220,500.00 | 200,000.00 "
        "| **20,500.00** | 2026-09-30 | 10.5 months × 21,000.00 |"
    ) in out
    assert "| **Total** | **unknown** | **222,000.00** | **unknown** |  |  |" in out


def test_findings_and_waivers() -> None:
    out = render_markdown(build_report(), "en")
    assert "### ❌ Blocking (2)" in out
    assert (
        "- **violation** `CN-LCL-43-union` — Union notified in advance\\\n"
        "  The union was not notified before the unilateral termination.\n"
    ) in out
    assert "  - Fields: `termination.union_notified_on`" in out
    assert "  - Exposure: **441,000.00 CNY**" in out
    assert "Access card not returned \\[AC-0912\\]." in out
    assert "- ~~`ACME-handover-signed`~~ Handover not signed by successor." in out
    assert "approved by H0002, until 2026-12-31" in out


def test_zh_labels() -> None:
    out = render_markdown(build_report(), "zh")
    for word in (
        "阻断 (2)",
        "| 项目 | 应付 | 拟付 | 差额 | 支付期限 | 计算依据 |",
        "**合计**",
        "所用参数",
    ):
        assert word in out, word


def test_parameters_are_folded() -> None:
    out = render_markdown(build_report(), "en")
    assert "<details>\n<summary>Parameters used (2)</summary>" in out
    assert "| `average_monthly_wage_cap` | ≈ 35283 | 2025-07-01 | beijing |" in out
    assert out.rstrip().endswith("</details>")


def test_user_text_cannot_break_a_table() -> None:
    report = build_report()
    line = replace(report.settlement[0], basis=LocalText(zh="", en="a | b\n<script>"))
    out = render_markdown(replace(report, settlement=(line,)), "en")
    assert "a \\| b<br>\\<script\\>" in out
    assert esc("x*y_z") == "x\\*y\\_z"


def test_deterministic_and_several() -> None:
    assert render_markdown(build_report(), "en") == render_markdown(build_report(), "en")
    out = render_many([build_report(), build_ready_report()], "markdown", lang="en")
    assert "\n---\n\n## ✓ READY\n" in out


# -- the format lookup ------------------------------------------------------------------


def test_formats_constant() -> None:
    assert FORMATS == ("text", "json", "markdown")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_and_ends_with_newline(fmt: str) -> None:
    for report in (build_report(), build_ready_report()):
        out = render(report, fmt, lang="en", color=False, width=100)
        assert out.endswith("\n") and "OFB-2026" in out


def test_unknown_format_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown report format 'html'; expected one of: text"):
        render(build_report(), "html")
    with pytest.raises(ValueError, match="unknown report format"):
        render_many([build_report()], "")
