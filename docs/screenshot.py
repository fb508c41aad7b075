"""Regenerate docs/access-report.png, the README's picture of the HTML access report.

    python docs/screenshot.py [--chromium /usr/bin/chromium]

Renders `trail-lint access --format html examples`, opens it in headless Chromium (Playwright with
the system browser), selects the auditor's cell for the organization trail and saves the window.
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from trail_lint.cli import main as trail_lint

ROOT = Path(__file__).resolve().parents[1]
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "report.html"
        os.chdir(ROOT)
        assert trail_lint(["access", "--format", "html", "--output", str(page_file), "examples"]) == 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=BROWSER_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 620})
            page.goto(page_file.as_uri())
            page.wait_for_selector("body[data-ready=true]")
            row = page.locator("#matrix .row", has_text="auditor")
            row.locator('[data-c="3"]').click()
            page.screenshot(path=str(ROOT / "docs" / "access-report.png"))
            browser.close()


if __name__ == "__main__":
    main()
