"""Read policy test files: validate against ``policytest.schema.json`` and build test specs.

A test file names a policy and holds tests; each test has a case (a ``case_file``, an inline
``case``, or the file's default ``case_file``), optional ``set:`` overrides by dotted path,
and the expected outcome. Paths are relative to the test file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from offboard_policy import codes

from ..errors import Diagnostic, InputError, SourcePos
from ..yamlio import Loaded

TEST_SCHEMA = "policytest"


class TestFileError(InputError):
    """A policy test file is unusable (exit code 2)."""

    __test__ = False  # not a pytest class


@dataclass(frozen=True)
class FindingRef:
    """A finding named in an expectation: a rule, optionally with its status and severity."""

    rule: str
    status: str | None = None
    severity: str | None = None

    def __str__(self) -> str:
        extra = " ".join(x for x in (self.status, self.severity) if x)
        return f"{self.rule} {extra}".strip()


@dataclass(frozen=True)
class LineExpect:
    """What a settlement line must look like; ``applies=False`` means it must be absent."""

    applies: bool = True
    required: Decimal | None = None
    required_set: bool = False
    """True when ``required`` was given (``None`` then means 'could not be computed')."""
    proposed: Decimal | None = None
    shortfall: Decimal | None = None
    due: date | None = None


@dataclass(frozen=True)
class Expect:
    """The expected outcome of one test."""

    verdict: str | None = None
    findings: tuple[FindingRef, ...] = ()
    no_findings: tuple[FindingRef, ...] = ()
    passed: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()
    waived: tuple[str, ...] = ()
    settlement: dict[str, LineExpect] = field(default_factory=dict)
    total_required: Decimal | None = None
    total_required_set: bool = False


@dataclass(frozen=True)
class TestSpec:
    """One test, ready to run."""

    __test__ = False  # not a pytest class

    file: str
    name: str
    pos: SourcePos
    policy: Path
    case_file: Path | None
    case: dict[str, Any] | None
    overrides: tuple[tuple[str, Any, SourcePos], ...]
    as_of: date | None
    expect: Expect
    skip: str | None = None

    @property
    def id(self) -> str:
        """``file::name``, the name ``-k`` matches against."""
        return f"{self.file}::{self.name}"


@dataclass(frozen=True)
class TestFile:
    """A parsed test file."""

    __test__ = False  # not a pytest class

    path: str
    policy: Path
    tests: tuple[TestSpec, ...]


def is_test_file(loaded: Loaded) -> bool:
    """True when a YAML document looks like a policy test file (has ``tests:``)."""
    return isinstance(loaded.data, dict) and "tests" in loaded.data


def _amount(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _finding(raw: dict[str, Any]) -> FindingRef:
    return FindingRef(rule=raw["rule"], status=raw.get("status"), severity=raw.get("severity"))


def _line(raw: Any) -> LineExpect:
    if raw is None:
        return LineExpect(applies=False)
    if isinstance(raw, str):
        return LineExpect(required=_amount(raw), required_set=True)
    return LineExpect(
        required=_amount(raw.get("required")),
        required_set="required" in raw,
        proposed=_amount(raw.get("proposed")),
        shortfall=_amount(raw.get("shortfall")),
        due=_as_date(raw.get("due")),
    )


def _expect(raw: dict[str, Any]) -> Expect:
    return Expect(
        verdict=raw.get("verdict"),
        findings=tuple(_finding(f) for f in raw.get("findings") or ()),
        no_findings=tuple(_finding(f) for f in raw.get("no_findings") or ()),
        passed=tuple(raw.get("passed") or ()),
        not_applicable=tuple(raw.get("not_applicable") or ()),
        waived=tuple(raw.get("waived") or ()),
        settlement={k: _line(v) for k, v in (raw.get("settlement") or {}).items()},
        total_required=_amount(raw.get("total_required")),
        total_required_set="total_required" in raw,
    )


def _error(loaded: Loaded, message: str, path: tuple[str | int, ...]) -> Diagnostic:
    pos = loaded.positions.nearest(path)
    return Diagnostic(message, codes.TEST_FILE, file=pos.file, line=pos.line, column=pos.column,
                      source_line=loaded.line(pos.line))


def parse_test_file(loaded: Loaded, path: Path) -> TestFile:
    """Build a :class:`TestFile` from a loaded YAML document; raises TestFileError."""
    from ..policy.schema import validate  # the shared JSON Schema machinery, with positions

    try:
        validate(loaded, TEST_SCHEMA)
    except InputError as exc:
        raise TestFileError(exc.diagnostics) from None
    data: dict[str, Any] = loaded.data
    folder = path.parent
    problems: list[Diagnostic] = []

    def existing(rel: str, where: tuple[str | int, ...], what: str) -> Path:
        target = (folder / rel).resolve()
        if not target.is_file():
            problems.append(_error(loaded, f"{what} not found: '{rel}'", where))
        return target

    policy = existing(data["policy"], ("policy",), "policy file")
    default_case = (existing(data["case_file"], ("case_file",), "case file")
                    if "case_file" in data else None)
    default_as_of = _as_date(data.get("as_of"))
    tests: list[TestSpec] = []
    names: set[str] = set()
    for i, raw in enumerate(data["tests"]):
        name = raw["name"]
        if name in names:
            problems.append(_error(loaded, f"two tests are named '{name}'", ("tests", i, "name")))
        names.add(name)
        case_file = (existing(raw["case_file"], ("tests", i, "case_file"), "case file")
                     if "case_file" in raw else None)
        inline = raw.get("case")
        if case_file is None and inline is None:
            case_file = default_case
            if case_file is None:
                problems.append(_error(loaded, f"test '{name}' has no case: give 'case', "
                                       "'case_file', or a file-level 'case_file'",
                                       ("tests", i)))
        overrides = tuple(
            (key, value, loaded.positions.nearest(("tests", i, "set", key)))
            for key, value in (raw.get("set") or {}).items()
        )
        tests.append(TestSpec(
            file=loaded.display, name=name, pos=loaded.positions.nearest(("tests", i)),
            policy=policy, case_file=case_file, case=inline, overrides=overrides,
            as_of=_as_date(raw.get("as_of")) or default_as_of, expect=_expect(raw["expect"]),
            skip=raw.get("skip"),
        ))
    if problems:
        raise TestFileError(problems)
    return TestFile(path=loaded.display, policy=policy, tests=tuple(tests))
