"""Find policy test files, run their tests, and collect the outcomes."""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from offboard_policy import codes

from ..errors import Diagnostic, InputError, OffboardError
from ..paths import YAML_SUFFIXES
from ..report.model import Report
from ..yamlio import Loaded, load_yaml
from .expect import Mismatch, compare
from .spec import TestFile, TestFileError, TestSpec, is_test_file, parse_test_file

Outcome = Literal["passed", "failed", "error", "skipped"]


@dataclass(frozen=True)
class TestResult:
    """What happened to one test."""

    __test__ = False  # not a pytest class

    spec: TestSpec
    outcome: Outcome
    mismatches: tuple[Mismatch, ...] = ()
    error: str | None = None
    report: Report | None = None
    seconds: float = 0.0


@dataclass
class RunResult:
    """All the tests run, the files that could not be read, and the policies used."""

    results: list[TestResult] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    """Unusable test files (exit code 2)."""
    policies: dict[Path, Any] = field(default_factory=dict)
    """Compiled policies by path (``CompiledPolicy``), for coverage."""
    deselected: int = 0

    def count(self, outcome: Outcome) -> int:
        """How many tests ended with ``outcome``."""
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def ok(self) -> bool:
        """True when no test failed or errored and every file could be read."""
        return not self.problems and not any(r.outcome in ("failed", "error")
                                             for r in self.results)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Test files under ``paths``: explicit files as given, folders searched for YAML files
    that have a top-level ``tests:`` (other YAML, such as base cases, is left alone)."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES):
                try:
                    if is_test_file(load_yaml(candidate)):
                        found.append(candidate)
                except OffboardError as exc:
                    problems.extend(exc.diagnostics)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Diagnostic("no such file or folder", codes.TEST_PATH, file=str(path)))
    return found, problems


_LOOKS_LIKE: tuple[tuple[str, str], ...] = (
    ("case_id", "a case"), ("employee", "a case"), ("termination", "a case"),
    ("module", "a rule module"), ("parameters", "a parameter table"), ("policy", "a policy"),
)


def not_a_test_file(document: Loaded) -> Diagnostic:
    """``x.yaml: not a policy test file (it looks like a case)``, for a file named on the
    command line that has no top-level ``tests:``."""
    data = document.data
    keys = data.keys() if isinstance(data, dict) else ()
    kind = next((what for key, what in _LOOKS_LIKE if key in keys), None)
    why = f"it looks like {kind}" if kind else "it has no top-level 'tests:'"
    return Diagnostic(f"not a policy test file ({why}); a test file names a 'policy:' and "
                      "lists 'tests:' (see docs/ci.md)", codes.TEST_FILE, file=document.display)


def selected(spec: TestSpec, pattern: str | None) -> bool:
    """``-k``: a case-insensitive substring of ``file::name``, or a glob when it has ``*?[``."""
    if not pattern:
        return True
    target = spec.id.lower()
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(target, pattern.lower()) or fnmatch.fnmatchcase(
            spec.name.lower(), pattern.lower())
    return pattern.lower() in target


class _Policies:
    """Compiles each policy once; remembers the failure of one that does not compile."""

    def __init__(self) -> None:
        self.compiled: dict[Path, Any] = {}
        self.failed: dict[Path, str] = {}

    def get(self, path: Path) -> Any:
        from ..policy import load_policy

        if path in self.failed:
            raise _PolicyUnusable(self.failed[path])
        if path not in self.compiled:
            try:
                self.compiled[path] = load_policy(path)
            except OffboardError as exc:
                self.failed[path] = "the policy does not load:\n" + exc.format()
                raise _PolicyUnusable(self.failed[path]) from None
        return self.compiled[path]


class _PolicyUnusable(Exception):
    pass


def _unknown_names(document: Loaded, test_file: TestFile,
                   policies: _Policies) -> list[Diagnostic]:
    """OP803/OP804 problems of a test file (none when its policy does not load: each of its
    tests then reports that as an error)."""
    from .names import check_names

    try:
        policy = policies.get(test_file.policy)
    except _PolicyUnusable:
        return []
    return check_names(document, policy)


def run_one(spec: TestSpec, policies: _Policies) -> TestResult:
    """Run one test: build its case, evaluate it, compare with the expectations."""
    from ..case import parse_case
    from ..engine import evaluate
    from .cases import case_data

    if spec.skip:
        return TestResult(spec, "skipped", error=spec.skip)
    start = time.perf_counter()
    try:
        policy = policies.get(spec.policy)
        data, display = case_data(spec)
        case = parse_case(data, display=display)
        report = evaluate(policy, case, as_of=spec.as_of)
    except _PolicyUnusable as exc:
        return TestResult(spec, "error", error=str(exc))
    except InputError as exc:
        return TestResult(spec, "error", error=exc.format(),
                          seconds=time.perf_counter() - start)
    mismatches = tuple(compare(spec.expect, report))
    return TestResult(spec, "failed" if mismatches else "passed", mismatches, report=report,
                      seconds=time.perf_counter() - start)


def run_tests(paths: Sequence[Path | str], *, pattern: str | None = None) -> RunResult:
    """Run every test under ``paths`` whose id matches ``pattern``."""
    files, problems = discover(Path(p) for p in paths)
    result = RunResult(problems=problems)
    policies = _Policies()
    loaded: list[TestFile] = []
    for path in files:
        try:
            document = load_yaml(path)
            if not is_test_file(document):
                result.problems.append(not_a_test_file(document))
                continue
            test_file = parse_test_file(document, path)
        except (TestFileError, InputError) as exc:
            result.problems.extend(exc.diagnostics)
            continue
        unknown = _unknown_names(document, test_file, policies)
        if unknown:
            result.problems.extend(unknown)  # the file's tests could pass by mistake: not run
        else:
            loaded.append(test_file)
    for test_file in loaded:
        for spec in test_file.tests:
            if not selected(spec, pattern):
                result.deselected += 1
                continue
            result.results.append(run_one(spec, policies))
    result.policies = dict(policies.compiled)
    return result
