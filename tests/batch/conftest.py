"""Fixtures for the batch tests (helpers are in ``batchkit``)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets a cache directory of its own (never the user's)."""
    monkeypatch.setenv("OFFBOARD_POLICY_CACHE", str(tmp_path_factory.mktemp("cache")))
