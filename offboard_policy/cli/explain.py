"""``offboard-policy explain``: how a settlement line, check or derived value was computed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from offboard_policy.cli.common import emit, input_errors, refuse_overwrite
from offboard_policy.cli.options import as_of_option, format_option, lang_option, output_option
from offboard_policy.explain import EXPLAIN_FORMATS, explain, render_explanation
from offboard_policy.report.model import Lang

_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


@click.command(name="explain")
@click.argument("case", type=_FILE, metavar="CASE")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("-p", "--policy", required=True, type=_FILE, help="Policy file (YAML).")
@format_option(EXPLAIN_FORMATS)
@lang_option()
@as_of_option("Date to evaluate at (default: the case's termination date).")
@click.option("--no-cache", is_flag=True, help="Read the policy from its files, not the cache.")
@output_option()
def explain_command(case: Path, names: tuple[str, ...], policy: Path, fmt: str, lang: str,
                    as_of: date | None, no_cache: bool, output: Path | None) -> None:
    """Explain a computation as a tree: formulas, inputs, parameters and citations.

    \b
    Examples:
      offboard-policy explain fixtures/cases/high-earner-cap.yaml \\
          -p policies/cn-beijing.yaml economic_compensation
      offboard-policy explain fixtures/cases/contract-example.yaml \\
          -p policies/cn-beijing.yaml --lang zh
      offboard-policy explain fixtures/cases/high-earner-cap.yaml \\
          -p policies/cn-beijing.yaml n_cap -f json

    Each NAME is a settlement line (economic_compensation), a check or the rule of a line
    (CN-LCL-43-union) or a derived value (n_cap). Without NAME: every settlement line of the
    case and every failing check. Each node of the tree shows its formula written out, its
    value for this case and its citation; each parameter the dated value used, its effective
    date, city, source and tier (statutory, an option the law leaves open, or the company
    policy's). A derived value is expanded once; later uses say "see above".

    \b
    Exit status: 0 explained, 2 usage error, an unreadable case or policy, or a NAME the
    policy does not have.
    """
    from offboard_policy.case import load_case
    from offboard_policy.cli.check import load_policy_for_check

    refuse_overwrite(output, [(case, "the case"), (policy, "the policy")])
    with input_errors():
        compiled = load_policy_for_check(policy, cache=not no_cache)
        loaded = load_case(case)
        result = explain(compiled, loaded, names, as_of=as_of)
    lang_code: Lang = "zh" if lang.lower() == "zh" else "en"
    emit(render_explanation(result, fmt, lang_code), output)
