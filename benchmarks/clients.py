"""Participants without a browser: fetch the Voila page (the server runs the notebook while it streams
it) and keep the kernel's websocket open, as a connected tab does. Lets one machine simulate many
people without also running a browser renderer for each of them."""

from __future__ import annotations

import asyncio
import re
import time
import urllib.request
import uuid

import websockets

KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]+)"')


def _fetch(url: str, timeout: float) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8", "replace")


async def render(url: str, *, timeout: float = 600) -> tuple[float, str]:
    """Fetch the page until Voila has finished rendering it; returns (seconds, kernel id).

    ``timeout`` is the longest silence allowed; a page that stays silent longer raises OSError
    (Voila 0.5.13 never finishes a page whose kernel did not answer within 60 s)."""
    start = time.perf_counter()
    html = await asyncio.to_thread(_fetch, url, timeout)
    elapsed = time.perf_counter() - start
    match = KERNEL_ID.search(html)
    if match is None:
        raise RuntimeError(f"no kernel id in the page from {url}")
    return elapsed, match.group(1)


async def connect(base: str, kernel_id: str):
    """Open the kernel's channels websocket (what keeps a tab 'connected' for Voila's culler)."""
    ws_base = base.replace("http://", "ws://")
    return await websockets.connect(f"{ws_base}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}",
                                    ping_interval=None, open_timeout=120, max_size=None)
