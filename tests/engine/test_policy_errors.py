"""Rule files with mistakes are refused with a code and ``path:line:column``."""

from __future__ import annotations

from pathlib import Path

import pytest

from offboard_policy.errors import PolicyError
from offboard_policy.policy import load_policy

POLICY = """\
policy: t
version: "1"
include:
  - ../rules/m.yaml
parameters:
  - ../rules/p.yaml
"""

PARAMS = """\
parameters:
  days:
    type: number
    values:
      - {from: 2008-01-01, value: 30, source: x}
"""

GOOD_CHECK = """\
  - id: T-a
    severity: blocking
    assert: termination.notice_date is not none
    message: {zh: 甲, en: a}
    citation: LCL 40
"""


def project(tmp_path: Path, module: str, params: str = PARAMS, policy: str = POLICY) -> Path:
    (tmp_path / "policies").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "m.yaml").write_text(module, encoding="utf-8")
    (tmp_path / "rules" / "p.yaml").write_text(params, encoding="utf-8")
    path = tmp_path / "policies" / "p.yaml"
    path.write_text(policy, encoding="utf-8")
    return path


def refused(path: Path) -> list[tuple[str, str, int | None, int | None]]:
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    return [(d.code, Path(d.file or "").name, d.line, d.column) for d in info.value.diagnostics]


def test_misspelt_field_is_refused_with_its_position(tmp_path: Path) -> None:
    module = "module: t.m\nkind: statutory\nchecks:\n" + GOOD_CHECK.replace(
        "    severity: blocking", "    severty: blocking")
    path = project(tmp_path, module)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    codes = {d.code: d for d in info.value.diagnostics}
    unknown = codes["OP202"]
    assert (Path(unknown.file or "").name, unknown.line, unknown.column) == ("m.yaml", 5, 5)
    assert "did you mean 'severity'" in unknown.message
    assert "OP203" in codes  # and 'severity' is then missing


def test_unknown_case_field_in_an_expression(tmp_path: Path) -> None:
    module = "module: t.m\nkind: statutory\nchecks:\n" + GOOD_CHECK.replace(
        "notice_date is not none", "notice_dat is not none")
    (code, name, line, column), *_ = refused(project(tmp_path, module))
    assert (code, name, line) == ("OP401", "m.yaml", 6)
    assert column is not None and column > 13


def test_cycle_between_values_names_the_cycle(tmp_path: Path) -> None:
    module = ("module: t.m\nkind: statutory\nvalues:\n"
              "  a: {formula: b + 1}\n  b: {formula: c + 1}\n  c: {formula: a + 1}\n")
    with pytest.raises(PolicyError) as info:
        load_policy(project(tmp_path, module))
    (diag,) = [d for d in info.value.diagnostics if d.code == "OP402"]
    assert "a -> b -> c -> a" in diag.message


def test_duplicate_rule_ids(tmp_path: Path) -> None:
    module = "module: t.m\nkind: statutory\nchecks:\n" + GOOD_CHECK + GOOD_CHECK
    assert ("OP404", "m.yaml", 9, 5) in refused(project(tmp_path, module))


def test_parameter_dates_out_of_order(tmp_path: Path) -> None:
    params = PARAMS + "      - {from: 2001-01-01, value: 3, source: y}\n"
    module = "module: t.m\nkind: statutory\n"
    assert ("OP210", "p.yaml", 6, 16) in refused(project(tmp_path, module, params))


def test_wrong_type_for_a_condition(tmp_path: Path) -> None:
    module = "module: t.m\nkind: statutory\nchecks:\n" + GOOD_CHECK.replace(
        "termination.notice_date is not none", "termination.notice_date")
    (code, _, line, _), *_ = refused(project(tmp_path, module))
    assert (code, line) == ("OP406", 6)


def test_include_outside_the_project_is_refused(tmp_path: Path) -> None:
    policy = POLICY.replace("../rules/m.yaml", "../../outside.yaml")
    (tmp_path / "outside.yaml").write_text("module: x\nkind: statutory\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    path = project(inner, "module: t.m\nkind: statutory\n", policy=policy)
    assert refused(path)[0][0] == "OP604"


def test_missing_include(tmp_path: Path) -> None:
    policy = POLICY.replace("m.yaml", "nope.yaml")
    assert refused(project(tmp_path, "module: t.m\nkind: statutory\n", policy=policy))[0][:3] \
        == ("OP602", "p.yaml", 4)


def test_unknown_parameter_in_set(tmp_path: Path) -> None:
    policy = POLICY + "set:\n  dayz: {value: 3, source: x}\n"
    (code, _, line, _), = refused(project(tmp_path, "module: t.m\nkind: statutory\n",
                                          policy=policy))
    assert (code, line) == ("OP408", 8)


def test_unmatched_brace_in_a_message_is_refused(tmp_path: Path) -> None:
    module = "module: t.m\nkind: statutory\nchecks:\n" + GOOD_CHECK.replace(
        "message: {zh: 甲, en: a}", 'message: {zh: 甲, en: "before {termination.termination_date"}')
    (code, name, line, _), *_ = refused(project(tmp_path, module))
    assert (code, name, line) == ("OP208", "m.yaml", 7)


def test_a_broken_value_is_reported_once_not_in_everything_that_reads_it(tmp_path: Path) -> None:
    module = ("module: t.m\nkind: statutory\nvalues:\n"
              "  a:\n    formula: full_yeers(employee.hire_date, termination.termination_date)\n"
              "  b: {formula: a + 1}\n  c: {formula: b * 2}\n"
              "checks:\n" + GOOD_CHECK.replace("termination.notice_date is not none", "c > 0"))
    assert refused(project(tmp_path, module)) == [("OP302", "m.yaml", 5, 14)]
