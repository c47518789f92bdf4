"""The case model: one offboarding case as HR exports it (public input contract 1).

Field names are the input contract (``fixtures/cases/contract-example.yaml``); do not rename them.
Every model forbids unknown fields except the top-level ``extra`` (free-form). Validation
checks only shape, type and ranges that make a value meaningless (a negative amount, an
unknown ground); whether the values agree with each other (notice before the last day,
termination after hire) is for the rules to report as findings, not for this model.

Numbers are ``Decimal`` (counts too, so the expression language sees one number type) and
dates ``datetime.date``. Fields marked *extension* are additions to the published contract:
optional, with defaults that mean "not stated".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .fields import Count, IsoDate, Money, Month, NonNegative

Ground = Literal[
    "resignation",
    "resignation_employer_fault",
    "mutual_agreement_employer_proposed",
    "mutual_agreement_employee_proposed",
    "dismissal_for_cause",
    "no_fault_illness",
    "no_fault_incompetence",
    "no_fault_changed_circumstances",
    "layoff",
    "contract_expiry",
    "retirement",
    "death",
    "employer_closure",
    "probation_rejection",
]
InitiatedBy = Literal["employer", "employee"]
ContractType = Literal["fixed_term", "open_ended", "task_based", "part_time"]
ProtectedStatus = Literal[
    "pregnancy",
    "maternity_leave",
    "nursing_infant",
    "medical_treatment_period",
    "work_injury_incapacity",
    "occupational_disease_suspected",
    "occupational_hazard_no_exit_exam",
]
Gender = Literal["male", "female"]
RetirementGroup = Literal["male", "female_cadre", "female_worker"]
Country = Literal["CN"]

ENUM_NAMES: dict[Any, str] = {
    Ground: "ground",
    InitiatedBy: "initiated_by",
    ContractType: "contract_type",
    ProtectedStatus: "protected_status",
    Gender: "gender",
    RetirementGroup: "retirement_group",
    Country: "country",
}
"""Names of the enum types as the expression language shows them."""

CITY_PATTERN = r"^[a-z][a-z_-]*$"


def _disability_grade(value: Decimal) -> Decimal:
    """A work-injury disability grade: a whole number from 1 (most severe) to 10."""
    if not 1 <= value <= 10:
        raise PydanticCustomError(
            "op_disability_grade", "a disability grade is a whole number from 1 to 10")
    return value


DisabilityGrade = Annotated[Count, AfterValidator(_disability_grade)]
"""Work-injury disability grade (伤残等级) 1..10, kept as Decimal like every case number."""


class Section(BaseModel):
    """Base of every part of the case: strict types, unknown fields refused, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# -- jurisdiction, employer -----------------------------------------------------------------


class Jurisdiction(Section):
    """Where the employment is: selects the city parameter tables."""

    country: Country = "CN"
    city: str = Field(pattern=CITY_PATTERN)
    """Lowercase pinyin city key (``beijing``, ``shanghai``); not normalised: write it so."""


class Employer(Section):
    """*Extension*: facts about the employer."""

    has_union: bool | None = None
    """Whether a trade union exists (Art. 43: notify it before a unilateral termination)."""


# -- employee -------------------------------------------------------------------------------


class Position(Section):
    """The employee's role."""

    title: str | None = None
    key_position: bool = False
    senior_management: bool = False
    confidentiality_obligation: bool = False
    senior_technical: bool = False
    """*Extension*: senior technical staff (Art. 24: may be bound by a non-compete)."""
    job_family: str | None = None
    """*Extension*: the company's job family code (``product``, ``engineering``...), for
    company rules that differ by role (e.g. product managers upload customer lists)."""


class Contract(Section):
    """The labor contract in force."""

    type: ContractType | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    probation_end: IsoDate | None = None
    signed_on: IsoDate | None = None
    """*Extension*: when the written contract was signed (Art. 82: double wages if late)."""
    consecutive_fixed_terms: Count | None = None
    """*Extension*: fixed-term contracts concluded in a row (Art. 14: the third is open-ended)."""
    social_insurance_waiver: bool | None = None
    """*Extension*: the contract (or a side agreement, or the employee's written promise) says
    the employer need not pay social-insurance contributions. Void (SPC2 Art. 19)."""
    other_penalty_clause: bool | None = None
    """*Extension*: the contract makes the employee pay a penalty (违约金) for something other
    than breaking a training service period (LCL Art. 22) or a non-compete (Art. 23), e.g. for
    resigning early or without notice. Such a clause is unlawful (LCL Art. 25)."""


