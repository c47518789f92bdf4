"""Income tax on the one-off termination compensation (财税〔2018〕164号 item 五(一); digest IIT-1,
rules/cn/iit.yaml): an info finding with the taxable excess and the tax to withhold. For each
outcome a case where it fires and one where it does not; the working is beside the assertions.

Base case (tests/law/cases.py): hired 2016-03-14, Art. 40(2) dismissal on 2026-09-30 in Beijing;
10 y 6 m 17 d -> 11 months; N base (11 x 21000 + 36000) / 12 = 22250.00; N = 244750.00;
2N = 489500.00; cumulative work years 14.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from cases import IIT_RULE, findings, iit_pending, make_case, month_list, status

from offboard_policy.case import parse_case
from offboard_policy.engine import evaluate
from offboard_policy.policy import load_policy
from offboard_policy.render.json import to_contract_dict

ROOT = Path(__file__).resolve().parents[2]

# --- helpers ---------------------------------------------------------------------------------

HYPOTHETICAL_AVERAGE = "100000"
"""A made-up Beijing average annual wage for the IIT exemption (exempt 3 x 100000 = 300000):
no verified figure exists (digest Q8), so the arithmetic is tested on a figure that is not one."""


_COMPILED: dict[str, Any] = {}
"""Compiled company policies by the text of their policy file: tests that set the same options
share one compilation."""


def check_with(tmp_path: Path, case: dict[str, Any], *settings: str,
               annual: str | None = HYPOTHETICAL_AVERAGE) -> dict[str, Any]:
    """Check ``case`` under cn-beijing extended with the opt-in IIT module, an IIT exempt
    figure (none when ``annual`` is None) and ``settings``."""
    lines = [f"iit_severance_exempt_annual_wage: {{city: beijing, from: 2019-01-01, "
             f"value: {annual}, source: \"hypothetical test figure\"}}", *settings]
    if annual is None:
        lines = list(settings)
    text = ('policy: company\nversion: "1"\nextends: cn-beijing.yaml\n'
            'include: [../rules/cn/optional/iit.yaml]\n'
            + ("set:\n" + "".join(f"  {s}\n" for s in lines) if lines else ""))
    if text not in _COMPILED:
        base = tmp_path / f"project-{len(_COMPILED)}"
        shutil.copytree(ROOT / "rules", base / "rules")
        (base / "policies").mkdir()
        shutil.copy(ROOT / "policies" / "cn-beijing.yaml", base / "policies" / "cn-beijing.yaml")
        path = base / "policies" / "company.yaml"
        path.write_text(text, encoding="utf-8")
        _COMPILED[text] = load_policy(path)
    report = evaluate(_COMPILED[text], parse_case(case, display="<test case>"), trace=True)
    result: dict[str, Any] = to_contract_dict(report, "en")
    return result


def traced(report: dict[str, Any], value: str) -> Any:
    """The result of derived value ``value`` in the report's trace."""
    (entry,) = [t for t in report["trace"] if t["value"] == value]
    return entry["result"]


def message(report: dict[str, Any], rule: str) -> str:
    (found,) = findings(report, rule)
    text: str = found["message"]
    return text


# --- severance IIT (财税〔2018〕164号 item 五(一); digest IIT-1) ---------------------------------


def test_iit_is_opt_in(check_case):
    # The bundled policies do not include rules/cn/optional/iit.yaml: no finding at all.
    assert status(check_case(make_case()), IIT_RULE) is None


def test_iit_without_a_local_figure_is_info_and_does_not_block(tmp_path):
    report = check_with(tmp_path, make_case(), annual=None)
    # N 244750.00 is paid, Beijing has no verified exempt figure: incomplete, info, still ready
    assert report["verdict"] == "ready"
    assert iit_pending(report)
    assert "params.iit_severance_exempt_annual_wage" in message(report, IIT_RULE)


def test_iit_not_needed_without_a_one_off_compensation(tmp_path):
    report = check_with(tmp_path, make_case({"termination.ground": "resignation",
                                             "termination.initiated_by": "employee",
                                             "settlement.economic_compensation": "0"}),
                        annual=None)
    # Art. 37 resignation, nothing proposed: no one-off income, the figure is never needed
    assert status(report, IIT_RULE) is None


