"""``offboard-policy decisions list|show|replay``: read and re-check the decision log."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from offboard_policy.cli.app import main
from offboard_policy.cli.common import EXIT_BLOCKED, EXIT_OK, fail, input_errors
from offboard_policy.cli.options import IsoDate

_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)

_DB = click.option(
    "--db", "db_url", default=None, metavar="URL",
    help="The decision log: sqlite:///PATH or postgresql://...; default $OFFBOARD_POLICY_DB, "
         "else ~/.local/share/offboard-policy/decisions.sqlite3.")


def _store(db_url: str | None) -> Any:
    from offboard_policy.decisions.store import StoreError, open_store

    try:
        return open_store(db_url)
    except StoreError as exc:
        fail([f"Error: decision log: {exc}"])


def _find(store: Any, decision_id: str) -> Any:
    """The decision with this id, a unique id prefix, or ``latest``; exit 2 otherwise."""
    if decision_id == "latest":
        newest = store.list(limit=1)
        if not newest:
            fail(["Error: the decision log is empty."])
        return newest[0]
    found = store.get(decision_id)
    if found is not None:
        return found
    matches = store.find(decision_id) if len(decision_id) >= 6 else []
    if len(matches) == 1:
        return matches[0]
    why = "is ambiguous" if matches else "is not in the decision log"
    fail([f"Error: Invalid value for 'ID': decision {decision_id!r} {why} "
          f"({store.display_url}). 'offboard-policy decisions list' shows the ids."])


@main.group()
def decisions() -> None:
    """The decision log: what the checker said about which case, under which policy version.

    Every check made through the service (offboard-policy serve) and every
    'check --record' is a decision: who, when, the case and its digest, the policy id,
    version and digest, the engine version, as-of date, language, verdict, totals and
    the full report.

    \b
    Examples:
      offboard-policy check fixtures/cases/contract-example.yaml \\
          -p policies/cn-beijing.yaml --record
      offboard-policy decisions list --case-id OFB-2026-0142
      offboard-policy decisions list --since 2026-01-01 --format json
      offboard-policy decisions show latest
      offboard-policy decisions replay latest
    """


@decisions.command(name="list")
@_DB
@click.option("--case-id", default=None, help="Only the decisions of this case id.")
@click.option("--since", type=IsoDate(), default=None,
              help="Only decisions recorded on or after this day (YYYY-MM-DD, UTC).")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True,
              help="At most this many, newest first.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: one line per decision; json: an array.")
def list_decisions(db_url: str | None, case_id: str | None, since: date | None, limit: int,
                   fmt: str) -> None:
    """List decisions, newest first.

    \b
    Examples:
      offboard-policy decisions list
      offboard-policy decisions list --case-id OFB-2026-0142 --format json
    """
    store = _store(db_url)
    try:
        found = store.list(case_id=case_id, since=since, limit=limit)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps([d.summary() for d in found], ensure_ascii=False, indent=2))
        return
    for d in found:
        total = d.total_required if d.total_required is not None else "incomplete"
        click.echo(f"{d.id}  {d.recorded_at[:19]}Z  {d.verdict:<7}  {d.case_id}  "
                   f"{d.policy_id}@{d.policy_version}  {total}  {d.who} ({d.source})")
    if not found:
        click.echo("no decisions", err=True)


@decisions.command()
@_DB
@click.argument("decision_id", metavar="ID")
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "report"]), default="json",
              show_default=True,
              help="json: the decision with its case and report; report: the report only, "
                   "exactly as it was returned.")
def show(db_url: str | None, decision_id: str, fmt: str) -> None:
    """Show one decision (ID, a unique prefix of it, or 'latest').

    \b
    Examples:
      offboard-policy decisions show latest
      offboard-policy decisions show latest --format report
    """
    store = _store(db_url)
    try:
        found = _find(store, decision_id)
    finally:
        store.close()
    if fmt == "report":
        click.echo(found.report_json, nl=not found.report_json.endswith("\n"))
        return
    click.echo(json.dumps(found.detail(), ensure_ascii=False, indent=2))


@decisions.command()
@_DB
@click.argument("decision_id", metavar="ID")
@click.option("-p", "--policy", type=_FILE, default=None,
              help="The policy file to replay under (default: the path the decision names).")
def replay(db_url: str | None, decision_id: str, policy: Path | None) -> None:
    """Re-check a decision's case under its policy; exit 0 only if the report is identical.

    The policy file must have the digest the decision was made under; otherwise the
    replay says which version the file is and which the decision used, and shows how the
    report would differ under the file.

    \b
    Examples:
      offboard-policy decisions replay latest
      offboard-policy decisions replay latest --policy policies/cn-beijing.yaml

    Exit status: 0 identical, 1 a difference (each one printed as path: stored -> now),
    2 a usage or input error (no such decision, the policy file is missing or invalid).
    """
    from offboard_policy.cli.check import load_policy_for_check
    from offboard_policy.decisions.replay import replay as run_replay

    store = _store(db_url)
    try:
        found = _find(store, decision_id)
    finally:
        store.close()
    path = policy or Path(found.policy_path)
    if not path.is_file():
        fail([f"Error: the decision's policy file {str(path)!r} does not exist here; give the "
              "file with --policy."])
    with input_errors():
        compiled = load_policy_for_check(path)
        result = run_replay(found, compiled)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if result.policy_mismatch:
        click.echo(f"policy differs: {result.policy_mismatch}")
    if result.identical:
        click.echo(f"identical: decision {found.id} ({found.case_id}, {found.verdict}) "
                   f"replays to the same report under {found.policy_id}@"
                   f"{found.policy_version}")
        raise click.exceptions.Exit(EXIT_OK)
    if result.differences:
        click.echo(f"different: decision {found.id} ({found.case_id}) replays to another "
                   f"report ({len(result.differences)} differences):")
        for line in result.differences:
            click.echo(f"  {line}")
    else:
        click.echo("the report itself is the same")
    raise click.exceptions.Exit(EXIT_BLOCKED)
