"""End to end in headless Chromium (Debian's, never a downloaded browser): click through the
app, follow evidence to the exact words, use search and filters; no payload ever runs."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from test_web_store import build_store  # noqa: E402

from rashomon.web.app import create_app  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Chromium is not installed (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "x.db"
    build_store(db, n_docs=5)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        tab = browser.new_page()
        tab.dialogs = []  # type: ignore[attr-defined]
        tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
        yield tab
        browser.close()


def test_click_through_without_any_dialog(server, page):
    for path in [
        "/",
        "/documents",
        "/items/quotes",
        "/items/contradictions",
        "/actors/a-1",
        "/docs",
    ]:
        page.goto(server + path)
        page.wait_for_load_state("load")
    page.goto(server + "/")
    page.click("a[href='/stories/st-1']")
    page.wait_for_load_state("load")
    assert page.locator("table.facts tr.disputed").count() == 1
    assert page.locator("mark.d").count() >= 2  # 10 and 15 differ
    # Evidence on click lands on the exact words, highlighted.
    cell = page.locator("table.facts a.ev").first
    words = cell.inner_text()
    cell.click()
    page.wait_for_load_state("load")
    target = page.locator(".hl.target").first
    target.wait_for(timeout=5000)
    assert words in target.inner_text()
    assert page.dialogs == []


def test_search_and_filters(server, page):
    page.goto(server + "/")
    page.fill("nav input[name=q]", "spokesman")
    page.press("nav input[name=q]", "Enter")
    page.wait_for_load_state("load")
    assert "/search?q=spokesman" in page.url
    assert page.locator("a.ev").count() >= 1
    page.goto(server + "/documents")
    page.select_option("select[name=outlet]", "Outlet 1")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("a.doc-link").count() == 1
    assert page.dialogs == []


def test_hostile_links_do_nothing(server, page):
    page.goto(server + "/documents")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and not [h for h in hrefs if h.strip().lower().startswith(("javascript", "data"))]
    for text in page.locator("td span.muted").all_inner_texts():
        assert text  # hostile URLs are shown as plain text
    assert page.dialogs == []
