"""``/healthz``, ``/readyz`` and ``POST /v1/admin/reload``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from offboard_policy.errors import InputError

from .app import state_of
from .auth import Principal, may_reload
from .errors import ApiError, error_response
from .models import ErrorModel, Health, Ready, ReloadResult
from .routes_policies import summary

router = APIRouter()


@router.get("/healthz", response_model=Health, tags=["health"],
            summary="The process is up")
def healthz() -> dict[str, Any]:
    return {"status": "ok"}


@router.get("/readyz", response_model=Ready, tags=["health"],
            summary="Policies compiled and the decision log reachable",
            responses={503: {"model": ErrorModel, "description": "The log is unreachable."}})
def readyz(request: Request) -> Any:
    state = state_of(request)
    database = "off"
    if state.store is not None:
        try:
            state.store.ping()
        except Exception as exc:
            return error_response(503, {"error": "not_ready", "message": "the decision log "
                                        f"is unreachable: {type(exc).__name__}",
                                        "diagnostics": []})
        database = state.store.dialect
    return {"status": "ready", "policies": len(state.registry.current.entries),
            "database": database}


@router.post("/v1/admin/reload", response_model=ReloadResult, tags=["admin"],
             summary="Compile the policy files again and swap them in atomically",
             responses={401: {"model": ErrorModel, "description": "No or unknown token."},
                        403: {"model": ErrorModel, "description": "Not an admin token."},
                        422: {"model": ErrorModel, "description": "A policy failed to "
                              "compile; the old set stays in force."}})
async def reload(request: Request,
                 principal: Principal = Depends(may_reload)) -> dict[str, Any]:
    state = state_of(request)
    try:
        fresh = await state.io(state.registry.reload)
    except InputError as exc:
        raise ApiError(422, "reload failed; the policies loaded before stay in force",
                       diagnostics=exc.diagnostics, kind="reload_failed") from None
    if state.after_reload is not None:
        state.after_reload()
    return {"status": "reloaded", "generation": fresh.generation,
            "policies": [summary(fresh.entries[i]) for i in fresh.ids]}
