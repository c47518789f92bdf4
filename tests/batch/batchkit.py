"""Helpers for the batch tests: generated cases written as JSONL and CSV, paths."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from offboard_policy.batch.columns import flatten_case
from offboard_policy.testing import iter_cases

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policies" / "cn-beijing.yaml"
FIXTURES = ROOT / "fixtures" / "cases"
READY = ("beijing-no-fault-ready.yaml", "resignation-ready.yaml")


def generated(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` generated cases of stream ``seed``."""
    return list(iter_cases(seed, count))


def write_jsonl(path: Path, cases: list[dict[str, Any]], extra: dict[int, str] | None = None
                ) -> Path:
    """Cases one per line; ``extra`` inserts raw lines at 0-based positions."""
    lines = [json.dumps(c, ensure_ascii=False) for c in cases]
    for index, text in sorted((extra or {}).items()):
        lines.insert(index, text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, cases: list[dict[str, Any]]) -> Path:
    """Cases as CSV rows under the column mapping (header: the union of their columns)."""
    rows = [flatten_case(c) for c in cases]
    header: dict[str, None] = {}
    for row in rows:
        header.update(dict.fromkeys(row))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(name, "") for name in header])
    return path
