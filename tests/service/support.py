"""Helpers of the service tests: fixture cases, a small HTTP client, a server subprocess.

Imported as ``tests.service.support`` (a unique module name: several test folders have a
``conftest``).
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def wait_until(condition: Callable[[], bool], seconds: float, what: str,
               server: Server | None = None) -> None:
    """Poll ``condition`` until it holds; a guard against a hang, not a measurement: after
    ``seconds`` the test fails naming ``what`` (and the server's log)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            log = "" if server is None else f":\n{server.log_text()}"
            raise AssertionError(f"gave up waiting for {what} after {seconds} s{log}")
        time.sleep(0.05)


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