class WageMonth(Section):
    """One month's wage: gross includes bonuses, allowances and overtime."""

    month: Month
    gross: Money
    overtime: Money = Decimal(0)
    """The overtime part of ``gross`` (some bases exclude it)."""

    @model_validator(mode="after")
    def _overtime_within_gross(self) -> WageMonth:
        # A part larger than its whole would make wage bases (gross - overtime) negative.
        if self.overtime > self.gross:
            raise PydanticCustomError(
                "op_overtime_over_gross", "overtime is the part of gross paid for overtime, "
                "so it cannot exceed gross ({overtime} > {gross})",
                {"overtime": str(self.overtime), "gross": str(self.gross)})
        return self


class Wages(Section):
    """Wage history before termination (12 months are enough)."""

    monthly: list[WageMonth] = []


class AnnualLeave(Section):
    """Statutory annual leave in the year of departure."""

    taken_days_this_year: NonNegative = Decimal(0)
    declined_in_writing: bool = False
    """*Extension*: the employee declined leave in writing (no 300% pay for untaken days)."""
    carried_over_days: NonNegative = Decimal(0)
    """*Extension*: days carried over from the previous year."""


class ServicePeriod(Section):
    """*Extension*: a service period agreed in return for paid professional training (服务期,
    LCL Art. 22). Dates are inclusive: ``start`` is the first and ``end`` the last day of the
    agreed period."""

    start: IsoDate | None = None
    """First day of the service period."""
    end: IsoDate | None = None
    """Last day of the service period."""
    training_cost: Money | None = None
    """Training costs the employer paid (LCLR Art. 16): documented fees, travel during the
    training and other direct costs for this employee."""
    agreed_penalty: Money | None = None
    """The penalty (违约金) the agreement sets for breaking the service period."""
    penalty_claimed: Money | None = None
    """The penalty the employer claims (or deducts) on this exit; absent or 0: none claimed."""


class Employee(Section):
    """The departing employee."""

    id: str | None = None
    name: str | None = None
    birth_date: IsoDate | None = None
    hire_date: IsoDate
    cumulative_work_years: NonNegative | None = None
    gender: Gender | None = None
    """*Extension*: ``male`` or ``female``."""
    retirement_group: RetirementGroup | None = None
    """*Extension*: statutory base retirement age group: male 60, female cadre 55, female
    worker 50."""
    position: Position = Position()
    contract: Contract = Contract()
    protected_statuses: list[ProtectedStatus] = []
    wages: Wages = Wages()
    annual_leave: AnnualLeave = AnnualLeave()
    service_period: ServicePeriod | None = None
    """*Extension*: a training service period (LCL Art. 22); absent: none agreed."""
    transferred_service_start: IsoDate | None = None
    """*Extension*: start of service with a previous employer that counts as service with this
    one (LCLR Art. 10, SPC1 Art. 46): the employee was moved here not for his or her own reasons
    (same workplace under a new employer, secondment or appointment, merger or division,
    affiliates taking turns to sign) and the previous employer paid no economic compensation.
    Leave it empty otherwise. Counts for the Art. 47 years of N and 2N only."""
    work_injury_disability_grade: DisabilityGrade | None = None
    """*Extension*: the assessed work-injury disability grade (伤残等级), 1 (most severe) to 10,
    for an injury or occupational disease at this employer (WIR Arts. 35-37)."""
    sick_leave_start: IsoDate | None = None
    """*Extension*: first day of the sick leave for the current illness or non-work injury, from
    which the medical period (医疗期, MED Arts. 3-4) runs; empty if the employee is not on (or
    returning from) such sick leave."""


# -- termination ----------------------------------------------------------------------------


class Layoff(Section):
    """*Extension* (named in the contract's comment): a mass layoff under Art. 41."""

    headcount: Count
    workforce: Count
    explained_to_union_on: IsoDate | None = None
    reported_to_labor_bureau_on: IsoDate | None = None


class Termination(Section):
    """How and when the employment ends."""

    ground: Ground
    initiated_by: InitiatedBy | None = None
    notice_date: IsoDate | None = None
    notice_in_writing: bool | None = None
    last_working_day: IsoDate | None = None
    termination_date: IsoDate
    union_notified_on: IsoDate | None = None
    renewal_offered: bool | None = None
    renewal_declined_by_employee: bool | None = None
    layoff: Layoff | None = None
    reason_explained: bool | None = None
    """*Extension*: the reasons were explained to the employee (Art. 21, probation)."""
    dispute_pending: bool | None = None
    """*Extension*: a labour dispute (complaint, mediation, arbitration) about this
    employment is pending; a trigger of the company's legal review."""


class NonCompete(Section):
    """A post-employment non-compete agreement (Art. 23-24)."""

    agreed: bool = False
    duration_months: Count | None = None
    monthly_compensation: Money | None = None
    had_access_to_trade_secrets: bool | None = None
    """*Extension*: the employee had access to trade secrets."""


