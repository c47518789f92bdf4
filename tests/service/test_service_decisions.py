"""The decision log end to end: a real server records every check; the CLI lists them and
replays each one to the identical report; the OpenAPI document models every body."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from offboard_policy.decisions.migrate import latest_version, migrations
from offboard_policy.decisions.store import StoreError, decisions, open_store
from tests.cli.clirun import run
from tests.service.support import POLICIES, ROOT, fixture_cases


def test_every_fixture_case_is_recorded_and_replays(serve_process: Any, tmp_path: Path,
                                                     sqlite_url: str) -> None:
    args = [a for p in POLICIES.values() for a in ("-p", str(p))]
    server = serve_process([*args, "--db", sqlite_url])
    answered = {}
    for case, policy in fixture_cases():
        status, headers, body = server.http.call("POST", f"/v1/check?policy={policy}&lang=en",
                                                 case.read_bytes(), "application/yaml")
        assert status == 200, body
        answered[headers["x-decision-id"]] = body
    listed = run("decisions", "list", "--db", sqlite_url, "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {row["id"] for row in rows} == set(answered)
    for row in rows:
        assert row["who"] == "local" and row["source"] == "api" and row["lang"] == "en"
        shown = run("decisions", "show", row["id"], "--db", sqlite_url, "--format", "report")
        assert shown.stdout.encode() == answered[row["id"]]
        replayed = run("decisions", "replay", row["id"], "--db", sqlite_url)
        assert replayed.exit_code == 0, replayed.stdout + replayed.stderr
        assert replayed.stdout.startswith("identical")
    one = next(iter(answered))
    detail = server.http.json("GET", f"/v1/decisions/{one}")
    assert json.dumps(detail["report"], ensure_ascii=False, indent=2) + "\n" == \
        answered[one].decode()
    by_case = server.http.json("GET", "/v1/decisions?case_id=OFB-2026-0142")["decisions"]
    assert len(by_case) == 1 and by_case[0]["policy_id"] == "cn-beijing"


def test_replay_says_which_policy_version_differs(tmp_path: Path, sqlite_url: str) -> None:
    for sub in ("policies", "rules"):
        shutil.copytree(ROOT / sub, tmp_path / sub)
    policy = tmp_path / "policies" / "cn-beijing.yaml"
    case = ROOT / "fixtures" / "cases" / "beijing-no-fault-ready.yaml"
    recorded = run("check", case, "-p", policy, "--record", "--db", sqlite_url)
    assert recorded.exit_code == 0, recorded.stderr
    assert "recorded decision" in recorded.stderr
    assert run("decisions", "replay", "latest", "--db", sqlite_url).exit_code == 0
    text = policy.read_text(encoding="utf-8").replace('version: "2026.11"', 'version: "2027.01"')
    policy.write_text(text, encoding="utf-8")
    replayed = run("decisions", "replay", "latest", "--db", sqlite_url)
    assert replayed.exit_code == 1
    assert "policy differs" in replayed.stdout
    assert "cn-beijing@2027.01" in replayed.stdout and "cn-beijing@2026.11" in replayed.stdout
    assert "policy.version: \"2026.11\" -> \"2027.01\"" in replayed.stdout


def test_check_record_refuses_batches_and_a_stray_db(sqlite_url: str) -> None:
    policy = ROOT / "policies" / "cn-beijing.yaml"
    batch = run("check", ROOT / "fixtures" / "cases", "-p", policy, "--record")
    assert batch.exit_code == 2 and "batch" in batch.stderr
    stray = run("check", ROOT / "fixtures" / "cases" / "short-tenure.yaml", "-p", policy,
                "--db", sqlite_url)
    assert stray.exit_code == 2 and "--record" in stray.stderr


def test_unknown_decision_is_exit_2(sqlite_url: str) -> None:
    missing = run("decisions", "show", "0123456789abcdef", "--db", sqlite_url)
    assert missing.exit_code == 2 and "not in the decision log" in missing.stderr
    empty = run("decisions", "replay", "latest", "--db", sqlite_url)
    assert empty.exit_code == 2 and "empty" in empty.stderr


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    open_store(url).close()
    import sqlite3

    with sqlite3.connect(tmp_path / "new.sqlite3") as conn:
        conn.execute("INSERT INTO offboard_policy_schema VALUES (?, 'future', 'x')",
                     (latest_version() + 1,))
    try:
        open_store(url)
    except StoreError as exc:
        assert f"schema version {latest_version() + 1}" in str(exc)
        assert "upgrade offboard-policy" in str(exc)
    else:
        raise AssertionError("a newer database was opened")
    listed = run("decisions", "list", "--db", url)
    assert listed.exit_code == 2 and "newer than this offboard-policy" in listed.stderr


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite" * 100)
    listed = run("decisions", "list", "--db", f"sqlite:///{junk}")
    assert listed.exit_code == 2 and "Traceback" not in listed.stderr
    bad = run("decisions", "list", "--db", "mysql://x/y")
    assert bad.exit_code == 2 and "unsupported database" in bad.stderr


def test_migrations_are_numbered_and_match_the_table() -> None:
    found = migrations()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    created = " ".join(m.sql for m in found)
    for column in decisions.columns:
        assert re.search(rf"\b{column.name}\b", created), column.name


def test_openapi_models_every_body(make_client: Any) -> None:
    document = make_client().get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    text = json.dumps(document)
    assert set(re.findall(r'#/components/schemas/([^"]+)', text)) <= set(schemas)
    for path, operations in document["paths"].items():
        for method, op in operations.items():
            for status, response in op["responses"].items():
                for media in response.get("content", {}).values():
                    schema = media["schema"]
                    assert "$ref" in schema or "anyOf" in schema, (method, path, status)
            body = op.get("requestBody")
            if body is not None:
                assert all(m["schema"] for m in body["content"].values())
    assert document["paths"]["/v1/check"]["post"]["requestBody"]["content"][
        "application/yaml"]["schema"] == {"$ref": "#/components/schemas/Case"}


def _decision(n: int) -> Any:
    from offboard_policy.decisions.model import Decision, new_decision_id

    return Decision(id=new_decision_id(), recorded_at=f"2026-01-01T00:00:{n:02d}", who="t",
                    source="test", case_id=f"C{n}", case_digest=None, case_json="{}",
                    policy_id="p", policy_version="1", policy_digest="sha256:x",
                    policy_path="p.yaml", engine_version="0", as_of="2026-01-01", lang="en",
                    verdict="ready", total_required=None, total_proposed="0.00",
                    report_json="{}")


def test_concurrent_records_share_commits_and_all_land(sqlite_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    store = open_store(sqlite_url)
    try:
        items = [_decision(n % 60) for n in range(200)]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda d: store.record([d]), items))
        assert {d.id for d in store.list(limit=None)} == {d.id for d in items}
    finally:
        store.close()


def test_a_failed_commit_fails_every_waiter(sqlite_url: str) -> None:
    import pytest

    store = open_store(sqlite_url)
    try:
        first = _decision(1)
        store.record([first])
        with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
            store.record([_decision(2), first])  # a duplicate id: the whole commit fails
        assert [d.id for d in store.list(limit=None)] == [first.id]
    finally:
        store.close()
