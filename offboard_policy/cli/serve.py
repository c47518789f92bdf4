"""``offboard-policy serve``: the HTTP API and the HR page (uvicorn running the FastAPI app)."""

from __future__ import annotations

import ipaddress
import logging
import signal
import socket
import threading
from pathlib import Path
from types import FrameType
from typing import Any

import click

from offboard_policy.cli.app import main
from offboard_policy.cli.common import Terminated, fail, input_errors
from offboard_policy.cli.options import default_lang

_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)

log = logging.getLogger("offboard_policy.service")


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _load(path: Path) -> Any:
    from offboard_policy.policy import load_policy

    return load_policy(path)


@main.command()
@click.option("-p", "--policy", "policies", required=True, multiple=True, type=_FILE,
              help="Policy file to serve (repeat for several); compiled once at start, "
                   "again on SIGHUP or POST /v1/admin/reload.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Without --tokens only a loopback address is allowed.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port.")
@click.option("--db", "db_url", default=None, metavar="URL",
              help="Decision log: sqlite:///PATH or postgresql://USER@HOST:PORT/DB. Default: "
                   "$OFFBOARD_POLICY_DB, else sqlite in ~/.local/share/offboard-policy/ "
                   "($XDG_DATA_HOME).")
@click.option("--tokens", "tokens_path", type=_FILE, default=None,
              help="Token file (lines: TOKEN ROLE NAME; roles hr, legal, admin): every /v1 "
                   "call then needs 'Authorization: Bearer TOKEN'.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Evaluations that run at once (threads).")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes sharing the port (one core each; use the number of "
                   "cores). SIGHUP and /v1/admin/reload reload every process.")
