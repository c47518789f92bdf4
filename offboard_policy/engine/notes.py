"""Informational findings the engine adds beside the rules' own: an overpayment, and amounts
that rest on approximate parameter values."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..policy.compile import CompiledPolicy
from ..report.model import Finding, LocalText, ParameterUse, SettlementLine
from .text import format_value

OVERPAYMENT = "OP-overpayment"
APPROXIMATE = "OP-approximate-parameter"
_TIER = re.compile(r"(?:^|;\s*)([A-E])(?:\s*\([^)]*\))?\s*:")
"""A source's tier as the tables write it: ``B: ...``, ``B (value): ...; A (date): ...``."""


def overpayment(line: SettlementLine, source: str | None = None) -> Finding | None:
    """An ``info`` finding when HR proposes more than ``line`` requires, with the excess."""
    if line.required is None or line.proposed <= line.required:
        return None
    extra = line.proposed - line.required
    title = line.title
    return Finding(
        rule=OVERPAYMENT,
        severity="info",
        status="violation",
        message=LocalText(
            zh=f"{title.zh}：拟付 {line.proposed:,.2f} 元，应付 {line.required:,.2f} 元，"
               f"多付 {extra:,.2f} 元。",
            en=f"{title.en}: CNY {line.proposed:,.2f} proposed, {line.required:,.2f} "
               f"required: {extra:,.2f} more than owed."),
        citation=line.citation,
        title=LocalText(zh="拟付高于应付", en="Proposed above required"),
        fields=(f"settlement.{line.id}",),
        hint=LocalText(
            zh="多付不违法；请确认是有意为之（公司额外支付宜单列为公司项目）。",
            en="Paying more than the law requires is allowed; check that it is intended (a "
               "company extra belongs on its own line)."),
        source=source,
    )


def source_tier(source: str | None) -> str | None:
    """The weakest tier letter a source names (``A`` best), or None when it names none."""
    tiers = _TIER.findall(source or "")
    return max(tiers) if tiers else None


def amount_params(policy: CompiledPolicy) -> frozenset[str]:
    """The parameters a settlement amount of ``policy`` reads, through derived values too."""
    found: frozenset[str] | None = policy.engine_cache.get("amount_params")
    if found is not None:
        return found
    found = policy.reach(e for line in policy.settlement for e in (line.when, line.amount)).params
    policy.engine_cache["amount_params"] = found
    return found


def approximate_notes(used: Iterable[ParameterUse], policy: CompiledPolicy) -> list[Finding]:
    """One ``info`` finding per parameter value an amount rests on that is approximate or
    whose source is below tier B, naming the value, its source and why."""
    out = []
    amounts = amount_params(policy)
    for p in used:
        if p.name not in amounts:
            continue
        tier = source_tier(p.source)
        weak = tier is not None and tier > "B"
        if not (p.approximate or weak):
            continue
        where = f" ({p.city})" if p.city else ""
        since = f" from {p.effective_from}" if p.effective_from else ""
        since_zh = f"自 {p.effective_from} 起" if p.effective_from else ""
        why_en = "its start date is approximate" if p.approximate else ""
        why_zh = "生效日期为近似值" if p.approximate else ""
        if weak:
            why_en += ("; " if why_en else "") + f"its source is tier {tier}, below B"
            why_zh += ("；" if why_zh else "") + f"来源等级为 {tier}，低于 B"
        note = f" ({p.note})" if p.note else ""
        out.append(Finding(
            rule=APPROXIMATE,
            severity="info",
            status="violation",
            message=LocalText(
                zh=f"本报告依据的参数 {p.name}{where} = {format_value(p.value, 'zh')}"
                   f"（{since_zh}）{why_zh}。来源：{p.source}{note}",
                en=f"This report rests on {p.name}{where} = {format_value(p.value)}{since}, "
                   f"and {why_en}. Source: {p.source}{note}"),
            citation=p.source or "parameter table",
            title=LocalText(zh="近似参数", en="Approximate figure"),
            fields=(f"params.{p.name}",),
            hint=LocalText(
                zh="对照来源核实该数值及其生效日期；公司政策可用 set: 给出准确值。",
                en="Verify the value and its start date against the source; a policy may set "
                   "the exact figure with set:."),
        ))
    return out
