"""The HR page's files, without a browser: everything it loads is a file of the package (no
CDN, works offline), and no script builds markup from text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources

STATIC = resources.files("offboard_policy.service") / "static"


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name):
                self.refs.append(values[name] or "")
        if (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = values.get("content") or ""


def _index() -> _Refs:
    parser = _Refs()
    parser.feed((STATIC / "index.html").read_text("utf-8"))
    return parser


def test_every_asset_is_a_package_file() -> None:
    refs = _index().refs
    assert {"style.css", "print.css", "app.js", "i18n.js", "form.js", "report.js"} <= set(refs)
    for ref in refs:
        assert not re.match(r"^(?:[a-z]+:)?//", ref), f"external reference {ref}"
        assert (STATIC / ref).is_file(), f"{ref} is not in the package"


def test_no_external_url_in_scripts_or_styles() -> None:
    for name in ("app.js", "form.js", "report.js", "i18n.js", "style.css", "print.css"):
        text = (STATIC / name).read_text("utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), name
        assert "@import" not in text and "url(" not in text, name


def test_scripts_insert_text_not_markup() -> None:
    for name in ("app.js", "form.js", "report.js", "i18n.js"):
        text = (STATIC / name).read_text("utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                     "eval(", "new Function"):
            assert sink not in text, f"{name} uses {sink}"


def test_content_security_policy_allows_only_own_files() -> None:
    csp = _index().csp
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
