"""Determinism and integrity: byte-identical reports, digests that pin the inputs, atomic output.

A decision must be reproducible later: the same case and policy give the same bytes in any
process (hash seeds differ between processes), and the report names the policy digest and the
digest of the normalised case so that a stored report can be checked against its inputs.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import yaml
from seckit import BEIJING_POLICY, ROOT, Project, cli

from offboard_policy.case import load_case
from offboard_policy.engine import evaluate
from offboard_policy.policy import load_policy
from offboard_policy.render import render
from offboard_policy.yamlio import load_yaml

FIXTURES = sorted((ROOT / "fixtures" / "cases").glob("*.yaml"))
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def test_same_inputs_give_byte_identical_reports_in_process() -> None:
    """Two loads of the policy, each case read twice: the same bytes."""
    first, second = load_policy(BEIJING_POLICY), load_policy(BEIJING_POLICY)
    for case in FIXTURES:
        one = render(evaluate(first, load_case(case)), "json", lang="zh")
        assert one == render(evaluate(second, load_case(case)), "json", lang="zh"), case.name


_EVERY_FORMAT = textwrap.dedent(
    """
    import json, sys
    from click.testing import CliRunner
    from offboard_policy.cli import main
    out = {}
    for fmt in ("json", "markdown", "text"):
        r = CliRunner().invoke(main, ["check", *sys.argv[1:], "-f", fmt, "--lang", "zh"],
                               env={"NO_COLOR": "1", "OFFBOARD_POLICY_LANG": "en"})
        out[fmt] = [r.exit_code, r.stdout, r.stderr]
    print(json.dumps(out, ensure_ascii=False))
    """
)


def test_same_inputs_give_byte_identical_output_across_processes() -> None:
    """Two interpreters with different hash seeds print the same bytes for every fixture, in
    every format (one process per seed runs the command once per format)."""
    args = [*map(str, FIXTURES), "-p", str(BEIJING_POLICY)]
    runs = []
    for seed in ("0", "4242"):
        proc = subprocess.run([sys.executable, "-c", _EVERY_FORMAT, *args], capture_output=True,
                              text=True, cwd=ROOT, check=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        runs.append(json.loads(proc.stdout))
    assert runs[0].keys() == {"json", "markdown", "text"}
    for fmt in ("json", "markdown", "text"):
        first, second = runs[0][fmt], runs[1][fmt]
        assert first[0] == second[0] == 1, fmt  # some fixtures are blocked
        assert first[2] == second[2], fmt  # text: the ready/blocked summary; else nothing
        assert first[1] == second[1], fmt
        assert len(first[1]) > 1000, fmt


def test_the_report_carries_both_digests() -> None:
    result = cli("check", FIXTURES[0], "-p", BEIJING_POLICY, "-f", "json")
    report = json.loads(result.stdout)
    assert DIGEST.fullmatch(report["policy"]["digest"])
    assert DIGEST.fullmatch(report["case_digest"])


def _case_digest(path: Path) -> str:
    result = cli("check", path, "-p", BEIJING_POLICY, "-f", "json")
    assert result.exit_code in (0, 1), result.output
    digest: str = json.loads(result.stdout)["case_digest"]
    return digest


def _plain_fixture() -> dict[str, Any]:
    data = load_yaml(FIXTURES[0]).data
    return json.loads(json.dumps(data, default=str))


def _reversed_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _reversed_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_keys(v) for v in value]
    return value


def test_case_digest_ignores_key_order_and_format_but_not_content(tmp_path: Path) -> None:
    data = _plain_fixture()
    original = tmp_path / "case.yaml"
    original.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    reordered = tmp_path / "reordered.yaml"
    reordered.write_text(yaml.safe_dump(_reversed_keys(data), allow_unicode=True,
                                        sort_keys=False))
    as_json = tmp_path / "case.json"
    as_json.write_text(json.dumps(_reversed_keys(data), ensure_ascii=False, indent=3))
    assert original.read_text() != reordered.read_text()
    digest = _case_digest(original)
    assert _case_digest(reordered) == digest
    assert _case_digest(as_json) == digest
    assert _case_digest(FIXTURES[0]) == digest  # the hand-written file, comments and all

    for path, change in [
        (("employee", "wages", "monthly", 0, "gross"), lambda v: str(float(v) + 0.01)),
        (("termination", "notice_date"), lambda v: "2026-08-30"),
        (("case_id",), lambda v: v + "-2"),
        (("steps", "exit_interview", "declined"), lambda v: not v),
    ]:
        changed = json.loads(json.dumps(data))
        node: Any = changed
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = change(node[path[-1]])
        target = tmp_path / "changed.json"
        target.write_text(json.dumps(changed))
        assert _case_digest(target) != digest, path


def test_policy_digest_follows_content_not_formatting(tmp_path: Path) -> None:
    project = Project(tmp_path)
    case = project.case()

    def policy_digest() -> str:
        result = cli("check", case, "-p", project.policy, "-f", "json")
        assert result.exit_code in (0, 1), result.output
        digest: str = json.loads(result.stdout)["policy"]["digest"]
        return digest

    before = policy_digest()
    text = project.module_path.read_text()
    project.module_path.write_text("# a comment\n\n" + yaml.safe_dump(json.loads(text)))
    assert policy_digest() == before  # same data, other formatting
    params = project.params_path.read_text()
    project.params_path.write_text(params.replace("value: 10000", "value: 10001"))
    assert policy_digest() != before  # one parameter value changed


# -- atomic --output ---------------------------------------------------------------------------

_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    import offboard_policy.atomic as atomic
    real_write = None

    class Dying:
        # a file object that writes half of the report, then the process is killed
        def __init__(self, fh):
            self.fh = fh
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return False
        def write(self, text):
            self.fh.write(text[: len(text) // 2])
            self.fh.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        def __getattr__(self, name):
            return getattr(self.fh, name)

    real_fdopen = os.fdopen
    atomic.os = type(os)("os_proxy")
    atomic.os.__dict__.update(os.__dict__)
    atomic.os.fdopen = lambda *a, **k: Dying(real_fdopen(*a, **k))
    from offboard_policy.cli import main
    main(sys.argv[1:], prog_name="offboard-policy")
    """
)


def test_output_is_atomic_when_the_process_is_killed_mid_write(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("the previous report\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _KILLER, "check", str(FIXTURES[0]), "-p", str(BEIJING_POLICY),
         "-f", "json", "-o", str(out)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**os.environ, "OFFBOARD_POLICY_LANG": "en"}, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    leftovers = [p for p in tmp_path.iterdir() if p.name != "report.json"]
    assert all(p.name.startswith(".report.json.") for p in leftovers)  # only the temp file
    # and without the kill the same command replaces the file with the whole report
    result = cli("check", FIXTURES[0], "-p", BEIJING_POLICY, "-f", "json", "-o", out)
    assert result.exit_code in (0, 1)
    assert json.loads(out.read_text(encoding="utf-8"))["case_id"]


def test_input_error_leaves_an_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("the previous report\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("case_id: A\ncase_id: B\n", encoding="utf-8")
    result = cli("check", FIXTURES[0], bad, "-p", BEIJING_POLICY, "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "report.json"]
