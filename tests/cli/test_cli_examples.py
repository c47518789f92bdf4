"""Every example in --help, docs/batch.md and docs/ci.md runs as written from the root of
the repository (a copy of it, with git history for REV:PATH): none is a usage or input error.
The diff example of docs/ci.md prints exactly the output the page shows.

The examples run in this process through click's ``CliRunner`` (``examples.py`` reads the shell
line: globs, ``> FILE``, ``| jq``, ``|| true``); ``test_cli_e2e.py`` runs the installed console
script once as a real process.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from clirun import run
from examples import Example, example_key, run_example

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
    for name in sorted(main.all_commands()):
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


@pytest.fixture
def shell(project: Path, tmp_path_factory: pytest.TempPathFactory,
          monkeypatch: pytest.MonkeyPatch) -> Example:
    """Run an example line in ``project`` (the working directory for the test)."""
    monkeypatch.chdir(project)
    monkeypatch.setenv("OFFBOARD_POLICY_DB", f"sqlite:///{project.parent / 'decisions.sqlite3'}")
    cache = tmp_path_factory.getbasetemp() / "example-cache"  # shared: keyed by content
    return Example(project, cache)


def test_the_examples_are_found() -> None:
    commands = {name for name, _ in help_examples()}
    assert commands == {"offboard-policy", *main.all_commands()}
    assert len(doc_examples("batch.md")) == 4
    assert any(ex.startswith("offboard-policy diff main:") for ex in doc_examples("ci.md"))


@pytest.mark.parametrize("command", [*sorted(main.all_commands()), "offboard-policy"])
def test_help_examples_run(shell: Example, command: str) -> None:
    examples = [ex for name, ex in help_examples() if name == command]
    assert examples
    for example in examples:  # in order: a later example may use an earlier one's output
        if example.startswith("offboard-policy serve") and "--dry-run" not in example:
            example += " --dry-run"  # the same setup, checked, without serving forever
        result = run_example(shell, example)
        assert result.exit_code in (0, 1), f"{example}\n{result.stderr}"
        assert "Traceback" not in result.stderr


def _ci_md_diff_block() -> tuple[str, str, list[str]]:
    """docs/ci.md's diff section: the policy change it shows, its command and its output."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = text[text.index("## `diff`"):]
    yaml = block[block.index("```yaml\n") + 8:block.index("```\n", block.index("```yaml"))]
    console = block[block.index("```console\n") + 11:]
    console = console[:console.index("```\n")]
    command, *shown = console.splitlines()
    return yaml, command.removeprefix("$ "), shown


@pytest.mark.parametrize("page", ["batch.md", "ci.md"])
def test_doc_examples_run(shell: Example, page: str) -> None:
    """Each distinct example runs once: a page's example that --help shows too (the same
    command, whatever its comment, pipe or redirection) runs in test_help_examples_run, and the
    diff example of ci.md, which needs the change the page shows, in the test below."""
    in_help = {example_key(ex) for _, ex in help_examples()}
    diff_command = _ci_md_diff_block()[1]
    examples = doc_examples(page)
    own = [ex for ex in examples if example_key(ex) not in in_help
           and example_key(ex) != example_key(diff_command)]
    assert examples, page
    for example in own:
        result = run_example(shell, example)
        assert result.exit_code in (0, 1), f"{example}\n{result.stderr}"


def test_ci_md_diff_output_is_what_diff_prints(shell: Example) -> None:
    project = shell.root
    yaml, command, shown = _ci_md_diff_block()
    with (project / "policies" / "cn-beijing.yaml").open("a", encoding="utf-8") as fh:
        fh.write(yaml)
    result = run_example(shell, command)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == shown
    # without the deviation the change is refused, as the page says
    (project / "policies" / "cn-beijing.yaml").write_text(
        (ROOT / "policies" / "cn-beijing.yaml").read_text(encoding="utf-8")
        + yaml[:yaml.index("deviations:")], encoding="utf-8")
    refused = run_example(shell, command)
    assert refused.exit_code == 2 and "[OP612]" in refused.stderr
