"""Seeded generator of realistic offboarding cases in the input-contract format.

``generate_case(rng)`` returns one case as a plain JSON-ready dict (ISO date strings, decimal
strings for money, ints for counts) that is valid under the case model. The same ``rng`` state
always gives the same case, so a seed and a count name a reproducible stream (``iter_cases``).

The spread is deliberately wide: tenures from a few days to 40 years (pre-2008 hires included),
monthly wages from below the minimum wage to ten times the Beijing cap, every termination
ground, protected statuses, missing or late workflow steps, cities with and without parameter
tables, wage histories with bonus months, overtime and the occasional missing month.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from ._steps import make_non_compete, make_settlement, make_steps

CITIES: tuple[tuple[str, int], ...] = (
    ("beijing", 60), ("shanghai", 10), ("shenzhen", 10), ("hangzhou", 10), ("lanzhou", 10),
)
"""City keys and weights: Beijing has full tables, Shanghai some, Shenzhen/Hangzhou only
minimum wages, Lanzhou none (an unknown city)."""

GROUNDS: tuple[tuple[str, int], ...] = (
    ("resignation", 20), ("resignation_employer_fault", 5),
    ("mutual_agreement_employer_proposed", 12), ("mutual_agreement_employee_proposed", 5),
    ("dismissal_for_cause", 6), ("no_fault_illness", 5), ("no_fault_incompetence", 8),
    ("no_fault_changed_circumstances", 6), ("layoff", 6), ("contract_expiry", 12),
    ("retirement", 3), ("death", 1), ("employer_closure", 3), ("probation_rejection", 3),
)
"""Every ground of the contract, weighted roughly by how often HR sees it."""

EMPLOYER_GROUNDS = frozenset({
    "mutual_agreement_employer_proposed", "dismissal_for_cause", "no_fault_illness",
    "no_fault_incompetence", "no_fault_changed_circumstances", "layoff", "contract_expiry",
    "employer_closure", "probation_rejection",
})
UNILATERAL = frozenset({
    "dismissal_for_cause", "no_fault_illness", "no_fault_incompetence",
    "no_fault_changed_circumstances", "layoff", "probation_rejection",
})
PROTECTED = (
    "pregnancy", "maternity_leave", "nursing_infant", "medical_treatment_period",
    "work_injury_incapacity", "occupational_disease_suspected",
    "occupational_hazard_no_exit_exam",
)
FIRST_TERMINATION = date(2019, 1, 1)
LAST_TERMINATION = date(2026, 12, 31)
MAX_TENURE_DAYS = 40 * 365
CAP_X10 = 471_033  # ten times the Beijing cap (188413 / 4), rounded


def weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    """One key of ``table`` chosen with its weight."""
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def money(value: float | Decimal) -> str:
    """A non-negative amount as a two-decimal string (half-up)."""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(max(amount, Decimal(0)))


def chance(rng: random.Random, p: float) -> bool:
    """True with probability ``p``."""
    return rng.random() < p


def iso(d: date | None) -> str | None:
    """ISO text of a date, or None."""
    return None if d is None else d.isoformat()


def days_before(rng: random.Random, d: date, low: int, high: int) -> date:
    """A date ``low``..``high`` days before ``d``."""
    return d - timedelta(days=rng.randint(low, high))


# -- the employee ---------------------------------------------------------------------------


def termination_date(rng: random.Random) -> date:
    """Mostly 2021-2026 (Beijing has figures), some 2019-2020 (partly without)."""
    span = (LAST_TERMINATION - FIRST_TERMINATION).days
    skew = rng.random() ** 0.6  # lean towards recent dates
    d = FIRST_TERMINATION + timedelta(days=int(skew * span))
    if chance(rng, 0.3):  # month ends are common termination dates
        d = d + relativedelta(day=31)
    return d


def tenure_days(rng: random.Random, ground: str) -> int:
    """Log-uniform, 5 days to 40 years (1 in 10 under 3 months); probation rejections < 6 months."""
    if ground == "probation_rejection":
        return rng.randint(5, 180)
    low, high = (5, 90) if chance(rng, 0.1) else (90, MAX_TENURE_DAYS)
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def base_wage(rng: random.Random) -> float:
    """Monthly gross: mostly 5k-40k, a tail to 10x the cap, a few below the minimum wage."""
    r = rng.random()
    if r < 0.05:
        return rng.uniform(1200, 2600)
    if r < 0.75:
        z = min(max(rng.gauss(0.0, 1.0), -4.0), 4.0)  # hypothesis' randoms can be extreme
        return min(math.exp(math.log(15000) + 0.6 * z), CAP_X10)
    if r < 0.92:
        return math.exp(rng.uniform(math.log(2000), math.log(50000)))
    return math.exp(rng.uniform(math.log(47000), math.log(CAP_X10)))


def wage_history(rng: random.Random, hire: date, end: date) -> list[dict[str, str]]:
    """12 (or 13) months before the termination month, none before the hire month.

    Bonus months, raises and overtime vary by employee; rarely a month is missing.
    """
    base = base_wage(rng)
    overtime_share = rng.choice((0.0, 0.0, 0.05, 0.15)) if chance(rng, 0.4) else 0.0
    bonus_month = rng.choice((12, 1, 6)) if chance(rng, 0.35) else None
    raise_at = rng.randint(1, 12) if chance(rng, 0.3) else 0
    cents = chance(rng, 0.3)
    first = date(end.year, end.month, 1) - relativedelta(months=12)
    hire_month = date(hire.year, hire.month, 1)
    last = date(end.year, end.month, 1) if chance(rng, 0.5) else first + relativedelta(months=11)
    rows: list[dict[str, str]] = []
    month = max(first, hire_month)
    index = 0
    while month <= last:
        gross = base * (1.0 if index >= raise_at else 0.92)
        if month == hire_month and hire.day > 1:  # partial first month
            gross *= (31 - min(hire.day, 30)) / 30
        if bonus_month == month.month:
            gross *= rng.uniform(1.5, 4.0)
        if not cents:
            gross = round(gross, -2) or gross
        overtime = gross * overtime_share * rng.random() if overtime_share else 0.0
        rows.append({"month": f"{month.year:04d}-{month.month:02d}", "gross": money(gross),
                     "overtime": money(overtime) if overtime else "0"})
        month += relativedelta(months=1)
        index += 1
    if len(rows) > 1 and chance(rng, 0.05):
        del rows[rng.randrange(len(rows))]
    if chance(rng, 0.1):
        rng.shuffle(rows)  # order is not part of the contract
    return rows


def employee(rng: random.Random, hire: date, end: date, ground: str) -> dict[str, Any]:
    """The employee section: identity, contract, statuses, wages and leave."""
    age_at_hire = rng.randint(18, 45)
    birth = hire - relativedelta(years=age_at_hire, days=rng.randint(0, 364))
    gender = rng.choice(("male", "female"))
    tenure_years = (end - hire).days / 365
    # nobody works before 16: the prior years fit in the age at hire (with a year to spare)
    prior = min(rng.choice((0, 0, 1, 2, 3, 5, 8, 12)), age_at_hire - 17)
    years = int(tenure_years) + prior
    cumulative: int | str | None = years
    if chance(rng, 0.1):
        cumulative = f"{tenure_years + prior:.1f}"
    elif chance(rng, 0.03):
        cumulative = None
    contract_type = contract_kind(rng, ground, tenure_years)
    start = hire if chance(rng, 0.7) else max(hire, end - relativedelta(years=rng.randint(1, 5)))
    contract_end = None
    if contract_type == "fixed_term":
        contract_end = end if ground == "contract_expiry" else end + relativedelta(
            months=rng.randint(1, 30))
    probation_end = None
    if contract_type != "task_based" and chance(rng, 0.8):
        probation_end = hire + relativedelta(months=rng.choice((1, 2, 3, 6))) - timedelta(days=1)
    statuses: list[str] = []
    if chance(rng, 0.1):
        statuses = sorted(rng.sample(PROTECTED, rng.choice((1, 1, 1, 2))))
    person: dict[str, Any] = {
        "id": f"E{rng.randint(1, 99999):05d}",
        "name": rng.choice(("张三", "李四", "王五", "赵六", "Chen Jing", "刘洋")),
        "birth_date": iso(birth),
        "hire_date": iso(hire),
        "cumulative_work_years": cumulative,
        "position": {"title": rng.choice(("工程师", "会计", "销售经理", "操作工", "HRBP")),
                     "key_position": chance(rng, 0.2), "senior_management": chance(rng, 0.05),
                     "confidentiality_obligation": chance(rng, 0.4)},
        "contract": {"type": contract_type, "start": iso(start), "end": iso(contract_end),
                     "probation_end": iso(probation_end)},
        "protected_statuses": statuses,
        "wages": {"monthly": wage_history(rng, hire, end)},
        "annual_leave": {"taken_days_this_year": leave_taken(rng)},
    }
    if chance(rng, 0.6):
        person["gender"] = gender
        person["retirement_group"] = "male" if gender == "male" else rng.choice(
            ("female_cadre", "female_worker"))
    if chance(rng, 0.03):
        person["annual_leave"]["declined_in_writing"] = True
    return person


def contract_kind(rng: random.Random, ground: str, tenure_years: float) -> str:
    """Fixed-term for expiries; open-ended more likely with long service; rare task/part-time."""
    if ground == "contract_expiry":
        return "fixed_term" if chance(rng, 0.95) else "task_based"
    r = rng.random()
    if r < 0.04:
        return "part_time"
    if r < 0.07:
        return "task_based"
    return "open_ended" if tenure_years >= 10 or chance(rng, 0.4) else "fixed_term"


def leave_taken(rng: random.Random) -> int | str:
    """Days of annual leave taken this year: whole days, sometimes a half day."""
    if chance(rng, 0.1):
        return f"{rng.randint(0, 12)}.5"
    return rng.choice((0, 0, 1, 2, 3, 4, 5, 7, 10, 15))


# -- the termination --------------------------------------------------------------------------


def termination(rng: random.Random, ground: str, hire: date, end: date) -> dict[str, Any]:
    """Ground, notice, union notice, renewal and layoff facts (some missing or late)."""
    by = "employer" if ground in EMPLOYER_GROUNDS else "employee"
    if ground in ("death", "retirement") and chance(rng, 0.5):
        by = rng.choice(("employer", "employee"))
    notice: date | None = None
    r = rng.random()
    if r < 0.45:
        notice = days_before(rng, end, 30, 60)
    elif r < 0.8:
        notice = days_before(rng, end, 0, 29)
    notice = max(notice, hire) if notice is not None else None
    written: bool | None = None
    if notice is not None:
        written = True if chance(rng, 0.85) else rng.choice((False, None))
    union = None
    if ground in UNILATERAL or chance(rng, 0.05):
        r = rng.random()
        if r < 0.75:
            union = days_before(rng, end, 0, 25)
        elif r < 0.85:
            union = end + timedelta(days=rng.randint(1, 10))
    offered = declined = None
    if ground == "contract_expiry":
        offered = rng.choice((True, False, None))
        declined = rng.choice((True, False)) if offered else None
    section: dict[str, Any] = {
        "ground": ground,
        "initiated_by": by if chance(rng, 0.95) else None,
        "notice_date": iso(notice),
        "notice_in_writing": written,
        "last_working_day": iso(end if chance(rng, 0.8) else days_before(rng, end, 1, 10)),
        "termination_date": iso(end),
        "union_notified_on": iso(union),
        "renewal_offered": offered,
        "renewal_declined_by_employee": declined,
        "layoff": None,
    }
    if ground == "layoff":
        workforce = rng.randint(30, 5000)
        section["layoff"] = {
            "headcount": rng.randint(1, max(2, workforce // 5)),
            "workforce": workforce,
            "explained_to_union_on": iso(days_before(rng, end, 10, 60) if chance(rng, 0.8)
                                         else None),
            "reported_to_labor_bureau_on": iso(days_before(rng, end, 0, 30)
                                               if chance(rng, 0.8) else None),
        }
    return section


# -- the case -------------------------------------------------------------------------------


def generate_case(rng: random.Random) -> dict[str, Any]:
    """One realistic case, valid under the input contract, drawn from ``rng``."""
    city = weighted(rng, CITIES)
    ground = weighted(rng, GROUNDS)
    end = termination_date(rng)
    hire = end - timedelta(days=tenure_days(rng, ground))
    person = employee(rng, hire, end, ground)
    section = termination(rng, ground, hire, end)
    case: dict[str, Any] = {
        "case_id": f"GEN-{rng.getrandbits(40):010x}",
        "jurisdiction": {"country": "CN", "city": city},
        "employee": person,
        "termination": section,
        "non_compete": make_non_compete(rng, person),
        "steps": make_steps(rng, end),
        "settlement": make_settlement(rng, person, section),
        "waivers": [],
    }
    if chance(rng, 0.85):
        case["employer"] = {"has_union": chance(rng, 0.85)}
    if chance(rng, 0.05):
        case["waivers"].append({"rule": "INT-exit-interview", "approved_by": "H0001",
                                "reason": "employee unreachable",
                                "expires_on": iso(end + timedelta(days=90))})
    return case


def iter_cases(seed: int, count: int) -> Iterator[dict[str, Any]]:
    """A deterministic stream of ``count`` cases for ``seed``."""
    rng = random.Random(seed)
    for _ in range(count):
        yield generate_case(rng)
