"""Faults in a real deployment: the whole server killed with SIGKILL and started again."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.common import tree
from tests.browser.conftest import free_port, make_self_paced
from tests.browser.test_journey import LABEL, answer_and_submit, checked, join


@pytest.mark.browser
def test_server_killed_and_restarted_keeps_answers(tmp_path, browser):
    """If the whole server (both Voilas and every kernel) is SIGKILLed and started again, do the open
    participant page and console say they lost the connection, offer to reconnect once the server is
    back, and come back (same participant, same answers; the console on its session with the same link)?"""
    db_url = f"sqlite:///{tmp_path / 'kill.sqlite3'}"
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"), MENTORKIT_DB=db_url, PYTHONUNBUFFERED="1")
    port, fport = free_port(), free_port()

    def serve(out: Path) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "kit.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--facilitator-port", str(fport)],
            env=env, stdout=open(out, "w"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while "Press Ctrl-C" not in out.read_text():
            assert process.poll() is None and time.monotonic() < deadline, out.read_text()
            time.sleep(0.3)
        return process

    def kill_everything(process: subprocess.Popen) -> None:
        # serve, both Voila servers and every kernel: no clean shutdown anywhere
        for pid in tree(process.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait(timeout=30)

    first = serve(tmp_path / "first.out")
    url = re.search(r"Participant URL: (\S+)", (tmp_path / "first.out").read_text()).group(1)
    make_self_paced(db_url, re.search(r"code=(\w+)", url).group(1))
    values = ["yes", "no", "not_sure", "no", "yes", "no", "yes", "not_sure"]
    context = browser.new_context()
    context.set_default_timeout(60_000)
    page = context.new_page()
    second = None
    console_context = browser.new_context(viewport={"width": 1280, "height": 900})
    console_context.set_default_timeout(60_000)
    console = console_context.new_page()
    try:
        join(page, url, "Robin")
        answer_and_submit(page, values)
        code = re.search(r"code=(\w+)", url).group(1)
        facilitator = re.search(r"Facilitator URL: (\S+)", (tmp_path / "first.out").read_text()).group(1)
        console.goto(facilitator, wait_until="domcontentloaded")
        console.locator(".mk-console-summary", has_text=code).wait_for()
        link = page.url
        kill_everything(first)
        # Both open pages say at once that they lost the server, instead of freezing silently.
        page.get_by_text("Connection lost").first.wait_for()
        console.get_by_text("Connection lost").first.wait_for()
        second = serve(tmp_path / "second.out")
        # The console's link is the same after a restart (a kept token), and says so.
        assert f"Facilitator URL: {facilitator}" in (tmp_path / "second.out").read_text()
        # Once the server is back, the pages know their kernel is gone and offer the one tap that helps.
        page.get_by_role("button", name="Tap to reconnect").click()
        page.get_by_role("button", name="Submit answers").wait_for()
        assert checked(page) == [LABEL[v] for v in values]
        assert page.url.split("?")[1] == link.split("?")[1] or "joined as Robin" in page.inner_text(".mk-identity")
        console.get_by_role("button", name="Tap to reconnect").click()
        console.locator(".mk-console-summary", has_text=code).wait_for()
    finally:
        context.close()
        console_context.close()
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
