"""Browser benchmarks: time to interactive, memory per participant, kernel hygiene.

Time to interactive = from starting the navigation until the first input widget is visible and
enabled, in headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import asyncio
import http.client
import time

from benchmarks.common import CHROMIUM, CHROMIUM_ARGS, Options, Result, kernels, median, percentile, rss_mb, tree
from benchmarks import clients
from benchmarks.servers import BareVoila, KitServer, StaticPage

#: Pool size per notebook, as `serve` runs by default (README: preheating is off by default).
POOL_SIZE = 0
#: Kernels the participant server keeps when nobody is connected (the pool is the participant
#: page's only, see kit.apps.serve.write_pool_config).
POOL = POOL_SIZE

#: The exercise the facilitator presents while the exercise page is measured (the checklist).
EXERCISE = "confidentiality"

FIRST_INPUT = {"bare": "button:has-text('Go')", "static": "button", "home": ".mk-join-code input",
               "exercise": ".mk-choice input"}


async def _visit(browser, url: str, selector: str, *, unload: bool = True) -> float:
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, wait_until="commit", timeout=180_000)
    first = page.locator(selector).first
    await first.wait_for(state="visible", timeout=180_000)
    while not await first.is_enabled():
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - start
    await page.close(run_before_unload=unload)
    await context.close()
    return elapsed


async def _wait_pool(pid: int, wanted: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(kernels(pid)) < wanted:
        await asyncio.sleep(0.25)
    await asyncio.sleep(1.0)  # the refilled kernel must also have run its notebook


async def _tti(options: Options) -> list[Result]:
    from playwright.async_api import async_playwright

    kit = KitServer(options.scratch, pool_size=POOL_SIZE, name="tti")
    kit.present(EXERCISE)  # the one page shows what the facilitator presents
    bare, static = BareVoila(options.scratch, pool_size=POOL_SIZE), StaticPage(options.scratch)
    results: list[Result] = []
    try:
        keys = kit.people(options.size(40, 6))
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            await _visit(browser, static.url, FIRST_INPUT["static"])  # warm the browser itself
            times: dict[str, list[float]] = {k: [] for k in FIRST_INPUT}
            for r in range(options.size(options.repeats, 1)):
                times["static"].append(await _visit(browser, static.url, FIRST_INPUT["static"]))
                await _wait_pool(bare.pid, POOL_SIZE)
                times["bare"].append(await _visit(browser, bare.url, FIRST_INPUT["bare"]))
                await _wait_pool(kit.pid, POOL)
                times["home"].append(await _visit(browser, kit.home_url(), FIRST_INPUT["home"]))
                await _wait_pool(kit.pid, POOL)
                times["exercise"].append(await _visit(browser, kit.exercise_url(keys[r]), FIRST_INPUT["exercise"]))
            floor, physical = median(times["bare"]), median(times["static"])
            results.append(Result("tti", "static HTML form (physical floor)", physical, floor, "s"))
            for name in ("home", "exercise"):
                results.append(Result("tti", f"participant {name} page, single visitor (vs bare Voila)",
                                      median(times[name]), floor, "s", "≤ 1.15×"))
            # A burst: people join within ten seconds. Each is a plain client fetching the page (the
            # server runs the notebook while streaming it) so the machine is not also running thirty
            # browser renderers, which a real room brings on its own phones; one real browser visits
            # in the middle of the burst.
            n = options.size(30, 3)
            await _wait_pool(kit.pid, POOL)
            bare_render = median([(await clients.render(bare.url))[0] for _ in range(options.size(3, 1))])
            await _wait_pool(bare.pid, POOL_SIZE)
            offset = options.size(options.repeats, 1)

            async def burst(urls: list[str], probe_url: str, probe_selector: str) -> tuple[list[float], float, int]:
                """``n`` plain clients within 10 s, and one browser visitor 5 s in; also how many
                pages never finished (silent for 3 minutes)."""
                async def later(i: int) -> float | None:
                    await asyncio.sleep(i * 10 / n)
                    try:
                        return (await clients.render(urls[i], timeout=180))[0]
                    except (OSError, http.client.HTTPException):  # silent too long, or the server gave up
                        return None

                async def probe() -> float:
                    await asyncio.sleep(5)
                    return await _visit(browser, probe_url, probe_selector)

                *rendered, probe_tti = await asyncio.gather(*(later(i) for i in range(n)), probe())
                done = [t for t in rendered if t is not None]
                return done, probe_tti, len(rendered) - len(done)

            # The platform's own share: the same burst on the bare Button notebook, served the same way.
            bare_burst, bare_probe, bare_lost = await burst([bare.url] * n, bare.url, FIRST_INPUT["bare"])
            await asyncio.sleep(options.size(20, 2))  # let the bare kernels settle before the kit's burst
            kit_burst, kit_probe, kit_lost = await burst([kit.exercise_url(keys[offset + i]) for i in range(n)],
                                               kit.exercise_url(keys[offset + n]), FIRST_INPUT["exercise"])
            for label, pick, target in (("p50", median, ""), ("p95", lambda xs: percentile(xs, 95), "≤ 2×")):
                results.append(Result("tti", f"burst of {n} in 10 s: page rendered, {label} (vs bare page, quiet)",
                                      pick(kit_burst), bare_render, "s", target))
                results.append(Result("tti", f"burst of {n} in 10 s: page rendered, {label} (vs bare page, same burst)",
                                      pick(kit_burst), pick(bare_burst), "s"))
            results.append(Result("tti", f"burst of {n} in 10 s: bare page rendered, p95 (vs bare page, quiet)",
                                  percentile(bare_burst, 95), bare_render, "s", "", "the platform floor under burst"))
            results.append(Result("tti", f"burst of {n} in 10 s: pages that never finished (vs bare Voila, same burst)",
                                  kit_lost, bare_lost, "pages", "0",
                                  "silent for 3 minutes, or cut short by a kernel that failed to start"))
            results.append(Result("tti", f"burst of {n} in 10 s: a browser visitor's TTI (vs bare single, quiet)",
                                  kit_probe, floor, "s", "≤ 2×"))
            results.append(Result("tti", f"burst of {n} in 10 s: a browser visitor's TTI (vs bare visitor, same burst)",
                                  kit_probe, bare_probe, "s"))
            await browser.close()
    finally:
        kit.stop()
        bare.stop()
        static.stop()
    return results


async def _memory(options: Options) -> list[Result]:
    from playwright.async_api import async_playwright

    # No preheating here: each visit starts exactly one new kernel, so the visitor's kernel is known.
    kit = KitServer(options.scratch, pool_size=0, name="memory")
    kit.present(EXERCISE)
    bare = BareVoila(options.scratch / "m", pool_size=0)
    results: list[Result] = []
    try:
        keys = kit.people(options.size(100, 3))
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            async def kernel_rss(pid: int, url: str, selector: str) -> tuple[float, object]:
                before = set(kernels(pid))
                context = await browser.new_context()
                page = await context.new_page()
                await page.goto(url, wait_until="commit", timeout=180_000)
                await page.locator(selector).first.wait_for(state="visible", timeout=180_000)
                await asyncio.sleep(2)
                new = [k for k in kernels(pid) if k not in before]
                return (rss_mb(new[0]) if new else float("nan")), context

            bare_rss, c1 = await kernel_rss(bare.pid, bare.url, FIRST_INPUT["bare"])
            kit_rss, c2 = await kernel_rss(kit.pid, kit.exercise_url(keys[0]), FIRST_INPUT["exercise"])
            results.append(Result("memory", "participant kernel RSS after render (vs bare Button kernel)", kit_rss,
                                  bare_rss, "MB", "≤ 1.2×"))
            await c1.close()
            idle_server = sum(rss_mb(pid) for pid in tree(kit.pid))
            sockets = []
            base = f"http://127.0.0.1:{kit.port}"
            for target in ([30, 100] if not options.smoke else [3]):
                while len(sockets) + 1 < target:  # the browser's participant is the first
                    _, kernel_id = await clients.render(kit.exercise_url(keys[len(sockets) + 1]))
                    sockets.append(await clients.connect(base, kernel_id))
                total = sum(rss_mb(pid) for pid in tree(kit.pid))
                results.append(Result("memory", f"whole server RSS, {target} participants connected", total,
                                      idle_server + target * bare_rss, "MB", "",
                                      "baseline: idle server + that many bare kernels"))
            for socket in sockets:
                await socket.close()
            await c2.close()
            await browser.close()
    finally:
        kit.stop()
        bare.stop()
    return results


async def _hygiene(options: Options) -> list[Result]:
    from playwright.async_api import async_playwright

    cull = 20
    kit = KitServer(options.scratch, pool_size=POOL_SIZE, cull_idle=cull, name="hygiene")
    kit.present(EXERCISE)
    results: list[Result] = []
    try:
        keys = kit.people(options.size(100, 3))
        await _wait_pool(kit.pid, POOL)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            peak = 0
            for key in keys:  # pages that end without an unload (a phone put away, a crashed tab)
                await _visit(browser, kit.exercise_url(key), FIRST_INPUT["exercise"], unload=False)
                peak = max(peak, len(kernels(kit.pid)))
            start = time.monotonic()
            interval = max(5, min(60, cull // 4))
            deadline = start + cull + 3 * interval + 60
            while time.monotonic() < deadline and len(kernels(kit.pid)) > POOL:
                await asyncio.sleep(1)
            back = time.monotonic() - start
            left = len(kernels(kit.pid))
            await browser.close()
        results.append(Result("hygiene", f"kernels left after {len(keys)} visits without unload (pool = {POOL})",
                              left, POOL, "kernels", "= pool size", f"peak {peak}"))
        results.append(Result("hygiene", "seconds until back to the pool size (cull idle 20 s)", back, cull, "s",
                              "within the cull interval"))
    finally:
        kit.stop()
    return results


def run_tti(options: Options, databases) -> list[Result]:
    return asyncio.run(_tti(options))


def run_memory(options: Options, databases) -> list[Result]:
    return asyncio.run(_memory(options))


def run_hygiene(options: Options, databases) -> list[Result]:
    return asyncio.run(_hygiene(options))
