"""The CLI reference (docs/cli.md), generated from the commands' own --help.

``python -m offboard_policy.cli.reference > docs/cli.md`` regenerates it; a test fails when the
file and the help texts drift apart, so the documentation cannot go stale.
"""

from __future__ import annotations

import click

from offboard_policy.cli import main

WIDTH = 100
"""Help is rendered at a fixed width so that the file does not depend on the terminal."""


def _context(command: click.Command, name: str, parent: click.Context | None) -> click.Context:
    settings = {**main.context_settings, **command.context_settings,
                "terminal_width": WIDTH, "max_content_width": WIDTH}
    return click.Context(command, info_name=name, parent=parent, **settings)


def render_reference() -> str:
    """Markdown with the help of ``offboard-policy`` and of each of its commands."""
    root = _context(main, "offboard-policy", None)
    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help` by `python -m offboard_policy.cli.reference > docs/cli.md`;",
        "`tests/cli/test_reference.py` fails when this file is out of date.",
        "",
        "## offboard-policy",
        "",
        "```text",
        main.get_help(root),
        "```",
    ]
    for name in sorted(main.list_commands(root)):
        command = main.get_command(root, name)
        if command is None or command.hidden:
            continue
        parts += ["", f"## offboard-policy {name}", "", "```text",
                  command.get_help(_context(command, name, root)), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    click.echo(render_reference(), nl=False)
