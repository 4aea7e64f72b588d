"""A participant server capped at a few kernels, flooded with anonymous page requests while real
participants (in Chromium) answer: the cap holds, the room-full page costs no kernel, and the people
already in keep working, reloads included."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kit.store import Store
from tests.apps.server import serve, wait_until
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, make_self_paced, need
from tests.browser.test_journey import ANA, KIM, LABEL, answer_and_submit, checked, join
from benchmarks.flood import ABANDONED, CROSS_SITE, IMAGE, PAGE, flood

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")]

CAP, REQUESTS = 8, 60


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("kernel-")[-1][:8]
    except OSError:
        return "gone"


class Peak:
    """The most kernel processes the server had at once, sampled in a thread until stopped."""

    def __init__(self, served):
        self.served, self.peak, self._stop = served, 0, threading.Event()
        self.at_peak: list[str] = []  # the kernels' command lines at the peak (when it fails: which)
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            pids = self.served.kernels()
            if len(pids) > self.peak:
                self.peak = len(pids)
                import time
                self.at_peak = [time.strftime("%H:%M:%S")] + [_cmdline(pid) for pid in pids]
            self._stop.wait(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def test_a_flood_never_passes_the_cap_and_participants_keep_answering(tmp_path):
    """While 60 anonymous requests (a third abandoned at once, a quarter as <img> from another
    site, some cross-site navigations, the rest full page loads) hit a server capped at 8 kernels
    with a pool of 2, and two people in Chromium answer, does the server never run more than 8
    kernels, serve the room-full page (503) without a kernel, refuse the <img> requests, store every
    answer, and give a participant who reloads in the full room their page back?"""
    need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    served = serve(tmp_path, "--max-participants", str(CAP), "--pool-size", "2")
    peak = Peak(served)
    try:
        make_self_paced(served.db_url, served.code)

        def browse() -> dict:
            """The two participants and the flood (on a thread of its own: the browser tests' Playwright
            may still be running in this one, and Playwright's sync API refuses a running loop)."""
            outcomes: dict = {}
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                pages = []
                for name in ("Ana", "Kim"):
                    context = browser.new_context(viewport={"width": 390, "height": 844})
                    context.set_default_timeout(180_000)
                    page = context.new_page()
                    join(page, served.home, name)
                    pages.append(page)
                ana, kim = pages

                flooding = threading.Thread(target=lambda: outcomes.update(flood(served.home, REQUESTS)))
                flooding.start()
                answer_and_submit(ana, ANA)
                answer_and_submit(kim, KIM)
                flooding.join(timeout=900)
                assert not flooding.is_alive()

                # The room is full now (unconnected pages hold their places for a minute): Ana reloads.
                ana.reload()
                ana.locator(".mk-choice").first.wait_for()  # back on the checklist she was answering
                wait_until(lambda: checked(ana) == [LABEL[v] for v in ANA], 120, "Ana's answers back after reload")
                assert "joined as Ana" in ana.inner_text(".mk-identity")
                browser.close()
            return outcomes

        with ThreadPoolExecutor(1) as pool:
            outcomes = pool.submit(browse).result()

        assert peak.stop() <= CAP, " ".join(peak.at_peak)
        kinds = {kind: {outcome: count for (k, outcome), count in outcomes.items() if k == kind}
                 for kind in (ABANDONED, IMAGE, CROSS_SITE, PAGE)}
        assert kinds[IMAGE] == {"403 refused": sum(kinds[IMAGE].values())}, kinds
        assert kinds[CROSS_SITE] == {"200 link page": sum(kinds[CROSS_SITE].values())}, kinds
        assert set(kinds[PAGE]) <= {"200 kernel", "503 room full"} and kinds[PAGE].get("503 room full"), kinds
        log = served.log.read_text()
        assert log.count("The room is full") >= kinds[PAGE]["503 room full"]
        store = Store(served.db_url)
        try:
            stored = store.latest_answers(served.code, "confidentiality")
        finally:
            store.dispose()
        from kit.content import load_content

        ids = [item.id for item in load_content()["confidentiality"].items]
        assert sorted(tuple(a[i] for i in ids) for a in stored) == sorted([tuple(ANA), tuple(KIM)])
    finally:
        peak.stop()
        served.stop()
