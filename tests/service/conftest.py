"""Fixtures of the service tests: the app in-process (TestClient) and a real server process.

``serve_process`` starts ``offboard-policy serve`` on 127.0.0.1 with a free port in a
subprocess and always stops it (SIGTERM, then SIGKILL) however the test ends.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
POLICIES = {
    "cn-beijing": ROOT / "policies" / "cn-beijing.yaml",
    "example-internet": ROOT / "policies" / "example-internet.yaml",
    "example-manufacturing": ROOT / "policies" / "example-manufacturing.yaml",
}
FIXTURE_POLICY = {"cases": "cn-beijing", "internet": "example-internet",
                  "manufacturing": "example-manufacturing"}


def fixture_cases() -> list[tuple[Path, str]]:
    """Every fixture case with the policy it is written for."""
    out = []
    for folder, policy in FIXTURE_POLICY.items():
        out += [(path, policy) for path in sorted((ROOT / "fixtures" / folder).glob("*.yaml"))]
    return out


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _lower(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


@dataclass
class Http:
    """A tiny HTTP client of the standard library for a server on 127.0.0.1."""

    base: str
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def call(self, method: str, path: str, body: bytes | None = None,
             content_type: str = "application/json", token: str | None = None,
             timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(self.base + path, data=body, method=method)
        if body is not None:
            request.add_header("Content-Type", content_type)
        bearer = token or self.token
        if bearer:
            request.add_header("Authorization", f"Bearer {bearer}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, _lower(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, _lower(exc.headers), exc.read()

    def json(self, method: str, path: str, body: bytes | None = None, **kw: Any) -> Any:
        status, _, data = self.call(method, path, body, **kw)
        assert status == 200, data
        return json.loads(data)


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    http: Http

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(args: Sequence[str], tmp: Path, *, env: dict[str, str] | None = None,
                 port: int | None = None, wait: bool = True) -> Server:
    """``offboard-policy serve ARGS --port P`` as a subprocess, ready when /readyz answers."""
    port = port or free_port()
    log = tmp / f"server-{port}-{time.monotonic_ns()}.log"
    full_env = {**os.environ, "OFFBOARD_POLICY_LANG": "en", "PYTHONUNBUFFERED": "1",
                "OFFBOARD_POLICY_DB": f"sqlite:///{tmp / 'decisions.sqlite3'}",
                "XDG_DATA_HOME": str(tmp / "data"), **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "offboard_policy.cli", "serve", *args, "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=full_env, cwd=ROOT)
    server = Server(process, port, log, Http(f"http://127.0.0.1:{port}"))
    if wait:
        wait_ready(server)
    return server


def wait_ready(server: Server, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"the server exited {server.process.returncode}:\n"
                                 f"{server.log_text()}")
        try:
            status, _, _ = server.http.call("GET", "/readyz", timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not get ready:\n{server.log_text()}")


def stop(server: Server) -> None:
    """SIGTERM, then SIGKILL after 10 s: the process never outlives the test."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(10)


@pytest.fixture
def serve_process(tmp_path: Path) -> Iterator[Any]:
    """A function starting servers (``start(args, env=...)``), each stopped at the end."""
    started: list[Server] = []

    def start(args: Sequence[str], **kw: Any) -> Server:
        server = start_server(args, tmp_path, **kw)
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            stop(server)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'decisions.sqlite3'}"


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Any]:
    """``make_client(policies=..., tokens=..., limits=..., db=True)``: a TestClient of the app."""
    from fastapi.testclient import TestClient

    from offboard_policy.decisions.store import open_store
    from offboard_policy.policy import load_policy
    from offboard_policy.service.app import create_app
    from offboard_policy.service.registry import PolicyRegistry

    stores: list[Any] = []

    def make(policies: Sequence[str] = ("cn-beijing",), *, tokens: Any = None,
             limits: Any = None, db: bool = True) -> TestClient:
        registry = PolicyRegistry([POLICIES[p] for p in policies], load_policy)
        store = open_store(f"sqlite:///{tmp_path / 'decisions.sqlite3'}") if db else None
        if store is not None:
            stores.append(store)
        app = create_app(registry, store=store, tokens=tokens, limits=limits)
        return TestClient(app, raise_server_exceptions=False)

    try:
        yield make
    finally:
        for store in stores:
            store.close()


REQUIRE_PG_ENV = "OFFBOARD_POLICY_REQUIRE_POSTGRES"
"""Set to 1 (``.ci/run`` does) to make a missing PostgreSQL a test failure, not a skip."""


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A real PostgreSQL server for the session (skipped where the binaries are absent)."""
    from pgserver import find_bin_dir, start_pg

    if find_bin_dir() is None:
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail("PostgreSQL binaries not found (apt-get install postgresql)")
        pytest.skip("PostgreSQL binaries not found; .ci/run installs them")
    server = start_pg(free_port())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: Any) -> str:
    """A fresh, empty database on the session's PostgreSQL server."""
    return str(pg_server.create_database(f"t_{os.getpid()}_{time.monotonic_ns()}"))
