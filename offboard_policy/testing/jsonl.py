"""Streaming generated cases as JSON Lines (one case per line, UTF-8, no float anywhere)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from .generator import iter_cases


def dump_jsonl(out: TextIO, seed: int, count: int) -> int:
    """Write ``count`` cases of stream ``seed`` to ``out``, one per line; return the count."""
    written = 0
    for case in iter_cases(seed, count):
        out.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        written += 1
    return written


def write_jsonl(path: str | Path, seed: int, count: int) -> int:
    """Write ``count`` cases of stream ``seed`` to the file ``path``; return the count."""
    with Path(path).open("w", encoding="utf-8", newline="\n") as out:
        return dump_jsonl(out, seed, count)
