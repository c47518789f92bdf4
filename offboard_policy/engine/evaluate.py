"""Evaluate a compiled policy against one case and produce the report."""

from __future__ import annotations

import difflib
from datetime import date
from decimal import Decimal
from enum import Enum
from time import monotonic
from typing import Any

from ..case import Case, case_digest
from ..expr import EvaluationError, MissingValue
from ..expr.runtime import round_money
from ..policy.compile import CompiledPolicy
from ..report.model import (
    SEVERITY_ORDER,
    Finding,
    LocalText,
    Report,
    SettlementLine,
    Verdict,
    Waiver,
)
from .scope import CaseScope
from .tables import CheckRow, LineRow
from .text import fill, missing_detail, missing_fields

ZERO = Decimal("0.00")


class NotApplicable(Enum):
    """A check whose ``when`` is false for this case: neither held nor a finding."""

    NOT_APPLICABLE = "not applicable"


NOT_APPLICABLE = NotApplicable.NOT_APPLICABLE
NOT_OWED = LocalText(zh="本案依法无需支付；所列为 HR 拟付金额",
                     en="not owed in this case; HR proposes it")


class BudgetExceeded(Exception):
    """The evaluation passed its ``deadline`` (the service's per-request budget)."""


def evaluate(policy: CompiledPolicy, case: Case, *, as_of: date | None = None,
             trace: bool = True, deadline: float | None = None) -> Report:
    """Check ``case`` under ``policy``.

    ``as_of`` is the date parameters are looked up for and waivers are judged against; it
    defaults to the case's termination date. With ``deadline`` (a ``time.monotonic()``
    value) the evaluation stops with :class:`BudgetExceeded` between two rules once it has
    passed (each expression is bounded by the compile-time limits).
    """
    day = as_of or case.termination.termination_date
    scope = CaseScope(policy, case, day, trace=trace)
    findings: list[tuple[int, Finding]] = []
    passed: list[str] = []
    not_applicable: list[str] = []
    tables = scope.tables
    for order, row in enumerate(tables.checks):
        if deadline is not None and monotonic() > deadline:
            raise BudgetExceeded(f"stopped before check {row.check.definition.id}")
        outcome = _check(row, scope)
        if outcome is None:
            passed.append(row.check.definition.id)
        elif isinstance(outcome, Finding):
            findings.append((order, outcome))
        else:
            not_applicable.append(row.check.definition.id)
    lines: list[SettlementLine] = []
    base = len(tables.checks)
    for order, line_row in enumerate(tables.lines, start=base):
        if deadline is not None and monotonic() > deadline:
            raise BudgetExceeded("stopped before the settlement lines")
        result, finding = _line(line_row, scope)
        if result is not None:
            lines.append(result)
        if finding is not None:
            findings.append((order, finding))
    waivers = tuple(
        Waiver(rule=w.rule, approved_by=w.approved_by, reason=w.reason, expires_on=w.expires_on)
        for w in case.waivers
    )
    final = _apply_waivers([f for _, f in findings], [o for o, _ in findings], waivers,
                           policy, day)
    final.sort(key=lambda item: (SEVERITY_ORDER[item[1].severity], item[0]))
    ordered = tuple(f for _, f in final)
    verdict: Verdict = "blocked" if any(f.is_blocking for f in ordered) else "ready"
    return Report(
        case_id=case.case_id,
        verdict=verdict,
        policy=policy.info,
        as_of=day,
        findings=ordered,
        settlement=tuple(lines),
        trace=tuple(scope.trace),
        parameters=scope.parameters_used(),
        deviations=policy.deviations,
        waivers=waivers,
        case_digest=case_digest(case),
        passed=tuple(passed),
        not_applicable=tuple(not_applicable),
        notices=policy.notices,
    )


