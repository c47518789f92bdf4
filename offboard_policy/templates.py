"""Message templates: the one parser of ``{expression}`` placeholders.

``{{`` and ``}}`` are literal braces; ``{ key }`` is the placeholder ``key``. The policy builder
finds the expressions and refuses stray braces with it; the engine fills the placeholders in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]+)\}")
"""A literal ``{{`` or ``}}``, or ``{expression}`` (group 1 holds the expression)."""


def placeholders(text: str) -> Iterator[re.Match[str]]:
    """Every ``{expression}`` of ``text`` in order (group 1 is the expression, with spaces)."""
    return (m for m in PLACEHOLDER.finditer(text) if m.group(1) is not None)


def stray_brace(text: str) -> int | None:
    """Index of a ``{`` or ``}`` that is neither doubled nor part of a placeholder, or None."""
    covered = [False] * len(text)
    for m in PLACEHOLDER.finditer(text):
        for i in range(m.start(), m.end()):
            covered[i] = True
    return next((i for i, ch in enumerate(text) if ch in "{}" and not covered[i]), None)


@lru_cache(maxsize=4096)
def split_template(text: str) -> tuple[tuple[str, str | None], ...]:
    """``text`` split once into (literal text, placeholder key or None) pairs.

    ``{{`` and ``}}`` are literal braces; ``{ key }`` is the placeholder ``key``.
    """
    parts: list[tuple[str, str | None]] = []
    literal, pos = "", 0
    for m in PLACEHOLDER.finditer(text):
        literal += text[pos:m.start()]
        pos = m.end()
        token = m.group(0)
        if token in ("{{", "}}"):
            literal += token[0]
        else:
            parts.append((literal, (m.group(1) or "").strip()))
            literal = ""
    parts.append((literal + text[pos:], None))
    return tuple(parts)
