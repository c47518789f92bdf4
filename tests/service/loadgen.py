"""Clients that post checks to servers until stopped, remembering every acknowledged id."""

from __future__ import annotations

import http.client
import threading
import urllib.request
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path


@dataclass
class Acks:
    """Decision ids whose response was received in full, per server base URL."""

    ids: dict[str, list[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, base: str, decision_id: str) -> None:
        with self.lock:
            self.ids.setdefault(base, []).append(decision_id)

    def all(self) -> list[str]:
        with self.lock:
            return [i for ids in self.ids.values() for i in ids]


def post_until(stop: threading.Event, base: str, cases: list[Path], acks: Acks) -> None:
    """Post cases in turn to ``base`` until ``stop``; an id counts once its body is read."""
    for case in cycle(cases):
        if stop.is_set():
            return
        request = urllib.request.Request(f"{base}/v1/check?policy=cn-beijing",
                                         data=case.read_bytes(), method="POST",
                                         headers={"Content-Type": "application/yaml"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                decision_id = response.headers["X-Decision-Id"]
        except (OSError, http.client.HTTPException):
            continue  # the server is gone, or refused: nothing was acknowledged
        acks.add(base, decision_id)


def start_clients(n: int, bases: list[str], cases: list[Path], acks: Acks,
                  stop: threading.Event) -> list[threading.Thread]:
    threads = [threading.Thread(target=post_until, args=(stop, bases[i % len(bases)], cases,
                                                         acks), daemon=True)
               for i in range(n)]
    for thread in threads:
        thread.start()
    return threads
