"""The rule book of a policy for a legal reviewer, as Markdown or static HTML.

    >>> from offboard_policy.rulebook import render_rule_book            # doctest: +SKIP
    >>> html = render_rule_book(load_policy("policies/cn-beijing.yaml"), "html", "en")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..report.model import Lang
from .blocks import to_html, to_markdown
from .build import LAW, rule_book

DOC_FORMATS = ("markdown", "html")
SUFFIXES = {"markdown": ".md", "html": ".html"}


def render_rule_book(policy: Any, fmt: str, lang: Lang = "en", *, law: str = LAW) -> str:
    """The rule book of ``policy`` in ``fmt`` (markdown or html); ``law`` is the relative
    path from where the page will live to ``docs/law``."""
    doc = rule_book(policy, lang, law=law)
    return to_html(doc) if fmt == "html" else to_markdown(doc)


def file_name(policy: Any, fmt: str, lang: Lang) -> str:
    """``cn-beijing.md`` (English), ``cn-beijing.zh.html`` (Chinese)..."""
    return f"{policy.info.id}{'.zh' if lang == 'zh' else ''}{SUFFIXES[fmt]}"


def law_path(policy: Any, folder: Path) -> str:
    """The path from ``folder`` to the ``docs/law`` folder of the policy's project."""
    files = policy.definition.files
    root = Path(files[0]).resolve().parent.parent if files else Path.cwd()
    return Path(os.path.relpath(root / "docs" / "law", folder.resolve())).as_posix()


__all__ = ["DOC_FORMATS", "file_name", "law_path", "render_rule_book", "rule_book"]
