"""Rule files that cite by abbreviation (LCL Art. 47, SPC1, C481) or name an open question (Q5)
point the reader to where those are resolved: docs/law/glossary.md and open-questions.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHORTHAND = re.compile(r"\b[A-Z][A-Z0-9]{1,6} Art\.|\bQ(?:1[0-7]|[1-9])\b")
RULE_FILES = sorted((ROOT / "rules").rglob("*.yaml"))


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_shorthand_is_resolved_by_a_link_to_the_glossary(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if SHORTHAND.search(text):
        assert "docs/law/glossary.md" in text and "docs/law/open-questions.md" in text
