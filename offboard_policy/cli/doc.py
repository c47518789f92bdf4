"""``offboard-policy doc``: the rule book of a policy, for a legal reviewer."""

from __future__ import annotations

from pathlib import Path

import click

from offboard_policy.atomic import write_atomic
from offboard_policy.cli.common import emit, fail, input_errors
from offboard_policy.cli.options import lang_option
from offboard_policy.report.model import Lang
from offboard_policy.rulebook import DOC_FORMATS, file_name, law_path, render_rule_book

_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


@click.command(name="doc")
@click.argument("policies", nargs=-1, required=True, type=_FILE, metavar="POLICY...")
@click.option("-f", "--format", "fmt", type=click.Choice(DOC_FORMATS), default="markdown",
              show_default=True, help="markdown, or html (one static page, no external assets).")
@lang_option()
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="DIR",
              help="Write POLICY-ID.md / .html (.zh.md in Chinese) into DIR, each atomically, "
                   "instead of printing one rule book to stdout.")
def doc_command(policies: tuple[Path, ...], fmt: str, lang: str, output: Path | None) -> None:
    """Write the rule book of a policy: every rule, parameter and approval, for review.

    \b
    Examples:
      offboard-policy doc policies/cn-beijing.yaml --lang en
      offboard-policy doc policies/cn-beijing.yaml -f html -o docs/rulebook --lang en
      offboard-policy doc policies/*.yaml -o docs/rulebook --lang en

    Rules are grouped by topic (rule module); each shows its id, severity, when it applies
    and what it requires written out, the derived values it uses (expanded and linked), its
    citation with each article linked into docs/law/, both messages and the hint. Then the
    parameters with every dated value and its source, the deviations, the waivable rules, the
    approval state, and a glossary of the abbreviations cited. The committed rule books in
    docs/rulebook/ are checked by the test suite: regenerate them when a rule changes.

    \b
    Exit status: 0 written, 2 usage error or a policy that does not load.
    """
    from offboard_policy.policy import load_policy

    lang_code: Lang = "zh" if lang.lower() == "zh" else "en"
    if output is None and len(policies) > 1:
        fail(["Error: Invalid value for '--output': several policies need an output folder "
              "(-o DIR)."])
    with input_errors():
        compiled = [load_policy(p) for p in policies]
    if output is None:
        emit(render_rule_book(compiled[0], fmt, lang_code), None)
        return
    try:
        output.mkdir(parents=True, exist_ok=True)
        for policy in compiled:
            text = render_rule_book(policy, fmt, lang_code, law=law_path(policy, output))
            write_atomic(output / file_name(policy, fmt, lang_code), text)
    except OSError as exc:
        fail([f"Error: Invalid value for '--output': cannot write to {str(output)!r}: "
              f"{exc.strerror or exc}"])
    click.echo(f"wrote {len(compiled)} rule book{'s' if len(compiled) > 1 else ''} to {output}")
