"""Render diagnostics as GitHub Actions workflow commands (``::error file=…,line=…::…``).

Printed to stdout inside a workflow step, each line becomes an annotation on the pull
request's diff. Property values escape ``%``, CR, LF, ``:`` and ``,``; the message escapes
``%``, CR and LF (the runner's own rules), so multi-line messages survive.
"""

from __future__ import annotations

from collections.abc import Sequence

from offboard_policy.errors import Diagnostic

_LEVELS = {"error": "error", "warning": "warning", "notice": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    title: str | None = None,
) -> str:
    """One workflow command line; ``level`` is error, warning or notice."""
    if level not in _LEVELS:
        raise ValueError(f"unknown annotation level {level!r}")
    props: list[str] = []
    if file is not None:
        props.append(f"file={escape_property(file)}")
        if line is not None:
            props.append(f"line={line}")
            if column is not None:
                props.append(f"col={column}")
    if title is not None:
        props.append(f"title={escape_property(title)}")
    head = f"::{level}" + (" " + ",".join(props) if props else "")
    return f"{head}::{escape_data(message)}"


def render_github(diagnostics: Sequence[Diagnostic]) -> str:
    """One annotation per diagnostic, titled with its code; ends with a newline if non-empty."""
    lines = [
        annotation(
            d.severity,
            f"{d.field}: {d.message}" if d.field else d.message,
            file=d.file,
            line=d.line,
            column=d.column,
            title=d.code,
        )
        for d in diagnostics
    ]
    return "".join(line + "\n" for line in lines)
