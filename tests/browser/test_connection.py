"""A page that knows its connection, with faults injected in a real browser: a dropped network while the
kernel lives on, a kernel killed under the page, a reload during a submit held by a database lock, a
join on a read-only database; and no request to anything but the server."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from benchmarks.common import tree
from tests.browser.test_room import join_room, kernel_id, showing

pytestmark = pytest.mark.browser


def test_page_served_asks_nothing_outside_the_server(served, new_page):
    """Do a participant page (from the first byte to a joined page) and the console request nothing from
    another host (a venue network without internet)?"""
    code, url = served.create_session("Offline venue", paced=True)
    page = new_page()
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(served.participant) and not request.url.startswith(("data:", "blob:"))
            else None)
    join_room(page, url, "Ana")
    console = new_page(viewport=(1280, 900))
    console.on("request", lambda request: outside.append(request.url)
               if not request.url.startswith(served.facilitator_base) and not request.url.startswith(("data:", "blob:"))
               else None)
    console.goto(served.facilitator_url, wait_until="domcontentloaded")
    console.locator(".mk-agenda").wait_for()
    assert outside == []


def test_a_dropped_connection_says_so_and_comes_back_on_the_current_exercise(served, new_page):
    """When the network drops, does the page say so at once, grey out its inputs and hide "Saved", and
    when it comes back (kernel alive) show what the facilitator presented meanwhile, by itself?"""
    code, url = served.create_session("Wi-Fi drop", paced=True)
    page = new_page()
    join_room(page, url, "Ana")
    served.cli("present", "--session", code, "confidentiality")
    showing(page, "confidentiality")
    page.context.set_offline(True)
    banner = page.locator("#mk-connection")
    banner.get_by_text("Connection lost — reconnecting…").wait_for()
    assert page.evaluate("document.body.classList.contains('mk-offline')")
    served.cli("present", "--session", code, "smart_goals")
    page.context.set_offline(False)
    page.locator(".mk-room-body.mk-current-smart_goals").wait_for(timeout=90_000)
    banner.wait_for(state="hidden")
    assert not page.evaluate("document.body.classList.contains('mk-offline')")


def test_a_killed_kernel_offers_a_reconnect_that_restores_the_draft(served, new_page):
    """When the page's kernel dies, does the page offer "Tap to reconnect", and does the tap bring the
    same participant back on the presented exercise with what they had ticked?"""
    code, url = served.create_session("Kernel dies", paced=True)
    page = new_page()
    join_room(page, url, "Kim")
    served.cli("present", "--session", code, "confidentiality")
    showing(page, "confidentiality")
    page.locator(".mk-choice").nth(2).get_by_role("radio", name="No", exact=True).check()
    page.wait_for_timeout(1500)  # the draft is saved a second after the last change
    kernel = kernel_id(page)
    kill_kernel(served.process.pid, kernel)
    page.get_by_role("button", name="Tap to reconnect").click()
    showing(page, "confidentiality")
    assert "joined as Kim" in page.inner_text(".mk-identity")
    assert kernel_id(page) != kernel
    assert page.locator(".mk-choice").nth(2).get_by_role("radio", name="No", exact=True).is_checked()


def kill_kernel(serve_pid: int, kernel: str) -> None:
    """SIGKILL the kernel process whose connection file names ``kernel`` (a kernel that died)."""
    for pid in tree(serve_pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().decode("utf-8", "replace")
        except OSError:
            continue
        if kernel in command:
            os.kill(pid, signal.SIGKILL)
            return
    raise AssertionError(f"no process for kernel {kernel}")


def test_a_reload_during_a_submit_held_by_a_database_lock_loses_nothing(served, new_page):
    """With the database locked by another writer, does Submit say "Saving…", and after a reload in the
    middle of it, are the ticked answers on the page again, stored or kept as a draft, never lost?"""
    import sqlite3

    code, url = served.create_session("Locked database", paced=True)
    page = new_page()
    join_room(page, url, "Lee")
    served.cli("present", "--session", code, "confidentiality")
    showing(page, "confidentiality")
    labels = ["Yes", "No", "Not sure", "Yes", "No", "Yes", "No", "Not sure"]
    choices = page.locator(".mk-choice")
    for index, label in enumerate(labels):
        choices.nth(index).get_by_role("radio", name=label, exact=True).check()
    page.wait_for_timeout(1500)  # the draft is saved a second after the last change
    database = served.db_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(database, timeout=30, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
        page.get_by_role("button", name="Submit answers").click()
        page.locator(".mk-submit-status", has_text="Saving…").wait_for()
        page.reload()
        showing(page, "confidentiality")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    choices = page.locator(".mk-choice")
    for index, label in enumerate(labels):
        assert choices.nth(index).get_by_role("radio", name=label, exact=True).is_checked()
    status = page.inner_text(".mk-exercise")
    assert "not submitted yet" in status or "submitted at" in status


def test_a_join_while_the_database_is_read_only_says_so_and_stores_nobody(tmp_path, browser):
    """With `serve` on a database it can read but not write, does a person pressing Join read that
    joining is not possible right now (not a Join button greyed out for good), with the reason in
    the server's log?"""
    import re
    import subprocess
    import sys
    import time

    from kit.store import Store
    from tests.browser.conftest import free_port

    path = tmp_path / "read-only.sqlite3"
    store = Store(f"sqlite:///{path}")
    session = store.create_session("Read-only room")
    store.dispose()
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"), PYTHONUNBUFFERED="1")
    env.pop("MENTORKIT_DB", None)
    port, fport = free_port(), free_port()
    out = tmp_path / "serve.out"
    process = subprocess.Popen(
        [sys.executable, "-m", "kit.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--facilitator-port",
         str(fport), "--no-first-session", "--db", f"sqlite:///file:{path}?mode=ro&uri=true"],
        env=env, stdout=open(out, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(60_000)
    try:
        deadline = time.monotonic() + 120
        while "Press Ctrl-C" not in out.read_text():
            assert process.poll() is None and time.monotonic() < deadline, out.read_text()
            time.sleep(0.3)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/voila/render/home.ipynb?code={session.code}",
                  wait_until="domcontentloaded")
        page.get_by_label("Your name").fill("Sam")
        page.get_by_role("button", name="Join").click()
        page.get_by_text("the workshop's database cannot take new people").wait_for(timeout=120_000)
        page.get_by_text("Joining is not possible right now").wait_for(timeout=120_000)
        assert page.get_by_role("button", name="Join").is_enabled()
        logs = re.search(r"Server logs:\s+(\S+)", out.read_text()).group(1)
        log_text = (Path(logs) / "participant.log").read_text()
        assert "join failed" in log_text and "readonly" in log_text.lower()
    finally:
        context.close()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    check = Store(f"sqlite:///{path}")
    try:
        assert check.count_participants(session.code) == 0
    finally:
        check.dispose()
