"""``offboard-policy verify``: search for cases that break a policy's invariants."""

from __future__ import annotations

from pathlib import Path

import click

from offboard_policy.cli.common import emit, input_errors, refuse_overwrite

_INPUT = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
DEFAULT_TEST_DIR = Path("tests/policies")


@click.command()
@click.argument("policy", type=_INPUT)
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the search: the same seed and limits give the same run.")
@click.option("--max-examples", type=click.IntRange(min=1), default=200, show_default=True,
              help="How many cases to draw at most.")
@click.option("--budget", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="SECONDS", help="Stop drawing cases after this many seconds.")
@click.option("--reference", type=_INPUT, default=None, metavar="POLICY",
              help="The policy to compare statutory lines and `reference` with (default: the "
                   "one POLICY extends; itself when it extends none).")
@click.option("--write-test", "test_path", metavar="FILE", default=None,
              type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the counterexample's policy test file there (atomically) instead "
                   "of printing it.")
def verify(policy: Path, seed: int, max_examples: int, budget: float | None,
           reference: Path | None, test_path: Path | None) -> None:
    """Search generated cases for a counterexample to the policy's invariants.

    \b
    Examples:
      offboard-policy verify policies/example-internet.yaml --seed 1 --max-examples 20
      offboard-policy verify policies/cn-beijing.yaml --seed 7 --max-examples 20 --budget 30

    Cases come from the seeded case generator, pushed onto the thresholds the policy's
    parameters mention (service of K years and 6 months, the 12-year limit, notice of 30
    days, three times the average wage, each parameter's effective date, a day before and
    after), with every termination ground drawn evenly. Built-in invariants, for every
    policy: evaluation never raises; amounts are >= 0 and whole fen; statutory lines are
    never below the reference policy's; N does not fall with longer service or a higher wage
    below the cap; a ready verdict has no blocking finding and nothing unpaid; blocking
    statutory violations have a citation and Art. 42/87 findings an exposure. A policy adds
    its own with `invariants:` (see the README).

    A counterexample is made small and printed as a policy test file (the format of
    tests/policies/, with the policy path relative to tests/policies; with --write-test,
    relative to that file).

    \b
    Exit status: 0 no counterexample found, 1 a counterexample found, 2 usage or input error.
    """
    # Imported here: hypothesis takes a while to import, and no other command needs it.
    from offboard_policy.verify import render_test_file, render_verify, verify_policy

    if test_path is not None:
        refuse_overwrite(test_path, [(policy, "the policy")], option="--write-test")
    with input_errors():
        result = verify_policy(policy, seed=seed, max_examples=max_examples, budget=budget,
                               reference=reference)
    click.echo(render_verify(result), nl=False, err=result.counterexample is not None)
    if result.counterexample is None:
        raise click.exceptions.Exit(0)
    test_dir = test_path.parent if test_path is not None else DEFAULT_TEST_DIR
    emit(render_test_file(result, policy, test_dir), test_path, option="--write-test")
    raise click.exceptions.Exit(1)
