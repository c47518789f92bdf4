"""A case as plain data the planner can change: dump, paths, field kinds, parse back, YAML.

Paths are the dotted field paths findings name (``steps.legal_review.approved_on``), with list
indices where one item is meant (``steps.assets[1].returned_on``). What kind of value a path
holds is read from the case model itself, so a renamed field (``steps.approvals[].on``) needs
no change here.
"""

from __future__ import annotations

import copy
import types
import typing
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from ..case import Case, parse_case
from ..paths import FieldPath, parse_path

Kind = Literal["date", "bool", "number", "text", "enum", "model", "list", "dict", "unknown"]


def case_data(case: Case) -> dict[str, Any]:
    """The case as the data a case file holds (dates as dates, amounts as Decimals)."""
    data: dict[str, Any] = case.model_dump(mode="python")
    for month in data["employee"]["wages"]["monthly"]:
        month["month"] = month_text(month["month"])
    return data


def month_text(day: date) -> str:
    """``YYYY-MM`` of a date."""
    return f"{day.year:04d}-{day.month:02d}"


def to_case(data: dict[str, Any], display: str) -> Case:
    """Validate changed data as a case (the planner's own changes must stay valid)."""
    return parse_case(copy.deepcopy(data), display=display)


def split(path: str) -> FieldPath:
    """``steps.assets[1].on`` -> ``("steps", "assets", 1, "on")`` (ValueError if it is none)."""
    parts = parse_path(path)
    if parts is None:
        raise ValueError(f"not a field path: {path!r}")
    return parts


def get(data: dict[str, Any], path: str) -> Any:
    """The value at ``path``, or None when a section or item on the way is absent."""
    node: Any = data
    for part in split(path):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None
        elif not isinstance(node, dict) or node.get(part) is None:
            return None
        node = node[part]
    return node


def put(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``path`` to ``value`` in place, creating absent sections as empty mappings."""
    *parents, last = split(path)
    node: Any = data
    for part in parents:
        if not isinstance(part, int) and node.get(part) is None:
            node[part] = {}
        node = node[part]
    node[last] = value


def unwrap(annotation: Any) -> Any:
    """Strip ``Optional`` and ``Annotated`` from a field annotation."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def annotation_at(path: str) -> Any:
    """The (unwrapped) annotation of the field at ``path`` (indices ignored), or None."""
    model: Any = Case
    annotation: Any = None
    for name in split(path):
        if isinstance(name, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        info = model.model_fields.get(name)
        if info is None:
            return None
        annotation = unwrap(info.annotation)
        model = annotation
        if typing.get_origin(annotation) is list:
            model = unwrap(typing.get_args(annotation)[0])
    return annotation


def kind_of(annotation: Any) -> Kind:
    """What kind of value an annotation describes."""
    if annotation is None:
        return "unknown"
    origin = typing.get_origin(annotation)
    if origin is list:
        return "list"
    if origin is dict:
        return "dict"
    if origin is Literal:
        return "enum"
    if annotation is date:
        return "date"
    if annotation is bool:
        return "bool"
    if annotation is Decimal:
        return "number"
    if annotation is str:
        return "text"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model"
    return "unknown"


def item_model(path: str) -> type[BaseModel] | None:
    """The model of the items of the list field at ``path`` (``steps.assets`` -> Asset)."""
    annotation = annotation_at(path)
    if typing.get_origin(annotation) is not list:
        return None
    item = unwrap(typing.get_args(annotation)[0])
    return item if isinstance(item, type) and issubclass(item, BaseModel) else None


def fields_of_kind(model: type[BaseModel], kind: Kind) -> list[str]:
    """Names of ``model``'s fields of ``kind`` (in declaration order)."""
    return [name for name, info in model.model_fields.items()
            if kind_of(unwrap(info.annotation)) == kind]


def required_text_field(model: type[BaseModel]) -> str | None:
    """The first required text field of an item model: what tells its items apart."""
    for name, info in model.model_fields.items():
        if info.is_required() and kind_of(unwrap(info.annotation)) == "text":
            return name
    return None


def enum_values(annotation: Any) -> tuple[Any, ...]:
    """The values of a ``Literal`` annotation."""
    return typing.get_args(annotation)


def to_yaml(data: dict[str, Any], header: str = "") -> str:
    """A case file's text: amounts as decimal strings (never floats), dates ISO."""
    text = yaml.safe_dump(_plain(data), sort_keys=False, allow_unicode=True, width=100)
    return header + text


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value

