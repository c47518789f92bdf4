"""Lint output: diagnostics as text, JSON, SARIF or GitHub annotations, behind one lookup."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from ..errors import Diagnostic
from ..render.github import render_github
from ..render.sarif import render_sarif

LINT_FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github")
"""The ``--format`` choices of ``lint``, in help order."""


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """``2 errors, 1 warning in 5 files`` (or ``no problems in 5 files``)."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    where = f"in {files} file{'s' if files != 1 else ''}"
    if not diagnostics:
        return f"no problems {where}"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{', '.join(parts)} {where}"


def render_text(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """``path:line:col: severity: field: message [CODE]`` with the source line, then a summary."""
    out = []
    for d in diagnostics:
        head, *rest = d.format().split("\n")
        where = f"{d.location}: " if d.location else ""
        body = head[len(d.location) + 2:] if d.location else head
        out.append(f"{where}{d.severity}: {body}")
        out.extend(rest)
    out.append(summary(diagnostics, files))
    return "\n".join(out) + "\n"


def render_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """``{"files": n, "errors": n, "warnings": n, "problems": [...]}``."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    doc = {"files": files, "errors": errors, "warnings": len(diagnostics) - errors,
           "problems": [d.to_dict() for d in diagnostics]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


_RENDERERS: dict[str, Callable[[Sequence[Diagnostic], int], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": lambda diags, _files: render_sarif(diags),
    "github": lambda diags, _files: render_github(diags),
}
assert tuple(_RENDERERS) == LINT_FORMATS


def render_lint(diagnostics: Sequence[Diagnostic], files: int, fmt: str) -> str:
    """Render in ``fmt``; an unknown format raises ValueError."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown lint format {fmt!r}; expected one of: "
                         f"{', '.join(LINT_FORMATS)}") from None
    return renderer(diagnostics, files)
