"""The respondent's page in a real browser: Debian's Chromium driven by Selenium (CI installs
`chromium` and `chromium-driver`). A respondent opens the link, answers, saves a draft, comes
back, goes on, submits (confirming) and sees the answers read-only; the same on a phone-sized
window (390×844), with no sideways scrolling. Set ADVISOR_DESK_SCREENSHOTS to a folder to keep
PNGs of each step."""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.server.api import Api
from tests.server.harness import Live, Tenant
from tests.server.respond_rows import push_review

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="Debian's chromium and chromium-driver are not installed "
    "(apt-get install chromium chromium-driver; CI installs them)",
)


def _browser(tmp_path: Path, width: int, height: int) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--window-size={max(width, 800)},{height}",
        f"--user-data-dir={tmp_path / f'profile-{width}'}",
    ):  # fmt: skip
        options.add_argument(flag)
    if width < 800:  # a phone: its viewport (headless windows are never under 500 px wide)
        metrics = {"width": width, "height": height, "pixelRatio": 3, "mobile": True}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    return webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)


@pytest.fixture
def review(live: Live, tenant: Tenant) -> Any:
    if live.database.kind != "sqlite":
        pytest.skip("the page is the same on both databases (its API is tested on both)")
    return push_review(Api(live.server.url).login(tenant.admin_email))


@pytest.fixture(params=[(1280, 900), (390, 844)], ids=["desktop", "phone"])
def browser(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    width, height = request.param
    driver = _browser(tmp_path, width, height)
    driver.set_page_load_timeout(30)
    driver.wanted_width = width
    try:
        yield driver
    finally:
        driver.quit()


def _shot(driver: Any, name: str) -> None:
    folder = os.environ.get("ADVISOR_DESK_SCREENSHOTS")
    if folder:
        width = driver.execute_script("return window.innerWidth")
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
        )
        (Path(folder) / f"{name}-{width}.png").write_bytes(base64.b64decode(shot["data"]))


def _pick(driver: Any, name: str, value: str) -> None:
    from selenium.webdriver.common.by import By

    radio = driver.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]')
    label = radio.find_element(By.XPATH, "./ancestor::label")
    label.click()  # as a person does: the label, a big target
    assert radio.is_selected()


def _button(driver: Any, words: str) -> None:
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    wait = WebDriverWait(driver, 20)
    for attempt in range(3):
        wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        page = driver.find_element(By.TAG_NAME, "html")
        try:
            driver.find_element(
                By.XPATH, f'//button[contains(normalize-space(.), "{words}")]'
            ).click()
            break
        except (StaleElementReferenceException, WebDriverException) as error:
            # Chromium now and then answers a click on a page it is still settling with "Node
            # ... does not belong to the document": nothing was clicked, so click again.
            settling = "does not belong to the document" in str(error)
            if attempt == 2 or not (settling or isinstance(error, StaleElementReferenceException)):
                raise
    wait.until(lambda _driver: _gone(page))  # the next page


def _gone(element: Any) -> bool:
    """Whether `element`'s page has been replaced (Selenium's `staleness_of`, also when
    Chromium, mid-navigation, answers "Node ... does not belong to the document")."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def _no_sideways_scroll(driver: Any) -> None:
    wide = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1], f"the page is {wide[0]}px wide in a {wide[1]}px window"


def test_a_respondent_answers_saves_comes_back_and_submits(
    live: Live, review: Any, browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    token = review.tokens["ann"]
    link = f"{live.server.url}/r/{token}"
    browser.get(link)
    assert "Cyber <b>check</b>" in browser.title  # escaped in the HTML, shown as typed
    h2 = browser.find_element(By.ID, "t0").text
    assert "Phishing <script>alert(1)</script>" in h2
    _no_sideways_scroll(browser)
    assert browser.execute_script("return window.innerWidth") == browser.wanted_width
    _pick(browser, "relevant-0", "yes")
    _pick(browser, "likelihood-0", "4")
    # The keyboard works too: a focused radio is chosen with the space bar.
    impact = browser.find_element(By.CSS_SELECTOR, 'input[name="impact-0"][value="5"]')
    impact.send_keys(Keys.SPACE)
    assert impact.is_selected()
    _pick(browser, "relevant-1", "no")
    _shot(browser, "1-answered")
    _button(browser, "Save draft")
    assert "saved as a draft" in browser.find_element(By.CSS_SELECTOR, "[role=status]").text

    browser.get(link)  # come back later: the draft is there
    selected = browser.find_element(By.CSS_SELECTOR, 'input[name="likelihood-0"][value="4"]')
    assert selected.is_selected()
    saved = requests.get(f"{live.server.url}/v1/respond/{token}", timeout=30).json()["answers"]
    assert [a["ref"] for a in saved] == ["CY-01", "CY-02"]

    _button(browser, "Save and next page")
    assert "Privacy" in browser.find_element(By.CSS_SELECTOR, "nav.steps").text
    _pick(browser, "relevant-2", "yes")
    _pick(browser, "likelihood-2", "2")
    _pick(browser, "impact-2", "3")
    _no_sideways_scroll(browser)
    _button(browser, "Save and submit")
    assert "Submit your answers?" in browser.find_element(By.TAG_NAME, "h2").text
    _shot(browser, "2-confirm")
    _button(browser, "Yes, submit")
    status = browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "submitted" in status
    assert browser.find_elements(By.TAG_NAME, "input") == []  # read-only: nothing to change
    assert "Almost certain" not in browser.page_source
    assert "4 Likely" in browser.find_element(By.TAG_NAME, "main").text
    _no_sideways_scroll(browser)
    _shot(browser, "3-read-only")
    answer = requests.get(f"{live.server.url}/v1/respond/{token}", timeout=30).json()
    assert answer["read_only"] is True
    assert len(answer["answers"]) == 3
