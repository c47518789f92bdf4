"""Fill ``{expression}`` placeholders in bilingual messages, and format values for people."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..expr import EvaluationError, MissingValue
from ..paths import is_field_ref
from ..report.model import LocalText
from ..templates import split_template


def format_value(value: Any, lang: str = "en") -> str:
    """A value as a person reads it: decimals without exponent, ISO dates, yes/no."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        if lang == "zh":
            return "是" if value else "否"
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{value.quantize(Decimal(1)):f}"
        text = f"{value.normalize():f}"
        # Long quotients (a 12-month average) read better at the fen.
        if len(text.split(".")[1]) > 2:
            return f"{value.quantize(Decimal('0.01')):f}"
        return text
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(format_value(v, lang) for v in value)
    return str(value)


def fill(template: LocalText | None, texts: Mapping[str, Callable[[Any], Any]], scope: Any, *,
         extra: Mapping[str, Any] | None = None) -> LocalText:
    """Both languages of ``template`` with every placeholder evaluated for this case.

    ``texts`` maps each placeholder to the function evaluating it (engine/tables.py).

    A placeholder whose data is missing shows as ``?`` rather than failing the message.
    Placeholders are evaluated in order of appearance, Chinese text first (the trace records
    derived values in the order they are first needed).
    """
    if template is None:
        return LocalText(zh="", en="")
    cache: dict[str, Any] = {}

    def render(text: str, lang: str) -> str:
        out: list[str] = []
        for literal, key in split_template(text):
            out.append(literal)
            if key is None:
                continue
            if extra is not None and key in extra:
                out.append(format_value(extra[key], lang))
                continue
            if key not in cache:
                fn = texts.get(key)
                try:
                    cache[key] = "?" if fn is None else fn(scope)
                except (MissingValue, EvaluationError):
                    cache[key] = "?"
            value = cache[key]
            out.append(value if value == "?" else format_value(value, lang))
        return "".join(out)

    return LocalText(zh=render(template.zh, "zh"), en=render(template.en, "en"))


def missing_fields(exc: Exception) -> tuple[str, ...]:
    """The case fields or parameters an evaluation error names, as dotted paths.

    ``missing("employee.wages.monthly: a month is absent")`` names the field before the colon;
    a description that is not a path is left to the message.
    """
    if not isinstance(exc, MissingValue):
        return ()
    out = []
    for what in exc.what:
        head = what.split(":", 1)[0].strip()
        if is_field_ref(head):
            out.append(head)
    return tuple(dict.fromkeys(out))


def missing_detail(exc: Exception) -> str:
    """What is missing, in words (without a repeated "missing:" prefix)."""
    if isinstance(exc, MissingValue):
        text = exc.message
        return text.removeprefix("missing: ")
    return str(exc)