@click.option("--budget", default=10.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds one check may take before the request gets 503.")
@click.option("--body-timeout", default=30.0, show_default=True,
              type=click.FloatRange(0.1, 3600),
              help="Seconds a client has to send a request body (408 after).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=default_lang,
              help="Report language when a request gives no ?lang= (default as for check).")
@click.option("--dry-run", is_flag=True, default=False,
              help="Compile the policies, read the token file and open (migrate) the decision "
                   "log, then exit 0 without serving: checks a deployment's setup.")
def serve(policies: tuple[Path, ...], host: str, port: int, db_url: str | None,
          tokens_path: Path | None, workers: int, processes: int, budget: float,
          body_timeout: float, lang: str, dry_run: bool) -> None:
    """Serve the HTTP API and the HR page; record every check in the decision log.

    \b
    Examples:
      offboard-policy serve --policy policies/cn-beijing.yaml
      offboard-policy serve -p policies/cn-beijing.yaml -p policies/example-internet.yaml \\
          --port 8081 --db sqlite:///decisions.sqlite3
      offboard-policy serve -p policies/cn-beijing.yaml --dry-run
    Then, from another shell:
      curl -s -X POST 'http://127.0.0.1:8080/v1/check?policy=cn-beijing&lang=en' \\
          -H 'Content-Type: application/yaml' \\
          --data-binary @fixtures/cases/contract-example.yaml

    The API is described at /openapi.json (and browsable at /docs); the HR page is at /.
    To listen on another address, give a token file (--tokens FILE, lines TOKEN ROLE NAME)
    and use PostgreSQL for several replicas: see the README, "The HR service".
    kill -HUP PID reloads the policy files (a failed reload keeps the old ones and logs
    why). The server stops on Ctrl-C or SIGTERM once the requests in flight are answered.

    Exit status: 130 after Ctrl-C, 143 after SIGTERM (as every command), 2 a usage or
    input error (a policy that does not compile, a bad token file, a non-loopback --host
    without --tokens, a database that cannot be opened or is newer than this version).
    """
    from offboard_policy.service.app import Limits
    from offboard_policy.service.auth import read_tokens
    from offboard_policy.service.processes import run_children
    from offboard_policy.service.registry import PolicyRegistry

    if tokens_path is None and not is_loopback(host):
        fail([f"Error: Invalid value for '--host': {host!r} is not a loopback address; "
              "without --tokens the service would be open to the network. Give a token file "
              "(--tokens FILE) or listen on 127.0.0.1."])
    if tokens_path is not None and tokens_path.stat().st_mode & 0o077:
        click.echo(f"warning: {tokens_path} can be read by other users; "
                   f"chmod 600 {tokens_path}", err=True)
    with input_errors():
        tokens = read_tokens(tokens_path) if tokens_path is not None else None
        registry = PolicyRegistry(list(policies), _load)
    store = _open_store(db_url)
    if dry_run:
        store.close()
        names = ", ".join(registry.current.ids)
        click.echo(f"offboard-policy: ready to serve {names} (decision log: "
                   f"{store.display_url}); --dry-run: not serving", err=True)
        return
    limits = Limits(workers=workers, eval_budget=budget, body_timeout=body_timeout,
                    default_lang="zh" if lang == "zh" else "en")
    names = ", ".join(f"{e.id}@{e.policy.info.version}" for e in registry.current.entries.values())
    click.echo(f"offboard-policy: serving {names} on http://{_url_host(host)}:{port} "
               f"(decision log: {store.display_url}; tokens: "
               f"{'on' if tokens else 'off, loopback only'}; processes: {processes})", err=True)
    _log_to_stderr()
    if processes == 1:
        _serve_one(registry, store, tokens, limits, host=host, port=port)
        return
    store.close()  # each process opens its own connections after the fork
    sock = _bind(host, port)
    stopped_by = run_children(processes, lambda: _serve_one(
        registry, _open_store(db_url), tokens, limits, sock=sock, after_reload=True))
    sock.close()
    if stopped_by == signal.SIGINT:
        raise KeyboardInterrupt
    if stopped_by == signal.SIGTERM:
        raise Terminated()
    fail(["Error: a server process ended on its own; the service stopped (see the log)."])


def _serve_one(registry: Any, store: Any, tokens: Any, limits: Any, *, host: str = "",
               port: int = 0, sock: socket.socket | None = None,
               after_reload: bool = False) -> None:
    """Run one uvicorn server (on ``sock`` when given) until it is stopped."""
    import uvicorn

    from offboard_policy.service.app import create_app
    from offboard_policy.service.processes import ask_parent_to_reload

    app = create_app(registry, store=store, tokens=tokens, limits=limits,
                     after_reload=ask_parent_to_reload if after_reload else None)
    _reload_on_sighup(registry)
    config = uvicorn.Config(app, host=host or "127.0.0.1", port=port, log_level="info",
                            access_log=True, timeout_keep_alive=5,
                            timeout_graceful_shutdown=10, server_header=False,
                            proxy_headers=False)
    try:
        uvicorn.Server(config).run(sockets=[sock] if sock is not None else None)
    finally:
        store.close()


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket the server processes share (exit 2 if the port is taken)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host.strip("[]"), port), family=family, backlog=2048)
    except OSError as exc:
        fail([f"Error: cannot listen on {host}:{port}: {exc.strerror or exc}"])
    # Wrapped again so that ``proto`` reads IPPROTO_TCP (create_server leaves 0): asyncio sets
    # TCP_NODELAY only on accepted sockets whose proto is TCP, and without it every response
    # waited about 40 ms for the client's delayed ACK (benchmarks/service_load.py).
    sock = socket.socket(fileno=sock.detach())
    sock.set_inheritable(True)
    return sock


def _log_to_stderr() -> None:
    """The service's own log lines (reloads, internal errors) beside uvicorn's."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-9s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _open_store(db_url: str | None) -> Any:
    """The decision log at ``db_url`` (or the default), migrated; exit 2 if unusable."""
    from offboard_policy.decisions.store import StoreError, open_store

    try:
        return open_store(db_url)
    except StoreError as exc:
        fail([f"Error: decision log: {exc}"])


def _reload_on_sighup(registry: Any) -> None:
    """SIGHUP reloads the policies on a thread (the event loop goes on serving)."""

    def reload() -> None:
        try:
            fresh = registry.reload()
        except Exception as exc:
            log.error("reload failed, the policies loaded before stay in force: %s",
                      str(exc).replace("\n", "; "))
            return
        log.info("reloaded %d policies (generation %d)", len(fresh.entries), fresh.generation)

    def handler(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=reload, name="offboard-reload", daemon=True).start()

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, handler)
