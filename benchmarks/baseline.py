"""Hand-written baseline: the Beijing statutory settlement lines and checks in plain Python.

Written directly from the law (docs/law/: the instruments, articles and the project defaults
for the open questions), independently of the rule files. It serves twice: as the speed reference
for the engine (``benchmarks/run.py``) and as the second implementation of the differential test
(``tests/perf/test_differential.py``).

Input: a case dict in the contract format, already parsed (dates as ``datetime.date``, money as
``Decimal``, wage months as ``date`` of the first day or ``"YYYY-MM"``); ``prepare`` converts a
raw contract dict (ISO strings, decimal strings) into that form. Output: a ``Result`` with the
required amount of each statutory settlement line (``None`` when data or a parameter it needs is
missing) and the statutory findings that are present, each with its status.

Team decisions followed (the rule files follow the same ones):
- service counts inclusive of the last day: the exclusive end is termination_date + 1 day;
- Art. 47 months = full years by anniversary (relativedelta) + 1 if the remainder >= 6 months,
  + 0.5 if 0 < remainder < 6 months;
- N base window = the 12 calendar months before the termination month, none before the hire
  month, partial months in full; a window month missing from the wages -> not computable;
  overtime included; floor at the minimum wage; cap = 3 x local average (annual / 4); the
  12-year limit only when the cap bites (average strictly above it, LCL-47 "高于");
- pre-2008 service (LCL-97, README Q6): only for grounds compensable before 2008; each full or
  part year = 1 month; 12-month limit for employer-proposed agreement and incompetence; no cap;
- pay in lieu (LCL-40, LCLR-20, README Q3/Q4): Art. 40 grounds only, when written notice was not
  given >= 30 days before (CC 201: notice on D suffices if termination >= D + 30); amount = gross
  of the calendar month before the termination month;
- unused leave (ALM-12, README Q14): entitlement 0/5/10/15 by cumulative work years; elapsed days
  from max(1 Jan, hire date) to the termination date inclusive; days = floor(min(elapsed x
  entitlement / 365, entitlement) - taken), never negative; x daily wage (window average
  excluding overtime / 21.75) x 2.
Contract extensions read: ``employer.has_union`` (false: no union to notify, LCL-43),
``annual_leave.declined_in_writing`` (no extra leave pay, ALM-10 para 2), ``birth_date`` with
``retirement_group`` or ``gender`` (LCL-42(5), retirement dates of digest 11.6 from 2025-01-01).
Each amount is computed exactly (multiply before dividing, one division) and rounded once,
half-up to 0.01.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from .baseline_input import prepare
from .baseline_params import ANNUAL_AVERAGE_WAGE, MINIMUM_WAGE, lookup, retirement_date

LCL_START = date(2008, 1, 1)
NOTICE_DAYS = 30
PROBATION_RESIGNATION_NOTICE_DAYS = 3
DAILY_WAGE_DIVISOR = Decimal("21.75")
LEAVE_EXTRA_RATE = 2
CENT = Decimal("0.01")
ZERO = Decimal(0)
_CTX = Context(prec=50)

# --- termination grounds --------------------------------------------------------------------

ART40_GROUNDS = frozenset(
    {"no_fault_illness", "no_fault_incompetence", "no_fault_changed_circumstances"}
)
EMPLOYER_UNILATERAL = ART40_GROUNDS | {"dismissal_for_cause", "layoff", "probation_rejection"}
"""LCL-43: unilateral termination by the employer (Arts. 39, 40, 41; probation via 39(1))."""
N_GROUNDS = ART40_GROUNDS | {
    "resignation_employer_fault",          # 46(1)
    "mutual_agreement_employer_proposed",  # 46(2)
    "layoff",                              # 46(4)
    "employer_closure",                    # 46(6)
}
"""LCL-46 grounds that always owe N (contract expiry is decided separately, 46(5))."""
PRE2008_GROUNDS = ART40_GROUNDS | {
    "resignation_employer_fault", "mutual_agreement_employer_proposed", "layoff",
}
"""Grounds compensable under the pre-2008 rules (LL 24/26/27, C481, SPC2001-15)."""
PRE2008_12_MONTH_LIMIT = frozenset({"mutual_agreement_employer_proposed", "no_fault_incompetence"})
"""C481 Arts. 5 and 7: at most 12 months for the pre-2008 segment."""

# Finding keys (the presence of each is compared with the engine's findings).
F_NOTICE_OR_PAY = "notice_or_pay_in_lieu"      # LCL-40 / LCLR-20
F_PROTECTED = "protected_employee"             # LCL-42
F_UNION = "union_notice"                       # LCL-43
F_RESIGNATION_NOTICE = "resignation_notice"    # LCL-37
LINES = ("economic_compensation", "notice_pay_in_lieu", "annual_leave_payout")


@dataclass
class Result:
    """Required amounts per settlement line and the statutory findings present."""

    amounts: dict[str, Decimal | None]
    findings: dict[str, str] = field(default_factory=dict)  # key -> "violation" | "incomplete"


# --- small helpers ---------------------------------------------------------------------------


def _money(exact: Decimal) -> Decimal:
    """Half-up to the fen, once, at the end."""
    return exact.quantize(CENT, rounding=ROUND_HALF_UP, context=_CTX)


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _wage_index(case: dict[str, Any]) -> dict[int, tuple[Decimal, Decimal]]:
    """Month index -> (gross, overtime) from employee.wages.monthly."""
    out: dict[int, tuple[Decimal, Decimal]] = {}
    for row in case["employee"].get("wages", {}).get("monthly") or ():
        month = row["month"]
        if isinstance(month, str):
            idx = int(month[:4]) * 12 + int(month[5:7]) - 1
        else:
            idx = _month_index(month)
        out[idx] = (row["gross"], row.get("overtime") or ZERO)
    return out


def wage_window(case: dict[str, Any]) -> tuple[int, Decimal, Decimal] | None:
    """(months, sum of gross, sum of gross without overtime) over the N base window (Q1).

    The window is the 12 calendar months before the termination month, none before the hire
    month. Hired in the termination month, that month is the only month worked (LCLR-27,
    ALM-11: "按照实际工作的月数"). None if a window month is missing from the wages.
    """
    term = _month_index(case["termination"]["termination_date"])
    first = max(term - 12, _month_index(case["employee"]["hire_date"]))
    if first >= term:
        first = term
        term += 1
    wages = _wage_index(case)
    gross = excl = ZERO
    for idx in range(first, term):
        row = wages.get(idx)
        if row is None:
            return None
        gross += row[0]
        excl += row[0] - row[1]
    return term - first, gross, excl


def service_months(start: date, end_exclusive: date) -> Decimal:
    """LCL-47 months: full years + 1 (remainder >= 6 months) or + 0.5 (0 < remainder < 6)."""
    if end_exclusive <= start:
        return ZERO
    rd = relativedelta(end_exclusive, start)
    months = Decimal(rd.years)
    if rd.months >= 6:
        months += 1
    elif rd.months or rd.days:
        months += Decimal("0.5")
    return months


def pre2008_months(hire: date, ground: str) -> int:
    """Pre-2008 segment (README Q6): each full or part year = 1 month; C481 12-month limits."""
    if hire >= LCL_START or ground not in PRE2008_GROUNDS:
        return 0
    rd = relativedelta(LCL_START, hire)
    months = rd.years + (1 if rd.months or rd.days else 0)
    if ground in PRE2008_12_MONTH_LIMIT:
        months = min(months, 12)
    return months


# --- settlement lines ------------------------------------------------------------------------


def compensation_owed(case: dict[str, Any]) -> bool:
    """LCL-46 decision table (with LCL-71: no N for part-time work; LCLR-22: a task-based
    contract ending on completion owes N, whatever renewal was offered)."""
    if case["employee"]["contract"]["type"] == "part_time":
        return False
    term = case["termination"]
    ground = term["ground"]
    if ground in N_GROUNDS:
        return True
    if ground == "contract_expiry":
        if case["employee"]["contract"]["type"] == "task_based":
            return True
        return not (term.get("renewal_offered") and term.get("renewal_declined_by_employee"))
    return False


def economic_compensation(case: dict[str, Any], window: tuple[int, Decimal, Decimal] | None
                          ) -> Decimal | None:
    """N (LCL-46/47/97), exact then rounded; 0.00 when not owed; None if not computable."""
    if not compensation_owed(case):
        return CENT * 0
    if window is None:
        return None
    term = case["termination"]
    on = term["termination_date"]
    city = case["jurisdiction"]["city"]
    annual = lookup(ANNUAL_AVERAGE_WAGE, city, on)
    minimum = lookup(MINIMUM_WAGE, city, on)
    if annual is None or minimum is None:
        return None
    k, gross, _ = window
    hire = case["employee"]["hire_date"]
    post = service_months(max(hire, LCL_START), on + timedelta(days=1))
    pre = pre2008_months(hire, term["ground"])
    cap = _CTX.divide(annual, 4)                       # 3 x annual / 12, exact
    if gross < minimum * k:                            # LCLR-27 floor
        gross = minimum * k
    if gross > cap * k:                                # LCL-47 para 2: cap and 12-year limit
        exact = _CTX.divide(gross * pre + cap * min(post, Decimal(12)) * k, k)
    else:
        exact = _CTX.divide(gross * (pre + post), k)
    return _money(exact)


def notice_given(case: dict[str, Any], days: int, written: bool = True) -> bool:
    """Notice given on D counts ``days`` days if the termination date >= D + days (CC 201)."""
    term = case["termination"]
    notice = term.get("notice_date")
    if notice is None or (written and term.get("notice_in_writing") is not True):
        return False
    return bool(term["termination_date"] >= notice + timedelta(days=days))


def pay_in_lieu(case: dict[str, Any]) -> Decimal | None:
    """LCL-40 / LCLR-20: previous calendar month's gross when 30 days' written notice is lacking."""
    if (case["termination"]["ground"] not in ART40_GROUNDS
            or case["employee"]["contract"]["type"] == "part_time"
            or notice_given(case, NOTICE_DAYS)):
        return CENT * 0
    previous = _month_index(case["termination"]["termination_date"]) - 1
    row = _wage_index(case).get(previous)
    return None if row is None else _money(row[0])


def leave_entitlement(years: Decimal) -> int:
    """ALR-3: 0 / 5 / 10 / 15 days by cumulative work years (<1, 1-<10, 10-<20, >=20)."""
    if years < 1:
        return 0
    if years < 10:
        return 5
    if years < 20:
        return 10
    return 15


def leave_days(case: dict[str, Any]) -> int | None:
    """ALM-12 untaken days on departure, README Q14 defaults; None if data is missing."""
    emp = case["employee"]
    years = emp.get("cumulative_work_years")
    if years is None:
        return None
    entitlement = leave_entitlement(years)
    if entitlement == 0:
        return 0
    taken = (emp.get("annual_leave") or {}).get("taken_days_this_year")
    if taken is None:
        return None
    on = case["termination"]["termination_date"]
    elapsed = (on - max(date(on.year, 1, 1), emp["hire_date"])).days + 1
    pro_rata = min(_CTX.divide(Decimal(elapsed * entitlement), Decimal(365)), Decimal(entitlement))
    days = (pro_rata - taken).to_integral_value(rounding=ROUND_FLOOR)
    return max(int(days), 0)


def annual_leave_payout(case: dict[str, Any], window: tuple[int, Decimal, Decimal] | None
                        ) -> Decimal | None:
    """Untaken days x (window average excluding overtime / 21.75) x 2 (ALM-10/11/12).

    Nothing extra if the employee declined the leave in writing (ALM-10 para 2).
    """
    if (case["employee"].get("annual_leave") or {}).get("declined_in_writing"):
        return CENT * 0
    days = leave_days(case)
    if days is None:
        return None
    if days == 0:
        return CENT * 0
    if window is None:
        return None
    k, _, excl = window
    return _money(_CTX.divide(excl * days * LEAVE_EXTRA_RATE, k * DAILY_WAGE_DIVISOR))


# --- checks ----------------------------------------------------------------------------------


def _in_probation(case: dict[str, Any], on: date | None) -> bool:
    end = case["employee"]["contract"].get("probation_end")
    return on is not None and end is not None and on <= end


def near_retirement(case: dict[str, Any]) -> bool | None:
    """LCL-42(5): 15 full years here and less than 5 years to the statutory retirement date.

    Needs the birth date once the 15 years are reached. Without the retirement group (``male``
    when only the gender says male) every group still possible is tried: the answer stands when
    they all agree, and is None (undecided) when they do not or the birth date is missing.
    """
    emp = case["employee"]
    birth = emp.get("birth_date")
    group = emp.get("retirement_group") or ("male" if emp.get("gender") == "male" else None)
    on = case["termination"]["termination_date"]
    if relativedelta(on + timedelta(days=1), emp["hire_date"]).years < 15:
        return False
    if birth is None:
        return None
    if group is not None:
        groups = [group]
    elif emp.get("gender") == "female":
        groups = ["female_cadre", "female_worker"]
    else:
        groups = ["male", "female_cadre", "female_worker"]
    answers = {retirement_date(birth, g, on) < on + relativedelta(years=5) for g in groups}
    return answers.pop() if len(answers) == 1 else None


def findings(case: dict[str, Any], amounts: dict[str, Decimal | None]) -> dict[str, str]:
    """The statutory findings of the Beijing policy that this case triggers."""
    out: dict[str, str] = {}
    term = case["termination"]
    ground = term["ground"]
    part_time = case["employee"]["contract"]["type"] == "part_time"
    # LCL-40: 30 days' written notice, or one month's wage in lieu (the line's shortfall).
    if ground in ART40_GROUNDS and not part_time and not notice_given(case, NOTICE_DAYS):
        required = amounts["notice_pay_in_lieu"]
        if required is None:
            out[F_NOTICE_OR_PAY] = "incomplete"
        elif _proposed(case, "notice_pay_in_lieu") < required:
            out[F_NOTICE_OR_PAY] = "violation"
    # LCL-42: no Art. 40 / 41 dismissal of a protected employee.
    if ground in ART40_GROUNDS or ground == "layoff":
        near = near_retirement(case)
        if case["employee"].get("protected_statuses") or near:
            out[F_PROTECTED] = "violation"
        elif near is None:
            out[F_PROTECTED] = "incomplete"
    # LCL-43: the union is told the reasons before an employer's unilateral termination.
    if ground in EMPLOYER_UNILATERAL and (case.get("employer") or {}).get("has_union") is not False:
        told = term.get("union_notified_on")
        if told is None or told > term["termination_date"]:
            out[F_UNION] = "violation"
    # LCL-37: 30 days' written notice; 3 days' notice (any form) during probation.
    if ground == "resignation" and not part_time:
        if _in_probation(case, term.get("notice_date")):
            ok = notice_given(case, PROBATION_RESIGNATION_NOTICE_DAYS, written=False)
        else:
            ok = notice_given(case, NOTICE_DAYS)
        if not ok:
            out[F_RESIGNATION_NOTICE] = "violation"
    # Settlement shortfalls: one finding per line, keyed by the line id.
    for line in LINES:
        required = amounts[line]
        if required is None:
            out[line] = "incomplete"
        elif required > _proposed(case, line):
            out[line] = "violation"
    return out


def _proposed(case: dict[str, Any], line: str) -> Decimal:
    value = (case.get("settlement") or {}).get(line)
    return ZERO if value is None else Decimal(value)


def evaluate_baseline(case: dict[str, Any]) -> Result:
    """Amounts of the three statutory lines and the findings present, for one parsed case."""
    window = wage_window(case)
    amounts: dict[str, Decimal | None] = {
        "economic_compensation": economic_compensation(case, window),
        "notice_pay_in_lieu": pay_in_lieu(case),
        "annual_leave_payout": annual_leave_payout(case, window),
    }
    return Result(amounts, findings(case, amounts))


__all__ = ["Result", "evaluate_baseline", "prepare"]
