"""The JSON report: the report contract (README, "The report (output contract)"), then extensions.

The contract keys come first and in the contract's order; extensions (``case_digest``,
``parameters``, ``deviations``, ``waivers``, ``notices`` when there are any, and per finding
``title``, ``waiver``, ``source``) follow them. Amounts are strings with two decimals, dates ISO
strings, and the same report always renders to the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from offboard_policy.render._format import iso, jsonable, money, money_or_none
from offboard_policy.render.encode import dumps
from offboard_policy.report.model import (
    SCHEMA_VERSION,
    Deviation,
    Finding,
    Lang,
    Notice,
    ParameterUse,
    Report,
    SettlementLine,
    TraceEntry,
    Waiver,
)


def to_contract_dict(report: Report, lang: Lang = "zh") -> dict[str, Any]:
    """The report as contract-shaped JSON data; texts (message, hint, basis) in ``lang``."""
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "case_id": report.case_id,
        "verdict": report.verdict,
        "policy": {
            "id": report.policy.id,
            "version": report.policy.version,
            "digest": report.policy.digest,
        },
        "as_of": report.as_of.isoformat(),
        "findings": [_finding(f, lang) for f in report.findings],
        "settlement": {
            "currency": report.currency,
            "lines": [_line(line, lang) for line in report.settlement],
            "total_required": money_or_none(report.total_required),
            "total_proposed": money(report.total_proposed),
        },
        "trace": [_trace(t) for t in report.trace],
        # extensions
        "case_digest": report.case_digest,
        "parameters": [_parameter(p) for p in report.parameters],
        "deviations": [_deviation(d) for d in report.deviations],
        "waivers": [_waiver(w) for w in report.waivers],
    }
    if report.notices:  # only when the policy has something to say about itself
        data["notices"] = [_notice(n, lang) for n in report.notices]
    return data


def render_json(report: Report, lang: Lang = "zh") -> str:
    """One report as a JSON object (the contract), indented, with a trailing newline."""
    return _dumps(to_contract_dict(report, lang))


def render_json_many(reports: Sequence[Report], lang: Lang = "zh") -> str:
    """Several reports as a JSON array of contract objects, with a trailing newline."""
    return _dumps([to_contract_dict(r, lang) for r in reports])


def _dumps(data: object) -> str:
    return dumps(data, indent=True)


def _finding(f: Finding, lang: Lang) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "status": f.status,
        "message": f.message.get(lang),
        "citation": f.citation,
        "fields": list(f.fields),
        "hint": f.hint.get(lang) if f.hint is not None else None,
        "exposure": money_or_none(f.exposure),
        # extensions
        "title": f.title.get(lang) if f.title is not None else None,
        "waiver": (
            None
            if f.waiver is None
            else {
                "approved_by": f.waiver.approved_by,
                "reason": f.waiver.reason,
                "expires_on": iso(f.waiver.expires_on),
            }
        ),
        "source": f.source,
    }


def _line(line: SettlementLine, lang: Lang) -> dict[str, Any]:
    return {
        "id": line.id,
        "required": money_or_none(line.required),
        "proposed": money(line.proposed),
        "shortfall": money_or_none(line.shortfall),
        "due": iso(line.due),
        "citation": line.citation,
        "basis": line.basis.get(lang) if line.basis is not None else None,
    }


def _trace(t: TraceEntry) -> dict[str, Any]:
    return {
        "value": t.value,
        "result": jsonable(t.result),
        "formula": t.formula,
        "inputs": {str(k): jsonable(v) for k, v in t.inputs.items()},
        "citation": t.citation,
    }


def _parameter(p: ParameterUse) -> dict[str, Any]:
    return {
        "name": p.name,
        "value": jsonable(p.value),
        "effective_from": iso(p.effective_from),
        "city": p.city,
        "source": p.source,
        "approximate": p.approximate,
    }


def _deviation(d: Deviation) -> dict[str, Any]:
    return {
        "rule": d.rule,
        "reason": d.reason,
        "approved_by": d.approved_by,
        "approved_on": iso(d.approved_on),
        "policy": d.policy,
    }


def _waiver(w: Waiver) -> dict[str, Any]:
    return {
        "rule": w.rule,
        "approved_by": w.approved_by,
        "reason": w.reason,
        "expires_on": iso(w.expires_on),
    }


def _notice(n: Notice, lang: Lang) -> dict[str, Any]:
    return {"code": n.code, "message": n.message.get(lang),
            "hint": n.hint.get(lang) if n.hint else None}
