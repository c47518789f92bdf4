"""Stream the cases of batch inputs (JSONL, CSV, directories, case files) one at a time.

Nothing here parses or validates a case: each input is cut into :class:`RawCase` items (a JSON
line's text, a CSV row, a case file's path) in input order, lazily, so memory stays flat however
large the input. Parsing happens in the workers (:mod:`offboard_policy.batch.parse`).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from offboard_policy import codes
from offboard_policy.errors import Diagnostic
from offboard_policy.paths import case_files

from .columns import Columns, parse_header

JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
MAX_LINE_BYTES = 10 * 1024 * 1024
"""Longest JSON line or CSV record read (the size limit of a case file)."""

Kind = Literal["json", "csv", "file", "error"]


@dataclass(frozen=True)
class RawCase:
    """One case as read from its input, not yet parsed.

    ``payload`` is the JSON text (``json``), the row's cells (``csv``, with ``columns``), the
    file path (``file``) or the diagnostics of an input that cannot be read (``error``).
    ``end`` counts the input bytes consumed up to and including this case (for progress).
    """

    ref: str
    """Where it comes from, as shown in output: ``cases.jsonl:17``, ``x.csv:5``, ``d/a.yaml``."""
    kind: Kind
    payload: object
    end: int
    columns: Columns | None = None


def is_batch_input(path: Path) -> bool:
    """True for the inputs that hold many cases: a directory, a ``.jsonl`` or ``.csv`` file."""
    return path.is_dir() or path.suffix.lower() in (*JSONL_SUFFIXES, *CSV_SUFFIXES)


def display(path: Path) -> str:
    """A path as shown to users: relative to the working directory when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def total_bytes(paths: Iterable[Path]) -> int:
    """The size of every input together (a directory counts the case files in it)."""
    return sum(_size(file) for path in paths
               for file in (case_files(path) if path.is_dir() else [path]))


def iter_cases(paths: Iterable[Path]) -> Generator[RawCase, None, None]:
    """Every case of every input, in order: lines of JSONL, rows of CSV, files of a directory
    (sorted by name), and plain case files as themselves."""
    done = 0
    for path in paths:
        if path.is_dir():
            for file in case_files(path):
                done += _size(file)
                yield RawCase(display(file), "file", file, done)
            continue
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            reader = _jsonl
        elif suffix in CSV_SUFFIXES:
            reader = _csv
        else:
            done += _size(path)
            yield RawCase(display(path), "file", path, done)
            continue
        shown = display(path)
        try:
            with path.open("rb") as fh:
                for item in reader(fh, shown, done):
                    yield item
                    done = item.end
        except OSError as exc:
            yield _error(shown, f"cannot read file: {exc.strerror or exc}",
                codes.CASE_FILE, None, done)


def _error(shown: str, message: str, code: str, line: int | None, end: int) -> RawCase:
    ref = f"{shown}:{line}" if line is not None else shown
    return RawCase(ref, "error", [Diagnostic(message, code, file=shown, line=line)], end)


def _lines(fh: BinaryIO) -> Iterator[tuple[bytes | None, int]]:
    """Physical lines of ``fh`` (with their newline) and their sizes; a line longer than
    MAX_LINE_BYTES is skipped without being held in memory, and given as None."""
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) <= MAX_LINE_BYTES or raw.endswith(b"\n"):
            yield raw, len(raw)
            continue
        size = len(raw)
        while raw and not raw.endswith(b"\n"):
            raw = fh.readline(1024 * 1024)
            size += len(raw)
        yield None, size


def _jsonl(fh: BinaryIO, shown: str, done: int) -> Iterator[RawCase]:
    """One item per non-blank line; a line that is not UTF-8 or too long is an error item."""
    for number, (raw, size) in enumerate(_lines(fh), start=1):
        done += size
        if raw is None:
            yield _error(shown, f"line longer than {MAX_LINE_BYTES} bytes", codes.CASE_JSON, number,
                         done)
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield _error(shown, f"not UTF-8 (byte {exc.start + 1} of the line)", codes.CASE_JSON,
                         number, done)
            continue
        yield RawCase(f"{shown}:{number}", "json", text, done)


class _Decoded:
    """Decoded lines of a CSV file for ``csv.reader``, counting bytes; bad lines recorded."""

    def __init__(self, fh: BinaryIO, done: int) -> None:
        self.lines = _lines(fh)
        self.done = done
        self.problem: str | None = None
        self.first = True

    def __iter__(self) -> Iterator[str]:
        for raw, size in self.lines:
            self.done += size
            if raw is None:
                self.problem = f"record longer than {MAX_LINE_BYTES} bytes"
                yield "\n"
                continue
            if self.first:
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # Excel's "CSV UTF-8" starts so
                self.first = False
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                self.problem = ("not UTF-8: save the file as UTF-8 CSV (Excel: "
                                "'CSV UTF-8 (comma delimited)')")
                yield raw.decode("utf-8", "replace")


def _csv(fh: BinaryIO, shown: str, done: int) -> Iterator[RawCase]:
    """One item per data row, after a header row of field paths (see ``columns``)."""
    source = _Decoded(fh, done)
    reader = csv.reader(source, strict=True)
    columns: Columns | None = None
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _error(shown, f"not valid CSV: {exc}", codes.CASE_JSON, start, source.done)
            source.problem = None
            continue
        line = start
        if source.problem is not None:
            yield _error(shown, source.problem, codes.CASE_JSON, line, source.done)
            source.problem = None
            if columns is None:
                return
            continue
        if columns is None:
            columns_or_problems = parse_header(row)
            if isinstance(columns_or_problems, Columns):
                columns = columns_or_problems
                continue
            diags = [Diagnostic(message, codes.CASE_UNKNOWN, file=shown, line=line)
                     for message in columns_or_problems]
            yield RawCase(f"{shown}:{line}", "error", diags, source.done)
            return
        if not any(cell.strip() for cell in row):
            continue
        yield RawCase(f"{shown}:{line}", "csv", row, source.done, columns)
