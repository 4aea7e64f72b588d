"""Kernel lifecycle on the participant server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from benchmarks.common import kernels
from tests.browser.test_journey import join

pytestmark = pytest.mark.browser


def kernels_below(pid: int) -> set[int]:
    return set(kernels(pid))


def test_closing_a_page_shuts_its_kernel_down(served, new_page):
    """When a participant closes the tab, is their kernel shut down at once (not left for the culler)?"""
    code, url = served.create_session("Kernel lifecycle")
    page = new_page()
    join(page, url, "Tab")
    time.sleep(3)  # let the pool refill after the visit
    with_page = kernels_below(served.process.pid)
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and kernels_below(served.process.pid) >= with_page:
        time.sleep(0.5)
    assert len(kernels_below(served.process.pid)) < len(with_page)
    assert "_xsrf' argument missing" not in (Path(served.env["XDG_DATA_HOME"]) / "mentorkit" / "logs"
                                             / "participant.log").read_text()


def test_a_slow_phone_keeps_its_kernel_while_it_loads(served, new_page):
    """On a crowded venue network (400 kbps, 400 ms, an empty cache: about 40 s of loading), does a
    first visit still get a working page, its kernel kept past the loading although a kernel whose
    page never connects is shut down after 60 s?"""
    from benchmarks.network import SLOW

    code, url = served.create_session("Slow phone")
    page = new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW)
    page.goto(url, wait_until="commit", timeout=300_000)
    page.get_by_label("Your name").wait_for(timeout=300_000)  # drawn by the kernel: it is connected
    page.get_by_label("Your name").fill("Slow")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("button", name="Confidentiality Checklist").wait_for(timeout=300_000)
