"""What a newcomer ran into: Ctrl-C, --output over an input, several cases in text format."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from clirun import run

import offboard_policy.cli.check
from offboard_policy.cli.common import Terminated, plural, sigterm_unwinds

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policies" / "cn-beijing.yaml"
CASES = ROOT / "fixtures" / "cases"
READY = CASES / "beijing-no-fault-ready.yaml"
BLOCKED = CASES / "pregnant-dismissal-blocked.yaml"


def _interrupt(*_args: Any, **_kwargs: Any) -> Any:
    raise KeyboardInterrupt


def test_ctrl_c_exits_130_not_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offboard_policy.cli.check, "check_cases", _interrupt)
    result = run("check", READY, "-p", POLICY)
    assert result.exit_code == 130
    assert result.stderr.strip() == "Interrupted."
    assert "Aborted!" not in result.output
    assert result.stdout == ""


def test_ctrl_c_exits_130_in_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("offboard_policy.cli.lint.lint_paths", _interrupt)
    result = run("lint", POLICY)
    assert (result.exit_code, result.stderr.strip()) == (130, "Interrupted.")


def test_an_interrupt_wrapped_by_a_library_is_still_an_interrupt(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """pydantic's serializer turns a KeyboardInterrupt raised in it into a
    PydanticSerializationError (a ValueError) caused by it: that was Ctrl-C all the same."""
    def wrapped(*_args: Any, **_kwargs: Any) -> Any:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise ValueError("Error calling function `<lambda>`: KeyboardInterrupt") from exc

    monkeypatch.setattr(offboard_policy.cli.check, "check_cases", wrapped)
    result = run("check", READY, "-p", POLICY)
    assert (result.exit_code, result.stderr.strip()) == (130, "Interrupted.")


def test_a_real_error_is_not_taken_for_an_interrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise ValueError("a bug")

    monkeypatch.setattr(offboard_policy.cli.check, "check_cases", broken)
    result = run("check", READY, "-p", POLICY)
    assert isinstance(result.exception, ValueError)


def test_sigterm_exits_143(monkeypatch: pytest.MonkeyPatch) -> None:
    def terminated(*_args: Any, **_kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGTERM)  # the handler raises Terminated right here
        raise AssertionError("SIGTERM did not unwind")

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(offboard_policy.cli.check, "check_cases", terminated)
    result = run("check", READY, "-p", POLICY)
    assert result.exit_code == 143
    assert result.stderr.strip() == "Terminated."
    assert signal.getsignal(signal.SIGTERM) == before  # the handler is put back


def test_sigterm_unwinds_only_inside_the_block() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Terminated), sigterm_unwinds():
        os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) == before


def test_ctrl_c_while_writing_output_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.json"
    out.write_text("old\n", encoding="utf-8")
    real_fsync = os.fsync

    def interrupted_fsync(fd: int) -> None:
        real_fsync(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr("offboard_policy.cli.common.os.fsync", interrupted_fsync)
    result = run("check", READY, "-p", POLICY, "-f", "json", "-o", out)
    assert result.exit_code == 130
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


# --- --output over an input -------------------------------------------------------------------


@pytest.mark.parametrize("which", ["case", "policy"])
def test_check_refuses_to_overwrite_its_input(tmp_path: Path, which: str) -> None:
    case, policy = tmp_path / "case.yaml", tmp_path / "policy.yaml"
    case.write_bytes(READY.read_bytes())
    policy.write_text(POLICY.read_text(encoding="utf-8").replace("../rules/", f"{ROOT}/rules/"),
                      encoding="utf-8")
    target = case if which == "case" else policy
    before = target.read_bytes()
    result = run("check", case, "-p", policy, "-o", tmp_path / ".." / tmp_path.name / target.name)
    assert result.exit_code == 2
    what = "one of the cases" if which == "case" else "the policy"
    assert result.stderr.startswith("Error: Invalid value for '--output': ")
    assert f"is {what}; writing the result there would overwrite it." in result.stderr
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml", "policy.yaml"]


def test_check_refuses_to_overwrite_a_batch_input(tmp_path: Path) -> None:
    csv = tmp_path / "x.csv"
    csv.write_bytes((ROOT / "docs" / "batch-example.csv").read_bytes())
    before = csv.read_bytes()
    result = run("check", csv, "-p", POLICY, "-o", csv)
    assert result.exit_code == 2
    assert csv.read_bytes() == before


def test_check_refuses_to_overwrite_a_case_of_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.yaml").write_bytes(READY.read_bytes())
    result = run("check", folder, "-p", POLICY, "-o", folder / "a.yaml")
    assert result.exit_code == 2
    assert f"is one of the cases in {folder}" in result.stderr
    assert (folder / "a.yaml").read_bytes() == READY.read_bytes()


def test_check_output_elsewhere_still_works(tmp_path: Path) -> None:
    result = run("check", READY, "-p", POLICY, "-f", "json", "-o", tmp_path / "r.json")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "r.json").read_text(encoding="utf-8").startswith("{")


# --- several cases in text format -------------------------------------------------------------


def test_several_cases_have_a_header_each_and_a_summary_on_stderr() -> None:
    result = run("check", READY, BLOCKED, "-p", POLICY)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{READY} ───")
    assert lines[1].startswith("✓ READY")
    second = next(i for i, line in enumerate(lines) if line.startswith(f"{BLOCKED} ───"))
    assert lines[second + 1].startswith("✗ BLOCKED")
    assert result.stderr == "2 cases: 1 ready, 1 blocked\n"


def test_several_cases_summary_in_chinese() -> None:
    result = run("check", READY, BLOCKED, "-p", POLICY, "--lang", "zh")
    assert result.stderr == "共 2 个案例：可以结案 1，不可结案 1\n"


def test_one_case_and_json_have_no_header_or_summary() -> None:
    one = run("check", READY, "-p", POLICY)
    assert one.stdout.startswith("✓ READY") and one.stderr == ""
    many = run("check", READY, BLOCKED, "-p", POLICY, "-f", "json")
    assert many.stdout.startswith("[") and many.stderr == ""


def test_plural() -> None:
    assert [plural(n, "case") for n in (0, 1, 2, 1000)] == [
        "0 cases", "1 case", "2 cases", "1,000 cases"]
    assert plural(2, "entry", "entries") == "2 entries"
