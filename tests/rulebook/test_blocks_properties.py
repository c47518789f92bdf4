"""Properties of the rule book's renderers: any text from a rule file comes out as text."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from offboard_policy.explain.readable import readable
from offboard_policy.rulebook.blocks import Code, Document, Link, Para, Table, Text, to_html


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _body(page: str) -> _Collect:
    parser = _Collect()
    parser.feed(page[page.index("<body>"):])
    return parser


@given(st.text(max_size=200), st.text(max_size=50), st.text(max_size=50))
def test_any_text_is_escaped_in_html(text: str, code: str, href: str) -> None:
    doc = Document(title=text, lang="en")
    doc.add(Para((Text(text), Code(code), Link(text, href))),
            Table(("h",), (((Text(text),),),)))
    parsed = _body(to_html(doc))
    assert set(parsed.tags) <= {"body", "p", "code", "a", "table", "tr", "th", "td"}
    assert parsed.hrefs == [href]
    assert text in "".join(parsed.text)


@given(st.from_regex(r"[a-z_]{1,8}( (\+|-|\*|/|<=|>=|==|!=|and|or) [a-z_0-9]{1,8}){0,4}",
                     fullmatch=True))
def test_readable_never_fails_and_keeps_the_names(source: str) -> None:
    for lang in ("en", "zh"):
        out = readable(source, lang)  # type: ignore[arg-type]
        for name in (w for w in source.split() if w.isidentifier() and w not in ("and", "or")):
            assert name in out
