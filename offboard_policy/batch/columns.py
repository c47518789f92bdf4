"""The CSV column mapping: a header of field paths, each row one case.

The header row names, for each column, the case field it holds, in the notation of the
case contract and of every diagnostic::

    case_id,jurisdiction.city,employee.hire_date,termination.ground,termination.termination_date,
    employee.wages.monthly[0].month,employee.wages.monthly[0].gross,...

Cells are read by the type of their field (looked up in the case model):

- an empty cell leaves the field out (its default applies); whitespace around a cell is dropped;
- true/false fields take ``true``/``false`` (also ``yes``/``no``, ``1``/``0``, ``是``/``否``);
- list items are numbered columns (``steps.assets[0].id``, ``steps.assets[0].returned_on``);
  an item whose cells are all empty is left out, so a fixed set of 12 wage-month columns
  serves employees with fewer months (diagnostics still name the column as written);
- a list of values (``employee.protected_statuses``) may also be one column of values
  separated by ``;``; a section or a list of records (``steps.approvals``) may be one column
  holding JSON;
- a column named ``json`` may hold the whole case as a JSON object; the other cells of the row
  are laid over it (a list given by columns replaces the JSON's list);
- numbers and dates are passed on as text, so they stay exact (``21000.00``, ``2026-09-30``);
- a column with an empty header is ignored, but a value in it is an error.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from offboard_policy.case.messages import annotation_at
from offboard_policy.paths import FieldPath, format_path, parse_path

ColumnKind = Literal["text", "bool", "json", "list", "case", "unnamed"]
Path = FieldPath

WHOLE_CASE = "json"
"""Name of the column that holds a whole case as JSON."""
TRUE = frozenset({"true", "yes", "y", "1", "是"})
FALSE = frozenset({"false", "no", "n", "0", "否"})


@dataclass(frozen=True)
class Column:
    """One column: its header text, the field path it fills and how its cells are read."""

    name: str
    path: Path
    kind: ColumnKind


@dataclass(frozen=True)
class Columns:
    """The parsed header of one CSV file."""

    items: tuple[Column, ...]


class CellProblem(Exception):
    """A cell that cannot be turned into a value (bad JSON, a value in an unnamed column)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"{column}: {message}")
        self.column = column
        self.message = message


