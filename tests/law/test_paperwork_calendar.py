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


def test_final_wages_without_the_termination_month_use_the_declared_figure(
        check_case: Callable[..., dict[str, Any]]) -> None:
    # The base case lists wages up to 2026-09 (the termination month): 21000.00 is required.
    # Without 2026-09 in the list, HR's declared 19800.00 is shown as required (unverified), and
    # nothing blocks the case for a month the case contract does not ask for.
    case = make_case()
    case["employee"]["wages"]["monthly"] = [
        w for w in case["employee"]["wages"]["monthly"] if w["month"] != "2026-09"]
    case["settlement"]["final_wages"] = "19800.00"
    report = check_case(case)
    (line,) = [x for x in report["settlement"]["lines"] if x["id"] == "final_wages"]
    amounts = (line["required"], line["proposed"], line["shortfall"])
    assert amounts == ("19800.00", "19800.00", "0.00")
    assert "not verified" in line["basis"]
    assert status(report, "CN-WPR-9-final-wages") is None
