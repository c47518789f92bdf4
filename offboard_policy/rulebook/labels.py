"""The fixed words of a rule book, in Chinese and English."""

from __future__ import annotations

from ..report.model import Lang

LABELS: dict[str, tuple[str, str]] = {  # key: (zh, en)
    "rule book": ("规则手册", "Rule book"),
    "generated": ("本文件由以下命令生成，请勿手工修改：",
                  "Generated from the policy and its rule files by "),
    "digest": ("政策摘要", "Policy digest"),
    "approval": ("审批", "Approval"),
    "no approval": ("本政策没有审批记录。", "The policy has no approval record."),
    "approval current": ("审批记录与当前内容一致", "the approval matches the current content"),
    "approval stale": ("内容已在审批后修改，审批已过期（offboard-policy approve 重新审批）",
                       "the content changed after approval: the approval is stale (re-approve "
                       "with offboard-policy approve)"),
    "approved by": ("审批人", "Approved by"),
    "deviations": ("偏离法定规则", "Deviations"),
    "none": ("无。", "None."),
    "rule": ("规则", "rule"),
    "reason": ("理由", "reason"),
    "on": ("日期", "on"),
    "policy": ("政策", "policy"),
    "waivable rules": ("可豁免的规则", "Waivable rules"),
    "waivable note": ("以下检查可由案件中经批准且未过期的豁免（waivers）豁免；法定金额不可豁免。",
                      "A case may waive these checks with an approved waiver that has not "
                      "expired; statutory amounts are never waivable."),
    "rules by topic": ("按主题列出的规则", "Rules by topic"),
    "statutory module": ("法定规则模块", "Statutory rule module"),
    "company module": ("公司规则模块", "Company rule module"),
    "disabled": ("已由政策停用（adjust）。", "is switched off by the policy (adjust)."),
    "severity": ("严重程度", "Severity"),
    "blocking": ("阻断", "blocking"),
    "warning": ("警告", "warning"),
    "info": ("提示", "info"),
    "waivable": ("可豁免", "waivable"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "applies when": ("适用条件", "Applies when"),
    "always": ("始终适用", "always"),
    "asserts": ("要求", "Requires"),
    "citation": ("依据", "Citation"),
    "message": ("提示信息", "Message"),
    "hint": ("处理建议", "Hint"),
    "basis": ("计算说明", "Basis"),
    "fields": ("相关字段", "Fields"),
    "exposure": ("风险金额", "Exposure"),
    "defined at": ("定义位置", "Defined at"),
    "settlement line": ("结算项", "Settlement line"),
    "amount": ("金额", "Amount"),
    "due": ("应付日", "Due"),
    "proposed": ("拟付金额", "Proposed"),
    "values used": ("所用派生值（展开）：", "Derived values used (expanded):"),
    "value": ("派生值", "value"),
    "formula": ("公式", "formula"),
    "module values": ("本模块定义的派生值：", "Derived values defined in this module:"),
    "parameters": ("参数", "Parameters"),
    "tier": ("层级", "Tier"),
    "statutory": ("法定", "statutory"),
    "option": ("法律未明确的选项（可由政策设定）",
               "option the law leaves open (a policy may set it)"),
    "company": ("公司政策", "company policy"),
    "national": ("全国", "national"),
    "city": ("城市", "city"),
    "from": ("起始日（≈ 为推定日期）", "from (≈ approximate date)"),
    "source": ("来源", "source"),
    "note": ("备注", "note"),
    "annual": ("年度", "annual"),
    "no values": ("没有取值。", "No values."),
    "glossary": ("缩写", "Glossary"),
    "glossary note": ("引用中使用的缩写；各法规条文的说明见 ",
                      "Abbreviations used in the citations; notes on each instrument and "
                      "article are in "),
    "abbreviation": ("缩写", "abbreviation"),
    "instrument": ("法规名称", "instrument"),
    "notes": ("条文说明", "notes"),
}


def label(key: str, lang: Lang) -> str:
    """The word for ``key`` in ``lang``."""
    zh, en = LABELS[key]
    return zh if lang == "zh" else en
