"""The one participant page: switching in place when the facilitator presents (``switch``), a
preheated room joining at once (``join``), and kernel memory after a whole agenda (``agenda``).

Many participants are plain clients (benchmarks/clients.py): each fetched its page and holds its
kernel's websocket, as an open tab does. A plain client has switched when its kernel sends the widget
update that gives the room's body the class ``mk-current-<exercise>``; the one real Chromium page has
switched when that exercise's first input is visible and enabled.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request

from benchmarks import burst, clients
from benchmarks.common import CHROMIUM, CHROMIUM_ARGS, Options, Result, kernels, median, percentile, rss_mb, tree
from benchmarks.servers import BareVoila, KitServer

#: A page shows ``exercise`` once one of its inputs is visible and enabled in the room's body.
SHOWN = ".mk-room-body.mk-current-{exercise} :is(input, textarea, button):enabled:visible"
#: A joined participant's page in the lobby (nothing presented yet).
LOBBY = ".mk-room-body.mk-current-lobby"
#: The join form (the join URL, nobody known yet).
JOIN_FORM = ".mk-join-code input"
#: Seconds a page may take to switch before it counts as never switched.
SWITCH_TIMEOUT = 60.0
#: Presented out of the agenda's order, so no page built them ahead: the quiz (the jump of earlier
#: runs; its fresh loads are the baseline), a ranking with its pairing box and the SMART goals (each
#: the heaviest view until this stop made it lighter) and the heaviest view now (the agreement: its
#: pairing box above the shared document).
JUMPS = ("myths_quiz", "seven_things", "smart_goals", "agreement")


def p95(values: list[float]) -> float:
    return percentile(values, 95)


def _shutdown(base: str, kernel_id: str) -> None:
    """What a closed tab's unload beacon does (the participant server takes it without XSRF)."""
    request = urllib.request.Request(f"{base}/voila/api/shutdown/{kernel_id}", data=b"", method="POST")
    try:
        urllib.request.urlopen(request, timeout=30).close()
    except OSError:
        pass


async def open_pages(kit: KitServer, keys: list[str], *, at_once: int = 3) -> list[clients.KernelSocket]:
    """One open page per key (``at_once`` loading at a time: this is not the join burst)."""
    gate = asyncio.Semaphore(at_once)

    async def one(key: str) -> clients.KernelSocket:
        async with gate:
            _, kernel_id = await clients.render(kit.home_url(key))
            return await clients.KernelSocket.open(kit.root, kernel_id)

    return list(await asyncio.gather(*(one(key) for key in keys)))


async def close_pages(kit: KitServer, sockets: list[clients.KernelSocket]) -> None:
    """Close the pages and shut their kernels down, as tabs closing do."""
    for socket in sockets:
        await socket.close()
        await asyncio.to_thread(_shutdown, kit.root, socket.kernel_id)


async def browser_page(browser, url: str, selector: str):
    """A real participant's page, open and showing ``selector``; returns (context, page)."""
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    await page.goto(url, wait_until="commit", timeout=180_000)
    await page.locator(selector).first.wait_for(state="visible", timeout=180_000)
    return context, page


async def _shown_at(page, exercise_id: str, timeout: float) -> float | None:
    """perf_counter when ``page`` shows ``exercise_id`` (None: not within ``timeout``)."""
    try:
        await page.locator(SHOWN.format(exercise=exercise_id)).first.wait_for(state="visible",
                                                                            timeout=timeout * 1000)
    except Exception:
        return None
    return time.perf_counter()


class Presenter:
    """The facilitator's Present button: stores the exercise as the session's current one."""

    def __init__(self, kit: KitServer):
        from kit.content import load_content
        from kit.store import Store

        self.code, self.ids = kit.code, list(load_content())
        self.store = Store(kit.db_url)

    def __call__(self, exercise_id: str) -> None:
        from kit.logic import pacing

        self.store.change_session_settings(self.code,
                                           lambda settings: pacing.present(settings, self.ids, exercise_id))

    def close(self) -> None:
        self.store.dispose()


