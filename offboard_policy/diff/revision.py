"""Resolve a ``diff`` operand: a policy file, or ``REV:path`` taken from git.

For ``REV:path`` the whole tree of that revision is materialised in a temporary folder
(``git archive REV | tar -x``), so the policy's relative includes and parameter tables
resolve exactly as they did at that revision. ``path`` is relative to the repository root,
as in ``git show REV:path``.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from offboard_policy import codes

from ..errors import Diagnostic, InputError


class RevisionError(InputError):
    """A ``REV:path`` operand cannot be resolved (exit code 2)."""


@dataclass(frozen=True)
class Operand:
    """A resolved operand: where the policy file is now, and how to name it."""

    label: str
    path: Path


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                              env={**os.environ, "LC_ALL": "C"})  # messages we can match
    except FileNotFoundError:
        raise RevisionError(Diagnostic("git is not installed", codes.GIT_UNAVAILABLE)) from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(Diagnostic(
            f"git {' '.join(args[:2])} failed: {message[-1] if message else proc.returncode}",
            codes.GIT_UNAVAILABLE))
    return proc.stdout


def split_revision(spec: str) -> tuple[str, str] | None:
    """``("main", "policies/x.yaml")`` for ``main:policies/x.yaml``; None for a plain path.

    An existing file always wins, so a file name containing ``:`` still works.
    """
    if Path(spec).exists() or ":" not in spec:
        return None
    rev, _, path = spec.partition(":")
    if not rev or not path:
        return None
    return rev, path


def _extract(archive: bytes, target: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def resolve(spec: str, stack: ExitStack, *, cwd: Path | None = None) -> Operand:
    """Resolve ``spec``; temporary trees are removed when ``stack`` closes."""
    split = split_revision(spec)
    if split is None:
        path = Path(spec)
        if not path.is_file():
            raise RevisionError(Diagnostic(
                "no such policy file (for a git revision write REV:path, e.g. "
                "main:policies/cn-beijing.yaml)", codes.GIT_NO_FILE, file=spec))
        return Operand(spec, path)
    rev, rel = split
    here = cwd or Path.cwd()
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], here).decode().strip())
    except RevisionError as exc:
        if "not a git repository" not in exc.diagnostics[0].message:
            raise
        raise RevisionError(Diagnostic(
            f"REV:PATH takes the policy from git, but {here} is not in a git repository "
            "(run diff inside the repository, or give the policy file's path)",
                codes.GIT_UNAVAILABLE,
            file=spec)) from None
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
                      top).decode().strip()
    except RevisionError:
        raise RevisionError(Diagnostic(
            f"unknown git revision '{rev}' (give a branch, tag or commit, e.g. main or "
            "HEAD~1)", codes.GIT_UNAVAILABLE, file=spec)) from None
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="offboard-diff-")))
    _extract(_git(["archive", "--format=tar", commit], top), tmp)
    path = tmp / rel
    if not path.is_file():
        raise RevisionError(Diagnostic(f"'{rel}' does not exist at revision {rev}",
            codes.GIT_NO_FILE,
                                       file=spec))
    return Operand(spec, path)
