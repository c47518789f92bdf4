"""Parameters of the hand-written baseline, encoded by hand for Beijing.

From docs/law/city-parameters.md and the defaults of docs/law/open-questions.md: the Art. 47
average wage as the published ANNUAL figure (cap = annual / 4 exactly), the minimum wage
including the pre-2023 secondary values, and the statutory retirement date (digest 11.6) that
the LCL-42(5) protection needs.
"""

from __future__ import annotations

import bisect
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

# --- parameters (Beijing), docs/law/city-parameters.md, docs/law/open-questions.md ----------

ANNUAL_AVERAGE_WAGE: dict[str, list[tuple[date, Decimal]]] = {
    # LCL-47 basis: 北京市法人单位从业人员平均工资, annual figures. Null effective dates per the
    # README default (1 October of the yearbook's year); the 2023 figure stays in force.
    "beijing": [
        (date(2019, 8, 16), Decimal(127107)),   # 2018 data, HRSSB notice 2019-08-16
        (date(2020, 7, 2), Decimal(140581)),    # 2019 data, HRSSB notice 2020-07-02
        (date(2021, 10, 1), Decimal(151360)),   # 2020 data, approximate date
        (date(2022, 10, 1), Decimal(166513)),   # 2021 data, approximate date
        (date(2023, 10, 1), Decimal(178476)),   # 2022 data, approximate date
        (date(2024, 10, 1), Decimal(188413)),   # 2023 data, approximate date
    ],
}

MINIMUM_WAGE: dict[str, list[tuple[date, Decimal]]] = {
    "beijing": [
        (date(2019, 7, 1), Decimal(2200)),      # secondary source (README)
        (date(2021, 8, 1), Decimal(2320)),      # secondary source (README)
        (date(2023, 9, 1), Decimal(2420)),
        (date(2025, 9, 1), Decimal(2540)),
    ],
}



def lookup(table: dict[str, list[tuple[date, Decimal]]], city: str, on: date) -> Decimal | None:
    """The value in force on ``on``: latest entry starting on or before it; None if none."""
    rows = table.get(city)
    if not rows:
        return None
    i = bisect.bisect_right(rows, on, key=lambda row: row[0])
    return rows[i - 1][1] if i else None



RETIREMENT_REFORM = date(2025, 1, 1)
_RETIREMENT: dict[str, tuple[int, int, int, int]] = {
    # group: (base age, first cohort year of the delay, months per month of delay, max delay)
    "male": (60, 1965, 4, 36),
    "female_cadre": (55, 1970, 4, 36),
    "female_worker": (50, 1975, 2, 60),
}


def retirement_date(birth: date, group: str, on: date) -> date:
    """Statutory retirement date as the law stood on ``on`` (digest 11.6, UNVERIFIED tables).

    Before 2025-01-01: base age only. From then, the gradual delay: k = months from January of
    the first delayed cohort to the birth month (1-based); delay = min(ceil(k / step), max).
    """
    base, cohort, step, most = _RETIREMENT[group]
    delay = 0
    if on >= RETIREMENT_REFORM:
        k = (birth.year - cohort) * 12 + birth.month
        if k > 0:
            delay = min(-(-k // step), most)
    return birth + relativedelta(years=base, months=delay)
