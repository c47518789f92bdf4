"""Load a case file (YAML or JSON) into the case model, or fail with every bad field listed."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from offboard_policy import codes
from offboard_policy.errors import CaseError, Diagnostic, YamlError
from offboard_policy.paths import JSON_SUFFIXES, YAML_SUFFIXES, format_path
from offboard_policy.yamlio import (
    DEFAULT_LIMITS,
    PositionMap,
    decode_utf8,
    load_yaml,
    load_yaml_text,
)

from .messages import diagnostics, kind_of
from .model import Case

MAX_LIST_ITEMS = 1000
"""Longest list a case may hold (wage months, assets, approvals...): 1,000 wage months are 83
years; a rule that compares items pairwise stays within a million steps."""


_JSON_CONSTANT = re.compile(r"-?\b(?:NaN|Infinity)\b")


def load_case(path: Path | str, *, display: str | None = None) -> Case:
    """Read and validate the case file at ``path`` (``.yaml``, ``.yml`` or ``.json``).

    Raises YamlError for a file that is not safe YAML, CaseError for everything else: a JSON
    file that is not valid JSON, an empty file, or every field that breaks the contract.
    """
    path = Path(path)
    shown = display if display is not None else str(path)
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        loaded = load_yaml(path, display=shown)
        return parse_case(loaded.data, display=shown, positions=loaded.positions)
    if suffix in JSON_SUFFIXES:
        return _load_json(path, shown)
    _fail(
        f"unsupported case file type '{path.suffix or path.name}' (use .yaml, .yml or .json)",
        codes.CASE_FILE,
        shown,
    )


def parse_case(data: Any, *, display: str, positions: PositionMap | None = None) -> Case:
    """Validate already-loaded data (dict from YAML or JSON) against the case contract."""
    if data is None:
        _fail("the case file is empty", codes.CASE_DOCUMENT, display, line=1, column=1)
    if not isinstance(data, dict):
        pos = positions.nearest(()) if positions is not None else None
        _fail(
            f"a case must be a mapping of sections (case_id, jurisdiction, employee, ...), "
            f"got {kind_of(data)}",
            codes.CASE_DOCUMENT,
            display,
            line=pos.line if pos else None,
            column=pos.column if pos else None,
        )
    long_list = _long_list(data)
    if long_list is not None:
        pos = positions.nearest(long_list) if positions is not None else None
        raise CaseError(Diagnostic(
            f"more than {MAX_LIST_ITEMS} items: rules read lists item by item, some pairwise",
            codes.CASE_VALUE, display, pos.line if pos else None, pos.column if pos else None,
            field=format_path(long_list),
            source_line=positions.source_line(pos.line) if positions and pos else None))
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    except RecursionError:
        _fail("the case is nested too deeply", codes.CASE_DOCUMENT, display)
    raise CaseError(diagnostics(errors, display=display, positions=positions)) from None


class JsonProblem(Exception):
    """Why a JSON text is not a usable case document, with its 1-based position when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None, *,
                 duplicate_key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.duplicate_key = duplicate_key
        """Set for a duplicate key: the JSON decoder cannot say where it is."""


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _BadConstant(Exception):
    pass


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _reject_constant(name: str) -> NoReturn:
    raise _BadConstant(name)


