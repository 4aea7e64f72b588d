"""A room joining at once: ``n`` people opening their page within a few seconds.

Each person is a plain client fetching the page (the server runs the notebook while it streams it),
so the machine is not also running thirty browser renderers, which a real room brings on its own
phones; one real browser visits in the middle of the burst. Also: what the machine did meanwhile
(kernels, CPU), and what the participant server logged about kernels and visitors.
"""

from __future__ import annotations

import asyncio
import http.client
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import clients
from benchmarks.common import kernels, median, percentile, tree

#: What a burst page can end as.
OK, SILENT, CUT_SHORT, FAILED = "ok", "silent", "cut short", "failed"


@dataclass
class Page:
    """One visitor of the burst: when they started (seconds into the burst), how long until their
    page had rendered (None when it never did) and how it ended."""

    start: float
    seconds: float | None
    outcome: str
    detail: str = ""
    usable: float | None = None  # until its widgets' state arrived (only when the burst asks for it)


@dataclass
class Burst:
    """What a burst measured."""

    pages: list[Page]
    probe: float | None  # the browser visitor's time to interactive (None: never)
    probe_detail: str = ""
    probed: bool = False  # a browser visited during the burst
    peak_kernels: int = 0
    busy: float = 0.0  # CPU busy fraction of the whole machine over the burst, all cores
    server_cpu: float = 0.0  # CPU seconds the server and its kernels used during the burst
    lag: list[float] = field(default_factory=list)  # the server's answer times to a trivial request
    other_cpu: float = 0.0  # CPU seconds everything else on the machine used meanwhile (noise)
    seconds: float = 0.0  # from the first request until the last page ended
    log: dict[str, int] = field(default_factory=dict)

    @property
    def rendered(self) -> list[float]:
        return [p.seconds for p in self.pages if p.seconds is not None]

    @property
    def lost(self) -> int:
        """Pages that never finished (silent too long, cut short or refused), the browser's included."""
        return len(self.pages) - len(self.rendered) + (self.probed and self.probe is None)

    def p(self, q: float) -> float:
        return median(self.rendered) if q == 50 else percentile(self.rendered, q)

    @property
    def usable(self) -> list[float]:
        return [p.usable for p in self.pages if p.usable is not None]

    def p_usable(self, q: float) -> float:
        """A percentile of the time until usable (page rendered, kernel connected, widget state in)."""
        return median(self.usable) if q == 50 else percentile(self.usable, q)

    def summary(self) -> dict:
        outcomes: dict[str, int] = {}
        for page in self.pages:
            outcomes[page.outcome] = outcomes.get(page.outcome, 0) + 1
        return {"n": len(self.pages), "p50": self.p(50), "p95": self.p(95),
                "max": max(self.rendered, default=None), "lost": self.lost, "outcomes": outcomes,
                "usable_p50": self.p_usable(50) if self.usable else None,
                "usable_p95": self.p_usable(95) if self.usable else None,
                "probe": self.probe, "probe_detail": self.probe_detail, "peak_kernels": self.peak_kernels,
                "busy": self.busy, "server_cpu": self.server_cpu, "other_cpu": self.other_cpu,
                "lag_p50": median(self.lag), "lag_p95": percentile(self.lag, 95),
                "lag_max": max(self.lag, default=None), "seconds": self.seconds, "log": self.log}


def cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and every process below it that is alive."""
    ticks = 0
    for member in tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


async def quiet(server_pid: int, *, kernels_at_least: int = 0, cores: float = 0.1, hold: float = 5.0,
                timeout: float = 900.0) -> float:
    """Wait until the server has ``kernels_at_least`` kernels and it and its kernels have used less
    than ``cores`` of a core for ``hold`` seconds in a row (a preheated pool has run its notebooks;
    other work on the machine does not count); returns the seconds waited (``timeout`` at most)."""
    start = time.monotonic()
    calm_since = None
    last = tree_cpu(server_pid)
    while time.monotonic() - start < timeout:
        await asyncio.sleep(1.0)
        now = tree_cpu(server_pid)
        used, last = now - last, now
        if used <= cores and len(kernels(server_pid)) >= kernels_at_least:
            calm_since = calm_since or time.monotonic()
            if time.monotonic() - calm_since >= hold:
                break
        else:
            calm_since = None
    return time.monotonic() - start


#: Lines of the participant server's log worth counting after a burst.
LOG_PATTERNS = {
    "kernels started": r"Kernel started: ",
    "preheated kernels used": r"Using pre-heated kernel",
    "kernel start timed out": r"Error occurred while starting new kernel client|Kernel didn't respond",
    "visitor request lost": r"could not read the visitor's request",
    "server errors": r"Uncaught exception|Exception in callback|Task exception was never retrieved",
    "kernels culled": r"Culling '",
}


def _get(url: str) -> None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
    except urllib.error.HTTPError:
        pass  # an error page is an answer too


def log_counts(text: str) -> dict[str, int]:
    return {name: len(re.findall(pattern, text)) for name, pattern in LOG_PATTERNS.items()}


async def run(urls: list[str], *, window: float = 10.0, silence: float = 180.0, server_pid: int | None = None,
              probe=None, log: Path | None = None, lag_url: str | None = None, base: str | None = None) -> Burst:
    """``len(urls)`` plain clients, the i-th starting at ``i * window / n`` seconds; ``probe`` is an
    async callable (a browser visit returning its time to interactive) started half-way through the
    window. A page silent for ``silence`` seconds counts as never finished. ``lag_url``, a trivial
    page of the same server, is asked for every quarter second meanwhile: how long the server's one
    event loop takes to answer anything. With ``base`` (the server's root URL) each client goes on
    to connect to its kernel and fetch every widget's state, as a page does before it is usable, and
    keeps the socket open until every page is done."""
    n = len(urls)
    before = len(log.read_text()) if log is not None and log.exists() else 0
    t0 = time.perf_counter()

    sockets: list[clients.KernelSocket] = []

    async def later(i: int) -> Page:
        offset = i * window / n
        await asyncio.sleep(offset)
        ready = None
        try:
            if base is not None:
                seconds, ready, socket = await clients.usable(urls[i], base, timeout=silence)
                sockets.append(socket)
            else:
                seconds = (await clients.render(urls[i], timeout=silence))[0]
        except clients.IncompletePage as error:
            return Page(offset, None, CUT_SHORT, str(error)[:200])
        except (OSError, http.client.HTTPException) as error:  # silent too long, or the server gave up
            timed_out = isinstance(error, TimeoutError) or "timed out" in str(error)
            return Page(offset, None, SILENT if timed_out else FAILED, f"{type(error).__name__}: {error}"[:200])
        except Exception as error:  # a page without a kernel, say
            return Page(offset, None, FAILED, f"{type(error).__name__}: {error}"[:200])
        return Page(offset, seconds, OK, usable=ready)

    async def browser() -> tuple[float | None, str]:
        if probe is None:
            return 0.0, ""
        await asyncio.sleep(window / 2)
        try:
            return await probe(), ""
        except Exception as error:  # the visitor's page never became usable
            return None, f"{type(error).__name__}: {error}"[:300]

    peak = 0
    done = asyncio.Event()

    async def watch() -> None:
        nonlocal peak
        while not done.is_set() and server_pid is not None:
            peak = max(peak, len(kernels(server_pid)))
            try:
                await asyncio.wait_for(done.wait(), 1.0)
            except asyncio.TimeoutError:
                pass

    lags: list[float] = []

    async def lag() -> None:
        while not done.is_set() and lag_url is not None:
            started = time.perf_counter()
            try:
                await asyncio.get_running_loop().run_in_executor(clients._FETCHERS, _get, lag_url)
            except Exception:
                pass
            lags.append(time.perf_counter() - started)
            try:
                await asyncio.wait_for(done.wait(), 0.25)
            except asyncio.TimeoutError:
                pass

    lagger = asyncio.create_task(lag())
    cpu0 = cpu_times()
    server0 = tree_cpu(server_pid) if server_pid is not None else 0.0
    watcher = asyncio.create_task(watch())
    *pages, (probe_seconds, probe_detail) = await asyncio.gather(*(later(i) for i in range(n)), browser())
    done.set()
    for socket in sockets:
        await socket.close()
    await watcher
    await lagger
    cpu1 = cpu_times()
    server1 = tree_cpu(server_pid) if server_pid is not None else 0.0
    result = Burst(pages=list(pages), probe=probe_seconds if probe else None, probe_detail=probe_detail,
                   probed=probe is not None, peak_kernels=peak, busy=(cpu1[0] - cpu0[0]) / max(1, cpu1[1] - cpu0[1]),
                   seconds=time.perf_counter() - t0, server_cpu=server1 - server0, lag=lags)
    result.other_cpu = (cpu1[0] - cpu0[0]) / os.sysconf("SC_CLK_TCK") - result.server_cpu
    if log is not None and log.exists():
        result.log = log_counts(log.read_text()[before:])
    return result
