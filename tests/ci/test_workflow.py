"""The GitHub Actions workflow of docs/ci.md, run step by step as scripts.

A git repository in a temporary folder gets a base commit (branch ``main``, also as
``origin/main``) and a head commit that adds a policy, renames one and removes one. Every
``run:`` step of the workflow runs there with bash as GitHub runs it (``-eo pipefail``), with
the job's and the step's ``env:`` and their ``${{ }}`` values filled in, and each ``if:``
evaluated. Two parts cannot run here and are stood in for: ``uses:`` actions (checkout and
Python are this test's own environment; the SARIF upload is only checked to be skipped on
forks), ``pip install .`` (the package is installed already), and the ``gh`` command, replaced by
a script that records its arguments and the comment body and answers the comment search.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
REPOSITORY = "acme/policies"

GH_STUB = """#!/usr/bin/env bash
# Stand-in for the GitHub CLI: records the call, answers the comment search.
echo "$*" >> "$GH_LOG"
case "$*" in
  *--jq*) if [ -s "$GH_EXISTING" ]; then cat "$GH_EXISTING"; fi ;;
  *body=@impact.md*) cp impact.md "$GH_LOG.body"; echo '{}' ;;
esac
"""


def workflow() -> dict[str, Any]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = text[text.index("## GitHub Actions"):]
    block = block[block.index("```yaml\n") + 8:]
    loaded: dict[str, Any] = yaml.safe_load(block[:block.index("```\n")])
    return loaded


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Base: three policies; head: one added, one renamed, one removed."""
    root = tmp_path_factory.mktemp("wf") / "repo"
    root.mkdir()
    for sub in ("rules", "fixtures/cases"):
        shutil.copytree(ROOT / sub, root / sub)
    (root / "policies").mkdir()
    for name in ("cn-statutory", "cn-beijing", "example-internet", "example-manufacturing"):
        shutil.copy(ROOT / "policies" / f"{name}.yaml", root / "policies")
    (root / "tests" / "policies").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "policies" / "cn-statutory.yaml", root / "tests" / "policies")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    _git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    _git(root, "checkout", "-qb", "change")
    text = (root / "policies" / "example-internet.yaml").read_text(encoding="utf-8")
    (root / "policies" / "new-co.yaml").write_text(
        text.replace("policy: example-internet", "policy: new-co"), encoding="utf-8")
    _git(root, "mv", "policies/example-manufacturing.yaml", "policies/manufacturing.yaml")
    _git(root, "rm", "-q", "policies/cn-beijing.yaml")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "head")
    return root


def _context(head_repo: str) -> dict[str, str]:
    return {"github.base_ref": "main", "github.event.number": "7", "github.token": "t0ken",
            "github.repository": REPOSITORY,
            "github.event.pull_request.head.repo.full_name": head_repo}


