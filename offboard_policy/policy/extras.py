"""A company's extra on a statutory settlement line: its own line, and an amount never below zero.

Layering turns ``adjust: settlement: LINE: {extra: ...}`` into an :class:`ExtraDef` on the
line; the compiler makes each extra a settlement line of its own with :func:`extra_line`
(expression source text for its proposed amount) and floors its amount with :func:`clamped`.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..expr import Compiled, MissingValue, Scope
from ..report.model import LocalText
from .model import ExprSource, ExtraDef, SettlementDef

ZERO = Decimal(0)


def _value(extra: Compiled, scope: Scope) -> Decimal:
    value = extra.fn(scope)
    if value is None:
        raise MissingValue((extra.source,), f"'{extra.source}' has no value for this case")
    result: Decimal = max(value, ZERO)
    return result


def clamped(extra: Compiled) -> Compiled:
    """``extra`` evaluated and floored at zero: a company's extra never takes anything away."""
    return replace(extra, source=f"max({extra.source}, 0)",
                   fn=lambda scope: _value(extra, scope))


def extra_line(line: SettlementDef, extra: ExtraDef, index: int) -> SettlementDef:
    """The company's own settlement line for ``extra``, beside the statutory ``line``.

    The statutory line keeps the statutory amount (a JSON consumer reads N as N); the extra is
    its own line, ``<line>_extra`` (``_extra_2``... for more than one), applying when the
    statutory line applies, proposed through ``settlement.other`` items with its id.
    """
    line_id = f"{line.id}_extra" if index == 0 else f"{line.id}_extra_{index + 1}"
    proposed = ExprSource(
        text=f'sum(o.amount for o in settlement.other if o.id == "{line_id}")',
        origin=extra.expr.origin, display=extra.expr.display, field=extra.expr.field)
    clause = f", {extra.clause}" if extra.clause else ""
    title = line.title or LocalText(zh=line.id, en=line.id)
    return replace(
        line,
        id=line_id,
        rule="INT-" + line_id.replace("_", "-"),
        amount=extra.expr,
        proposed=proposed,
        title=LocalText(zh=f"{title.zh}：{extra.label.zh}", en=f"{title.en}: {extra.label.en}"),
        citation=f"{extra.policy} (company policy{clause})",
        basis=LocalText(zh=f"公司政策 {extra.policy}：{extra.label.zh}",
                        en=f"company policy {extra.policy}: {extra.label.en}"),
        shortfall_message=None,
        hint=LocalText(zh=f"在 settlement.other 中以 id {line_id} 列出拟付金额。",
                       en=f"List the payment in settlement.other with id {line_id}."),
        fields=("settlement.other",),
        description=f"Company extra on top of {line.id} ({extra.policy}); never negative.",
        clause=extra.clause,
        kind="internal",
        extras=(),
        text_sources={},
    )


