"""Make the repository root importable, so that the tests here can import ``benchmarks``."""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

ROOT = Path(_ROOT)
"""The repository root."""