def _check(row: CheckRow, scope: CaseScope) -> Finding | NotApplicable | None:
    """None when the check holds, NOT_APPLICABLE when it does not apply, else the finding."""
    check = row.check
    d = check.definition
    try:
        if row.when is not None and not _truth(row.when(scope), d.when):
            return NOT_APPLICABLE
        if _truth(row.assertion(scope), d.assertion):
            return None
    except (MissingValue, EvaluationError) as exc:
        return _incomplete(d.id, d.severity, d.citation, exc, title=d.title, hint=d.hint,
                           source=row.source, extra_fields=d.fields)
    exposure = None
    if row.exposure is not None:
        try:
            exposure = round_money(row.exposure(scope))
        except (MissingValue, EvaluationError):
            exposure = None
    return Finding(
        rule=d.id,
        severity=d.severity,
        status="violation",
        message=fill(d.message, row.texts, scope),
        citation=d.citation,
        title=d.title,
        fields=d.fields,
        hint=fill(d.hint, row.texts, scope) if d.hint else None,
        exposure=exposure,
        source=row.source,
    )


def _truth(value: Any, src: Any) -> bool:
    if value is None:
        raise MissingValue((src.text,), f"'{src.text}' has no value for this case")
    return bool(value)


def _incomplete(rule: str, severity: Any, citation: str, exc: Exception, *,
                title: LocalText | None, hint: LocalText | None, source: str,
                extra_fields: tuple[str, ...] = ()) -> Finding:
    fields = missing_fields(exc)
    detail = missing_detail(exc)
    if isinstance(exc, MissingValue):
        # The detail is English (rule authors write missing("...") texts in English); the
        # Chinese message names the missing fields and parameters instead.
        zh = (f"数据不足，无法判断，缺少：{'、'.join(fields)}" if fields
              else f"数据不足，无法判断：{detail}")
        en = f"Cannot decide, data missing: {detail}"
    else:
        zh, en = f"无法计算：{detail}", f"Cannot compute: {detail}"
    return Finding(
        rule=rule,
        severity=severity,
        status="incomplete",
        message=LocalText(zh=zh, en=en),
        citation=citation,
        title=title,
        fields=tuple(dict.fromkeys((*fields, *extra_fields))),
        hint=hint or LocalText(zh="补充上述数据后重新检查。",
                               en="Supply the data named above and check again."),
        source=source,
    )


def _line(row: LineRow, scope: CaseScope) -> tuple[SettlementLine | None, Finding | None]:
    line = row.line
    d = line.definition
    title = d.title or LocalText(zh=d.id, en=d.id)
    proposed = ZERO
    if row.proposed is not None:
        try:
            raw = row.proposed(scope)
            proposed = round_money(raw) if raw is not None else ZERO
        except (MissingValue, EvaluationError):
            proposed = ZERO
    try:
        if row.when is not None and not _truth(row.when(scope), d.when):
            # Not owed. A payment HR proposes all the same stays visible (required 0.00), so
            # that the totals show everything HR intends to pay.
            if proposed > 0:
                return SettlementLine(id=d.id, rule=d.rule, title=title, required=ZERO,
                                      proposed=proposed, citation=d.citation,
                                      basis=NOT_OWED), None
            return None, None
    except (MissingValue, EvaluationError) as exc:
        return None, _incomplete(d.rule, d.severity, d.citation, exc, title=title, hint=d.hint,
                                 source=row.source, extra_fields=d.fields)
    due = None
    if row.due is not None:
        try:
            due = row.due(scope)
        except (MissingValue, EvaluationError):
            due = None
    try:
        required = round_money(row.amount(scope))
    except (MissingValue, EvaluationError) as exc:
        result = SettlementLine(id=d.id, rule=d.rule, title=title, required=None,
                                proposed=proposed, citation=d.citation, basis=None, due=due)
        return result, _incomplete(d.rule, d.severity, d.citation, exc, title=title,
                                   hint=d.hint, source=row.source, extra_fields=d.fields)
    basis = fill(d.basis, row.texts, scope) if d.basis else None
    result = SettlementLine(id=d.id, rule=d.rule, title=title, required=required,
                            proposed=proposed, citation=d.citation, basis=basis, due=due)
    shortfall = result.shortfall
    if not shortfall:
        return result, None
    amounts = {"required": required, "proposed": proposed, "shortfall": shortfall}
    message = (fill(d.shortfall_message, row.texts, scope, extra=amounts)
               if d.shortfall_message else LocalText(
                   zh=f"{title.zh}：应付 {required:,.2f} 元，拟付 {proposed:,.2f} 元，"
                      f"差额 {shortfall:,.2f} 元。",
                   en=f"{title.en}: CNY {required:,.2f} required, {proposed:,.2f} proposed, "
                      f"shortfall {shortfall:,.2f}."))
    return result, Finding(
        rule=d.rule,
        severity=d.severity,
        status="violation",
        message=message,
        citation=d.citation,
        title=title,
        fields=d.fields or (f"settlement.{d.id}",),
        hint=fill(d.hint, row.texts, scope) if d.hint else LocalText(
            zh=f"将拟付金额调整为不低于 {required:,.2f} 元。",
            en=f"Raise the proposed amount to at least CNY {required:,.2f}."),
        source=row.source,
    )


