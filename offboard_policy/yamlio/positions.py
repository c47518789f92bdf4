"""Where each node of a loaded YAML document was written: path tuples to source positions."""

from __future__ import annotations

from collections.abc import Sequence

from offboard_policy.errors import SourcePos
from offboard_policy.paths import ScalarOrigin

from .limits import MAX_SHOWN_LINE

Path = tuple[str | int, ...]
"""A node's address: mapping keys and sequence indexes from the root, e.g.
``("steps", "assets", 1, "returned_on")``."""

# Node styles as recorded: None plain scalar, "'" '"' quoted, "|" ">" block, "[" "{" collections
# (flow or block), "*" an alias.
_COLLECTION_STYLES = frozenset(("[", "{", "*"))


class PositionMap:
    """Source positions of the nodes and mapping keys of one document.

    Positions are stored as 0-based ``(line, column)`` pairs while loading and turned into
    1-based :class:`SourcePos` only when asked for. Nodes reached through an alias have no
    entry of their own: :meth:`nearest` then answers with the alias.
    """

    __slots__ = ("_display", "_keys", "_lines", "_nodes")

    def __init__(self, display: str, lines: Sequence[str]) -> None:
        self._display = display
        self._lines = lines
        self._nodes: dict[Path, tuple[int, int, str | None]] = {}
        self._keys: dict[Path, tuple[int, int]] = {}

    def _add(self, path: Path, line: int, column: int, style: str | None) -> None:
        """Record a node (loader use only)."""
        self._nodes[path] = (line, column, style)

    def _add_key(self, path: Path, line: int, column: int) -> None:
        """Record the key of the mapping entry at ``path`` (loader use only)."""
        self._keys[path] = (line, column)

    def __contains__(self, path: object) -> bool:
        return path in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    @property
    def display(self) -> str:
        """The file name used in positions."""
        return self._display

    def source_line(self, line: int) -> str | None:
        """The text of 1-based ``line`` for a caret under a diagnostic (None if too long)."""
        if 0 < line <= len(self._lines) and len(self._lines[line - 1]) <= MAX_SHOWN_LINE:
            return self._lines[line - 1]
        return None

    def _pos(self, line: int, column: int) -> SourcePos:
        return SourcePos(self._display, line + 1, column + 1)

    def get(self, path: Path) -> SourcePos | None:
        """The start of the node at ``path`` (for a value: the value, not its key)."""
        entry = self._nodes.get(path)
        return None if entry is None else self._pos(entry[0], entry[1])

    def key(self, path: Path) -> SourcePos | None:
        """The start of the mapping key whose value is at ``path`` (None for list items)."""
        entry = self._keys.get(path)
        return None if entry is None else self._pos(entry[0], entry[1])

    def nearest(self, path: Path) -> SourcePos:
        """The node at ``path`` or, failing that, at its longest recorded prefix.

        The document start (1:1) when nothing is recorded, e.g. for an empty file.
        """
        nodes = self._nodes
        for end in range(len(path), -1, -1):
            entry = nodes.get(path[:end])
            if entry is not None:
                return self._pos(entry[0], entry[1])
        return SourcePos(self._display, 1, 1)

    def content(self, path: Path) -> ScalarOrigin | None:
        """Where the text of the string scalar at ``path`` starts, or None if it is no scalar.

        Plain: the scalar's first character. Quoted: one column after the quote. Block
        (``|`` or ``>``): the line after the header, ``indent`` = 1-based column of the content
        lines (for ``|`` lines of the value map 1:1 onto file lines from ``pos.line``; ``>``
        folds lines, so only the first line maps exactly).
        """
        entry = self._nodes.get(path)
        if entry is None or entry[2] in _COLLECTION_STYLES:
            return None
        line, column, style = entry
        line, column = _skip_properties(self._lines, line, column)
        if style is None:
            return ScalarOrigin(self._pos(line, column), block=False, indent=column + 1)
        if style in ("'", '"'):
            return ScalarOrigin(self._pos(line, column + 1), block=False, indent=column + 2)
        indent = _block_indent(self._lines, line)
        return ScalarOrigin(self._pos(line + 1, indent - 1), block=True, indent=indent)


def _skip_properties(lines: Sequence[str], line: int, column: int) -> tuple[int, int]:
    """Move past an anchor (``&name``) written before a scalar, to the scalar itself."""
    while line < len(lines):
        text = lines[line]
        if column < len(text) and text[column] == "&":
            while column < len(text) and not text[column].isspace():
                column += 1
        while column < len(text) and text[column] in " \t":
            column += 1
        if column < len(text) and text[column] != "#":
            return line, column
        line, column = line + 1, 0
    return line, column  # pragma: no cover - a scalar always follows its anchor


def _block_indent(lines: Sequence[str], header: int) -> int:
    """1-based column of the first non-blank content line after a block scalar header."""
    for text in lines[header + 1 :]:
        stripped = text.lstrip(" ")
        if stripped:
            return len(text) - len(stripped) + 1
    return 1
