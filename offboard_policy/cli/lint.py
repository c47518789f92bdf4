"""``offboard-policy lint``: find every problem in policies, rule modules and parameter tables."""

from __future__ import annotations

from pathlib import Path

import click

from offboard_policy.cli.common import EXIT_INPUT, emit, fail, refuse_overwrite
from offboard_policy.cli.options import format_option, output_option
from offboard_policy.lint import DEFAULT_PATHS, FAIL_ON, FailOn, lint_paths
from offboard_policy.lint.collect import discover
from offboard_policy.lint.output import LINT_FORMATS, render_lint
from offboard_policy.paths import YAML_SUFFIXES


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path),
                metavar="[PATH]...")
@format_option(LINT_FORMATS, extra_help="sarif is SARIF 2.1.0 for GitHub code scanning; "
               "github prints workflow annotations.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 on errors only, or on warnings too. Every problem is reported "
                   "either way.")
@output_option()
def lint(paths: tuple[Path, ...], fmt: str, fail_on: FailOn, output: Path | None) -> None:
    """Find problems in policies, rule modules and parameter tables, with positions.

    \b
    Examples:
      offboard-policy lint
      offboard-policy lint policies/cn-beijing.yaml rules/cn
      offboard-policy lint --format sarif -o lint.sarif
      offboard-policy lint --format github --fail-on warning

    PATHs are files or folders (default: policies/ and rules/). Lint keeps going after
    errors: every file is checked alone and every policy is compiled, then the OP7xx rules
    look for missing citations and translations, unused parameters and values, constant
    conditions, city gaps between parameters used together and unapproved deviations.
    A rule module that no linted policy includes (lint rules/company/x.yaml) is type-checked
    against the project's statutory policy and the other modules of its folder. Silence a
    finding with a comment on its line: '# offboard-policy: ignore[OP706]'.

    \b
    Exit status: 0 no problem at the --fail-on level, 1 problems found, 2 usage error (such
    as a PATH that is not a YAML file, or a folder without any).
    """
    if not paths and not any(Path(p).exists() for p in DEFAULT_PATHS):
        click.echo(f"Error: nothing to lint: no {' or '.join(DEFAULT_PATHS)} folder here; "
                   "name the files or folders to lint.", err=True)
        raise click.exceptions.Exit(EXIT_INPUT)
    targets = list(paths) or [Path(p) for p in DEFAULT_PATHS if Path(p).exists()]
    problems = []
    for path in targets:
        if path.is_file() and path.suffix.lower() not in YAML_SUFFIXES:
            problems.append(f"Error: {path} is not a YAML file: lint reads policies, rule "
                            "modules and parameter tables (*.yaml, *.yml).")
        elif path.is_dir() and not discover([path])[0]:
            problems.append(f"Error: no policy, rule module or parameter table found in "
                            f"{path} (no *.yaml or *.yml file in it).")
    if problems:
        fail(problems)
    refuse_overwrite(output, ((f, "one of the files to lint") for f in discover(targets)[0]))
    result = lint_paths(paths, fail_on=fail_on)
    emit(render_lint(result.diagnostics, result.files, fmt), output)
    raise click.exceptions.Exit(result.exit_code)
