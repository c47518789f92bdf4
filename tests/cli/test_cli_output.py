"""``--output FILE`` writes the whole result or nothing, atomically."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from clirun import clean_exit, run
from fakelib import FakeLibrary

from offboard_policy import atomic

Files = dict[str, Path]


def test_output_writes_the_file_and_not_stdout(
    fake_library: FakeLibrary, files: Files, tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    result = run("check", files["blocked"], "-p", files["policy"], "-f", "json", "-o", out)
    assert result.exit_code == 1  # the verdict still decides the exit code
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["verdict"] == "blocked"
    on_stdout = run("check", files["blocked"], "-p", files["policy"], "-f", "json").stdout
    assert out.read_text(encoding="utf-8") == on_stdout


def test_text_output_file_has_no_color_codes(
    fake_library: FakeLibrary, files: Files, tmp_path: Path
) -> None:
    out = tmp_path / "report.txt"
    run("check", files["blocked"], "-p", files["policy"], "-o", out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("✗ BLOCKED") and "\x1b[" not in text


def _leftovers(directory: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)


def test_failed_replace_leaves_the_old_file(
    fake_library: FakeLibrary, files: Files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "report.json"
    out.write_text("old report\n", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = run("check", files["ready"], "-p", files["policy"], "-f", "json", "-o", out)
    assert result.exit_code == 2
    assert "Invalid value for '--output'" in result.stderr
    assert "No space left on device" in result.stderr
    assert out.read_text(encoding="utf-8") == "old report\n"
    assert _leftovers(out_dir, {"report.json"}) == []  # the temp file is gone
    assert clean_exit(result)


def test_failure_while_writing_leaves_the_old_file(
    fake_library: FakeLibrary, files: Files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.md"
    out.write_text("old\n", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    result = run("check", files["ready"], "-p", files["policy"], "-f", "markdown", "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "old\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_input_error_writes_nothing(
    fake_library: FakeLibrary, files: Files, tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    out.write_text("old\n", encoding="utf-8")
    result = run("check", files["ready"], files["invalid"], "-p", files["policy"], "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "old\n"


def test_output_directory_missing(fake_library: FakeLibrary, files: Files, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir" / "report.json"
    result = run("check", files["ready"], "-p", files["policy"], "-o", out)
    assert result.exit_code == 2
    assert "Invalid value for '--output'" in result.stderr and "No such file" in result.stderr
    assert clean_exit(result)


def test_output_is_a_directory(fake_library: FakeLibrary, files: Files, tmp_path: Path) -> None:
    result = run("check", files["ready"], "-p", files["policy"], "-o", tmp_path)
    assert result.exit_code == 2
    assert "is a directory" in result.stderr
    assert clean_exit(result)


def test_write_atomic_keeps_an_existing_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic.write_atomic(target, "新的\n")
    assert target.read_text(encoding="utf-8") == "新的\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_write_atomic_new_file_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic.write_atomic(tmp_path / "n.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "n.txt").stat().st_mode) == 0o644
