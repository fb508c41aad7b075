"""The HTML access report in a real browser: the system's Chromium, headless, driven by Playwright.

Skipped, with the reason, where Playwright or Chromium is missing (`apt-get install chromium`;
Playwright never downloads a browser here). One browser serves the whole module.
"""
from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from trail_lint.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "html"
CHROMIUM = os.environ.get("TRAIL_LINT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS = "<script>alert(1)</script>"
TRAILS = ["main", "eu-archive", "ap-dev"]
ROOT_USER = "root (111122223333)"     # the root user of the fixtures' account, after its principals (iam.root)
PRINCIPALS = ["alice", "bob", XSS, "auditor", "ops", "guarded-admin", ROOT_USER]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: browser tests skipped "
                               "(pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: the browser tests of the "
                                "HTML report are skipped (apt-get install chromium, or set TRAIL_LINT_CHROMIUM)")


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    assert main(["access", "--format", "html", "--output", str(out), str(FIXTURES)]) == 0
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, report_file: Path) -> Iterator[object]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda request: problems.append(f"request: {request.url}")
            if not request.url.startswith("file:") else None)
    page.goto(report_file.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    yield page
    page.close()
    assert problems == []          # no script error, no alert from a name, nothing fetched


def names(page) -> list[str]:
    return page.locator("#matrix .body .row .name").evaluate_all(
        "rows => rows.map(row => row.lastChild.textContent)")


def trail_cell(page, principal: str, trail: str):
    row = PRINCIPALS.index(principal) if principal in PRINCIPALS else None
    assert row is not None
    column = 3 + TRAILS.index(trail)          # after the three account-wide columns
    return page.locator(f'#matrix .cell[data-r="{names(page).index(principal)}"][data-c="{column}"]')


def test_a_row_per_principal_and_a_column_per_trail(page) -> None:
    assert names(page) == PRINCIPALS
    headers = page.locator("#matrix .head .col:not(.wide)").all_inner_texts()
    assert headers == TRAILS
    assert page.locator("#shown").inner_text() == "7 of 7 principals, 3 of 3 trails"


def test_cells_are_marked_by_decision(page) -> None:
    page.select_option("#filter-action", "stop")
    assert "d-a" in trail_cell(page, "alice", "main").get_attribute("class")
    assert trail_cell(page, "alice", "main").get_attribute("aria-label") == "alice stop on main: allowed"
    assert "d-c" in trail_cell(page, "bob", "main").get_attribute("class")
    assert "d-u" in trail_cell(page, "ops", "main").get_attribute("class")
    assert "d-d" in trail_cell(page, "guarded-admin", "main").get_attribute("class")     # the Deny guardrail
    assert "d-a" in trail_cell(page, "guarded-admin", "eu-archive").get_attribute("class")


def test_filters_and_search(page) -> None:
    page.select_option("#filter-kind", "role")
    assert names(page) == ["auditor", "ops", "guarded-admin"]
    page.select_option("#filter-kind", "")
    page.select_option("#filter-region", "eu-west-1")
    assert page.locator("#matrix .head .col:not(.wide)").all_inner_texts() == ["eu-archive"]
    page.select_option("#filter-region", "")
    page.select_option("#filter-action", "stop")
    page.select_option("#filter-decision", "a")          # who can stop some trail outright
    assert names(page) == ["alice", XSS, "guarded-admin", ROOT_USER]
    page.select_option("#filter-decision", "c")
    assert names(page) == ["bob"]
    page.select_option("#filter-decision", "")
    page.fill("#search", "GUARDED")
    assert names(page) == ["guarded-admin"]
    page.fill("#search", "eu-arch")                        # a trail name: its column, every principal
    assert page.locator("#matrix .head .col:not(.wide)").all_inner_texts() == ["eu-archive"]
    assert len(names(page)) == 7


def test_clicking_a_cell_shows_the_deciding_statements(page) -> None:
    text = (FIXTURES / "authorization-details.json").read_text().splitlines()
    line = next(number for number, content in enumerate(text, 1) if '"Sid": "KeepMainLogging"' in content) - 1
    trail_cell(page, "guarded-admin", "main").click()
    details = page.locator("#details")
    assert details.is_visible()
    stop = details.locator("tr", has=page.locator("td", has_text=re.compile("^stop$")))
    assert "denied" in stop.inner_text()
    assert "admin-with-guardrail · statement 'KeepMainLogging'" in stop.inner_text()
    assert f"authorization-details.json:{line}" in stop.inner_text()
    assert "Deny in identity policy" in stop.inner_text()
    update = details.locator("tr", has=page.locator("td", has_text=re.compile("^update$")))
    assert "allowed" in update.inner_text() and "statement 'Everything'" in update.inner_text()


def test_keyboard_reaches_every_cell(page) -> None:
    page.locator('#matrix .cell[tabindex="0"]').focus()
    for key in ("ArrowDown", "ArrowRight", "ArrowRight", "ArrowRight", "Enter"):
        page.keyboard.press(key)
    focused = page.evaluate("[document.activeElement.dataset.r, document.activeElement.dataset.c]")
    assert focused == ["1", "3"]                            # bob, trail main
    assert "WithMfa" in page.locator("#details").inner_text()
    assert "with conditions" in page.locator("#details").inner_text()
    # what a request with MFA turns allowed, in TL401's words, first among the stop cell's reasons
    stop = page.locator("#details tr", has=page.locator("td", has_text=re.compile("^stop$"))).inner_text()
    assert "allowed when aws:MultiFactorAuthPresent is true" in stop
    assert stop.index("allowed when") < stop.index("WithMfa")
    assert "AWS managed policy" not in stop         # that reason is no statement, and has no place
    page.locator("#details").focus()
    page.keyboard.press("Escape")
    assert page.locator("#details").is_hidden()


def test_hostile_names_render_as_text(page) -> None:
    assert XSS in names(page)
    trail_cell(page, XSS, "main").click()
    details = page.locator("#details").inner_text()
    assert "</script><!--<img src=x onerror=alert(2)> · statement 'StopMain'" in details
    assert page.locator("#details img, #matrix img, #matrix script").count() == 0


def test_risk_view_and_findings_link_to_cells(page) -> None:
    page.click("#tab-risk")
    ranked = page.locator("#risk-list > li > strong").all_inner_texts()
    # most trails allowed first, then most trails conditional or unknown, then most allowed actions
    assert ranked == ["guarded-admin", "alice", XSS, "bob", "ops"]
    rules = page.locator("#findings tbody tr td:first-child").all_inner_texts()
    assert "TL407" in rules and "TL401" in rules
    page.locator("#findings tbody tr", has_text="TL407").locator("button").click()
    assert page.locator("#matrix-view").is_visible()
    assert "KeepMainLogging" in page.locator("#details").inner_text()
    page.click("#tab-risk")
    page.locator("#risk-list > li", has_text="bob").locator("button", has_text="ap-dev").click()
    assert page.locator("#details h2").all_inner_texts() == ["bob", "Trail ap-dev"]


# --- the organization view ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def organization_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A snapshot of three accounts (tests/test_organization.py) whose dev account has a hostile name."""
    import json

    from test_organization import DEV, MGMT, PROD, role, write, write_snapshot

    root = write_snapshot(tmp_path_factory.mktemp("org") / "snap")
    listing = next(root.glob("organization/parents/ou-*/list-accounts-for-parent.json"))
    listing.write_text(listing.read_text().replace('"dev"', json.dumps(XSS)))
    for account in (MGMT, PROD):
        write(root / "accounts" / account / "get-account-authorization-details.json",
              {"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [role(account, "admin")]})
    out = root.parent / "report.html"
    assert main(["access", "--format", "html", "--output", str(out), str(root)]) == 0
    findings = root.parent / "findings.json"
    main(["--format", "json", "--output", str(findings), str(root)])
    assert DEV in out.read_text()
    return out, json.loads(findings.read_text())["organization"]


@pytest.fixture
def organization_page(browser, organization_file) -> Iterator[object]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(organization_file[0].as_uri())
    page.wait_for_selector("body[data-ready=true]")
    yield page
    page.close()
    assert problems == []


def test_the_organization_view_is_reached_by_keyboard_and_shows_the_json_summary(organization_page,
                                                                                organization_file) -> None:
    page = organization_page
    assert page.locator("#org-view").is_hidden()
    page.focus("#tab-matrix")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-org"
    assert page.locator("#org-view").is_visible() and page.locator("#matrix-view").is_hidden()
    assert page.locator("#tab-org").get_attribute("aria-selected") == "true"
    # the same data as the "organization" object of the JSON findings report, row by row
    expected = []
    for account in organization_file[1]["accounts"]:
        for region in account["regions"]:
            def count(value, quota=None):
                return "unknown" if value is None else f"{value} / {quota}" if quota else str(value)
            expected.append([("every Region" if region["region"] == "*" else region["region"]),
                             count(region["trails"], region["quota"]), count(region["paid_copies"]),
                             count(region["logging_off"]), "\n".join(region["unknown"])])
    rows = page.locator("#org-table tbody tr").evaluate_all(
        "rows => rows.map(row => [...row.querySelectorAll('td')].slice(-5).map(td => td.innerText.trim()))")
    assert rows == expected
    heads = page.locator("#org-table tbody th").evaluate_all("cells => cells.map(c => c.firstChild.textContent.trim())")
    assert heads == [a["account"] for a in organization_file[1]["accounts"]]
    # a hostile name is text
    assert XSS in page.locator("#org-table").inner_text()
    page.keyboard.press("Home")
    assert page.evaluate("document.activeElement.id") == "tab-matrix"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.id") == "tab-org"


def test_an_account_of_the_organization_view_opens_the_heat_map_filtered_to_it(organization_page) -> None:
    from test_organization import PROD

    page = organization_page
    page.click("#tab-org")
    button = page.locator(f'.show-account[data-account="{PROD}"]')
    button.focus()
    page.keyboard.press("Enter")
    assert page.locator("#matrix-view").is_visible()
    assert page.locator("#filter-account").input_value() == PROD
    assert names(page) == ["admin", f"root ({PROD})"]
    assert page.locator("#shown").inner_text() == "2 of 4 principals, 1 of 3 trails"
