"""The policies a server checks against: compiled once, swapped whole on reload.

A :class:`PolicySet` is immutable; the :class:`PolicyRegistry` holds the current one in a
single attribute, so a request that reads ``registry.current`` once sees one consistent set
(the old one or the new one, never a mix). :meth:`PolicyRegistry.reload` compiles every file
again and installs the new set only if all of them compile; otherwise the old set stays and
the error says why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from offboard_policy import codes
from offboard_policy.errors import Diagnostic, PolicyError

Loader = Callable[[Path], Any]
"""Reads and compiles one policy file (a ``CompiledPolicy``); raises ``InputError``."""

OP_DUPLICATE_POLICY = codes.DUPLICATE_POLICY


@dataclass(frozen=True)
class PolicyEntry:
    """One compiled policy and the file it came from."""

    id: str
    path: Path
    policy: Any


@dataclass(frozen=True)
class PolicySet:
    """The policies in force, by id, and when they were loaded."""

    entries: Mapping[str, PolicyEntry]
    loaded_at: datetime
    generation: int

    def get(self, policy_id: str) -> PolicyEntry | None:
        return self.entries.get(policy_id)

    @property
    def ids(self) -> list[str]:
        return sorted(self.entries)


def compile_set(paths: Sequence[Path], loader: Loader, generation: int) -> PolicySet:
    """Compile every policy file; raises ``InputError`` for the first that fails, or for two
    files that declare the same policy id."""
    entries: dict[str, PolicyEntry] = {}
    for path in paths:
        policy = loader(path)
        policy_id = str(policy.info.id)
        if policy_id in entries:
            raise PolicyError(Diagnostic(
                f"policy id '{policy_id}' is declared by both {entries[policy_id].path} and "
                f"{path}; a server needs one file per id", OP_DUPLICATE_POLICY, str(path)))
        entries[policy_id] = PolicyEntry(policy_id, path, policy)
    return PolicySet(entries, datetime.now(UTC), generation)


class PolicyRegistry:
    """The current :class:`PolicySet` of a server, reloadable from the same files."""

    def __init__(self, paths: Sequence[Path], loader: Loader) -> None:
        self.paths = tuple(paths)
        self._loader = loader
        self._lock = threading.Lock()
        self.current: PolicySet = compile_set(self.paths, loader, 1)
        self.last_error: str | None = None

    def reload(self) -> PolicySet:
        """Compile the files again and install the new set; on failure keep the old set,
        remember the reason in :attr:`last_error` and raise the ``InputError``."""
        with self._lock:
            try:
                fresh = compile_set(self.paths, self._loader, self.current.generation + 1)
            except Exception as exc:
                self.last_error = str(exc)
                raise
            self.current = fresh
            self.last_error = None
            return fresh
