"""What every benchmark shares: results, percentiles, process memory, servers on loopback."""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Result:
    """One row of the table: a measured value, its baseline from the same run, and the target ratio."""

    benchmark: str
    measure: str
    value: float
    baseline: float | None = None
    unit: str = "s"
    target: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    def as_dict(self) -> dict:
        return dict(asdict(self), ratio=self.ratio)


@dataclass
class Options:
    """Sizes: the full run by default, tiny ones with ``--smoke``."""

    smoke: bool = False
    repeats: int = 5
    scratch: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="mentorkit-bench-")))

    def size(self, full: int, smoke: int) -> int:
        return smoke if self.smoke else full


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0..100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * p / 100
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (from /proc)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmRSS:\s+(\d+) kB", text)
    return int(match.group(1)) / 1024 if match else 0.0


def tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    found, todo = [pid], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            for child in children:
                if child not in found:
                    found.append(child)
                    todo.append(child)
    return found


def kernels(pid: int) -> list[int]:
    """Kernel processes (ipykernel_launcher) below ``pid``. A kernel's own child is not counted: a
    process a kernel forks has the kernel's command line until it executes its own program."""
    found = {}
    for child in tree(pid)[1:]:
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            parent = int(Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"ipykernel" in cmdline:
            found[child] = parent
    return [child for child, parent in found.items() if parent not in found]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Background:
    """A server process in its own process group, stopped with everything below it."""

    def __init__(self, command: list[str], *, env: dict | None = None, cwd: Path | None = None, ready: str = "",
                 log: Path | None = None, url: str = ""):
        self.log = log or Path(tempfile.mkstemp(suffix=".log")[1])
        self.process = subprocess.Popen(command, env=env, cwd=cwd, stdout=open(self.log, "w"),
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 180
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{command[:4]} exited: {self.log.read_text()[-2000:]}")
            if ready and ready in self.log.read_text():
                break
            if url and _answers(url):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[:4]} did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        for pid in tree(self.process.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def _answers(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


PYTHON = sys.executable
CHROMIUM = os.environ.get("MENTORKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
