"""Cases for verify: the seeded generator's realistic cases, pushed onto the thresholds the
policy mentions.

Each example is a generated case (``testing.generate_case``) plus at most one edge, drawn by
hypothesis so that it shrinks towards no edge and small numbers:

- ``tenure``: service of exactly K years (and 6 months), a day less or a day more: the
  half-year rounding of N, the 12-year limit above the cap, 15 years (Art. 42(5));
- ``notice``: notice given exactly D days before the termination, a day less or more, for
  every day-count parameter of the policy (30 days, 3 days, report deadlines...);
- ``effective``: the whole case moved so that it ends on a parameter's effective date, the
  day before or the day after (every dated value of every table the policy reads);
- ``wage``: every month's wage at 3 times the city's average wage (the cap), a fen below or
  above, for every dated average-wage figure.
"""

from __future__ import annotations

import random
import re
import typing
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from ..case.model import Ground
from ..policy.compile import CompiledPolicy
from ..testing import generate_case
from ..testing.generator import EMPLOYER_GROUNDS

DELTAS = (0, -1, 1)
CAP_PARAM = "average_monthly_wage"
CAP_MULTIPLIER = "compensation_cap_multiplier"
CAP_MULTIPLE = Decimal(3)
"""The Art. 47 multiplier when the policy has no ``compensation_cap_multiplier`` figure."""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def thresholds(policy: CompiledPolicy) -> tuple[list[date], list[int], list[Decimal]]:
    """Effective dates, day counts and cap figures the policy's parameters hold."""
    dates: set[date] = set()
    days: set[int] = set()
    caps: set[Decimal] = set()
    multipliers = {Decimal(e.value) for e in _entries(policy, CAP_MULTIPLIER)
                   if isinstance(e.value, int | Decimal) and not isinstance(e.value, bool)}
    for name, param in policy.params.items():
        series = [param.national, *param.cities.values()]
        for s in series:
            for entry in s.entries:
                if entry.start != date.min:
                    dates.add(entry.start)
                value = entry.value
                if isinstance(value, bool) or not isinstance(value, int | Decimal):
                    continue
                if name.endswith("_days") and 0 < value <= 400:
                    days.add(int(value))
                if name == CAP_PARAM:
                    for times in multipliers or {CAP_MULTIPLE}:
                        caps.add((Decimal(value) * times).quantize(Decimal("0.01")))
    days.add(30)
    return sorted(dates), sorted(days), sorted(caps)


def _entries(policy: CompiledPolicy, name: str) -> list[Any]:
    param = policy.params.get(name)
    if param is None:
        return []
    return [e for s in (param.national, *param.cities.values()) for e in s.entries]


def edges(policy: CompiledPolicy) -> st.SearchStrategy[tuple[Any, ...]]:
    """One edge (or none) for a case, shrinking towards none."""
    dates, days, caps = thresholds(policy)
    options: list[st.SearchStrategy[tuple[Any, ...]]] = [
        st.just(("none",)),
        st.tuples(st.just("tenure"), st.integers(0, 20), st.sampled_from((0, 6)),
                  st.sampled_from(DELTAS)),
        st.tuples(st.just("notice"), st.sampled_from(days), st.sampled_from(DELTAS)),
    ]
    if dates:
        options.append(st.tuples(st.just("effective"), st.sampled_from(dates),
                                 st.sampled_from(DELTAS)))
    if caps:
        options.append(st.tuples(st.just("wage"), st.sampled_from(caps),
                                 st.sampled_from(DELTAS)))
    return st.one_of(*options)


GROUNDS: tuple[str, ...] = typing.get_args(Ground)
"""Every termination ground of the case model, drawn evenly (the generator weights them by
how often HR sees them, which leaves rare grounds rare)."""


def cases(policy: CompiledPolicy) -> st.SearchStrategy[dict[str, Any]]:
    """Generated cases, perhaps with another ground, with an edge applied (JSON-ready dicts
    in the case contract)."""
    return st.tuples(st.randoms(use_true_random=False),
                     st.one_of(st.none(), st.sampled_from(GROUNDS)), edges(policy)).map(
        lambda drawn: apply_edge(with_ground(generate_case(drawn[0]), drawn[1]), drawn[2]))


def with_ground(data: dict[str, Any], ground: str | None) -> dict[str, Any]:
    """``data`` ended on ``ground`` instead (who initiated follows the ground)."""
    if ground is not None:
        data["termination"]["ground"] = ground
        data["termination"]["initiated_by"] = (
            "employer" if ground in EMPLOYER_GROUNDS else "employee")
        if ground != "layoff":
            data["termination"].pop("layoff", None)
    return data


def _end(data: dict[str, Any]) -> date:
    return date.fromisoformat(data["termination"]["termination_date"])


def apply_edge(data: dict[str, Any], edge: tuple[Any, ...]) -> dict[str, Any]:
    """``data`` with ``edge`` applied (see the module docstring)."""
    kind = edge[0]
    end = _end(data)
    if kind == "tenure":
        _, years, months, delta = edge
        hire = end - relativedelta(years=years, months=months) + timedelta(days=1 + delta)
        data["employee"]["hire_date"] = min(hire, end).isoformat()
        contract = data["employee"].get("contract") or {}
        if contract.get("start"):
            contract["start"] = data["employee"]["hire_date"]
    elif kind == "notice":
        _, days, delta = edge
        data["termination"]["notice_date"] = (end - timedelta(days=days + delta)).isoformat()
        data["termination"]["notice_in_writing"] = True
    elif kind == "effective":
        _, day, delta = edge
        data = shift(data, (day + timedelta(days=delta) - end).days)
    elif kind == "wage":
        _, cap, delta = edge
        for month in data["employee"]["wages"]["monthly"]:
            month["gross"] = str(cap + Decimal(delta) / 100)
            month["overtime"] = "0"
    return data


def shift(data: dict[str, Any], days: int) -> dict[str, Any]:
    """Every date of the case moved by ``days`` (wage months by the same number of months)."""
    end = _end(data)
    moved = end + timedelta(days=days)
    months = (moved.year - end.year) * 12 + moved.month - end.month

    def walk(value: Any, key: str | None) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if isinstance(value, str) and _DATE.match(value):
            return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
        if isinstance(value, str) and key == "month" and _MONTH.match(value):
            first = date.fromisoformat(value + "-01") + relativedelta(months=months)
            return f"{first.year:04d}-{first.month:02d}"
        return value

    out: dict[str, Any] = walk(data, None)
    return out


def example(seed: int, edge: tuple[Any, ...] = ("none",)) -> dict[str, Any]:
    """One case from a plain seed and an edge (for tests and reproducing by hand)."""
    return apply_edge(generate_case(random.Random(seed)), edge)
