"""``offboard-policy check``: evaluate cases against a policy and print the reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import click

from offboard_policy.cli.app import main
from offboard_policy.cli.common import EXIT_BLOCKED, EXIT_OK, emit, input_errors
from offboard_policy.cli.options import as_of_option, format_option, lang_option, output_option
from offboard_policy.errors import InputError
from offboard_policy.render import render, render_many
from offboard_policy.report.model import Lang, Report

_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


def check_cases(
    case_paths: Sequence[Path], policy_path: Path, *, as_of: date | None = None
) -> list[Report]:
    """Load the policy once, then load and evaluate each case: the library calls ``check`` makes.

    Raises :class:`InputError` with the diagnostics of the policy, or of every unusable case
    together (so that one run shows all of them).
    """
    from offboard_policy.case import load_case
    from offboard_policy.engine import evaluate
    from offboard_policy.policy import load_policy

    policy = load_policy(policy_path)
    reports: list[Report] = []
    errors: list[InputError] = []
    for path in case_paths:
        try:
            case = load_case(path)
        except InputError as exc:
            errors.append(exc)
            continue
        reports.append(evaluate(policy, case, as_of=as_of))
    if errors:
        raise InputError([d for exc in errors for d in exc.diagnostics])
    return reports


@main.command()
@click.argument("cases", nargs=-1, required=True, type=_FILE, metavar="CASE...")
@click.option(
    "-p", "--policy", required=True, type=_FILE, help="Policy file to check against (YAML)."
)
@format_option(extra_help="With several cases, json prints a JSON array of reports.")
@lang_option()
@as_of_option(
    "Date to evaluate at: parameters are looked up and waivers judged for it "
    "(YYYY-MM-DD; default: each case's termination date)."
)
@output_option()
def check(
    cases: tuple[Path, ...],
    policy: Path,
    fmt: str,
    lang: str,
    as_of: date | None,
    output: Path | None,
) -> None:
    """Check offboarding cases against a policy: may each case be closed?

    \b
    Examples:
      offboard-policy check cases/OFB-2026-0142.yaml --policy policies/acme-cn.yaml
      offboard-policy check cases/*.yaml -p policies/acme-cn.yaml --lang en
      offboard-policy check case.yaml -p policy.yaml -f json -o report.json
      offboard-policy check case.yaml -p policy.yaml -f markdown > comment.md

    Each report starts with the verdict (ready or blocked), then the findings with their
    citations and fixes, and the settlement required next to what HR proposes. With
    --format json one case prints one JSON object (the report contract) and several cases
    a JSON array of them.

    Exit status: 0 every case is ready, 1 at least one case is blocked, 2 a usage or input
    error (every problem is listed on stderr; nothing is printed or written).
    """
    language: Lang = "zh" if lang.lower() == "zh" else "en"
    with input_errors():
        reports = check_cases(cases, policy, as_of=as_of)
    color = False if output is not None else None
    if len(reports) == 1:
        text = render(reports[0], fmt, lang=language, color=color)
    else:
        text = render_many(reports, fmt, lang=language, color=color)
    emit(text, output)
    blocked = any(r.verdict == "blocked" for r in reports)
    raise click.exceptions.Exit(EXIT_BLOCKED if blocked else EXIT_OK)
