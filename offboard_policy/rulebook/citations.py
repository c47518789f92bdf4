"""Citations and open questions turned into links to the law notes in ``docs/law/``.

A citation is free text such as
``劳动合同法 第四十七条第二款 (LCL Art. 47 para 2); 劳动合同法实施条例 第十四条 (LCLR Art. 14)``.
Each ``(ABBR Art. N ...)`` part (and a bare ``ABBR Art. N`` in a description) links its
abbreviation to the rule book's own glossary (``#abbr-lcl``) and each article to
``docs/law/<abbr>.md#art-N`` (one file per instrument, an anchor before each article);
``Q5`` links to ``docs/law/open-questions.md#q5``. The Chinese name before a part gives the
glossary its full name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .blocks import Inline, Link, Span, Text

_PART = re.compile(r"\((?P<abbr>[A-Z][A-Za-z0-9]*) (?P<body>Art\. [^()]*)\)")
_BARE = re.compile(r"(?<![\w(])(?P<abbr>[A-Z][A-Z0-9]{1,6}) (?P<body>Art\. [0-9]+(?:-[0-9]+)?"
                   r"(?:, [0-9]+(?:-[0-9]+)?)*)")
_QUESTION = re.compile(r"\bQ(?P<num>1[0-7]|[1-9])\b")
_NAME = re.compile(r"(?:^|;\s*)(?P<name>[^\s;()]+)\s+第[^()]*?\((?P<abbr>[A-Z][A-Za-z0-9]*) Art\.")


def _body(abbr: str, body: str, law: str) -> list[Inline]:
    """``Art. 46, Art. 47 para 1-3, 97`` with each article number linked."""
    out: list[Inline] = []
    for i, piece in enumerate(body.split(", ")):
        if i:
            out.append(Text(", "))
        m = re.match(r"(Art\. )?([0-9]+(?:-[0-9]+)?)(.*)", piece, re.S)
        if m is None:
            out.append(Text(piece))
            continue
        first = m.group(2).split("-")[0]
        label = (m.group(1) or "") + m.group(2)
        out.append(Link(label, f"{law}/{abbr.lower()}.md#art-{first}"))
        if m.group(3):
            out.append(Text(m.group(3)))
    return out


def linked(text: str, law: str = "../law") -> Span:
    """``text`` with its citation parts and open questions as links into ``law``."""
    out: list[Inline] = []
    pos = 0
    marks = sorted([(m.start(), m.end(), "part", m) for m in _PART.finditer(text)]
                   + [(m.start(), m.end(), "bare", m) for m in _BARE.finditer(text)]
                   + [(m.start(), m.end(), "q", m) for m in _QUESTION.finditer(text)],
                   key=lambda x: x[0])
    for start, end, kind, m in marks:
        if start < pos:
            continue  # a Q inside a citation part
        if start > pos:
            out.append(Text(text[pos:start]))
        if kind == "part":
            abbr = m.group("abbr")
            out.append(Text("("))
            out.append(Link(abbr, f"#abbr-{abbr.lower()}"))  # the rule book's glossary
            out.append(Text(" "))
            out.extend(_body(abbr, m.group("body"), law))
            out.append(Text(")"))
        elif kind == "bare":
            abbr = m.group("abbr")
            out.append(Link(abbr, f"#abbr-{abbr.lower()}"))
            out.append(Text(" "))
            out.extend(_body(abbr, m.group("body"), law))
        else:
            out.append(Link(m.group(0), f"{law}/open-questions.md#q{m.group('num')}"))
        pos = end
    if pos < len(text):
        out.append(Text(text[pos:]))
    return tuple(_merge(out))


def _merge(parts: Iterable[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for p in parts:
        if out and isinstance(p, Text) and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + p.text)
        else:
            out.append(p)
    return out


def abbreviations(citations: Iterable[str | None]) -> dict[str, str]:
    """Abbreviation -> the Chinese name of the instrument, from every citation given (the
    first name seen wins); an abbreviation cited without a name maps to ``""``."""
    out: dict[str, str] = {}
    for text in citations:
        if not text:
            continue
        for m in _NAME.finditer(text):
            out.setdefault(m.group("abbr"), m.group("name"))
        for m in (*_PART.finditer(text), *_BARE.finditer(text)):
            out.setdefault(m.group("abbr"), "")
    return dict(sorted(out.items()))
