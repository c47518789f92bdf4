"""Fill ``{expression}`` placeholders in bilingual messages, and format values for people."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..expr import Compiled, EvaluationError, MissingValue
from ..report.model import LocalText

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]+)\}")


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


def fill(template: LocalText | None, compiled: Mapping[str, Compiled], scope: Any, *,
         extra: Mapping[str, Any] | None = None) -> LocalText:
    """Both languages of ``template`` with every placeholder evaluated for this case.

    A placeholder whose data is missing shows as ``?`` rather than failing the message.
    """
    if template is None:
        return LocalText(zh="", en="")
    cache: dict[str, Any] = {}

    def render(text: str, lang: str) -> str:
        def sub(m: re.Match[str]) -> str:
            token = m.group(0)
            if token in ("{{", "}}"):
                return token[0]
            key = (m.group(1) or "").strip()
            if extra is not None and key in extra:
                return format_value(extra[key], lang)
            if key not in cache:
                expr = compiled.get(key)
                try:
                    cache[key] = expr.fn(scope) if expr is not None else "?"
                except (MissingValue, EvaluationError):
                    cache[key] = "?"
            value = cache[key]
            return value if value == "?" else format_value(value, lang)

        return _PLACEHOLDER.sub(sub, text)

    return LocalText(zh=render(template.zh, "zh"), en=render(template.en, "en"))


_PATH = re.compile(r"[a-z_][a-z0-9_]*(\[\])?(\.[a-z_][a-z0-9_]*(\[\])?)*")


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
        if _PATH.fullmatch(head):
            out.append(head)
    return tuple(dict.fromkeys(out))


def missing_detail(exc: Exception) -> str:
    """What is missing, in words (without a repeated "missing:" prefix)."""
    if isinstance(exc, MissingValue):
        text = exc.message
        return text.removeprefix("missing: ")
    return str(exc)
