"""A tiny document model (headings, paragraphs, lists, tables of inline spans) and its two
renderers: Markdown and a static, self-contained HTML page.

Everything a rule file says reaches the page as :class:`Text`, escaped by the renderer, so a
hostile message or citation cannot inject markup; links are built by this package only.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """Plain text (escaped when rendered)."""

    text: str


@dataclass(frozen=True)
class Code:
    """Text shown as code: ids, expressions, file positions."""

    text: str


@dataclass(frozen=True)
class Link:
    """A link to ``href`` (a relative path or ``#anchor``) with ``text``."""

    text: str
    href: str
    code: bool = False


@dataclass(frozen=True)
class Anchor:
    """An invisible target for ``#name`` links (anchors in table cells and list items)."""

    name: str


Inline = Text | Code | Link | Anchor
Span = tuple[Inline, ...]


def span(*parts: Inline | str) -> Span:
    """A span from parts, strings becoming :class:`Text`."""
    return tuple(Text(p) if isinstance(p, str) else p for p in parts)


@dataclass(frozen=True)
class Heading:
    level: int
    text: Span
    anchor: str | None = None


@dataclass(frozen=True)
class Para:
    text: Span


@dataclass(frozen=True)
class Bullets:
    items: tuple[Span, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Span, ...], ...]


Block = Heading | Para | Bullets | Table


@dataclass
class Document:
    """A titled list of blocks."""

    title: str
    lang: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


# -- Markdown ------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _md_code(text: str) -> str:
    text = " ".join(text.split())
    ticks = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}".replace("|", "\\|")


def md_span(parts: Span) -> str:
    """A span as Markdown."""
    out = []
    for p in parts:
        if isinstance(p, Text):
            out.append(_md_text(p.text))
        elif isinstance(p, Code):
            out.append(_md_code(p.text))
        elif isinstance(p, Anchor):
            out.append(f'<a id="{html.escape(p.name, quote=True)}"></a>')
        else:
            label = _md_code(p.text) if p.code else _md_text(p.text)
            out.append(f"[{label}]({p.href.replace(' ', '%20').replace(')', '%29')})")
    return "".join(out)


def to_markdown(doc: Document) -> str:
    """The document as GitHub-flavoured Markdown."""
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.anchor:
                out.append(f'<a id="{html.escape(block.anchor, quote=True)}"></a>')
            out += ["#" * block.level + " " + md_span(block.text), ""]
        elif isinstance(block, Para):
            out += [md_span(block.text), ""]
        elif isinstance(block, Bullets):
            out += [f"- {md_span(item)}" for item in block.items] + [""]
        else:
            out.append("| " + " | ".join(_md_text(h) for h in block.header) + " |")
            out.append("|" + "---|" * len(block.header))
            out += ["| " + " | ".join(md_span(c) for c in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML ----------------------------------------------------------------------------------
_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1,h2,h3,h4{line-height:1.25}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;background:#f3f3f3;
padding:0 .2em;border-radius:3px}table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}a{color:#0b57d0}
""".strip()


def html_span(parts: Span) -> str:
    """A span as escaped HTML."""
    out = []
    for p in parts:
        if isinstance(p, Text):
            out.append(html.escape(p.text, quote=False))
        elif isinstance(p, Code):
            out.append(f"<code>{html.escape(p.text, quote=False)}</code>")
        elif isinstance(p, Anchor):
            out.append(f'<a id="{html.escape(p.name, quote=True)}"></a>')
        else:
            label = html.escape(p.text, quote=False)
            if p.code:
                label = f"<code>{label}</code>"
            out.append(f'<a href="{html.escape(p.href, quote=True)}">{label}</a>')
    return "".join(out)


def to_html(doc: Document) -> str:
    """The document as one static HTML page: inline style, no scripts, no external assets."""
    out = ["<!DOCTYPE html>", f'<html lang="{html.escape(doc.lang, quote=True)}">', "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{html.escape(doc.title, quote=False)}</title>",
           f"<style>{_STYLE}</style>", "</head>", "<body>"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            anchor = (f' id="{html.escape(block.anchor, quote=True)}"' if block.anchor else "")
            out.append(f"<h{block.level}{anchor}>{html_span(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            out.append(f"<p>{html_span(block.text)}</p>")
        elif isinstance(block, Bullets):
            out.append("<ul>")
            out += [f"<li>{html_span(item)}</li>" for item in block.items]
            out.append("</ul>")
        else:
            out.append("<table>")
            out.append("<tr>" + "".join(f"<th>{html.escape(h, quote=False)}</th>"
                                        for h in block.header) + "</tr>")
            out += ["<tr>" + "".join(f"<td>{html_span(c)}</td>" for c in row) + "</tr>"
                    for row in block.rows]
            out.append("</table>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
