"""docs/law/ resolves every citation of the rules: a page per instrument, an anchor per article.

The rule book links a citation such as ``劳动合同法 第四十七条第二款 (LCL Art. 47 para 2)`` to
``docs/law/lcl.md#art-47``; these tests fail when a rule cites an instrument with no page, an
article with no anchor, an open question with no entry, or when a link inside docs/law/ is broken.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
LAW = ROOT / "docs" / "law"
RULE_FILES = sorted((ROOT / "rules").rglob("*.yaml")) + sorted((ROOT / "policies").rglob("*.yaml"))

_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
_LINK = re.compile(r"\]\(([^)\s]+)\)")
# An abbreviation as the citations write it: one word ("LCL", "SPC1", "IIT164", "BJLCR"), and
# "IIT Law" for the tax law's table.
_ABBR = re.compile(r"^([A-Z][A-Z0-9]+)( Law)?\b")
# Not a legal instrument: the example company's procedure, and "PRC" (the country's calendar).
_NOT_LAW = (
    "company offboarding procedure",
    "internal offboarding policy",
    "offboarding procedure",
    "PRC ",
)


def anchors(path: Path) -> set[str]:
    return set(_ANCHOR.findall(path.read_text(encoding="utf-8")))


def page_of(abbreviation: str) -> Path:
    """``BJLCR`` -> docs/law/bjlcr.md; ``IIT Law`` -> docs/law/iit.md."""
    name = abbreviation.removesuffix(" Law").lower()
    return LAW / f"{name}.md"


def _numbers(segment: str) -> list[int]:
    """Article numbers of one comma-separated part: "Art. 36 para 1-2" -> [36]; "5-9" -> 5..9."""
    match = re.match(r"\s*(?:Arts?\.\s*)?(\d+)(?:\s*-\s*(\d+))?", segment)
    if match is None:
        return []
    first = int(match.group(1))
    last = (
        int(match.group(2))
        if match.group(2)
        and not re.match(r"\s*(?:Arts?\.\s*)?\d+\s*-\s*\d+\s+(?:para|item)", segment)
        else first
    )
    return list(range(first, last + 1))


def parse_citation(part: str) -> list[tuple[str, str]]:
    """(abbreviation, anchor) pairs of one parenthesised citation part such as "LCL Art. 47, 97
    para 3", "IIT164 item 5(1)", "IIT Law, table 1", "PD2025 item 2"."""
    found = _ABBR.match(part.strip())
    if found is None:
        return []
    abbreviation = found.group(1) + (found.group(2) or "")
    rest = part.strip()[found.end() :].strip(" ,")
    table = re.match(r"table\s+(\d+)", rest)
    if table:
        return [(abbreviation, f"table-{table.group(1)}")]
    if rest.startswith("item"):
        item = re.match(r"item\s+(\d+)", rest)
        return [(abbreviation, f"art-{item.group(1)}")] if item else [(abbreviation, "")]
    if not rest.startswith("Art"):
        return [(abbreviation, "")]
    quoted = re.split(r"['\"“]", rest)[0]  # a quotation after the numbers is not part of them
    pairs: list[tuple[str, str]] = []
    after_paragraph = False
    for seg in quoted.split(","):
        # "LCL Art. 19 para 1, 3": a bare number after a paragraph list is another paragraph
        if not (after_paragraph and re.fullmatch(r"\s*\d+\s*", seg)):
            pairs.extend((abbreviation, f"art-{n}") for n in _numbers(seg))
            after_paragraph = bool(re.search(r"\b(?:para|item)\s+[\d-]+\s*$", seg))
    return pairs


_CITING_FIELDS = {"citation", "description", "note", "source", "clause"}


