"""The decision log on a real PostgreSQL server (started by the ``pg_server`` fixture)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from offboard_policy.decisions.store import StoreError, open_store
from tests.cli.clirun import run
from tests.service.loadgen import Acks, start_clients
from tests.service.support import ROOT, wait_until

CASES = sorted((ROOT / "fixtures" / "cases").glob("*.yaml"))
POLICY = ROOT / "policies" / "cn-beijing.yaml"


def test_store_on_postgresql(pg_url: str) -> None:
    recorded = run("check", CASES[0], "-p", POLICY, "--record", "--db", pg_url)
    assert recorded.exit_code in (0, 1), recorded.stderr
    store = open_store(pg_url)
    try:
        assert store.dialect == "postgresql"
        [decision] = store.list(limit=None)
        assert store.get(decision.id) == decision
        assert store.list(case_id=decision.case_id, since=date(2000, 1, 1)) == [decision]
        assert store.list(case_id="nobody") == []
    finally:
        store.close()
    replayed = run("decisions", "replay", decision.id, "--db", pg_url)
    assert replayed.exit_code == 0, replayed.stdout + replayed.stderr
    listed = run("decisions", "list", "--db", pg_url)
    assert decision.id in listed.stdout


def test_a_newer_postgresql_schema_is_refused(pg_url: str) -> None:
    import psycopg

    open_store(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO offboard_policy_schema VALUES (999, 'future', 'x')")
    try:
        open_store(pg_url)
    except StoreError as exc:
        assert "schema version 999" in str(exc)
    else:
        raise AssertionError("a newer database was opened")


def test_an_unreachable_server_is_a_clear_error(pg_server: Any) -> None:
    listed = run("decisions", "list", "--db", "postgresql://postgres@127.0.0.1:1/none")
    assert listed.exit_code == 2
    assert "cannot open the decision log" in listed.stderr and "Traceback" not in listed.stderr


def test_two_servers_write_to_one_postgresql(serve_process: Any, pg_url: str) -> None:
    """Two replicas behind a (client-side) round robin: every acknowledged decision is in
    the log exactly once, both replicas wrote, and they started (migrated) together."""
    args = ["-p", str(POLICY), "--db", pg_url]
    first = serve_process(args, wait=False)
    second = serve_process(args, wait=False)
    from tests.service.support import wait_ready

    wait_ready(first)
    wait_ready(second)
    acks, stop = Acks(), threading.Event()
    threads = start_clients(4, [first.http.base, second.http.base], CASES, acks, stop)
    wait_until(lambda: len(acks.all()) >= 60, 120, "60 acknowledged decisions")
    stop.set()
    for thread in threads:
        thread.join(60)
    assert len(acks.ids[first.http.base]) > 0 and len(acks.ids[second.http.base]) > 0
    acknowledged = acks.all()
    store = open_store(pg_url)
    try:
        stored = [d.id for d in store.list(limit=None)]
    finally:
        store.close()
    assert len(stored) == len(set(stored)) == len(acknowledged)
    assert set(stored) == set(acknowledged)
    for server in (first, second):
        assert "Traceback" not in server.log_text()
