"""The README's service examples run as written: the curl calls against a server started
by the test (its port in place of 8080), the backup command, the token file example."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.service.auth import parse_tokens
from tests.service.support import ROOT

SECTION = "## The HR service"


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    return text[start:text.index("\n## ", start + 1)]


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", section(), flags=re.S)


def test_the_serve_command_is_one_line() -> None:
    first = blocks("sh")[0].strip()
    assert first == "offboard-policy serve --policy policies/cn-beijing.yaml"


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_examples_run(serve_process: Any, tmp_path: Path) -> None:
    server = serve_process(["-p", str(ROOT / "policies" / "cn-beijing.yaml")])
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures", work / "fixtures")
    script = blocks("sh")[1].replace("127.0.0.1:8080", f"127.0.0.1:{server.port}")
    assert script.count("curl -s") == 4
    outputs = []
    for command in re.split(r"(?<!\\)\n", script.strip()):
        proc = subprocess.run(["bash", "-o", "pipefail", "-c", command + " -f"
                               if command.startswith("curl") else command],
                              cwd=work, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
        assert proc.returncode == 0, f"{command}\n{proc.stderr}"
        outputs.append(proc.stdout)
    assert '"verdict": "blocked"' in outputs[0]
    assert '"cn-beijing"' in outputs[1]
    assert '"OFB-2026-0142"' in outputs[2]
    assert len(outputs[4].splitlines()) == 20


def test_the_backup_command_copies_a_live_log(tmp_path: Path, sqlite_url: str) -> None:
    from offboard_policy.decisions.store import open_store

    home = tmp_path / "home"
    live = home / ".local" / "share" / "offboard-policy" / "decisions.sqlite3"
    store = open_store(f"sqlite:///{live}")
    try:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO decisions VALUES ('x', 't', 'w', 'cli', 'C', NULL, '{}', 'p', 'v', "
                "'d', 'f', 'e', '2026-01-01', 'en', 'ready', NULL, '0.00', '{}')")
        command = next(b for b in blocks("sh") if "backup" in b)
        proc = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60, env={**os.environ, "HOME": str(home)},
                              check=False)
        assert proc.returncode == 0, proc.stderr
    finally:
        store.close()
    with sqlite3.connect(tmp_path / "decisions-backup.sqlite3") as conn:
        assert conn.execute("SELECT id FROM decisions").fetchall() == [("x",)]


def test_the_token_file_example_parses() -> None:
    table = parse_tokens(blocks("text")[0].splitlines(), "README.md")
    assert sorted(p.name for _, p in table.entries) == ["Li Na", "Zhang Min"]