def rule_citations() -> list[tuple[str, str, str]]:
    """(file, abbreviation, anchor) for every parenthesised citation in the citation,
    description, note and source fields of every rule and parameter file."""
    out = []

    def walk(node: object, file: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and key in _CITING_FIELDS:
                    for group in re.findall(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)", value):
                        for part in group.split(";"):
                            if part.strip().startswith(_NOT_LAW):
                                continue
                            # in free text only "ABBR Art. N" (or item, table) is a citation
                            out.extend(
                                (file, a, n)
                                for a, n in parse_citation(part)
                                if key == "citation" or n
                            )
                else:
                    walk(value, file)
        elif isinstance(node, list):
            for item in node:
                walk(item, file)

    for path in RULE_FILES:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LCL Art. 47 para 2", [("LCL", "art-47")]),
        ("LCL Art. 47, 97 para 3", [("LCL", "art-47"), ("LCL", "art-97")]),
        ("LCLR Art. 6 para 2, Art. 7", [("LCLR", "art-6"), ("LCLR", "art-7")]),
        ("C481 Art. 5-9", [("C481", f"art-{n}") for n in range(5, 10)]),
        ("SPC1 Art. 36 para 1-2, Art. 37", [("SPC1", "art-36"), ("SPC1", "art-37")]),
        ("BJLCR Art. 40, 47", [("BJLCR", "art-40"), ("BJLCR", "art-47")]),
        ("IIT164 item 5(1)", [("IIT164", "art-5")]),
        ("IIT Law, table 1", [("IIT Law", "table-1")]),
        ('LCL Art. 22 para 2 "违约金的数额不得超过用人单位提供的培训费用"', [("LCL", "art-22")]),
        ("PD2008", [("PD2008", "")]),
        ("LCL Art. 19 para 1, 3", [("LCL", "art-19")]),
        ("LCL Art. 42 item 3, 40 item 1", [("LCL", "art-42"), ("LCL", "art-40")]),
    ],
)
def test_citations_are_parsed(text: str, expected: list[tuple[str, str]]) -> None:
    assert parse_citation(text) == expected


def test_the_rules_cite_something() -> None:
    cited = rule_citations()
    assert len(cited) > 200
    assert {a for _, a, _ in cited} >= {"LCL", "LCLR", "SPC1", "C481", "ALM", "WPR"}


def test_every_cited_instrument_has_a_page_and_every_cited_article_an_anchor() -> None:
    missing = sorted(
        {
            f"{file}: ({abbreviation} {anchor or 'page'}) -> docs/law/{page_of(abbreviation).name}"
            for file, abbreviation, anchor in rule_citations()
            if not page_of(abbreviation).is_file()
            or (anchor and anchor not in anchors(page_of(abbreviation)))
        }
    )
    assert missing == []


def test_every_cited_abbreviation_is_in_the_glossary() -> None:
    glossary = (LAW / "glossary.md").read_text(encoding="utf-8")
    cited = {abbreviation.removesuffix(" Law") for _, abbreviation, _ in rule_citations()}
    assert sorted(a for a in cited if f"| {a}" not in glossary and f">{a}" not in glossary) == []


def test_every_open_question_cited_has_an_entry() -> None:
    entries = anchors(LAW / "open-questions.md")
    assert {f"q{n}" for n in range(1, 23)} <= entries
    text = "\n".join(p.read_text(encoding="utf-8") for p in RULE_FILES)
    cited = {f"q{n}" for n in re.findall(r"\bQ(\d+)", text)}
    assert cited and cited <= entries


def _links() -> list[tuple[Path, str]]:
    pages = [*sorted(LAW.glob("*.md")), ROOT / "README.md"]
    return [
        (page, target)
        for page in pages
        for target in _LINK.findall(page.read_text(encoding="utf-8"))
        if not target.startswith(("http://", "https://", "mailto:"))
        and (page.parent == LAW or target.startswith("docs/law"))
    ]


def test_every_relative_link_in_docs_law_resolves() -> None:
    links = _links()
    assert len(links) > 100
    broken = []
    for page, target in links:
        file, _, anchor = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        if not path.is_file():
            broken.append(f"{page.name}: {target} (no file)")
        elif anchor and anchor not in anchors(path):
            broken.append(f"{page.name}: {target} (no anchor)")
    assert broken == []


def test_every_page_names_its_instrument_in_chinese_and_english() -> None:
    for page in sorted(LAW.glob("*.md")):
        if page.name in {"README.md", "glossary.md", "open-questions.md", "city-parameters.md"}:
            continue
        head = page.read_text(encoding="utf-8").split("\n\n", 2)[1]
        assert "| Chinese name |" in head and "| English name |" in head, page.name
        assert "| Issued by |" in head, page.name
