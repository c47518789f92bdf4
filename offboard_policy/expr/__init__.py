"""The expression language: parse (allowlist, limits), check (types), compile (generated functions).

A rule's expression goes ``parse_expression`` -> ``compile_parsed`` (or both at once with
``compile_expression``) and comes out as :class:`Compiled`, whose ``fn(scope)`` evaluates it.
Load-time problems raise :class:`~offboard_policy.errors.ExpressionError` with the file
position; run-time problems raise :class:`MissingValue` or :class:`EvaluationError`.
"""

from __future__ import annotations

from .check import TypeEnv
from .compile import Compiled, compile_expression, compile_parsed
from .functions import FUNCTIONS
from .origin import ScalarOrigin
from .parse import (
    MAX_DEPTH,
    MAX_NODES,
    MAX_NUMBER_DIGITS,
    MAX_SOURCE_CHARS,
    MAX_STRING_CHARS,
    Parsed,
    parse_expression,
)
from .runtime import CTX, EvaluationError, MissingValue, Scope, round_money

__all__ = [
    "CTX",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_NUMBER_DIGITS",
    "MAX_SOURCE_CHARS",
    "MAX_STRING_CHARS",
    "Compiled",
    "EvaluationError",
    "MissingValue",
    "Parsed",
    "ScalarOrigin",
    "Scope",
    "TypeEnv",
    "compile_expression",
    "compile_parsed",
    "parse_expression",
    "round_money",
]
