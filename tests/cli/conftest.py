"""Fixtures for the CLI tests: the fake library installed in place of the real one."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from fakelib import FakeLibrary


@pytest.fixture
def fake_library(monkeypatch: pytest.MonkeyPatch) -> FakeLibrary:
    """Install the fake as ``offboard_policy.policy``, ``.case`` and
    ``.engine``."""
    lib = FakeLibrary()
    for name, attr in (("policy", "load_policy"), ("case", "load_case"), ("engine", "evaluate")):
        module = types.ModuleType(f"offboard_policy.{name}")
        setattr(module, attr, getattr(lib, attr))
        monkeypatch.setitem(sys.modules, f"offboard_policy.{name}", module)
    return lib


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Case and policy files for the fake: ready, blocked, invalid, unreadable, policy."""
    out = {}
    for name in ("ready", "blocked", "invalid", "unreadable"):
        out[name] = tmp_path / f"{name}.yaml"
        out[name].write_text(f"{name}\n", encoding="utf-8")
    out["policy"] = tmp_path / "policy.yaml"
    out["policy"].write_text("policy: fake\n", encoding="utf-8")
    out["bad_policy"] = tmp_path / "bad-policy.yaml"
    out["bad_policy"].write_text("invalid\n", encoding="utf-8")
    return out
