"""Reloading the policies: SIGHUP and POST /v1/admin/reload swap the whole set or nothing."""

from __future__ import annotations

import shutil
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.errors import Diagnostic, PolicyError
from offboard_policy.policy import load_policy
from offboard_policy.service.registry import PolicyRegistry
from tests.service.support import ROOT, wait_until

CASE = ROOT / "fixtures" / "cases" / "contract-example.yaml"


@pytest.fixture
def policy_copy(tmp_path: Path) -> Path:
    """A copy of cn-beijing.yaml with the rules it includes, to edit."""
    for sub in ("policies", "rules"):
        shutil.copytree(ROOT / sub, tmp_path / "repo" / sub)
    return tmp_path / "repo" / "policies" / "cn-beijing.yaml"


def bump(policy: Path, version: str) -> None:
    text = policy.read_text(encoding="utf-8")
    start = text.index('version: "')
    end = text.index('"', start + 10)
    policy.write_text(text[:start] + f'version: "{version}"' + text[end + 1:], encoding="utf-8")


def test_a_failed_reload_keeps_the_old_set_whole() -> None:
    paths = [ROOT / "policies" / "cn-beijing.yaml", ROOT / "policies" / "example-internet.yaml"]
    fail_on: list[Path] = []

    def loader(path: Path) -> Any:
        if path in fail_on:
            raise PolicyError(Diagnostic("broken on purpose", "OP201", str(path)))
        return load_policy(path)

    registry = PolicyRegistry(paths, loader)
    before = registry.current
    fail_on.append(paths[1])  # the first file compiles again, the second does not
    with pytest.raises(PolicyError):
        registry.reload()
    assert registry.current is before
    assert registry.last_error is not None and "broken on purpose" in registry.last_error
    fail_on.clear()
    after = registry.reload()
    assert registry.current is after and after.generation == before.generation + 1
    assert registry.last_error is None


def test_readers_see_one_set_during_reloads() -> None:
    paths = [ROOT / "policies" / "cn-beijing.yaml", ROOT / "policies" / "example-internet.yaml"]
    registry = PolicyRegistry(paths, load_policy)
    seen: set[tuple[int, int]] = set()
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            current = registry.current  # one read: the whole set
            generations = {current.generation}
            seen.add((current.generation, len(current.entries)))
            assert len(generations) == 1

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(2):
            registry.reload()
    finally:
        done.set()
        thread.join()
    assert {n for _, n in seen} == {2}


def test_admin_reload_over_http(make_client: Any, policy_copy: Path) -> None:
    from fastapi.testclient import TestClient

    from offboard_policy.service.app import create_app

    registry = PolicyRegistry([policy_copy], load_policy)
    client = TestClient(create_app(registry), raise_server_exceptions=False)
    bump(policy_copy, "2026.12")
    answer = client.post("/v1/admin/reload")
    assert answer.status_code == 200, answer.text
    assert answer.json()["policies"][0]["version"] == "2026.12"
    report = client.post("/v1/check?policy=cn-beijing", content=CASE.read_bytes(),
                         headers={"Content-Type": "application/yaml"}).json()
    assert report["policy"]["version"] == "2026.12"
    policy_copy.write_text("policy: [broken\n", encoding="utf-8")
    failed = client.post("/v1/admin/reload")
    assert failed.status_code == 422
    body = failed.json()
    assert body["error"] == "reload_failed" and "stay in force" in body["message"]
    assert body["diagnostics"][0]["file"].endswith("cn-beijing.yaml")
    assert client.get("/v1/policies").json()["policies"][0]["version"] == "2026.12"


def test_sighup_reloads_a_running_server(serve_process: Any, policy_copy: Path) -> None:
    server = serve_process(["-p", str(policy_copy)])

    def version() -> str:
        return str(server.http.json("GET", "/v1/policies")["policies"][0]["version"])

    assert version() == "2026.11"
    bump(policy_copy, "2027.01")
    server.process.send_signal(signal.SIGHUP)
    wait_until(lambda: version() == "2027.01", 60, "the reload to 2027.01", server)
    policy_copy.write_text("policy: [broken\n", encoding="utf-8")
    server.process.send_signal(signal.SIGHUP)
    wait_until(lambda: "reload failed" in server.log_text(), 60, "the failed reload", server)
    assert version() == "2027.01"
    status, _, _ = server.http.call("POST", "/v1/check?policy=cn-beijing", CASE.read_bytes(),
                                    "application/yaml")
    assert status == 200
    assert "Traceback" not in server.log_text()


def test_processes_share_the_port_and_reload_together(serve_process: Any,
                                                      policy_copy: Path) -> None:
    server = serve_process(["-p", str(policy_copy), "--processes", "2"])
    bump(policy_copy, "2027.02")
    reloaded = server.http.json("POST", "/v1/admin/reload")
    assert reloaded["policies"][0]["version"] == "2027.02"
    # the parent told both processes
    wait_until(lambda: server.log_text().count("reloaded 1 policies") >= 2, 60,
               "both processes to reload", server)
    pids = set()
    for _ in range(30):  # new connections, spread over both processes by the kernel
        status, _, body = server.http.call("POST", "/v1/check?policy=cn-beijing",
                                           CASE.read_bytes(), "application/yaml")
        assert status == 200 and b'"version": "2027.02"' in body
    for line in server.log_text().splitlines():
        if line.startswith("INFO:     Started server process"):
            pids.add(line)
    assert len(pids) == 2
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(30) == 143
    assert "Traceback" not in server.log_text()


def test_two_files_with_one_policy_id_are_refused(tmp_path: Path) -> None:
    from offboard_policy import codes
    from tests.cli.clirun import run

    policy = ROOT / "policies" / "cn-beijing.yaml"
    with pytest.raises(PolicyError) as info:
        PolicyRegistry([policy, policy], load_policy)
    assert info.value.diagnostics[0].code == codes.DUPLICATE_POLICY
    refused = run("serve", "-p", policy, "-p", policy, "--dry-run",
                  "--db", f"sqlite:///{tmp_path / 'd.sqlite3'}")
    assert refused.exit_code == 2 and "declared by both" in refused.stderr
