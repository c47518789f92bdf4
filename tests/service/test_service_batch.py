"""``POST /v1/check/batch``: JSONL in, one line out per case in order, each line recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from offboard_policy.decisions.model import case_to_json
from offboard_policy.decisions.store import open_store
from offboard_policy.yamlio import load_yaml
from tests.cli.clirun import run
from tests.service.support import ROOT, fixture_cases


def jsonl(tmp_path: Path) -> tuple[Path, list[str]]:
    lines = [case_to_json(load_yaml(path, display="x").data)
             for path, policy in fixture_cases() if policy == "cn-beijing"]
    lines.insert(2, '{"case_id": "BROKEN", "employee": 3}')
    lines.insert(4, "")
    lines.insert(5, "{not json")
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, lines


def test_batch_lines_are_the_cli_batch_lines(make_client: Any, tmp_path: Path,
                                             sqlite_url: str) -> None:
    path, lines = jsonl(tmp_path)
    answer = make_client().post("/v1/check/batch?policy=cn-beijing&lang=en",
                                content=path.read_bytes())
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    got = answer.text.splitlines()
    cli = run("check", path, "-p", ROOT / "policies" / "cn-beijing.yaml", "-f", "json",
              "--lang", "en")
    expected = cli.stdout.splitlines()
    assert len(got) == len(expected) == len(lines) - 1  # the blank line gives nothing
    for mine, theirs in zip(got, expected, strict=True):
        if '"error"' in mine[:40]:
            a, b = json.loads(mine), json.loads(theirs)
            assert a["case"] == b["case"].replace(str(path), "body")
            assert [{k: v for k, v in d.items() if k != "file"} for d in a["error"]] == \
                   [{k: v for k, v in d.items() if k != "file"} for d in b["error"]]
        else:
            assert mine == theirs
    assert json.loads(got[2])["case"] == "body:3"
    assert json.loads(got[4])["case"] == "body:6"
    store = open_store(sqlite_url)
    try:
        recorded = store.list(limit=None)
    finally:
        store.close()
    assert len(recorded) == len(got) - 2
    assert {d.source for d in recorded} == {"api-batch"}
    assert sorted(json.loads(d.report_json)["case_id"] for d in recorded) == sorted(
        json.loads(line)["case_id"] for line in got if '"error"' not in line[:40])


def test_batch_without_trace(make_client: Any, tmp_path: Path) -> None:
    path, _ = jsonl(tmp_path)
    answer = make_client().post("/v1/check/batch?policy=cn-beijing&trace=false",
                                content=path.read_bytes())
    reports = [json.loads(line) for line in answer.text.splitlines()]
    assert all(r["trace"] == [] for r in reports if "trace" in r)


def test_batch_body_must_be_utf8(make_client: Any) -> None:
    answer = make_client().post("/v1/check/batch?policy=cn-beijing", content=b"\xff\n")
    assert answer.status_code == 400
