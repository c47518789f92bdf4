"""Helpers for the security suite: a throwaway rule project, a case, and the CLI run safely.

A project is ``<tmp>/policies/p.yaml`` including ``<tmp>/rules/m.yaml`` (and optionally a
parameter table ``<tmp>/rules/params.yaml``), so a hostile rule module goes through the real
loader, schema validation and compiler exactly as a pull request would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
MINI_POLICY = ROOT / "tests" / "data" / "mini" / "policies" / "mini.yaml"
BEIJING_POLICY = ROOT / "policies" / "cn-beijing.yaml"
FUZZ_EXAMPLES = int(os.environ.get("OFFBOARD_FUZZ_EXAMPLES", "0")) or None
"""Set ``OFFBOARD_FUZZ_EXAMPLES=20000`` for a long local fuzzing run (default: per-test)."""

PARAMS_YAML = """\
parameters:
  avg:
    type: money
    by: city
    values:
      beijing:
        - {from: 2008-01-01, value: 10000, source: test}
"""

POLICY_YAML = """\
policy: p
version: "1"
include: [../rules/m.yaml]
parameters: [../rules/params.yaml]
"""

CASE = {
    "case_id": "SEC-1",
    "jurisdiction": {"city": "beijing"},
    "employee": {
        "hire_date": "2020-01-01",
        "wages": {"monthly": [{"month": "2025-12", "gross": "10000.00"}]},
    },
    "termination": {
        "ground": "resignation",
        "initiated_by": "employee",
        "termination_date": "2026-01-31",
    },
}

MESSAGE = {"zh": "x", "en": "x"}


def check(assertion: str, **extra: Any) -> dict[str, Any]:
    """One check of a module, with ``assertion`` as its ``assert`` expression."""
    return {
        "id": extra.pop("id", "SEC-check"),
        "severity": "blocking",
        "assert": assertion,
        "message": extra.pop("message", MESSAGE),
        "citation": "test",
        **extra,
    }


def module(
    *,
    values: Mapping[str, str] | None = None,
    checks: Sequence[dict[str, Any]] = (),
    settlement: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """A rule module as data (written as JSON, which is YAML)."""
    out: dict[str, Any] = {"module": "sec", "kind": "internal"}
    if values:
        out["values"] = {k: {"formula": v} for k, v in values.items()}
    if checks:
        out["checks"] = list(checks)
    if settlement:
        out["settlement"] = list(settlement)
    return out


class Project:
    """A policy folder with one rule module and one parameter table, all replaceable."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "policies").mkdir(parents=True, exist_ok=True)
        (root / "rules").mkdir(exist_ok=True)
        self.policy = root / "policies" / "p.yaml"
        self.module_path = root / "rules" / "m.yaml"
        self.params_path = root / "rules" / "params.yaml"
        self.policy.write_text(POLICY_YAML, encoding="utf-8")
        self.params_path.write_text(PARAMS_YAML, encoding="utf-8")
        self.write_module(module(checks=[check("true")]))

    def write_module(self, data: dict[str, Any] | str | bytes) -> Path:
        """Replace the rule module (data as JSON, or text/bytes as given)."""
        if isinstance(data, bytes):
            self.module_path.write_bytes(data)
        elif isinstance(data, str):
            self.module_path.write_text(data, encoding="utf-8")
        else:
            self.module_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return self.module_path

    def case(self, data: dict[str, Any] | None = None, name: str = "case.json") -> Path:
        """Write a case file (JSON) beside the project and return its path."""
        path = self.root / name
        path.write_text(json.dumps(data or CASE), encoding="utf-8")
        return path


def cli(*args: object, env: Mapping[str, str | None] | None = None) -> Result:
    """Run ``offboard-policy ARGS`` in-process; never lets an exception pass as an exit."""
    from offboard_policy.cli import main

    base: dict[str, str | None] = {"OFFBOARD_POLICY_LANG": "en", "COLUMNS": "100"}
    result = CliRunner().invoke(main, [str(a) for a in args], env={**base, **(env or {})})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"the CLI raised {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    return result


def subprocess_cli(
    *args: object, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m offboard_policy.cli ARGS`` in a fresh interpreter."""
    full_env = {**os.environ, "OFFBOARD_POLICY_LANG": "en", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "offboard_policy.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
