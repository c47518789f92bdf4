"""Turn one :class:`~offboard_policy.batch.sources.RawCase` into a validated case.

A JSON line is read like a JSON case file (decimals exact, duplicate keys and NaN refused,
the same size limits), a CSV row through the column mapping; every problem is a
:class:`~offboard_policy.errors.CaseError` whose diagnostics name the input file, the line
and the field.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from offboard_policy import codes
from offboard_policy.case import Case, load_case, parse_case
from offboard_policy.case.load import JsonProblem, read_json_case
from offboard_policy.errors import CaseError, Diagnostic, InputError

from .columns import CellProblem, build_case, original_field
from .sources import RawCase


def parse_raw(raw: RawCase) -> Case:
    """The case of ``raw``; raises :class:`InputError` (with every diagnostic) if unusable."""
    if raw.kind == "file":
        path = raw.payload
        assert isinstance(path, Path)
        try:
            return load_case(path, display=raw.ref)
        except OSError as exc:
            _fail(Diagnostic(f"cannot read file: {exc.strerror or exc}",
                codes.CASE_FILE, file=raw.ref))
    if raw.kind == "error":
        assert isinstance(raw.payload, list)
        raise CaseError(raw.payload)
    file, _, line_text = raw.ref.rpartition(":")
    line = int(line_text)
    if raw.kind == "json":
        assert isinstance(raw.payload, str)
        data = _json(raw.payload, file, line)
        return _located(data, file, line, {})
    if raw.kind == "csv":
        assert isinstance(raw.payload, list) and raw.columns is not None
        try:
            data, renames = build_case(raw.columns, raw.payload)
        except CellProblem as exc:
            _fail(Diagnostic(exc.message, codes.CASE_TYPE, file=file, line=line, field=exc.column))
        return _located(data, file, line, renames)
    raise ValueError(f"unknown kind of raw case: {raw.kind!r}")


def _located(data: Any, file: str, line: int, renames: dict[str, str]) -> Case:
    """``parse_case`` with every diagnostic placed on the input line."""
    try:
        return parse_case(data, display=file)
    except InputError as exc:
        raise CaseError([
            replace(d, file=file, line=line, column=None,
                    field=original_field(d.field, renames))
            for d in exc.diagnostics]) from None


def _json(text: str, file: str, line: int) -> Any:
    try:
        return read_json_case(text)
    except JsonProblem as problem:
        # One JSON value per input line: its column is a column of that line.
        column = problem.column if problem.line in (None, 1) else None
        _fail(Diagnostic(problem.message, codes.CASE_JSON, file=file, line=line, column=column))


def _fail(diagnostic: Diagnostic) -> NoReturn:
    raise CaseError(diagnostic)
