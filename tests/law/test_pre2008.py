"""Service before 2008-01-01 (LCL Art. 97 para 3; C481; Q6 defaults).

Segments are rounded separately. Pre-2008: old rules, a full or part year = one month, the
12-month limits of C481 Art. 5 (mutual agreement) and Art. 7 (incompetence), no 3x cap; the
3x cap and 12-year limit apply to the post-2008 segment only. Fixed-term expiry gives nothing
for pre-2008 service.
"""

from cases import make_case, month_list, required


def _hired(hire, birth="1978-03-10", **more):
    overrides = {"employee.hire_date": hire, "employee.contract.start": hire,
                 "employee.contract.signed_on": hire, "employee.contract.probation_end": None,
                 "employee.birth_date": birth}
    overrides.update(more)
    return make_case(overrides)


def test_split_at_2008(check_case):
    report = check_case(_hired("2005-07-01"))
    # pre: 2005-07-01 .. 2007-12-31 = 2 y 6 m -> part year counts -> 3 months (limit 12)
    # post: 2008-01-01 .. 2026-09-30 = 18 y 9 m -> 19 months
    # N = (3 + 19) x 22250.00 = 489500.00
    assert required(report, "economic_compensation") == "489500.00"


def test_short_pre_2008_part_year_is_a_whole_month(check_case):
    report = check_case(_hired("2007-06-15"))
    # pre: 2007-06-15 .. 2007-12-31 = 6 m 17 d -> 1 month; post 19 months
    # N = 20 x 22250 = 445000.00 (unsplit it would be 19 y 3 m 16 d -> 19.5 -> 433875.00)
    assert required(report, "economic_compensation") == "445000.00"


def test_cap_on_the_post_2008_segment_only(check_case):
    report = check_case(_hired("2005-07-01", **{
        "employee.wages.monthly": month_list("2025-09", 13, "60000.00")}))
    # pre: 3 months x 60000.00 (no cap in the old rules) = 180000.00
    # post: 19 months, base 60000 > 47103.25 -> min(19, 12) x 47103.25 = 565239.00
    # N = 180000.00 + 565239.00 = 745239.00
    assert required(report, "economic_compensation") == "745239.00"


def test_incompetence_pre_2008_limit_of_twelve_months(check_case):
    report = check_case(_hired("1990-03-01", birth="1972-01-01"))
    # pre: 1990-03-01 .. 2007-12-31 = 17 y 10 m -> 18 -> C481 Art. 7 limit -> 12
    # post: 19 months; N = (12 + 19) x 22250 = 689750.00
    # (42(5) does not apply: male born 1972-01: delay ceil(85/4) = 22 months -> retires
    #  2033-11-01, more than 5 years after 2026-09-30)
    assert required(report, "economic_compensation") == "689750.00"


def test_changed_circumstances_pre_2008_has_no_limit(check_case):
    report = check_case(_hired("1990-03-01", birth="1972-01-01", **{
        "termination.ground": "no_fault_changed_circumstances"}))
    # C481 Art. 8: no limit -> 18 + 19 = 37 months; N = 37 x 22250 = 823250.00
    assert required(report, "economic_compensation") == "823250.00"


def test_fixed_term_expiry_gives_nothing_for_pre_2008_years(check_case):
    report = check_case(_hired("2005-07-01", **{
        "termination.ground": "contract_expiry",
        "termination.renewal_offered": False,
        "employee.contract.type": "fixed_term",
        "employee.contract.start": "2023-10-01",
        "employee.contract.end": "2026-09-30",
        "employee.contract.consecutive_fixed_terms": 1}))
    # expiry was not compensable before 2008: post-2008 only, 19 x 22250 = 422750.00
    assert required(report, "economic_compensation") == "422750.00"
