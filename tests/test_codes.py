"""The one table of diagnostic codes: complete, used, unambiguous, and the README's copy current."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from offboard_policy import codes
from offboard_policy.errors import Diagnostic
from offboard_policy.render.sarif import to_sarif

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "offboard_policy"
CODE_LITERAL = re.compile(r"""["']OP\d{3}["']""")


def _constants() -> dict[str, str]:
    """Module-level names of ``codes.py`` bound to a code."""
    tree = ast.parse((PACKAGE / "codes.py").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            value = getattr(codes, node.targets[0].id)
            if isinstance(value, str) and re.fullmatch(r"OP\d{3}", value):
                out[node.targets[0].id] = value
    return out


def _sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")
            if p.name != "codes.py" or p.parent != PACKAGE}


def test_every_constant_is_in_the_table_once() -> None:
    constants = _constants()
    assert sorted(constants.values()) == sorted(codes.CODES)
    assert len(set(constants.values())) == len(constants), "two names for one code"


def test_no_code_literal_outside_the_table() -> None:
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}"
             for p, text in _sources().items() for m in CODE_LITERAL.finditer(text)]
    assert found == []


def test_every_code_in_the_table_is_raised_somewhere() -> None:
    text = "\n".join(_sources().values())
    unused = [name for name in _constants()
              if not re.search(rf"\bcodes\.{name}\b", text)]
    assert unused == []


def test_every_code_has_a_family_title_and_help() -> None:
    for info in codes.CODES.values():
        assert info.family[:3] in codes.FAMILIES
        assert re.fullmatch(r"[A-Z][A-Za-z]+", info.name)
        assert info.summary.endswith(".") and info.fix.endswith((".", ")"))


def test_names_are_unique() -> None:
    names = [info.name for info in codes.CODES.values()]
    assert len(names) == len(set(names))


def test_the_readme_table_is_the_generated_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- codes:start -->\n", 1)[1].split("<!-- codes:end -->", 1)[0]
    assert block == codes.markdown_table()


def test_sarif_rules_have_the_codes_own_metadata() -> None:
    sarif = to_sarif([Diagnostic("git is not installed", codes.GIT_UNAVAILABLE)])
    rule = sarif["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["name"] == "GitUnavailable"
    assert rule["shortDescription"]["text"] == codes.CODES["OP901"].summary


def test_describe_refuses_an_unknown_code() -> None:
    with pytest.raises(KeyError):
        codes.describe("XX100")
