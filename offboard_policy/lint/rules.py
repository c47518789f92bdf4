"""Lint rules (OP7xx): likely mistakes in files that load, and in policies that compile.

File rules read the raw YAML (so they can point at the exact field); policy rules read the
compiled policy: which values and parameters the rules really use, constant conditions,
city coverage of parameters used together, and the approval of deviations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from offboard_policy import codes

from ..errors import Diagnostic, Severity, SourcePos
from ..policy.compile import CompiledPolicy
from ..policy.model import PolicyDef
from ..yamlio import Loaded, ScalarOrigin

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_PLACEHOLDER_CITATION = re.compile(r"^\s*(todo|tbd|fixme|xxx|n/?a|none|\?+|-+)?\s*$|\bTODO\b",
                                   re.IGNORECASE)
_TEXT_KEYS = ("title", "message", "hint", "basis", "shortfall_message")


def _diag(loaded: Loaded, path: tuple[str | int, ...], message: str, code: str,
          severity: Severity = "error", *, key: bool = False) -> Diagnostic:
    pos = (loaded.positions.key(path) if key else None) or loaded.positions.nearest(path)
    return Diagnostic(message, code, file=pos.file, line=pos.line, column=pos.column,
                      field=".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path)
                      .replace(".[", "["), severity=severity, source_line=loaded.line(pos.line))


def _texts(loaded: Loaded, base: tuple[str | int, ...], item: dict[str, Any]) -> Iterator[
        Diagnostic]:
    for key in _TEXT_KEYS:
        text = item.get(key)
        if not isinstance(text, dict):
            continue
        zh, en = str(text.get("zh") or ""), str(text.get("en") or "")
        if not zh.strip():
            yield _diag(loaded, (*base, key), f"'{key}' has no Chinese (zh) text",
                codes.LINT_TRANSLATION)
        elif not _CJK.search(zh):
            yield _diag(loaded, (*base, key, "zh"), f"'{key}.zh' contains no Chinese "
                        "characters: is it still the English text?",
                            codes.LINT_TRANSLATION, "warning")
        if not en.strip():
            yield _diag(loaded, (*base, key), f"'{key}' has no English (en) text",
                codes.LINT_TRANSLATION)
        elif not _LATIN.search(en):
            yield _diag(loaded, (*base, key, "en"), f"'{key}.en' contains no English words: "
                        "is it still the Chinese text?", codes.LINT_TRANSLATION, "warning")


def module_rules(loaded: Loaded) -> list[Diagnostic]:
    """OP701 placeholder citations, OP702 missing or untranslated texts, in a rule module."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    out: list[Diagnostic] = []
    for section in ("checks", "settlement"):
        for i, item in enumerate(data.get(section) or []):
            if not isinstance(item, dict):
                continue
            ident = item.get("id", f"#{i + 1}")
            cite = item.get("citation")
            if isinstance(cite, str) and _PLACEHOLDER_CITATION.search(cite):
                out.append(_diag(loaded, (section, i, "citation"),
                                 f"'{ident}' has no real citation ({cite!r})", codes.LINT_CITATION))
            out.extend(_texts(loaded, (section, i), item))
    return out