# -- steps ----------------------------------------------------------------------------------


class Approval(Section):
    """One sign-off in the offboarding workflow."""

    role: str
    by: str
    on: IsoDate | None = None


class HandoverDocument(Section):
    """*Extension*: a document handed over (uploaded to the company's system)."""

    kind: str
    """Company code, e.g. ``project_documents``, ``requirement_specs``, ``customer_list``."""
    uploaded_on: IsoDate | None = None


class HandoverTask(Section):
    """*Extension*: a handover task generated for a person responsible."""

    id: str
    assignee: str | None = None
    completed_on: IsoDate | None = None


class Handover(Section):
    """Handover of work to a successor."""

    successor: str | None = None
    items: Count | None = None
    signed_by_successor_on: IsoDate | None = None
    signed_by_supervisor_on: IsoDate | None = None
    """The (technical) supervisor's signature on the handover list."""
    documents_archived: bool | None = None
    started_on: IsoDate | None = None
    """*Extension*: when the handover started (a target counts working days from it)."""
    checklist_complete: bool | None = None
    """*Extension*: every item of the handover checklist is done."""
    signed_by_hr_on: IsoDate | None = None
    """*Extension*: HR's signature (with the supervisor's: the dual sign-off for key posts)."""
    documents: list[HandoverDocument] = []
    """*Extension*: documents handed over."""
    tasks: list[HandoverTask] = []
    """*Extension*: handover tasks and who is responsible for each."""


class Asset(Section):
    """Company property to be returned."""

    id: str
    kind: str | None = None
    returned_on: IsoDate | None = None


class Account(Section):
    """A system account to be revoked."""

    system: str
    revoked_on: IsoDate | None = None


class ExitInterview(Section):
    """The exit interview."""

    held_on: IsoDate | None = None
    declined: bool = False
    feedback_recorded: bool | None = None
    """*Extension*: the interview's feedback is recorded for analysis."""


class LegalReview(Section):
    """Review of the termination by legal."""

    reviewer: str | None = None
    approved_on: IsoDate | None = None


class Steps(Section):
    """The offboarding workflow and its dates."""

    approvals: list[Approval] = []
    handover: Handover = Handover()
    assets: list[Asset] = []
    accounts: list[Account] = []
    exit_interview: ExitInterview = ExitInterview()
    legal_review: LegalReview = LegalReview()
    termination_certificate_issued_on: IsoDate | None = None
    file_and_social_insurance_transferred_on: IsoDate | None = None
    unemployment_reported_on: IsoDate | None = None
    """*Extension*: unemployment registration reported for the employee."""
    records_archived_on: IsoDate | None = None
    """*Extension*: the termination records were filed (LCL Art. 50: kept two years)."""


# -- settlement, waivers --------------------------------------------------------------------


class OtherPayment(Section):
    """*Extension*: a proposed payment outside the standard settlement lines."""

    id: str
    amount: Money
    description: str | None = None


class Settlement(Section):
    """What HR proposes to pay (the checker computes what is required)."""

    economic_compensation: Money | None = None
    notice_pay_in_lieu: Money | None = None
    annual_leave_payout: Money | None = None
    final_wages: Money | None = None
    final_wages_paid_on: IsoDate | None = None
    compensation_paid_on: IsoDate | None = None
    other: list[OtherPayment] = []


class Waiver(Section):
    """An approved deviation from one check on this case."""

    rule: str
    approved_by: str
    reason: str
    expires_on: IsoDate | None = None


class Case(Section):
    """One offboarding case: the input of ``offboard-policy check``."""

    case_id: str = Field(min_length=1)
    jurisdiction: Jurisdiction
    employer: Employer = Employer()
    employee: Employee
    termination: Termination
    non_compete: NonCompete = NonCompete()
    steps: Steps = Steps()
    settlement: Settlement = Settlement()
    waivers: list[Waiver] = []
    extra: dict[str, Any] = {}
    """Free-form data for company rules; the only place unknown keys are accepted."""


MODELS: tuple[type[Section], ...] = (
    Case,
    Jurisdiction,
    Employer,
    Employee,
    Position,
    Contract,
    ServicePeriod,
    WageMonth,
    Wages,
    AnnualLeave,
    Termination,
    Layoff,
    NonCompete,
    Steps,
    Approval,
    Handover,
    HandoverDocument,
    HandoverTask,
    Asset,
    Account,
    ExitInterview,
    LegalReview,
    Settlement,
    OtherPayment,
    Waiver,
)
"""Every model of the case, for introspection and tests."""

__all__ = ["MODELS", "Case", "date"]
