"""Every example in --help, docs/batch.md and docs/ci.md runs as written from the root of
the repository (a copy of it, with git history for REV:PATH): none is a usage or input error.
The diff example of docs/ci.md prints exactly the output the page shows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import run

from offboard_policy.cli import main

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("policies", "rules", "fixtures", "tests/policies", "docs")
_COMMAND = re.compile(r"^\s*(?:\$ )?((?:offboard-policy|python -m offboard_policy[.\w]*) .*)$")


def _joined(lines: list[str]) -> list[str]:
    """Example commands, with backslash-continued lines joined."""
    out: list[str] = []
    pending = ""
    for raw in lines:
        line = raw.strip()
        if pending:
            pending += " " + line
        else:
            m = _COMMAND.match(raw)
            if m is None:
                continue
            pending = m.group(1)
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip()
            continue
        out.append(pending)
        pending = ""
    return out


def help_examples() -> list[tuple[str, str]]:
    """(command, example) for the group and every command."""
    out = [("offboard-policy", ex) for ex in _joined(run("--help").stdout.splitlines())
           if "COMMAND" not in ex]
    for name in sorted(main.commands):
        out += [(name, ex) for ex in _joined(run(name, "--help").stdout.splitlines())]
    return out


def doc_examples(name: str) -> list[str]:
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    if name == "ci.md":  # the commands of console blocks; the GitHub Actions workflow's
        # steps run as scripts in tests/ci/test_workflow.py (they need a base revision)
        text = text[:text.index("## GitHub Actions")]
        return [ex for ex in _joined(text.splitlines()) if "${{" not in ex]
    return _joined(text.splitlines()[:12])  # the examples at the top of batch.md


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's data with one git commit on branch main."""
    root = tmp_path_factory.mktemp("repo")
    for sub in COPIED:
        shutil.copytree(ROOT / sub, root / sub)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(template, copy, symlinks=True)
    return copy


def shell(project: Path, command: str) -> subprocess.CompletedProcess[str]:
    entry = shutil.which("offboard-policy")
    assert entry, "the offboard-policy command is not installed (pip install -e .)"
    path = os.pathsep.join([str(Path(sys.executable).parent), str(Path(entry).parent),
                            os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, "PYTHONPATH": str(ROOT), "OFFBOARD_POLICY_LANG": "en",
           "OFFBOARD_POLICY_CACHE": str(project.parent / "cache"), "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def _needs(command: str) -> None:
    if "| jq" in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")


def test_the_examples_are_found() -> None:
    commands = {name for name, _ in help_examples()}
    assert commands == {"offboard-policy", *main.commands}
    assert len(doc_examples("batch.md")) == 4
    assert any(ex.startswith("offboard-policy diff main:") for ex in doc_examples("ci.md"))


@pytest.mark.parametrize("command", [*sorted(main.commands), "offboard-policy"])
def test_help_examples_run(project: Path, command: str) -> None:
    examples = [ex for name, ex in help_examples() if name == command]
    assert examples
    for example in examples:  # in order: a later example may use an earlier one's output
        _needs(example)
        proc = shell(project, example)
        assert proc.returncode in (0, 1), f"{example}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("page", ["batch.md", "ci.md"])
def test_doc_examples_run(project: Path, page: str) -> None:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    if page == "ci.md":  # the diff example needs the policy change the page shows first
        block = text[text.index("## `diff`"):]
        yaml = block[block.index("```yaml\n") + 8:block.index("```\n", block.index("```yaml"))]
        with (project / "policies" / "cn-beijing.yaml").open("a", encoding="utf-8") as fh:
            fh.write(yaml)
    for example in doc_examples(page):
        _needs(example)
        proc = shell(project, example)
        assert proc.returncode in (0, 1), f"{example}\n{proc.stderr}"


def test_ci_md_diff_output_is_what_diff_prints(project: Path) -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = text[text.index("## `diff`"):]
    yaml = block[block.index("```yaml\n") + 8:block.index("```\n", block.index("```yaml"))]
    console = block[block.index("```console\n") + 11:]
    console = console[:console.index("```\n")]
    command, *shown = console.splitlines()
    with (project / "policies" / "cn-beijing.yaml").open("a", encoding="utf-8") as fh:
        fh.write(yaml)
    proc = shell(project, command.removeprefix("$ "))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == shown
    # without the deviation the change is refused, as the page says
    (project / "policies" / "cn-beijing.yaml").write_text(
        (ROOT / "policies" / "cn-beijing.yaml").read_text(encoding="utf-8")
        + yaml[:yaml.index("deviations:")], encoding="utf-8")
    refused = shell(project, command.removeprefix("$ "))
    assert refused.returncode == 2 and "[OP612]" in refused.stderr
