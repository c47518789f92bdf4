"""JSON Schema validation of rule files, with every error placed at its file position."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from offboard_policy import codes

from ..errors import Diagnostic, PolicyError
from ..paths import format_path
from ..yamlio import Loaded

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

SCHEMAS = ("module", "parameters", "policy")

_TYPE_WORDS = {
    "string": "a string",
    "object": "a mapping",
    "array": "a list",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


def _is_string(_checker: Any, instance: Any) -> bool:
    # YAML turns unquoted ISO dates into date objects; the schemas describe them as strings.
    return isinstance(instance, str | date)


def _is_number(_checker: Any, instance: Any) -> bool:
    return isinstance(instance, int | Decimal) and not isinstance(instance, bool)




@cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema shipped in the package for ``name`` (module, parameters, policy)."""
    text = resources.files("offboard_policy.schemas").joinpath(f"{name}.schema.json").read_text(
        encoding="utf-8"
    )
    result: dict[str, Any] = json.loads(text)
    return result


@cache
def _validator(name: str) -> Any:
    # Imported here: jsonschema (with its referencing and certifi imports) costs ~60 ms, and a
    # check that reads its policy from the cache never validates a file.
    import jsonschema
    from jsonschema import Draft202012Validator

    checker = Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"string": _is_string, "number": _is_number})
    validator = jsonschema.validators.extend(Draft202012Validator, type_checker=checker)
    return validator(schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(loaded: Loaded, name: str) -> None:
    """Validate a loaded file against schema ``name``; raise one PolicyError with all problems."""
    if not isinstance(loaded.data, dict):
        pos = loaded.positions.nearest(())
        raise PolicyError(
            Diagnostic(
                f"expected a {name} file (a YAML mapping), found "
                f"{'an empty file' if loaded.data is None else type(loaded.data).__name__}",
                codes.FILE_NOT_MAPPING,
                file=loaded.display,
                line=pos.line,
                column=pos.column,
            )
        )
    errors = sorted(_validator(name).iter_errors(loaded.data), key=lambda e: list(e.absolute_path))
    diags = [d for err in errors for d in _diagnostics(err, loaded)]
    if diags:
        raise PolicyError(_dedupe(diags))


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for d in diags:
        key = (d.line, d.column, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _diagnostics(err: ValidationError, loaded: Loaded) -> Iterator[Diagnostic]:
    path = tuple(err.absolute_path)
    if err.validator == "oneOf" and err.context:
        # Report the alternative that got furthest rather than "is not valid under any".
        best = max(err.context, key=lambda e: len(list(e.absolute_path)))
        yield from _diagnostics(best, loaded)
        return
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = sorted(err.schema.get("properties", {}))
        for key in sorted(set(err.instance) - set(allowed), key=str):
            pos = loaded.positions.key((*path, key)) or loaded.positions.nearest((*path, key))
            yield Diagnostic(
                _unknown_field(str(key), allowed),
                codes.FILE_UNKNOWN_FIELD,
                file=loaded.display,
                line=pos.line,
                column=pos.column,
                field=format_path((*path, key)),
                source_line=_line(loaded, pos.line),
            )
        return
    pos = loaded.positions.nearest(path)
    if err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        message, code = f"missing required field '{missing}'", codes.FILE_MISSING_FIELD
    elif err.validator == "enum":
        choices = ", ".join(str(c) for c in err.validator_value)
        message, code = f"must be one of: {choices} (got {_show(err.instance)})", codes.FILE_CHOICE
    elif err.validator == "type":
        want = err.validator_value
        words = (
            " or ".join(_TYPE_WORDS.get(str(w), str(w)) for w in want)
            if isinstance(want, list)
            else _TYPE_WORDS.get(want, want)
        )
        message, code = f"must be {words}, found {_show(err.instance)}", codes.FILE_TYPE
    elif err.validator == "pattern":
        hint = _pattern_hint(path)
        message, code = f"{_show(err.instance)} is not a valid name here ({hint})", codes.FILE_NAME
    elif err.validator == "propertyNames":
        message, code = f"{_show(err.instance)} is not a valid name here", codes.FILE_NAME
    else:
        message, code = err.message, codes.FILE_SCHEMA
    yield Diagnostic(
        message,
        code,
        file=loaded.display,
        line=pos.line,
        column=pos.column,
        field=format_path(path) or None,
        source_line=_line(loaded, pos.line),
    )


def _pattern_hint(path: tuple[Any, ...]) -> str:
    last = path[-1] if path else ""
    if last == "rule" or (last == "id" and path[:1] == ("checks",)):
        return "rule ids look like CN-LCL-43-union or INT-asset-return"
    if last == "module":
        return "lowercase dotted, e.g. cn.compensation"
    return "lowercase letters, digits and _"


def _unknown_field(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
    return f"unknown field '{key}'{hint}"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) < 60 else repr(value[:57] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return str(value)


def _line(loaded: Loaded, line: int) -> str | None:
    if 1 <= line <= len(loaded.source_lines):
        return loaded.source_lines[line - 1]
    return None
