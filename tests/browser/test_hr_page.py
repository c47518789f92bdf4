"""The HR page end to end: a real server process, Debian's headless Chromium, the fixture cases.

Each test reads what the page shows (verdict, findings, settlement table, errors) and compares
it with the API's JSON for the same case. Screenshots go to ``test-output/screenshots/``.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from .page import HrPage, expected_rows, plain
from .server import ROOT, Server

FIXTURES = sorted((ROOT / "fixtures" / "cases").glob("*.yaml"))


@pytest.fixture
def page(browser: Any, server: Server) -> HrPage:
    return HrPage(browser, server.url).open("en")


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_uploaded_fixture_shows_the_api_report(page: HrPage, server: Server, fixture: Path,
                                               screenshots: Path) -> None:
    status, _, report = server.check(fixture.read_bytes(), yaml=True, lang="en")
    assert status == 200, report

    page.upload(fixture)
    page.check()
    page.screenshot(screenshots / f"fixture-{fixture.stem}.png")

    verdict, headline = page.verdict()
    assert verdict == report["verdict"]
    assert headline.startswith("✓ READY" if verdict == "ready" else "✗ BLOCKED")
    assert page.settlement() == expected_rows(report)
    total_required = report["settlement"]["total_required"]
    assert page.totals() == ("unknown" if total_required is None else total_required,
                             report["settlement"]["total_proposed"])
    shown = page.findings()
    for severity in ("blocking", "warning", "info"):
        expected = [(f["rule"], f["status"], f["message"]) for f in report["findings"]
                    if f["severity"] == severity]
        assert shown.get(severity, []) == expected, severity
    assert page.decision_id(), "the check was recorded and its decision id is shown"
    assert page.message() == ""


COMPANY_FIXTURES = [(policy, path) for policy, folder in (("example-internet", "internet"),
                                                          ("example-manufacturing",
                                                           "manufacturing"))
                    for path in sorted((ROOT / "fixtures" / folder).glob("*.yaml"))]


@pytest.mark.parametrize(("policy", "fixture"), COMPANY_FIXTURES,
                         ids=[f"{p}-{f.stem}" for p, f in COMPANY_FIXTURES])
def test_chosen_policy_is_used(page: HrPage, server: Server, policy: str,
                               fixture: Path) -> None:
    Select(page.by_id("policy")).select_by_value(policy)
    page.upload(fixture)
    page.check()
    status, _, report = server.check(fixture.read_bytes(), yaml=True, policy=policy)
    assert status == 200, report
    assert report["policy"]["id"] == policy
    assert page.driver.find_element(By.CSS_SELECTOR, "#meta dd.policy-ref").text == \
        f"{policy}@{report['policy']['version']}"
    assert page.verdict()[0] == report["verdict"]
    assert page.settlement() == expected_rows(report)
    shown = [rule for group in page.findings().values() for rule, _, _ in group]
    assert sorted(shown) == sorted(f["rule"] for f in report["findings"])
    deviations = page.driver.find_elements(By.CSS_SELECTOR, "#deviations li code.rule")
    assert [d.text for d in deviations] == [d["rule"] for d in report["deviations"]]
    if policy == "example-manufacturing":
        assert deviations, "the manufacturing policy declares a deviation"


def test_form_case_is_checked_like_the_api(page: HrPage, server: Server,
                                           screenshots: Path) -> None:
    page.fill_example()
    sent = page.driver.execute_script("return JSON.stringify(formCase())")
    page.check()
    page.screenshot(screenshots / "form-example.png")

    status, _, report = server.check(sent.encode(), yaml=False, lang="en")
    assert status == 200, report
    assert page.verdict()[0] == report["verdict"]
    assert page.settlement() == expected_rows(report)
    assert json.loads(sent)["employee"]["wages"]["monthly"][0] == {
        "month": "2025-09", "gross": "21000.00", "overtime": "0"}

    page.driver.execute_script("document.getElementById('as-of').value = '2026-10-31'")
    page.check()
    assert page.driver.find_element(By.CSS_SELECTOR, "#meta dd.as-of").text == "2026-10-31"
    status, _, later = server.request(
        "POST", "/v1/check?policy=cn-beijing&lang=en&as_of=2026-10-31", sent.encode())
    assert status == 200 and later["as_of"] == "2026-10-31"
    assert page.verdict()[0] == later["verdict"]
    assert page.settlement() == expected_rows(later)


def test_language_switch(page: HrPage, server: Server, screenshots: Path) -> None:
    fixture = ROOT / "fixtures" / "cases" / "contract-example.yaml"
    page.language("zh")
    page.upload(fixture)
    page.check()
    verdict, headline = page.verdict()
    assert verdict == "blocked" and headline.startswith("✗ 不可结案")
    header = page.driver.find_element(By.CSS_SELECTOR, "#settlement thead").text
    assert "应付" in header and "差额" in header
    page.screenshot(screenshots / "contract-example-zh.png")
    _, _, zh = server.check(fixture.read_bytes(), yaml=True, lang="zh")
    assert [m for _, _, m in page.findings()["blocking"]] == [
        f["message"] for f in zh["findings"] if f["severity"] == "blocking"]

    page.language("en")
    assert page.verdict()[1].startswith("✗ BLOCKED")
    header = page.driver.find_element(By.CSS_SELECTOR, "#settlement thead").text
    assert "Required" in header and "Shortfall" in header
    assert page.by_id("check").text == "Check"
    assert page.by_id("lang-note").is_displayed(), "the messages are still the Chinese check's"

    page.check()
    _, _, en = server.check(fixture.read_bytes(), yaml=True, lang="en")
    assert [m for _, _, m in page.findings()["blocking"]] == [
        f["message"] for f in en["findings"] if f["severity"] == "blocking"]
    assert not page.by_id("lang-note").is_displayed()


def test_form_errors_show_next_to_their_fields(page: HrPage, server: Server,
                                               screenshots: Path) -> None:
    page.fill_example()
    page.by_id("f-hire").clear()
    page.driver.execute_script("arguments[0].value = ''", page.by_id("f-hire"))
    gross = page.driver.find_elements(By.CSS_SELECTOR, "#wage-rows tr")[2].find_element(
        By.CSS_SELECTOR, "input[data-part='gross']")
    gross.clear()
    gross.send_keys("36k")
    sent = page.driver.execute_script("return JSON.stringify(formCase())")
    page.check()
    page.screenshot(screenshots / "form-errors.png")

    status, _, body = server.check(sent.encode(), yaml=False)
    assert status == 422
    fields = {d["field"] for d in body["diagnostics"]}
    assert {"employee.hire_date", "employee.wages.monthly[2].gross"} <= fields

    hire = page.by_id("f-hire")
    assert hire.get_attribute("aria-invalid") == "true"
    beside = hire.find_element(By.XPATH, "./ancestor::div[contains(@class,'field')][1]")
    note = beside.find_element(By.CSS_SELECTOR, ".field-error")
    expected = next(d["message"] for d in body["diagnostics"]
                    if d["field"] == "employee.hire_date")
    assert note.text == expected and note.is_displayed()

    cell = gross.find_element(By.XPATH, "./ancestor::td[1]")
    note = cell.find_element(By.CSS_SELECTOR, ".field-error")
    assert note.text == next(d["message"] for d in body["diagnostics"]
                             if d["field"] == "employee.wages.monthly[2].gross")
    assert page.by_id("result").get_attribute("hidden") is not None or \
        page.message().startswith("The case has these problems")


def test_pasted_text_errors_name_line_and_column(page: HrPage, server: Server,
                                                 screenshots: Path) -> None:
    text = (ROOT / "fixtures" / "cases" / "resignation-ready.yaml").read_text("utf-8")
    broken = text.replace("hire_date:", "hire_dat:", 1)
    page.paste(broken)
    page.check()
    page.screenshot(screenshots / "text-errors.png")

    status, _, body = server.check(broken.encode(), yaml=True)
    assert status == 422
    items = page.driver.find_elements(By.CSS_SELECTOR, "#text-errors li")
    assert len(items) == len(body["diagnostics"])
    for item, d in zip(items, body["diagnostics"], strict=True):
        assert item.text.startswith(f"line {d['line']}, column {d['column']}")
        assert d["message"] in item.text
    typo = next(d for d in body["diagnostics"] if d["field"] == "employee.hire_dat")
    assert "hire_dat:" in broken.splitlines()[typo["line"] - 1]

    page.paste("case_id: [unclosed\n")
    page.check()
    status, _, body = server.check(b"case_id: [unclosed\n", yaml=True)
    assert status == 400
    first = page.driver.find_element(By.CSS_SELECTOR, "#text-errors li").text
    assert first.startswith(f"line {body['diagnostics'][0]['line']}")


def test_earlier_decisions_for_the_case(page: HrPage, server: Server,
                                        screenshots: Path) -> None:
    fixture = ROOT / "fixtures" / "cases" / "short-tenure.yaml"
    ids = []
    for _ in range(2):
        page.upload(fixture)
        page.check()
        ids.append(page.decision_id())
    rows = page.driver.find_elements(By.CSS_SELECTOR, "#decisions tr.decision")
    shown = [row.get_attribute("data-id") for row in rows]
    assert set(ids) <= set(shown)
    status, _, listed = server.request("GET", "/v1/decisions?case_id=" + _case_id(fixture))
    assert status == 200
    assert shown == [d["id"] for d in listed["decisions"]]

    rows[-1].find_element(By.TAG_NAME, "button").click()
    page.wait(lambda d: d.execute_script("return document.body.dataset.viewed") == shown[-1])
    assert page.by_id("earlier-note").is_displayed()
    assert page.decision_id() == shown[-1]
    current = page.driver.find_element(By.CSS_SELECTOR, "#decisions tr.current")
    assert current.get_attribute("data-id") == shown[-1]
    page.screenshot(screenshots / "earlier-decision.png")


def test_printable_statement(page: HrPage, server: Server, screenshots: Path) -> None:
    fixture = ROOT / "fixtures" / "cases" / "contract-example.yaml"
    page.upload(fixture)
    page.check()
    _, _, report = server.check(fixture.read_bytes(), yaml=True)
    driver = page.driver
    assert not page.by_id("statement").is_displayed()
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        statement = page.by_id("statement")
        assert statement.is_displayed()
        assert not driver.find_element(By.TAG_NAME, "main").is_displayed()
        text = statement.text
        assert "Settlement statement" in text and report["case_id"] in text
        assert "张三" in text, "the employee's name from the recorded case"
        assert report["policy"]["digest"] in text
        assert "may not be closed yet" in text
        rows = statement.find_elements(By.CSS_SELECTOR, "tbody tr[data-line]")
        assert [r.get_attribute("data-line") for r in rows] == [
            line["id"] for line in report["settlement"]["lines"]]
        total = statement.find_element(By.CSS_SELECTOR, "tfoot td.proposed").text
        assert plain(total) == report["settlement"]["total_proposed"]
        page.screenshot(screenshots / "statement-print.png")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = driver.print_page()
    (screenshots / "statement.pdf").write_bytes(base64.b64decode(pdf))


def test_case_text_is_never_markup(page: HrPage, server: Server) -> None:
    hostile = '<img src=x id=injected onerror="document.title=1">'
    page.paste(json.dumps({
        "case_id": hostile, "jurisdiction": {"country": "CN", "city": "beijing"},
        "employee": {"hire_date": "2020-01-01", "name": hostile},
        "termination": {"ground": "resignation", "termination_date": "2026-01-31"}}))
    page.check()
    assert page.by_id("meta").find_element(By.CSS_SELECTOR, "dd.case-id").text == hostile
    assert page.driver.find_elements(By.ID, "injected") == []
    assert page.driver.title == "offboard-policy"


def _case_id(path: Path) -> str:
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("case_id:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no case_id in {path}")


def test_overview_screenshot(browser: Any, server: Server, screenshots: Path) -> None:
    """The page in Chinese after two checks of one case: what docs/hr-page.png shows (copy
    ``test-output/screenshots/hr-page.png`` there after a change to the page)."""
    page = HrPage(browser, server.url).open("zh")
    fixture = ROOT / "fixtures" / "cases" / "pregnant-dismissal-blocked.yaml"
    browser.set_window_size(1100, 900)
    try:
        for _ in range(2):
            page.upload(fixture)
            browser.execute_script("document.getElementById('case-text').rows = 8")
            page.check()
        assert page.verdict()[1].startswith("✗ 不可结案")
        assert len(browser.find_elements(By.CSS_SELECTOR, "#decisions tr.decision")) >= 2
        height = browser.execute_script(
            "return Math.min(document.documentElement.scrollHeight, 2000)")
        shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1100, "height": height, "scale": 0.75}})
        (screenshots / "hr-page.png").write_bytes(base64.b64decode(shot["data"]))
    finally:
        browser.set_window_size(1280, 1600)


def test_token_is_asked_for_and_sent(browser: Any, tmp_path: Path, screenshots: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    from .server import running_server

    token = "hr-token-0123456789abcdef"
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(f"{token} hr Wang Fang\n", "utf-8")
    with running_server(tmp_path, extra=("--tokens", str(tokens))) as secured:
        page = HrPage(browser, secured.url)
        browser.get(secured.url + "/")
        browser.execute_script("localStorage.clear(); sessionStorage.clear();")
        browser.get(secured.url + "/")
        page.wait(lambda d: d.find_element(By.ID, "message").is_displayed())
        assert page.by_id("token-box").get_attribute("open") is not None
        page.screenshot(screenshots / "token-asked.png")

        page.by_id("token").send_keys(token, Keys.TAB)
        page.wait(lambda d: d.execute_script("return document.body.dataset.ready === '1'"))
        page.language("en")
        page.upload(ROOT / "fixtures" / "cases" / "resignation-ready.yaml")
        page.check()
        assert page.verdict()[0] == "ready"
        who = browser.find_elements(By.CSS_SELECTOR, "#decisions tr.decision td:nth-child(7)")
        assert [cell.text for cell in who] == ["Wang Fang"]
        assert token not in secured.log.read_text(errors="replace")
