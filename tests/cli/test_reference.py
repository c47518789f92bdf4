"""docs/cli.md is what the commands' --help says today."""

from __future__ import annotations

from pathlib import Path

from offboard_policy.cli.reference import render_reference

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_cli_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_reference(), (
        "docs/cli.md is stale: python -m offboard_policy.cli.reference > docs/cli.md")


def test_every_command_is_in_the_reference() -> None:
    text = render_reference()
    for command in ("check", "lint", "test", "diff", "digest", "approve"):
        assert f"## offboard-policy {command}\n" in text