def _fill(value: str, ctx: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        key = m.group(1).strip()
        assert key in ctx, f"the test does not know the workflow value {key}"
        return ctx[key]
    return re.sub(r"\$\{\{(.*?)\}\}", one, value)


def _condition(expr: str | None, ctx: dict[str, str]) -> bool:
    """The workflow's ``if:`` forms: ``always()`` and ``A == B`` joined by ``&&``."""
    if expr is None:
        return True
    for term in (t.strip() for t in expr.split("&&")):
        if term == "always()":
            continue
        left, right = (ctx[s.strip()] for s in term.split("=="))
        if left != right:
            return False
    return True


def run_workflow(repo: Path, tmp: Path, head_repo: str, existing: str = "") -> dict[str, Any]:
    """Run the steps; returns the summary, the gh calls and which steps ran."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(GH_STUB, encoding="utf-8")
    gh.chmod(0o755)
    (tmp / "existing").write_text(existing, encoding="utf-8")
    summary, log = tmp / "summary.md", tmp / "gh.log"
    for f in (summary, log, tmp / "gh.log.body"):
        f.unlink(missing_ok=True)
    ctx = _context(head_repo)
    job = workflow()["jobs"]["policy"]
    entry = shutil.which("offboard-policy")
    assert entry, "offboard-policy is not installed (pip install -e .)"
    base_env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "GH_LOG": str(log),
                "GITHUB_REPOSITORY": REPOSITORY, "GH_EXISTING": str(tmp / "existing"),
                "OFFBOARD_POLICY_CACHE": str(tmp / "cache"), "OFFBOARD_POLICY_LANG": "en",
                "PATH": os.pathsep.join([str(bin_dir), str(Path(entry).parent),
                                         str(Path(sys.executable).parent),
                                         os.environ.get("PATH", "")])}
    base_env.update({k: _fill(str(v), ctx) for k, v in (job.get("env") or {}).items()})
    ran: list[str] = []
    skipped: list[str] = []
    for step in job["steps"]:
        name = step.get("name") or step.get("uses") or step["run"]
        if not _condition(step.get("if"), ctx):
            skipped.append(name)
            continue
        if "uses" in step or step["run"].startswith("pip install"):
            continue  # this test's own environment stands in (see the module docstring)
        env = {**base_env, **{k: _fill(str(v), ctx) for k, v in (step.get("env") or {}).items()}}
        script = _fill(step["run"], ctx)
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=300,
                              check=False)
        assert proc.returncode == 0, f"step {name!r} failed:\n{proc.stdout}\n{proc.stderr}"
        ran.append(name)
    return {"summary": summary.read_text(encoding="utf-8") if summary.exists() else "",
            "gh": log.read_text(encoding="utf-8").splitlines() if log.exists() else [],
            "body": (tmp / "gh.log.body").read_text(encoding="utf-8")
            if (tmp / "gh.log.body").exists() else None,
            "ran": ran, "skipped": skipped}


def test_added_renamed_and_removed_policies_then_one_sticky_comment(
        repo: Path, tmp_path: Path) -> None:
    first = run_workflow(repo, tmp_path, head_repo=REPOSITORY)
    assert first["ran"] == ["Lint (annotations on the diff)", "Lint (code scanning)",
                            "Policy tests", "Invariants (fixed seed, so a failure reproduces "
                            "locally)", "Impact of the change",
                            "Sticky comment (the job summary on forks)"]
    assert (repo / "lint.sarif").is_file() and (repo / "policy-tests.xml").is_file()
    impact = (repo / "impact.md").read_text(encoding="utf-8")
    assert impact.startswith("<!-- offboard-policy impact -->\n")
    assert "**policies/new-co.yaml**: new policy, no base to compare with." in impact
    assert ("**policies/manufacturing.yaml** (renamed from policies/example-manufacturing.yaml)"
            in impact)
    assert "**policies/cn-beijing.yaml**: removed." in impact
    assert "failed" not in impact
    assert "### Policy change: `origin/main:policies/cn-statutory.yaml` → " in impact
    assert ("### Policy change: `origin/main:policies/example-manufacturing.yaml` → "
            "`policies/manufacturing.yaml`") in impact
    assert impact in first["summary"]
    # no comment yet: one is created, with the impact as its body
    search, post = first["gh"]
    assert search.startswith(f"api repos/{REPOSITORY}/issues/7/comments --paginate --jq ")
    assert post == f"api -X POST repos/{REPOSITORY}/issues/7/comments -F body=@impact.md"
    assert first["body"] == impact
    # the next push finds the comment by its marker and updates it
    second = run_workflow(repo, tmp_path, head_repo=REPOSITORY, existing="4242\n")
    assert second["gh"][1] == f"api -X PATCH repos/{REPOSITORY}/issues/comments/4242 " \
                              "-F body=@impact.md"


def test_fork_pull_request_gets_the_job_summary_and_no_comment(
        repo: Path, tmp_path: Path) -> None:
    fork = run_workflow(repo, tmp_path, head_repo="someone/policies-fork")
    assert fork["gh"] == []
    assert "Sticky comment (the job summary on forks)" in fork["skipped"]
    assert "github/codeql-action/upload-sarif@v3" in fork["skipped"]
    assert "**policies/new-co.yaml**: new policy" in fork["summary"]


def test_every_run_step_is_exercised() -> None:
    steps = workflow()["jobs"]["policy"]["steps"]
    runs = [s for s in steps if "run" in s]
    assert [s["run"].split()[0] for s in runs] == [
        "pip", "offboard-policy", "offboard-policy", "offboard-policy", "offboard-policy", "echo",
        "id=$(gh"]
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    workflow_text = text[text.index("## GitHub Actions"):]
    assert "${{" not in "".join(s["run"] for s in runs)  # values reach scripts through env
    assert "rev: v0.1.0" not in workflow_text
