"""A throwaway PostgreSQL server for the tests: Debian's ``initdb`` + ``pg_ctl`` into a temp
directory, listening on 127.0.0.1 on a free port, trust authentication, stopped at the end.

The binaries are found on PATH (``pg_ctl``, following a symlink to its real directory) or in
``/usr/lib/postgresql/<version>/bin`` (the newest). ``initdb`` refuses to run as root, so as
root the server runs as the ``postgres`` user that the Debian package creates.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DEBIAN_ROOT = Path("/usr/lib/postgresql")


def find_bin_dir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres, or None."""
    found = shutil.which("pg_ctl")
    if found:
        real = Path(found).resolve().parent
        if (real / "initdb").exists() and (real / "postgres").exists():
            return real
    if DEBIAN_ROOT.is_dir():
        versions = sorted((p for p in DEBIAN_ROOT.iterdir() if (p / "bin" / "pg_ctl").exists()),
                          key=lambda p: int(p.name) if p.name.isdigit() else 0)
        if versions:
            return versions[-1] / "bin"
    return None


@dataclass
class PgServer:
    bin_dir: Path
    data: Path
    port: int
    user: str | None
    """The unprivileged user the server runs as when the tests run as root."""

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, args: Sequence[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run([*prefix, *args], capture_output=True, text=True,
                              timeout=timeout, check=False)

    def start(self) -> None:
        init = self._run([str(self.bin_dir / "initdb"), "-D", str(self.data / "db"),
                          "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"])
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr or init.stdout}")
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data} -c fsync=off"
        started = self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data / "db"), "-w",
                             "-t", "60", "-o", options, "-l", str(self.data / "log"), "start"])
        if started.returncode != 0:
            log = (self.data / "log").read_text(errors="replace") if (
                self.data / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {started.stderr}{log}")

    def stop(self) -> None:
        self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data / "db"), "-m",
                   "immediate", "-w", "stop"], timeout=60)
        shutil.rmtree(self.data, ignore_errors=True)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_pg(port: int) -> PgServer:
    """Start a server; raises RuntimeError if it cannot (the binaries are missing...)."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL binaries (initdb, pg_ctl) not found")
    user = None
    data = Path(tempfile.mkdtemp(prefix="offboard-pg-"))
    if os.geteuid() == 0:
        user = "postgres"
        entry = pwd.getpwnam(user)
        os.chown(data, entry.pw_uid, entry.pw_gid)
    server = PgServer(bin_dir, data, port, user)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            server.create_database("probe")
            break
        except Exception:
            time.sleep(0.2)
    return server
