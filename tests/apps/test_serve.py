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


#: Every serve process a test started: stopped after the test whatever it asserted (see below).
_STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _stop_what_the_test_started():
    """Stop every serve a test started and everything below it, also when an assertion failed before
    the test stopped it itself: a failed test must not leave servers and kernels running."""
    yield
    while _STARTED:
        process = _STARTED.pop()
        below = descendants(process.pid) if process.poll() is None else set()
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for pid in below:
            if alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def start(tmp_path, *extra, env_extra=None, host="127.0.0.1"):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"), MENTORKIT_DB=f"sqlite:///{tmp_path / 's.sqlite3'}",
               PYTHONUNBUFFERED="1", **(env_extra or {}))
    out = tmp_path / "serve.out"
    port, fport = free_port(), free_port()
    process = subprocess.Popen([sys.executable, "-m", "kit.cli", "serve", "--host", host, "--port", str(port),
                                "--facilitator-port", str(fport), *extra],
                               env=env, stdout=open(out, "w"), stderr=subprocess.STDOUT)
    _STARTED.append(process)
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
    # The room's cap and how it was derived (the default: from the memory available).
    assert re.search(r"Room: +at most \d+ participant kernels at once \(\d+% of the [\d.]+ GB of memory", text), text
    # A preheated kernel exists (the participant page's pool of one) before anyone visits.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(descendants(process.pid)) < 3:
        time.sleep(0.5)
    below = descendants(process.pid)
    assert len(below) >= 3, below  # two Voila servers and the preheated kernel
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


def test_a_pool_preheats_the_participant_page_only(tmp_path):
    """Is preheating off (no Voila switch, no pool file) with a pool of 0, and does a pool of N
    preheat N kernels for the participant page and none for the old per-exercise links?"""
    import json

    from kit.apps.serve import (POOL_REFILL_DELAY, PREHEATED_NOTEBOOK, ServeConfig, voila_command,
                                write_pool_config)

    assert write_pool_config(tmp_path, 0) is None and not (tmp_path / "voila.json").exists()
    assert not [a for a in voila_command(tmp_path, host="127.0.0.1", port=1, pool_size=0, config=ServeConfig(),
                                         token=None) if a.startswith("--") and ("preheat" in a or "pool" in a)]
    written = write_pool_config(tmp_path, 30)
    manager = json.loads(written.read_text())["VoilaKernelManager"]
    assert manager["kernel_pools_config"] == {"default": {"pool_size": 0}, PREHEATED_NOTEBOOK: {"pool_size": 30}}
    # Refills wait until a room joining at once has its pages (Voila's 1 s would start one per joiner).
    assert manager["fill_delay"] == POOL_REFILL_DELAY > 1
    assert written.parent == tmp_path  # Voila reads voila.json from its working directory, the served folder
    assert write_pool_config(tmp_path, 0) is None and not written.exists()  # a later run without a pool


def test_kernels_reach_their_server_at_the_address_it_listens_on():
    """Does every Voila process tell its kernels where to reach it (Voila sets only the port), with
    loopback for a server listening on every address?"""
    from kit.apps.serve import local_address, server_env, url_host

    assert server_env({"A": "1"}, "192.0.2.7") == {"A": "1", "VOILA_APP_IP": "192.0.2.7"}
    assert local_address("0.0.0.0") == local_address("") == "127.0.0.1"
    assert local_address("::") == "::1"  # Voila listens on IPv6 only for ::
    assert local_address("localhost") == "localhost"
    assert url_host("::1") == "[::1]" and url_host("10.0.0.2") == "10.0.0.2"


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_kernels_connect_over_unix_sockets_where_the_paths_fit():
    """Do kernels talk to their server over Unix sockets (no TCP ports to race for when many start at
    once), moving Voila's connection folder to /tmp when the temporary folder's path is too long?"""
    from kit.apps.serve import UNIX_SOCKET_PATH_MAX, ServeConfig, kernel_transport_args, voila_command

    assert kernel_transport_args("/tmp") == ["--KernelManager.transport=ipc"]
    deep = "/var/folders/x" + "y" * UNIX_SOCKET_PATH_MAX
    assert kernel_transport_args(deep) == ["--KernelManager.transport=ipc", "--Voila.connection_dir_root=/tmp"]
    command = voila_command(Path("/srv"), host="127.0.0.1", port=1, pool_size=0, config=ServeConfig(), token=None)
    assert [a for a in command if a.startswith("--KernelManager.transport=")] == ["--KernelManager.transport=ipc"]


def _can_listen(address: str) -> bool:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((address, 0))
    except OSError:
        return False
    return True


