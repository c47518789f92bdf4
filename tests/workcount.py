"""Counting work instead of timing it: a test asserts how much a reader did, never how long."""

from __future__ import annotations

from typing import Any

import pytest

from offboard_policy.yamlio import compose


class EventCounter:
    """Counts the events the YAML composer takes from the real parser: its work on a document.

    Installed for one test with ``monkeypatch``; the parser is PyYAML's own, only counted.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events = 0
        counter = self
        real = compose._Parser  # type: ignore[attr-defined]

        class Counting(real):  # type: ignore[misc, valid-type]
            def get_event(self) -> Any:
                counter.events += 1
                return super().get_event()

        monkeypatch.setattr(compose, "_Parser", Counting)
