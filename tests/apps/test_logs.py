"""Where a participant kernel's errors go (kit/apps/logs.py): the server's log, never the page."""

from __future__ import annotations

import asyncio
import json
import os
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
    no server path, while the server's log has the traceback (and the kernel's stderr is that log)?"""
    served = serve(tmp_path, "--max-participants", "4")
    try:
        def logged() -> str:
            text = served.log.read_text()
            return text if "TraitError" in text else ""

        async def attack() -> tuple[list[dict], list[str], str]:
            _, kernel_id = await clients.render(served.home, timeout=300)  # the join form: a name box
            socket = await clients.KernelSocket.open(served.root, kernel_id)
            frames: list[str] = []
            received: list[dict] = []
            try:
                states = await socket.widget_states(timeout=120)
                text_box = next(comm for comm, state in states.items() if state.get("_model_name") == "TextModel")
                socket._queue = queue = asyncio.Queue()

                async def send_and_read_until_error(errors: int) -> None:
                    await socket.send("comm_msg", {"comm_id": text_box,
                                                   "data": {"method": "update", "state": {"value": 12345},
                                                            "buffer_paths": []}})
                    while sum(m.get("msg_type") == "error" for m in received) < errors:
                        received.append(await asyncio.wait_for(queue.get(), 120))
                        frames.append(json.dumps(received[-1]))

                await send_and_read_until_error(1)
                # Once the details are in the server's log, anything ipykernel forwards from the
                # kernel's stderr is on its way: a second try is answered after it.
                log = await asyncio.to_thread(wait_until, logged, 60, "the error in the server log")
                await send_and_read_until_error(2)
                return received, frames, log
            finally:
                await socket.close()

        received, frames, log = run_async(attack())
        errors = [m["content"] for m in received if m.get("msg_type") == "error"]
        assert errors == [{"ename": "ServerError", "evalue": SHORT_ERROR, "traceback": [SHORT_ERROR]}] * 2
        everything = "\n".join(frames)
        for leak in ("Traceback", "TraitError", "site-packages", ".py", str(ROOT), str(tmp_path)):
            assert leak not in everything, leak
        assert not [m for m in received if m.get("msg_type") == "stream" and m["content"].get("name") == "stderr"]
        assert "Traceback" in log and "_handle_msg" in log  # where it failed, with the server's paths
        # ipykernel forwards whatever the kernel writes to file descriptor 2 to the page, a moment later:
        # the participant kernel's descriptor 2 is the server's log again, not ipykernel's pipe.
        assert [os.readlink(f"/proc/{pid}/fd/2") for pid in served.kernels()] == [str(served.log)]
    finally:
        served.stop()
