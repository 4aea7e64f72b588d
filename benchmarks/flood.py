"""``flood``: anonymous page requests, as a hostile participant or another website could send them,
at a participant server with a capped room (``serve --max-participants``), while real participants
in Chromium answer the checklist. Measured: the most kernels at once against the cap, the kernels'
and the whole server's memory against the cap's budget, and whose answers were stored.

The requests (:func:`flood`) are shared with tests/load/test_flood.py: a third abandoned at once
(the connection closed as soon as the request is sent), a quarter ``<img>``-style
(``Sec-Fetch-Dest: image`` from another site), a sixth navigations from another site, the rest full
page loads without Sec-Fetch headers (a script).
"""

from __future__ import annotations

import random
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

#: The kinds of request, in the proportions of a flood of ``n`` (the rest are full page loads).
ABANDONED, IMAGE, CROSS_SITE, PAGE = "abandoned at once", "<img> from another site", "cross-site navigation", "page"
SHARES = {ABANDONED: 1 / 3, IMAGE: 1 / 4, CROSS_SITE: 1 / 6}


def plan(n: int, seed: int = 16) -> list[str]:
    """``n`` request kinds in a shuffled (reproducible) order."""
    kinds = [kind for kind, share in SHARES.items() for _ in range(round(n * share))]
    kinds += [PAGE] * (n - len(kinds))
    random.Random(seed).shuffle(kinds)
    return kinds


