"""The HTML report in a real browser: Debian's Chromium, headless, driven by Playwright.

Every table, figure and case page of the registry must be on the page and visible, the figures
decoded, and no request may leave the machine. A screenshot is kept with the build's logs.
Skipped only where Chromium cannot be installed (Debian's package, as root), saying why.
"""

import os
import shutil
import subprocess

import pytest
import yaml

CHROMIUM = "/usr/bin/chromium"
# No background traffic of the browser's own (updates, sync, field trials) either.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
# Kept with the logs of the test's own build: not under results/, where the leak scan would refuse a
# PNG that has no SVG with its text (a screenshot of the report is not one of the figures).
SCREENSHOT_NAME = "logs/report_screenshot.png"


def chromium() -> str:
    if not os.path.exists(CHROMIUM) and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
            shell=True,
            capture_output=True,
            timeout=900,
        )
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed and could not be installed here")
    return CHROMIUM


@pytest.fixture(scope="module")
def browsed(built):
    from playwright.sync_api import sync_playwright

    executable = chromium()
    requests = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        page.goto((built / "results/report.html").as_uri(), wait_until="load")
        registry = yaml.safe_load((built / "workflow/registry.yaml").read_text())["outputs"]
        seen = {}
        for entry in registry:
            section = page.locator(f"section#{entry['id']}")
            section.scroll_into_view_if_needed()
            seen[entry["id"]] = {
                "visible": section.is_visible(),
                "title": section.locator("h3").inner_text(),
                "rows": section.locator("table tbody tr").count(),
                "image_width": section.locator("img").evaluate("img => img.naturalWidth")
                if entry["kind"] == "figure"
                else None,
                "pages": section.locator("article.case-page").count(),
            }
        other = {name: page.locator(f"#{name}").is_visible() for name in ("verification", "validation", "workflow")}
        verification = page.locator("#verification p").first.inner_text()
        graph_boxes = page.locator("#workflow svg rect").count()
        screenshot = built / SCREENSHOT_NAME
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(screenshot), full_page=False)
        clicked = follow_first_mismatch(page)
        browser.close()
    return registry, seen, other, verification, graph_boxes, requests, clicked


def follow_first_mismatch(page) -> dict:
    """What a reviewer does first: read the title, then click the first mismatch's cell link."""
    heading = page.locator("h1").inner_text()
    attention = page.locator("#attention + p + table tbody tr")
    statuses = [attention.nth(i).locator("td .badge").first.inner_text() for i in range(attention.count())]
    first = attention.first
    claim_id = first.locator("td code").inner_text()
    first.locator("td:nth-child(3) a").click()
    page.wait_for_function("location.hash.startsWith('#cell-')")
    return {
        "heading": heading,
        "statuses": statuses,
        "claim_id": claim_id,
        "hash": page.evaluate("location.hash"),
        **page.evaluate("""() => {
                const cell = document.querySelector(':target');
                const box = cell.getBoundingClientRect();
                const style = getComputedStyle(cell);
                return {tag: cell.tagName, classes: cell.className, text: cell.innerText,
                        in_view: box.top >= 0 && box.bottom <= window.innerHeight,
                        outline: style.outlineStyle, background: style.backgroundColor,
                        table: cell.closest('section').id};
            }"""),
    }


def test_every_registered_output_is_on_the_page_and_visible(browsed):
    registry, seen, *_ = browsed
    assert len(seen) == len(registry) == 32
    for entry in registry:
        found = seen[entry["id"]]
        assert found["visible"], entry["id"]
        assert found["title"].startswith(entry["title"]), entry["id"]
        if entry["kind"] == "table":
            assert found["rows"] > 0, entry["id"]
        elif entry["kind"] == "figure":
            assert found["image_width"] > 0, entry["id"]  # the embedded PNG decoded
        else:
            assert found["pages"] == 4, entry["id"]  # one page per case, as HTML (no raw Markdown in <pre>)


def test_verification_validation_and_workflow_are_shown(browsed):
    _, _, other, verification, graph_boxes, *_ = browsed
    assert other == {"verification": True, "validation": True, "workflow": True}
    assert verification == (
        "121 published values; cross-checks: 6 internal cross-checks (4 match, 2 mismatch), 6 "
        "external checks (6 not_reproducible); then 79 derived, 23 synthetic, 7 unknown."
    )
    assert graph_boxes == 20  # every rule of the workflow: pseudonymize, check_manuscript, paper, deposit included


def test_a_reviewer_lands_on_the_highlighted_cell_of_the_first_mismatch(browsed):
    *_, clicked = browsed
    assert clicked["heading"].startswith("Cross-sector engagement against human trafficking")
    assert clicked["statuses"] == ["mismatch"] * 2 + ["not_reproducible"] * 13  # the mismatches first
    assert clicked["claim_id"] == "T3.ngo_types.CN"
    assert clicked["hash"] == "#cell-table3-partner-types--community-nexus--ngo-types"
    assert (
        clicked["tag"] == "TD"
        and clicked["classes"] == "claimed mismatch"
        and clicked["table"] == "table3_partner_types"
    )
    assert clicked["text"] == "6\u2717 mismatch: published 7"  # regenerated 6, its verdict in the cell itself
    assert clicked["in_view"] and clicked["outline"] == "solid"
    assert clicked["background"] == "rgb(255, 233, 168)"  # the :target highlight


def test_every_compared_cell_shows_its_verdict_and_the_counts_come_before_any_collapsed_block(built):
    html = (built / "results/report.html").read_text(encoding="utf-8")
    assert html.count('<td class="claimed mismatch"') == 2
    assert html.count('<a class="claim synthetic"') + html.count('<a class="claim match"') > 60
    other = html[html.index('id="other-values"') :]
    assert other.index('class="summary glance"') < other.index("<details>")  # counts at a glance, open


def test_no_request_leaves_the_machine(browsed, built):
    *_, requests, _ = browsed
    assert requests and all(url.startswith(("file://", "data:")) for url in requests), requests
    assert (built / SCREENSHOT_NAME).stat().st_size > 10_000
