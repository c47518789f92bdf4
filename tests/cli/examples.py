"""Run a documented example command line in this process, as the shell would run it.

An example is one line of ``--help`` or of a page in docs/: ``offboard-policy ARGS`` or
``python -m MODULE ARGS``, with shell globs, ``> FILE``, ``| jq FILTER`` and ``|| true``. The
command runs through click's ``CliRunner`` from the current directory: what a subprocess would
add (interpreter start-up and import) is tested once, in ``test_cli_e2e.py``.
"""

from __future__ import annotations

import glob
import importlib
import json
import shlex
from dataclasses import dataclass
from pathlib import Path

import click
from click.testing import CliRunner
from clirun import BASE_ENV

from offboard_policy.cli import main

GENERATED_COUNT = "50"
"""``python -m offboard_policy.testing --count N`` runs with this N: the same path through the
generator and the batch, a fraction of the cases."""


@dataclass(frozen=True)
class Example:
    """Where examples run: the copy of the repository (the working directory) and the
    compiled-policy cache they share."""

    root: Path
    cache: Path


@dataclass(frozen=True)
class ExampleResult:
    """The exit status and streams of one example line (stdout empty when redirected)."""

    exit_code: int
    stdout: str
    stderr: str


def _command(module: str) -> click.Command:
    """The click command ``python -m MODULE`` runs."""
    mod = importlib.import_module(module)
    entry = getattr(mod, "main", None)
    if not isinstance(entry, click.Command):
        entry = importlib.import_module(f"{module}.__main__").main
    assert isinstance(entry, click.Command), module
    return entry


def _expand(args: list[str], root: Path) -> list[str]:
    """Shell globs, relative to ``root``, sorted; a glob without a match stays as written."""
    out: list[str] = []
    for arg in args:
        matches = sorted(glob.glob(arg, root_dir=root)) if any(c in arg for c in "*?[") else []
        out += matches or [arg]
    return out


def _json_stream(text: str) -> list[object]:
    """The JSON documents of ``text``, one after another (whitespace between them)."""
    decoder = json.JSONDecoder()
    docs, index = [], 0
    while text[index:].strip():
        doc, end = decoder.raw_decode(text, index + len(text[index:]) - len(text[index:].lstrip()))
        docs.append(doc)
        index = end
    assert docs, "no JSON for jq"
    return docs


def example_key(line: str) -> tuple[str, ...]:
    """The command of an example line: its words without comment, ``|| true``, pipe or
    redirection (two lines with the same key run the same command)."""
    tokens = shlex.split(line, comments=True)
    for operator in ("||", "|", ">"):
        if operator in tokens:
            tokens = tokens[:tokens.index(operator)]
    return tuple(tokens)


def run_example(where: Example, line: str) -> ExampleResult:
    """Run ``line`` in ``where.root`` (the current directory) and return its result.

    ``| jq ...`` is not run (jq need not be installed): what it would read must be JSON.
    ``|| true`` keeps the command's own exit status, so a usage error still shows.
    """
    tokens = shlex.split(line, comments=True)
    if "||" in tokens:
        cut = tokens.index("||")
        assert tokens[cut + 1:] == ["true"], line
        tokens = tokens[:cut]
    piped_to_jq = "|" in tokens
    if piped_to_jq:
        cut = tokens.index("|")
        assert tokens[cut + 1] == "jq", line
        tokens = tokens[:cut]
    target = None
    if ">" in tokens:
        cut = tokens.index(">")
        target, tokens = tokens[cut + 1], tokens[:cut]
    if tokens[0] == "offboard-policy":
        command, args = main, tokens[1:]
    else:
        assert tokens[:2] == ["python", "-m"], line
        command, args = _command(tokens[2]), tokens[3:]
        if tokens[2] == "offboard_policy.testing" and "--count" in args:
            args[args.index("--count") + 1] = GENERATED_COUNT
    env = {**BASE_ENV, "OFFBOARD_POLICY_CACHE": str(where.cache)}
    result = CliRunner().invoke(command, _expand(args, where.root), env=env,
                                prog_name="offboard-policy", catch_exceptions=False)
    stdout = result.stdout
    if piped_to_jq:
        _json_stream(stdout)  # what jq reads: one or more JSON documents
    if target is not None:
        (where.root / target).write_text(stdout, encoding="utf-8")
        stdout = ""
    return ExampleResult(result.exit_code, stdout, result.stderr)
