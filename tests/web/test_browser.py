"""End-to-end in a real browser (Debian's chromium via Playwright): log in, work the queue with the keyboard,
dismiss with a reason, export a case. Screenshots of the main pages go to a temporary directory, or to
``$BOUNDARYWATCH_SCREENSHOTS`` (``BOUNDARYWATCH_SCREENSHOTS=docs/screenshots`` refreshes the ones in the docs), so a
test run leaves the tree clean."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("BOUNDARYWATCH_SCREENSHOTS") or Path(tempfile.gettempdir()) / "boundarywatch-screenshots")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
PASSWORD = "browser-test-password"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from boundarywatch.store import repository as repo
    from boundarywatch.store.db import make_engine, session_scope
    from boundarywatch.web.app import create_app
    from boundarywatch.web.cli import load_demo
    from boundarywatch.web.security import hash_password
    from boundarywatch.web.settings import Settings

    url = f"sqlite:///{tmp_path_factory.mktemp('browser')}/bw.db"
    app = create_app(Settings(db_url=url))
    engine = make_engine(url)
    with session_scope(engine) as s:
        repo.create_user(
            session=s, username="supervisor", password_hash=hash_password(PASSWORD), role="supervisor"
        )
    engine.dispose()
    load_demo(url, examples=Path("/nonexistent"))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def test_review_loop_with_keyboard(server: str, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)  # type: ignore[attr-defined]
    ctx.set_default_timeout(20_000)
    expect.set_options(timeout=15_000)
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/queue")
    expect(page).to_have_url(f"{server}/login?next=/queue")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Review queue")
    rows = page.locator("#queue tr.row")
    assert rows.count() >= 10
    expect(rows.nth(0)).to_have_class("row selected")
    page.screenshot(path=str(SHOTS / "queue.png"), full_page=True)

    # j moves down, k back up, Enter opens the selected flag
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(rows.nth(2)).to_have_class("row selected")
    page.keyboard.press("k")
    expect(rows.nth(1)).to_have_class("row selected")
    second = rows.nth(1).get_attribute("data-href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{second}")
    expect(page.locator(".utt.flagged mark")).to_be_visible()
    expect(page.locator(".shortcut-bar")).to_contain_text("dismiss")
    # the transcript's <script> line stays text
    page.goto(f"{server}/queue?category=secrecy")
    page.keyboard.press("Enter")
    page.wait_for_url("**/flags/**")
    expect(page.locator("body")).to_contain_text("<script>alert('x')</script>")
    assert dialogs == []

    # n/p walk the queue
    page.goto(f"{server}/queue")
    page.keyboard.press("Enter")
    page.wait_for_url("**/flags/**")
    first_url = page.url
    page.keyboard.press("j")
    page.wait_for_url(lambda u: u != first_url)
    page.keyboard.press("k")
    page.wait_for_url(first_url)
    page.screenshot(path=str(SHOTS / "flag.png"), full_page=True)

    # dismiss a critical flag: a comment is required; then dismiss with reason 1 and a comment
    page.keyboard.press("d")
    expect(page.locator("fieldset.reasons[data-action=dismiss]")).to_be_visible()
    expect(page.locator("fieldset.reasons[data-action=confirm]")).to_be_hidden()
    page.keyboard.press("1")
    assert page.locator("input[name=reason_code][value=false_positive]").is_checked()
    page.keyboard.press("Control+Enter")
    expect(page.locator("#decision-error")).to_contain_text("comment is required")
    page.keyboard.press("d")
    page.keyboard.press("1")
    page.keyboard.press("m")
    page.keyboard.type("Reviewed the full session: the phrase is quoted from a film.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url("**msg=saved**")
    expect(page.locator(".alert.ok")).to_contain_text("Decision saved")
    assert page.url != first_url

    # escalate the next one from the keyboard, reason 1, Enter submits
    escalated_url = page.url
    page.keyboard.press("e")
    page.keyboard.press("1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".alert.ok")).to_contain_text("Decision saved")
    assert page.url != escalated_url
    page.goto(first_url.split("?")[0])
    expect(page.locator("#flag-status")).to_have_text("dismissed")
    expect(page.locator(".history")).to_contain_text("False positive")

    # the case: timeline chart, HTML and PDF export
    page.click("a[href^='/cases/']")
    expect(page.locator("svg.chart")).to_be_visible()
    page.screenshot(path=str(SHOTS / "case.png"), full_page=True)
    href = page.locator("#export-html").get_attribute("href")
    report = ctx.new_page()
    report.goto(f"{server}{href}")
    expect(report.locator("h1")).to_have_text("Case report")
    expect(report.locator("body")).to_contain_text("False positive")
    report.screenshot(path=str(SHOTS / "case-report.png"), full_page=True)
    with page.expect_download() as dl:
        page.click("#export-pdf")
    pdf = tmp_path / "case.pdf"
    dl.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.goto(f"{server}/dashboard")
    expect(page.locator("svg.chart")).to_have_count(3)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    ctx.close()
