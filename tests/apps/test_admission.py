"""Who gets a kernel on a real participant server (kit/apps/admission.py, kit/apps/kernels.py):
top-level navigations only, while there is room; pages that never connect leave within a minute."""

from __future__ import annotations

import http.client
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from websockets.sync.client import connect

from benchmarks import clients
from tests.apps.server import serve, wait_until

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")

NAVIGATION = {"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "none"}


def started(served) -> int:
    """Kernels the participant server has started so far (its log)."""
    return served.log.read_text().count("Kernel started: ")


def redirect_of(url: str) -> tuple[int, str]:
    """(status, Location) of a GET, without following a redirect."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=60)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=NAVIGATION)
        response = connection.getresponse()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def test_only_a_top_level_navigation_starts_a_kernel(tmp_path):
    """Do an ``<img>``-style request, an iframe and a navigation from another website start no kernel
    (403; a page with a link to continue), while following that link, a typed address and a client
    without Sec-Fetch headers each get a page with a kernel?"""
    served = serve(tmp_path, "--max-participants", "4")
    try:
        for dest in ("image", "iframe", "script", "empty"):
            status, _, body = served.get(served.home, {"Sec-Fetch-Dest": dest, "Sec-Fetch-Site": "cross-site"})
            assert status == 403 and "kernelId" not in body, dest
        status, _, body = served.get(served.home, dict(NAVIGATION, **{"Sec-Fetch-Site": "cross-site"}))
        assert status == 200 and "kernelId" not in body and "<script" not in body
        link = unescape(re.search(r'href="([^"]+)"', body).group(1))
        assert link == served.home.removeprefix(served.root)
        # Voila's notebook listing (which would fetch fonts from a public CDN) sends people to the join
        # page instead, keeping the code they came with.
        for path in ("/", "/voila/tree", "/voila/tree/facilitator"):
            status, location = redirect_of(f"{served.root}{path}?code=K7M2QX")
            assert status in (301, 302) and location.endswith("/voila/render/home.ipynb?code=K7M2QX"), path
        # Refusals are answered before anything is started: nothing has been, nor is running.
        assert started(served) == 0 and served.kernels() == []

        status, _, body = served.get(served.root + link, dict(NAVIGATION, **{"Sec-Fetch-Site": "same-origin"}))
        assert status == 200 and clients.FINISHED in body and "kernelId" in body
        status, _, body = served.get(served.home, NAVIGATION)
        assert status == 200 and clients.FINISHED in body
        status, _, body = served.get(served.home)  # no Sec-Fetch headers at all
        assert status == 200 and clients.FINISHED in body
        assert started(served) == 3
    finally:
        served.stop()


def test_a_full_room_answers_without_a_kernel_and_unconnected_pages_leave(tmp_path):
    """With room for two, is a third page told "the room is full" (503, Retry-After) without a
    kernel; is the kernel whose page never connected shut down after its grace (the
    connected one stays); and does the next visitor then get in?"""
    served = serve(tmp_path, "--max-participants", "2", "--unconnected-grace", "15")
    try:
        kept = re.search(r'"kernelId": "([0-9a-f-]+)"', served.get(served.home)[2]).group(1)
        # The first page's tab: connected, its websocket open until the end.
        with connect(f"{served.root.replace('http://', 'ws://')}/api/kernels/{kept}/channels?session_id=tab",
                     open_timeout=120):
            status, _, body = served.get(served.home)  # the second page: its tab never connects
            assert status == 200 and clients.FINISHED in body
            assert len(served.kernels()) == 2

            status, headers, body = served.get(served.home)
            assert status == 503 and "The room is full" in body and "kernelId" not in body
            assert int(headers["Retry-After"]) >= 30 and "no-store" in headers["Cache-Control"]
            assert started(served) == 2 and len(served.kernels()) == 2

            # The unconnected page's kernel goes after its grace (here 15 s; the cull pass runs every 3 s).
            wait_until(lambda: "no page connected to it" in served.log.read_text(), 150,
                       "the never-connected kernel shut down")
            wait_until(lambda: len(served.kernels()) == 1, 60, "one kernel left")
            assert f"Shutting down kernel {kept}" not in served.log.read_text()
            status, _, body = served.get(served.home)
            assert status == 200 and clients.FINISHED in body
    finally:
        served.stop()


class Peak:
    """The most kernel processes the server had at once, sampled in a thread until stopped."""

    def __init__(self, served):
        import threading

        self.served, self.peak, self._stop = served, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, len(self.served.kernels()))
            self._stop.wait(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def test_preheated_kernels_count_and_refill_when_room_frees(tmp_path):
    """With room for three and a pool of two, do the pool's kernels count (never more than three
    kernels, and a fourth visitor is told the room is full), and does the pool refill once the
    unconnected pages have gone, so the next visitor gets a preheated kernel again?"""
    served = serve(tmp_path, "--max-participants", "3", "--pool-size", "2", "--unconnected-grace", "15")
    try:
        wait_until(lambda: "Kernel pool of home.ipynb is filled with 2" in served.log.read_text(), 180,
                   "the pool filled")
        peak = Peak(served)
        statuses = [served.get(served.home)[0] for _ in range(4)]
        culled_meanwhile = "no page connected to it" in served.log.read_text()
        assert statuses.count(200) <= 3 or culled_meanwhile, statuses
        assert 503 in statuses or culled_meanwhile, statuses
        # Every page's kernel never connected: they go, and the pool's refills take their places.
        wait_until(lambda: served.log.read_text().count("no page connected to it") >= statuses.count(200), 240,
                   "the unconnected pages' kernels shut down")
        wait_until(lambda: len(served.kernels()) == 2, 120, "the pool refilled to two")
        used = served.log.read_text().count("Using pre-heated kernel")
        status, _, body = served.get(served.home)
        assert status == 200 and clients.FINISHED in body
        assert served.log.read_text().count("Using pre-heated kernel") == used + 1
        assert peak.stop() <= 3
    finally:
        served.stop()
