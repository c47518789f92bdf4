"""``offboard-policy diff``: what a policy change means and which cases it changes."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import date
from pathlib import Path

import click

from offboard_policy.cli.common import EXIT_INPUT, emit, input_errors, refuse_overwrite
from offboard_policy.cli.options import as_of_option, format_option, output_option
from offboard_policy.diff import DIFF_FORMATS, diff_specs, render_diff
from offboard_policy.diff.impact import gather_cases
from offboard_policy.diff.revision import split_revision


@click.command()
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
      offboard-policy diff policies/cn-statutory.yaml policies/example-internet.yaml \\
          --cases fixtures/internet
      offboard-policy diff main:policies/example-internet.yaml policies/example-internet.yaml \\
          --cases fixtures/internet -f markdown > impact.md

    BASE and HEAD are policy files, or REV:PATH to take the policy (and everything it
    includes) from a git revision (a branch, tag or commit; PATH from the repository root).
    The change lists rules added, removed and changed, and parameter values with their
    dates; with --cases, each case's verdict, findings and amounts are compared, largest
    change first.

    A case that cannot be read or checked does not stop the diff: the diff and the impact
    on the other cases are printed, each unreadable case is reported on stderr (and listed
    under "unreadable" in the JSON), and the exit status is 2.

    \b
    Exit status: 0 (with --exit-code: 0 no change, 1 changes), 2 usage or input error,
    including a case of --cases that could not be checked.
    """
    inputs = [(Path(spec), f"the {side} policy") for side, spec in (("BASE", base), ("HEAD", head))
              if split_revision(spec) is None]
    inputs += [(path, "a case of --cases") for path in gather_cases(cases)]
    refuse_overwrite(output, inputs)
    with input_errors(), ExitStack() as stack:
        result = diff_specs(base, head, cases=cases, as_of=as_of, stack=stack)
        emit(render_diff(result.diff, result.impact, fmt), output)
    if result.impact is not None and result.impact.problems:
        for d in result.impact.problems:
            click.echo(d.format(), err=True)
        unreadable = result.impact.unreadable
        click.echo(f"Error: {len(unreadable)} case{'s' if len(unreadable) != 1 else ''} "
                   "could not be checked; the impact leaves "
                   f"{'it' if len(unreadable) == 1 else 'them'} out.", err=True)
        raise click.exceptions.Exit(EXIT_INPUT)
    raise click.exceptions.Exit(1 if exit_code and result.changed else 0)
