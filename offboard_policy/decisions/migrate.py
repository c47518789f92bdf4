"""Apply the numbered SQL files of :mod:`.migrations` to a database, once each, in order.

The version table ``offboard_policy_schema`` holds one row per applied file. Migrating runs in
one transaction under a lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL),
so two servers starting together do not both apply a file. A database whose version is newer
than the newest file of this code is refused: this version would not know its columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

from sqlalchemy import Connection, Engine, inspect, text

VERSION_TABLE = "offboard_policy_schema"
_FILE = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")
_ADVISORY_KEY = 0x0FFB0A2D  # any fixed number: the lock is per database


class SchemaTooNew(Exception):
    """The database was migrated by a newer offboard-policy."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        body = "\n".join(line for line in self.sql.splitlines()
                         if not line.lstrip().startswith("--"))
        return [s.strip() for s in re.split(r";\s*$", body, flags=re.M) if s.strip()]


def migrations() -> list[Migration]:
    """The migration files shipped with the package, by version."""
    found: list[Migration] = []
    for item in resources.files("offboard_policy.decisions.migrations").iterdir():
        match = _FILE.fullmatch(item.name)
        if match:
            found.append(Migration(int(match[1]), match[2], item.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    return found


def latest_version() -> int:
    return migrations()[-1].version


def current_version(conn: Connection) -> int:
    """The database's schema version (0 for an empty database)."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return 0
    value = conn.execute(text(f"SELECT MAX(version) FROM {VERSION_TABLE}")).scalar()
    return int(value or 0)


def migrate(engine: Engine) -> int:
    """Bring the database to the newest version; returns it. Raises :class:`SchemaTooNew`."""
    known = migrations()
    newest = known[-1].version
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn = conn.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_KEY})
            version = current_version(conn)
            if version > newest:
                raise SchemaTooNew(
                    f"the database has schema version {version}, newer than this "
                    f"offboard-policy knows (up to {newest}); upgrade offboard-policy, or "
                    "point --db at another database")
            if version == 0:
                conn.execute(text(
                    f"CREATE TABLE {VERSION_TABLE} (version INTEGER PRIMARY KEY, "
                    "name TEXT NOT NULL, applied_at VARCHAR(40) NOT NULL)"))
            for migration in known:
                if migration.version <= version:
                    continue
                for statement in migration.statements():
                    conn.execute(text(statement))
                conn.execute(
                    text(f"INSERT INTO {VERSION_TABLE} (version, name, applied_at) "
                         "VALUES (:v, :n, :t)"),
                    {"v": migration.version, "n": migration.name,
                     "t": datetime.now(UTC).isoformat(timespec="seconds")})
    return newest
