"""Every CI command's --help has a one-line summary and an example."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from offboard_policy.cli import main


@pytest.mark.parametrize("command", ["lint", "test", "diff"])
def test_help_has_summary_and_example(command: str) -> None:
    out = CliRunner().invoke(main, [command, "--help"])
    assert out.exit_code == 0
    lines = out.output.splitlines()
    assert lines[0].startswith(f"Usage: offboard-policy {command} ")
    assert lines[2].strip() and not lines[3].strip()   # a one-line summary
    assert "Examples:" in out.output
    assert f"    offboard-policy {command}" in out.output
    assert "Exit status:" in out.output
