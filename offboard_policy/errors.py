"""Diagnostics and the exception hierarchy shared by every stage.

A :class:`Diagnostic` is one problem with a position: a file, line and column for rule files
and YAML, and a field path (``employee.wages.monthly[3].gross``) for case data. Every error
that reaches a user is an :class:`OffboardError` carrying one or more diagnostics; the CLI
turns it into exit code 2 and never shows a traceback.

Every code, with its family, title and help, is listed once in :mod:`offboard_policy.codes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class SourcePos:
    """A 1-based position in a source file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in an input, with where it is and what is wrong."""

    message: str
    code: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    severity: Severity = "error"
    source_line: str | None = dataclass_field(default=None, compare=False)

    @property
    def location(self) -> str:
        """``path:line:column`` (as much of it as is known), or ``""``."""
        if self.file is None:
            return ""
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def format(self, *, with_source: bool = True) -> str:
        """Render as ``file:line:col: field: message [code]`` plus the source line and a caret."""
        parts = [p for p in (self.location, self.field) if p]
        head = ": ".join([*parts, f"{self.message} [{self.code}]"])
        if with_source and self.source_line is not None and self.column is not None:
            caret = " " * (self.column - 1) + "^"
            return f"{head}\n    {self.source_line.rstrip()}\n    {caret}"
        return head

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (lint, policy tests and batch error records all use this one)."""
        return {"code": self.code, "severity": self.severity, "file": self.file,
                "line": self.line, "column": self.column, "field": self.field,
                "message": self.message}

    def at(self, pos: SourcePos | None) -> Diagnostic:
        """Return a copy placed at ``pos`` (no-op when ``pos`` is None)."""
        if pos is None:
            return self
        return Diagnostic(
            message=self.message,
            code=self.code,
            file=pos.file,
            line=pos.line,
            column=pos.column,
            field=self.field,
            severity=self.severity,
            source_line=self.source_line,
        )


class OffboardError(Exception):
    """Base of every error this package raises on purpose."""

    def __init__(self, diagnostics: Diagnostic | Sequence[Diagnostic]) -> None:
        diags = [diagnostics] if isinstance(diagnostics, Diagnostic) else list(diagnostics)
        if not diags:
            raise ValueError("an OffboardError needs at least one diagnostic")
        self.diagnostics: list[Diagnostic] = diags
        super().__init__("\n".join(d.format(with_source=False) for d in diags))

    def format(self) -> str:
        """All diagnostics, one block each."""
        return "\n".join(d.format() for d in self.diagnostics)


class InputError(OffboardError):
    """A user-supplied file (case, rule module, policy, parameters) is unusable: exit code 2."""


class YamlError(InputError):
    """A file could not be read as safe, bounded YAML (OP1xx)."""


class CaseError(InputError):
    """A case does not follow the input contract (OP5xx)."""


class PolicyError(InputError):
    """A policy, rule module or parameter file is invalid (OP2xx-OP4xx, OP6xx)."""


class ExpressionError(PolicyError):
    """An expression in a rule file is refused (OP3xx) or does not type-check (OP4xx)."""
