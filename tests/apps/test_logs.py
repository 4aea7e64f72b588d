"""Where a participant kernel's errors go (kit/apps/logs.py): the server's log, never the page."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from benchmarks import clients
from kit.apps.logs import SHORT_ERROR, quiet_errors
from tests.apps.server import run_async, serve, wait_until

ROOT = Path(__file__).resolve().parents[2]


def test_outside_a_kernel_nothing_is_changed():
    """Does quiet_errors leave a plain Python process (a test, a script) as it is?"""
    import sys

    stderr = sys.stderr
    assert quiet_errors() is False
    assert sys.stderr is stderr


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_an_invalid_widget_value_sends_no_traceback_to_its_sender(tmp_path):
    """When a client sends a widget a value of the wrong type over the kernel's websocket (a real
    kernel of a real participant server), does it get only the short message, with no traceback and
    no server path, while the server's log has the traceback?"""
    served = serve(tmp_path, "--max-participants", "4")
    try:
        async def attack() -> tuple[list[dict], list[str]]:
            _, kernel_id = await clients.render(served.home, timeout=300)  # the join form: a name box
            socket = await clients.KernelSocket.open(served.root, kernel_id)
            frames: list[str] = []
            try:
                states = await socket.widget_states(timeout=120)
                text_box = next(comm for comm, state in states.items() if state.get("_model_name") == "TextModel")
                socket._queue = queue = asyncio.Queue()
                await socket.send("comm_msg", {"comm_id": text_box,
                                               "data": {"method": "update", "state": {"value": 12345},
                                                        "buffer_paths": []}})
                received: list[dict] = []
                while not any(m.get("msg_type") == "error" for m in received):
                    message = await asyncio.wait_for(queue.get(), 120)
                    received.append(message)
                    frames.append(json.dumps(message))
                return received, frames
            finally:
                await socket.close()

        received, frames = run_async(attack())
        errors = [m["content"] for m in received if m.get("msg_type") == "error"]
        assert errors == [{"ename": "ServerError", "evalue": SHORT_ERROR, "traceback": [SHORT_ERROR]}]
        everything = "\n".join(frames)
        for leak in ("Traceback", "TraitError", "site-packages", ".py", str(ROOT), str(tmp_path)):
            assert leak not in everything, leak
        assert not [m for m in received if m.get("msg_type") == "stream" and m["content"].get("name") == "stderr"]
        log = wait_until(lambda: (lambda t: t if "TraitError" in t else "")(served.log.read_text()), 60,
                         "the error in the server log")
        assert "Traceback" in log and "_handle_msg" in log  # where it failed, with the server's paths
    finally:
        served.stop()
