"""A browser visitor in a process of its own: ``python -m benchmarks.visitor URL SELECTOR``.

It launches Chromium, prints ``ready``, waits for a line on stdin, then visits ``URL`` and prints its
time to interactive (seconds until ``SELECTOR`` is visible and enabled) as JSON, or the error.

Why a process: in a burst, the plain clients (the room's phones) and Playwright's client of the one
browser visitor would otherwise share the benchmark's event loop and its interpreter. Everything the
browser reports while it loads a page (every request, every websocket frame) is handled in Python
there, so the plain clients that start meanwhile would be measured slower for work a phone never
does. A room's phones run their browsers on their own; this keeps that apart.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from benchmarks.common import CHROMIUM, CHROMIUM_ARGS


async def _main(url: str, selector: str) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from benchmarks.browser import _visit

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            print("ready", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
            try:
                return {"seconds": await _visit(browser, url, selector)}
            except Exception as error:  # the visitor's page never became usable
                return {"error": f"{type(error).__name__}: {error}"[:300]}
        finally:
            await browser.close()


class Visitor:
    """The helper process, started and waiting with its browser launched: :meth:`visit` sends it."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, url: str, selector: str) -> "Visitor":
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.visitor", url, selector,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 120)
        if line.strip() != b"ready":
            process.kill()
            raise RuntimeError(f"the visitor process did not start: {line!r}")
        return cls(process)

    async def visit(self) -> float:
        """Visit now; the time to interactive (raises if the page never became usable)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(b"go\n")
        await self.process.stdin.drain()
        answer = json.loads(await self.process.stdout.readline())
        await self.process.wait()
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer["seconds"]

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_main(sys.argv[1], sys.argv[2]))), flush=True)
