"""Real servers and a real browser: `mentorkit serve` on loopback, headless Debian Chromium.

Outside CI the tier skips when Chromium is missing; with CI=true it fails instead (nothing may skip).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MENTORKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, reason: str) -> None:
    """Skip a browser test outside CI when a system dependency is missing; fail in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tier may not skip)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    """A running `mentorkit serve` and how to reach it."""

    process: subprocess.Popen
    participant: str
    facilitator_url: str
    facilitator_base: str
    token: str
    db_url: str
    env: dict
    output: Path

    def cli(self, *args: str) -> str:
        """Run a `mentorkit` subcommand against the same database; returns stdout."""
        done = subprocess.run([sys.executable, "-m", "kit.cli", *args, "--db", self.db_url], env=self.env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def create_session(self, name: str, *, paced: bool = False) -> tuple[str, str]:
        """`mentorkit session create`: returns (join code, participant URL). Unless ``paced``, the
        session is made self-paced, so participants open exercises from the list themselves."""
        out = self.cli("session", "create", "--name", name, "--public-url", self.participant)
        code = re.search(r"Join code: (\w+)", out).group(1)
        url = re.search(r"Participant URL: (\S+)", out).group(1)
        if not paced:
            make_self_paced(self.db_url, code)
        return code, url


def make_self_paced(db_url: str, code: str) -> None:
    """Let participants of session ``code`` move freely between open exercises."""
    from kit.logic import pacing
    from kit.store import Store

    store = Store(db_url)
    try:
        store.change_session_settings(code, lambda settings: pacing.self_paced(True))
    finally:
        store.dispose()


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """`mentorkit serve` started as a user starts it, on free loopback ports, stopped with SIGTERM."""
    need(shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    home = tmp_path_factory.mktemp("serve")
    db_url = f"sqlite:///{home / 'kit.sqlite3'}"
    port, fport = free_port(), free_port()
    token = "browser-test-token"
    env = dict(os.environ, XDG_DATA_HOME=str(home / "xdg"), MENTORKIT_DB=db_url, PYTHONUNBUFFERED="1")
    env.pop("MENTORKIT_CONTENT", None)
    # Kernels behave as they do for users: ipykernel stops forwarding file descriptor 2 to the page
    # when it sees this variable (inherited from pytest through serve and Voila).
    env.pop("PYTEST_CURRENT_TEST", None)
    output = home / "serve.out"
    process = subprocess.Popen(
        [sys.executable, "-m", "kit.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--facilitator-port", str(fport), "--token", token, "--cull-idle", "60"],
        env=env, stdout=open(output, "w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while "Press Ctrl-C" not in output.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("mentorkit serve did not start:\n" + output.read_text())
        time.sleep(0.3)
    text = output.read_text()
    facilitator_url = re.search(r"Facilitator URL: (\S+)", text).group(1)
    yield Served(process, f"http://127.0.0.1:{port}", facilitator_url, f"http://127.0.0.1:{fport}", token, db_url,
                 env, output)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


@pytest.fixture(scope="session")
def browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context (a separate person's browser); all closed after the test."""
    contexts = []

    def make(viewport=(390, 844), touch=False):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, has_touch=touch)
        context.set_default_timeout(60_000)
        contexts.append(context)
        return context.new_page()

    yield make
    from playwright.sync_api import Error as PlaywrightError

    for context in contexts:
        for page in context.pages:
            try:
                page.close(run_before_unload=True)  # so Voila shuts the kernel down
            except PlaywrightError:  # already closed by the test
                pass
        context.close()


@dataclass
class PresentedRoom:
    """A paced session with its console open and three joined phones showing one exercise."""

    code: str
    console: object  # the facilitator's page
    agenda: object  # the console's agenda locator
    phones: list  # Ana's, Kim's and Lee's pages, 390 px wide


@pytest.fixture
def presented(served, new_page):
    """``presented(name, exercise, ready)``: create a paced session called ``name``, open its console,
    join Ana, Kim and Lee on phones, Present ``exercise``, and wait until every phone shows the CSS
    selector ``ready`` inside it (what a kind's test needs before its first tap). ``touch`` says which
    phones have a touch screen."""
    from tests.browser.test_room import join_room

    def make(name: str, exercise: str, ready: str, touch: tuple[bool, bool, bool] = (False, False, False)) -> PresentedRoom:
        code, url = served.create_session(name, paced=True)
        console = new_page(viewport=(1280, 1000))
        console.goto(served.facilitator_url, wait_until="domcontentloaded")
        console.get_by_label("Session", exact=True).select_option(label=f"{name} ({code})")
        agenda = console.locator(".mk-agenda")
        agenda.locator(".mk-now-presenting", has_text="Nothing presented").wait_for()
        phones = [new_page(touch=t) for t in touch]
        for phone, person in zip(phones, ("Ana", "Kim", "Lee")):
            join_room(phone, url, person)
        agenda.locator(f".mk-agenda-row-{exercise}").get_by_role("button", name="Present").click()
        for phone in phones:
            phone.locator(f".mk-room-body.mk-current-{exercise} {ready}").first.wait_for()
        return PresentedRoom(code, console, agenda, phones)

    return make