async def switch(present: Presenter, sockets: list[clients.KernelSocket], page, exercise_id: str,
                 timeout: float = SWITCH_TIMEOUT) -> tuple[list[float | None], float | None]:
    """Present ``exercise_id``; returns each plain page's seconds until it switched (None: never)
    and the browser page's."""
    css = f"mk-current-{exercise_id}"
    watching = asyncio.create_task(_shown_at(page, exercise_id, timeout)) if page is not None else None
    await asyncio.sleep(0.3)  # the browser is watching before anything changes
    start = time.perf_counter()
    await asyncio.to_thread(present, exercise_id)
    while time.perf_counter() - start < timeout and any(s.class_seen(css, start) is None for s in sockets):
        await asyncio.sleep(0.02)
    seen = [s.class_seen(css, start) for s in sockets]
    shown = await watching if watching is not None else None
    return [t - start if t is not None else None for t in seen], (shown - start if shown is not None else None)


def cpu_split(pid: int) -> tuple[float, float]:
    """CPU seconds used so far by the server's own processes and by its kernels (alive ones)."""
    every = burst.tree_cpu(pid)
    in_kernels = sum(burst.tree_cpu(kernel) for kernel in kernels(pid))
    return every - in_kernels, in_kernels


async def settle(kit: KitServer, options: Options) -> float:
    """Let the kernels finish what a switch started (building ahead what comes next, a few seconds
    later: kit.ui.room.AHEAD_AFTER_SWITCH, AHEAD_IN_LOBBY)."""
    from kit.ui.room import AHEAD_AFTER_SWITCH, AHEAD_IN_LOBBY

    await asyncio.sleep(options.size(max(AHEAD_AFTER_SWITCH[1], AHEAD_IN_LOBBY[1]) + 1, 1))
    return await burst.quiet(kit.pid, cores=0.5, hold=options.size(2, 1), timeout=options.size(30, 6))


async def idle_cores(pid: int, seconds: float) -> float:
    """Cores the server and its kernels use while nothing happens (each page polls its session)."""
    before = burst.tree_cpu(pid)
    await asyncio.sleep(seconds)
    return (burst.tree_cpu(pid) - before) / seconds


async def _switch(options: Options) -> list[Result]:
    from playwright.async_api import async_playwright

    results: list[Result] = []
    sizes = [2] if options.smoke else [30, 100]
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in sizes:
            kit = KitServer(options.scratch, pool_size=0, name=f"switch{n}")
            present = Presenter(kit)
            try:
                keys = kit.people(2 * n + 2)
                # The agenda's first two are presented in order; the jumps sit where neither they nor
                # the jump before them make a page build them ahead.
                rest = [i for i in kit.agenda() if i not in JUMPS]
                kit.set_agenda(rest[:3] + [JUMPS[1]] + rest[3:5] + [JUMPS[2]] + rest[5:7] + [JUMPS[3]] + rest[7:]
                               + [JUMPS[0]])
                plan = [(rest[0], "from the lobby"), (rest[1], "Next, built ahead"),
                        *((jump, "a jump") for jump in JUMPS)]
                sockets = await open_pages(kit, keys[:n])
                context, page = await browser_page(browser, kit.home_url(keys[n]), LOBBY)
                await settle(kit, options)
                idle = await idle_cores(kit.pid, options.size(10, 1))
                measured = []
                for exercise_id, how in plan:
                    before = cpu_split(kit.pid)
                    times, shown = await switch(present, sockets, page, exercise_id)
                    await asyncio.sleep(0.5)  # what the slowest page's switch still sends
                    after = cpu_split(kit.pid)
                    cpu = [(a - b) / (n + 1) for a, b in zip(after, before)]
                    measured.append((exercise_id, how, times, shown, cpu))
                    await settle(kit, options)
                # Today's way, in the same run: every person loads the exercise's page afresh (a new
                # kernel each), within 10 s, while the open pages above have gone (their tabs closed).
                await context.close()
                await close_pages(kit, sockets)
                await burst.quiet(kit.pid, cores=0.3, hold=options.size(2, 1), timeout=options.size(60, 5))
                last = JUMPS[0]
                # Presented again: in a paced room an old per-exercise link shows what is presented,
                # so the quiz's link shows the quiz (not the jump measured last).
                present(last)

                async def probe() -> float:
                    from benchmarks.browser import _visit

                    return await _visit(browser, kit.exercise_url(keys[2 * n + 1], last), SHOWN.format(exercise=last))

                window = options.size(10, 2)
                fresh = await burst.run([kit.exercise_url(key, last) for key in keys[n:2 * n]],
                                        window=window, server_pid=kit.pid, probe=probe)
            finally:
                present.close()
                kit.stop()
            loads = fresh.rendered
            goal = "p95 ≤ 1 s" if n <= 30 else "p95 ≤ 2 s"
            for exercise_id, how, times, shown, cpu in measured:
                done = [t for t in times if t is not None]
                label = f"{n} pages → {exercise_id} ({how})"
                results.append(Result("switch", f"{label}: p50 (vs fresh load p50)", median(done),
                                      median(loads), "s", "", f"fresh loads: {n} of {last} in {window} s"))
                results.append(Result("switch", f"{label}: p95 (vs fresh load p95)", p95(done),
                                      p95(loads), "s", goal))
                results.append(Result("switch", f"{label}: browser (vs its fresh load)",
                                      shown if shown is not None else float("nan"), fresh.probe, "s", goal,
                                      "" if shown is not None else "never switched"))
                results.append(Result("switch", f"{label}: never switched (vs loads never done)",
                                      len(times) - len(done) + (shown is None), fresh.lost, "pages", "0"))
                # CPU per page, which a busy machine changes far less than it changes seconds: the server
                # is one process (one core) for the whole room, the kernels share every core.
                results.append(Result("switch", f"{label}: CPU per page, the server", cpu[0] * 1000, None, "ms",
                                      "", "until the last page switched, plus 0.5 s"))
                results.append(Result("switch", f"{label}: CPU per page, its kernel", cpu[1] * 1000, None, "ms"))
            results.append(Result("switch", f"{n} pages, nothing happening: CPU of their polling", idle, None,
                                  "cores", "", "server + kernels, each page reads its session every 0.5 s"))
        await browser.close()
    return results