def _kind(path: Path) -> ColumnKind:
    if path == (WHOLE_CASE,):
        return "case"
    ann = annotation_at(path)
    if ann is bool:
        return "bool"
    if (isinstance(ann, type) and issubclass(ann, BaseModel)) or ann is dict:
        return "json"
    if get_origin(ann) is dict:
        return "json"
    if get_origin(ann) is list:
        item = _unwrap(get_args(ann)[0])
        return "json" if isinstance(item, type) and issubclass(item, BaseModel) else "list"
    return "text"


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) in (typing.Annotated, typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if get_origin(annotation) is not typing.Annotated and len(args) != 1:
            return annotation
        annotation = args[0]
    return annotation


def parse_header(row: list[str]) -> Columns | list[str]:
    """The columns of a header row, or the problems that make it unusable."""
    problems: list[str] = []
    items: list[Column] = []
    seen: dict[Path, str] = {}
    for number, raw in enumerate(row, start=1):
        name = raw.strip()
        if not name:
            items.append(Column(f"column {number}", (), "unnamed"))
            continue
        path = parse_path(name)
        if path is None:
            problems.append(f"column {number} '{name}' is not a field path (write e.g. "
                            "employee.hire_date or employee.wages.monthly[0].gross)")
            continue
        if path in seen:
            problems.append(f"column {number} '{name}' repeats column '{seen[path]}'")
            continue
        seen[path] = name
        items.append(Column(name, path, _kind(path)))
    paths = [c.path for c in items if c.kind not in ("unnamed", "case")]
    for path in paths:
        for other in paths:
            if len(other) > len(path) and other[: len(path)] == path:
                problems.append(f"column '{seen[path]}' holds a whole value, and column "
                                f"'{seen[other]}' a part of it: keep one of them")
    if not any(c.kind != "unnamed" for c in items) and not problems:
        problems.append("the header row names no field (expected e.g. case_id,"
                        "jurisdiction.city,employee.hire_date,...)")
    return problems or Columns(tuple(items))


def _cell(column: Column, text: str) -> Any:
    if column.kind == "bool":
        low = text.lower()
        return True if low in TRUE else False if low in FALSE else text
    if column.kind in ("json", "case") or (column.kind == "list" and text.startswith("[")):
        try:
            value = json.loads(text, parse_float=Decimal)
        except (json.JSONDecodeError, RecursionError, ValueError) as exc:
            raise CellProblem(column.name, f"not valid JSON ({exc})") from None
        if column.kind == "case" and not isinstance(value, dict):
            raise CellProblem(column.name, "must hold a JSON object (the whole case)")
        return value
    if column.kind == "list":
        return [part.strip() for part in text.split(";") if part.strip()]
    return text


def build_case(columns: Columns, row: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The case data of one row, and the renames of list items left out as empty: compacted
    field path -> the path of its columns (``monthly[0]`` -> ``monthly[2]``)."""
    if len(row) > len(columns.items):
        names = len(columns.items)
        raise CellProblem("row", f"has {len(row)} cells but the header names {names} "
                                 f"column{'s' if names != 1 else ''}")
    tree: dict[str | int, Any] = {}
    base: dict[str, Any] = {}
    for column, raw in zip(columns.items, row, strict=False):
        text = raw.strip()
        if not text:
            continue
        if column.kind == "unnamed":
            raise CellProblem(column.name, "has a value but no name in the header row")
        value = _cell(column, text)
        if column.kind == "case":
            base = value
            continue
        node = tree
        for part in column.path[:-1]:
            node = node.setdefault(part, {})
        node[column.path[-1]] = value
    renames: dict[str, str] = {}
    data = _finish(tree, "", "", renames)
    return _merge(base, data), renames


def _finish(node: Any, shown: str, original: str, renames: dict[str, str]) -> Any:
    """Turn the index-keyed dicts of ``build_case`` into lists, dropping the missing items."""
    if not isinstance(node, dict) or not node:
        return node
    if all(isinstance(k, int) for k in node):
        out = []
        for position, index in enumerate(sorted(node)):
            here, there = f"{shown}[{position}]", f"{original}[{index}]"
            if here != there:
                renames[here] = there
            out.append(_finish(node[index], here, there, renames))
        return out
    result: dict[str, Any] = {}
    for key, value in node.items():
        name = str(key)
        result[name] = _finish(value, f"{shown}.{name}" if shown else name,
                               f"{original}.{name}" if original else name, renames)
    return result


def _merge(base: Any, top: Any) -> Any:
    if isinstance(base, dict) and isinstance(top, dict):
        merged = dict(base)
        for key, value in top.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return top


def original_field(field: str | None, renames: dict[str, str]) -> str | None:
    """``field`` with a compacted list item put back to the column it came from."""
    if not field or not renames:
        return field
    best = max((p for p in renames if field == p or field.startswith((p + ".", p + "["))),
               key=len, default=None)
    return field if best is None else renames[best] + field[len(best):]


def flatten_case(data: dict[str, Any]) -> dict[str, str]:
    """The cells of a case (a contract dict, as in a JSON case file) under this mapping: the
    inverse of :func:`build_case`, for writing CSV from cases (and for tests). A null is left
    out (an empty cell means the same)."""
    cells: dict[str, str] = {}
    _flatten(data, (), cells)
    return cells


def _flatten(value: Any, path: Path, cells: dict[str, str]) -> None:
    name = format_path(path)
    kind = _kind(path) if path else "json"
    if value is None:
        return  # an empty cell: not given, and null is every optional field's default
    if path and path[0] == "extra":
        cells[name] = json.dumps(value, ensure_ascii=False, default=str)
    elif isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, (*path, key), cells)
    elif isinstance(value, list):
        if kind == "list":
            cells[name] = ";".join(str(v) for v in value)
        else:
            for index, item in enumerate(value):
                _flatten(item, (*path, index), cells)
    elif isinstance(value, bool):
        cells[name] = "true" if value else "false"
    else:
        cells[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)

