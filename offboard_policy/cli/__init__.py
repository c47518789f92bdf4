"""The ``offboard-policy`` command line: a thin shell over the library.

``main`` is the click group (the console-script entry point). A command lives in its own
module as a ``@click.command()``; :data:`offboard_policy.cli.app.COMMANDS` names it, and the
group imports the module only when the command is used (a fast start for ``check``).
"""

from offboard_policy.cli.app import main

__all__ = ["main"]
