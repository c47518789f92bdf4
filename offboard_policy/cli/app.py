"""The ``offboard-policy`` click group; each command module registers itself on it."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import click

import offboard_policy

EPILOG = """\b
Examples:
  offboard-policy check cases/OFB-2026-0142.yaml --policy policies/acme-cn.yaml
  offboard-policy check cases/*.yaml -p policies/acme-cn.yaml -f json -o reports.json
  offboard-policy lint policies/acme-cn.yaml
  offboard-policy COMMAND --help

\b
Exit status: 0 success (check: every case ready), 1 the command found something
(check: a case is blocked), 2 usage or input error; each command's --help says more.
Results go to stdout (or --output), errors and diagnostics to stderr.
"""


def package_version() -> str:
    """The installed distribution's version, else the package's ``__version__``."""
    try:
        return version("offboard-policy")
    except PackageNotFoundError:
        return str(getattr(offboard_policy, "__version__", "0+unknown"))


@click.group(
    name="offboard-policy", context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG
)
@click.version_option(package_version(), "--version", prog_name="offboard-policy")
def main() -> None:
    """Check employee offboarding cases against PRC labour law and company policy.

    Rules are YAML (statutory modules, company rules, dated parameter tables); a case is an
    HR export (YAML or JSON). Each check reports blocking issues, warnings and the settlement
    owed next to what HR proposes, with citations.
    """
