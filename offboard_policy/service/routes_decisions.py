"""``GET /v1/decisions?case_id=...`` and ``GET /v1/decisions/{id}``: the decision log.

``hr`` tokens see the decisions they recorded themselves, ``legal`` tokens every decision.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from .app import ServiceState, state_of
from .auth import Principal, may_read_decisions
from .errors import ApiError
from .models import DecisionDetail, DecisionList, ErrorModel

router = APIRouter(tags=["decisions"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorModel, "description": "No or unknown Bearer token."},
    403: {"model": ErrorModel, "description": "The token's role may not read decisions."},
    503: {"model": ErrorModel, "description": "The server runs without a decision log."},
}


def _store(state: ServiceState) -> Any:
    if state.store is None:
        raise ApiError(503, "this server runs without a decision log", kind="no_log")
    return state.store


def _who(principal: Principal) -> str | None:
    """The name to restrict reads to: None when the caller may read every decision."""
    return None if principal.may("read_all_decisions") else principal.name


@router.get("/v1/decisions", response_model=DecisionList, summary="Decisions, newest first",
            responses=_ERRORS)
async def list_decisions(
    request: Request,
    case_id: str | None = Query(None, description="Only this case's decisions."),
    since: date | None = Query(None, description="Only decisions recorded on or after this "
                               "day (UTC)."),
    limit: int = Query(100, ge=1, le=1000),
    principal: Principal = Depends(may_read_decisions),
) -> dict[str, Any]:
    state = state_of(request)
    store = _store(state)
    found = await state.io(lambda: store.list(case_id=case_id, since=since,
                                              who=_who(principal), limit=limit))
    return {"decisions": [d.summary() for d in found]}


@router.get("/v1/decisions/{decision_id}", response_model=DecisionDetail,
            summary="One decision with its case and report",
            responses={**_ERRORS, 404: {"model": ErrorModel, "description": "No such id."}})
async def show_decision(
    request: Request, decision_id: str,
    principal: Principal = Depends(may_read_decisions),
) -> JSONResponse:
    state = state_of(request)
    store = _store(state)
    found = await state.io(lambda: store.get(decision_id))
    who = _who(principal)
    if found is None or (who is not None and found.who != who):
        raise ApiError(404, f"no decision '{decision_id}'")
    # sent as stored, not re-serialised through the model (which would add "notices": null)
    return JSONResponse(found.detail())
