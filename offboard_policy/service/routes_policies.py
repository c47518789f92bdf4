"""``GET /v1/policies``, ``GET /v1/policies/{id}`` and ``GET /v1/schema/case``."""

from __future__ import annotations

import copy
import warnings
from datetime import date
from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from offboard_policy.render._format import jsonable

from .app import state_of
from .auth import Principal, may_read_policies
from .models import CaseSchemaDocument, ErrorModel, PolicyDetail, PolicyList, PolicySummary
from .registry import PolicyEntry
from .routes_check import policy_entry

router = APIRouter(tags=["policies"])

_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorModel, "description": "No or unknown Bearer token."},
    403: {"model": ErrorModel, "description": "The token's role may not read this."},
}


def _local(text: Any) -> dict[str, str] | None:
    if text is None:
        return None
    return {"zh": text.zh, "en": text.en}


def summary(entry: PolicyEntry) -> dict[str, Any]:
    """What ``GET /v1/policies`` says of one policy."""
    policy = entry.policy
    warnings = [d.format(with_source=False) for d in getattr(policy, "warnings", ())]
    definition = policy.definition
    approval = getattr(definition, "approval", None)
    approved = approval is not None and approval.digest == policy.info.digest and not warnings
    return {"id": entry.id, "version": policy.info.version, "digest": policy.info.digest,
            "title": _local(policy.info.title), "approved": approved, "warnings": warnings}


@router.get("/v1/policies", response_model=PolicyList, summary="The policies this server has",
            responses=_AUTH_ERRORS)
def list_policies(
    request: Request, principal: Principal = Depends(may_read_policies),
) -> dict[str, Any]:
    current = state_of(request).registry.current
    return {"policies": [summary(current.entries[i]) for i in current.ids],
            "loaded_at": current.loaded_at.isoformat(timespec="seconds"),
            "generation": current.generation}


@router.get("/v1/policies/{policy_id}", response_model=PolicyDetail,
            summary="One policy: rules, parameters in force, deviations, approval",
            responses={**_AUTH_ERRORS, 404: {"model": ErrorModel,
                                             "description": "Unknown policy id."}})
def show_policy(
    request: Request, policy_id: str,
    as_of: date | None = Query(None, description="Parameters in force on this day "
                               "(default: today)."),
    principal: Principal = Depends(may_read_policies),
) -> dict[str, Any]:
    entry = policy_entry(state_of(request), policy_id)
    policy = entry.policy
    rules = []
    lines = []
    for module in policy.definition.modules:
        for check in module.checks:
            rules.append({"id": check.id, "severity": check.severity,
                          "citation": check.citation, "title": _local(check.title),
                          "source": module.path.rsplit("/", 1)[-1]})
        for line in module.settlement:
            lines.append({"id": line.id, "citation": line.citation})
    deviations = [{"rule": d.rule, "reason": d.reason, "approved_by": d.approved_by,
                   "approved_on": d.approved_on.isoformat() if d.approved_on else None,
                   "policy": d.policy} for d in policy.deviations]
    return {**summary(entry), "path": entry.path.name, "rules": rules,
            "settlement_lines": lines, "parameters": parameters_in_force(policy, as_of),
            "deviations": deviations}


def parameters_in_force(policy: Any, as_of: date | None) -> list[dict[str, Any]]:
    """Each parameter's value on ``as_of`` (today by default), per city for city tables."""
    day = as_of or date.today()
    out: list[dict[str, Any]] = []
    for name in sorted(policy.params):
        param = policy.params[name]
        cities = sorted(param.cities) if param.definition.by_city else [""]
        for city in cities:
            try:
                use = param.lookup(city, day)
            except Exception:  # no value in force on that day: not listed
                continue
            out.append({"name": use.name, "value": jsonable(use.value),
                        "effective_from": use.effective_from.isoformat()
                        if use.effective_from else None,
                        "city": use.city, "source": use.source})
    return out


@router.get("/v1/schema/case", summary="The case input contract as JSON Schema",
            response_model=CaseSchemaDocument, response_model_by_alias=True,
            response_model_exclude_unset=True)
def case_schema() -> dict[str, Any]:
    return case_json_schema()


@cache
def _case_schema(ref_template: str) -> dict[str, Any]:
    from offboard_policy.case import Case

    with warnings.catch_warnings():  # pydantic notes how it serialises defaults; not ours
        warnings.simplefilter("ignore")
        return Case.model_json_schema(ref_template=ref_template)


def case_json_schema(ref_template: str = "#/$defs/{model}") -> dict[str, Any]:
    """The case model's JSON Schema (a copy: callers may change it)."""
    return copy.deepcopy(_case_schema(ref_template))


__all__ = ["PolicySummary", "router"]
