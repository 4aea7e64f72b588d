"""`mentorkit serve` as a user runs it: what it prints, what it refuses, and that it cleans up."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.common import tree

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc), kernels included."""
    return set(tree(pid)[1:])


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start(tmp_path, *extra, env_extra=None):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"), MENTORKIT_DB=f"sqlite:///{tmp_path / 's.sqlite3'}",
               PYTHONUNBUFFERED="1", **(env_extra or {}))
    out = tmp_path / "serve.out"
    port, fport = free_port(), free_port()
    process = subprocess.Popen([sys.executable, "-m", "kit.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--facilitator-port", str(fport), *extra],
                               env=env, stdout=open(out, "w"), stderr=subprocess.STDOUT)
    return process, out, port, fport


def wait_for(out: Path, process, needle: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = out.read_text()
        if needle in text or process.poll() is not None:
            return text
        time.sleep(0.3)
    return out.read_text()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_serve_prints_urls_and_ctrl_c_stops_everything(tmp_path):
    """Does serve print the participant URL with a join code, the facilitator URL with a token and the
    database file, and does Ctrl-C stop both servers and all their kernels?"""
    process, out, port, fport = start(tmp_path, "--pool-size", "1")
    text = wait_for(out, process, "Press Ctrl-C")
    assert "Press Ctrl-C" in text, text
    assert re.search(rf"Participant URL: http://127\.0\.0\.1:{port}/voila/render/home\.ipynb\?code=[A-Z0-9]{{6}}", text)
    assert re.search(rf"Facilitator URL: http://127\.0\.0\.1:{fport}/voila/render/console\.ipynb\?token=\S{{20,}}", text)
    assert str(tmp_path / "s.sqlite3") in text
    # Preheated kernels exist (two participant notebooks, pool of one each) before anyone visits.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(descendants(process.pid)) < 4:
        time.sleep(0.5)
    below = descendants(process.pid)
    assert len(below) >= 4, below  # two Voila servers and at least two kernels
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(p) for p in below):
        time.sleep(0.3)
    assert not [p for p in below if alive(p)]
    assert "Stopped." in out.read_text()


def test_serve_refuses_a_busy_port(tmp_path):
    """Does serve say which port is taken instead of silently moving to another one?"""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        process, out, _, _ = start(tmp_path, "--facilitator-port", str(taken))
        code = process.wait(timeout=60)
    assert code != 0
    assert f"Port {taken}" in out.read_text() and "--facilitator-port" in out.read_text()


def test_serve_refuses_broken_content(tmp_path):
    """Does serve refuse to start on broken content, naming file and line?"""
    broken = tmp_path / "content"
    broken.mkdir()
    (broken / "x.yaml").write_text("id: x\ntitle: X\nitems: [\n")
    process, out, _, _ = start(tmp_path, "--content", str(broken))
    assert process.wait(timeout=60) == 1
    assert re.search(r"x\.yaml:\d+: ", out.read_text()), out.read_text()


def test_serve_leaves_the_kit_compiled_for_its_kernels():
    """Does serve write the kit's bytecode, so no participant kernel compiles the package again?"""
    import importlib.util

    import kit.store.store
    from kit.apps.serve import compile_package

    source = Path(kit.store.store.__file__)
    cached = Path(importlib.util.cache_from_source(str(source)))
    cached.unlink(missing_ok=True)
    assert compile_package()
    assert cached.exists()
    assert cached.stat().st_mtime >= source.stat().st_mtime - 1


def test_pages_wait_for_a_slow_kernel_instead_of_hanging(tmp_path):
    """Does each Voila process give a kernel more than Voila's 60 s to start, for rooms joining at once?"""
    from kit.apps.serve import KERNEL_STARTUP_TIMEOUT, ServeConfig, voila_command

    command = voila_command(tmp_path, host="127.0.0.1", port=1, pool_size=0, config=ServeConfig(), token=None)
    assert f"--VoilaExecutor.startup_timeout={KERNEL_STARTUP_TIMEOUT}" in command
    assert KERNEL_STARTUP_TIMEOUT > 60
