"""`localepress serve`: the real server on a free loopback port, driven by real Chromium.

One server (a subprocess, as a translator starts it) and one browser serve the whole module;
it previews the English editions of a copy of the session's published fixture project, whose
pack must come out byte-identical after the preview. Each test that edits a catalog puts the
file's first bytes back before it ends. The last test stops the server with SIGINT (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.accessibility import CHROMIUM_ARGS, find_chromium

from .conftest import WORKFLOW, run_workflow_once

pytestmark = pytest.mark.slow

FICHE_PO = Path("locales/en/LC_MESSAGES/fiche.po")
FUZZY, UNTRANSLATED = "Alès is a centre of civilisation", "Together, we know no limits"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def served(published_pack, tmp_path_factory):
    """(root, base URL, server process, pack digests before the preview): the server runs on
    a copy of the published project, with one entry of fiche.po made fuzzy and one emptied."""
    published, _report = published_pack
    root = tmp_path_factory.mktemp("preview") / "project"
    shutil.copytree(published.root, root, symlinks=True)
    before = digests(root / "output")
    po = root / FICHE_PO
    original = po.read_text(encoding="utf-8")
    marked = original.replace(f'msgstr "{UNTRANSLATED}"', 'msgstr ""')
    marked = re.sub(r'(\nmsgid "Alès est un pôle de civilisation")', r"\n#, fuzzy\1", marked)
    po.write_text(marked, encoding="utf-8")
    env = {**os.environ, "LOCALEPRESS_ROOT": str(root), "SOURCE_DATE_EPOCH": "1649808000"}
    command = [sys.executable, "-m", "localepress", "serve", "-l", "en", "--port", "0"]
    server = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        url = wait_for_line(server, "Ready: ")
        drain = threading.Thread(target=server.stdout.read, daemon=True)  # the pipe never fills
        drain.start()
        yield root, url, server, (before, original)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=20)
        if server.poll() is None:
            server.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, served):
    _root, url, _server, _ = served
    context = browser.new_context(viewport={"width": 1280, "height": 500})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url + "en/fiche.html")
    page.wait_for_selector(".lp-live:text('live')")
    yield page
    context.close()


@pytest.fixture
def fiche_po(served):
    """The previewed fiche.po; its text as the module started is put back afterwards."""
    root, _url, _server, _ = served
    po = root / FICHE_PO
    kept = po.read_text(encoding="utf-8")
    html = root / "output/.preview/site/en/fiche.html"
    yield po
    built = html.stat().st_mtime_ns
    po.write_text(kept, encoding="utf-8")
    deadline = time.monotonic() + 10  # the next test starts on the page rebuilt from `kept`
    while html.stat().st_mtime_ns == built and time.monotonic() < deadline:
        time.sleep(0.1)


def wait_for_line(server: subprocess.Popen, prefix: str) -> str:
    """What follows `prefix` on the server's output (its URL once built)."""
    seen = []
    for line in server.stdout:
        seen.append(line)
        if line.startswith(prefix):
            return line[len(prefix) :].strip()
    raise AssertionError("the server ended before it was ready:\n" + "".join(seen))


def digests(output: Path) -> dict[str, str]:
    """Every published file under `output` (the preview's own folder apart)."""
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file() and not path.relative_to(output).parts[0].startswith(".")
    }


def kernels(root: Path) -> list[int]:
    """The ipykernel processes started for the project at `root`."""
    marker = f"LOCALEPRESS_ROOT={root}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if (
                entry.name.isdigit()
                and b"ipykernel" in (entry / "cmdline").read_bytes()
                and marker in (entry / "environ").read_bytes().split(b"\0")
            ):
                found.append(int(entry.name))
    return found


def segment(page, text: str):
    return page.locator("[data-lp-seg]", has_text=text).first


def test_a_saved_edit_appears_without_a_manual_reload(page, fiche_po):
    page.evaluate("window.scrollTo(0, 300)")
    scrolled = page.evaluate("scrollY")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    fiche_po.write_text(
        fiche_po.read_text(encoding="utf-8").replace('"Our 3 pillars"', '"Our three pillars"'),
        encoding="utf-8",
    )
    changed = segment(page, "Our three pillars")
    changed.wait_for()
    assert "lp-changed" in changed.get_attribute("class")  # briefly highlighted
    assert page.evaluate("scrollY") == scrolled  # the reader's place is kept
    assert not navigations  # the new body was put in place: no reload at all