def _abandon(url: str) -> str:
    """Send the request and close the connection at once (a tab closed while loading, a script)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as conn:
        conn.sendall(f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                     f"Sec-Fetch-Dest: document\r\nSec-Fetch-Site: none\r\n\r\n".encode())
    return "sent"


def _get(url: str, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def one(kind: str, url: str) -> tuple[str, str]:
    """Send one request of ``kind``; returns (kind, outcome): ``sent``, or the status and what the body
    was (``kernel`` for a page with a kernel, ``room full``, ``link page``, ``refused``)."""
    if kind == ABANDONED:
        return kind, _abandon(url)
    if kind == IMAGE:
        status, body = _get(url, {"Sec-Fetch-Dest": "image", "Sec-Fetch-Mode": "no-cors",
                                  "Sec-Fetch-Site": "cross-site"})
    elif kind == CROSS_SITE:
        status, body = _get(url, {"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate",
                                  "Sec-Fetch-Site": "cross-site"})
    else:
        status, body = _get(url, {})
    if "kernelId" in body:
        what = "kernel"
    elif "The room is full" in body:
        what = "room full"
    elif "Open the workshop page" in body:
        what = "link page"
    else:
        what = "refused"
    return kind, f"{status} {what}"


def flood(url: str, n: int, *, at_once: int = 30) -> Counter:
    """``n`` anonymous requests for ``url``, ``at_once`` at a time; counts of (kind, outcome)."""
    with ThreadPoolExecutor(at_once, thread_name_prefix="flood") as pool:
        return Counter(pool.map(lambda kind: one(kind, url), plan(n)))


# -- the benchmark --------------------------------------------------------------------------------

#: What a participant answers (8 statements of the confidentiality checklist).
ANSWERS = ["Yes", "No", "Not sure", "Yes", "Yes", "No", "No", "Yes"]


class Watch:
    """The most kernels, and the most memory (MB) of the kernels and of the whole server, sampled in
    a thread until stopped."""

    def __init__(self, pid: int, every: float = 0.2):
        from benchmarks.common import kernels, rss_mb, tree

        self.kernels = self.kernels_mb = self.server_mb = 0.0
        self._stop = threading.Event()

        def watch() -> None:
            while not self._stop.is_set():
                pids = kernels(pid)
                self.kernels = max(self.kernels, len(pids))
                self.kernels_mb = max(self.kernels_mb, sum(rss_mb(p) for p in pids))
                self.server_mb = max(self.server_mb, sum(rss_mb(p) for p in tree(pid)))
                self._stop.wait(every)

        self._thread = threading.Thread(target=watch, daemon=True)
        self._thread.start()

    def stop(self) -> "Watch":
        self._stop.set()
        self._thread.join()
        return self


def answer(page) -> None:
    """Open the checklist from the self-paced list, answer every statement and submit."""
    page.get_by_role("button", name="Confidentiality Checklist").click()
    choices = page.locator(".mk-choice")
    choices.first.wait_for()
    for i, label in enumerate(ANSWERS):
        choices.nth(i).get_by_role("radio", name=label, exact=True).check()
    page.wait_for_function("() => !document.querySelector('.mk-submit').disabled")
    page.get_by_role("button", name="Submit answers").click()
    page.locator(".mk-submit-status", has_text="Saved.").wait_for()


def run(options, databases) -> list:
    """200 requests at a room of 40 (smoke: 12 at 4) with three real participants (smoke: one)."""
    from playwright.sync_api import sync_playwright

    from benchmarks.common import CHROMIUM, CHROMIUM_ARGS, Result
    from benchmarks.servers import KitServer
    from kit.apps.serve import KERNEL_MB
    from kit.logic import pacing
    from kit.store import Store

    cap, n, people, pool = options.size(40, 4), options.size(200, 12), options.size(3, 1), options.size(3, 1)
    kit = KitServer(options.scratch, pool_size=pool, name="flood", max_participants=cap)
    try:
        store = Store(kit.db_url)
        store.change_session_settings(kit.code, lambda settings: pacing.self_paced(True))
        store.dispose()
        keys = kit.people(people)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = []
            for key in keys:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                context.set_default_timeout(300_000)
                page = context.new_page()
                page.goto(kit.home_url(key), wait_until="domcontentloaded")
                page.get_by_role("button", name="Confidentiality Checklist").wait_for()
                pages.append(page)
            before = Watch(kit.pid)
            time.sleep(1)
            idle_mb = before.stop().server_mb
            watch = Watch(kit.pid)
            outcomes: Counter = Counter()
            flooding = threading.Thread(target=lambda: outcomes.update(flood(kit.home_url(), n)))
            started = time.perf_counter()
            flooding.start()
            saved = 0
            for page in pages:
                try:
                    answer(page)
                    saved += 1
                except Exception:  # an answer that never saved counts as not stored
                    pass
            flooding.join()
            seconds = time.perf_counter() - started
            watch.stop()
            browser.close()
        store = Store(kit.db_url)
        stored = len(store.latest_answers(kit.code, "confidentiality"))
        store.dispose()
    finally:
        kit.stop()
    count = lambda kind, outcome: outcomes.get((kind, outcome), 0)  # noqa: E731
    budget = cap * KERNEL_MB
    label = f"{n} requests, room of {cap}"
    note = (f"pool {pool}, {people} in Chromium answering; {count(PAGE, '503 room full')} room-full pages, "
            f"{count(PAGE, '200 kernel')} pages with a kernel, {count(IMAGE, '403 refused')} <img> refused, "
            f"{count(CROSS_SITE, '200 link page')} cross-site link pages, {count(ABANDONED, 'sent')} abandoned; "
            f"{seconds:.0f} s")
    return [
        Result("flood", f"{label}: most kernels at once (vs the cap)", watch.kernels, cap, "kernels", "≤ 1.0", note),
        Result("flood", f"{label}: kernels' memory at most (vs cap × {KERNEL_MB} MB)", watch.kernels_mb, budget,
               "MB", "≤ 1.0"),
        Result("flood", f"{label}: server's memory at most (vs that + idle server)", watch.server_mb,
               budget + idle_mb, "MB", "≤ 1.0", f"idle server, participants in: {idle_mb:.0f} MB"),
        Result("flood", f"{label}: answers stored (vs participants answering)", stored, people, "people", "1.0",
               f"{saved} saw Saved."),
    ]
