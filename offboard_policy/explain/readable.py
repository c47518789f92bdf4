"""Rule expressions written for a reader: ``a if c else b`` -> ``a if c, otherwise b``.

The expression language is a small subset of Python (``docs/rule-language.md``); this prints
its syntax tree back with words and symbols a legal reviewer reads without knowing Python:
``×`` ``÷`` ``≤`` ``≥`` ``≠``, ``is recorded`` for ``is not none``, ``is one of`` for ``in``,
``params.X`` as ``‹X›`` (a parameter). In Chinese the words are Chinese. Text that does not
parse (it cannot happen for a compiled policy) is returned unchanged.
"""

from __future__ import annotations

import ast
from decimal import Decimal

from ..report.model import Lang

_WORDS: dict[str, dict[str, str]] = {
    "en": {"and": " and ", "or": " or ", "not": "not ", "if": " if ", "else": ", otherwise ",
           "recorded": " is recorded", "unrecorded": " is not recorded", "in": " is one of ",
           "not in": " is none of ", "true": "true", "false": "false", "none": "nothing",
           "for": " for each ", "of": " in ", "where": " where "},
    "zh": {"and": " 且 ", "or": " 或 ", "not": "非 ", "if": "（若 ", "else": "，否则 ",
           "recorded": " 已记录", "unrecorded": " 未记录", "in": " 属于 ", "not in": " 不属于 ",
           "true": "是", "false": "否", "none": "无", "for": "，对每个 ", "of": " ∈ ",
           "where": "，其中 "},
}
_BINARY = {ast.Add: " + ", ast.Sub: " − ", ast.Mult: " × ", ast.Div: " ÷ "}
_COMPARE = {ast.Eq: " = ", ast.NotEq: " ≠ ", ast.Lt: " < ", ast.LtE: " ≤ ", ast.Gt: " > ",
            ast.GtE: " ≥ "}
_PRECEDENCE = {ast.IfExp: 0, ast.BoolOp: 1, ast.UnaryOp: 2, ast.Compare: 3, ast.BinOp: 4}


def readable(source: str, lang: Lang = "en") -> str:
    """``source`` written out for a reader in ``lang``."""
    try:
        tree = ast.parse(f"(\n{source.strip()}\n)", mode="eval").body
    except SyntaxError:
        return source
    return _Writer(_WORDS[lang], lang).write(tree)


class _Writer:
    def __init__(self, words: dict[str, str], lang: Lang) -> None:
        self.w = words
        self.lang = lang

    def sub(self, node: ast.expr, parent: ast.expr) -> str:
        text = self.write(node)
        if self.lang == "zh" and isinstance(node, ast.IfExp):
            return text  # already closed by its own bracket
        if isinstance(parent, ast.UnaryOp) and isinstance(node, ast.Compare):
            return f"({text})"  # "not (a ≤ b)", not the ambiguous "not a ≤ b"
        mine = _PRECEDENCE.get(type(node), 9)
        theirs = _PRECEDENCE.get(type(parent), 9)
        if isinstance(node, ast.BinOp) and isinstance(parent, ast.BinOp):
            mult = (ast.Mult, ast.Div)
            if isinstance(parent.op, mult) and not isinstance(node.op, mult):
                return f"({text})"
            return text
        return f"({text})" if mine <= theirs and mine < 9 else text

    def write(self, node: ast.expr) -> str:
        w = self.w
        if isinstance(node, ast.IfExp):
            if self.lang == "zh":
                return (f"{self.sub(node.body, node)}{w['if']}{self.sub(node.test, node)}"
                        f"{w['else']}{self.sub(node.orelse, node)}）")
            return (f"{self.sub(node.body, node)}{w['if']}{self.sub(node.test, node)}"
                    f"{w['else']}{self.sub(node.orelse, node)}")
        if isinstance(node, ast.BoolOp):
            joiner = w["and"] if isinstance(node.op, ast.And) else w["or"]
            return joiner.join(self.sub(v, node) for v in node.values)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return w["not"] + self.sub(node.operand, node)
            return "−" + self.sub(node.operand, node)
        if isinstance(node, ast.BinOp):
            op = _BINARY.get(type(node.op), " ? ")
            return self.sub(node.left, node) + op + self.sub(node.right, node)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else self.write(node.func)
            return f"{name}({', '.join(self.write(a) for a in node.args)})"
        if isinstance(node, ast.GeneratorExp):
            gen = node.generators[0]
            text = (f"{self.write(node.elt)}{w['for']}{self.write(gen.target)}{w['of']}"
                    f"{self.write(gen.iter)}")
            for cond in gen.ifs:
                text += w["where"] + self.write(cond)
            return text
        if isinstance(node, ast.List):
            return "[" + ", ".join(self.write(e) for e in node.elts) + "]"
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "params":
                return f"‹{node.attr}›"
            return f"{self.write(node.value)}.{node.attr}"
        if isinstance(node, ast.Name):
            return {"true": w["true"], "false": w["false"], "none": w["none"]}.get(
                node.id, node.id)
        if isinstance(node, ast.Constant):
            return self.constant(node.value)
        return ast.unparse(node)

    def constant(self, value: object) -> str:
        if value is True:
            return self.w["true"]
        if value is False:
            return self.w["false"]
        if value is None:
            return self.w["none"]
        if isinstance(value, str):
            return f"“{value}”"
        if isinstance(value, (int, float, Decimal)):
            return str(value)
        return repr(value)

    def compare(self, node: ast.Compare) -> str:
        parts = [self.sub(node.left, node)]
        for op, right in zip(node.ops, node.comparators, strict=True):
            is_none = (isinstance(right, ast.Constant) and right.value is None) or (
                isinstance(right, ast.Name) and right.id == "none")
            if isinstance(op, ast.IsNot) and is_none:
                parts.append(self.w["recorded"])
            elif isinstance(op, ast.Is) and is_none:
                parts.append(self.w["unrecorded"])
            elif isinstance(op, ast.In):
                parts.append(self.w["in"] + self.sub(right, node))
            elif isinstance(op, ast.NotIn):
                parts.append(self.w["not in"] + self.sub(right, node))
            else:
                parts.append(_COMPARE.get(type(op), " ? ") + self.sub(right, node))
        return "".join(parts)
