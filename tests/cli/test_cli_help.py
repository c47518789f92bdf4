"""Every command teaches through --help; the group has --version and an epilog."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import run

from offboard_policy.cli import main
from offboard_policy.render import FORMATS

COMMANDS = sorted(main.all_commands())
ROOT = Path(__file__).resolve().parents[2]


def test_check_is_registered() -> None:
    assert "check" in COMMANDS


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_group_help(flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: offboard-policy [OPTIONS] COMMAND [ARGS]...")
    for text in ("--version", "Examples:", "offboard-policy check", "Exit status: 0", "check"):
        assert text in result.stdout, text


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help_with_examples(command: str, flag: str) -> None:
    result = run(command, flag)
    assert result.exit_code == 0, result.output
    cmd = main.all_commands()[command]
    assert cmd.help and cmd.get_short_help_str().strip(), f"{command} has no docstring"
    assert "Examples:" in result.stdout
    assert f"offboard-policy {command}" in result.stdout
    assert result.stderr == ""


def test_check_help_documents_options() -> None:
    out = run("check", "--help").stdout
    assert "[" + "|".join(FORMATS) + "]" in out  # the choice comes from render.FORMATS
    assert "Output format: text, json, markdown." in out
    assert "JSON array" in out
    assert "OFFBOARD_POLICY_LANG" in out and "LC_ALL" in out
    assert "--as-of" in out and "YYYY-MM-DD" in out
    assert "--output" in out and "atomically" in out
    assert "Exit status: 0" in out


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("offboard-policy, version ")


def test_python_dash_m(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "offboard_policy.cli", "--help"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage: offboard-policy [OPTIONS] COMMAND [ARGS]...")


def test_unknown_command_is_a_usage_error() -> None:
    result = run("chek")
    assert result.exit_code == 2
    assert "No such command 'chek'" in result.stderr
