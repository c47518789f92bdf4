"""SPC2 Art. 19: an agreement that no social insurance is paid is void
(rules/cn/social_insurance.yaml)."""

from cases import make_case, status

RULE = "CN-SPC2-19-si-waiver"


def test_social_insurance_waiver_is_void(check_case):
    report = check_case(make_case({"employee.contract.social_insurance_waiver": True}))
    assert status(report, RULE) == "violation"
    found = [f for f in report["findings"] if f["rule"] == RULE]
    assert found[0]["severity"] == "warning"
    assert report["verdict"] == "ready"


def test_no_waiver_no_finding(check_case):
    for value in (False, None):
        report = check_case(make_case({"employee.contract.social_insurance_waiver": value}))
        assert status(report, RULE) is None
