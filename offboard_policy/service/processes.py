"""``serve --processes N``: N server processes sharing one listening socket (POSIX fork).

Python runs one evaluation at a time per process, so one process uses one core. The parent
compiles the policies and binds the socket, then forks the children, which inherit both and
each run their own event loop, worker threads and database connections. The parent forwards
SIGHUP (reload) and SIGTERM / SIGINT (stop) to every child; a child that dies unexpectedly
stops the others, so that a process supervisor (systemd, a container runtime) sees the exit
and restarts the whole service.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from collections.abc import Callable
from types import FrameType

log = logging.getLogger("offboard_policy.service")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def run_children(count: int, child: Callable[[], None]) -> int | None:
    """Fork ``count`` children running ``child()``; return when all have exited.

    Returns the signal number that stopped the service (SIGTERM or SIGINT), or None when a
    child ended on its own (then the others were stopped).
    """
    pids: list[int] = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:  # the child: never returns into the parent's code
            code = 0
            try:
                child()
            except SystemExit as exc:
                code = 0 if exc.code in (None, 0, 128 + signal.SIGTERM, 130) else 1
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        pids.append(pid)
    stopped_by: int | None = None

    def forward(signum: int, frame: FrameType | None) -> None:
        nonlocal stopped_by
        if signum in STOP_SIGNALS:
            stopped_by = stopped_by or signum
            signum = signal.SIGTERM
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGHUP, *STOP_SIGNALS)}
    try:
        while pids:
            pid, _status = os.wait()
            if pid in pids:
                pids.remove(pid)
            if stopped_by is None and pids:
                log.error("server process %d ended on its own; stopping the others", pid)
                stopped_by = 0
                for other in pids:
                    os.kill(other, signal.SIGTERM)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return stopped_by or None


def ask_parent_to_reload() -> None:
    """From a child: have the parent forward SIGHUP to every child (all reload)."""
    os.kill(os.getppid(), signal.SIGHUP)
