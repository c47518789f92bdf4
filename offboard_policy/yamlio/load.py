"""Read a file or text as one bounded YAML document: bytes, encoding, characters, then events."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from offboard_policy import codes
from offboard_policy.errors import Diagnostic, YamlError

from .compose import compose, line_at
from .limits import DEFAULT_LIMITS, YamlLimits
from .positions import PositionMap

_BOM = "\ufeff"
# Line breaks as YAML (and PyYAML's marks) count them.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# Characters str.splitlines() breaks at but YAML does not (or that YAML counts differently).
_SPLITLINES_DIFFER = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Characters YAML 1.1 does not allow in a stream (PyYAML's Reader refuses the same set).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@dataclass
class Loaded:
    """One YAML document with where each of its nodes was written."""

    data: Any
    """dict (string keys) / list / str / int / Decimal / bool / date / None."""
    positions: PositionMap
    source_lines: list[str]
    """The file's lines, for carets in diagnostics."""
    display: str
    """The path as shown to users."""

    def line(self, number: int) -> str | None:
        """The source line ``number`` (1-based), or None."""
        return self.source_lines[number - 1] if 0 < number <= len(self.source_lines) else None


def load_yaml(
    path: FsPath | str, *, display: str | None = None, limits: YamlLimits = DEFAULT_LIMITS
) -> Loaded:
    """Load the YAML file at ``path``; ``display`` is the name used in messages (default: path)."""
    path = FsPath(path)
    shown = display if display is not None else str(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise YamlError(
            Diagnostic(f"cannot read file: {exc.strerror or exc}", codes.YAML_READ, shown)
        ) from None
    return load_yaml_bytes(raw, display=shown, limits=limits)


def load_yaml_bytes(raw: bytes, *, display: str, limits: YamlLimits = DEFAULT_LIMITS) -> Loaded:
    """Load YAML from UTF-8 bytes (an optional BOM is skipped)."""
    _check_size(len(raw), display, limits)
    return _load(decode_utf8(raw, display=display), display, limits)


def decode_utf8(raw: bytes, *, display: str) -> str:
    """``raw`` as text; YamlError (OP102) naming the byte offset, line and column if not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(_decode_diagnostic(raw, exc, display)) from None


def load_yaml_text(text: str, *, display: str, limits: YamlLimits = DEFAULT_LIMITS) -> Loaded:
    """Load YAML from a string (an optional BOM is skipped)."""
    if len(text) * 4 > limits.max_bytes:  # cheap bound first: a character is at most 4 bytes
        _check_size(len(text.encode("utf-8", "surrogatepass")), display, limits)
    return _load(text, display, limits)


def _load(text: str, display: str, limits: YamlLimits) -> Loaded:
    if text.startswith(_BOM):
        text = text[1:]
    lines = _split_lines(text)
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line, column = _line_column(text, bad.start())
        raise YamlError(
            Diagnostic(
                f"character U+{ord(bad.group()):04X} is not allowed in YAML",
                codes.YAML_ENCODING,
                display,
                line,
                column,
                source_line=line_at(lines, line - 1),
            )
        )
    data, positions = compose(text, display, lines, limits)
    return Loaded(data=data, positions=positions, source_lines=lines, display=display)


def _split_lines(text: str) -> list[str]:
    """The lines of ``text`` as YAML numbers them (str.splitlines() when it agrees: faster)."""
    if _SPLITLINES_DIFFER.search(text) is None:
        return text.splitlines()
    return _LINE_BREAK.split(text)


def _check_size(size: int, display: str, limits: YamlLimits) -> None:
    if size > limits.max_bytes:
        raise YamlError(
            Diagnostic(f"file too large: more than {limits.max_bytes} bytes",
                codes.YAML_SIZE, display)
        )


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index``, counting breaks as YAML does."""
    head = text[:index]
    breaks = list(_LINE_BREAK.finditer(head))
    if not breaks:
        return 1, index + 1
    return len(breaks) + 1, index - breaks[-1].end() + 1


def _decode_diagnostic(raw: bytes, exc: UnicodeDecodeError, display: str) -> Diagnostic:
    """Where the first byte that is not UTF-8 is: byte offset, line and column."""
    head = raw[: exc.start].decode("utf-8", "replace")
    if head.startswith(_BOM):
        head = head[1:]
    line, column = _line_column(head, len(head))
    lines = _split_lines(raw.decode("utf-8", "replace"))
    return Diagnostic(
        f"not UTF-8: byte 0x{raw[exc.start]:02x} at byte offset {exc.start} "
        "(save the file as UTF-8)",
        codes.YAML_ENCODING,
        display,
        line,
        column,
        source_line=line_at(lines, line - 1),
    )