def test_a_broken_catalog_shows_the_banner_and_recovers(page, fiche_po):
    good = fiche_po.read_text(encoding="utf-8")
    broken = good.replace('msgstr "Our 3 pillars"', 'msgstr "Our 3 pillars')
    line = broken.splitlines().index('msgstr "Our 3 pillars') + 1
    fiche_po.write_text(broken, encoding="utf-8")
    banner = page.locator(".lp-banner")
    banner.wait_for(state="visible")
    assert f"locales/en/LC_MESSAGES/fiche.po:{line}" in banner.text_content()
    assert segment(page, "Our 3 pillars").is_visible()  # the last good text stays
    fiche_po.write_text(good.replace('"Our 3 pillars"', '"Our 3 pillars, fixed"'), "utf-8")
    segment(page, "Our 3 pillars, fixed").wait_for()
    banner.wait_for(state="hidden")  # the banner follows the state fetched after the new text


def test_the_overlay_shows_the_entry_file_line_and_the_french(page, served):
    root = served[0]
    lines = (root / FICHE_PO).read_text(encoding="utf-8").splitlines()
    wanted = lines.index('msgid "Nos 3 piliers"') + 1
    heading = segment(page, "Our 3 pillars")
    heading.hover()
    panel = page.locator(".lp-panel")
    panel.wait_for(state="visible")
    assert f"locales/en/LC_MESSAGES/fiche.po:{wanted}" in panel.text_content()
    assert "Nos 3 piliers" in panel.text_content()
    assert segment(page, "pôle de civilisation").get_attribute("data-lp-status") == "fuzzy"
    assert segment(page, "limites").get_attribute("data-lp-status") == "untranslated"
    outline = segment(page, "limites").evaluate("node => getComputedStyle(node).outlineStyle")
    assert outline == "dashed"
    page.get_by_role("button", name="Show French").click()
    assert heading.locator(".lp-french").text_content() == "Nos 3 piliers"


def test_check_findings_reach_the_segment(page, fiche_po):
    fiche_po.write_text(
        fiche_po.read_text(encoding="utf-8").replace('"Our 3 pillars"', '"Our 4 pillars"'),
        encoding="utf-8",
    )
    flagged = page.locator(".lp-finding-warning", has_text="Our 4 pillars")
    flagged.wait_for()  # the checks ran apart, after the page showed the new text
    flagged.hover()
    panel = page.locator(".lp-panel")
    panel.wait_for(state="visible")
    assert "warning numbers: missing 3" in panel.text_content()


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/../../../locales/en/LC_MESSAGES/fiche.po",
        "/%2e%2e/%2e%2e/%2e%2e/locales/en/LC_MESSAGES/fiche.po",
        "/en/..%2f..%2f..%2f..%2flocales/en/LC_MESSAGES/fiche.po",
        "/..%5c..%5c..%5clocales%5cen%5cLC_MESSAGES%5cfiche.po",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/en/",
        "/en",
        "/leak.po",
    ],
)
def test_only_the_preview_folder_is_served(served, path):
    root, url, _server, _ = served
    leak = root / "output/.preview/site/leak.po"
    if not leak.is_symlink():
        leak.symlink_to(root / FICHE_PO)  # a link out of the folder is refused too
    host, port = url.split("//")[1].strip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)  # sent as written: no client-side normalising
    response = connection.getresponse()
    body = response.read()
    assert response.status in (400, 403, 404), path
    assert b"msgid" not in body and b"root:" not in body
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")


def test_ctrl_c_stops_cleanly_and_the_published_pack_is_unchanged(served):
    root, _url, server, (before, original) = served
    assert kernels(root), "the preview keeps its kernel warm while it serves"
    server.send_signal(signal.SIGINT)
    assert server.wait(timeout=30) == 0
    assert not kernels(root)  # stopped before the server exited
    (root / FICHE_PO).write_text(original, encoding="utf-8")
    _project, report = run_workflow_once(root, WORKFLOW)
    assert report.ok
    assert (root / "output/.preview/site/en/fiche.html").is_file()
    assert len(before) > 10 and digests(root / "output") == before
