"""The options beside the checklist: the notice kept as it is, and the lawful ways out of a
dismissal the law forbids. Every figure comes from evaluating a changed copy of the case.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..engine import evaluate
from ..engine.scope import CaseScope
from ..errors import CaseError
from ..expr import EvaluationError, MissingValue
from ..policy.compile import CompiledPolicy
from ..report.model import Report
from .data import to_case
from .model import Alternative, NoticeOption

SEARCH_DAYS = 730
"""The latest termination date searched for (two years after the current one)."""
MUTUAL = "mutual_agreement_employer_proposed"
PROTECTION_ENDS: dict[str, str] = {"medical_treatment_period": "medical_period_earliest_end"}
"""Protected statuses whose end a derived value of the statutory rules gives."""


def _notice_lines(policy: CompiledPolicy, report: Report) -> dict[str, Decimal]:
    """Lines owed because notice was short (their rule names ``termination.notice_date``)."""
    ids = {line.definition.id for line in policy.settlement
           if "termination.notice_date" in line.definition.fields}
    return {line.id: line.required for line in report.settlement
            if line.id in ids and line.required is not None and line.required > 0}


def notice_option(policy: CompiledPolicy, data: dict[str, Any], before: Report,
                  as_of: date | None) -> NoticeOption | None:
    """With pay in lieu owed: the earliest termination date that needs none, notice unchanged."""
    owed = _notice_lines(policy, before)
    if not owed:
        return None
    amount = sum(owed.values(), Decimal("0.00"))
    end: date = data["termination"]["termination_date"]
    earliest = _earliest(policy, data, set(owed), as_of, end)
    if earliest is not None:
        return NoticeOption(earliest, amount,
                            f"keep the notice as given and end the employment on {earliest} "
                            f"instead of {end}, or pay CNY {amount:,.2f} in lieu of notice")
    renewed = copy.deepcopy(data)
    renewed["termination"]["notice_date"] = before.as_of
    renewed["termination"]["notice_in_writing"] = True
    later = _earliest(policy, renewed, set(owed), as_of, end)
    tail = (f"; a new written notice given on {before.as_of} allows ending on {later}"
            if later is not None else "")
    return NoticeOption(None, amount, "the notice as given never makes pay in lieu "
                        f"unnecessary (none, or not in writing){tail}; or pay CNY "
                        f"{amount:,.2f} in lieu of notice")


def _owes(policy: CompiledPolicy, data: dict[str, Any], ids: set[str], day: date,
          as_of: date | None) -> bool | None:
    """Whether ending on ``day`` still owes a notice line; None if the case is then invalid."""
    trial = copy.deepcopy(data)
    term = trial["termination"]
    if term.get("last_working_day") in (None, term["termination_date"]):
        term["last_working_day"] = day
    term["termination_date"] = day
    try:
        case = to_case(trial, "plan")
    except CaseError:
        return None
    report = evaluate(policy, case, as_of=as_of, trace=False)
    return bool(_notice_lines(policy, report).keys() & ids)


def _earliest(policy: CompiledPolicy, data: dict[str, Any], ids: set[str],
              as_of: date | None, start: date) -> date | None:
    """The first day after ``start`` on which no notice line is owed (gallop, then bisect:
    more notice never makes notice shorter)."""
    step, low, high = 1, 0, None
    while step <= SEARCH_DAYS:
        if _owes(policy, data, ids, start + timedelta(days=step), as_of) is False:
            high = step
            break
        low, step = step, step * 2
    if high is None:
        return None
    while high - low > 1:
        mid = (low + high) // 2
        if _owes(policy, data, ids, start + timedelta(days=mid), as_of) is False:
            high = mid
        else:
            low = mid
    return start + timedelta(days=high)


def unlawful_alternatives(policy: CompiledPolicy, data: dict[str, Any],
                          as_of: date | None) -> tuple[Alternative, ...]:
    """Mutual agreement with N; waiting until the protection ends (its date when known)."""
    out = []
    agreed = copy.deepcopy(data)
    agreed["termination"]["ground"] = MUTUAL
    agreed["termination"]["initiated_by"] = "employer"
    case = to_case(agreed, "plan")
    report = evaluate(policy, case, as_of=as_of, trace=False)
    lines = [line for line in report.settlement if line.id.startswith("economic_compensation")]
    n = (None if any(line.required is None for line in lines)
         else sum((line.required for line in lines if line.required is not None),
                  Decimal("0.00")))
    shown = f"CNY {n:,.2f}" if n is not None else "an amount the case cannot yet give"
    out.append(Alternative(
        "mutual_agreement",
        "end the employment by mutual agreement proposed by the employer (LCL Art. 36), "
        f"with the employee's written consent, paying economic compensation (N) of {shown} "
        "(LCL Art. 46(2), 47)", amount=n))
    statuses: list[str] = data["employee"].get("protected_statuses") or []
    ends: list[date] = []
    for status in statuses:
        name = PROTECTION_ENDS.get(status)
        if name is None or name not in policy.values:
            continue
        try:
            scope = CaseScope(policy, to_case(data, "plan"), case.termination.termination_date,
                              trace=False)
            value = scope.value(name)
        except (MissingValue, EvaluationError):
            continue
        if isinstance(value, date):
            ends.append(value)
    if ends and len(ends) == len(statuses):
        end = max(ends)
        out.append(Alternative(
            "wait", f"withdraw the dismissal and reassess after the protection ends on {end} "
            "(the earliest end the case data gives)", date=end + timedelta(days=1)))
    else:
        out.append(Alternative(
            "wait", "withdraw the dismissal and reassess when the protection ends; the case "
            f"does not record when that is ({', '.join(statuses) or 'protected status'}): "
            "record the expected end (e.g. the child's first birthday for nursing) to get a "
            "date"))
    return tuple(out)
