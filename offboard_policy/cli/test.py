"""``offboard-policy test``: run policy test files and report failures field by field."""

from __future__ import annotations

from pathlib import Path

import click

from offboard_policy.atomic import write_atomic
from offboard_policy.cli.common import EXIT_INPUT, emit, refuse_overwrite
from offboard_policy.cli.options import format_option, output_option
from offboard_policy.paths import YAML_SUFFIXES
from offboard_policy.testrunner import SCOPES, RunResult, Scope, coverage_of, overall, run_tests
from offboard_policy.testrunner.coverage import coverage_json
from offboard_policy.testrunner.output import TEST_FORMATS, problem_lines, render_run

DEFAULT_TEST_PATHS = ("tests/policies",)


@click.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path),
                metavar="[PATH]...")
@click.option("-k", "pattern", metavar="PATTERN",
              help="Run only tests whose 'file::name' contains PATTERN (or matches it as a "
                   "glob with * ? [).")
@click.option("--coverage", is_flag=True,
              help="Report checks that never fired or passed, and lines and values never "
                   "computed.")
@click.option("--scope", type=click.Choice(SCOPES), default="own", show_default=True,
              help="Rules coverage counts: 'own' (the non-statutory modules a policy includes "
                   "itself and the lines its own file defines) or 'all' (the statutory library "
                   "it extends too).")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PERCENT",
              help="Exit 1 when rule coverage of the --scope is below PERCENT (implies "
                   "--coverage).")
@click.option("--coverage-report", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Also write the coverage as JSON to FILE.")
@click.option("-v", "--verbose", is_flag=True, help="List passing tests too (text format).")
@format_option(TEST_FORMATS)
@output_option()
def test_command(paths: tuple[Path, ...], pattern: str | None, coverage: bool, scope: Scope,
                 fail_under: float | None, coverage_report: Path | None, verbose: bool,
                 fmt: str, output: Path | None) -> None:
    """Run policy tests: cases with their expected verdict, findings and amounts.

    \b
    Examples:
      offboard-policy test
      offboard-policy test tests/policies/cn-beijing.yaml -k compensation
      offboard-policy test --coverage --fail-under 90
      offboard-policy test --coverage --scope all
      offboard-policy test -f junit -o policy-tests.xml --coverage-report coverage.json

    PATHs are test files or folders (default: tests/policies/); in a folder, every YAML file
    with a top-level 'tests:' is a test file. A failing test shows each expected field next
    to what the policy produced.

    Problems with the test files themselves (unreadable YAML, a file that is not a test
    file, a missing policy or case) go to stderr; junit and json also list them.

    \b
    Exit status: 0 all tests passed, 1 a test failed or coverage is under --fail-under,
    2 usage error or an unreadable test file.
    """
    targets = list(paths) or [Path(p) for p in DEFAULT_TEST_PATHS if Path(p).exists()]
    if not targets:
        click.echo("Error: no tests/policies folder here; name the test files to run.",
                   err=True)
        raise click.exceptions.Exit(EXIT_INPUT)
    run = run_tests(targets, pattern=pattern)
    if not run.results and not run.problems:
        why = f" match -k {pattern!r}" if pattern else " were found"
        click.echo(f"Error: no tests{why}.", err=True)
        raise click.exceptions.Exit(EXIT_INPUT)
    read = _files_read(targets, run)
    refuse_overwrite(output, read)
    also = [(output, "the --output file")] if output is not None else []
    refuse_overwrite(coverage_report, [*read, *also], option="--coverage-report")
    want_coverage = coverage or fail_under is not None or coverage_report is not None
    covs = coverage_of(run, scope) if want_coverage else None
    for line in problem_lines(run):
        click.echo(line, err=True)
    emit(render_run(run, covs, fmt, verbose=verbose), output)
    if coverage_report is not None and covs is not None:
        write_atomic(coverage_report, coverage_json(covs))
    if run.problems:
        raise click.exceptions.Exit(EXIT_INPUT)
    code = 0 if run.ok else 1
    if fail_under is not None and covs is not None and overall(covs) < fail_under:
        click.echo(f"coverage {overall(covs):.1f}% is under --fail-under {fail_under:g}%",
                   err=True)
        code = 1
    raise click.exceptions.Exit(code)


def _files_read(targets: list[Path], run: RunResult) -> list[tuple[Path, str]]:
    """Every file the run read or could have read: test files (any YAML under a folder, as
    base cases live there too), the policies and the case files the tests name."""
    out: list[tuple[Path, str]] = []
    for target in targets:
        if target.is_dir():
            out += [(p, f"a file in {target}") for p in target.rglob("*")
                    if p.suffix in YAML_SUFFIXES]
        else:
            out.append((target, "a test file"))
    for result in run.results:
        out.append((result.spec.policy, "the policy of a test"))
        if result.spec.case_file is not None:
            out.append((result.spec.case_file, "the case of a test"))
    return out
