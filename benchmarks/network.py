"""Venue Wi-Fi: bytes on the wire and time until a joined participant's page is usable, for a first
visit (empty cache) and a return visit, unthrottled and at 400 kbps / 400 ms (Chromium's own network
emulation), for the kit as `serve` runs it. The baseline is the same participant page served by
stock Voila (its lab template, no compression, no cache headers), measured in the same run.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from benchmarks.common import CHROMIUM, CHROMIUM_ARGS, PYTHON, Background, Options, Result, free_port
from benchmarks.servers import KitServer

#: 400 kbit/s each way and 400 ms of latency: a crowded venue network.
SLOW = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
READY = ".mk-lobby"  # a joined participant's page is usable when the lobby is shown


class StockVoila:
    """The kit's participant notebooks served by plain Voila, as before this kit served them itself."""

    def __init__(self, scratch: Path, kit: KitServer):
        from kit.apps.serve import stage_participant_notebooks

        root = scratch / "stock"
        stage_participant_notebooks(root)
        self.port = free_port()
        env = dict(os.environ, MENTORKIT_DB=kit.db_url, PYTHONUNBUFFERED="1")
        self.server = Background([PYTHON, "-m", "voila", str(root), "--no-browser", "--Voila.ip=127.0.0.1",
                                  f"--Voila.port={self.port}", "--Voila.port_retries=0",
                                  "--VoilaConfiguration.http_header_envs=Cookie"],
                                 env=env, cwd=root, url=f"http://127.0.0.1:{self.port}/", log=scratch / "stock.log")
        self.base = f"http://127.0.0.1:{self.port}/voila/render"

    def stop(self) -> None:
        self.server.stop()


def _visits(browser, url: str, throttle: dict | None) -> list[tuple[float, float]]:
    """(seconds until usable, bytes received) for a first and then a return visit in one browser profile."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    out = []
    try:
        for _visit in range(2):
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            if throttle:
                cdp.send("Network.emulateNetworkConditions", throttle)
            received = []
            cdp.on("Network.loadingFinished", lambda event: received.append(event.get("encodedDataLength", 0)))
            start = time.perf_counter()
            page.goto(url, wait_until="commit", timeout=600_000)
            page.locator(READY).first.wait_for(state="visible", timeout=600_000)
            out.append((time.perf_counter() - start, float(sum(received))))
            page.close(run_before_unload=True)
    finally:
        context.close()
    return out


def run(options: Options, databases) -> list[Result]:
    """Bytes and time to usable, first and return visit, kit vs stock Voila, fast and throttled."""
    from playwright.sync_api import sync_playwright

    kit = KitServer(options.scratch, pool_size=0, name="network")
    stock = StockVoila(options.scratch, kit)
    results: list[Result] = []
    try:
        key = kit.people(1)[0]
        kit_url = kit.home_url(key)
        stock_url = f"{stock.base}/home.ipynb?code={kit.code}&p={key}"
        conditions = [("unthrottled", None)] if options.smoke else [("unthrottled", None), ("400 kbps / 400 ms", SLOW)]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for label, throttle in conditions:
                    mine = _visits(browser, kit_url, throttle)
                    before = _visits(browser, stock_url, throttle)
                    for index, visit in enumerate(("first visit", "return visit")):
                        (seconds, size), (base_seconds, base_size) = mine[index], before[index]
                        slow = throttle is not None
                        results.append(Result("network", f"{visit}, {label}: bytes on the wire (vs stock Voila)",
                                              size / 1e6, base_size / 1e6, unit="MB",
                                              target="≤ 1.5 MB" if index == 0 else ""))
                        results.append(Result("network", f"{visit}, {label}: until usable (vs stock Voila)",
                                              seconds, base_seconds,
                                              target="≤ 25 s" if slow and index == 0 else ""))
            finally:
                browser.close()
    finally:
        stock.stop()
        kit.stop()
    return results
