"""The HTTP service: :func:`create_app` builds the FastAPI application.

The routes live in ``routes_*.py`` (checks, policies and schema, decisions, admin and health),
access control in ``auth.py``, error bodies in ``errors.py``. The HR page is the package's
``service/static/`` folder, mounted at ``/`` after every API route.

    >>> registry = PolicyRegistry([Path("policies/cn-beijing.yaml")], load_policy)  # doctest: +SKIP
    >>> app = create_app(registry)                                                  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from .errors import ApiError, ContainErrors, install_handlers
from .registry import PolicyRegistry

if TYPE_CHECKING:
    from offboard_policy.decisions.store import DecisionStore

    from .auth import TokenTable

T = TypeVar("T")

STATIC_DIR = Path(__file__).parent / "static"
"""The HR page's files (``index.html`` and its assets), part of the package."""

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one request may ask of the server."""

    max_body: int = 10 * MIB
    """Largest case body (the case file limit of the CLI)."""
    max_batch_body: int = 256 * MIB
    """Largest ``/v1/check/batch`` body."""
    max_batch_lines: int = 100_000
    """Most cases in one batch request."""
    body_timeout: float = 30.0
    """Seconds a client has to send its whole body (408 after)."""
    eval_budget: float = 10.0
    """Seconds one case's evaluation may take, waiting for a worker included (503 after)."""
    workers: int = 4
    """Evaluations that run at once; more requests wait for a worker within the budget."""
    default_lang: Literal["zh", "en"] = "zh"
    """Report language when a request gives no ``lang``."""


@dataclass
class ServiceState:
    """What the routes share: the policies, the decision log, the tokens and the limits."""

    registry: PolicyRegistry
    store: DecisionStore | None
    tokens: TokenTable | None
    limits: Limits
    after_reload: Callable[[], None] | None = None
    """Called after a successful ``/v1/admin/reload`` (to reload sibling processes)."""
    executor: ThreadPoolExecutor = field(init=False)
    slots: asyncio.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=self.limits.workers,
                                           thread_name_prefix="offboard-eval")
        self.slots = asyncio.Semaphore(self.limits.workers)

    async def run(self, fn: Callable[[], T], budget: float | None = None) -> T:
        """Run ``fn`` on a worker thread within ``budget`` seconds (default: the evaluation
        budget; 503 past it).

        A worker slot is held until ``fn`` really ends, so an over-budget evaluation still
        counts against :attr:`Limits.workers` and cannot pile up threads.
        """
        budget = budget or self.limits.eval_budget
        loop = asyncio.get_running_loop()
        deadline = loop.time() + budget
        try:
            await asyncio.wait_for(self.slots.acquire(), budget)
        except TimeoutError:
            raise ApiError(503, f"no evaluation worker free within {budget:g} s",
                           kind="busy", headers={"Retry-After": "1"}) from None
        future = loop.run_in_executor(self.executor, fn)
        future.add_done_callback(lambda _: self.slots.release())
        try:
            return await asyncio.wait_for(asyncio.shield(future),
                                          max(deadline - loop.time(), 0.001))
        except TimeoutError:
            raise ApiError(503, f"the evaluation took longer than its budget of {budget:g} s",
                           kind="budget_exceeded") from None

    async def io(self, fn: Callable[[], T]) -> T:
        """Run blocking I/O (the decision log) on the default thread pool."""
        return await asyncio.get_running_loop().run_in_executor(None, fn)


def state_of(request: Request) -> ServiceState:
    state = request.app.state.service
    assert isinstance(state, ServiceState)
    return state


def create_app(
    registry: PolicyRegistry,
    *,
    store: DecisionStore | None = None,
    tokens: TokenTable | None = None,
    limits: Limits | None = None,
    static_dir: Path | None = STATIC_DIR,
    after_reload: Callable[[], None] | None = None,
) -> FastAPI:
    """The application: API routes under ``/v1``, health at ``/healthz`` and ``/readyz``, the
    HR page at ``/``. ``store`` None means checks are not recorded (a test or a dry run)."""
    from offboard_policy.decisions.model import engine_version

    from . import routes_admin, routes_check, routes_decisions, routes_policies

    app = FastAPI(
        title="offboard-policy",
        version=engine_version(),
        description="Check employee offboarding cases against PRC labour law and company "
                    "policy; every check is recorded in the decision log.",
    )
    app.state.service = ServiceState(registry, store, tokens, limits or Limits(), after_reload)
    install_handlers(app)
    app.add_middleware(ContainErrors)
    for module in (routes_check, routes_policies, routes_decisions, routes_admin):
        app.include_router(module.router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    if static_dir is not None:
        app.mount("/", StaticFiles(directory=static_dir, html=True, check_dir=False),
                  name="page")
    return app


def app_state(app: Any) -> ServiceState:
    """The :class:`ServiceState` of an application made by :func:`create_app`."""
    state = app.state.service
    assert isinstance(state, ServiceState)
    return state


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document plus the schemas it cannot see: the case (a request body read by
    hand, JSON or YAML) and the batch error record (a line of a streamed body)."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    from .models import BatchErrorRecord
    from .routes_policies import case_json_schema

    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    case = case_json_schema("#/components/schemas/case.{model}")
    for name, definition in case.pop("$defs", {}).items():
        components[f"case.{name}"] = definition
    components["Case"] = case
    record = BatchErrorRecord.model_json_schema(ref_template="#/components/schemas/{model}")
    record.pop("$defs", None)
    components["BatchErrorRecord"] = record
    app.openapi_schema = schema
    return schema
