"""Run the CLI in-process with a controlled environment (language, locale, width, colour)."""

from __future__ import annotations

from collections.abc import Mapping

from click.testing import CliRunner, Result

from offboard_policy.cli import main

BASE_ENV: dict[str, str | None] = {
    "OFFBOARD_POLICY_LANG": "en",
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": None,
    "COLUMNS": "100",
    "NO_COLOR": None,
}


def run(*args: object, env: Mapping[str, str | None] | None = None) -> Result:
    """Invoke ``offboard-policy ARGS``; stdout and stderr stay separate on the result."""
    return CliRunner().invoke(main, [str(a) for a in args], env={**BASE_ENV, **(env or {})})


def clean_exit(result: Result) -> bool:
    """True when the command ended by exiting (no exception escaped, so no traceback)."""
    return (result.exception is None or isinstance(result.exception, SystemExit)) and (
        "Traceback" not in result.output
    )
