"""The ``offboard-policy`` click group; each command lives in its own module, imported when used.

:data:`COMMANDS` names the module and function of every command, so that ``offboard-policy
check`` imports ``cli/check.py`` and what it needs, not the code of ``lint``, ``diff`` or ``test``
(``--help`` imports them all to show their summaries).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

import offboard_policy
from offboard_policy.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    Terminated,
    sigterm_unwinds,
)

EPILOG = """\b
Examples:
  offboard-policy check fixtures/cases/contract-example.yaml --policy policies/cn-beijing.yaml
  offboard-policy check fixtures/cases/*.yaml -p policies/cn-beijing.yaml -f json -o reports.json
  offboard-policy lint policies/cn-beijing.yaml
  offboard-policy COMMAND --help

\b
Exit status: 0 success (check: every case ready), 1 the command found something
(check: a case is blocked), 2 usage or input error, 130 interrupted (Ctrl-C; 143 on
SIGTERM, and no partial --output file is left); each command's --help says more.
Results go to stdout (or --output), errors and diagnostics to stderr.
"""


#: Every command: its name, and the module and function that define it (imported when used).
COMMANDS: dict[str, tuple[str, str]] = {
    "approve": ("offboard_policy.cli.approve", "approve"),
    "check": ("offboard_policy.cli.check", "check"),
    "decisions": ("offboard_policy.cli.decisions", "decisions"),
    "diff": ("offboard_policy.cli.diff", "diff"),
    "digest": ("offboard_policy.cli.approve", "digest"),
    "doc": ("offboard_policy.cli.doc", "doc_command"),
    "explain": ("offboard_policy.cli.explain", "explain_command"),
    "lint": ("offboard_policy.cli.lint", "lint"),
    "plan": ("offboard_policy.cli.plan", "plan"),
    "serve": ("offboard_policy.cli.serve", "serve"),
    "test": ("offboard_policy.cli.test", "test_command"),
    "verify": ("offboard_policy.cli.verify", "verify"),
}


def package_version() -> str:
    """The installed distribution's version, else the package's ``__version__``.

    ``importlib.metadata`` costs tens of milliseconds to import: only ``--version`` asks.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("offboard-policy")
    except PackageNotFoundError:
        return str(getattr(offboard_policy, "__version__", "0+unknown"))


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"offboard-policy, version {package_version()}")
    ctx.exit()


class OffboardGroup(click.Group):
    """A click group whose interrupted runs exit 130 (Ctrl-C) or 143 (SIGTERM), not 1.

    click turns Ctrl-C into "Aborted!" and exit status 1, which this tool uses for "blocked"
    and "problems found"; a script must be able to tell an interrupted run apart. While a
    command runs, SIGTERM unwinds like Ctrl-C (see :func:`~.common.sigterm_unwinds`), so
    temporary files beside ``--output`` are removed either way.
    """

    def list_commands(self, ctx: click.Context | None) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attr = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), attr)
            if not isinstance(command, click.Command):
                raise TypeError(f"{module}.{attr} is not a click command")
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def all_commands(self) -> dict[str, click.Command]:
        """Every command by name, importing each module (for help, docs and tests)."""
        found = {name: self.get_command(None, name) for name in self.list_commands(None)}
        return {name: cmd for name, cmd in found.items() if cmd is not None}

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            with sigterm_unwinds():
                rv = super().main(args, prog_name, complete_var, False, **extra)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo("Interrupted.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Terminated:
            click.echo("Terminated.", err=True)
            raise
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except Exception as exc:
            # A library may wrap the interrupt it was running when the signal came (pydantic's
            # serializer turns it into a PydanticSerializationError): it is still one.
            cause = interrupt_cause(exc)
            if cause is None:
                raise
            click.echo("Terminated." if isinstance(cause, Terminated) else "Interrupted.",
                       err=True)
            sys.exit(EXIT_TERMINATED if isinstance(cause, Terminated) else EXIT_INTERRUPTED)
        sys.exit(rv if isinstance(rv, int) else 0)


def interrupt_cause(exc: BaseException) -> BaseException | None:
    """The KeyboardInterrupt or :class:`Terminated` that ``exc`` was raised from, if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt | Terminated):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


@click.group(
    name="offboard-policy", cls=OffboardGroup,
    context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG,
)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version, help="Show the version and exit.")
def main() -> None:
    """Check employee offboarding cases against PRC labour law and company policy.

    Rules are YAML (statutory modules, company rules, dated parameter tables); a case is an
    HR export (YAML or JSON). Each check reports blocking issues, warnings and the settlement
    owed next to what HR proposes, with citations.
    """
