"""``offboard-policy check`` with a fake library: exit codes, formats, languages, errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
import pytest
from clirun import clean_exit, run
from fakelib import FakeLibrary

from offboard_policy.cli.options import default_lang

Files = dict[str, Path]


def test_ready_case_exits_0_with_verdict_first(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["ready"], "--policy", files["policy"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "✓ READY"
    assert "Economic compensation" in result.stdout
    assert result.stderr == ""
    assert fake_library.policies == [files["policy"]]
    assert fake_library.as_of == [None]  # the engine's default applies


def test_blocked_case_exits_1(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["blocked"], "-p", files["policy"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "✗ BLOCKED — 1 blocking finding"
    assert "Exposure: 160,000.00 CNY" in result.stdout


def test_any_blocked_case_exits_1_and_policy_loads_once(
    fake_library: FakeLibrary, files: Files
) -> None:
    result = run("check", files["ready"], files["blocked"], "-p", files["policy"])
    assert result.exit_code == 1
    assert fake_library.policies == [files["policy"]]
    assert fake_library.cases == [files["ready"], files["blocked"]]
    assert "✓ READY" in result.stdout and "✗ BLOCKED" in result.stdout


def test_json_one_case_is_one_contract_object(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["blocked"], "-p", files["policy"], "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["schema_version"] == "1"
    assert report["verdict"] == "blocked"
    assert report["findings"][0]["exposure"] == "160000.00"
    assert report["settlement"]["lines"][0]["shortfall"] == "10000.00"  # 90 000 - 80 000


def test_json_several_cases_is_an_array(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["ready"], files["blocked"], "-p", files["policy"], "-f", "json")
    assert result.exit_code == 1
    reports = json.loads(result.stdout)
    assert [r["case_id"] for r in reports] == ["ready", "blocked"]
    assert [r["verdict"] for r in reports] == ["ready", "blocked"]


def test_markdown(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["ready"], "-p", files["policy"], "-f", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("## ✓ READY\n")
    assert "|---|---:|---:|---:|---|---|" in result.stdout


def test_unknown_format_is_a_usage_error(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["ready"], "-p", files["policy"], "-f", "html")
    assert result.exit_code == 2
    assert "Invalid value for '-f' / '--format': 'html' is not one of" in result.stderr
    assert fake_library.cases == []


# -- language --------------------------------------------------------------------------


def test_lang_option(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["blocked"], "-p", files["policy"], "--lang", "zh")
    assert result.stdout.splitlines()[0] == "✗ 不可结案 — 1 项阻断性问题"
    assert "未通知工会。" in result.stdout


@pytest.mark.parametrize(
    ("env", "first_line"),
    [
        ({"OFFBOARD_POLICY_LANG": "zh"}, "✓ 可以结案"),
        ({"OFFBOARD_POLICY_LANG": "zh_CN.UTF-8"}, "✓ 可以结案"),
        ({"OFFBOARD_POLICY_LANG": None, "LANG": "zh_CN.UTF-8"}, "✓ 可以结案"),
        ({"OFFBOARD_POLICY_LANG": None, "LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "✓ READY"),
        ({"OFFBOARD_POLICY_LANG": None, "LANG": "en_US.UTF-8"}, "✓ READY"),
        ({"OFFBOARD_POLICY_LANG": None}, "✓ READY"),
        ({"OFFBOARD_POLICY_LANG": "en", "LANG": "zh_CN.UTF-8"}, "✓ READY"),
    ],
)
def test_default_lang(
    fake_library: FakeLibrary, files: Files, env: dict[str, str | None], first_line: str
) -> None:
    result = run("check", files["ready"], "-p", files["policy"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == first_line


def test_bad_lang_env_names_the_variable(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["ready"], "-p", files["policy"], env={"OFFBOARD_POLICY_LANG": "fr"})
    assert result.exit_code == 2
    assert "OFFBOARD_POLICY_LANG='fr' is not one of: zh, en" in result.stderr
    assert clean_exit(result)


def test_default_lang_function() -> None:
    assert default_lang({}) == "en"
    assert default_lang({"LC_MESSAGES": "zh_TW.UTF-8"}) == "zh"
    assert default_lang({"OFFBOARD_POLICY_LANG": "ZH"}) == "zh"
    with pytest.raises(click.BadParameter):
        default_lang({"OFFBOARD_POLICY_LANG": "de"})


# -- as-of -------------------------------------------------------------------------------


def test_as_of_is_passed_as_a_date(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["ready"], "-p", files["policy"], "--as-of", "2026-10-15")
    assert result.exit_code == 0
    assert fake_library.as_of == [date(2026, 10, 15)]
    assert "As of 2026-10-15" in result.stdout


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2026-13-01", "'2026-13-01' is not a valid date (month must be in 1..12)."),
        ("2026-02-30", "'2026-02-30' is not a valid date (day is out of range for month)."),
        ("2026/01/01", "'2026/01/01' is not a date in the form YYYY-MM-DD."),
        ("20260101", "'20260101' is not a date in the form YYYY-MM-DD."),
        ("today", "'today' is not a date in the form YYYY-MM-DD."),
    ],
)
def test_bad_as_of_is_a_usage_error_naming_the_option(
    fake_library: FakeLibrary, files: Files, value: str, why: str
) -> None:
    result = run("check", files["ready"], "-p", files["policy"], "--as-of", value)
    assert result.exit_code == 2
    assert f"Error: Invalid value for '--as-of': {why}" in result.stderr
    assert result.stdout == ""
    assert fake_library.cases == []  # rejected before any work
    assert clean_exit(result)


# -- files and input errors --------------------------------------------------------------


def test_missing_case_file(fake_library: FakeLibrary, files: Files, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = run("check", missing, "-p", files["policy"])
    assert result.exit_code == 2
    assert "Invalid value for 'CASE...'" in result.stderr
    assert "does not exist" in result.stderr and "nope.yaml" in result.stderr
    assert result.stdout == ""
    assert clean_exit(result)


def test_case_directory_without_cases(
    fake_library: FakeLibrary, files: Files, tmp_path: Path
) -> None:
    # A directory is batch input (tests/batch); one without case files is a usage error.
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a case\n", encoding="utf-8")
    result = run("check", empty, "-p", files["policy"])
    assert result.exit_code == 2
    assert "has no case files" in result.stderr and "empty" in result.stderr
    assert clean_exit(result)


def test_missing_policy_file_and_option(
    fake_library: FakeLibrary, files: Files, tmp_path: Path
) -> None:
    result = run("check", files["ready"], "-p", tmp_path / "none.yaml")
    assert result.exit_code == 2
    assert "Invalid value for '-p' / '--policy'" in result.stderr
    result = run("check", files["ready"])
    assert result.exit_code == 2
    assert "Missing option '-p' / '--policy'" in result.stderr
    result = run("check", "-p", files["policy"])
    assert result.exit_code == 2
    assert "Missing argument 'CASE...'" in result.stderr


def test_invalid_case_prints_each_diagnostic(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["invalid"], files["ready"], files["invalid"], "-p", files["policy"])
    assert result.exit_code == 2
    expected = f"{files['invalid']}:31:9: employee.wages.monthly[3]: not a number [OP501]"
    assert result.stderr.splitlines() == [expected, expected]
    assert result.stdout == ""  # no partial report
    assert clean_exit(result)


def test_invalid_policy(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["ready"], "-p", files["bad_policy"])
    assert result.exit_code == 2
    assert result.stderr == f"{files['bad_policy']}:3:12: unknown parameter 'avg_wage' [OP404]\n"
    assert fake_library.cases == []
    assert clean_exit(result)


def test_unreadable_case(fake_library: FakeLibrary, files: Files) -> None:
    result = run("check", files["unreadable"], "-p", files["policy"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {files['unreadable']}: Permission denied\n"
    assert clean_exit(result)
