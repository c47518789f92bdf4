"""yamlio: exact scalars, positions, and one fixture file per failure mode with its position."""

from __future__ import annotations

import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offboard_policy.errors import SourcePos, YamlError
from offboard_policy.expr.origin import ScalarOrigin
from offboard_policy.yamlio import (
    DEFAULT_LIMITS,
    YamlLimits,
    load_yaml,
    load_yaml_bytes,
    load_yaml_text,
)
from tests.workcount import EventCounter

DATA = Path(__file__).parent / "data" / "yaml"


def load(text: str, **kw: Any) -> Any:
    return load_yaml_text(text, display="t.yaml", **kw).data


def error(text: str, **kw: Any) -> YamlError:
    with pytest.raises(YamlError) as info:
        load_yaml_text(text, display="t.yaml", **kw)
    return info.value


# -- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21000.00", Decimal("21000.00")),
        ("0.1", Decimal("0.1")),
        ("-0.5", Decimal("-0.5")),
        (".5", Decimal("0.5")),
        ("1_000.50", Decimal("1000.50")),
        ("1e3", Decimal("1E+3")),
        ("1.5e-2", Decimal("0.015")),
        ("1:30.5", Decimal("90.5")),
        ("14", 14),
        ("0", 0),
        ("-7", -7),
        ("1_000", 1000),
        ("0x1F", 31),
        ("010", 8),  # YAML 1.1 octal, as SafeLoader
        ("1:30", 90),  # YAML 1.1 sexagesimal, as SafeLoader
        ("2026-09-30", date(2026, 9, 30)),
        ("2025-10", "2025-10"),
        ("true", True),
        ("yes", True),
        ("on", True),
        ("off", False),
        ("No", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("E1024", "E1024"),
        ("=", "="),
        ("'21000.00'", "21000.00"),
        ('"2026-09-30"', "2026-09-30"),
        ('"yes"', "yes"),
        ("张三", "张三"),
    ],
)
def test_scalar_values(text: str, expected: object) -> None:
    value = load(f"v: {text}\n")
    assert value == {"v": expected}
    assert type(value["v"]) is type(expected)


def test_decimal_keeps_the_digits_written() -> None:
    data = load("a: 21000.00\nb: 0.10\n")
    assert str(data["a"]) == "21000.00"
    assert str(data["b"]) == "0.10"


def test_keys_are_strings_as_written() -> None:
    # `on:` is a key of the contract (steps.approvals[].on): it must not become True.
    assert load("on: 2026-09-15\nyes: 1\n1: a\n2026-01-01: b\n'x': c\n") == {
        "on": date(2026, 9, 15),
        "yes": 1,
        "1": "a",
        "2026-01-01": "b",
        "x": "c",
    }


def test_empty_documents_are_none() -> None:
    assert load("") is None
    assert load("# only a comment\n") is None
    assert load("---\n") is None


def test_bom_is_skipped() -> None:
    assert load("\ufeffa: 1\n") == {"a": 1}
    assert load_yaml_bytes(b"\xef\xbb\xbfa: 1\n", display="b.yaml").data == {"a": 1}


def test_merge_keys_explicit_entries_win() -> None:
    data = load("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n")
    assert data == {"base": {"x": 1, "y": 2}, "d": {"x": 1, "y": 3}}


