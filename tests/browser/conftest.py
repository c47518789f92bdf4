"""Fixtures of the browser tests: the server process, a headless Debian Chromium driven by
Selenium through Debian's chromedriver, and the folder the screenshots go to.

Without a Chromium (``chromium`` and ``chromedriver`` on the PATH, or ``$OFFBOARD_POLICY_CHROMIUM``
and ``$OFFBOARD_POLICY_CHROMEDRIVER``) these tests are skipped, except in CI (``$CI`` set), where a
missing browser is a failure (and under ``.ci/run``, which installs it and sets
``$OFFBOARD_POLICY_REQUIRE_BROWSER``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .server import ROOT, Server, running_server

SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,1600", "--lang=en-US",
)


def _binaries() -> tuple[str, str] | None:
    chromium = os.environ.get("OFFBOARD_POLICY_CHROMIUM") or shutil.which("chromium")
    driver = os.environ.get("OFFBOARD_POLICY_CHROMEDRIVER") or shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    return None


def _required() -> bool:
    """In CI (``$CI``) or under ``.ci/run`` (``$OFFBOARD_POLICY_REQUIRE_BROWSER``)."""
    return any(os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")
               for name in ("CI", "OFFBOARD_POLICY_REQUIRE_BROWSER"))


@pytest.fixture(scope="session")
def chromium() -> tuple[str, str]:
    found = _binaries()
    if found is None:
        message = ("no headless browser: install Debian's chromium and chromium-driver "
                   "(apt-get install chromium chromium-driver)")
        if _required():
            pytest.fail(message + "; $CI or $OFFBOARD_POLICY_REQUIRE_BROWSER is set, so the "
                        "browser tests may not be skipped")
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    policies = ("policies/cn-beijing.yaml", "policies/example-internet.yaml",
                "policies/example-manufacturing.yaml")
    with running_server(tmp_path_factory.mktemp("service"), policies) as running:
        yield running


@pytest.fixture(scope="session")
def browser(chromium: tuple[str, str]) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = chromium
    profile = tempfile.mkdtemp(prefix="offboard-policy-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.set_page_load_timeout(60)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
