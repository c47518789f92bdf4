"""The pre-commit example of docs/ci.md with a real commit: each hook id resolves in the hooks
file at that commit, and each hook's command runs in a policy repository."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _example() -> dict[str, object]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = text[text.index("## pre-commit"):]
    block = block[block.index("```yaml\n") + 8:]
    loaded: dict[str, object] = yaml.safe_load(block[:block.index("```\n")])
    return loaded


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def test_example_pinned_to_a_real_commit_resolves_and_runs(tmp_path: Path) -> None:
    tool = tmp_path / "offboard-policy"  # "your copy of this repository"
    tool.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", tool)
    _git(tool, "init", "-q", "-b", "main")
    _git(tool, "add", "-A")
    _git(tool, "commit", "-qm", "hooks")
    commit = _git(tool, "rev-parse", "HEAD")

    (repo,) = _example()["repos"]  # type: ignore[misc]
    assert len(repo["rev"]) == 40, "the example pins a full commit id"
    repo["rev"] = commit  # the user's choice: here a commit that exists
    hooks_at_rev = yaml.safe_load(_git(tool, "show", f"{repo['rev']}:.pre-commit-hooks.yaml"))
    by_id = {h["id"]: h for h in hooks_at_rev}
    assert [h["id"] for h in repo["hooks"]] == ["offboard-policy-lint", "offboard-policy-test"]

    project = tmp_path / "policies-repo"
    for sub in ("rules", "fixtures/cases"):
        shutil.copytree(ROOT / sub, project / sub)
    (project / "policies").mkdir()
    shutil.copy(ROOT / "policies" / "cn-statutory.yaml", project / "policies")
    (project / "tests" / "policies").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "policies" / "cn-statutory.yaml", project / "tests/policies")
    entry = shutil.which("offboard-policy")
    assert entry
    env = {**os.environ, "OFFBOARD_POLICY_CACHE": str(tmp_path / "cache"),
           "PATH": os.pathsep.join([str(Path(entry).parent), str(Path(sys.executable).parent),
                                    os.environ.get("PATH", "")])}
    for hook in repo["hooks"]:
        spec = by_id[hook["id"]]
        assert spec["language"] == "python" and spec["pass_filenames"] is False
        proc = subprocess.run(shlex.split(spec["entry"]), cwd=project, env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        assert proc.returncode == 0, f"{spec['entry']}:\n{proc.stdout}\n{proc.stderr}"
