"""The HR page as the browser tests see it: open it, send a case, read what it shows.

Everything is read from the rendered page (visible text, the table cells), never from the
page's JavaScript state, so the tests check what an HR user sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 60.0
"""Seconds to wait for the page (a check on a loaded shared machine; normally well under 1)."""


@dataclass(frozen=True)
class Row:
    line: str
    required: str
    proposed: str
    shortfall: str
    due: str


def plain(amount: str) -> str:
    """A displayed amount as the report writes it: "244,750.00" -> "244750.00"."""
    return amount.replace(",", "").strip()


class HrPage:
    def __init__(self, driver: WebDriver, url: str) -> None:
        self.driver = driver
        self.url = url

    # -- navigation ---------------------------------------------------------------------------
    def open(self, lang: str = "en") -> HrPage:
        self.driver.get(self.url + "/")
        self.driver.execute_script("localStorage.clear(); sessionStorage.clear();")
        self.driver.get(self.url + "/")
        self.wait(lambda d: d.execute_script("return document.body.dataset.ready === '1'"))
        self.language(lang)
        return self

    def wait(self, condition: Any) -> Any:
        return WebDriverWait(self.driver, WAIT).until(condition)

    def by_id(self, element_id: str) -> Any:
        return self.driver.find_element(By.ID, element_id)

    def language(self, lang: str) -> None:
        self.by_id(f"lang-{lang}").click()
        self.wait(lambda d: d.find_element(By.ID, f"lang-{lang}")
                  .get_attribute("aria-pressed") == "true")

    # -- input --------------------------------------------------------------------------------
    def upload(self, path: Path) -> None:
        """Choose ``path`` in the file input of the paste/upload tab."""
        self.by_id("tab-text").click()
        self.driver.execute_script("document.getElementById('case-text').value = '';")
        self.by_id("upload").send_keys(str(path.resolve()))
        self.wait(lambda d: d.find_element(By.ID, "case-text").get_attribute("value"))

    def paste(self, text: str) -> None:
        self.by_id("tab-text").click()
        area = self.by_id("case-text")
        self.driver.execute_script("arguments[0].value = arguments[1];", area, text)

    def fill_example(self) -> None:
        self.by_id("tab-form").click()
        self.by_id("fill-example").click()

    def check(self) -> None:
        """Press the check button and wait until the page has dealt with the answer."""
        before = self.driver.execute_script("return document.body.dataset.checks || '0'")
        self.by_id("check").click()
        self.wait(lambda d: d.execute_script("return document.body.dataset.checks || '0'")
                  != before)

    # -- reading ------------------------------------------------------------------------------
    def verdict(self) -> tuple[str, str]:
        """(ready|blocked, the headline as shown)."""
        element = self.by_id("verdict")
        return element.get_attribute("data-verdict"), element.text

    def settlement(self) -> list[Row]:
        rows = []
        for tr in self.driver.find_elements(By.CSS_SELECTOR, "#settlement tbody tr[data-line]"):
            cell = {name: tr.find_element(By.CSS_SELECTOR, f"td.{name}").text
                    for name in ("required", "proposed", "shortfall", "due")}
            rows.append(Row(tr.get_attribute("data-line") or "", plain(cell["required"]),
                            plain(cell["proposed"]), plain(cell["shortfall"]), cell["due"]))
        return rows

    def totals(self) -> tuple[str, str]:
        foot = self.driver.find_element(By.CSS_SELECTOR, "#settlement tfoot tr")
        return (plain(foot.find_element(By.CSS_SELECTOR, "td.required").text),
                plain(foot.find_element(By.CSS_SELECTOR, "td.proposed").text))

    def findings(self) -> dict[str, list[tuple[str, str, str]]]:
        """severity -> [(rule, status as shown, message)] in page order."""
        out: dict[str, list[tuple[str, str, str]]] = {}
        for section in self.driver.find_elements(By.CSS_SELECTOR, "#findings section.severity"):
            severity = section.get_attribute("data-severity") or ""
            out[severity] = [
                (item.get_attribute("data-rule") or "",
                 item.find_element(By.CSS_SELECTOR, ".status").text,
                 item.find_element(By.CSS_SELECTOR, ".finding-message").text)
                for item in section.find_elements(By.CSS_SELECTOR, "article.finding")]
        return out

    def decision_id(self) -> str | None:
        found = self.driver.find_elements(By.CSS_SELECTOR, "#meta dd.decision-id")
        return found[0].text if found else None

    def message(self) -> str:
        box = self.by_id("message")
        return box.text if box.is_displayed() else ""

    def screenshot(self, path: Path) -> None:
        self.driver.save_screenshot(str(path))


def expected_rows(report: dict[str, Any]) -> list[Row]:
    """The settlement table the page should show for ``report`` (the API's JSON)."""
    def shown(value: str | None) -> str:
        return "unknown" if value is None else value

    return [Row(line["id"], shown(line["required"]), line["proposed"], shown(line["shortfall"]),
                line["due"] or "—") for line in report["settlement"]["lines"]]