def _apply_waivers(findings: list[Finding], orders: list[int], waivers: tuple[Waiver, ...],
                   policy: CompiledPolicy, day: date) -> list[tuple[int, Finding]]:
    """Honour waivers on waivable checks; a misused waiver is a finding of its own."""
    by_rule: dict[str, Waiver] = {}
    for w in waivers:
        by_rule.setdefault(w.rule, w)
    out: list[tuple[int, Finding]] = []
    extra_order = len(policy.checks) + len(policy.settlement)
    for order, f in zip(orders, findings, strict=True):
        waiver = by_rule.get(f.rule)
        check = policy.check_index.get(f.rule)
        if waiver is None or f.status == "waived":
            out.append((order, f))
            continue
        if check is None or not check.definition.waivable:
            out.append((order, f))
            out.append((extra_order, _waiver_problem(
                waiver, "OP-waiver-not-waivable",
                LocalText(zh=f"规则 {f.rule} 不可豁免，豁免无效（批准人 {waiver.approved_by}）。",
                          en=f"Rule {f.rule} cannot be waived; the waiver approved by "
                             f"{waiver.approved_by} is void."))))
            continue
        if waiver.expires_on is not None and waiver.expires_on < day:
            out.append((order, f))
            out.append((extra_order, _waiver_problem(
                waiver, "OP-waiver-expired",
                LocalText(zh=f"规则 {f.rule} 的豁免已于 {waiver.expires_on} 过期。",
                          en=f"The waiver of {f.rule} expired on {waiver.expires_on}."))))
            continue
        out.append((order, Finding(
            rule=f.rule, severity=f.severity, status="waived", message=f.message,
            citation=f.citation, title=f.title, fields=f.fields, hint=f.hint,
            exposure=f.exposure, waiver=waiver, source=f.source)))
    known = _rule_ids(policy)
    for w in by_rule.values():
        if w.rule not in known:
            close = difflib.get_close_matches(w.rule, sorted(known), n=1)
            hint_en = f" (did you mean {close[0]}?)" if close else ""
            hint_zh = f"（是否应为 {close[0]}？）" if close else ""
            out.append((extra_order, _waiver_problem(
                w, "OP-waiver-unknown-rule",
                LocalText(zh=f"豁免指向的规则 {w.rule} 不存在于本策略{hint_zh}，豁免无效。",
                          en=f"The waiver names rule {w.rule}, which this policy does not have"
                             f"{hint_en}; it waives nothing."))))
    return out


def _rule_ids(policy: CompiledPolicy) -> set[str]:
    """Every rule id a finding under ``policy`` can carry (checks and settlement lines)."""
    ids: set[str] | None = policy.engine_cache.get("rule_ids")
    if ids is None:
        ids = set(policy.check_index) | {line.definition.rule for line in policy.settlement}
        policy.engine_cache["rule_ids"] = ids
    return ids


def _waiver_problem(waiver: Waiver, rule: str, message: LocalText) -> Finding:
    return Finding(
        rule=rule,
        severity="warning",
        status="violation",
        message=message,
        citation="offboard-policy: waivers apply only to waivable rules, until they expire",
        fields=("waivers",),
        hint=LocalText(zh="删除该豁免，或按规则要求整改。",
                       en="Remove the waiver, or fix what the rule asks for."),
        waiver=waiver,
    )
