"""Participants without a browser: fetch the Voila page (the server runs the notebook while it streams
it) and keep the kernel's websocket open, as a connected tab does. Lets one machine simulate many
people without also running a browser renderer for each of them."""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import websockets
from jupyter_server.services.kernels.connection.base import (deserialize_msg_from_ws_v1,
                                                             serialize_msg_to_ws_v1)

KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]+)"')
#: The websocket protocol Voila's page asks for (@jupyterlab/services), and jupyter_server prefers: the
#: server relays the kernel's frames without decoding them. With Jupyter's older JSON protocol it would
#: decode and re-encode every message, which costs the server about twice the CPU per widget.
V1 = "v1.kernel.websocket.jupyter.org"
#: What Voila writes once every cell has run; a page without it was cut short.
FINISHED = "voila_finish()"


class IncompletePage(OSError):
    """The server ended the page before the notebook had run (a kernel that failed to start, say):
    for the visitor this is a page that never finishes."""


#: One thread per page being fetched. asyncio's default executor has only (cores + 4) threads: a
#: burst of thirty would queue in this process, not on the server, and be measured as slow pages.
_FETCHERS = ThreadPoolExecutor(max_workers=256, thread_name_prefix="page")


def _fetch(url: str, timeout: float) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8", "replace")


async def render(url: str, *, timeout: float = 600) -> tuple[float, str]:
    """Fetch the page until Voila has finished rendering it; returns (seconds, kernel id).

    ``timeout`` is the longest silence allowed; a page that stays silent longer raises OSError, and a
    page that ends before its notebook has run raises :class:`IncompletePage` (an OSError too)."""
    start = time.perf_counter()
    html = await asyncio.get_running_loop().run_in_executor(_FETCHERS, _fetch, url, timeout)
    elapsed = time.perf_counter() - start
    if FINISHED not in html:
        raise IncompletePage(f"the page from {url} ended before its notebook had run ({len(html)} bytes)")
    match = KERNEL_ID.search(html)
    if match is None:
        raise RuntimeError(f"no kernel id in the page from {url}")
    return elapsed, match.group(1)


async def usable(url: str, base: str, *, timeout: float = 600) -> tuple[float, float, "KernelSocket"]:
    """What a page does before a person can use it: fetch the page until Voila has rendered it, open
    the kernel's websocket and fetch every widget's state. Returns (seconds until rendered, seconds
    until usable, the open socket: the tab stays)."""
    start = time.perf_counter()
    rendered, kernel_id = await render(url, timeout=timeout)
    socket = await KernelSocket.open(base, kernel_id)
    await socket.widget_states(timeout=timeout)
    return rendered, time.perf_counter() - start, socket


async def connect(base: str, kernel_id: str):
    """Open the kernel's channels websocket (what keeps a tab 'connected' for Voila's culler)."""
    ws_base = base.replace("http://", "ws://")
    return await websockets.connect(f"{ws_base}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}",
                                    ping_interval=None, open_timeout=120, max_size=None, subprotocols=[V1])


class KernelSocket:
    """A kernel's channels websocket as a page holds it, speaking just enough of the Jupyter and
    ipywidgets protocols to watch widget state change (the v1 websocket protocol a page speaks:
    :data:`V1`; widget buffers are skipped: no state this watches has any).

    One reader task consumes every message as it arrives (so the server never waits on this
    client) and notes when a widget was given a CSS class: :meth:`class_seen`."""

    def __init__(self, socket, kernel_id: str):
        self.socket = socket
        self.kernel_id = kernel_id
        self.session = uuid.uuid4().hex
        self.classes: list[tuple[float, tuple[str, ...]]] = []  # (perf_counter, _dom_classes) per update
        self.closed = False
        self._queue: asyncio.Queue | None = None
        self._reader = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def open(cls, base: str, kernel_id: str) -> "KernelSocket":
        return cls(await connect(base, kernel_id), kernel_id)

    async def close(self) -> None:
        await self.socket.close()
        self._reader.cancel()

    async def _read(self) -> None:
        try:
            async for frame in self.socket:
                msg = _decode(frame)
                if msg is None:
                    continue
                if msg.get("msg_type") == "comm_msg":
                    data = msg.get("content", {}).get("data", {})
                    classes = data.get("state", {}).get("_dom_classes") if data.get("method") == "update" else None
                    if classes is not None:
                        self.classes.append((time.perf_counter(), tuple(classes)))
                if self._queue is not None:
                    self._queue.put_nowait(msg)
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed = True

    def class_seen(self, css_class: str, since: float) -> float | None:
        """When (perf_counter) a widget was first given ``css_class`` after ``since``; None if not yet."""
        return next((t for t, classes in self.classes if t >= since and css_class in classes), None)

    async def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "session": self.session, "username": "",
                  "version": "5.3", "date": datetime.now(timezone.utc).isoformat()}
        parts = [json.dumps(part).encode() for part in (header, {}, {}, content)]
        await self.socket.send(serialize_msg_to_ws_v1(parts, channel))
        return msg_id

    async def widget_states(self, timeout: float = 60) -> dict[str, dict]:
        """The state of every widget in the kernel, by model id (asks for each, as a page does)."""
        self._queue = asyncio.Queue()
        try:
            request = await self.send("comm_info_request", {"target_name": "jupyter.widget"})
            ids: list[str] | None = None
            states: dict[str, dict] = {}
            deadline = time.monotonic() + timeout
            while ids is None or len(states) < len(ids):
                msg = await asyncio.wait_for(self._queue.get(), max(0.01, deadline - time.monotonic()))
                content = msg.get("content", {})
                if (ids is None and msg.get("msg_type") == "comm_info_reply"
                        and msg.get("parent_header", {}).get("msg_id") == request):
                    ids = list(content.get("comms", {}))
                    for comm_id in ids:
                        await self.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}})
                elif msg.get("msg_type") == "comm_msg" and content.get("data", {}).get("method") == "update":
                    states.setdefault(content.get("comm_id"), {}).update(content["data"].get("state", {}))
                    if ids is not None:
                        states = {k: v for k, v in states.items() if k in ids}
            return states
        finally:
            self._queue = None


def _decode(frame: bytes | str) -> dict | None:
    """A v1 frame as the message dict Jupyter's JSON protocol would have sent (``msg_type`` at the top
    as well), or None for anything else."""
    if not isinstance(frame, bytes):
        return None
    channel, parts = deserialize_msg_from_ws_v1(frame)
    header, parent, metadata, content = (json.loads(part) for part in parts[:4])
    return {"channel": channel, "header": header, "msg_type": header.get("msg_type"), "parent_header": parent,
            "metadata": metadata, "content": content}


def dom_class_update(msg: dict, css_class: str) -> bool:
    """Is ``msg`` a widget state update that gives a widget the CSS class ``css_class``?"""
    if msg.get("msg_type") != "comm_msg":
        return False
    data = msg.get("content", {}).get("data", {})
    return data.get("method") == "update" and css_class in (data.get("state", {}).get("_dom_classes") or ())