def test_aliases_share_the_anchored_value() -> None:
    data = load("a: &x [1, 2]\nb: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2]}


def test_source_lines_and_display() -> None:
    loaded = load_yaml_text("a: 1\nb: 2\n", display="cases/x.yaml")
    assert loaded.display == "cases/x.yaml"
    assert loaded.source_lines[:2] == ["a: 1", "b: 2"]
    assert loaded.line(2) == "b: 2"
    assert loaded.line(99) is None


# -- positions ------------------------------------------------------------------------------

DOC = """\
steps:
  assets:
    - {id: LT-1, returned_on: 2026-09-30}
    - id: AC-2
      returned_on: null
  note: plain text
  quoted: "abc"
  block: |
    first line
    second line
  folded: >-
    folded
  anchored: &a  the text
"""


def pos(line: int, column: int) -> SourcePos:
    return SourcePos("doc.yaml", line, column)


def test_positions_of_nodes_and_keys() -> None:
    positions = load_yaml_text(DOC, display="doc.yaml").positions
    assert positions.get(("steps", "assets", 1, "returned_on")) == pos(5, 20)
    assert positions.key(("steps", "assets", 1, "returned_on")) == pos(5, 7)
    assert positions.get(("steps", "assets", 0, "returned_on")) == pos(3, 31)
    assert positions.get(("steps", "assets", 1)) == pos(4, 7)
    assert positions.key(("steps", "assets", 1)) is None  # list items have no key
    assert positions.get(("nope",)) is None


def test_nearest_falls_back_to_the_longest_known_prefix() -> None:
    positions = load_yaml_text(DOC, display="doc.yaml").positions
    assert positions.nearest(("steps", "assets", 1, "kind")) == pos(4, 7)
    assert positions.nearest(("steps", "missing", 3)) == pos(2, 3)
    assert positions.nearest(()) == pos(1, 1)
    empty = load_yaml_text("", display="doc.yaml").positions
    assert empty.nearest(("a",)) == pos(1, 1)


def test_content_origin_of_string_scalars() -> None:
    positions = load_yaml_text(DOC, display="doc.yaml").positions
    assert positions.content(("steps", "note")) == ScalarOrigin(pos(6, 9), block=False, indent=9)
    assert positions.content(("steps", "quoted")) == ScalarOrigin(
        pos(7, 12), block=False, indent=12
    )
    assert positions.content(("steps", "block")) == ScalarOrigin(pos(9, 5), block=True, indent=5)
    assert positions.content(("steps", "folded")) == ScalarOrigin(pos(12, 5), block=True, indent=5)
    assert positions.content(("steps", "anchored")) == ScalarOrigin(
        pos(13, 17), block=False, indent=17
    )
    assert positions.content(("steps", "assets")) is None  # a collection
    assert positions.content(("steps", "nope")) is None


# -- one fixture per failure mode -----------------------------------------------------------

FAILURES = [
    # file, code, line, column, words the message must contain
    ("syntax.yaml", "OP101", 2, 4, "mapping values are not allowed"),
    ("tab-indent.yaml", "OP101", 2, 1, "cannot start any token"),
    ("not-utf8.yaml", "OP102", 2, 7, "byte 0xe9 at byte offset 12"),
    ("control-char.yaml", "OP102", 2, 6, "U+0007"),
    ("duplicate-key.yaml", "OP104", 4, 3, "duplicate key 'depth' (first written at line 3)"),
    ("tag-python.yaml", "OP105", 1, 4, "'!!python/object:os.system'"),
    ("tag-local.yaml", "OP105", 2, 4, "'!money'"),
    ("tag-str.yaml", "OP105", 1, 4, "even standard ones like !!str"),
    ("deep.yaml", "OP106", 65, 129, "nesting deeper than 64 levels"),
    ("alias-bomb.yaml", "OP108", 6, 8, "aliases expand to more than 100000 nodes"),
    ("complex-key.yaml", "OP109", 2, 3, "mapping key must be a scalar"),
    ("alias-key.yaml", "OP109", 2, 1, "not an alias"),
    ("merge-not-mapping.yaml", "OP109", 3, 3, "merge key '<<'"),
    ("inf.yaml", "OP110", 1, 6, "not a finite number"),
    ("nan.yaml", "OP110", 3, 5, "not a finite number"),
    ("datetime.yaml", "OP110", 1, 10, "time of day"),
    ("bad-date.yaml", "OP110", 1, 6, "not a valid date"),
    ("two-documents.yaml", "OP111", 2, 1, "one YAML document"),
    ("undefined-alias.yaml", "OP112", 2, 4, "*missing refers to nothing"),
    ("recursive-alias.yaml", "OP112", 3, 5, "enclosing node"),
    ("duplicate-anchor.yaml", "OP112", 2, 4, "&x defined twice (first at line 1)"),
]


@pytest.mark.parametrize(("name", "code", "line", "column", "words"), FAILURES)
def test_failure_modes(name: str, code: str, line: int, column: int, words: str) -> None:
    with pytest.raises(YamlError) as info:
        load_yaml(DATA / name, display=f"data/{name}")
    (diag,) = info.value.diagnostics
    assert (diag.code, diag.file, diag.line, diag.column) == (code, f"data/{name}", line, column)
    assert words in diag.message
    assert diag.source_line is not None
    assert f"data/{name}:{line}:{column}: " in diag.format()


def test_every_fixture_is_a_failure_mode() -> None:
    assert {p.name for p in DATA.glob("*.yaml")} == {f[0] for f in FAILURES}


def test_missing_file() -> None:
    with pytest.raises(YamlError) as info:
        load_yaml(DATA / "no-such-file.yaml", display="x.yaml")
    assert info.value.diagnostics[0].code == "OP100"


def test_oversize_file_and_text() -> None:
    limits = YamlLimits(max_bytes=10)
    with pytest.raises(YamlError) as info:
        load_yaml(DATA / "deep.yaml", limits=limits)
    assert info.value.diagnostics[0].code == "OP103"
    assert error("a: 12345678901\n", limits=limits).diagnostics[0].code == "OP103"
    assert error("a: 一二三\n", limits=YamlLimits(max_bytes=10)).diagnostics[0].code == "OP103"


def test_scalar_too_long() -> None:
    diag = error("a: 1\nb: " + "x" * 50 + "\n", limits=YamlLimits(max_scalar_len=20)).diagnostics[0]
    assert (diag.code, diag.line, diag.column) == ("OP103", 2, 4)


def test_too_many_nodes() -> None:
    diag = error("[1, 2, 3, 4, 5, 6]\n", limits=YamlLimits(max_nodes=5)).diagnostics[0]
    assert (diag.code, diag.line, diag.column) == ("OP107", 1, 14)


def test_depth_limit_is_exact() -> None:
    assert load("[" * 64 + "]" * 64) is not None
    assert error("[" * 65 + "]" * 65).diagnostics[0].code == "OP106"


def test_depth_bomb_fails_fast_without_recursion(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = EventCounter(monkeypatch)
    text = "[" * 1_000_000 + "]" * 1_000_000
    diag = error(text).diagnostics[0]
    assert diag.code == "OP106"
    # Our depth count stops at the 65th bracket; PyYAML 6.0.4+ stops flow nesting at 1,000 in
    # its scanner, which reads ahead of our count.
    assert (diag.line, diag.column) in ((1, 65), (1, 1001))
    assert diag.source_line is None  # a 2 MB line is not quoted under the message
    # work: stream and document start, then one event per bracket until the limit (65 with our
    # count; none past the scanner's 1,000 otherwise), not 2,000,000
    assert counter.events <= 2 + 1_000, counter.events


def test_alias_bomb_fails_fast_with_bounded_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = EventCounter(monkeypatch)
    text = (DATA / "alias-bomb.yaml").read_text()
    tracemalloc.start()
    try:
        assert error(text).diagnostics[0].code == "OP108"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # work: the file's own events (9 mappings' keys and lists of 9 items each, under 120),
    # never one per expanded node (9**9 "lol"s)
    assert counter.events < 120, counter.events
    assert peak < 5 * 1024 * 1024  # 9**9 "lol"s would need gigabytes


def test_events_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The counter sees every event: stream, document and mapping start, 2 scalars, 3 ends."""
    counter = EventCounter(monkeypatch)
    assert load("a: 1\n") == {"a": 1}
    assert counter.events == 8


def test_default_limits() -> None:
    assert (
        YamlLimits(
            max_bytes=10 * 1024 * 1024,
            max_depth=64,
            max_nodes=100_000,
            max_alias_expansion=100_000,
            max_scalar_len=1024 * 1024,
        )
        == DEFAULT_LIMITS
    )


def test_integer_too_long_is_a_yaml_error() -> None:
    diag = error("a: " + "9" * 5000 + "\n").diagnostics[0]
    assert diag.code == "OP110"
    assert "5003 characters" not in diag.message and "cannot be read" in diag.message


# -- properties -----------------------------------------------------------------------------

YAMLISH = st.text(alphabet=" \n\t-:?,[]{}&*!|>'\"#%@`~.0123456789eEabxyz<=\\", max_size=80)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), YAMLISH))
def test_any_text_loads_or_raises_yaml_error(text: str) -> None:
    try:
        load_yaml_text(text, display="fuzz.yaml")
    except YamlError as exc:
        for diag in exc.diagnostics:
            assert diag.code.startswith("OP1")
            assert diag.file == "fuzz.yaml"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_load_or_raise_yaml_error(raw: bytes) -> None:
    try:
        loaded = load_yaml_bytes(raw, display="fuzz.yaml")
    except YamlError as exc:
        assert all(d.code.startswith("OP1") and d.file == "fuzz.yaml" for d in exc.diagnostics)
    else:
        assert loaded.display == "fuzz.yaml"
