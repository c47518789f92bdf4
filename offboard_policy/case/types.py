"""The expression-language types of the case, read off the pydantic models (cached)."""

from __future__ import annotations

import re
import types
import typing
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from offboard_policy.expr.types import (
    BOOL,
    DATE,
    NUMBER,
    STRING,
    EnumType,
    ListType,
    NullableType,
    RecordType,
    Type,
)

from .model import ENUM_NAMES, Case
from .vocab import Vocabulary

EXCLUDED_ROOTS = frozenset({"extra"})
"""Top-level fields expressions cannot read: ``extra`` is free-form and has no type."""

_SCALARS: dict[Any, Type] = {Decimal: NUMBER, int: NUMBER, date: DATE, bool: BOOL, str: STRING}


@cache
def case_types() -> dict[str, Type]:
    """Type of each top-level section of the case (``employee`` -> RecordType(...)).

    Numbers (money, days, counts) are all ``number``: the model stores them as Decimal.
    Nullable fields are ``NullableType``; sub-sections with a default are plain records.
    The returned dict is shared: do not modify it.
    """
    records: dict[type[BaseModel], RecordType] = {}
    return {
        name: _type_of(info.annotation, name, records)
        for name, info in Case.model_fields.items()
        if name not in EXCLUDED_ROOTS
    }


def _type_of(annotation: Any, field: str, records: dict[type[BaseModel], RecordType]) -> Type:
    """The expression type of one field annotation."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, Vocabulary):
                return EnumType(meta.name, meta.keys)
        return _type_of(get_args(annotation)[0], field, records)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"case field {field!r}: unions other than X | None are not typed")
        inner = _type_of(args[0], field, records)
        return NullableType(inner) if len(args) < len(get_args(annotation)) else inner
    if origin is typing.Literal:
        name = ENUM_NAMES.get(annotation, field)
        return EnumType(name, tuple(str(v) for v in get_args(annotation)))
    if origin is list:
        return ListType(_type_of(get_args(annotation)[0], field, records))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _record(annotation, records)
    scalar = _SCALARS.get(annotation)
    if scalar is None:
        raise TypeError(f"case field {field!r}: no expression type for {annotation!r}")
    return scalar


def _record(model: type[BaseModel], records: dict[type[BaseModel], RecordType]) -> RecordType:
    """One RecordType per model class, named in snake case (WageMonth -> wage_month)."""
    found = records.get(model)
    if found is None:
        fields: dict[str, Type] = {}
        found = RecordType(_snake(model.__name__), fields)
        records[model] = found
        for name, info in model.model_fields.items():
            vocab = [m for m in info.metadata if isinstance(m, Vocabulary)]
            fields[name] = (EnumType(vocab[0].name, vocab[0].keys) if vocab
                            else _type_of(info.annotation, name, records))
    return found


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
