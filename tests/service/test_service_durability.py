"""Nothing acknowledged is lost: SIGKILL the server in the middle of a stream of checks,
restart it on the same SQLite log, and find every decision whose response had arrived."""

from __future__ import annotations

import signal
import threading
from typing import Any

from offboard_policy.decisions.store import open_store
from tests.service.loadgen import Acks, start_clients
from tests.service.support import ROOT, wait_until

CASES = sorted((ROOT / "fixtures" / "cases").glob("*.yaml"))


def test_sigkill_loses_no_acknowledged_decision(serve_process: Any, sqlite_url: str) -> None:
    args = ["-p", str(ROOT / "policies" / "cn-beijing.yaml"), "--db", sqlite_url]
    server = serve_process(args)
    acks, stop = Acks(), threading.Event()
    threads = start_clients(4, [server.http.base], CASES, acks, stop)
    wait_until(lambda: len(acks.all()) >= 40, 120, "40 acknowledged decisions", server)
    server.process.send_signal(signal.SIGKILL)  # mid-stream: requests are in flight
    server.process.wait(30)
    stop.set()
    for thread in threads:
        thread.join(60)
    acknowledged = acks.all()
    assert len(acknowledged) >= 40
    again = serve_process(args)  # the restart recovers the WAL
    for decision_id in acknowledged:
        status, _, _ = again.http.call("GET", f"/v1/decisions/{decision_id}")
        assert status == 200, decision_id
    store = open_store(sqlite_url)
    try:
        stored = {d.id for d in store.list(limit=None)}
    finally:
        store.close()
    assert set(acknowledged) <= stored
    assert len(stored) - len(acknowledged) <= 4  # at most the requests then in flight
