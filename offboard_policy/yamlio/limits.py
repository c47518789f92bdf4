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

# Error codes (OP1xx: reading files). Stable: documented for users.
OP_READ = "OP100"  # the file cannot be opened or read
OP_SYNTAX = "OP101"  # YAML syntax error (PyYAML's own message and position)
OP_ENCODING = "OP102"  # not UTF-8, or a character YAML does not allow
OP_SIZE = "OP103"  # file or scalar larger than the limit
OP_DUPLICATE_KEY = "OP104"  # a key written twice in one mapping
OP_TAG = "OP105"  # an explicit tag (!!python/object, !foo, even !!str)
OP_DEPTH = "OP106"  # nesting deeper than the limit
OP_NODES = "OP107"  # more nodes than the limit
OP_ALIAS_EXPANSION = "OP108"  # aliases expand to more nodes than the limit
OP_KEY = "OP109"  # a mapping key that is not a scalar, or a bad merge key (<<)
OP_VALUE = "OP110"  # a scalar that cannot be a value: .inf, .nan, a time of day, 2026-02-30
OP_DOCUMENTS = "OP111"  # more than one YAML document in a file
OP_ANCHOR = "OP112"  # undefined alias, anchor defined twice, alias to an enclosing node
