"""Approximate figures are visible: an amount resting on a parameter value marked
approximate (or from a source below tier B) gives an info finding naming the value, its
source and why, and the text verdict line says so."""

from __future__ import annotations

from typing import Any

from offboard_policy.engine.notes import source_tier
from tests.cli.clirun import run

READY = "fixtures/cases/beijing-no-fault-ready.yaml"
BEIJING = "policies/cn-beijing.yaml"


def test_the_beijing_figure_of_2024_is_named_with_its_source(check_case: Any) -> None:
    report = check_case(READY, policy=BEIJING)
    assert report["verdict"] == "ready"
    (note,) = [f for f in report["findings"] if f["rule"] == "OP-approximate-parameter"]
    assert (note["severity"], note["fields"]) == ("info", ["params.average_monthly_wage"])
    # 188413 / 12 = 15701.083...: shown at the fen
    assert note["message"].startswith(
        "This report rests on average_monthly_wage (beijing) = 15701.08 from 2024-10-01, and "
        "its start date is approximate. Source: B: 北京统计年鉴2024 表3-14 ")
    assert "Start date is the project default" in note["message"]  # why: the table's note


def test_the_text_verdict_line_says_so() -> None:
    result = run("check", READY, "-p", BEIJING, "--lang", "en")
    assert result.stdout.splitlines()[0] == (
        "✓ READY  ≈ rests on approximate figures (see Info)")


def test_no_note_when_no_amount_reads_an_approximate_value(check_case: Any) -> None:
    # a resignation owes no N: the Beijing average wage is never read
    report = check_case("fixtures/cases/resignation-ready.yaml", policy=BEIJING)
    assert [f for f in report["findings"] if f["rule"] == "OP-approximate-parameter"] == []


def test_source_tiers_as_the_tables_write_them() -> None:
    assert source_tier("A: 北京市人社局 ...") == "A"
    assert source_tier("B (value): yearbook; A (date): notice") == "B"
    assert source_tier("C: a news report quoting the notice") == "C"
    assert source_tier("LCL Art. 47") is None