def read_json_case(text: str) -> Any:
    """Decode a JSON case document (a file, or one line of a JSONL batch).

    Numbers with a fraction become exact Decimals; duplicate keys, NaN and Infinity, and
    documents deeper or larger than the YAML limits are refused with a :class:`JsonProblem`.
    """
    try:
        data = json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_reject_constant,
            object_pairs_hook=_reject_duplicates,
        )
    except json.JSONDecodeError as exc:
        raise JsonProblem(f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except _DuplicateKey as exc:
        raise JsonProblem(f"duplicate key '{exc.key}'", duplicate_key=exc.key) from None
    except _BadConstant as exc:
        match = _JSON_CONSTANT.search(text)
        line = column = None
        if match is not None:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        raise JsonProblem(f"not a number: {exc} is not allowed in a case", line,
                          column) from None
    except RecursionError:
        raise JsonProblem(f"nested deeper than {DEFAULT_LIMITS.max_depth} levels") from None
    except ValueError:  # an integer with more digits than int() converts
        raise JsonProblem("not valid JSON: a number is too long to read") from None
    problem = _shape_problem(data, DEFAULT_LIMITS.max_depth, DEFAULT_LIMITS.max_nodes)
    if problem is not None:
        raise JsonProblem(problem)
    return data


def _load_json(path: Path, display: str) -> Case:
    """A JSON case file, with every problem placed in the file."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(DEFAULT_LIMITS.max_bytes + 1)
    except OSError as exc:
        _fail(f"cannot read file: {exc.strerror or exc}", codes.CASE_FILE, display)
    if len(raw) > DEFAULT_LIMITS.max_bytes:
        _fail(f"file too large: more than {DEFAULT_LIMITS.max_bytes} bytes",
            codes.CASE_FILE, display)
    text = decode_utf8(raw, display=display).removeprefix("\ufeff")
    return parse_json_case_text(text, display)


def read_case_bytes(raw: bytes, *, display: str, yaml: bool = False) -> tuple[Case, Any]:
    """A case sent as bytes (an HTTP body): JSON, or YAML with ``yaml``; the same checks and
    diagnostics as a case file named ``display``. Returns the case and the data it was
    validated from (mappings, lists, strings, numbers as ``Decimal``, dates)."""
    if len(raw) > DEFAULT_LIMITS.max_bytes:
        _fail(f"file too large: more than {DEFAULT_LIMITS.max_bytes} bytes", codes.CASE_FILE,
              display)
    text = decode_utf8(raw, display=display).removeprefix("\ufeff")
    if yaml:
        loaded = load_yaml_text(text, display=display)
        return parse_case(loaded.data, display=display, positions=loaded.positions), loaded.data
    return _parse_json_text(text, display)


def parse_json_case_text(text: str, display: str) -> Case:
    """A JSON case document's text, with every problem placed in it (``display`` names it)."""
    return _parse_json_text(text, display)[0]


def _parse_json_text(text: str, display: str) -> tuple[Case, Any]:
    try:
        data = read_json_case(text)
    except JsonProblem as problem:
        if problem.duplicate_key is not None:
            _fail_with_yaml_position(text, display, problem.message)
        lines = text.splitlines()
        source = (lines[problem.line - 1] if problem.line is not None
                  and problem.line <= len(lines) else None)
        _fail(problem.message, codes.CASE_JSON, display, problem.line, problem.column, source)
    try:
        return parse_case(data, display=display), data
    except CaseError as exc:
        positions = _json_positions(text, display)
        if positions is None or exc.diagnostics[0].code == codes.CASE_DOCUMENT:
            raise
    return parse_case(data, display=display, positions=positions), data


def _long_list(data: Any) -> tuple[str | int, ...] | None:
    """The path of the first list in ``data`` with more than MAX_LIST_ITEMS items, or None."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                return path
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
        elif isinstance(value, dict):
            stack.extend((v, (*path, k)) for k, v in value.items())
    return None


def _shape_problem(data: Any, max_depth: int, max_nodes: int) -> str | None:
    """Containers nested deeper than ``max_depth`` or more than ``max_nodes`` values, the
    limits a YAML case has too (iterative: no recursion to overflow); None when within both."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    nodes = 1
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth >= max_depth:
                return f"nested deeper than {max_depth} levels"
            nodes += len(value)  # counted before they are stacked: memory stays bounded too
            if nodes > max_nodes:
                return f"too many values: more than {max_nodes}"
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
    return None


def _json_positions(text: str, display: str) -> PositionMap | None:
    """Positions of a JSON file read as YAML (JSON is flow YAML), on the error path only."""
    try:
        return load_yaml_text(text, display=display).positions
    except YamlError:
        return None


def _fail_with_yaml_position(text: str, display: str, message: str) -> NoReturn:
    """A JSON problem that the YAML reader can place (a duplicate key): raise it there."""
    try:
        load_yaml_text(text, display=display)
    except YamlError as exc:
        d = exc.diagnostics[0]
        if d.code == codes.YAML_DUPLICATE_KEY:
            _fail(message, codes.CASE_JSON, display, d.line, d.column, d.source_line)
    _fail(message, codes.CASE_JSON, display)


def _fail(
    message: str,
    code: str,
    display: str,
    line: int | None = None,
    column: int | None = None,
    source_line: str | None = None,
) -> NoReturn:
    raise CaseError(Diagnostic(message, code, display, line, column, source_line=source_line))
