"""``offboard-policy plan``: the checklist that makes a blocked case ready."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from offboard_policy.case import load_case
from offboard_policy.cli.check import load_policy_for_check
from offboard_policy.cli.common import EXIT_INPUT, emit, fail, input_errors, refuse_overwrite
from offboard_policy.cli.options import as_of_option, format_option, output_option
from offboard_policy.plan import PLAN_FORMATS, PlanBug, make_plan, render_plan
from offboard_policy.plan.data import to_yaml

_INPUT = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
PATCH_HEADER = ("# Written by offboard-policy plan: the case with the plan's changes. Values the\n"
                "# plan marks as assumed are placeholders; replace them with the real ones.\n")


@click.command()
@click.argument("case", type=_INPUT)
@click.option("-p", "--policy", "policy_path", required=True, type=_INPUT, metavar="POLICY",
              help="The policy file to plan under.")
@as_of_option("Evaluate as of this date (YYYY-MM-DD; default: the case's termination date).")
@format_option(PLAN_FORMATS, extra_help="markdown is fit for an HR ticket.")
@output_option()
@click.option("--write-patched", "patched_path", metavar="FILE", default=None,
              type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Also write the case with the plan applied (YAML, atomically).")
def plan(case: Path, policy_path: Path, as_of: date | None, fmt: str, output: Path | None,
         patched_path: Path | None) -> None:
    """Plan the changes that make a blocked case ready, grouped by who must act.

    \b
    Examples:
      offboard-policy plan fixtures/cases/contract-example.yaml -p policies/cn-beijing.yaml
      offboard-policy plan fixtures/internet/blocked-account-open.yaml \\
          -p policies/example-internet.yaml -f markdown
      offboard-policy plan fixtures/cases/contract-example.yaml -p policies/cn-beijing.yaml \\
          --write-patched patched.yaml

    Each step names the field to record, the value or the latest date it needs and the rules
    it clears; values the tool cannot know (a missing month's wage, a person to name) are
    marked as assumed. The plan also gives the earliest lawful termination date if the
    notice stays as it is (against paying in lieu) and the minimum compliant settlement,
    with each line's due date and shortfall against HR's proposal. The plan is checked by
    construction: the case with every change applied is evaluated again and must be ready;
    if it is not, that is reported as an internal error, never printed as advice.

    A case no change HR controls can make lawful (an Art. 42 protected employee dismissed
    under Art. 40/41) is answered as such, with the exposure and the lawful alternatives. A
    case that needs a figure the policy lacks (a city's average wage) or data the case must
    record first (the wage history) says what is missing.

    \b
    Exit status: 0 the case is ready or the plan makes it ready, 1 the case cannot be made
    lawful by changes HR controls, or needs what no change to it supplies, 2 usage or input
    error, or an internal error of the planner.
    """
    refuse_overwrite(output, [(case, "the case"), (policy_path, "the policy")])
    refuse_overwrite(patched_path, [(case, "the case"), (policy_path, "the policy")],
                     option="--write-patched")
    with input_errors():
        policy = load_policy_for_check(policy_path)
        loaded = load_case(case)
        try:
            result = make_plan(policy, loaded, as_of=as_of, display=str(case))
        except PlanBug as exc:
            fail([d.format() for d in exc.diagnostics])
    if patched_path is not None:
        if result.patched is None:
            why = ("cannot be made lawful by changes HR controls" if result.outcome == "unlawful"
                   else "cannot be made ready until what the plan names as missing is there")
            fail([f"Error: {case} {why}; no patched case is written (see the plan)."])
        emit(to_yaml(result.patched, PATCH_HEADER), patched_path, option="--write-patched")
    emit(render_plan(result, fmt), output)
    raise click.exceptions.Exit(1 if result.outcome in ("unlawful", "unresolved") else 0)


__all__ = ["EXIT_INPUT", "plan"]
