"""The fixed words of human-readable reports, in Chinese and English, in one table."""

from __future__ import annotations

from offboard_policy.report.model import Lang

#: key -> (zh, en). ``{n}`` is a count; ``{s}`` becomes the English plural "s" when n != 1.
LABELS: dict[str, tuple[str, str]] = {
    "verdict.blocked": ("✗ 不可结案", "✗ BLOCKED"),
    "verdict.ready": ("✓ 可以结案", "✓ READY"),
    "n_blocking": ("{n} 项阻断性问题", "{n} blocking finding{s}"),
    "n_warnings": ("{n} 项警告", "{n} warning{s}"),
    "case": ("案件", "Case"),
    "policy": ("政策", "Policy"),
    "as_of": ("评估日期", "As of"),
    "severity.blocking": ("阻断", "Blocking"),
    "severity.warning": ("警告", "Warnings"),
    "severity.info": ("提示", "Info"),
    "status.violation": ("违规", "violation"),
    "status.incomplete": ("数据不全", "incomplete"),
    "status.waived": ("已豁免", "waived"),
    "citation": ("依据", "Citation"),
    "fields": ("相关字段", "Fields"),
    "hint": ("处理建议", "Fix"),
    "exposure": ("违法解除风险", "Exposure"),
    "waived": ("已豁免的问题", "Waived findings"),
    "approved_by": ("批准人", "approved by"),
    "approved_on": ("批准日期", "approved on"),
    "until": ("有效期至", "until"),
    "no_expiry": ("长期有效", "no expiry"),
    "reason": ("理由", "reason"),
    "no_findings": ("未发现问题。", "No findings."),
    "settlement": ("结算", "Settlement"),
    "no_settlement": ("无结算项目。", "No settlement lines."),
    "line": ("项目", "Line"),
    "required": ("应付", "Required"),
    "proposed": ("拟付", "Proposed"),
    "shortfall": ("差额", "Shortfall"),
    "due": ("支付期限", "Due"),
    "basis": ("计算依据", "Basis"),
    "total": ("合计", "Total"),
    "unknown": ("无法计算", "unknown"),
    "deviations": ("政策偏离", "Deviations"),
    "rule": ("规则", "Rule"),
    "parameters": ("所用参数", "Parameters used"),
    "parameters_hidden": ("另有 {n} 个参数取法定值或法律未明确时的默认值；--verbose 列出全部。",
                          "{n} more parameters at their statutory or default values; --verbose "
                          "lists them all."),
    "company_param": ("公司政策", "company policy"),
    "name": ("名称", "Name"),
    "value": ("取值", "Value"),
    "effective_from": ("生效日期", "Effective from"),
    "city": ("城市", "City"),
    "source": ("来源", "Source"),
    "verdict.approximate": ("≈ 依据近似参数（见“提示”）",
                            "≈ rests on approximate figures (see Info)"),
    "approximate": ("≈ 近似值，请对照来源核实", "≈ approximate value: verify against the source"),
}


def label(key: str, lang: Lang, n: int | None = None) -> str:
    """The label ``key`` in ``lang``, with the count ``n`` filled in when given."""
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    if n is not None:
        text = text.format(n=n, s="" if n == 1 else "s")
    return text


def headline(verdict: str, blocking: int, warnings: int, lang: Lang) -> str:
    """The one-line verdict: ``✗ BLOCKED — 3 blocking findings`` / ``✓ 可以结案 — 1 项警告``."""
    if verdict == "blocked":
        head = label("verdict.blocked", lang)
        return f"{head} — {label('n_blocking', lang, blocking)}" if blocking else head
    head = label("verdict.ready", lang)
    return f"{head} — {label('n_warnings', lang, warnings)}" if warnings else head
