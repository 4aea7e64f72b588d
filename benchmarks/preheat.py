"""Experiment: a room of ``--n`` people joining within ``--window`` seconds, against one participant
server set up as asked (pool size, Voila settings, listening address). Not part of `make bench`; the
findings are in benchmarks/README.md (*Preheating under a burst*).

    python -m benchmarks.preheat --pool 8 --label pool8
    python -m benchmarks.preheat --pool 8 --arg=--VoilaExecutor.startup_timeout=60 --label old-timeout
    python -m benchmarks.preheat --pool 8 --host 127.0.0.2 --label lan-address

Each visitor is a participant who has joined already (``home.ipynb?code=…&p=…``); one headless
Chromium visits in the middle of the burst and waits for the identity bar, which only a kernel that
received its visitor's request shows. One JSON line per run goes to ``--out`` (with py-spy stacks of
a server that lost pages, ``--spy``, py-spy at ``$MENTORKIT_PY_SPY``).

``serve`` now preheats the participant page only, refills after 10 s and uses Unix sockets. Voila's
own behaviour, as the runs in the README compared it, comes back with (later settings win):

    --arg='--VoilaKernelManager.kernel_pools_config={"default": {"pool_size": 30}}'   # every notebook
    --arg=--VoilaKernelManager.fill_delay=1 --arg=--KernelManager.transport=tcp
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

from benchmarks import burst
from benchmarks.common import CHROMIUM, CHROMIUM_ARGS, Options, kernels, rss_mb, tree
from benchmarks.servers import KitServer

#: Shown only once the kernel knows who is visiting (a lost visitor request shows the join form).
KNOWN_VISITOR = ".mk-identity"


async def experiment(args) -> dict:
    from playwright.async_api import async_playwright

    from benchmarks.browser import _visit

    options = Options()
    kit = KitServer(options.scratch, pool_size=args.pool, name=args.label or "preheat", host=args.host,
                    voila_args=args.arg)
    record: dict = {"label": args.label, "pool": args.pool, "host": args.host, "voila_args": args.arg,
                    "n": args.n, "window": args.window, "start": args.start}
    try:
        keys = kit.people(args.n + 1)
        expected = args.expect_kernels if args.expect_kernels is not None else 0
        if args.start == "warm":
            record["warm_after"] = await burst.quiet(kit.pid, kernels_at_least=expected, timeout=args.warm_timeout)
        else:
            await asyncio.sleep(args.cold_delay)
        record["kernels_before"] = len(kernels(kit.pid))
        record["server_rss_before_mb"] = sum(rss_mb(p) for p in tree(kit.pid))
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            async def probe() -> float:
                return await _visit(browser, kit.home_url(keys[args.n]), args.selector)

            urls = [kit.home_url(key) for key in keys[:args.n]]
            result = await burst.run(urls, window=args.window, silence=args.silence, server_pid=kit.pid,
                                     probe=probe, log=kit.participant_log,
                                     lag_url=f"{kit.root}/voila/static/9890.voila.js")
            await browser.close()
        record.update(result.summary())
        if args.spy and (result.lost or max(result.lag, default=0) >= 30):
            record["stacks"] = spy(kit)
        record["pages"] = [vars(page) for page in result.pages]
        record["server_rss_after_mb"] = sum(rss_mb(p) for p in tree(kit.pid))
        record["kernels_after"] = len(kernels(kit.pid))
        if args.settle:
            await asyncio.sleep(args.settle)
            record["kernels_settled"] = len(kernels(kit.pid))
            record["log_settled"] = burst.log_counts(kit.participant_log.read_text())
    finally:
        kit.stop()
    return record


def spy(kit: KitServer) -> str:
    """What the participant Voila process is doing (py-spy, when installed: MENTORKIT_PY_SPY)."""
    import os
    import subprocess
    from pathlib import Path as P

    tool = os.environ.get("MENTORKIT_PY_SPY", "py-spy")

    def cmdline(pid: int) -> bytes:
        try:
            return P(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:  # gone meanwhile
            return b""

    voila = [pid for pid in tree(kit.pid) if b"participant" in cmdline(pid) and b"voila" in cmdline(pid)]
    try:
        return subprocess.run([tool, "dump", "--pid", str(voila[0])], capture_output=True, text=True,
                              timeout=60).stdout[:6000]
    except (OSError, IndexError, subprocess.TimeoutExpired) as error:
        return f"no stacks: {error}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.preheat", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pool", type=int, default=0, help="the participant server's pool size")
    parser.add_argument("--arg", action="append", default=[], help="an extra Voila setting (repeatable)")
    parser.add_argument("--host", default="127.0.0.1", help="where the participant server listens")
    parser.add_argument("--n", type=int, default=30, help="plain clients in the burst")
    parser.add_argument("--window", type=float, default=10.0, help="seconds over which they arrive")
    parser.add_argument("--silence", type=float, default=360.0, help="seconds of silence that end a page")
    parser.add_argument("--start", choices=["warm", "cold"], default="warm",
                        help="burst once the machine is quiet (pool ready), or --cold-delay s after start")
    parser.add_argument("--cold-delay", type=float, default=5.0)
    parser.add_argument("--warm-timeout", type=float, default=900.0)
    parser.add_argument("--expect-kernels", type=int, default=None, help="kernels to wait for before 'warm'")
    parser.add_argument("--settle", type=float, default=0.0, help="seconds to watch after the burst")
    parser.add_argument("--selector", default=KNOWN_VISITOR, help="what the browser visitor waits for")
    parser.add_argument("--label", default="")
    parser.add_argument("--spy", action="store_true", help="dump the server's Python stacks when pages were lost")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "preheat.jsonl")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    record = asyncio.run(experiment(args))
    record["took"] = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("a") as out:
        out.write(json.dumps(record) + "\n")
    brief = {k: record.get(k) for k in ("label", "pool", "warm_after", "kernels_before", "p50", "p95", "max", "lost",
                                        "outcomes", "probe", "probe_detail", "peak_kernels", "busy", "server_cpu",
                                        "other_cpu", "lag_p50", "lag_p95", "lag_max", "log")}
    print(json.dumps(brief, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
