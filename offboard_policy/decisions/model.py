"""One decision: what the checker said about a case, under which rules, for whom, when."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from offboard_policy.report.model import Lang, Report


@dataclass(frozen=True)
class Decision:
    """A row of the decision log. ``report_json`` is the exact text the caller received
    (``check --format json`` / the API's body); ``case_json`` the case as validated."""

    id: str
    recorded_at: str
    who: str
    source: str
    case_id: str
    case_digest: str | None
    case_json: str
    policy_id: str
    policy_version: str
    policy_digest: str
    policy_path: str
    engine_version: str
    as_of: str
    lang: Lang
    verdict: str
    total_required: str | None
    total_proposed: str
    report_json: str

    def summary(self) -> dict[str, Any]:
        """Everything but the case and the report, as JSON data."""
        return {
            "id": self.id, "recorded_at": self.recorded_at, "who": self.who,
            "case_id": self.case_id, "case_digest": self.case_digest,
            "policy_id": self.policy_id, "policy_version": self.policy_version,
            "policy_digest": self.policy_digest, "engine_version": self.engine_version,
            "as_of": self.as_of, "lang": self.lang, "verdict": self.verdict,
            "total_required": self.total_required, "total_proposed": self.total_proposed,
            "source": self.source,
        }

    def detail(self) -> dict[str, Any]:
        """The summary with the case and the report as JSON data."""
        return {**self.summary(), "policy_path": self.policy_path,
                "case": json.loads(self.case_json), "report": json.loads(self.report_json)}


def engine_version() -> str:
    """The installed offboard-policy's version (recorded with every decision)."""
    try:
        return version("offboard-policy")
    except PackageNotFoundError:
        import offboard_policy

        return str(getattr(offboard_policy, "__version__", "0+unknown"))


def new_decision_id() -> str:
    """A 32-hex-digit id that sorts by time (nanoseconds, then 64 random bits): unique across
    server replicas without asking the database."""
    return f"{time.time_ns():016x}{secrets.token_hex(8)}"


def make_decision(report: Report, report_json: str, case_json: str, *, who: str, source: str,
                  lang: Lang, policy_path: str, engine_version: str) -> Decision:
    """The decision for ``report`` (rendered as ``report_json``) of the case ``case_json``."""
    required = report.total_required
    return Decision(
        id=new_decision_id(),
        recorded_at=datetime.now(UTC).isoformat(timespec="microseconds"),
        who=who,
        source=source,
        case_id=report.case_id,
        case_digest=report.case_digest,
        case_json=case_json,
        policy_id=report.policy.id,
        policy_version=report.policy.version,
        policy_digest=report.policy.digest,
        policy_path=policy_path,
        engine_version=engine_version,
        as_of=report.as_of.isoformat(),
        lang=lang,
        verdict=report.verdict,
        total_required=None if required is None else f"{required:.2f}",
        total_proposed=f"{report.total_proposed:.2f}",
        report_json=report_json,
    )


def case_to_json(data: Any) -> str:
    """The case as it was sent (the data read from its JSON or YAML, before validation), as
    compact JSON that :func:`~offboard_policy.case.parse_case` reads back to the same case:
    amounts as exact decimal strings, dates ISO."""
    from offboard_policy.case.digest import canonical_json

    return canonical_json(data)
