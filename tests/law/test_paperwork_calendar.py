"""Deadlines counted on the PRC calendar, and the stated fallback where it has no data yet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cases import make_case, status


def test_transfer_deadline_moves_past_the_national_day_holiday(
        check_case: Callable[..., dict[str, Any]]) -> None:
    # Termination 2026-09-16: day 15 is 2026-10-01, the National Day holiday (1-7 October 2026),
    # so under CC Art. 203 the last day is the first working day after it. A transfer on
    # 2026-10-08 is therefore in time.
    case = make_case({"termination.termination_date": "2026-09-16",
                      "termination.last_working_day": "2026-09-16",
                      "termination.notice_date": "2026-08-10",
                      "steps.file_and_social_insurance_transferred_on": "2026-10-08"})
    assert status(check_case(case), "CN-LCL-50-transfer") is None
    late = make_case({"termination.termination_date": "2026-09-16",
                      "termination.last_working_day": "2026-09-16",
                      "termination.notice_date": "2026-08-10",
                      "steps.file_and_social_insurance_transferred_on": "2026-10-09"})
    assert status(check_case(late), "CN-LCL-50-transfer") == "violation"


def test_deadline_without_calendar_data_is_not_extended(
        check_case: Callable[..., dict[str, Any]]) -> None:
    # Termination 2027-03-10 (no holiday data for 2027 in chinese-calendar 1.11): the deadline is
    # plainly 2027-03-25 (15 days), never left undecided; a transfer on 2027-03-26 is late.
    def case(transferred: str) -> dict[str, Any]:
        return make_case({"termination.termination_date": "2027-03-10",
                          "termination.last_working_day": "2027-03-10",
                          "termination.notice_date": "2027-02-01",
                          "steps.file_and_social_insurance_transferred_on": transferred})

    assert status(check_case(case("2027-03-26")), "CN-LCL-50-transfer") == "violation"
    assert status(check_case(case("2027-03-25")), "CN-LCL-50-transfer") is None
