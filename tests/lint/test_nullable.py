"""OP711: an assert that turns absent case data into a violation is flagged, with a hint."""

from __future__ import annotations

from pathlib import Path

from offboard_policy.lint import lint_paths

MODULE = """\
module: t.nullable
kind: internal
title: {{zh: 测试, en: Test}}
checks:
  - id: T-1
    title: {{zh: 测试, en: Test}}
    severity: blocking
{when}    assert: {assert_}
    message: {{zh: 未完成。, en: Not done.}}
    citation: 公司制度 §1 (company procedure §1)
"""


def lint_assert(tmp_path: Path, assertion: str, when: str | None = None) -> list[str]:
    path = tmp_path / "m.yaml"
    path.write_text(MODULE.format(assert_=assertion,
                                  when=f"    when: {when}\n" if when else ""),
                    encoding="utf-8")
    return [d.message for d in lint_paths([path]).diagnostics if d.code == "OP711"]


def test_flags_the_three_forms_on_nullable_fields(tmp_path: Path) -> None:
    (msg,) = lint_assert(tmp_path, "steps.records_archived_on is not none")
    assert msg == (
        "'T-1': 'steps.records_archived_on is not none' on a field the case may not carry, "
        "with no branch for its absence; absent data becomes a violation; use the value "
        "itself (`x`, `x <= d`: absent is incomplete, naming the field) or say what absence "
        "means (`x is none or ...`)")
    assert lint_assert(tmp_path, "steps.handover.checklist_complete == true") == [
        msg.replace("steps.records_archived_on is not none",
                    "steps.handover.checklist_complete == true")]
    assert len(lint_assert(tmp_path, "termination.reason_explained == false")) == 1
    # through a generator variable: steps.assets[].returned_on
    (gen,) = lint_assert(tmp_path, "all(a.returned_on is not none for a in steps.assets)")
    assert gen.startswith("'T-1': 'steps.assets[].returned_on is not none'")


def test_explicit_branches_and_non_nullable_fields_pass(tmp_path: Path) -> None:
    for fine in (
        "steps.exit_interview.declined == true",                  # not nullable
        "steps.records_archived_on <= termination.termination_date",  # absent: incomplete
        "count(a for a in steps.assets if a.returned_on is none) == 0",
        "false if steps.legal_review.approved_on is none else true",
        'true if steps.records_archived_on is not none '
        'else missing("steps.records_archived_on: record the day")',
    ):
        assert lint_assert(tmp_path, fine) == [], fine
    # the check applies only when the field is stated
    assert lint_assert(tmp_path, "termination.notice_in_writing == true",
                       when="termination.notice_in_writing is not none") == []


def test_the_bundled_rules_are_clean() -> None:
    root = Path(__file__).resolve().parents[2]
    found = [d for d in lint_paths([root / "rules"]).diagnostics if d.code == "OP711"]
    assert found == []
