"""The HTTP API's request and response bodies as pydantic models: they make ``/openapi.json``.

The report model describes what :func:`offboard_policy.render.json.render_json` writes (the
report contract and its extensions); the server sends that renderer's bytes, not a
re-serialisation of these models, so the API and ``check --format json`` cannot drift apart.
A test validates every fixture report against :class:`ReportModel`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Money = str
"""An amount: a decimal string with two places ("90000.00")."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PolicyRef(_Strict):
    id: str
    version: str
    digest: str = Field(description="sha256 of the policy's content: 'sha256:...'")


class WaiverRef(_Strict):
    approved_by: str
    reason: str
    expires_on: str | None


class FindingModel(_Strict):
    rule: str
    severity: Literal["blocking", "warning", "info"]
    status: Literal["violation", "incomplete", "waived"]
    message: str
    citation: str
    fields: list[str]
    hint: str | None
    exposure: Money | None
    title: str | None
    waiver: WaiverRef | None
    source: str | None


class SettlementLineModel(_Strict):
    id: str
    required: Money | None
    proposed: Money
    shortfall: Money | None
    due: str | None
    citation: str | None
    basis: str | None


class SettlementModel(_Strict):
    currency: str
    lines: list[SettlementLineModel]
    total_required: Money | None
    total_proposed: Money


class TraceModel(_Strict):
    value: str
    result: Any = Field(description="The derived value: a string, number, date or list.")
    formula: str
    inputs: dict[str, Any]
    citation: str | None


class ParameterModel(_Strict):
    name: str
    value: Any
    effective_from: str | None
    city: str | None
    source: str | None
    approximate: bool


class DeviationModel(_Strict):
    rule: str
    reason: str
    approved_by: str
    approved_on: str | None
    policy: str | None


class WaiverModel(_Strict):
    rule: str
    approved_by: str
    reason: str
    expires_on: str | None


class NoticeModel(_Strict):
    code: str
    message: str
    hint: str | None


class ReportModel(_Strict):
    """The report contract (``check --format json``) with its extensions."""

    schema_version: str
    case_id: str
    verdict: Literal["ready", "blocked"]
    policy: PolicyRef
    as_of: str
    findings: list[FindingModel]
    settlement: SettlementModel
    trace: list[TraceModel]
    case_digest: str | None
    parameters: list[ParameterModel]
    deviations: list[DeviationModel]
    waivers: list[WaiverModel]
    notices: list[NoticeModel] | None = Field(
        default=None, description="What the policy says about itself (a stale approval "
        "record), only when there is something.")


class DiagnosticModel(BaseModel):
    """One problem in the input, as the CLI prints it: where (file, line, column, field
    path) and what (message and stable OPxxx code)."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None


class ErrorModel(BaseModel):
    """Every error response: a short kind, a sentence, and the input diagnostics if any."""

    error: str = Field(description="bad_request, invalid_case, unauthorized, forbidden, "
                       "not_found, too_large, timeout, busy, internal...")
    message: str
    diagnostics: list[DiagnosticModel] = Field(default_factory=list)
    policies: list[str] | None = Field(
        default=None, description="For an unknown policy id: the ids this server knows.")


class BatchErrorRecord(BaseModel):
    """A batch line that could not be checked (the same record as the CLI's batch output)."""

    case: str = Field(description="'body:LINE', the line of the request body")
    error: list[DiagnosticModel]


class PolicySummary(BaseModel):
    id: str
    version: str
    digest: str
    title: dict[str, str] | None
    approved: bool = Field(description="The policy's approval record matches its content.")
    warnings: list[str]


class PolicyList(BaseModel):
    policies: list[PolicySummary]
    loaded_at: str
    generation: int


class RuleModel(BaseModel):
    id: str
    severity: str
    citation: str
    title: dict[str, str] | None
    source: str | None


class SettlementLineDef(BaseModel):
    id: str
    citation: str | None


class ParameterInForce(BaseModel):
    name: str
    value: Any
    effective_from: str | None
    city: str | None
    source: str | None


class PolicyDetail(PolicySummary):
    path: str
    rules: list[RuleModel]
    settlement_lines: list[SettlementLineDef]
    parameters: list[ParameterInForce] = Field(description="Each parameter's value in force "
                                               "today (or at ?as_of=).")
    deviations: list[DeviationModel]


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready"]
    policies: int
    database: str


class ReloadResult(BaseModel):
    status: Literal["reloaded"]
    policies: list[PolicySummary]
    generation: int


class DecisionSummary(BaseModel):
    id: str
    recorded_at: str
    who: str
    case_id: str
    case_digest: str | None
    policy_id: str
    policy_version: str
    policy_digest: str
    engine_version: str
    as_of: str
    lang: Literal["zh", "en"]
    verdict: Literal["ready", "blocked"]
    total_required: Money | None
    total_proposed: Money
    source: str


class DecisionDetail(DecisionSummary):
    case: dict[str, Any]
    report: ReportModel


class DecisionList(BaseModel):
    decisions: list[DecisionSummary]


class CaseSchemaDocument(BaseModel):
    """A JSON Schema document (draft 2020-12) describing the case input contract."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    title: str
    description: str | None = None
    type: Literal["object"]
    properties: dict[str, Any]
    required: list[str]
    additionalProperties: bool | None = None  # the JSON Schema keyword
    defs: dict[str, Any] = Field(alias="$defs", description="The sections' schemas.")