async def _join(options: Options) -> list[Result]:
    """A room opening the join URL within 10 s, with the pool sized to the room, against one quiet
    visitor of the same server; and the same burst without preheating. The browser visitor runs in a
    process of its own (:mod:`benchmarks.visitor`), its browser launched before it is measured."""
    from benchmarks.visitor import Visitor

    n, window = options.size(30, 3), options.size(10, 2)
    room = n + 1  # the plain clients and the browser visitor: the pool sized to the room
    results: list[Result] = []
    measured = {}
    for pool in (room, 0):
        kit = KitServer(options.scratch, pool_size=pool, name=f"join-pool{pool}")
        visitor = None
        try:
            url = kit.home_url()
            hold = options.size(5, 1)

            async def refilled(visitors: int) -> None:
                """The pool refilled (10 s after each kernel handed out) and the machine quiet; a
                smoke run does not wait for refills."""
                expected = 0 if options.smoke else pool + visitors
                await burst.quiet(kit.pid, kernels_at_least=expected, hold=hold, timeout=options.size(300, 30))

            await refilled(0)
            renders, ready, tabs = [], [], []
            for _ in range(options.size(3, 1)):  # each quiet visitor keeps their kernel (the tab stays)
                rendered, usable, tab = await clients.usable(url, kit.root)
                renders.append(rendered)
                ready.append(usable)
                tabs.append(tab)
                await refilled(len(renders))
            quiet_render, quiet_usable = median(renders), median(ready)
            visitor = await Visitor.start(url, JOIN_FORM)
            await refilled(len(renders))
            quiet_tti = await visitor.visit()  # this tab closes: its kernel goes
            visitor = await Visitor.start(url, JOIN_FORM)
            await refilled(len(renders))
            joined = await burst.run([url] * n, window=window, server_pid=kit.pid, base=kit.root,
                                     probe=visitor.visit, log=kit.participant_log)
            for tab in tabs:
                await tab.close()
        finally:
            if visitor is not None:
                await visitor.stop()
            kit.stop()
        measured[pool] = (quiet_render, quiet_tti, joined, quiet_usable)
    quiet_render, quiet_tti, burst_, quiet_usable = measured[room]
    _, _, cold, cold_quiet_usable = measured[0]
    what = f"join burst, {n} + 1 browser in {window} s, pool of {room}"
    results += [
        Result("join", f"{what}: until usable, p50 (vs one quiet visitor)", burst_.p_usable(50), quiet_usable, "s",
               "", "page rendered, kernel connected, every widget's state in: what a page needs before it draws"),
        Result("join", f"{what}: until usable, p95 (vs one quiet visitor)", burst_.p_usable(95), quiet_usable, "s",
               "≤ 2×", _slowest(burst_, window)),
        Result("join", f"{what}: page rendered, p50 (vs one quiet visitor)", burst_.p(50), quiet_render, "s"),
        Result("join", f"{what}: page rendered, p95 (vs one quiet visitor)", burst_.p(95), quiet_render, "s"),
        Result("join", f"{what}: the browser's TTI (vs one quiet browser visitor)",
               burst_.probe if burst_.probe is not None else float("nan"), quiet_tti, "s", "≤ 2×"),
        Result("join", f"{what}: page rendered, p95 (vs the same burst without preheating)", burst_.p(95),
               cold.p(95), "s", "< 1×"),
        Result("join", f"{what}: pages that never finished (vs without preheating)", burst_.lost, cold.lost,
               "pages", "0", f"kernels at the peak: {burst_.peak_kernels} (without: {cold.peak_kernels})"),
        Result("join", f"join burst, {n} + 1 browser in {window} s, no preheating: the browser's TTI (vs one quiet "
               "browser visitor)", cold.probe if cold.probe is not None else float("nan"), measured[0][1], "s"),
        Result("join", f"join burst, {n} + 1 browser in {window} s, no preheating: page rendered, p95 (vs one quiet "
               "visitor)", cold.p(95), measured[0][0], "s"),
        Result("join", f"join burst, {n} + 1 browser in {window} s, no preheating: until usable, p95 (vs one quiet "
               "visitor)", cold.p_usable(95), cold_quiet_usable, "s"),
    ]
    return results


