"""Interrupted batch runs (Ctrl-C, SIGTERM) exit 130/143 and leave nothing beside --output;
an input without any case is a usage error (exit 2), like an empty directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from batchkit import POLICY, ROOT, generated, write_jsonl
from click.testing import CliRunner, Result

import offboard_policy.batch
from offboard_policy.batch import atomic_output
from offboard_policy.batch.summary import Summary
from offboard_policy.cli import main

ENV = {"OFFBOARD_POLICY_LANG": "en", "LC_ALL": None, "LANG": None, "COLUMNS": "100"}


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env=ENV)


# --- Ctrl-C and SIGTERM ----------------------------------------------------------------------


def test_ctrl_c_in_a_batch_exits_130_and_keeps_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "results.jsonl"
    out.write_text("previous results\n", encoding="utf-8")

    def interrupted(inputs: Any, job: Any, write: Any, **_: Any) -> None:
        write('{"half": "written"}\n')
        raise KeyboardInterrupt

    monkeypatch.setattr(offboard_policy.batch, "run_batch", interrupted)
    result = run("check", write_jsonl(tmp_path / "c.jsonl", generated(2)), "-p", POLICY,
                 "-o", out)
    assert result.exit_code == 130  # not 1: that means "blocked"
    assert result.stderr.strip().endswith("Interrupted.")
    assert "Aborted!" not in result.output
    assert out.read_text(encoding="utf-8") == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "results.jsonl"]


def test_atomic_output_removes_its_temp_file_on_keyboard_interrupt(tmp_path: Path) -> None:
    target = tmp_path / "r.jsonl"
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as fh:
        fh.write("half\n")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def _start_batch(tmp_path: Path, workers: int) -> tuple[subprocess.Popen[str], Path]:
    """A batch long enough to be interrupted, started once its temp output file exists."""
    # 3,000 lines (300 generated cases, ten times over: generating is the costly part)
    cases = write_jsonl(tmp_path / "cases.jsonl", generated(300, seed=3) * 10)
    out = tmp_path / "results.jsonl"
    env = {**os.environ, "OFFBOARD_POLICY_LANG": "en", "PYTHONPATH": str(ROOT),
           "OFFBOARD_POLICY_CACHE": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "offboard_policy.cli", "check", str(cases), "-p", str(POLICY),
         "-o", str(out), "--workers", str(workers)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # a background job of a shell inherits SIGINT ignored, and Python keeps it so
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".results.jsonl.*.tmp")):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the batch never started writing: {proc.communicate()}")
        time.sleep(0.01)
    time.sleep(0.2)  # well inside the run: cases are being checked and written
    return proc, out


@pytest.mark.parametrize(("sig", "code", "message", "workers"), [
    (signal.SIGINT, 130, "Interrupted.", 1),
    (signal.SIGTERM, 143, "Terminated.", 1),
    (signal.SIGTERM, 143, "Terminated.", 2),
])
def test_a_signalled_batch_leaves_no_temp_file(
    tmp_path: Path, sig: signal.Signals, code: int, message: str, workers: int
) -> None:
    proc, out = _start_batch(tmp_path, workers)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, f"{proc.returncode}: {stderr}"
    assert stderr.strip().endswith(message)
    assert "Traceback" not in stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "cases.jsonl"]


# --- inputs without any case -----------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "why"), [
    ("empty.jsonl", "", "the file is empty"),
    ("blank.jsonl", "\n  \n\n", "only blank lines"),
    ("empty.csv", "", "the file is empty"),
    ("header.csv", "case_id,employee.hire_date\n", "a header row and no case rows"),
    ("header.csv", "\ufeffcase_id,employee.hire_date\r\n\r\n", "a header row and no case rows"),
])
def test_an_input_without_cases_is_a_usage_error(
    tmp_path: Path, name: str, content: str, why: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "results.jsonl"
    result = run("check", path, "-p", POLICY, "-o", out)
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"Error: Invalid value for 'CASE...': {str(path)!r} has no cases "
                             f"({why}).\n")
    assert result.stdout == ""
    assert not out.exists()


def test_an_empty_input_among_others_is_still_an_error(tmp_path: Path) -> None:
    full = write_jsonl(tmp_path / "full.jsonl", generated(2))
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    result = run("check", full, empty, "-p", POLICY)
    assert result.exit_code == 2
    assert "has no cases (the file is empty)" in result.stderr


def test_a_csv_with_a_bad_header_is_not_called_empty(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("not a path!\n", encoding="utf-8")
    result = run("check", path, "-p", POLICY)
    assert result.exit_code == 2
    assert "has no cases" not in result.stderr
    assert "not a field path" in result.stdout  # the error record, as before


# --- words -----------------------------------------------------------------------------------


def test_summary_counts_in_proper_english() -> None:
    one = Summary(ready=1, seconds=1.0).format("en")
    assert one.startswith("Checked 1 case in 1.00 s (1 cases/s, 1 worker): 1 ready, 0 blocked, "
                          "0 input errors\n")
    two = Summary(ready=1, errors=1, seconds=1.0, workers=2).format("en")
    assert two.startswith("Checked 2 cases in ") and "2 workers" in two
    assert two.splitlines()[0].endswith("1 input error")
