"""Explanations as text (a tree, zh or en), Markdown (nested lists) and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from ..report.model import Lang
from .readable import readable
from .tree import Explanation, Node

EXPLAIN_FORMATS = ("text", "markdown", "json")

_LABELS: dict[str, dict[str, str]] = {
    "en": {"line": "settlement line", "check": "check", "formula": "formula",
           "citation": "citation", "source": "source", "from": "from", "approximate":
           "approximate date", "annual": "annual", "statutory": "statutory", "option":
           "option the law leaves open", "company": "company policy", "see above": "see above",
           "not computed": "not computed", "true": "true", "false": "false", "none": "none",
           "when": "applies when", "assert": "requires", "amount": "amount", "due": "due on",
           "parameter": "parameter", "case": "case", "as of": "as of", "policy": "policy",
           "nothing": "nothing to explain: no settlement line and no failing check",
           "applies": "applies", "does not apply": "does not apply", "passed": "passed",
           "not applicable": "not applicable", "violation": "violation",
           "incomplete": "incomplete", "waived": "waived", "not evaluated": "not evaluated"},
    "zh": {"line": "结算项", "check": "检查", "formula": "公式", "citation": "依据",
           "source": "来源", "from": "自", "approximate": "日期为推定", "annual": "年度",
           "statutory": "法定", "option": "法律未明确的选项", "company": "公司政策",
           "see above": "见上", "not computed": "无法计算", "true": "是", "false": "否",
           "none": "无", "when": "适用条件", "assert": "要求", "amount": "金额",
           "due": "应付日", "parameter": "参数", "case": "案件", "as of": "基准日",
           "policy": "政策", "nothing": "无需解释：没有结算项，也没有未通过的检查",
           "applies": "适用", "does not apply": "不适用", "passed": "通过",
           "not applicable": "不适用", "violation": "违规", "incomplete": "信息不全",
           "waived": "已豁免", "not evaluated": "未评估"},
}


def show(value: object, lang: Lang = "en", *, money: bool = False) -> str:
    """A value as a reader sees it: decimals to at most 2 places (``…`` when cut), money
    always with 2."""
    words = _LABELS[lang]
    if value is True:
        return words["true"]
    if value is False:
        return words["false"]
    if value is None:
        return words["none"]
    if isinstance(value, Decimal):
        exact = value.quantize(Decimal("0.01"))
        if money and exact == value:
            return str(exact)
        if value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -2:
            return str(value)
        return f"{value.quantize(Decimal('0.01'))}…"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return str(value)


def _head(node: Node, lang: Lang) -> str:
    w = _LABELS[lang]
    value = (f"{w['not computed']}: {node.error}" if node.error
             else show(node.value, lang, money=node.money))
    if node.kind == "line":
        title = f" ({node.message[lang]})" if node.message else ""
        amount = "" if node.status != "applies" else (
            f": {show(node.value, lang, money=True)}" if node.value is not None
            else f": {w['not computed']}")
        return f"{w['line']} {node.name}{title}{amount} [{w[node.status or 'applies']}]"
    if node.kind == "check":
        return f"{w['check']} {node.name}: {w.get(node.status or '', node.status or '')}"
    if node.kind == "expr":
        return f"{w[node.name]}: {readable(node.formula or '', lang)} → {value}"
    if node.kind == "param":
        seen = f" ({w['see above']})" if node.seen else ""
        return f"{w['parameter']} ‹{node.name}› = {value}{seen}"
    if node.kind == "value":
        seen = f" ({w['see above']})" if node.seen else ""
        return f"{node.name} = {value}{seen}"
    return f"{node.name} = {value}"


def _details(node: Node, lang: Lang) -> list[str]:
    w = _LABELS[lang]
    out: list[str] = []
    if node.kind == "check" and node.message:
        out.append(node.message[lang])
    if node.kind == "value" and not node.seen and node.formula:
        out.append(f"{w['formula']}: {readable(node.formula, lang)}")
    if node.kind == "param" and node.param is not None:
        p = node.param
        when = f"{w['from']} {p.effective_from.isoformat()}" if p.effective_from else ""
        bits = [b for b in (
            when, f"({w['approximate']})" if p.approximate else "", p.city or "",
            f"{w['annual']} {show(p.annual, lang)}" if p.annual is not None else "",
            w[p.tier]) if b]
        out.append(" · ".join(bits))
        if p.source:
            out.append(f"{w['source']}: {p.source}")
    if node.citation and node.kind != "expr" and not node.seen:
        out.append(f"{w['citation']}: {node.citation}")
    return out


def render_text(explanation: Explanation, lang: Lang = "en") -> str:
    """The trees drawn with box characters, one after the other."""
    w = _LABELS[lang]
    out = [f"{w['case']} {explanation.case_id} · {w['policy']} {explanation.policy} · "
           f"{w['as of']} {explanation.as_of.isoformat()}"]
    if not explanation.roots:
        out.append(w["nothing"])
    for root in explanation.roots:
        out.append("")
        out.append(_head(root, lang))
        out.extend(f"  {d}" for d in _details(root, lang))
        _children(root, "", lang, out)
    return "\n".join(out) + "\n"


def _children(node: Node, prefix: str, lang: Lang, out: list[str]) -> None:
    for i, child in enumerate(node.children):
        last = i == len(node.children) - 1
        out.append(f"{prefix}{'└─ ' if last else '├─ '}{_head(child, lang)}")
        inner = prefix + ("   " if last else "│  ")
        bar = "│ " if child.children else "  "
        out.extend(f"{inner}{bar} {d}" for d in _details(child, lang))
        _children(child, inner, lang, out)


def render_markdown(explanation: Explanation, lang: Lang = "en") -> str:
    """Nested Markdown lists, one section per tree."""
    w = _LABELS[lang]
    out = [f"# {w['case']} {explanation.case_id}", "",
           f"{w['policy']} `{explanation.policy}` · {w['as of']} {explanation.as_of.isoformat()}"]
    if not explanation.roots:
        out += ["", w["nothing"]]
    for root in explanation.roots:
        out += ["", f"## {_md(_head(root, lang))}", ""]
        out.extend(f"{_md(d)}  " for d in _details(root, lang))
        out.append("")
        _md_children(root, 0, lang, out)
    return "\n".join(out).rstrip("\n") + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")


def _md_children(node: Node, depth: int, lang: Lang, out: list[str]) -> None:
    pad = "  " * depth
    for child in node.children:
        out.append(f"{pad}- {_md(_head(child, lang))}")
        out.extend(f"{pad}  <br>{_md(d)}" for d in _details(child, lang))
        _md_children(child, depth + 1, lang, out)


def node_dict(node: Node, lang: Lang = "en") -> dict[str, Any]:
    """The JSON form of a node (values as strings, as in the report contract)."""
    out: dict[str, Any] = {"kind": node.kind, "name": node.name,
                           "value": None if node.value is None else _json_value(node.value)}
    if node.formula:
        out["formula"] = node.formula
        out["readable"] = readable(node.formula, lang)
    for key in ("citation", "status", "error", "message"):
        if getattr(node, key):
            out[key] = getattr(node, key)
    if node.param is not None:
        p = node.param
        out["parameter"] = {
            "value": _json_value(p.value),
            "effective_from": p.effective_from.isoformat() if p.effective_from else None,
            "city": p.city, "source": p.source, "approximate": p.approximate, "tier": p.tier,
            "annual": None if p.annual is None else _json_value(p.annual)}
    if node.seen:
        out["seen"] = True
    if node.children:
        out["children"] = [node_dict(c, lang) for c in node.children]
    return out


def _json_value(value: object) -> object:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def render_json(explanation: Explanation, lang: Lang = "en") -> str:
    """``{case_id, policy, as_of, explain: [tree...]}`` as indented JSON."""
    doc = {"case_id": explanation.case_id, "policy": explanation.policy,
           "as_of": explanation.as_of.isoformat(),
           "explain": [node_dict(r, lang) for r in explanation.roots]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Explanation, Lang], str]] = {
    "text": render_text, "markdown": render_markdown, "json": render_json}
assert tuple(RENDERERS) == EXPLAIN_FORMATS


def render_explanation(explanation: Explanation, fmt: str, lang: Lang = "en") -> str:
    """Render in ``fmt`` (one of :data:`EXPLAIN_FORMATS`)."""
    return RENDERERS[fmt](explanation, lang)