@pytest.mark.parametrize("address", ["127.0.0.2", "::1"])
def test_a_preheated_kernel_reads_its_visitor_from_the_address_given(monkeypatch, address):
    """Does ``wait_for_visitor`` dial VOILA_APP_IP (an IPv6 address in brackets) and export the
    visitor's request it receives there?"""
    if not _can_listen(address):
        pytest.skip(f"cannot listen on {address} here")
    import json

    from websockets.sync.server import serve

    from kit.ui.visit import wait_for_visitor

    def handler(connection):
        if connection.request.path == "/voila/query/k-1":
            connection.send(json.dumps({"QUERY_STRING": "code=ABC&p=key", "HTTP_COOKIE": "mk_ABC=key"}))

    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with serve(handler, address, 0, family=family) as server:
        import threading

        threading.Thread(target=server.serve_forever, daemon=True).start()
        for name, value in {"VOILA_PREHEAT": "True", "VOILA_APP_IP": address,
                            "VOILA_APP_PORT": str(server.socket.getsockname()[1]), "VOILA_KERNEL_ID": "k-1",
                            "VOILA_SERVER_URL": "/", "QUERY_STRING": "", "HTTP_COOKIE": ""}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("VOILA_WS_BASE_URL", raising=False)
        wait_for_visitor(timeout=30)
        server.shutdown()
    assert os.environ["QUERY_STRING"] == "code=ABC&p=key"
    assert os.environ["HTTP_COOKIE"] == "mk_ABC=key"


def _logs_folder(text: str) -> Path:
    return Path(re.search(r"Server logs:\s+(\S+)", text).group(1))


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_preheated_pages_know_their_visitor_on_a_server_listening_on_one_address(tmp_path):
    """With ``--host`` set to one address of this machine (not 127.0.0.1) and a pool, does a
    preheated kernel receive its visitor's link, so a joined participant sees their own page and
    not the join form? Also: only the participant page is preheated."""
    import asyncio
    import concurrent.futures

    from benchmarks import clients
    from benchmarks.common import kernels
    from kit.store import Store

    host = "127.0.0.2"  # as a LAN address would: the server does not answer on 127.0.0.1
    if not _can_listen(host):
        pytest.skip(f"cannot listen on {host} here")
    process, out, port, _ = start(tmp_path, "--pool-size", "2", "--no-first-session", host=host)
    try:
        text = wait_for(out, process, "Press Ctrl-C")
        assert "Press Ctrl-C" in text, text
        log = _logs_folder(text) / "participant.log"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "Kernel pool of home.ipynb is filled" not in log.read_text():
            time.sleep(0.3)
        assert "Kernel pool of home.ipynb is filled with 2 kernel(s)" in log.read_text()
        # One pool for the one page, not one per notebook (the old per-exercise links get none). A
        # busy machine may already be starting a replacement, so "fewer than a pool per notebook".
        from kit import paths

        per_notebook = 2 * len(list(paths.notebooks_dir().glob("*.ipynb")))
        assert 2 <= len(kernels(process.pid)) < per_notebook
        store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
        session = store.create_session("LAN room")
        person = store.join(session.code, "Ada Visitor")
        store.dispose()

        async def visit() -> dict:
            url = f"http://{host}:{port}/voila/render/home.ipynb?code={session.code}&p={person.key}"
            _, kernel_id = await clients.render(url, timeout=120)
            socket = await clients.KernelSocket.open(f"http://{host}:{port}", kernel_id)
            try:
                return await socket.widget_states(timeout=60)
            finally:
                await socket.close()

        # In a thread of its own: another test's browser may leave an event loop running in this one.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            states = pool.submit(asyncio.run, visit()).result(timeout=300)
        shown = " ".join(str(state.get("value", "")) for state in states.values())
        assert "Using pre-heated kernel" in log.read_text()
        assert "could not read the visitor's request" not in log.read_text()
        assert "Ada Visitor" in shown and "mk-identity" in shown, shown[:2000]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


def test_the_default_room_follows_the_memory_available():
    """Is the default cap 75% of the memory available at start-up at 80 MB a kernel (at least a few),
    read from MemAvailable, and does it say how it was derived?"""
    from kit.apps.serve import KERNEL_MB, MIN_ROOM, available_memory_mb, default_max_participants

    assert available_memory_mb("MemTotal:  8192000 kB\nMemAvailable:    4096000 kB\n") == 4000
    assert available_memory_mb("MemTotal:  8192000 kB\n") is None
    room, how = default_max_participants(4000)
    assert room == int(4000 * 0.75 // KERNEL_MB) == 37
    assert "75% of the 3.9 GB" in how and f"{KERNEL_MB} MB a kernel" in how
    assert default_max_participants(100)[0] == MIN_ROOM


def test_only_the_participant_server_is_capped_and_checks_navigations(tmp_path):
    """Does the participant server's Voila get the cap and the page door, and the facilitator's neither?"""
    from kit.apps.serve import ServeConfig, voila_command

    config = ServeConfig(max_participants=12)
    participant = voila_command(tmp_path, host="127.0.0.1", port=1, pool_size=0, config=config, token=None)
    facilitator = voila_command(tmp_path, host="127.0.0.1", port=2, pool_size=0, config=config, token="t")
    assert "--RoomKernelManager.max_kernels=12" in participant and "--KitVoila.room_door=True" in participant
    assert not [a for a in facilitator if "max_kernels" in a or "room_door" in a]


def test_a_pool_larger_than_the_room_is_refused(tmp_path):
    """Does serve refuse a preheated pool that could never fit in the room, naming both options?"""
    from click.testing import CliRunner

    from kit.cli import main

    result = CliRunner().invoke(main, ["serve", "--pool-size", "10", "--max-participants", "5",
                                       "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"])
    assert result.exit_code == 2
    assert "--pool-size" in result.output and "--max-participants" in result.output
