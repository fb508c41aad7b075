"""Time the HTML access report on N principals × M trails (default 10,000 × 100); print one Markdown row.

    python benchmarks/access_html.py [--principals 10000] [--trails 100] [--chromium /usr/bin/chromium]

The inventory is benchmarks/access.py's (each role with its own inline policy). Measures the page's
generation (analysis, then rendering), its size, and, in headless Chromium driven by Playwright,
the time from navigation to the first rows drawn, then to a filter over every principal, then to
the last row after scrolling to the bottom. Run on demand; it is not part of the test suite.
"""
from __future__ import annotations

import argparse
import gc
import shutil
import tempfile
import time
from pathlib import Path

from access import inventory  # benchmarks/access.py, beside this script

from trail_lint.html.access import render_html
from trail_lint.iam.access import analyse

BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def generate(principals: int, trails: int, out: Path) -> tuple[float, float]:
    subject = inventory(principals, trails)
    gc.disable()   # as the CLI does
    start = time.perf_counter()
    report = analyse(subject, time.time())     # as a run does: the time of the run (engine.run)
    analysed = time.perf_counter()
    out.write_text(render_html(report), encoding="utf-8")
    done = time.perf_counter()
    gc.enable()
    return analysed - start, done - analysed


def load(page_file: Path, chromium: str) -> tuple[float, float, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        page.goto(page_file.as_uri(), timeout=120_000)
        page.wait_for_selector("#matrix .body .row", timeout=120_000)
        loaded = time.perf_counter()
        page.select_option("#filter-decision", "a")
        page.wait_for_function("document.getElementById('shown').textContent.length > 0")
        filtered = time.perf_counter()
        page.select_option("#filter-decision", "")
        count = page.evaluate("document.querySelector('#matrix').scrollHeight")
        page.evaluate(f"document.querySelector('#matrix').scrollTop = {count}")
        page.wait_for_function("[...document.querySelectorAll('#matrix .body .row')].some("
                               "row => row.getAttribute('aria-rowindex') == document.querySelector('#matrix')"
                               ".getAttribute('aria-rowcount'))", timeout=60_000)
        scrolled = time.perf_counter()
        browser.close()
    return loaded - start, filtered - loaded, scrolled - filtered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--principals", type=int, default=10_000)
    parser.add_argument("--trails", type=int, default=100)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "tl-bench" / "access.html")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    analyse_s, render_s = generate(args.principals, args.trails, args.out)
    size = args.out.stat().st_size / 1e6
    first_rows, filter_s, bottom_s = load(args.out, args.chromium)
    print("| principals | trails | analyse s | render HTML s | page MB | browser: first rows s | "
          "filter s | scroll to last row s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {args.principals:,} | {args.trails} | {analyse_s:.2f} | {render_s:.2f} | {size:.1f} | "
          f"{first_rows:.2f} | {filter_s:.2f} | {bottom_s:.2f} |")


if __name__ == "__main__":
    main()
