"""``offboard-policy digest`` and ``approve``: the four-eyes approval record of a policy.

A policy's digest is the sha256 of the canonical content of the policy and every file it
reads (parent policies, rule modules, parameter tables), leaving out the policy's own
``approval:`` record. ``digest`` prints it (or, with ``--check``, compares it with the
record); ``approve`` writes ``approval: {by, on, digest}`` into the policy file.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import click

from offboard_policy.atomic import write_atomic
from offboard_policy.cli.common import EXIT_BLOCKED, EXIT_OK, fail, input_errors
from offboard_policy.cli.options import IsoDate

_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
_TOP_LEVEL_KEY = re.compile(r"^\S")


@click.command()
@click.argument("policy", type=_FILE)
@click.option("--check", "check_record", is_flag=True,
              help="Compare with the policy's approval record instead of printing the digest.")
def digest(policy: Path, check_record: bool) -> None:
    """Print the digest of a policy and everything it reads, to record in its approval.

    \b
    Examples:
      offboard-policy digest policies/example-manufacturing.yaml
      offboard-policy digest policies/example-manufacturing.yaml --check

    The digest covers the policy, the policies it extends, and every rule module and
    parameter table they include (their parsed content: comments and layout do not count).
    A policy fails to load, and prints nothing, when it lowers a statutory rule without a
    deviation.

    Exit status: 0 printed, or with --check the approval matches; 1 with --check the policy
    has no approval or it is stale (the reason goes to stderr); 2 an input error.
    """
    from offboard_policy.policy import read_policy

    with input_errors():
        definition = read_policy(policy)
    if not check_record:
        click.echo(definition.digest)
        raise click.exceptions.Exit(EXIT_OK)
    approval = definition.approval
    if approval is None:
        click.echo(f"{definition.path}: no approval record; the digest to record is "
                   f"{definition.digest}", err=True)
        raise click.exceptions.Exit(EXIT_BLOCKED)
    if definition.warnings:
        for w in definition.warnings:
            click.echo(w.format(), err=True)
        raise click.exceptions.Exit(EXIT_BLOCKED)
    on = approval.on.isoformat() if approval.on else "?"
    click.echo(f"{definition.path}: approved by {approval.by} on {on}: {definition.digest}")
    raise click.exceptions.Exit(EXIT_OK)


@click.command()
@click.argument("policy", type=_FILE)
@click.option("--by", "approver", required=True, help="Who approves (the second pair of eyes).")
@click.option("--on", "day", type=IsoDate(), default=None,
              help="Date of the approval (YYYY-MM-DD; default: today).")
def approve(policy: Path, approver: str, day: date | None) -> None:
    """Record an approval of a policy: write approval: {by, on, digest} into the file.

    \b
    Examples:
      offboard-policy approve policies/example-internet.yaml --by "Legal (W. Chen)"
      offboard-policy approve policies/example-manufacturing.yaml --by L0003 --on 2026-11-30

    The policy must load (a statutory rule lowered without a deviation refuses it). An
    existing approval record is replaced; the rest of the file, comments included, is kept.
    Once anything the policy reads changes, check and lint say the approval is stale.

    Exit status: 0 recorded, 2 an input error (nothing is written).
    """
    from offboard_policy.policy import read_policy

    approver = approver.strip()
    if not approver:
        fail(["Error: Invalid value for '--by': give the approver's name."])
    with input_errors():
        definition = read_policy(policy)
        text = policy.read_text(encoding="utf-8")
    when = day or date.today()
    record = (f"approval: {{by: {json.dumps(approver, ensure_ascii=False)}, "
              f"on: {when.isoformat()}, digest: \"{definition.digest}\"}}")
    try:
        write_atomic(policy, with_approval(text, record))
    except OSError as exc:
        fail([f"Error: cannot write {str(policy)!r}: {exc.strerror or exc}"])
    click.echo(f"{definition.path}: approved by {approver} on {when.isoformat()}: "
               f"{definition.digest}")


def with_approval(text: str, record: str) -> str:
    """``text`` with its top-level ``approval:`` entry replaced by ``record`` (or appended)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("approval:")), None)
    if start is None:
        body = text if text.endswith("\n") or not text else text + "\n"
        return f"{body}{record}\n"
    end = start + 1
    while end < len(lines) and not _TOP_LEVEL_KEY.match(lines[end]):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # keep blank lines before the next key
    return "\n".join([*lines[:start], record, *lines[end:]]) + "\n"
