"""A fast start: ``check --format json`` imports neither the other commands nor ``rich``.

Each check runs the CLI in a fresh interpreter and reads the modules it imported from
``sys.modules`` at the end (no timing is asserted, only which modules load).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "fixtures" / "cases" / "contract-example.yaml"
POLICY = ROOT / "policies" / "cn-beijing.yaml"


def imported(*code: str) -> set[str]:
    """The modules a fresh ``python -c CODE`` has imported when it ends."""
    env = {**os.environ, "OFFBOARD_POLICY_LANG": "en"}
    report = ["import atexit as _atexit, sys as _sys",
              "_atexit.register(lambda: _sys.stderr.write('\\nMODULES ' + ' '.join(_sys.modules)))"]
    result = subprocess.run([sys.executable, "-c", "\n".join([*report, *code])],
                            capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    assert "MODULES " in result.stderr, result.stderr
    return set(result.stderr.rsplit("MODULES ", 1)[1].split())


def test_check_json_imports_only_what_it_uses() -> None:
    modules = imported(
        "import sys",
        "from offboard_policy.cli import main",
        f"sys.argv = ['offboard-policy', 'check', {str(CASE)!r}, '-p', {str(POLICY)!r},"
        " '-f', 'json', '--no-cache']",
        "try:",
        "    main()",
        "except SystemExit:",
        "    pass",
    )
    assert "offboard_policy.cli.check" in modules
    assert "offboard_policy.render.json" in modules
    for heavy in ("rich", "offboard_policy.render.text", "offboard_policy.render.markdown",
                  "offboard_policy.cli.lint", "offboard_policy.lint", "offboard_policy.cli.diff",
                  "offboard_policy.diff", "offboard_policy.cli.test",
                  "offboard_policy.testrunner", "offboard_policy.cli.approve"):
        assert heavy not in modules, heavy


def test_the_group_reads_no_package_metadata() -> None:
    # importlib.metadata is for --version only (pydantic may still import it for its plugins)
    modules = imported("import offboard_policy.cli")
    assert "importlib.metadata" not in modules
    assert "click" in modules


def test_help_still_lists_every_command() -> None:
    from click.testing import CliRunner

    from offboard_policy.cli import main
    from offboard_policy.cli.app import COMMANDS

    out = CliRunner().invoke(main, ["--help"]).output
    for name in COMMANDS:
        assert f"  {name} " in out, name
