"""`mentorkit serve` for the tests in this folder that need a real participant server: started as a
user starts it (the command line, free loopback ports, its own data folder), stopped with SIGINT."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import free_port, kernels


@dataclass
class Served:
    process: subprocess.Popen
    root: str  # http://127.0.0.1:<port>
    code: str  # the first session's join code
    db_url: str
    log: Path  # the participant server's log
    output: Path

    @property
    def home(self) -> str:
        return f"{self.root}/voila/render/home.ipynb?code={self.code}"

    def kernels(self) -> list[int]:
        """The participant server's kernel processes (the facilitator server has none here)."""
        return kernels(self.process.pid)

    def get(self, url: str, headers: dict[str, str] | None = None, timeout: float = 300) -> tuple[int, dict, str]:
        """(status, headers, body) of a GET."""
        request = urllib.request.Request(url, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

    def people(self, n: int) -> list[str]:
        """``n`` participant keys, joined through the store."""
        import uuid

        from kit.store import Store

        store = Store(self.db_url)
        try:
            return [store.join(self.code, f"Person {i}", join_token=uuid.uuid4().hex).key for i in range(n)]
        finally:
            store.dispose()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()


def serve(tmp_path: Path, *extra: str) -> Served:
    """Start `mentorkit serve` with ``extra`` options; returns once it says it is ready."""
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"), MENTORKIT_DB=f"sqlite:///{tmp_path / 's.sqlite3'}",
               PYTHONUNBUFFERED="1")
    env.pop("MENTORKIT_CONTENT", None)
    # Kernels behave as they do for users: ipykernel stops forwarding file descriptor 2 to the page
    # when it sees this variable (inherited from pytest through serve and Voila).
    env.pop("PYTEST_CURRENT_TEST", None)
    out = tmp_path / "serve.out"
    port, fport = free_port(), free_port()
    process = subprocess.Popen([sys.executable, "-m", "kit.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--facilitator-port", str(fport), *extra],
                               env=env, stdout=open(out, "w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while "Press Ctrl-C" not in out.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("mentorkit serve did not start:\n" + out.read_text())
        time.sleep(0.3)
    text = out.read_text()
    code = re.search(r"code=(\w+)", text).group(1)
    logs = Path(re.search(r"Server logs:\s+(\S+)", text).group(1))
    return Served(process, f"http://127.0.0.1:{port}", code, env["MENTORKIT_DB"], logs / "participant.log", out)


def wait_until(condition, timeout: float, what: str, every: float = 0.5):
    """Poll ``condition`` until it returns something true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(every)


def run_async(coroutine, timeout: float = 600):
    """Run ``coroutine`` on an event loop of its own thread (a browser test may hold this one's)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=timeout)
