"""Render test outcomes as JUnit XML (the ``<testsuites>`` dialect CI servers read).

Kept independent of the policy-test runner: callers build :class:`JUnitSuite` objects. One
suite per test file, one ``<testcase>`` per test; a failed expectation is a ``<failure>``
(message = first line, body = the full field-by-field comparison), a test that could not run
(bad case, bad policy) is an ``<error>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class JUnitCase:
    """One test's outcome."""

    name: str
    classname: str
    time: float = 0.0
    failure: str | None = None
    """Set when an expectation did not hold: the full explanation."""
    error: str | None = None
    """Set when the test could not run at all."""
    skipped: str | None = None
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class JUnitSuite:
    """The tests of one file."""

    name: str
    cases: tuple[JUnitCase, ...] = field(default=())

    @property
    def failures(self) -> int:
        """How many tests failed an expectation."""
        return sum(1 for c in self.cases if c.failure is not None)

    @property
    def errors(self) -> int:
        """How many tests could not run."""
        return sum(1 for c in self.cases if c.error is not None)

    @property
    def skipped(self) -> int:
        """How many tests were skipped."""
        return sum(1 for c in self.cases if c.skipped is not None)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _case(parent: ET.Element, case: JUnitCase) -> None:
    attrs = {"name": case.name, "classname": case.classname, "time": f"{case.time:.3f}"}
    if case.file is not None:
        attrs["file"] = case.file
    if case.line is not None:
        attrs["line"] = str(case.line)
    el = ET.SubElement(parent, "testcase", attrs)
    if case.error is not None:
        ET.SubElement(
            el, "error", {"message": _first_line(case.error), "type": "error"}
        ).text = case.error
    elif case.failure is not None:
        ET.SubElement(
            el, "failure", {"message": _first_line(case.failure), "type": "failure"}
        ).text = case.failure
    elif case.skipped is not None:
        ET.SubElement(el, "skipped", {"message": case.skipped})


def render_junit(suites: Sequence[JUnitSuite], *, name: str = "offboard-policy") -> str:
    """The XML document (with declaration), ending with a newline."""
    root = ET.Element(
        "testsuites",
        {
            "name": name,
            "tests": str(sum(len(s.cases) for s in suites)),
            "failures": str(sum(s.failures for s in suites)),
            "errors": str(sum(s.errors for s in suites)),
            "skipped": str(sum(s.skipped for s in suites)),
            "time": f"{sum(c.time for s in suites for c in s.cases):.3f}",
        },
    )
    for suite in suites:
        el = ET.SubElement(
            root,
            "testsuite",
            {
                "name": suite.name,
                "tests": str(len(suite.cases)),
                "failures": str(suite.failures),
                "errors": str(suite.errors),
                "skipped": str(suite.skipped),
                "time": f"{sum(c.time for c in suite.cases):.3f}",
            },
        )
        for case in suite.cases:
            _case(el, case)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
