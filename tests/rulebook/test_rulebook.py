"""``offboard-policy doc``: the rule book, its links and escaping, and the committed copies."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from offboard_policy.cli import main
from offboard_policy.policy import load_policy
from offboard_policy.report.model import Lang
from offboard_policy.rulebook import file_name, law_path, render_rule_book
from offboard_policy.rulebook.blocks import Link, Text
from offboard_policy.rulebook.citations import abbreviations, linked

ROOT = Path(__file__).resolve().parents[2]
BOOKS = ROOT / "docs" / "rulebook"
BEIJING = ROOT / "policies" / "cn-beijing.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REGENERATE = ("offboard-policy doc policies/*.yaml -o docs/rulebook --lang en && "
              "offboard-policy doc policies/cn-beijing.yaml -f html -o docs/rulebook --lang en")


def _committed() -> list[Path]:
    return sorted(p for p in BOOKS.iterdir() if p.suffix in (".md", ".html"))


def test_every_bundled_policy_has_a_committed_rule_book() -> None:
    names = {p.name for p in _committed()}
    for policy in sorted((ROOT / "policies").glob("*.yaml")):
        assert f"{policy.stem}.md" in names, f"no rule book for {policy.name}: {REGENERATE}"
    assert "cn-beijing.html" in names


@pytest.mark.parametrize("book", _committed(), ids=lambda p: p.name)
def test_committed_rule_book_is_current(book: Path) -> None:
    stem, _, rest = book.name.partition(".")
    lang: Lang = "zh" if rest.startswith("zh.") else "en"
    fmt = "html" if book.suffix == ".html" else "markdown"
    policy = load_policy(ROOT / "policies" / f"{stem}.yaml")
    assert file_name(policy, fmt, lang) == book.name
    fresh = render_rule_book(policy, fmt, lang, law=law_path(policy, BOOKS))
    assert book.read_text(encoding="utf-8") == fresh, (
        f"docs/rulebook/{book.name} is stale; regenerate: {REGENERATE}")


def test_html_contains_every_rule_id_of_the_beijing_policy() -> None:
    policy = load_policy(BEIJING)
    page = (BOOKS / "cn-beijing.html").read_text(encoding="utf-8")
    ids = {c.definition.id for c in policy.checks} | {ln.definition.rule
                                                      for ln in policy.settlement}
    assert len(ids) > 60
    missing = sorted(i for i in ids if f'id="rule-{i.lower()}"' not in page or i not in page)
    assert missing == []
    assert "<script" not in page and "http://" not in page.split("<body>")[0]
    assert 'href="../law/lcl.md#art-47"' in page  # citations link into docs/law
    assert 'href="../law/open-questions.md#q16"' in page


def test_rule_entries_are_readable() -> None:
    book = (BOOKS / "cn-beijing.md").read_text(encoding="utf-8")
    entry = book[book.index('<a id="rule-cn-lcl-43-union"></a>'):]
    entry = entry[:entry.index("\n<a id=", 10)]
    assert "- Severity: blocking · waivable: no" in entry
    assert "- Applies when: `" in entry and "- Requires: `" in entry
    assert "- Message (中文): " in entry and "- Message (English): " in entry
    assert "[LCL](#abbr-lcl) [Art. 43](../law/lcl.md#art-43)" in entry
    assert "- Defined at: `rules/cn/union.yaml:" in entry
    # parameters with every dated value and its source; the glossary resolves abbreviations
    assert "| beijing | 2024-10-01 ≈ | 15701.08… (annual 188413) |" in book
    assert '| <a id="abbr-lclr"></a>`LCLR` | 劳动合同法实施条例 |' in book
    assert "Derived values used (expanded):" in book


def test_chinese_rule_book(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["doc", str(BEIJING), "--lang", "zh"])
    assert out.exit_code == 0
    assert out.stdout.startswith("# 规则手册: 北京市离职规则")
    assert "- 严重程度: 阻断 · 可豁免: 否" in out.stdout


def test_output_folder_and_relative_law_links(tmp_path: Path) -> None:
    target = tmp_path / "books"
    out = CliRunner().invoke(main, ["doc", str(BEIJING), "-f", "html", "-o", str(target),
                                    "--lang", "en"])
    assert out.exit_code == 0, out.output
    page = (target / "cn-beijing.html").read_text(encoding="utf-8")
    law = law_path(load_policy(BEIJING), target)
    assert f'href="{law}/lcl.md#art-47"' in page


def test_several_policies_need_an_output_folder() -> None:
    out = CliRunner().invoke(main, ["doc", str(BEIJING), str(BEIJING)])
    assert out.exit_code == 2
    assert "several policies need an output folder" in out.stderr


def test_hostile_rule_text_is_escaped(tmp_path: Path) -> None:
    mini = ROOT / "tests" / "data" / "mini"
    shutil.copytree(mini, tmp_path / "mini")
    core = tmp_path / "mini" / "rules" / "core.yaml"
    text = core.read_text(encoding="utf-8").replace(
        "message: {zh: 未离职面谈, en: No exit interview}",
        'message: {zh: 未离职面谈, en: "<script>alert(1)</script> [x](javascript:alert(1)) | *"}')
    core.write_text(text, encoding="utf-8")
    policy = load_policy(tmp_path / "mini" / "policies" / "mini.yaml")
    page = render_rule_book(policy, "html")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    md = render_rule_book(policy, "markdown")
    assert "\\<script\\>" in md and "\\[x\\](javascript:alert(1)) \\| \\*" in md


def test_citation_links() -> None:
    parts = linked("劳动合同法 第四十七条 (LCL Art. 46, Art. 47 para 1-3); 劳动合同法实施条例 "
                   "第二十二条、第二十七条 (LCLR Art. 22, 27); see Q5 and C481 Art. 5-9", "L")
    links = [(p.text, p.href) for p in parts if isinstance(p, Link)]
    assert links == [
        ("LCL", "#abbr-lcl"), ("Art. 46", "L/lcl.md#art-46"), ("Art. 47", "L/lcl.md#art-47"),
        ("LCLR", "#abbr-lclr"), ("Art. 22", "L/lclr.md#art-22"), ("27", "L/lclr.md#art-27"),
        ("Q5", "L/open-questions.md#q5"), ("C481", "#abbr-c481"),
        ("Art. 5-9", "L/c481.md#art-5")]
    assert "".join(p.text for p in parts if isinstance(p, (Text, Link))).startswith(
        "劳动合同法 第四十七条 (LCL Art. 46, Art. 47 para 1-3)")
    assert abbreviations(["违反和解除劳动合同的经济补偿办法 第六条 (C481 Art. 6, abolished)",
                          None, "see LL Art. 28"]) == {"C481": "违反和解除劳动合同的经济补偿办法",
                                                        "LL": ""}


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_html_opens_in_headless_chromium_without_errors(tmp_path: Path) -> None:
    page = BOOKS / "cn-beijing.html"
    proc = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "<h1>Rule book: Beijing offboarding" in proc.stdout
    assert 'id="rule-cn-lcl-47-compensation"' in proc.stdout
    errors = [line for line in proc.stderr.splitlines()
              if re.search(r"CONSOLE|Uncaught|net::ERR_|Not allowed to load", line)]
    assert errors == []
