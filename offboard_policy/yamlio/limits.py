"""Resource limits and error codes of the YAML reader, in one place for an audit."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class YamlLimits:
    """Bounds that keep a crafted file from exhausting time or memory.

    Every limit is checked before the work it bounds grows past it: the size before reading,
    depth and node counts while the event stream is read (no recursion anywhere), alias
    expansion while aliases are resolved (aliases share objects, so it is counted, not copied).
    """

    max_bytes: int = 10 * MIB
    """Largest file accepted, in bytes (UTF-8); a case file is a few KiB, a rule module tens."""

    max_depth: int = 64
    """Deepest nesting of mappings and sequences; real files nest fewer than ten levels."""

    max_nodes: int = 100_000
    """Most nodes (scalars, collections, aliases) written in the file. The largest bundled file
    has a few hundred; 100,000 parse in about a quarter of a second (reading costs time per
    node, not per byte: ten megabytes of comments or long scalars read in a tenth of that)."""

    max_alias_expansion: int = 100_000
    """Most nodes reachable through aliases, counted with repetition (billion-laughs guard)."""

    max_scalar_len: int = MIB
    """Longest single scalar, in characters."""


MAX_SHOWN_LINE = 1000
"""Longest source line a diagnostic quotes under its message (longer lines: no caret)."""

DEFAULT_LIMITS = YamlLimits()
"""The limits used unless a caller passes others."""

