"""Running a batch: order, worker processes, error records, the summary and its exit code."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from batchkit import POLICY, generated, write_jsonl

from offboard_policy.batch import Job, run_batch
from offboard_policy.batch.run import chunked, ordered_map
from offboard_policy.batch.summary import Summary
from offboard_policy.batch.worker import Outcome


def _run(path: Path, **options: object) -> tuple[list[str], Summary]:
    lines: list[str] = []
    job = Job(POLICY, lang="en", fmt=options.pop("fmt", "json"),  # type: ignore[arg-type]
              trace=bool(options.pop("trace", False)))
    summary = run_batch([path], job, lines.append, **options)  # type: ignore[arg-type]
    return lines, summary


def test_two_workers_give_the_same_lines_in_the_same_order(tmp_path: Path) -> None:
    cases = generated(100)  # 15 chunks of 7 lines, so the two workers interleave
    path = write_jsonl(tmp_path / "c.jsonl", cases, {17: "{oops", 70: '{"case_id": "X"}'})
    one, s1 = _run(path, workers=1)
    two, s2 = _run(path, workers=2, chunk=7)
    assert one == two
    assert len(one) == 102
    ids = [json.loads(line).get("case_id") for line in one]
    expected: list[str | None] = [c["case_id"] for c in cases]
    expected.insert(17, None)
    expected.insert(70, None)
    assert ids == expected
    assert (s1.ready, s1.blocked, s1.errors) == (s2.ready, s2.blocked, s2.errors)
    assert s1.errors == 2 and s1.cases == 102
    assert (s1.required, s1.proposed) == (s2.required, s2.proposed)


def test_a_bad_line_becomes_an_error_record_and_the_batch_goes_on(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", generated(3), {1: '{"case_id": 5}'})
    lines, summary = _run(path)
    record = json.loads(lines[1])
    assert record["case"] == f"{path}:2"
    assert {"code", "message", "file", "line", "column", "field"} <= set(record["error"][0])
    assert {e["field"] for e in record["error"]} >= {"case_id", "employee"}
    assert all(e["line"] == 2 for e in record["error"])
    assert json.loads(lines[2])["schema_version"] == "1"
    assert summary.errors == 1 and summary.exit_code == 2


def test_reports_are_the_contract_one_per_line(tmp_path: Path) -> None:
    from offboard_policy.case import parse_case
    from offboard_policy.engine import evaluate
    from offboard_policy.policy import load_policy
    from offboard_policy.render import to_contract_dict

    cases = generated(5)
    path = write_jsonl(tmp_path / "c.jsonl", cases)
    lines, summary = _run(path)
    traced, _ = _run(path, trace=True)  # the trace is opt-in for batches
    policy = load_policy(POLICY)
    for line, full, data in zip(lines, traced, cases, strict=True):
        assert line.endswith("\n") and "\n" not in line[:-1]
        report = evaluate(policy, parse_case(data, display="x"), trace=False)
        assert json.loads(line) == json.loads(json.dumps(to_contract_dict(report, "en")))
        assert json.loads(line)["trace"] == []
        report = evaluate(policy, parse_case(data, display="x"))
        assert json.loads(full) == json.loads(json.dumps(to_contract_dict(report, "en")))
        assert json.loads(full)["trace"] != []
    assert summary.proposed == sum(
        (Decimal(json.loads(line)["settlement"]["total_proposed"]) for line in lines),
        Decimal(0))


def test_text_lines_are_blocked_cases_and_errors_only(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", generated(20), {3: "nope"})
    lines, summary = _run(path, fmt="text")
    assert len(lines) == summary.blocked + summary.errors
    assert lines[3].startswith(f"ERROR\t\t{path}:4\t") and "OP506" in lines[3]
    blocked = [line.split("\t") for line in lines if line.startswith("BLOCKED")]
    assert all(len(parts) == 4 and parts[3].strip() for parts in blocked)


def test_progress_bar_does_not_change_the_result(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", generated(40))
    plain, _ = _run(path)
    shown, _ = _run(path, progress=True, workers=2)
    assert plain == shown


def test_summary_counts_totals_and_exit_codes() -> None:
    summary = Summary(workers=2)
    assert summary.exit_code == 0
    summary.add(Outcome("a:1", "ready", "A", "", "100.50", "100.50", 10))
    summary.add(Outcome("a:2", "blocked", "B", "", None, "20.00", 20))
    assert summary.exit_code == 1
    summary.add(Outcome("a:3", "error", None, "", None, None, 30))
    assert summary.exit_code == 2
    summary.seconds = 0.5
    text = summary.format("en")
    assert text.splitlines() == [
        "Checked 3 cases in 0.50 s (6 cases/s, 2 workers): 1 ready, 1 blocked, 1 input error",
        "Settlement totals: required 100.50 CNY, proposed 120.50 CNY",
        "  required excludes 1 case whose amount could not be computed (data missing)",
    ]
    assert "可办结 1，阻止 1，输入错误 1" in summary.format("zh")


def test_ordered_map_keeps_order_and_bounds_what_is_in_flight() -> None:
    from multiprocessing.pool import ThreadPool

    taken: list[int] = []

    def tasks() -> object:
        for i in range(50):
            taken.append(i)
            yield i

    with ThreadPool(3) as pool:
        results = ordered_map(pool, lambda x: x * x, tasks(), window=4)  # type: ignore[arg-type]
        first = next(results)
        assert first == 0 and len(taken) <= 5  # not the whole input read ahead
        assert [first, *results] == [i * i for i in range(50)]
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_forked_workers_use_the_policy_already_loaded(tmp_path: Path) -> None:
    # The job names a policy file that is gone: workers forked with the parent's checker
    # never read it (with spawn, where fork is missing, each worker would load it).
    import multiprocessing

    import pytest

    from offboard_policy.batch import load_checker

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform: spawned workers load the policy themselves")
    path = write_jsonl(tmp_path / "c.jsonl", generated(20), {})
    import shutil

    shutil.copytree(Path(POLICY).resolve().parents[1] / "rules", tmp_path / "rules")
    (tmp_path / "policies").mkdir()
    gone = tmp_path / "policies" / "gone.yaml"
    gone.write_text(Path(POLICY).read_text(encoding="utf-8"), encoding="utf-8")
    job = Job(gone, lang="en", cache=False)
    checker = load_checker(job)
    gone.unlink()
    lines: list[str] = []
    summary = run_batch([path], job, lines.append, workers=2, checker=checker, chunk=3)
    assert summary.errors == 0 and summary.cases == 20
    assert len(lines) == 20