def _slowest(burst_: burst.Burst, window: float) -> str:
    """Where the slowest pages sat in the burst, next to the browser visitor (started half-way):
    the benchmark's own Chromium runs on the same cores, which a room's phones do not."""
    pages = sorted((p for p in burst_.pages if p.usable is not None), key=lambda p: -p.usable)[:3]
    shown = ", ".join(f"{p.usable:.2f} s from {p.start:.1f} s" for p in pages)
    return f"slowest: {shown}; the browser visitor from {window / 2:.1f} s"


async def _agenda(options: Options) -> list[Result]:
    """Kernel and server memory once every participant has been through the whole agenda."""
    n = options.size(30, 2)
    kit = KitServer(options.scratch, pool_size=0, name="agenda")
    bare = BareVoila(options.scratch / "agenda-bare", pool_size=0)
    present = Presenter(kit)
    results: list[Result] = []
    try:
        await clients.render(bare.url)
        await asyncio.sleep(2)
        bare_rss = median([rss_mb(pid) for pid in kernels(bare.pid)])
        idle_server = sum(rss_mb(pid) for pid in tree(kit.pid))
        sockets = await open_pages(kit, kit.people(n))
        await settle(kit, options)
        joined = [rss_mb(pid) for pid in kernels(kit.pid)]
        agenda = kit.agenda()
        steps = agenda if not options.smoke else agenda[:3]
        missed = 0
        for exercise_id in steps:
            times, _ = await switch(present, sockets, None, exercise_id)
            missed += sum(t is None for t in times)
            await settle(kit, options)
        after = [rss_mb(pid) for pid in kernels(kit.pid)]
        server = sum(rss_mb(pid) for pid in tree(kit.pid))
        await close_pages(kit, sockets)
    finally:
        present.close()
        kit.stop()
        bare.stop()
    what = f"{n} participants after the whole agenda ({len(steps)} exercises presented in turn)"
    results += [
        Result("agenda", f"kernel RSS per participant, {what}, median (vs bare Button kernel)", median(after),
               bare_rss, "MB", "≤ 1.2×", f"max {max(after):.1f} MB; pages that missed a switch: {missed}"),
        Result("agenda", "kernel RSS per participant in the lobby, just joined (vs bare Button kernel)",
               median(joined), bare_rss, "MB", "≤ 1.2×"),
        Result("agenda", "kernel RSS growth over the agenda, median (vs just joined)", median(after), median(joined),
               "MB", "", "views kept built: the current one, the next, the ones just left (4 at most)"),
        Result("agenda", f"whole server RSS, {what}", server, idle_server + n * bare_rss, "MB", "",
               "baseline: idle server + that many bare kernels"),
    ]
    return results


def run_switch(options: Options, databases) -> list[Result]:
    return asyncio.run(_switch(options))


def run_join(options: Options, databases) -> list[Result]:
    return asyncio.run(_join(options))


def run_agenda(options: Options, databases) -> list[Result]:
    return asyncio.run(_agenda(options))
