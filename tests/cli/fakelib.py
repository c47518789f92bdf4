"""A fake library (policy loader, case loader, engine) so the CLI can be tested on its own.

The fake reads each case file's first word: ``ready`` or ``blocked`` gives a report with
that verdict; ``invalid`` raises a ``CaseError`` with a positioned diagnostic; ``unreadable``
raises ``PermissionError``. A policy file whose first word is ``invalid`` raises a
``PolicyError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from offboard_policy.errors import CaseError, Diagnostic, PolicyError
from offboard_policy.report.model import (
    Finding,
    LocalText,
    PolicyInfo,
    Report,
    SettlementLine,
)

DEFAULT_AS_OF = date(2026, 9, 30)


def fake_report(case_id: str, verdict: str, as_of: date) -> Report:
    """A small report: blocked ones carry one blocking violation with an exposure."""
    findings: tuple[Finding, ...] = ()
    if verdict == "blocked":
        findings = (
            Finding(
                rule="CN-LCL-43-union",
                severity="blocking",
                status="violation",
                message=LocalText(zh="未通知工会。", en="The union was not notified."),
                citation="LCL Art. 43",
                fields=("termination.union_notified_on",),
                exposure=Decimal("160000"),
            ),
        )
    return Report(
        case_id=case_id,
        verdict="blocked" if verdict == "blocked" else "ready",
        policy=PolicyInfo(id="fake", version="1", digest="sha256:00"),
        as_of=as_of,
        findings=findings,
        settlement=(
            SettlementLine(
                id="economic_compensation",
                rule="CN-LCL-47",
                title=LocalText(zh="经济补偿", en="Economic compensation"),
                required=Decimal("90000"),
                proposed=Decimal("80000"),
                citation="LCL Art. 47",
            ),
        ),
    )


@dataclass(frozen=True)
class FakePolicy:
    """What the fake ``load_policy`` returns: a path and no warnings."""

    path: str
    warnings: tuple[Diagnostic, ...] = ()


@dataclass
class FakeLibrary:
    """Records what the CLI asked of the library."""

    policies: list[Path] = field(default_factory=list)
    cases: list[Path] = field(default_factory=list)
    as_of: list[date | None] = field(default_factory=list)

    def load_policy(self, path: Path, **_options: object) -> object:
        self.policies.append(Path(path))
        if Path(path).read_text(encoding="utf-8").split()[:1] == ["invalid"]:
            raise PolicyError(Diagnostic("unknown parameter 'avg_wage'", "OP404", str(path), 3, 12))
        return FakePolicy(str(path))

    def load_case(self, path: Path) -> dict[str, Any]:
        self.cases.append(Path(path))
        word = (Path(path).read_text(encoding="utf-8").split() or [""])[0]
        if word == "invalid":
            raise CaseError(
                Diagnostic(
                    "not a number", "OP501", str(path), 31, 9, field="employee.wages.monthly[3]"
                )
            )
        if word == "unreadable":
            raise PermissionError(13, "Permission denied", str(path))
        return {"case_id": Path(path).stem, "verdict": word}

    def evaluate(
        self, policy: object, case: dict[str, Any], *, as_of: date | None = None,
        trace: bool = True,
    ) -> Report:
        self.as_of.append(as_of)
        return fake_report(case["case_id"], case["verdict"], as_of or DEFAULT_AS_OF)
