"""Start ``offboard-policy serve`` as a real process on a free loopback port, for the browser
tests: a temporary SQLite decision log, the policies given, stopped in a ``finally``."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120.0
"""Seconds the server may take to compile its policies and answer /healthz (a shared,
loaded machine; normally a few seconds)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    url: str
    db: Path
    log: Path

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str = "application/json") -> tuple[int, dict[str, str], Any]:
        """One HTTP request; answers (status, headers, parsed JSON body)."""
        req = urllib.request.Request(self.url + path, data=body, method=method,
                                     headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, dict(resp.headers), json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), json.loads(exc.read() or b"null")

    def check(self, case: bytes, *, yaml: bool, lang: str = "en",
              policy: str = "cn-beijing") -> tuple[int, dict[str, str], Any]:
        return self.request("POST", f"/v1/check?policy={policy}&lang={lang}", case,
                            "application/yaml" if yaml else "application/json")


@contextlib.contextmanager
def running_server(workdir: Path, policies: tuple[str, ...] = ("policies/cn-beijing.yaml",),
                   extra: tuple[str, ...] = ()) -> Iterator[Server]:
    """A server process for the duration of the ``with`` block; always stopped after it."""
    port = free_port()
    db = workdir / "decisions.sqlite3"
    log = workdir / "server.log"
    command = [sys.executable, "-m", "offboard_policy.cli", "serve", "--host", "127.0.0.1",
               "--port", str(port), "--db", f"sqlite:///{db}", *extra]
    for policy in policies:
        command += ["--policy", str(ROOT / policy)]
    env = {**os.environ, "OFFBOARD_POLICY_CACHE": str(workdir / "cache")}
    env.pop("OFFBOARD_POLICY_DB", None)
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env=env)
    try:
        server = Server(f"http://127.0.0.1:{port}", db, log)
        _wait_healthy(server, proc)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def _wait_healthy(server: Server, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}:\n"
                               + server.log.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz within {START_TIMEOUT:g} s:\n"
                       + server.log.read_text(errors="replace"))
