"""Fixtures of the service tests: the app in-process (TestClient) and a real server process.

``serve_process`` starts ``offboard-policy serve`` on 127.0.0.1 with a free port in a
subprocess and always stops it (SIGTERM, then SIGKILL) however the test ends.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.service.support import POLICIES, Server, free_port, start_server, stop


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
    from tests.service.pgserver import find_bin_dir, start_pg

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