def test_iit_below_the_exempt_amount(tmp_path):
    report = check_with(tmp_path, make_case())
    # 244750.00 <= 3 x 100000 = 300000: nothing taxable, no finding
    assert status(report, IIT_RULE) is None
    assert traced(report, "iit_severance_taxable") == "0"


def test_iit_high_earner_excess_on_the_annual_table(tmp_path):
    report = check_with(tmp_path, parse_fixture("high-earner-cap.yaml"))
    # N = 12 x 47103.25 = 565239.00; excess 565239.00 - 300000 = 265239.00
    # 144000 < 265239.00 <= 300000: 20%, quick deduction 16920
    # tax = 265239.00 x 0.20 - 16920 = 53047.80 - 16920 = 36127.80 (no averaging by years)
    assert status(report, IIT_RULE) == "violation"
    (found,) = findings(report, IIT_RULE)
    assert found["severity"] == "info"
    assert traced(report, "iit_severance_taxable") == "265239.00"
    assert traced(report, "iit_severance_tax") == "36127.80"
    assert "withhold CNY 36127.8" in found["message"]
    assert "rate 20%" in found["message"]
    assert report["verdict"] == "ready"


@pytest.mark.parametrize(("proposed", "taxable", "tax"), [
    # 336000.00 - 300000 = 36000.00: top of the 3% bracket ("不超过" includes it) -> 1080.00
    ("336000.00", "36000.00", "1080.00"),
    # 36000.01 x 10% - 2520 = 1080.001 -> 1080.00: the quick deduction keeps the table continuous
    ("336000.01", "36000.01", "1080.00"),
    # 444000.00 - 300000 = 144000.00 x 10% - 2520 = 11880.00
    ("444000.00", "144000.00", "11880.00"),
    # 1260000.00 - 300000 = 960000.00 x 35% - 85920 = 250080.00
    ("1260000.00", "960000.00", "250080.00"),
])
def test_iit_bracket_bounds(tmp_path, proposed, taxable, tax):
    # HR proposes more than the required N (244750.00): the tax follows the payment
    report = check_with(tmp_path, make_case({"settlement.economic_compensation": proposed}))
    assert traced(report, "iit_severance_taxable") == taxable
    assert traced(report, "iit_severance_tax") == tax


def test_iit_on_2n_paid_instead_of_n(tmp_path):
    case = make_case({"settlement.economic_compensation": "0", "settlement.other": [
        {"id": "unlawful_termination_damages", "amount": "1500000.00"}]})
    report = check_with(tmp_path, case)
    # 2N listed: income = 1500000.00 + proposed N 0 (the required N is not added: LCLR 25)
    # excess 1200000.00 > 960000: 45%, quick deduction 181920
    # tax = 1200000.00 x 0.45 - 181920 = 540000 - 181920 = 358080.00
    assert traced(report, "iit_severance_income") == "1500000.00"
    assert traced(report, "iit_severance_tax") == "358080.00"


def test_iit_q8b_pay_in_lieu_only_by_option(tmp_path):
    short = {"termination.notice_date": "2026-09-20"}   # 10 days: August's 21000.00 in lieu
    default = check_with(tmp_path, make_case(short), annual="80000")
    # exempt 3 x 80000 = 240000; N only (Q8(b) default): 244750.00 - 240000 = 4750.00 x 3% = 142.50
    assert traced(default, "iit_severance_tax") == "142.50"
    option = check_with(tmp_path, make_case(short),
                        'iit_severance_include_notice_pay: {value: true, source: "test"}',
                        annual="80000")
    # with pay in lieu: 244750.00 + 21000.00 - 240000 = 25750.00 x 3% = 772.50
    assert traced(option, "iit_severance_tax") == "772.50"


def test_iit_not_applied_before_2019(tmp_path):
    case = make_case({"termination.termination_date": "2018-12-31",
                      "termination.last_working_day": "2018-12-31",
                      "termination.notice_date": "2018-11-30",
                      "termination.union_notified_on": "2018-11-28",
                      "employee.wages.monthly": month_list("2017-12", 13)})
    # the 1999 178号 averaging method governed until 2018-12-31: not computed, no finding
    assert status(check_with(tmp_path, case), IIT_RULE) is None


def parse_fixture(name: str) -> dict[str, Any]:
    from offboard_policy.yamlio import load_yaml

    data: dict[str, Any] = load_yaml(ROOT / "fixtures" / "cases" / name).data
    return data
