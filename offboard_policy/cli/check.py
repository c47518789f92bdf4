"""``offboard-policy check``: evaluate cases against a policy and print the reports."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from offboard_policy.cli.common import (
    EXIT_BLOCKED,
    EXIT_OK,
    emit,
    fail,
    input_errors,
    plural,
    refuse_overwrite,
)
from offboard_policy.cli.options import as_of_option, format_option, lang_option, output_option
from offboard_policy.errors import CaseError, InputError
from offboard_policy.paths import case_files
from offboard_policy.report.model import Lang, Report

if TYPE_CHECKING:
    from offboard_policy.policy import CompiledPolicy

_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
_INPUT = click.Path(exists=True, readable=True, path_type=Path)
_BATCH_SUFFIXES = (".jsonl", ".ndjson", ".csv")


def load_policy_for_check(
    policy_path: Path, *, cache: bool = True, strict: bool = False
) -> CompiledPolicy:
    """The compiled policy, through the compiled-policy cache unless ``cache`` is off.

    A refused cache directory and the policy's own warnings (a stale approval record) go to
    stderr; with ``strict`` those policy warnings are errors (exit 2).
    """
    from offboard_policy.policy import load_policy

    def warn(line: str) -> None:
        click.echo(line, err=True)

    policy = load_policy(policy_path, cache=cache, strict=strict, warn=warn)
    for diag in policy.warnings:
        warn(f"warning: {diag.format()}")
    return policy


def check_cases(
    case_paths: Sequence[Path], policy_path: Path, *, as_of: date | None = None,
    cache: bool = True, strict: bool = False, trace: bool = True,
) -> list[Report]:
    """Load the policy once, then load and evaluate each case: the library calls ``check`` makes.

    Raises :class:`InputError` with the diagnostics of the policy, or of every unusable case
    together (so that one run shows all of them).
    """
    from offboard_policy.case import load_case
    from offboard_policy.engine import evaluate
    from offboard_policy.engine.cities import placed

    policy = load_policy_for_check(policy_path, cache=cache, strict=strict)
    reports: list[Report] = []
    errors: list[InputError] = []
    for path in case_paths:
        try:
            case = load_case(path)
        except InputError as exc:
            errors.append(exc)
            continue
        try:
            reports.append(evaluate(policy, case, as_of=as_of, trace=trace))
        except CaseError as exc:  # a city the policy does not know
            errors.append(placed(exc, str(path)))
    if errors:
        raise InputError([d for exc in errors for d in exc.diagnostics])
    return reports


def _is_batch(path: Path) -> bool:
    return path.is_dir() or path.suffix.lower() in _BATCH_SUFFIXES


@click.command()
@click.argument("cases", nargs=-1, required=True, type=_INPUT, metavar="CASE...")
@click.option(
    "-p", "--policy", required=True, type=_FILE, help="Policy file to check against (YAML)."
)
@format_option(extra_help="With several cases, json prints a JSON array of reports; with batch "
               "input, one report per line (JSONL).")
@lang_option()
@as_of_option(
    "Date to evaluate at: parameters are looked up and waivers judged for it "
    "(YYYY-MM-DD; default: each case's termination date)."
)
@output_option()
@click.option("-w", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for batch input (JSONL, CSV, a directory); each loads the "
                   "policy once. Use the number of CPU cores.")
@click.option("--no-cache", is_flag=True, default=False,
              help="Read and compile the policy from its files, without the compiled-policy "
                   "cache ($OFFBOARD_POLICY_CACHE, default ~/.cache/offboard-policy).")
@click.option("--trace/--no-trace", default=None,
              help="Put the trace of derived values (formula, inputs, citation of each) in "
                   "the report, or leave it out (\"trace\": []). Default: in for single "
                   "cases, out for batch input, where it is most of each report's size and "
                   "time.")
@click.option("--strict", is_flag=True, default=False,
              help="Refuse a policy whose approval record no longer matches its content "
                   "(exit 2); without it that is a warning on stderr and in every report.")
@click.option("-v", "--verbose", is_flag=True, default=False,
              help="Text format: list every parameter used under 'Parameters used' (by "
                   "default only those with an approximate date or set by the company policy).")
@click.option("--record", is_flag=True, default=False,
              help="Append each report to the decision log (see 'decisions') before printing "
                   "it; case files only, not batch input.")
@click.option("--db", "db_url", default=None, metavar="URL",
              help="Decision log for --record: sqlite:///PATH or postgresql://...; default "
                   "$OFFBOARD_POLICY_DB, else ~/.local/share/offboard-policy/decisions.sqlite3.")
def check(
    cases: tuple[Path, ...],
    policy: Path,
    fmt: str,
    lang: str,
    as_of: date | None,
    output: Path | None,
    workers: int,
    no_cache: bool,
    trace: bool | None,
    strict: bool,
    verbose: bool,
    record: bool,
    db_url: str | None,
) -> None:
    """Check offboarding cases against a policy: may each case be closed?

    \b
    Examples:
      offboard-policy check fixtures/cases/contract-example.yaml --policy policies/cn-beijing.yaml
      offboard-policy check fixtures/cases/*.yaml -p policies/cn-beijing.yaml --lang en
      offboard-policy check fixtures/cases/pregnant-dismissal-blocked.yaml \\
          -p policies/cn-beijing.yaml -f json -o report.json
      offboard-policy check fixtures/internet/ready.yaml -p policies/example-internet.yaml \\
          -f markdown > comment.md
      offboard-policy check fixtures/cases/contract-example.yaml -p policies/cn-beijing.yaml \\
          --record --db sqlite:///decisions.sqlite3        # and append it to the decision log
    Batch input (a .jsonl or .csv file, or a directory of cases):
      python -m offboard_policy.testing --count 1000 -o cases.jsonl   # generated cases
      offboard-policy check cases.jsonl -p policies/cn-beijing.yaml --workers 2 -o results.jsonl
      offboard-policy check docs/batch-example.csv -p policies/cn-beijing.yaml  # blocked + summary
      offboard-policy check fixtures/cases/ -p policies/cn-beijing.yaml -f json | jq .verdict

    Each report starts with the verdict (ready or blocked), then the findings with their
    citations and fixes, and the settlement required next to what HR proposes. With
    --format json one case prints one JSON object (the report contract) and several cases
    a JSON array of them.

    Batch input is streamed: .jsonl has one case (a JSON object) per line; .csv has a header
    row of field paths such as case_id, employee.hire_date or employee.wages.monthly[0].gross
    and one case per row (an empty cell is not given; see docs/batch.md); a directory means
    every *.yaml, *.yml and *.json in it, by name. --format json (the default with --output)
    writes one report per line, in input order, without the trace unless --trace; a case
    that cannot be read becomes {"case": "FILE:LINE", "error": [...]} and the batch goes on.
    --format text prints one line per blocked case and per error (BLOCKED or ERROR, case id,
    FILE:LINE, rules). A progress bar (on a terminal only) and a summary (counts, settlement
    totals, cases/s) go to stderr. --output is written at the end, all at once.

    With --record every report is first appended to the decision log, in one transaction;
    only then is it printed, and the decision ids go to stderr (see 'offboard-policy
    decisions --help'). A log that cannot be written is exit 2 with nothing printed.

    Exit status: 0 every case is ready, 1 at least one case is blocked, 2 a usage or input
    error (every problem is listed on stderr; nothing is printed or written). With batch
    input, 2 if any case could not be read (the others are still checked and written).
    """
    language: Lang = "zh" if lang.lower() == "zh" else "en"
    if output is not None:
        _refuse_output_over_inputs(output, cases, policy)
    for path in cases:
        if path.is_dir() and not case_files(path):
            fail([f"Error: Invalid value for 'CASE...': directory {str(path)!r} has no case "
                  "files (*.yaml, *.yml, *.json)."])
        if path.is_file() and path.suffix.lower() in _BATCH_SUFFIXES:
            why = _no_cases(path)
            if why:
                fail([f"Error: Invalid value for 'CASE...': {str(path)!r} has no cases ({why})."])
    if db_url is not None and not record:
        fail(["Error: Invalid value for '--db': it names the decision log of --record; "
              "add --record."])
    if record and any(_is_batch(path) for path in cases):
        fail(["Error: Invalid value for '--record': it records case files; batch input "
              "(.jsonl, .csv, a directory) is recorded by the service's /v1/check/batch."])
    if any(_is_batch(path) for path in cases):
        ctx = click.get_current_context()
        explicit = ctx.get_parameter_source("fmt") != click.core.ParameterSource.DEFAULT
        _check_batch(cases, policy, fmt if explicit or output is None else "json", language,
                     as_of, output, workers, not no_cache, strict, trace is True)
    with input_errors():
        reports = check_cases(cases, policy, as_of=as_of, cache=not no_cache, strict=strict,
                              trace=trace is not False)
    if record:
        _record(cases, reports, policy, language, db_url)
    from offboard_policy.render import render, render_many

    color = False if output is not None else None
    if len(reports) == 1:
        text = render(reports[0], fmt, lang=language, color=color, verbose=verbose)
    elif fmt == "text":
        from offboard_policy.render.text import render_text_many

        text = render_text_many(reports, language, color=color,
                                titles=[str(path) for path in cases], verbose=verbose)
    else:
        text = render_many(reports, fmt, lang=language, color=color)
    emit(text, output)
    if fmt == "text" and len(reports) > 1:
        click.echo(verdict_summary(reports, language), err=True)
    blocked = any(r.verdict == "blocked" for r in reports)
    raise click.exceptions.Exit(EXIT_BLOCKED if blocked else EXIT_OK)


def _record(cases: Sequence[Path], reports: Sequence[Report], policy: Path, lang: Lang,
            db_url: str | None) -> None:
    """Append the reports to the decision log (one transaction) before anything is printed."""
    import getpass
    import os

    from offboard_policy.decisions.record import decisions_for_files
    from offboard_policy.decisions.store import StoreError, open_store

    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        who = f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
    with input_errors():
        decisions = decisions_for_files(cases, reports, lang=lang, policy_path=policy,
                                        who=who)
    try:
        store = open_store(db_url)
        try:
            store.record(decisions)
        finally:
            store.close()
    except StoreError as exc:
        fail([f"Error: decision log: {exc}"])
    except Exception as exc:  # the database refused the write: nothing is printed
        fail([f"Error: decision log: cannot record: {type(exc).__name__}: "
              f"{str(exc).splitlines()[0] if str(exc) else ''}"])
    for decision in decisions:
        click.echo(f"recorded decision {decision.id} ({decision.case_id})", err=True)


def _refuse_output_over_inputs(output: Path, cases: Sequence[Path], policy: Path) -> None:
    """Exit 2 when ``--output`` is the policy, a case file, or a case file of a directory."""
    targets = [(policy, "the policy"),
               *((path, "one of the cases") for path in cases if path.is_file())]
    folders = [path for path in cases if path.is_dir()]
    if folders:  # the batch reader is only needed (and imported) for directories

        targets += [(path, f"one of the cases in {folder}") for folder in folders
                    for path in case_files(folder)]
    refuse_overwrite(output, targets)


def verdict_summary(reports: Sequence[Report], lang: Lang) -> str:
    """``3 cases: 1 ready, 2 blocked`` (``3 个案例：可以结案 1，不可结案 2``)."""
    ready = sum(1 for r in reports if r.verdict == "ready")
    blocked = len(reports) - ready
    if lang == "zh":
        return f"共 {len(reports)} 个案例：可以结案 {ready}，不可结案 {blocked}"
    return f"{plural(len(reports), 'case')}: {ready} ready, {blocked} blocked"


def _no_cases(path: Path) -> str | None:
    """Why the batch file ``path`` holds no case at all (None when it holds one, or when it
    cannot be read: the batch then reports that as an error record)."""
    from offboard_policy.batch import iter_cases

    try:
        if path.stat().st_size == 0:
            return "the file is empty"
    except OSError:
        return None
    items = iter_cases([path])
    try:
        first = next(items, None)
    finally:
        items.close()
    if first is not None:
        return None
    if path.suffix.lower() == ".csv":
        return "a header row and no case rows"
    return "only blank lines"


def _check_batch(
    cases: Sequence[Path],
    policy: Path,
    fmt: str,
    language: Lang,
    as_of: date | None,
    output: Path | None,
    workers: int,
    cache: bool,
    strict: bool = False,
    trace: bool = False,
) -> None:
    """Stream every case of ``cases`` through ``workers`` processes; exit with the batch code."""
    from offboard_policy.batch import Checker, Job, atomic_output, run_batch

    if fmt not in ("json", "text"):
        raise click.UsageError(f"--format {fmt} is for single cases; batch input takes "
                               "json (one report per line) or text (blocked cases only).")
    job = Job(policy=policy, as_of=as_of, lang=language, fmt="json" if fmt == "json" else "text",
              cache=cache, trace=trace)
    with input_errors():  # a bad policy stops everything before any case is read
        checker = Checker(job, load_policy_for_check(policy, cache=cache, strict=strict))
    if output is None:
        summary = run_batch(cases, job, sys.stdout.write, workers=workers, checker=checker)
    else:
        try:
            with atomic_output(output) as fh:
                summary = run_batch(cases, job, fh.write, workers=workers, checker=checker)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            fail([f"Error: Invalid value for '--output': cannot write {str(output)!r}: {reason}"])
    click.echo(summary.format(language), err=True, nl=False)
    raise click.exceptions.Exit(summary.exit_code)
