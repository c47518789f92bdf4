"""The ``offboard-policy`` command line: a thin shell over the library.

``main`` is the click group (the console-script entry point). A command lives in its own
module, decorated with ``@main.command()`` from :mod:`offboard_policy.cli.app`; importing the
module registers it, so adding a command is one import line below.
"""

from offboard_policy.cli.app import main

# Commands: one import line each; importing a module registers its command on ``main``.
from offboard_policy.cli import check  # noqa: F401  # isort: skip
from offboard_policy.cli import approve  # noqa: F401  # isort: skip
from offboard_policy.cli import diff, lint, test  # noqa: F401  # isort: skip
from offboard_policy.cli import doc, explain  # noqa: F401  # isort: skip

__all__ = ["main"]
