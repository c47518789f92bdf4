"""The terminal report: verdict first, labels in both languages, aligned amounts, no codes."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from report_samples import build_ready_report, build_report

from offboard_policy.render import render, render_many
from offboard_policy.render.labels import LABELS, headline, label
from offboard_policy.render.text import render_text, render_text_many

ANSI = re.compile(r"\x1b\[")


def test_verdict_is_the_first_line_en() -> None:
    out = render_text(build_report(), "en", color=False, width=100)
    lines = out.splitlines()
    assert lines[0] == "✗ BLOCKED — 2 blocking findings"
    assert lines[1] == "Case OFB-2026-0142  ·  Policy acme-cn@2026.1  ·  As of 2026-10-01"


def test_verdict_is_the_first_line_zh() -> None:
    out = render_text(build_report(), "zh", color=False, width=100)
    assert out.splitlines()[0] == "✗ 不可结案 — 2 项阻断性问题"
    assert render_text(build_ready_report(), "zh", color=False).splitlines()[0] == "✓ 可以结案"


def test_ready_verdict_and_no_findings() -> None:
    out = render_text(build_ready_report(), "en", color=False, width=100)
    assert out.splitlines()[0] == "✓ READY"
    assert "No findings." in out


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Blocking (2)", "Warnings (1)", "Waived findings (1)", "Settlement (CNY)",
                "Citation: ", "Fields: ", "Fix: ", "Exposure: 441,000.00 CNY", "Required",
                "Proposed", "Shortfall", "Due", "Basis", "Total", "Deviations",
                "Parameters used"]),
        ("zh", ["阻断 (2)", "警告 (1)", "已豁免的问题 (1)", "结算 (CNY)", "依据: ", "相关字段: ",
                "处理建议: ", "违法解除风险: 441,000.00 CNY", "应付", "拟付", "差额", "支付期限",
                "计算依据", "合计", "政策偏离", "所用参数"]),
    ],
)  # fmt: skip
def test_labels_in_both_languages(lang: str, words: list[str]) -> None:
    out = render_text(build_report(), lang, color=False, width=100)  # type: ignore[arg-type]
    for word in words:
        assert word in out, word


def test_findings_grouped_by_severity_in_order() -> None:
    out = render_text(build_report(), "en", color=False, width=100)
    order = [out.index(s) for s in ("Blocking (2)", "Warnings (1)", "Waived findings (1)")]
    assert order == sorted(order)
    assert out.index("CN-LCL-43-union") < out.index("Warnings (1)") < out.index("ACME-assets")
    assert "✗ incomplete  CN-LCL-40-notice" in out


def test_waived_findings_show_approver_and_expiry() -> None:
    out = render_text(build_report(), "en", color=False, width=100)
    waived = out[out.index("Waived findings") : out.index("Settlement")]
    assert "ACME-handover-signed" in waived
    assert "approved by: H0002  until 2026-12-31" in waived
    assert "reason:      Successor on leave; supervisor signed" in waived


def test_settlement_amounts_right_aligned_with_separators() -> None:
    out = render_text(build_report(), "en", color=False, width=100)
    row = next(line for line in out.splitlines() if line.startswith(" Economic compensation"))
    assert re.search(r"220,500\.00 +200,000\.00 +20,500\.00 +2026-09-30", row)
    # right alignment: the amounts of every row end in the same column
    notice = next(line for line in out.splitlines() if line.startswith(" Pay in lieu"))
    assert row.index("220,500.00") + 10 == notice.index("21,000.00") + 9
    total = next(line for line in out.splitlines() if line.startswith(" Total"))
    assert re.search(r"unknown +222,000\.00 +unknown", total)


def test_parameters_mark_approximate_values() -> None:
    out = render_text(build_report(), "en", color=False, width=100, verbose=True)
    assert "\n  average_monthly_wage_cap = ≈ 35283  (Effective from 2025-07-01, beijing)\n" in out
    assert "\n      北京市人社局 2025\n" in out  # the source, under its parameter
    assert "\n  pay_days_per_month = 21.75\n" in out  # no date, no city: no parentheses
    assert out.endswith("\n\n≈ approximate value: verify against the source\n")


def test_without_verbose_only_parameters_to_note_are_listed() -> None:
    report = build_report()
    out = render_text(report, "en", color=False, width=100)
    assert "average_monthly_wage_cap = ≈ 35283" in out  # approximate: listed
    assert "pay_days_per_month" not in out  # statutory, exact: counted, not listed
    assert out.endswith("\n\n1 more parameters at their statutory or default values; "
                        "--verbose lists them all.\n")
    company = replace(report.parameters[1], company=True)
    out = render_text(replace(report, parameters=(company,)), "en", color=False, width=100)
    assert "\n  pay_days_per_month = 21.75  (company policy)\n" in out
    exact = replace(report, parameters=(report.parameters[1],))
    out = render_text(exact, "zh", color=False, width=100)
    assert "所用参数" not in out
    assert out.endswith("\n另有 1 个参数取法定值或法律未明确时的默认值；--verbose 列出全部。\n")


def test_long_sources_wrap_without_losing_text() -> None:
    source = "ALR Art. 3 '已满10年不满20年的，年休假10天' https://example.gov.cn/" + "x" * 80
    report = build_report()
    param = replace(report.parameters[1], source=source, value=Decimal("188413") / 12)
    out = render_text(replace(report, parameters=(param,)), "en", color=False, width=60,
                      verbose=True)
    assert "pay_days_per_month = 15701.083333…" in out  # long fractions shortened for people
    flat = "".join(line.strip() for line in out[out.index("Parameters used") :].splitlines())
    assert source.replace(" ", "") in flat.replace(" ", "")
    assert all(len(line) <= 60 for line in out.splitlines())


def test_user_text_is_not_rich_markup() -> None:
    out = render_text(build_report(), "en", color=False, width=100)
    assert "Access card not returned [AC-0912]." in out


def test_no_color_is_plain_and_trimmed() -> None:
    out = render_text(build_report(), "en", color=False, width=100)
    assert not ANSI.search(out)
    assert all(line == line.rstrip() for line in out.splitlines())
    assert all(len(line) <= 100 for line in out.splitlines())
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_color_adds_ansi_codes() -> None:
    out = render_text(build_report(), "en", color=True, width=100)
    assert ANSI.search(out)
    assert "BLOCKED" in out.splitlines()[0]


def test_auto_color_is_off_when_not_a_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = render(build_report(), "text", lang="en")  # pytest's stdout is not a terminal
    assert not ANSI.search(out)


def test_narrow_width_moves_basis_below_the_table() -> None:
    out = render_text(build_report(), "en", color=False, width=80)
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "Economic compensation: 10.5 months × 21,000.00" in out


def test_settlement_rows_are_one_line_each_without_line_ids() -> None:
    """The line id sat on a row of its own under the title (it looked like a wrapped cell):
    the text table names each line by its title only; JSON and Markdown keep the ids."""
    report = build_report()
    out = render_text(report, "en", color=False, width=160)
    table = out[out.index("Settlement (CNY)"):out.index("Total")]
    for line in report.settlement:
        assert line.id not in table
        assert any(row.strip().startswith(line.title.en) for row in table.splitlines())
    assert render_many([report], "markdown", lang="en").count("economic_compensation") >= 1


def test_several_reports_with_titles_start_with_their_file() -> None:
    out = render_text_many([build_report(), build_ready_report()], "en", color=False,
                           titles=["cases/a.yaml", "cases/b.yaml"])
    lines = out.splitlines()
    assert lines[0].startswith("cases/a.yaml ───")
    b = next(i for i, line in enumerate(lines) if line.startswith("cases/b.yaml ───"))
    assert lines[b + 1].startswith("✓ READY")


def test_several_reports_are_separated() -> None:
    out = render_many([build_report(), build_ready_report()], "text", lang="en", color=False)
    assert out.splitlines()[0].startswith("✗ BLOCKED")
    assert "\n✓ READY\n" in out
    assert "─" * 50 in out


def test_label_table_is_complete_and_plural_aware() -> None:
    assert all(zh and en for zh, en in LABELS.values())
    assert label("n_blocking", "en", 1) == "1 blocking finding"
    assert label("n_blocking", "en", 3) == "3 blocking findings"
    assert headline("ready", 0, 2, "en") == "✓ READY — 2 warnings"
    assert headline("blocked", 0, 0, "zh") == "✗ 不可结案"
