"""Counts and totals of a batch run, and the summary printed at its end."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from offboard_policy.report.model import Lang

from .worker import Outcome

#: Exit codes of a batch run (the same as for single cases).
EXIT_OK = 0
EXIT_BLOCKED = 1
EXIT_INPUT = 2


@dataclass
class Summary:
    """Running totals over the outcomes of a batch."""

    ready: int = 0
    blocked: int = 0
    errors: int = 0
    required: Decimal = field(default_factory=lambda: Decimal("0.00"))
    proposed: Decimal = field(default_factory=lambda: Decimal("0.00"))
    unknown_required: int = 0
    """Incomplete cases: their required total could not be computed (data missing), so they
    are in neither ``required`` nor ``proposed`` (both totals are over the same cases)."""
    seconds: float = 0.0
    workers: int = 1

    @property
    def cases(self) -> int:
        """Every case read, errors included."""
        return self.ready + self.blocked + self.errors

    def add(self, outcome: Outcome) -> None:
        """Count one outcome."""
        if outcome.status == "error":
            self.errors += 1
            return
        if outcome.status == "blocked":
            self.blocked += 1
        else:
            self.ready += 1
        if outcome.required is None:
            self.unknown_required += 1
            return
        self.required += Decimal(outcome.required)
        if outcome.proposed is not None:
            self.proposed += Decimal(outcome.proposed)

    @property
    def exit_code(self) -> int:
        """2 if any case was unusable, else 1 if any was blocked, else 0."""
        if self.errors:
            return EXIT_INPUT
        return EXIT_BLOCKED if self.blocked else EXIT_OK

    def format(self, lang: Lang = "en") -> str:
        """Two or three lines for stderr: counts and speed, then the settlement totals."""
        rate = self.cases / self.seconds if self.seconds > 0 else 0.0
        req, prop = f"{self.required:,.2f}", f"{self.proposed:,.2f}"
        known = self.ready + self.blocked - self.unknown_required
        if lang == "zh":
            lines = [
                f"已检查 {self.cases:,} 个案例，用时 {self.seconds:.2f} 秒（{rate:,.0f} 个/秒，"
                f"{self.workers} 个进程）：可办结 {self.ready:,}，阻止 {self.blocked:,}，"
                f"输入错误 {self.errors:,}",
                f"结算合计（{known:,} 个金额完整的案例）：应付 {req} 元，拟付 {prop} 元；"
                f"数据不全的案例 {self.unknown_required:,} 个",
            ]
            if self.unknown_required:
                lines.append(f"  数据不全的 {self.unknown_required:,} 个案例有金额因数据缺失"
                             "无法计算，应付与拟付合计均未计入")
        else:
            lines = [
                f"Checked {self.cases:,} case{'s' if self.cases != 1 else ''} in "
                f"{self.seconds:.2f} s ({rate:,.0f} cases/s, "
                f"{self.workers} worker{'s' if self.workers != 1 else ''}): "
                f"{self.ready:,} ready, {self.blocked:,} blocked, {self.errors:,} input "
                f"error{'s' if self.errors != 1 else ''}",
                f"Settlement totals over {known:,} case{'s' if known != 1 else ''} with every "
                f"amount known: required {req} CNY, proposed {prop} CNY; "
                f"{self.unknown_required:,} incomplete",
            ]
            if self.unknown_required:
                lines.append(f"  both totals leave out the {self.unknown_required:,} incomplete "
                             f"case{'s' if self.unknown_required != 1 else ''} (an amount could "
                             "not be computed: data missing)")
        return "\n".join(lines) + "\n"
