"""No file of the repository names an absolute path of a build machine.

The repository must stand alone: rule files cite the legal sources under ``docs/law/`` by
relative path, and no comment, fixture or document points into one engineer's disk. Every
tracked file is read (``git ls-files``; without git, every file under the root except ``.git``
and the caches that git ignores); nothing else is excluded.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Spelt in pieces so that this file does not match itself.
_SLASH = "/"
_USER = _SLASH + r"[A-Za-z0-9_.-]+"
_PREFIXES = ("work", "root", "tmp", "home" + _USER, "Users" + _USER)
# An absolute path starts a token: not preceded by a letter, digit, '.', '~', '%' or '-', so a
# URL's path (example.org followed by a home folder) or a relative path that merely contains
# a folder named like one of the prefixes is not one (see the cases below).
MACHINE_PATH = re.compile(rb"(?<![\w.~%-])/(?:" + "|".join(_PREFIXES).encode() + rb")/")

# What .gitignore keeps out of a checkout without git (caches, builds, virtual environments).
_IGNORED_DIRS = {
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "build",
    "dist",
    ".venv",
    "venv",
    "htmlcov",
    ".offboard-policy-cache",
}
_IGNORED_SUFFIXES = (".pyc", ".pyo", ".pyd", ".coverage")


def _tracked_files() -> list[Path]:
    git = shutil.which("git")
    if git is not None and (ROOT / ".git").exists():
        listed = subprocess.run(
            [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        return [ROOT / name for name in listed.decode("utf-8").split("\0") if name]
    return checkout_files(ROOT)


def checkout_files(root: Path) -> list[Path]:
    """Every file under ``root`` that git would track: all but .git and what .gitignore lists."""
    out = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if (
            path.is_file()
            and ".git" not in parts
            and not path.name.endswith(_IGNORED_SUFFIXES)
            and not path.name.startswith(".cases-")
            and not any(part in _IGNORED_DIRS or part.endswith(".egg-info") for part in parts)
        ):
            out.append(path)
    return out


def machine_paths(data: bytes) -> list[tuple[int, str]]:
    """(line number, matched text) of every absolute machine path in ``data``."""
    found = []
    for match in MACHINE_PATH.finditer(data):
        line = data.count(b"\n", 0, match.start()) + 1
        found.append((line, match.group().decode("utf-8", "replace")))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("source: " + _SLASH + "work/shared/law/x.yaml", [(1, _SLASH + "work/")]),
        ("a\n(" + _SLASH + "root/.cache)", [(2, _SLASH + "root/")]),
        ("`" + _SLASH + "home/alice/x`", [(1, _SLASH + "home/alice/")]),
        ('"' + _SLASH + "Users/bob/src" + '"', [(1, _SLASH + "Users/bob/")]),
        ("out=" + _SLASH + "tmp/report.json", [(1, _SLASH + "tmp/")]),
        ("https://example.org" + _SLASH + "home/index.html", []),
        ("docs/law/lcl.md and rules" + _SLASH + "work/x.yaml", []),
        ("~" + _SLASH + "work/x and %" + _SLASH + "root/y", []),
    ],
)
def test_the_detector_finds_absolute_paths_and_only_those(
    text: str, expected: list[tuple[int, str]]
) -> None:
    assert machine_paths(text.encode()) == expected


def test_a_checkout_without_git_is_read_whole_except_git_and_ignored_files(tmp_path: Path) -> None:
    for name in (
        "README.md",
        "rules/cn/a.yaml",
        ".git/config",
        ".venv/pyvenv.cfg",
        "pkg/__pycache__/m.cpython-312.pyc",
        "x.egg-info/PKG-INFO",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in checkout_files(tmp_path)]
    assert found == ["README.md", "rules/cn/a.yaml"]


def test_no_tracked_file_contains_an_absolute_machine_path() -> None:
    files = _tracked_files()
    assert len(files) > 100  # the listing really covers the repository
    offenders = [
        f"{path.relative_to(ROOT).as_posix()}:{line}: {text}"
        for path in files
        if path.is_file()  # a file deleted in the work tree but still tracked
        for line, text in machine_paths(path.read_bytes())
    ]
    hint = "absolute machine paths (cite docs/law/... by relative path):\n"
    assert offenders == [], hint + "\n".join(offenders)
