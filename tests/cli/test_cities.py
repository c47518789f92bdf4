"""City names and spellings give the same report; an unknown city is an input error (exit 2)
with a did-you-mean and the known cities, unless the policy supplies figures for it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.clirun import run

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "cases" / "resignation-ready.yaml"
POLICY = ROOT / "policies" / "cn-statutory.yaml"


def with_city(tmp_path: Path, city: str, name: str = "case.yaml") -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    assert "  city: beijing" in text
    path = tmp_path / name
    path.write_text(text.replace("  city: beijing", f"  city: {city}"), encoding="utf-8")
    return path


def test_shanghai_in_any_spelling_gives_the_same_report(tmp_path: Path) -> None:
    outputs = set()
    for i, city in enumerate(("shanghai", "上海", "上海市", "Shanghai", "SHANGHAI")):
        result = run("check", with_city(tmp_path, city, f"c{i}.yaml"), "-p", POLICY,
                     "--format", "json")
        assert result.exit_code in (0, 1), result.output
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert '"city":"shanghai"' in outputs.pop().replace(" ", "")


def test_a_misspelt_city_is_refused_with_a_did_you_mean(tmp_path: Path) -> None:
    path = with_city(tmp_path, "shangai")
    result = run("check", path, "-p", POLICY)
    assert result.exit_code == 2 and result.stdout == ""
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1)
                if "city: shangai" in text)
    assert result.stderr.splitlines()[0] == (
        f"{path}:{line}:9: jurisdiction.city: unknown city 'shangai'; did you mean "
        "'shanghai'? (known: beijing, chengdu, chongqing, guangzhou, hangzhou, lanzhou, "
        "nanjing, shanghai, shenzhen, suzhou, tianjin, wuhan, xian); a policy that supplies "
        "the city's figures (set: or a parameter table) makes it known [OP504]")


@pytest.mark.parametrize("spelling", ["foshan", "Foshan", "FOSHAN"])
def test_a_city_the_policy_supplies_figures_for_is_known(tmp_path: Path, spelling: str) -> None:
    for folder in ("policies", "rules"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    policy = tmp_path / "policies" / "foshan.yaml"
    policy.write_text(
        "policy: foshan\nversion: '1'\ntitle: {zh: 佛山, en: Foshan}\n"
        "extends: cn-statutory.yaml\n"
        "set:\n"
        "  minimum_monthly_wage: {city: foshan, value: 2300, from: 2024-01-01,"
        " source: 'test figure'}\n", encoding="utf-8")
    result = run("check", with_city(tmp_path, spelling), "-p", policy, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    refused = run("check", with_city(tmp_path, "fooshan"), "-p", policy)
    assert refused.exit_code == 2 and "did you mean 'foshan'?" in refused.stderr
