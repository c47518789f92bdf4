"""Turn pydantic's validation errors into plain-words diagnostics with field paths and lines."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from offboard_policy import codes
from offboard_policy.errors import Diagnostic
from offboard_policy.paths import format_path
from offboard_policy.yamlio import PositionMap

from . import fields
from .model import Case

_TYPE_ERRORS = {
    fields.NOT_A_NUMBER,
    fields.NOT_A_DATE,
    fields.NOT_A_MONTH,
    "string_type",
    "bool_type",
    "model_type",
    "dict_type",
    "list_type",
    "invalid_key",
    "op_city",
}


def kind_of(value: Any) -> str:
    """What a value is, in the words of a case file."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | Decimal | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def unwrap_annotation(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``| None`` from an annotation."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def annotation_at(loc: Sequence[int | str]) -> Any:
    """The declared type at a location of the case, or None when it cannot be followed."""
    current: Any = Case
    for part in loc:
        current = unwrap_annotation(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part) if isinstance(part, str) else None
            if info is None:
                return None
            current = info.annotation
        elif get_origin(current) is list and isinstance(part, int):
            current = get_args(current)[0]
        else:
            return None
    return unwrap_annotation(current)


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "missing":
        return "required field missing"
    if kind == "extra_forbidden":
        return _unknown_field(loc)
    if kind == "literal_error":
        values = get_args(annotation_at(loc))
        shown = ", ".join(map(str, values)) if values else err.get("ctx", {}).get("expected", "")
        return f"must be one of: {shown}"
    got = kind_of(err.get("input"))
    if kind == "string_type":
        return f"not text (got {got}); write it in quotes"
    if kind == "bool_type":
        return f"not true or false (got {got})"
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping (key: value), got {got}"
    if kind == "list_type":
        return f"expected a list, got {got}"
    if kind == "invalid_key":
        return "keys must be text"
    if kind == "string_too_short":
        return "must not be empty"
    return err["msg"]


def _unknown_field(loc: Sequence[int | str]) -> str:
    name = str(loc[-1])
    owner = annotation_at(loc[:-1])
    if not (isinstance(owner, type) and issubclass(owner, BaseModel)):
        return f"unknown field '{name}'"
    allowed = list(owner.model_fields)
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown field '{name}'{hint} (allowed: {', '.join(allowed)})"


def _code(kind: str) -> str:
    if kind == "missing":
        return codes.CASE_MISSING
    if kind in ("extra_forbidden", "op_renamed_field"):
        return codes.CASE_UNKNOWN
    if kind in _TYPE_ERRORS:
        return codes.CASE_TYPE
    return codes.CASE_VALUE


def diagnostics(
    errors: Sequence[ErrorDetails], *, display: str, positions: PositionMap | None
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, in file order when positions are known."""
    out: list[Diagnostic] = []
    for err in errors:
        loc = tuple(err["loc"])
        diag = Diagnostic(
            message=_message(err),
            code=_code(err["type"]),
            file=display,
            field=format_path(loc) or None,
        )
        if positions is not None:
            pos = None
            if err["type"] == "extra_forbidden":
                pos = positions.key(loc)
            elif err["type"] == "missing":
                pos = positions.key(loc[:-1])
            pos = pos or positions.get(loc) or positions.nearest(loc)
            diag = Diagnostic(
                message=diag.message,
                code=diag.code,
                file=pos.file,
                line=pos.line,
                column=pos.column,
                field=diag.field,
                source_line=positions.source_line(pos.line),
            )
        out.append(diag)
    if positions is not None:
        out.sort(key=lambda d: (d.line or 0, d.column or 0))
    return out
