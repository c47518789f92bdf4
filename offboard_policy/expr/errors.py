"""Load-time expression errors: error codes and the one ``fail`` helper that positions them."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from typing import NoReturn

from offboard_policy.errors import Diagnostic, ExpressionError, SourcePos

from .origin import Origin, ScalarOrigin

# Python's tokenizer ends lines at \r\n, \r or \n (not at the other str.splitlines breaks).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The same lines with their ends kept, as ast.get_source_segment splits them.
_KEEP_ENDS = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")

PREFIX = "("
"""parse.py wraps the text as ``(`` + text + ``\\n)`` so that expressions may span lines."""


class SourceMap:
    """An expression's text and where it sits in its file; turns node positions into diagnostics.

    ``wrapped`` is the text that was given to ``ast.parse`` (see :data:`PREFIX`); node offsets
    are UTF-8 byte columns into it, which :meth:`fail` converts to characters of the file.
    """

    def __init__(
        self,
        text: str,
        *,
        origin: Origin,
        display: str,
        file_lines: Sequence[str] | None = None,
    ) -> None:
        self.text = text
        self.origin = origin
        self.display = display
        self.file_lines = file_lines
        self.lines = _LINE_BREAK.split(text)
        self.wrapped = PREFIX + text + "\n)"
        self._byte_lines: list[bytes] | None = None  # wrapped, split as ast does (see segment)

    def fail(self, message: str, at: ast.AST | tuple[int, int] | None, code: str) -> NoReturn:
        """Raise an ExpressionError at ``at``: a node, ``(line, char column)`` 1-based, or None."""
        if at is None:
            line, col = 1, 1
        elif isinstance(at, tuple):
            line, col = at
        else:
            line, col = self.node_start(at)
        raise ExpressionError(self.diagnostic(message, code, line, col))

    def node_start(self, node: ast.AST) -> tuple[int, int]:
        """The 1-based (line, character column) of ``node`` within the expression text."""
        return self.from_wrapped(getattr(node, "lineno", 1), getattr(node, "col_offset", 0))

    def attr_start(self, node: ast.Attribute) -> tuple[int, int]:
        """Where the field name of ``a.b`` starts: it is always the node's last token."""
        end_line = node.end_lineno or node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        line, col = self.from_wrapped(end_line, end_col)
        return line, max(1, col - len(node.attr))

    def from_wrapped(self, lineno: int, byte_col: int) -> tuple[int, int]:
        """Convert an ``ast`` position in the wrapped text to (line, column) in the expression."""
        if lineno > len(self.lines):  # the closing ")" we added: point just past the text
            return len(self.lines), len(self.lines[-1]) + 1
        text = self.lines[lineno - 1]
        if lineno == 1:
            text = PREFIX + text
        col = len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))
        if lineno == 1:
            col -= len(PREFIX)
        return lineno, max(col, 0) + 1

    def segment(self, node: ast.AST) -> str:
        """The source text of ``node`` (for messages and missing-data names).

        Like ``ast.get_source_segment``, but the text is split into lines once per expression
        rather than once per call: the checker and compiler ask for every literal and call, and
        re-splitting a 2,000-character expression each time made loading quadratic.
        """
        try:
            first, last = node.lineno - 1, node.end_lineno  # type: ignore[attr-defined]
            start, end = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
        except AttributeError:
            return self.text
        if last is None or end is None:
            return self.text
        lines = self._byte_lines
        if lines is None:
            lines = self._byte_lines = [
                line.encode("utf-8") for line in _KEEP_ENDS.findall(self.wrapped)
            ]
        last -= 1
        if first == last:
            text = lines[first][start:end]
        else:
            text = b"".join([lines[first][start:], *lines[first + 1 : last], lines[last][:end]])
        return text.decode("utf-8", errors="replace") or self.text

    def diagnostic(self, message: str, code: str, line: int, col: int) -> Diagnostic:
        """A diagnostic at expression (line, col), mapped to the file through the origin."""
        pos, pad = self._file_position(line, col)
        source_line: str | None = None
        if self.file_lines is not None and 0 < pos.line <= len(self.file_lines):
            source_line = self.file_lines[pos.line - 1]
        elif 0 < line <= len(self.lines):
            # Without the file's text, show the expression line shifted to its file column so
            # that the caret printed by Diagnostic.format still lands under the right character.
            source_line = " " * pad + self.lines[line - 1]
        return Diagnostic(
            message,
            code,
            file=pos.file,
            line=pos.line,
            column=pos.column,
            source_line=source_line,
        )

    def _file_position(self, line: int, col: int) -> tuple[SourcePos, int]:
        """File position of expression (line, col) and the column where that line starts - 1."""
        origin = self.origin
        if origin is None:
            return SourcePos(self.display, line, col), 0
        base = origin.pos if isinstance(origin, ScalarOrigin) else origin
        if isinstance(origin, ScalarOrigin) and origin.block:
            # Block scalars keep their lines; each starts at the block's indentation column.
            start = origin.indent
        elif line == 1:
            start = base.column
        else:
            # A flow scalar's later lines: YAML folded them, so columns are only approximate.
            start = 1
        return SourcePos(self.display, base.line + line - 1, start + col - 1), start - 1
