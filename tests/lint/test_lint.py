"""``offboard-policy lint``: keeps going after errors, codes and positions, formats, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from offboard_policy.cli import main
from offboard_policy.lint import lint_paths

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
MINI = ROOT / "tests" / "data" / "mini"


@pytest.fixture
def bad(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The 'bad' project copied to a temp folder, which becomes the working directory."""
    shutil.copytree(DATA / "bad", tmp_path / "bad")
    monkeypatch.chdir(tmp_path)
    return Path("bad")


def test_three_distinct_problems_with_codes_and_positions(bad: Path) -> None:
    # A misspelt field (OP401), a check without citation (OP203, schema), and a parameter
    # series out of date order (OP210): one file's error does not hide the others.
    result = lint_paths([bad])
    got = [(d.code, d.file, d.line, d.column) for d in result.diagnostics]
    assert got == [
        ("OP401", "bad/rules/core.yaml", 6, 25),
        ("OP203", "bad/rules/core.yaml", 9, 5),
        ("OP210", "bad/rules/params.yaml", 9, 18),
    ]
    assert result.exit_code == 1


def test_text_output_exact(bad: Path) -> None:
    out = CliRunner().invoke(main, ["lint", str(bad)])
    assert out.exit_code == 1
    lines = [line for line in out.output.splitlines() if not line.startswith("    ")]
    assert lines == [
        "bad/rules/core.yaml:6:25: error: termination has no field 'notice_dat' "
        "(did you mean 'notice_date'?) [OP401]",
        "bad/rules/core.yaml:9:5: error: checks[1]: missing required field 'citation' [OP203]",
        "bad/rules/params.yaml:9:18: error: parameters.avg_wage.values.beijing[1].from: dates "
        "must be in ascending order without repeats: 2019-08-16 comes after 2024-10-01 [OP210]",
        "3 errors in 3 files",
    ]


def test_github_output(bad: Path) -> None:
    out = CliRunner().invoke(main, ["lint", str(bad), "--format", "github"])
    assert out.exit_code == 1
    assert out.output.splitlines() == [
        "::error file=bad/rules/core.yaml,line=6,col=25,title=OP401::termination has no field "
        "'notice_dat' (did you mean 'notice_date'?)",
        "::error file=bad/rules/core.yaml,line=9,col=5,title=OP203::checks[1]: missing "
        "required field 'citation'",
        "::error file=bad/rules/params.yaml,line=9,col=18,title=OP210::parameters.avg_wage."
        "values.beijing[1].from: dates must be in ascending order without repeats: 2019-08-16 "
        "comes after 2024-10-01",
    ]


def test_sarif_output(bad: Path) -> None:
    out = CliRunner().invoke(main, ["lint", str(bad), "-f", "sarif"])
    assert out.exit_code == 1
    run = json.loads(out.output)["runs"][0]
    got = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]) for r in run["results"]]
    assert got == [
        ("OP401", "bad/rules/core.yaml", {"startLine": 6, "startColumn": 25}),
        ("OP203", "bad/rules/core.yaml", {"startLine": 9, "startColumn": 5}),
        ("OP210", "bad/rules/params.yaml", {"startLine": 9, "startColumn": 18}),
    ]


def test_json_output(bad: Path) -> None:
    out = CliRunner().invoke(main, ["lint", str(bad), "-f", "json"])
    doc = json.loads(out.output)
    assert (doc["files"], doc["errors"], doc["warnings"]) == (3, 3, 0)
    assert doc["problems"][1] == {
        "code": "OP203", "severity": "error", "file": "bad/rules/core.yaml", "line": 9,
        "column": 5, "field": "checks[1]", "message": "missing required field 'citation'"}


def test_lint_rules_on_a_clean_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    core = tmp_path / "mini" / "rules" / "core.yaml"
    text = core.read_text(encoding="utf-8")
    text = text.replace("citation: Policy 7.1", "citation: TODO")
    text = text.replace("message: {zh: 未书面通知, en: Notice not in writing}",
                        "message: {zh: Notice not in writing, en: Notice not in writing}")
    text = text.replace("assert: steps.exit_interview.held_on is not none",
                        "assert: 1 > 2")
    core.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = lint_paths(["mini"])
    got = [(d.code, d.severity, d.line) for d in result.diagnostics]
    assert ("OP701", "error", 29) in got          # citation: TODO
    assert ("OP702", "warning", 34) in got        # zh text without Chinese
    assert ("OP708", "error", 27) in got          # assert 1 > 2 is always false
    assert ("OP707", "warning", 12) in got        # never_used
    assert ("OP701", "warning", 2) in got         # parameter without citation


def test_ignore_comment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    core = tmp_path / "mini" / "rules" / "core.yaml"
    core.write_text(core.read_text(encoding="utf-8").replace(
        "  never_used:", "  never_used:  # offboard-policy: ignore[OP707]"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert "OP707" not in {d.code for d in lint_paths(["mini"]).diagnostics}


def test_unknown_yaml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.yaml").write_text("hello: world\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (d,) = lint_paths(["x.yaml"]).diagnostics
    assert (d.code, d.file, d.line) == ("OP710", "x.yaml", 1)


def test_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    missing = runner.invoke(main, ["lint", "nope.yaml"])
    assert missing.exit_code == 2
    assert "does not exist" in missing.output
    nothing = runner.invoke(main, ["lint"])
    assert nothing.exit_code == 2
    assert nothing.output == ("Error: nothing to lint: no policies or rules folder here; "
                              "name the files or folders to lint.\n")
    bad_format = runner.invoke(main, ["lint", "-f", "xml", "."])
    assert bad_format.exit_code == 2
    (tmp_path / "p.yaml").write_text(
        "parameters:\n  x:\n    type: number\n    citation: LCL Art. 1\n    values:\n"
        "      - {from: 2008-01-01, value: 1, source: s}\n", encoding="utf-8")
    clean = runner.invoke(main, ["lint", "p.yaml"])
    assert (clean.exit_code, clean.output) == (0, "no problems in 1 file\n")


def test_bundled_policies_have_no_lint_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    errors = [d.format(with_source=False) for d in lint_paths().diagnostics
              if d.severity == "error"]
    assert errors == []


def test_a_folder_without_yaml_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing to lint\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["lint", str(tmp_path)])
    assert out.exit_code == 2
    assert out.stderr == (f"Error: no policy, rule module or parameter table found in "
                          f"{tmp_path} (no *.yaml or *.yml file in it).\n")
    assert out.stdout == ""


def test_a_file_that_is_not_yaml_is_named_as_such(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["lint", "README.md"])
    assert out.exit_code == 2
    assert out.stderr.startswith("Error: README.md is not a YAML file")
    assert "YAML syntax error" not in out.output


def test_default_folders_without_yaml_are_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "policies").mkdir()
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["lint"])
    assert out.exit_code == 2
    assert "no policy, rule module or parameter table found in policies" in out.stderr


def test_output_may_not_overwrite_a_linted_file(bad: Path) -> None:
    target = bad / "rules" / "core.yaml"
    before = target.read_bytes()
    for args in (["lint", str(bad), "-o", str(target)], ["lint", str(target), "-o", str(target)]):
        out = CliRunner().invoke(main, args)
        assert out.exit_code == 2, out.output
        assert out.stderr.startswith(f"Error: Invalid value for '--output': '{target}' is one "
                                     "of the files to lint")
    assert target.read_bytes() == before
    fine = CliRunner().invoke(main, ["lint", str(bad), "-o", "lint.txt"])
    assert fine.exit_code == 1 and Path("lint.txt").read_text(encoding="utf-8")
