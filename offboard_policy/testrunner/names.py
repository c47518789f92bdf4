"""Names in a policy test file must exist in the policy under test, so no test passes by mistake.

A negative expectation naming a misspelt rule (``no_findings: [CN-LCL-40-notce]``) or line
(``settlement: {econmic_compensation: null}``) would hold for every case and test nothing.
Every rule id, settlement line id and ``set:`` field path of a test file is looked up in the
policy (and the case model) the file tests; an unknown one is an error (OP803) at its
``file:line:column`` with a did-you-mean. A test that expects nothing at all is OP804.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from offboard_policy import codes

from ..case.messages import unwrap_annotation
from ..errors import Diagnostic
from ..paths import parse_path
from ..yamlio import Loaded

ENGINE_RULES = ("OP-waiver-not-waivable", "OP-waiver-expired", "OP-waiver-unknown-rule")
"""Findings the engine itself reports about waivers (not defined in any rule file)."""
RULE_LISTS = ("passed", "not_applicable", "waived")
FINDING_LISTS = ("findings", "no_findings")
EXPECTATIONS = ("verdict", *FINDING_LISTS, *RULE_LISTS, "settlement", "total_required")


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest known name, or ``""``."""
    close = difflib.get_close_matches(name, sorted(set(known)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def policy_names(policy: Any) -> tuple[set[str], set[str]]:
    """The rule ids (checks, the rules of settlement lines, the engine's waiver findings) and
    the settlement line ids of a compiled policy."""
    rules = {c.definition.id for c in policy.checks}
    rules |= {ln.definition.rule for ln in policy.settlement}
    rules |= set(ENGINE_RULES)
    return rules, {ln.definition.id for ln in policy.settlement}


def field_path_problem(path: str) -> str | None:
    """Why ``path`` is not a field of the case input contract, or None when it is."""
    from ..case.model import Case

    steps = parse_path(path)
    if steps is None:
        return f"'{path}' is not a dotted field path"
    annotation: Any = Case
    done: list[str] = []
    for step in steps:
        annotation = unwrap_annotation(annotation)
        if isinstance(step, int):
            if get_origin(annotation) is not list:
                return f"{'.'.join(done) or 'the case'} is not a list"
            annotation = get_args(annotation)[0]
            continue
        if get_origin(annotation) is dict:
            return None  # free-form (``extra``): any key
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return f"{'.'.join(done)} has no fields (it is a value)"
        fields = annotation.model_fields
        if step not in fields:
            where = ".".join(done) or "the case"
            return f"{where} has no field '{step}'{did_you_mean(step, fields)}"
        annotation = fields[step].annotation
        done.append(step)
    return None


def check_names(loaded: Loaded, policy: Any) -> list[Diagnostic]:
    """Every unknown name and every empty expectation of a (schema-valid) test file."""
    rules, lines = policy_names(policy)
    disabled = set(policy.definition.disabled)
    out: list[Diagnostic] = []

    def problem(message: str, where: tuple[str | int, ...],
                code: str = codes.TEST_UNKNOWN_NAME) -> None:
        pos = loaded.positions.nearest(where)
        out.append(Diagnostic(message, code, file=pos.file, line=pos.line, column=pos.column,
                              source_line=loaded.line(pos.line)))

    def rule(rid: str, where: tuple[str | int, ...]) -> None:
        if rid in rules:
            return
        why = (" (the policy switches it off with adjust)" if rid in disabled
               else did_you_mean(rid, rules))
        problem(f"rule '{rid}' is not in policy {policy.info.id}{why}", where)

    for i, test in enumerate(loaded.data.get("tests") or ()):
        expect = test.get("expect") or {}
        base = ("tests", i, "expect")
        if not any(k in expect and expect[k] not in ([], {}) for k in EXPECTATIONS):
            problem(f"test '{test.get('name')}' expects nothing: give a verdict, findings, "
                    "passed, not_applicable, waived, settlement or total_required",
                    ("tests", i, "expect"), codes.TEST_EXPECTS_NOTHING)
        for key in FINDING_LISTS:
            for j, ref in enumerate(expect.get(key) or ()):
                rule(ref["rule"], (*base, key, j, "rule"))
        for key in RULE_LISTS:
            for j, rid in enumerate(expect.get(key) or ()):
                rule(rid, (*base, key, j))
        for line_id in expect.get("settlement") or {}:
            if line_id not in lines:
                why = (" (the policy switches it off with adjust)" if line_id in disabled
                       else did_you_mean(line_id, lines))
                problem(f"settlement line '{line_id}' is not in policy {policy.info.id}{why}",
                        (*base, "settlement", line_id))
        for path in test.get("set") or {}:
            wrong = field_path_problem(path)
            if wrong is not None:
                problem(f"set {path}: not a case field: {wrong}", ("tests", i, "set", path))
    return out
