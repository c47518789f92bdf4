"""``offboard-policy diff``: what a policy change means and which cases it changes."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import date
from pathlib import Path

import click

from offboard_policy.cli.app import main
from offboard_policy.cli.common import emit, input_errors
from offboard_policy.cli.options import as_of_option, format_option, output_option
from offboard_policy.diff import DIFF_FORMATS, diff_specs, render_diff


@main.command()
@click.argument("base")
@click.argument("head")
@click.option("--cases", "cases", multiple=True,
              type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="Case files or folders to measure the impact on (repeatable).")
@click.option("--exit-code", is_flag=True,
              help="Exit 1 when anything changed (like git diff --exit-code).")
@as_of_option("Evaluate the cases as of this date (YYYY-MM-DD; default: each case's "
              "termination date).")
@format_option(DIFF_FORMATS, extra_help="markdown is fit to paste into a pull request.")
@output_option()
def diff(base: str, head: str, cases: tuple[Path, ...], exit_code: bool, as_of: date | None,
         fmt: str, output: Path | None) -> None:
    """Show what changes between two versions of a policy, and its impact on cases.

    \b
    Examples:
      offboard-policy diff main:policies/cn-beijing.yaml policies/cn-beijing.yaml
      offboard-policy diff old.yaml new.yaml --cases fixtures/cases
      offboard-policy diff origin/main:policies/acme-cn.yaml policies/acme-cn.yaml \\
          --cases fixtures/cases -f markdown > impact.md

    BASE and HEAD are policy files, or REV:PATH to take the policy (and everything it
    includes) from a git revision. The change lists rules added, removed and changed, and
    parameter values with their dates; with --cases, each case's verdict, findings and
    amounts are compared, largest change first.

    \b
    Exit status: 0 (with --exit-code: 0 no change, 1 changes), 2 usage or input error.
    """
    with input_errors(), ExitStack() as stack:
        result = diff_specs(base, head, cases=cases, as_of=as_of, stack=stack)
        emit(render_diff(result.diff, result.impact, fmt), output)
    raise click.exceptions.Exit(1 if exit_code and result.changed else 0)
