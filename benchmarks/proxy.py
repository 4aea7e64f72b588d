"""Hosting behind nginx (``proxy``): joins per second and memory per participant through the proxy over
HTTPS, one participant server and two shards on this machine, against the same server reached directly.

A join here is what the room's phones do once known: open the join URL with their key (``?p=``),
follow nginx to a shard, wait until Voila has rendered the page, then hold the kernel's websocket
(through nginx, ``wss://``), as an open tab does. All N arrive at once; joins per second is N over
the time until the last page is rendered and connected. Memory per participant is the growth of
every server process (nginx included) from idle to N connected, divided by N. Preheating is off
(the `serve` default), so each join starts a kernel, as in the ``tti`` burst.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import ssl
import time
import urllib.request
import uuid
from pathlib import Path

import websockets

from benchmarks import clients
from benchmarks.common import PYTHON, Background, Options, Result, free_port, rss_mb, tree
from kit.store import Store
from tests.nginx import NGINX, Nginx, ipv6_works, main_config, self_signed

UNVERIFIED = ssl._create_unverified_context()  # the run's own self-signed certificate


def _fetch(url: str, timeout: float) -> tuple[str, str]:
    """The page at ``url`` after redirects, and the URL it ended at."""
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=UNVERIFIED))
    with opener.open(url, timeout=timeout) as response:
        return response.read().decode("utf-8", "replace"), response.geturl()


async def join(url: str) -> tuple[float, object]:
    """Render the page at ``url`` (through redirects) and open its kernel's websocket; returns (seconds
    until connected, the socket)."""
    start = time.perf_counter()
    html, final = await asyncio.get_running_loop().run_in_executor(clients._FETCHERS, _fetch, url, 600)
    if clients.FINISHED not in html:
        raise clients.IncompletePage(f"the page from {url} ended before its notebook had run")
    kernel_id = clients.KERNEL_ID.search(html).group(1)
    base = final.split("/voila/render/", 1)[0]
    ws_url = (base.replace("https://", "wss://").replace("http://", "ws://")
              + f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}")
    socket = await websockets.connect(ws_url, ping_interval=None, open_timeout=120, max_size=None,
                                      ssl=UNVERIFIED if ws_url.startswith("wss://") else None)
    return time.perf_counter() - start, socket


class Deployment:
    """`mentorkit serve` as one server or N shards on one SQLite file, optionally behind nginx."""

    def __init__(self, scratch: Path, name: str, *, shards: int, proxy: bool):
        self.home = scratch / name
        self.home.mkdir(parents=True, exist_ok=True)
        db_url = f"sqlite:///{self.home / 'bench.sqlite3'}"
        store = Store(db_url)
        self.code = store.create_session("Proxy benchmark").code
        self.store_url = db_url
        store.dispose()
        env = dict(os.environ, MENTORKIT_DB=db_url, PYTHONUNBUFFERED="1")
        env.pop("MENTORKIT_PUBLIC_URL", None)
        ports = [free_port() for _ in range(shards)]
        fport = free_port()
        self.nginx = None
        self.servers = []
        if proxy:
            nport = free_port()
            self.public = f"https://127.0.0.1:{nport}/mk"
        else:
            self.public = f"http://127.0.0.1:{ports[0]}"
        for index, port in enumerate(ports, start=1):
            command = [PYTHON, "-m", "kit.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                       "--facilitator-port", str(fport), "--no-first-session", "--cull-idle", "600"]
            if proxy:
                command += ["--public-url", self.public]
            if shards > 1:
                command += ["--shard", f"{index}/{shards}"]
            self.servers.append(Background(command, env=dict(env, XDG_DATA_HOME=str(self.home / f"xdg{index}")),
                                           ready="Press Ctrl-C", log=self.home / f"serve{index}.log"))
        if proxy:
            cert, key = self_signed(self.home / "tls")
            folder = self.home / "nginx"
            folder.mkdir()
            site = folder / "site.conf"
            from kit.apps.deploy import NginxSite, nginx_site

            site.write_text(nginx_site(NginxSite(
                public_url=self.public, tls_cert=str(cert), tls_key=str(key),
                participant_upstreams=tuple(f"127.0.0.1:{port}" for port in ports),
                facilitator_upstream=f"127.0.0.1:{fport}", cache_dir=str(folder / "cache"), ipv6=ipv6_works())))
            binary = NGINX if Path(NGINX).exists() else shutil.which("nginx")
            self.nginx = Nginx(binary, folder, main_config(folder, site)).start(nport)

    def people(self, n: int) -> list[str]:
        store = Store(self.store_url)
        keys = [store.join(self.code, None, join_token=uuid.uuid4().hex).key for _ in range(n)]
        store.dispose()
        return keys

    def url(self, key: str) -> str:
        return f"{self.public}/voila/render/home.ipynb?code={self.code}&p={key}"

    def rss(self) -> float:
        """MB of every process of the deployment: the servers, their kernels, nginx."""
        pids = [pid for server in self.servers for pid in tree(server.process.pid)]
        if self.nginx is not None:
            pids += tree(self.nginx.process.pid)
        return sum(rss_mb(pid) for pid in pids)

    def stop(self) -> None:
        if self.nginx is not None:
            self.nginx.stop()
        for server in self.servers:
            server.stop()


async def _room(deployment: Deployment, n: int) -> tuple[float, float]:
    """N joins at once: (joins per second, MB per participant)."""
    keys = deployment.people(n)
    idle = deployment.rss()
    start = time.perf_counter()
    joined = await asyncio.gather(*(join(deployment.url(key)) for key in keys))
    elapsed = time.perf_counter() - start
    per_person = (deployment.rss() - idle) / n
    for _, socket in joined:
        await socket.close()
    return n / elapsed, per_person


def _measure(options: Options, name: str, n: int, **kwargs) -> tuple[float, float]:
    deployment = Deployment(options.scratch, name, **kwargs)
    try:
        rate, memory = asyncio.run(_room(deployment, n))
    finally:
        deployment.stop()
    return rate, memory


def run(options: Options, databases) -> list[Result]:
    if not (Path(NGINX).exists() or shutil.which("nginx")) or not shutil.which("openssl"):
        raise RuntimeError("nginx and openssl are needed (apt-get install nginx openssl)")
    n = options.size(30, 2)
    direct = _measure(options, "direct", n, shards=1, proxy=False)
    one = _measure(options, "proxy1", n, shards=1, proxy=True)
    two = _measure(options, "proxy2", n, shards=2, proxy=True)
    results = []
    for label, (rate, memory) in (("1 server", one), ("2 shards", two)):
        results.append(Result("proxy", f"{n} joins at once, {label} via nginx HTTPS: joins/s (vs direct HTTP)",
                              rate, direct[0], unit="joins/s"))
        results.append(Result("proxy", f"{n} joined, {label} via nginx HTTPS: MB per participant (vs direct)",
                              memory, direct[1], unit="MB"))
    return results
