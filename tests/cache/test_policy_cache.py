"""The compiled-policy cache: hits, misses, staleness after any change, corruption, safety."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from pathlib import Path

import pytest

from offboard_policy.policy import cache as cache_mod
from offboard_policy.policy import load_policy
from offboard_policy.policy.cache import (
    CACHE_ENV,
    clear_cache,
    default_cache_dir,
    read_policy_cached,
)

ROOT = Path(__file__).resolve().parents[2]
POLICY = Path("policies/cn-beijing.yaml")
MODULE = Path("rules/cn/notice.yaml")


def _age(folder: Path, seconds: float = 3600) -> None:
    """Date every file below ``folder`` back, as if edited long ago (not "racily" new)."""
    past = time.time() - seconds
    for path in folder.rglob("*"):
        os.utime(path, (past, past))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled policies and rules, as the working directory."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "policies", root / "policies")
    shutil.copytree(ROOT / "rules", root / "rules")
    _age(root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _age(path.parent, 10)


def test_second_read_is_a_hit_with_the_same_definition(project: Path, cache_dir: Path) -> None:
    first = read_policy_cached(POLICY, cache_dir=cache_dir)
    second = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert (first.state, second.state) == ("miss", "hit")
    assert second.entry == first.entry and second.entry is not None and second.entry.exists()
    assert second.definition == first.definition
    assert second.definition.digest == first.definition.digest


def test_cached_policy_checks_cases_like_a_fresh_one(project: Path, cache_dir: Path) -> None:
    from offboard_policy.case import load_case
    from offboard_policy.engine import evaluate
    from offboard_policy.render import to_contract_dict

    read_policy_cached(POLICY, cache_dir=cache_dir)
    cached = load_policy(POLICY, cache=True, cache_dir=cache_dir)
    fresh = load_policy(POLICY)
    for case_path in sorted((ROOT / "fixtures" / "cases").glob("*.yaml")):
        case = load_case(case_path)
        assert to_contract_dict(evaluate(cached, case)) == to_contract_dict(evaluate(fresh, case))


def test_one_character_change_in_an_included_module_is_stale(
    project: Path, cache_dir: Path
) -> None:
    before = read_policy_cached(POLICY, cache_dir=cache_dir)
    _edit(project / MODULE, "(LCL Art. 40); 民法典", "(LCL Art. 41); 民法典")
    after = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert after.state == "stale"
    assert after.definition.digest != before.definition.digest
    assert after.definition == read_policy_cached(POLICY, enabled=False).definition
    assert read_policy_cached(POLICY, cache_dir=cache_dir).state == "hit"


def test_a_comment_is_stale_too_since_it_moves_line_numbers(
    project: Path, cache_dir: Path
) -> None:
    before = read_policy_cached(POLICY, cache_dir=cache_dir)
    text = (project / MODULE).read_text(encoding="utf-8")
    (project / MODULE).write_text("# a new first line\n" + text, encoding="utf-8")
    _age(project / MODULE.parent, 10)
    after = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert after.state == "stale"
    assert after.definition.digest == before.definition.digest  # same canonical content
    fresh = read_policy_cached(POLICY, enabled=False).definition
    assert after.definition == fresh
    old_pos = next(m for m in before.definition.modules if m.id == "cn.notice").values[0].pos
    new_pos = next(m for m in after.definition.modules if m.id == "cn.notice").values[0].pos
    assert new_pos.line == old_pos.line + 1


def test_a_new_file_matching_an_include_glob_is_stale(project: Path, cache_dir: Path) -> None:
    read_policy_cached(POLICY, cache_dir=cache_dir)
    (project / "rules" / "internal" / "extra.yaml").write_text(
        "module: internal.extra\nkind: internal\nchecks:\n"
        "  - id: EXTRA-1\n    severity: info\n    assert: 'true'\n"
        "    message: {zh: 额外, en: extra}\n    citation: internal\n", encoding="utf-8")
    _age(project / "rules" / "internal", 10)
    after = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert after.state == "stale"
    assert "internal.extra" in {m.id for m in after.definition.modules}


def test_a_removed_file_is_stale(project: Path, cache_dir: Path) -> None:
    first = read_policy_cached(POLICY, cache_dir=cache_dir)
    (project / "rules" / "cn" / "double_wages.yaml").unlink()
    _age(project / "rules" / "cn", 10)
    after = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert after.state == "stale"
    assert len(after.definition.files) == len(first.definition.files) - 1


def test_another_code_version_uses_another_entry(
    project: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = read_policy_cached(POLICY, cache_dir=cache_dir)
    monkeypatch.setattr(cache_mod, "_CODE", "0" * 64)
    second = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert second.state == "miss" and second.entry != first.entry
    monkeypatch.setattr(cache_mod, "__version__", "99.0")
    assert read_policy_cached(POLICY, cache_dir=cache_dir).state == "miss"


def test_another_working_directory_uses_another_entry(
    project: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = read_policy_cached(POLICY, cache_dir=cache_dir)
    monkeypatch.chdir(project / "policies")  # diagnostics show paths relative to the cwd
    second = read_policy_cached("cn-beijing.yaml", cache_dir=cache_dir)
    assert second.state == "miss" and second.entry != first.entry
    assert second.definition.path == "cn-beijing.yaml"


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05\x95\x10"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(
    project: Path, cache_dir: Path, garbage: bytes
) -> None:
    first = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert first.entry is not None
    first.entry.write_bytes(garbage)
    second = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert second.state == "corrupt"
    assert second.definition == first.definition
    assert read_policy_cached(POLICY, cache_dir=cache_dir).state == "hit"


def test_a_truncated_entry_is_ignored(project: Path, cache_dir: Path) -> None:
    first = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert first.entry is not None
    data = first.entry.read_bytes()
    first.entry.write_bytes(data[: len(data) // 2])
    assert read_policy_cached(POLICY, cache_dir=cache_dir).state == "corrupt"


def test_a_file_changed_while_it_was_read_is_not_cached(
    project: Path, cache_dir: Path
) -> None:
    (project / MODULE).touch()  # modified "now": its bytes may not be the bytes read
    assert read_policy_cached(POLICY, cache_dir=cache_dir).state == "miss"
    assert read_policy_cached(POLICY, cache_dir=cache_dir).state == "miss"
    _age(project / MODULE.parent, 10)
    read_policy_cached(POLICY, cache_dir=cache_dir)
    assert read_policy_cached(POLICY, cache_dir=cache_dir).state == "hit"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_directory_writable_by_others_is_refused(project: Path, cache_dir: Path) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    result = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert result.state == "refused"
    assert result.note is not None and "writable by other users" in result.note
    assert list(cache_dir.iterdir()) == []
    warnings: list[str] = []
    load_policy(POLICY, cache=True, cache_dir=cache_dir, warn=warnings.append)
    assert warnings and warnings[0].startswith("warning: policy cache not used:")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_directory_is_created_private_and_entries_too(
    project: Path, cache_dir: Path
) -> None:
    result = read_policy_cached(POLICY, cache_dir=cache_dir / "deep")
    assert (cache_dir / "deep").stat().st_mode & 0o777 == 0o700
    assert result.entry is not None and result.entry.stat().st_mode & 0o077 == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_entry_writable_by_others_is_not_loaded(project: Path, cache_dir: Path) -> None:
    first = read_policy_cached(POLICY, cache_dir=cache_dir)
    assert first.entry is not None
    first.entry.chmod(0o666)
    assert read_policy_cached(POLICY, cache_dir=cache_dir).state == "corrupt"
    assert first.entry.stat().st_mode & 0o077 == 0  # rebuilt private


def test_disabled_reads_the_files_and_writes_nothing(project: Path, cache_dir: Path) -> None:
    result = read_policy_cached(POLICY, cache_dir=cache_dir, enabled=False)
    assert result.state == "disabled" and result.entry is None
    assert not cache_dir.exists()


def test_policy_errors_are_raised_and_not_cached(project: Path, cache_dir: Path) -> None:
    from offboard_policy.errors import PolicyError

    _edit(project / POLICY, "version:", "versio:")
    with pytest.raises(PolicyError):
        read_policy_cached(POLICY, cache_dir=cache_dir)
    assert not list(cache_dir.glob("*.pickle"))


def test_default_directory_and_clear(tmp_path: Path, project: Path) -> None:
    assert default_cache_dir({CACHE_ENV: str(tmp_path / "x")}) == tmp_path / "x"
    assert default_cache_dir({"XDG_CACHE_HOME": "/c"}) == Path("/c/offboard-policy")
    assert default_cache_dir({}) == Path("~/.cache/offboard-policy").expanduser()
    read_policy_cached(POLICY, cache_dir=tmp_path / "c")
    assert clear_cache(tmp_path / "c") == 1


def _load_in_process(args: tuple[str, str]) -> str:
    os.chdir(args[0])
    return read_policy_cached(POLICY, cache_dir=Path(args[1])).state


def test_processes_racing_on_one_entry_all_get_whole_entries(
    project: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_mod, "_CODE", None)  # as fresh as the spawned processes' own
    # fork where there is fork (cheap; the children inherit the reset _CODE), else spawn
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(4) as pool:
        states = pool.map(_load_in_process, [(str(project), str(cache_dir))] * 8)
    assert set(states) <= {"miss", "hit"}
    assert read_policy_cached(POLICY, cache_dir=cache_dir).state == "hit"
    assert not list(cache_dir.glob(".entry.*"))  # no temp file left behind
