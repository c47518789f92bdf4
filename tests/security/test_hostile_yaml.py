"""Hostile YAML in every file the tool reads: cases, policies, rule modules, parameter tables.

Each payload must end in one clear diagnostic (code, file, line and column where a line
exists), exit code 2 through ``offboard-policy check``, no traceback and nothing written to
``--output``; bombs must fail fast and in bounded memory. The protections live in
``offboard_policy.yamlio`` (limits.py: ``YamlLimits``) and, for JSON cases, ``case.load``.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from seckit import CASE, DATA, MINI_POLICY, PARAMS_YAML, POLICY_YAML, Project, cli

from offboard_policy.case import load_case
from offboard_policy.errors import InputError
from offboard_policy.policy import load_policy
from offboard_policy.yamlio import DEFAULT_LIMITS
from tests.workcount import EventCounter

MIB = 1024 * 1024


@dataclass(frozen=True)
class Payload:
    """A hostile file and the diagnostic it must give (line None: the whole file; column None:
    any column of that line)."""

    name: str
    content: Callable[[], bytes]
    code: str
    line: int | None
    column: int | None


def _fixture(name: str) -> Callable[[], bytes]:
    return lambda: (DATA / name).read_bytes()


def _text(text: str) -> Callable[[], bytes]:
    return lambda: text.encode("utf-8")


PAYLOADS = [
    Payload("billion-laughs", _fixture("billion-laughs.yaml"), "OP108", 7, 11),
    Payload("merge-key-bomb", _fixture("merge-bomb.yaml"), "OP108", 8, 8),
    Payload("duplicate-key", _fixture("duplicate-key.yaml"), "OP104", 4, 1),
    Payload("python-object-tag", _fixture("python-tag.yaml"), "OP105", 2, 10),
    Payload("not-utf8", _fixture("not-utf8.yaml"), "OP102", 3, 10),
    Payload("tab-indentation", _fixture("tab-indent.yaml"), "OP101", 4, 1),
    # Column: our depth count stops at the 65th bracket (column 67); PyYAML 6.0.4 and later
    # stop flow nesting in their scanner first (column 1003). The same limit, the same code.
    Payload("deep-flow-nesting", _text("case_id: A\nx: " + "[" * 100_000 + "]" * 100_000),
            "OP106", 2, None),
    Payload("deep-block-nesting",
            _text("case_id: A\nx:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 100))),
            "OP106", 66, 65),
    Payload("too-many-nodes", _text("case_id: A\nx: [" + "0," * 100_001 + "]\n"),
            "OP107", 2, 199_995),
    Payload("huge-scalar", _text('case_id: A\nx: "' + "x" * (MIB + 1) + '"\n'), "OP103", 2, 4),
    Payload("huge-file", _text("case_id: A\n# " + "x" * (10 * MIB) + "\n"), "OP103", None, None),
    Payload("nul-character", _text('case_id: A\nx: "a\x00"\n'), "OP102", 2, 6),
    Payload("two-documents", _text("case_id: A\n---\ncase_id: B\n"), "OP111", 2, 1),
    Payload("recursive-alias", _text("a: &a [*a]\n"), "OP112", 1, 8),
    Payload("datetime", _text("case_id: 2026-01-31T10:00:00\n"), "OP110", 1, 10),
    Payload("infinity", _text("case_id: .inf\n"), "OP110", 1, 10),
]
ROLES = ("case", "policy", "module", "parameters")


def _place(role: str, payload: bytes, root: Path) -> tuple[Path, Path, Path]:
    """Write ``payload`` as the file of ``role``; return (case, policy, hostile file)."""
    project = Project(root)
    case = project.case()
    target = {
        "case": root / "case.yaml",
        "policy": project.policy,
        "module": project.module_path,
        "parameters": project.params_path,
    }[role]
    target.write_bytes(payload)
    if role == "case":
        return target, MINI_POLICY, target
    return case, project.policy, target


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.name)
def test_hostile_yaml_is_refused_with_position_and_exit_2(
    payload: Payload, role: str, tmp_path: Path
) -> None:
    case, policy, hostile = _place(role, payload.content(), tmp_path)
    out = tmp_path / "report.json"
    result = cli("check", case, "-p", policy, "-f", "json", "-o", out)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert not out.exists()
    first = result.stderr.splitlines()[0]
    assert first.endswith(f"[{payload.code}]"), first
    where = (hostile.name if payload.line is None
             else f"{hostile.name}:{payload.line}:" if payload.column is None
             else f"{hostile.name}:{payload.line}:{payload.column}:")
    assert where in first, first


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.name)
def test_hostile_yaml_raises_only_input_errors_from_the_library(
    payload: Payload, tmp_path: Path
) -> None:
    for role in ROLES:
        case, policy, _ = _place(role, payload.content(), tmp_path / role)
        with pytest.raises(InputError) as exc:
            load_policy(policy) if role != "case" else load_case(case)
        assert exc.value.diagnostics[0].code == payload.code


def test_object_constructing_tags_never_run(tmp_path: Path) -> None:
    canary = tmp_path / "CANARY"
    payloads = [
        f'case_id: !!python/object/apply:os.system ["touch {canary}"]\n',
        f'case_id: !!python/object/new:subprocess.Popen [["touch", "{canary}"]]\n',
        "case_id: !!python/name:os.system\n",
        '!!python/object/apply:os.system ["true"]\n',
        "case_id: !custom-tag x\n",
        "case_id: !<tag:yaml.org,2002:python/object/apply:os.system> [true]\n",
        "%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\ncase_id: !p!os.system [true]\n",
    ]
    # The first payload really is dangerous: PyYAML's unsafe loader runs it.
    yaml.unsafe_load(payloads[0])
    assert canary.exists()
    canary.unlink()
    for i, text in enumerate(payloads):
        for role in ROLES:
            case, policy, _ = _place(role, text.encode(), tmp_path / f"{i}-{role}")
            result = cli("check", case, "-p", policy)
            assert result.exit_code == 2, (text, role, result.output)
            assert "[OP105]" in result.stderr, (text, result.stderr)
    assert not canary.exists()


@pytest.mark.parametrize("role", ROLES)
def test_bom_is_accepted(role: str, tmp_path: Path) -> None:
    project = Project(tmp_path)
    case = tmp_path / "case.yaml"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    target = {"case": case, "policy": project.policy, "module": project.module_path,
              "parameters": project.params_path}[role]
    target.write_bytes(b"\xef\xbb\xbf" + target.read_bytes())
    result = cli("check", case, "-p", project.policy, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "ready"


def test_crlf_line_ends_are_accepted_and_positions_count_lines(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.policy.write_bytes(POLICY_YAML.replace("\n", "\r\n").encode())
    project.params_path.write_bytes(PARAMS_YAML.replace("\n", "\r\n").encode())
    case = tmp_path / "case.yaml"
    case.write_bytes(b"case_id: A\r\njurisdiction: {city: beijing}\r\nx: 1\r\nx: 2\r\n")
    result = cli("check", case, "-p", project.policy)
    assert result.exit_code == 2
    assert "case.yaml:4:1:" in result.stderr and "[OP104]" in result.stderr


def test_oversize_files_are_read_only_up_to_the_limit(tmp_path: Path) -> None:
    """A 4 GiB (sparse) file costs no more memory than the 10 MiB limit."""
    for role in ROLES:
        case, policy, hostile = _place(role, b"", tmp_path / role)
        with hostile.open("wb") as fh:
            fh.truncate(4 * 1024 * MIB)
        tracemalloc.start()
        try:
            with pytest.raises(InputError) as exc:
                load_policy(policy) if role != "case" else load_case(case)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert exc.value.diagnostics[0].code == "OP103"
        assert peak < DEFAULT_LIMITS.max_bytes * 3, peak


@pytest.mark.parametrize("name", ["billion-laughs.yaml", "merge-bomb.yaml"])
def test_alias_bombs_stay_in_bounded_memory(name: str, tmp_path: Path) -> None:
    payload = (DATA / name).read_bytes()
    for role in ROLES:
        case, policy, _ = _place(role, payload, tmp_path / role)
        tracemalloc.start()
        try:
            with pytest.raises(InputError):
                load_policy(policy) if role != "case" else load_case(case)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        # the read buffer (sized to the file-size limit) plus a little; 9**9 "lol"s would need
        # gigabytes
        assert peak < DEFAULT_LIMITS.max_bytes + 4 * MIB, peak


# -- JSON case files: the same guarantees without a YAML parser ---------------------------------


JSON_PAYLOADS = [
    ("nan", '{"case_id": NaN}', "OP506", 1),
    ("infinity", '{"case_id": "A",\n "x": -Infinity}', "OP506", 2),
    ("duplicate-key", '{"case_id": "A",\n "case_id": "B"}', "OP506", 2),
    ("deep-nesting", "[" * 100_000 + "]" * 100_000, "OP506", None),
    ("too-many-values", "[" + "0," * 200_000 + "0]", "OP506", None),
    ("huge-integer", '{"case_id": ' + "9" * 5000 + "}", "OP506", None),
    ("syntax", '{"case_id": "A",}', "OP506", 1),
    ("not-utf8", '{"case_id": "Ren\xe9e"}', "OP102", 1),
    ("huge-file", '{"case_id": "' + "x" * (10 * MIB) + '"}', "OP507", None),
]


@pytest.mark.parametrize("name,text,code,line", JSON_PAYLOADS, ids=[p[0] for p in JSON_PAYLOADS])
def test_hostile_json_cases(name: str, text: str, code: str, line: int | None,
                            tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_bytes(text.encode("latin-1" if name == "not-utf8" else "utf-8"))
    out = tmp_path / "out.json"
    result = cli("check", case, "-p", MINI_POLICY, "-o", out)
    assert result.exit_code == 2, result.output
    assert not out.exists()
    first = result.stderr.splitlines()[0]
    assert first.endswith(f"[{code}]"), first
    assert first.startswith(str(case) + (f":{line}:" if line else ":")), first


def test_json_case_with_bom_is_accepted(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_bytes(b"\xef\xbb\xbf" + json.dumps(CASE).encode())
    result = cli("check", case, "-p", MINI_POLICY, "-f", "json")
    assert result.exit_code in (0, 1), result.output


# -- work: every bomb stops after a bounded number of parser events ------------------------------
# (counted, not timed: the same on any machine however busy; benchmarks/limits.py times them)


def test_every_hostile_file_stops_within_the_node_limit(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    """No hostile file makes the reader take more events than the node limit allows: the
    work on a file is bounded by ``max_nodes``, not by its size or what its aliases expand to."""
    bound = DEFAULT_LIMITS.max_nodes + 10  # stream, document and collection starts and ends
    counts = {}
    for payload in PAYLOADS:
        path = tmp_path / f"{payload.name}.yaml"
        path.write_bytes(payload.content())
        counter = EventCounter(monkeypatch)
        with pytest.raises(InputError):
            load_case(path)
        counts[payload.name] = counter.events
    assert max(counts.values()) <= bound, counts
    # the bombs stop long before their expansion: the alias bombs read only their own lines
    assert counts["billion-laughs"] < 200 and counts["merge-key-bomb"] < 200, counts
    assert counts["deep-flow-nesting"] <= 1_010, counts


def test_the_largest_accepted_file_is_read_in_one_event_per_node(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Just under the node limit a file is read (and refused as a case, not as YAML) with one
    event per node, in YAML and as JSON."""
    under = DEFAULT_LIMITS.max_nodes - 10
    path = tmp_path / "nodes-under-limit.yaml"
    path.write_text("x: [" + "0," * under + "]\n")
    counter = EventCounter(monkeypatch)
    with pytest.raises(InputError) as exc:
        load_case(path)
    assert exc.value.diagnostics[0].code.startswith("OP5"), exc.value.diagnostics[0]
    # stream, document, mapping (start and end each), the key, the sequence and its items
    assert counter.events == 2 * 3 + 1 + 2 + under
    as_json = tmp_path / "nodes-under-limit.json"
    as_json.write_text("[" + "0," * under + "0]")
    with pytest.raises(InputError) as exc:
        load_case(as_json)
    assert exc.value.diagnostics[0].code.startswith("OP5"), exc.value.diagnostics[0]
