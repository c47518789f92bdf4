"""The example company policies and their fixture cases (fixtures/manufacturing, fixtures/internet).

Each fixture's header says the expected outcome; these tests hold it to that.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.cli import main
from offboard_policy.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]
MFG = "policies/example-manufacturing.yaml"
NET = "policies/example-internet.yaml"

EXPECTED = [
    (MFG, "fixtures/manufacturing/ready.yaml", "ready", set()),
    (MFG, "fixtures/manufacturing/blocked-laptop-not-returned.yaml", "blocked",
     {("INT-asset-return", "violation")}),
    (MFG, "fixtures/manufacturing/blocked-door-access-open.yaml", "blocked",
     {("INT-account-revocation", "violation"), ("INT-door-access", "violation")}),
    (NET, "fixtures/internet/ready.yaml", "ready", set()),
    (NET, "fixtures/internet/blocked-account-open.yaml", "blocked",
     {("INT-account-revocation", "violation")}),
    (NET, "fixtures/internet/blocked-laptop-and-customer-list.yaml", "blocked",
     {("INT-asset-return", "violation"), ("INT-handover-documents", "violation")}),
    (NET, "fixtures/internet/waived-exit-interview.yaml", "ready",
     {("INT-exit-interview", "waived")}),
]


@pytest.mark.parametrize("policy, case, verdict, findings", EXPECTED,
                         ids=[Path(c).parent.name + "/" + Path(c).stem for _, c, _, _ in EXPECTED])
def test_fixture_outcome(check_case: Any, policy: str, case: str, verdict: str,
                         findings: set[tuple[str, str]]) -> None:
    report = check_case(case, policy=policy)
    assert report["verdict"] == verdict
    # a stale approval (the examples' approvals pin rules/cn too) is a notice, not a finding
    assert {(f["rule"], f["status"]) for f in report["findings"]} == findings


@pytest.mark.parametrize("policy", [MFG, NET])
@pytest.mark.parametrize("change, rule", [
    ("{id: LT-4410, kind: laptop, returned_on: 2026-09-30}",
     "INT-asset-return"),
    ("{system: gitlab, revoked_on: 2026-09-30}", "INT-account-revocation"),
])
def test_unreturned_laptop_or_open_account_blocks_under_either_policy(
        tmp_path: Path, check_case: Any, policy: str, change: str, rule: str) -> None:
    ready = "fixtures/manufacturing/ready.yaml" if policy == MFG else "fixtures/internet/ready.yaml"
    text = (ROOT / ready).read_text(encoding="utf-8")
    broken = change.replace("2026-09-30}", "null}")
    assert change in text
    path = tmp_path / "case.yaml"
    path.write_text(text.replace(change, broken), encoding="utf-8")
    report = check_case(path, policy=policy)
    assert report["verdict"] == "blocked"
    (f,) = [f for f in report["findings"] if f["severity"] == "blocking"]
    assert (f["rule"], f["status"]) == (rule, "violation")
    assert f["message"].startswith("1 ")


def test_internet_pays_n_plus_one_on_employer_initiated_terminations(check_case: Any) -> None:
    report = check_case("fixtures/internet/ready.yaml", policy=NET)
    lines = {x["id"]: x for x in report["settlement"]["lines"]}
    # N = 11 x 22250.00 = 244750.00 on the statutory line; the company's extra month, one
    # month's base 22250.00, on its own line, proposed through settlement.other
    assert lines["economic_compensation"]["required"] == "244750.00"
    extra = lines["economic_compensation_extra"]
    assert (extra["required"], extra["proposed"]) == ("22250.00", "22250.00")
    assert "one extra month (N+1)" in extra["basis"]
    statutory = check_case("fixtures/internet/ready.yaml", policy="policies/cn-statutory.yaml")
    (n,) = [x for x in statutory["settlement"]["lines"] if x["id"] == "economic_compensation"]
    assert n["required"] == "244750.00"


def test_manufacturing_deviation_shows_in_every_report(check_case: Any) -> None:
    for case in ("fixtures/manufacturing/ready.yaml",
                 "fixtures/manufacturing/blocked-laptop-not-returned.yaml"):
        (dev,) = check_case(case, policy=MFG)["deviations"]
        assert dev["rule"] == "params.unemployment_report_warning_days"
        assert dev["policy"] == "example-manufacturing"


def test_example_policies_are_approved_company_layers() -> None:
    for policy in (MFG, NET):
        compiled = load_policy(ROOT / policy)
        assert compiled.definition.parents == ("cn-statutory",)
        assert compiled.definition.approval is not None
        assert all(d.code == "OP620" for d in compiled.warnings)  # at most: stale approval
        kinds = {m.id: m.kind for m in compiled.definition.modules}
        assert kinds["internal.assets_access"] == "internal"
        assert kinds["cn.compensation"] == "statutory"


def test_check_command_on_the_examples() -> None:
    from click.testing import CliRunner

    runner = CliRunner()
    ok = runner.invoke(main, ["check", str(ROOT / "fixtures/internet/ready.yaml"), "-p",
                              str(ROOT / NET), "-f", "json"])
    assert ok.exit_code == 0, ok.output
    blocked = runner.invoke(main, ["check", str(ROOT / "fixtures/manufacturing/"
                                               "blocked-laptop-not-returned.yaml"),
                                   "-p", str(ROOT / MFG), "-f", "json"])
    assert blocked.exit_code == 1
    assert json.loads(blocked.stdout)["verdict"] == "blocked"
