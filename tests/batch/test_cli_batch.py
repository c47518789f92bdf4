"""``offboard-policy check`` on batch input: formats, --output, exit codes, summary, cache."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from batchkit import FIXTURES, POLICY, READY, generated, write_csv, write_jsonl
from click.testing import CliRunner, Result

from offboard_policy.cli import main

ENV = {"OFFBOARD_POLICY_LANG": "en", "LC_ALL": None, "LANG": None, "COLUMNS": "100"}


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env=ENV)


@pytest.fixture
def ready_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ready"
    folder.mkdir()
    for name in READY:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def test_jsonl_to_stdout_one_report_per_line(tmp_path: Path) -> None:
    cases = generated(10)
    result = run("check", write_jsonl(tmp_path / "c.jsonl", cases), "-p", POLICY, "-f", "json")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line)["case_id"] for line in lines] == [c["case_id"] for c in cases]
    assert result.stderr.startswith("Checked 10 cases in ")
    assert "Settlement totals: required " in result.stderr
    assert "\r" not in result.stderr  # no progress bar: stderr is not a terminal


def test_output_is_jsonl_by_default_and_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    result = run("check", write_jsonl(tmp_path / "c.jsonl", generated(6)), "-p", POLICY,
                 "-o", out, "--workers", "2")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "results.jsonl"]
    assert "2 workers" in result.stderr


def test_exit_0_when_every_case_is_ready(ready_dir: Path) -> None:
    result = run("check", ready_dir, "-p", POLICY)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # text format: nothing blocked, nothing to list
    assert f"Checked {len(READY)} cases" in result.stderr and "0 blocked" in result.stderr


def test_exit_2_when_any_case_is_unusable_but_the_rest_is_written(
    tmp_path: Path, ready_dir: Path
) -> None:
    (ready_dir / "zz-broken.yaml").write_text("case_id: [\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    result = run("check", ready_dir, "-p", POLICY, "-o", out)
    assert result.exit_code == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line.get("verdict") for line in lines] == ["ready", "ready", None]
    assert lines[2]["case"].endswith("zz-broken.yaml") and lines[2]["error"]
    assert "1 input error" in result.stderr


def test_text_format_lists_blocked_cases_and_errors(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", generated(5), {2: "{"})
    result = run("check", path, "-p", POLICY)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[2].startswith("ERROR\t\t") and f"{path}:3" in lines[2]
    assert all(line.startswith("BLOCKED\tGEN-") for i, line in enumerate(lines) if i != 2)


def test_csv_input(tmp_path: Path) -> None:
    cases = generated(8)
    out = tmp_path / "r.jsonl"
    result = run("check", write_csv(tmp_path / "c.csv", cases), "-p", POLICY, "-o", out)
    assert result.exit_code == 1, result.output
    reports = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["case_id"] for r in reports] == [c["case_id"] for c in cases]


def test_markdown_is_refused_for_batch_input(tmp_path: Path) -> None:
    result = run("check", write_jsonl(tmp_path / "c.jsonl", generated(1)), "-p", POLICY,
                 "-f", "markdown")
    assert result.exit_code == 2
    assert "--format markdown is for single cases" in result.stderr


def test_a_bad_policy_stops_before_anything_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "policies" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text("policy: bad\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    result = run("check", write_jsonl(tmp_path / "c.jsonl", generated(1)), "-p", bad, "-o", out)
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr and not out.exists()


def test_the_cache_is_used_unless_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("OFFBOARD_POLICY_CACHE", str(cache))
    case = FIXTURES / READY[0]
    assert CliRunner().invoke(main, ["check", str(case), "-p", str(POLICY), "--no-cache"],
                              env={**ENV, "OFFBOARD_POLICY_CACHE": str(cache)}).exit_code == 0
    assert not cache.exists()
    assert CliRunner().invoke(main, ["check", str(case), "-p", str(POLICY)],
                              env={**ENV, "OFFBOARD_POLICY_CACHE": str(cache)}).exit_code == 0
    assert len(list(cache.glob("*.pickle"))) == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_shared_cache_directory_is_a_warning(tmp_path: Path) -> None:
    cache = tmp_path / "shared"
    cache.mkdir()
    cache.chmod(0o777)
    result = CliRunner().invoke(main, ["check", str(FIXTURES / READY[0]), "-p", str(POLICY)],
                                env={**ENV, "OFFBOARD_POLICY_CACHE": str(cache)})
    assert result.exit_code == 0
    assert "warning: policy cache not used:" in result.stderr
    assert "writable by other users" in result.stderr


def test_help_teaches_batch_use() -> None:
    result = run("check", "--help")
    assert result.exit_code == 0
    for text in ("--workers", "--no-cache", "cases.jsonl", "--workers 2 -o results.jsonl",
                 "employee.wages.monthly[0].gross", "docs/batch.md", "Exit status"):
        assert text in result.stdout, text


def test_the_trace_is_opt_in_for_batches(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", generated(3))
    lean = run("check", path, "-p", POLICY, "-f", "json")
    full = run("check", path, "-p", POLICY, "-f", "json", "--trace")
    assert lean.exit_code == full.exit_code == 1, lean.output
    lean_reports = [json.loads(line) for line in lean.stdout.splitlines()]
    full_reports = [json.loads(line) for line in full.stdout.splitlines()]
    assert all(r["trace"] == [] for r in lean_reports)
    assert all(r["trace"] != [] for r in full_reports)
    for a, b in zip(lean_reports, full_reports, strict=True):  # the rest is the same
        assert {**a, "trace": None} == {**b, "trace": None}