def parameter_rules(loaded: Loaded) -> list[Diagnostic]:
    """OP701 parameters without a citation, OP704 dated values without a source."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    out: list[Diagnostic] = []
    for name, spec in (data.get("parameters") or {}).items():
        if not isinstance(spec, dict):
            continue
        if not str(spec.get("citation") or "").strip():
            out.append(_diag(loaded, ("parameters", name),
                             f"parameter '{name}' has no citation", codes.LINT_CITATION, "warning",
                             key=True))
        values = spec.get("values")
        series = (values.items() if isinstance(values, dict) else [(None, values)])
        for city, entries in series:
            for i, entry in enumerate(entries if isinstance(entries, list) else []):
                if isinstance(entry, dict) and not str(entry.get("source") or "").strip() \
                        and entry.get("value") is not None:
                    path: tuple[str | int, ...] = ("parameters", name, "values",
                                                   *((city,) if city else ()), i)
                    out.append(_diag(loaded, path,
                                     f"value of '{name}' from {entry.get('from')} has no "
                                     "source", codes.LINT_SOURCE, "warning"))
    return out


@dataclass
class Usage:
    """What one compiled policy defines and uses (for OP706/OP707 across policies)."""

    params: dict[tuple[str, str], SourcePos] = field(default_factory=dict)
    values: dict[tuple[str, str], SourcePos] = field(default_factory=dict)
    used_params: set[tuple[str, str]] = field(default_factory=set)
    used_values: set[tuple[str, str]] = field(default_factory=set)


def _roots(policy: CompiledPolicy) -> Iterator[tuple[str, list[Any]]]:
    for c in policy.checks:
        yield c.definition.id, [c.when, c.assertion, c.exposure, *c.texts.values()]
    for line in policy.settlement:
        yield line.definition.rule, [line.when, line.amount, line.proposed, line.due,
                                     *line.texts.values()]


def _reach(policy: CompiledPolicy, exprs: list[Any]) -> tuple[frozenset[str], frozenset[str]]:
    """Values and parameters that ``exprs`` read, directly or through values."""
    reach = policy.reach(exprs)
    return reach.values, reach.params


def usage(policy: CompiledPolicy) -> Usage:
    """Definitions of ``policy`` and which of them its checks and lines need."""
    u = Usage()
    for name, p in policy.params.items():
        u.params[(p.definition.path, name)] = p.definition.pos
    for name, v in policy.values.items():
        u.values[(v.definition.pos.file, name)] = v.definition.pos
    values, params = _reach(policy, [e for _, exprs in _roots(policy) for e in exprs])
    u.used_values = {(policy.values[n].definition.pos.file, n) for n in values
                     if n in policy.values}
    u.used_params = {(policy.params[n].definition.path, n) for n in params
                     if n in policy.params}
    return u


def unused(usages: list[Usage], skip_files: set[str]) -> list[Diagnostic]:
    """OP706/OP707: definitions no policy uses (files of failing policies are skipped)."""
    out: list[Diagnostic] = []
    for attr, used_attr, code, what in (("params", "used_params",
        codes.LINT_UNUSED_PARAMETER, "parameter"),
                                        ("values", "used_values",
                                            codes.LINT_UNUSED_VALUE, "value")):
        defined: dict[tuple[str, str], SourcePos] = {}
        used: set[tuple[str, str]] = set()
        for u in usages:
            defined.update(getattr(u, attr))
            used |= getattr(u, used_attr)
        for key in sorted(defined.keys() - used):
            pos = defined[key]
            if key[0] in skip_files or pos.file in skip_files:
                continue
            out.append(Diagnostic(f"{what} '{key[1]}' is not used by any check or "
                                  "settlement line", code, file=pos.file, line=pos.line,
                                  column=pos.column, severity="warning"))
    return out


class _ConstScope:
    """A scope for expressions that read no case data and no parameters."""

    def __init__(self, policy: CompiledPolicy) -> None:
        self.policy = policy

    def case_root(self, name: str) -> Any:
        raise LookupError(name)

    def param(self, name: str) -> Any:
        raise LookupError(name)

    def value(self, name: str) -> Any:
        return self.policy.values[name].expr.fn(self)


def constant_conditions(policy: CompiledPolicy) -> list[Diagnostic]:
    """OP708: ``when``/``assert`` that read neither case data nor parameters."""
    out: list[Diagnostic] = []
    scope = _ConstScope(policy)
    for c in policy.checks:
        for what, expr, src in (("when", c.when, c.definition.when),
                                ("assert", c.assertion, c.definition.assertion)):
            if expr is None or src is None:
                continue
            values, params = _reach(policy, [expr])
            fields = set(expr.field_refs).union(
                *(policy.values[v].expr.field_refs for v in values if v in policy.values))
            if params or fields:
                continue
            try:
                result = bool(expr.fn(scope))
            except Exception:  # not decidable without a case: not a lint finding
                continue
            effect = {("when", False): "the check never applies",
                      ("when", True): "the 'when' is redundant",
                      ("assert", False): "the check always fails",
                      ("assert", True): "the check can never fail"}[(what, result)]
            origin = src.origin
            pos = origin.pos if isinstance(origin, ScalarOrigin) else origin
            out.append(Diagnostic(
                f"'{c.definition.id}': {what} '{src.text}' does not depend on the case: it is "
                f"always {'true' if result else 'false'} ({effect})", codes.LINT_CONSTANT,
                file=getattr(pos, "file", None), line=getattr(pos, "line", None),
                column=getattr(pos, "column", None), field=src.field,
                severity="error" if (what, result) == ("assert", False) else "warning"))
    return out


def city_gaps(policy: CompiledPolicy) -> list[Diagnostic]:
    """OP705: a city one parameter has but another, used by the same rule, lacks."""
    from ..policy.params import WILDCARD

    gaps: dict[tuple[str, str, str], set[str]] = {}
    for rule, exprs in _roots(policy):
        _, params = _reach(policy, exprs)
        by_city = sorted(p for p in params if p in policy.params
                         and policy.params[p].definition.by_city)
        for a in by_city:
            for b in by_city:
                cities_b = policy.params[b].cities
                if a == b or WILDCARD in cities_b:
                    continue
                for city in sorted(set(policy.params[a].cities) - set(cities_b) - {WILDCARD}):
                    gaps.setdefault((b, city, a), set()).add(rule)
    out = []
    for (b, city, a), rules in sorted(gaps.items()):
        pos = policy.params[b].definition.pos
        out.append(Diagnostic(
            f"parameter '{b}' has no entry for city '{city}', which '{a}' has; "
            f"{', '.join(sorted(rules))} use{'s' if len(rules) == 1 else ''} both",
            codes.LINT_CITY_GAP, file=pos.file, line=pos.line, column=pos.column,
            severity="warning"))
    return out


def deviation_rules(definition: PolicyDef, policy: CompiledPolicy) -> list[Diagnostic]:
    """OP709: deviations without an approval record, or naming an unknown rule; plus the
    loader's warnings (a stale approval digest)."""
    out: list[Diagnostic] = []
    rules = {c.definition.id for c in policy.checks} | {
        line.definition.rule for line in policy.settlement}
    approval = definition.approval
    for d in definition.deviations:
        pos = d.pos
        if d.rule not in rules and not d.rule.startswith("params."):
            out.append(Diagnostic(f"deviation names rule '{d.rule}', which no included "
                                  "module defines",
                                      codes.LINT_DEVIATION, file=pos.file, line=pos.line,
                                  column=pos.column))
        if approval is None:
            out.append(Diagnostic(f"deviation from '{d.rule}' but the policy has no "
                                  "'approval:' record", codes.LINT_DEVIATION, file=pos.file,
                                  line=pos.line, column=pos.column))
    # A stale approval digest is the loader's own warning (PolicyDef.warnings): keep it.
    out.extend(getattr(definition, "warnings", ()))
    return out
