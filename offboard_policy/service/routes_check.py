"""``POST /v1/check`` (one case) and ``POST /v1/check/batch`` (JSONL in, JSONL out).

The single check answers with :func:`~offboard_policy.render.json.render_json`'s text, the
renderer ``check --format json`` prints, so the bytes are the CLI's. Each report is recorded
in the decision log before its response (or its batch line) is sent: a caller that has the
answer can rely on the record being there. The decision's id is in ``X-Decision-Id``.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from offboard_policy import codes
from offboard_policy.engine import BudgetExceeded, evaluate
from offboard_policy.errors import InputError, YamlError
from offboard_policy.report.model import Lang, Report

from .app import ServiceState, state_of
from .auth import Principal, may_check
from .batch import OP_BUDGET, BatchChecker
from .body import media_type, read_body
from .errors import ApiError
from .models import ErrorModel, ReportModel
from .registry import PolicyEntry

router = APIRouter(tags=["check"])

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
JSON_TYPES = ("application/json", "text/json")
BODY_NAME = "request body"
"""How the case is named in diagnostics, where the CLI names the case file."""
BATCH_CHUNK = 64
"""Batch lines evaluated, recorded (one transaction) and sent together."""

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorModel, "description": text} for code, text in (
        (400, "The body is not JSON / YAML (diagnostics name line and column)."),
        (401, "No or unknown Bearer token."),
        (403, "The token's role may not check."),
        (404, "Unknown policy id (the body lists the known ids)."),
        (408, "The body did not arrive in time."),
        (413, "The body is larger than the limit."),
        (415, "The Content-Type is neither JSON nor YAML."),
        (422, "The case breaks the input contract (diagnostics with field paths)."),
        (503, "No worker free, or the evaluation budget ran out."),
    )
}

_CASE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Case"}},
        "application/yaml": {"schema": {"$ref": "#/components/schemas/Case"}},
    },
}


@dataclass(frozen=True)
class Checked:
    """One evaluated case: the report, its rendering, and the case as sent (JSON text)."""

    report: Report
    text: str
    case_json: str


def policy_entry(state: ServiceState, policy_id: str) -> PolicyEntry:
    """The policy of the current set, or 404 naming the ids that exist."""
    current = state.registry.current
    entry = current.get(policy_id)
    if entry is None:
        ids = current.ids
        raise ApiError(404, f"unknown policy '{policy_id}'; this server has: {', '.join(ids)}",
                       policies=ids)
    return entry


def evaluate_one(entry: PolicyEntry, raw: bytes, *, yaml: bool, lang: Lang,
                 as_of: date | None, deadline: float | None = None) -> Checked:
    """Parse, validate, evaluate and render one case body (on a worker thread)."""
    from offboard_policy.case.load import read_case_bytes
    from offboard_policy.decisions.model import case_to_json
    from offboard_policy.render.json import render_json

    try:
        case, data = read_case_bytes(raw, display=BODY_NAME, yaml=yaml)
    except InputError as exc:
        syntax = isinstance(exc, YamlError) or any(d.code == codes.CASE_JSON
                                                   for d in exc.diagnostics)
        status = 400 if syntax else 422
        what = "is not valid YAML" if yaml else "is not valid JSON"
        raise ApiError(status, f"the case {what}" if status == 400
                       else "the case does not follow the input contract",
                       diagnostics=exc.diagnostics,
                       kind="bad_request" if status == 400 else "invalid_case") from None
    try:
        report = evaluate(entry.policy, case, as_of=as_of, deadline=deadline)
    except BudgetExceeded as exc:
        raise budget_error(exc) from None
    return Checked(report, render_json(report, lang), case_to_json(data))


def budget_error(exc: BudgetExceeded) -> ApiError:
    return ApiError(503, f"the evaluation ran past its budget ({exc})", kind="budget_exceeded")


@router.post(
    "/v1/check",
    summary="Check one case",
    description="The body is one case (the input contract) as JSON, or YAML with "
                "`Content-Type: application/yaml`. The answer is the report contract, the "
                "same bytes as `offboard-policy check CASE --policy P --format json`; the "
                "decision is recorded before the answer is sent (`X-Decision-Id`).",
    response_class=Response,
    responses={200: {"model": ReportModel, "description": "The report.",
                     "headers": {"X-Decision-Id": {"schema": {"type": "string"},
                                 "description": "Id of the recorded decision."}}},
               **_ERRORS},
    openapi_extra={"requestBody": _CASE_BODY},
)
async def check(
    request: Request,
    policy: str = Query(description="Policy id (see GET /v1/policies)."),
    lang: Literal["zh", "en"] | None = Query(None, description="Report language; default: "
                                              "the server's (like the CLI's --lang)."),
    as_of: date | None = Query(None, description="Evaluate as of YYYY-MM-DD; default: the "
                               "case's termination date."),
    principal: Principal = Depends(may_check),
) -> Response:
    state = state_of(request)
    entry = policy_entry(state, policy)
    kind = media_type(request)
    if kind not in YAML_TYPES + JSON_TYPES:
        raise ApiError(415, f"Content-Type '{kind}' is not accepted: send the case as "
                       "application/json or application/yaml")
    raw = await read_body(request, state.limits.max_body, state.limits.body_timeout)
    language: Lang = lang or state.limits.default_lang
    deadline = time.monotonic() + state.limits.eval_budget
    checked = await state.run(lambda: evaluate_one(entry, raw, yaml=kind in YAML_TYPES,
                                                   lang=language, as_of=as_of,
                                                   deadline=deadline))
    headers = {}
    if state.store is not None:
        decision = decision_for(state, entry, checked, principal, language, "api")
        store = state.store
        await state.io(lambda: store.record([decision]))
        headers = {"X-Decision-Id": decision.id,
                   "Location": f"/v1/decisions/{decision.id}"}
    return Response(checked.text, media_type="application/json", headers=headers)


def decision_for(state: ServiceState, entry: PolicyEntry, checked: Checked,
                 principal: Principal, lang: Lang, source: str) -> Any:
    from offboard_policy.decisions.model import engine_version, make_decision

    return make_decision(checked.report, checked.text, checked.case_json, who=principal.name,
                         source=source, lang=lang, policy_path=str(entry.path),
                         engine_version=engine_version())


@router.post(
    "/v1/check/batch",
    summary="Check many cases (JSONL)",
    description="The body has one case per line (JSON, as in `check cases.jsonl`); the answer "
                "is streamed, one line per input line in order: a compact report, or an error "
                "record `{\"case\": \"body:LINE\", \"error\": [...]}`. Each report is recorded "
                "before its line is sent.",
    response_class=StreamingResponse,
    responses={200: {"description": "One JSON object per line (application/x-ndjson).",
                     "content": {"application/x-ndjson": {"schema": {
                         "anyOf": [{"$ref": "#/components/schemas/ReportModel"},
                                   {"$ref": "#/components/schemas/BatchErrorRecord"}]}}}},
               **_ERRORS},
    openapi_extra={"requestBody": {"required": True, "content": {"application/x-ndjson": {
        "schema": {"type": "string", "description": "One case (JSON object) per line."}}}}},
)
async def check_batch(
    request: Request,
    policy: str = Query(description="Policy id (see GET /v1/policies)."),
    lang: Literal["zh", "en"] | None = Query(None, description="Report language."),
    as_of: date | None = Query(None, description="Evaluate as of YYYY-MM-DD."),
    trace: bool = Query(False, description="Include the trace of derived values (off by "
                        "default, as for a batch in the CLI: check --trace)."),
    principal: Principal = Depends(may_check),
) -> StreamingResponse:
    state = state_of(request)
    entry = policy_entry(state, policy)
    raw = await read_body(request, state.limits.max_batch_body, state.limits.body_timeout)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the body is not UTF-8 (byte {exc.start})") from None
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) > state.limits.max_batch_lines:
        raise ApiError(413, f"{len(lines):,} lines: a batch may have at most "
                       f"{state.limits.max_batch_lines:,}; split it", kind="too_many_lines")
    language: Lang = lang or state.limits.default_lang
    return StreamingResponse(
        _batch_stream(state, entry, lines, principal, language, as_of, trace),
        media_type="application/x-ndjson")


async def _batch_stream(state: ServiceState, entry: PolicyEntry, lines: list[str],
                        principal: Principal, lang: Lang, as_of: date | None,
                        trace: bool) -> AsyncIterator[bytes]:

    checker = BatchChecker(entry, lang=lang, as_of=as_of, trace=trace, who=principal.name,
                           budget=state.limits.eval_budget)
    for start in range(0, len(lines), BATCH_CHUNK):
        chunk = lines[start:start + BATCH_CHUNK]
        try:  # each case has its own deadline; this bounds the chunk as a whole
            results = await state.run(partial(checker.check_chunk, chunk, start + 1),
                                      budget=state.limits.eval_budget * (len(chunk) + 1))
        except ApiError as exc:  # the answer has started: say why it ends here
            yield (json.dumps({"case": f"body:{start + 1}", "error": [
                {"code": OP_BUDGET, "message": exc.message, "file": "body",
                 "line": start + 1, "column": None, "field": None}]}) + "\n").encode()
            return
        decisions = [d for _, d in results if d is not None]
        if state.store is not None and decisions:
            await state.io(partial(state.store.record, decisions))
        yield "".join(text for text, _ in results).encode("utf-8")

