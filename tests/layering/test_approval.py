"""The four-eyes approval record: digest, ``digest``/``approve`` commands, stale detection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import make_case, project

from offboard_policy.cli import main
from offboard_policy.cli.approve import with_approval
from offboard_policy.engine import evaluate
from offboard_policy.errors import PolicyError
from offboard_policy.policy import load_policy, read_policy
from offboard_policy.render import render


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args],
                              env={"OFFBOARD_POLICY_LANG": "en", "COLUMNS": "100"})


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def approved(tmp_path: Path) -> Path:
    """The company policy of tests/layering/data, approved with its current digest."""
    policy = project(tmp_path) / "policies" / "company.yaml"
    result = cli("approve", policy, "--by", "Legal (W. Chen)", "--on", "2026-11-20")
    assert result.exit_code == 0, result.output
    return policy


def test_digest_changes_on_a_one_character_edit_of_an_included_module(tmp_path: Path) -> None:
    root = project(tmp_path)
    policy = root / "policies" / "company.yaml"
    before = read_policy(policy).digest
    assert before.startswith("sha256:") and len(before) == 71
    assert read_policy(policy).digest == before  # stable
    edit(root / "rules" / "law.yaml", "citation: LCL Art. 43", "citation: LCL Art. 44")
    assert read_policy(policy).digest != before


def test_digest_changes_on_a_parameter_value_and_a_parent_policy(tmp_path: Path) -> None:
    root = project(tmp_path)
    policy = root / "policies" / "company.yaml"
    first = read_policy(policy).digest
    edit(root / "rules" / "law_params.yaml", "value: 30,", "value: 31,")
    second = read_policy(policy).digest
    edit(root / "policies" / "law.yaml", 'version: "1"', 'version: "2"')
    assert len({first, second, read_policy(policy).digest}) == 3


def test_comments_and_layout_do_not_change_the_digest(tmp_path: Path) -> None:
    root = project(tmp_path)
    policy = root / "policies" / "company.yaml"
    before = read_policy(policy).digest
    edit(root / "rules" / "law.yaml", "# A tiny statutory module", "#  A tiny, statutory module")
    assert read_policy(policy).digest == before


def test_approve_writes_the_record_and_keeps_the_file(tmp_path: Path) -> None:
    policy = approved(tmp_path)
    text = policy.read_text(encoding="utf-8")
    assert text.startswith("# Allowed changes only")  # the comment is kept
    digest = read_policy(policy).digest
    assert text.endswith(f'approval: {{by: "Legal (W. Chen)", on: 2026-11-20, '
                         f'digest: "{digest}"}}\n')
    definition = read_policy(policy)
    assert definition.approval is not None and definition.approval.digest == digest
    assert definition.warnings == ()
    result = cli("digest", policy, "--check")
    assert result.exit_code == 0
    assert "approved by Legal (W. Chen) on 2026-11-20" in result.output


def test_stale_approval_is_a_warning_then_an_error_under_strict(tmp_path: Path) -> None:
    policy = approved(tmp_path)
    edit(policy.parent.parent / "rules" / "law.yaml", "LCL Art. 43", "LCL Art. 44")
    (warning,) = read_policy(policy).warnings
    lines = policy.read_text(encoding="utf-8").splitlines()
    assert (warning.code, warning.severity, warning.field) == ("OP620", "warning", "approval")
    assert warning.line == len(lines) and warning.column == 1
    assert "Legal (W. Chen)" in warning.message and "offboard-policy approve" in warning.message
    with pytest.raises(PolicyError) as info:
        load_policy(policy, strict=True)
    assert [(d.code, d.severity) for d in info.value.diagnostics] == [("OP620", "error")]
    result = cli("digest", policy, "--check")
    assert result.exit_code == 1
    assert "[OP620]" in result.stderr


def test_stale_approval_shows_in_every_report(tmp_path: Path) -> None:
    policy = approved(tmp_path)
    compiled = load_policy(policy)
    assert compiled.warnings == ()
    assert evaluate(compiled, make_case()).notices == ()
    edit(policy.parent.parent / "rules" / "company.yaml", "Company policy 5.2",
         "Company policy 5.3")
    report = evaluate(load_policy(policy), make_case(**{
        "settlement.economic_compensation": "157010.83",
        "settlement.other": [{"id": "company_bonus", "amount": "2000"},
                             {"id": "economic_compensation_extra", "amount": "15701.08"}]}))
    (notice,) = report.notices
    assert notice.code == "OP620"
    assert "does not match its current content" in notice.message.en
    assert not any(f.rule.startswith("OP-") for f in report.findings)  # a notice, not a check
    assert report.verdict == "ready"  # a warning: the cases can still be closed
    data = json.loads(render(report, "json", lang="en"))
    assert [n["code"] for n in data["notices"]] == ["OP620"]
    assert "[OP620]" in render(report, "text", lang="en")
    assert "**OP620**" in render(report, "markdown", lang="en")


def test_approve_replaces_an_existing_record(tmp_path: Path) -> None:
    policy = approved(tmp_path)
    edit(policy.parent.parent / "rules" / "law.yaml", "LCL Art. 43", "LCL Art. 44")
    result = cli("approve", policy, "--by", "L0003", "--on", "2026-11-21")
    assert result.exit_code == 0, result.output
    text = policy.read_text(encoding="utf-8")
    assert text.count("approval:") == 1 and 'by: "L0003"' in text
    assert read_policy(policy).warnings == ()


def test_approve_refuses_a_policy_that_does_not_load(tmp_path: Path) -> None:
    policy = project(tmp_path, "policy: child\nversion: \"1\"\nextends: law.yaml\n"
                     "adjust:\n  checks:\n    T-union: {disabled: true}\n")
    before = policy.read_text(encoding="utf-8")
    result = cli("approve", policy, "--by", "X")
    assert result.exit_code == 2 and "[OP610]" in result.stderr
    assert policy.read_text(encoding="utf-8") == before


def test_digest_check_without_a_record(tmp_path: Path) -> None:
    policy = project(tmp_path) / "policies" / "company.yaml"
    result = cli("digest", policy, "--check")
    assert result.exit_code == 1 and "no approval record" in result.stderr
    printed = cli("digest", policy)
    assert printed.exit_code == 0
    assert printed.output == read_policy(policy).digest + "\n"


@pytest.mark.parametrize("text, expected", [
    ("policy: p\n", "policy: p\nR\n"),
    ("policy: p", "policy: p\nR\n"),
    ("policy: p\napproval:\n  by: x\n  on: 2026-01-01\n\nset: {}\n", "policy: p\nR\n\nset: {}\n"),
    ("approval: {by: x}\n# tail\n", "R\n# tail\n"),
])
def test_with_approval(text: str, expected: str) -> None:
    assert with_approval(text, "R") == expected
