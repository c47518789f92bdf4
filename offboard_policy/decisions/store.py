"""The decision log's database: SQLite (embedded, the default) or PostgreSQL.

One library for both: SQLAlchemy Core (the psycopg 3 driver for PostgreSQL). A decision is
inserted in a transaction that commits before the caller is answered. SQLite runs in WAL mode
with ``synchronous=FULL`` (a commit is on disk before it returns) and a busy timeout, so
several threads and processes may write to one file.

    >>> store = open_store("sqlite:///decisions.sqlite3")   # doctest: +SKIP
    >>> store.record([decision]); store.get(decision.id)      # doctest: +SKIP
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from .migrate import SchemaTooNew, migrate
from .model import Decision

DB_ENV = "OFFBOARD_POLICY_DB"
BUSY_TIMEOUT_MS = 30_000

metadata = MetaData()
decisions = Table(
    "decisions", metadata,
    Column("id", String(32), primary_key=True),
    Column("recorded_at", String(40), nullable=False),
    Column("who", Text, nullable=False),
    Column("source", String(20), nullable=False),
    Column("case_id", Text, nullable=False),
    Column("case_digest", Text),
    Column("case_json", Text, nullable=False),
    Column("policy_id", Text, nullable=False),
    Column("policy_version", Text, nullable=False),
    Column("policy_digest", Text, nullable=False),
    Column("policy_path", Text, nullable=False),
    Column("engine_version", Text, nullable=False),
    Column("as_of", String(10), nullable=False),
    Column("lang", String(2), nullable=False),
    Column("verdict", String(10), nullable=False),
    Column("total_required", Text),
    Column("total_proposed", Text, nullable=False),
    Column("report_json", Text, nullable=False),
)
"""Mirrors ``migrations/0001_decisions.sql`` (a test checks they agree)."""

_FIELDS = [c.name for c in decisions.columns]


class StoreError(Exception):
    """The decision log cannot be opened or used (one line, no password in it)."""


def default_db_url(environ: Mapping[str, str] | None = None) -> str:
    """``$OFFBOARD_POLICY_DB``, else a SQLite file ``decisions.sqlite3`` in
    ``$XDG_DATA_HOME/offboard-policy`` (``~/.local/share/offboard-policy``)."""
    env = os.environ if environ is None else environ
    if env.get(DB_ENV):
        return env[DB_ENV]
    base = env.get("XDG_DATA_HOME") or os.path.join("~", ".local", "share")
    path = Path(base).expanduser() / "offboard-policy" / "decisions.sqlite3"
    return f"sqlite:///{path}"


class _Ticket:
    """Decisions waiting for a commit, and how it went."""

    __slots__ = ("done", "error", "items")

    def __init__(self, items: Sequence[Decision]) -> None:
        self.items = items
        self.done = False
        self.error: BaseException | None = None


class DecisionStore:
    """Append and read decisions.

    :meth:`record` commits group-wise: threads that record at the same time share one
    transaction (one disk flush), the first of them writing for all while the others wait;
    each call still returns only once its decisions are committed, and raises if that
    commit failed.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.display_url = engine.url.render_as_string(hide_password=True)
        self._turn = threading.Condition()
        self._queue: list[_Ticket] = []
        self._writing = False

    def record(self, items: Sequence[Decision]) -> None:
        """Insert ``items``; committed (with any recorded at the same time) on return."""
        if not items:
            return
        ticket = _Ticket(items)
        with self._turn:
            self._queue.append(ticket)
            while not ticket.done:
                if self._writing:
                    self._turn.wait()
                    continue
                self._writing = True
                batch, self._queue = self._queue, []
                self._turn.release()
                error: BaseException | None = None
                try:
                    self._insert([d for t in batch for d in t.items])
                except BaseException as exc:  # handed to every waiter of this batch
                    error = exc
                finally:
                    self._turn.acquire()
                    self._writing = False
                    for waiting in batch:
                        waiting.done, waiting.error = True, error
                    self._turn.notify_all()
        if ticket.error is not None:
            raise ticket.error

    def _insert(self, items: Sequence[Decision]) -> None:
        rows = [{name: getattr(d, name) for name in _FIELDS} for d in items]
        with self.engine.begin() as conn:
            conn.execute(insert(decisions), rows)

    def get(self, decision_id: str) -> Decision | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(decisions).where(decisions.c.id == decision_id)).first()
        return None if row is None else Decision(**row._asdict())

    def find(self, prefix: str) -> list[Decision]:
        """Decisions whose id starts with ``prefix`` (at most 2: enough to tell ambiguity)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = (select(decisions).where(decisions.c.id.like(escaped + "%", escape="\\"))
                 .order_by(decisions.c.id).limit(2))
        with self.engine.connect() as conn:
            return [Decision(**row._asdict()) for row in conn.execute(query)]

    def list(self, *, case_id: str | None = None, since: date | None = None,
             who: str | None = None, limit: int | None = 100) -> list[Decision]:
        """Decisions, newest first, filtered by case id, day recorded (UTC) and who."""
        query = select(decisions)
        if case_id is not None:
            query = query.where(decisions.c.case_id == case_id)
        if since is not None:
            query = query.where(decisions.c.recorded_at >= since.isoformat())
        if who is not None:
            query = query.where(decisions.c.who == who)
        query = query.order_by(decisions.c.recorded_at.desc(), decisions.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [Decision(**row._asdict()) for row in conn.execute(query)]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM decisions")).scalar() or 0)

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> DecisionStore:
    """Open (creating and migrating as needed) the decision log at ``url`` or the default.

    Raises :class:`StoreError` for an unusable URL, an unreachable server, a file that is not
    a database, or a schema newer than this code.
    """
    raw = url or default_db_url()
    try:
        engine = _engine(raw)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"not a database URL: {_safe(raw)!r} ({exc}); use "
                         "sqlite:///PATH or postgresql://USER@HOST:PORT/DB") from None
    shown = engine.url.render_as_string(hide_password=True)
    try:
        migrate(engine)
    except SchemaTooNew as exc:
        engine.dispose()
        raise StoreError(f"{shown}: {exc}") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(f"{shown}: cannot open the decision log: {reason}") from None
    return DecisionStore(engine)


def _safe(raw: str) -> str:
    try:
        return make_url(raw).render_as_string(hide_password=True)
    except Exception:
        return "(unparsable)"


def _engine(raw: str) -> Engine:
    parsed = make_url(raw)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed.database)
    if backend in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True, pool_size=8, max_overflow=8)
    raise ValueError(f"unsupported database '{backend}'")


def _sqlite_engine(database: str | None) -> Engine:
    if not database or database == ":memory:":
        raise ValueError("SQLite needs a file path: sqlite:///PATH")
    path = Path(database).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}",
                           connect_args={"check_same_thread": False,
                                         "timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine
