"""`mentorkit serve`: two Voila processes, started and stopped together.

* Participants: every notebook at the top of ``notebooks/`` (copied into a private folder, so the
  facilitator's and trainers' notebooks are not even on that server's disk), on ``--host:--port``,
  with preheated kernels and idle-kernel culling.
* Facilitator: ``notebooks/facilitator/`` on loopback, protected by a generated token.

Both get the database URL and content folder through the environment, so every kernel they start
uses the same store.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kit import paths
from kit.apps import deploy
from kit.urls import ENV_PUBLIC_URL, join_url, public_base as _public_base

__all__ = ["ServeConfig", "Servers", "join_url", "public_base", "FACILITATOR_CONSOLE"]

FACILITATOR_CONSOLE = "console.ipynb"


@dataclass
class ServeConfig:
    """Everything `serve` needs; the CLI fills it from its options."""

    host: str = "0.0.0.0"
    port: int = 8866
    facilitator_host: str = "127.0.0.1"
    facilitator_port: int = 8867
    db_url: str = ""
    content_dir: Path | None = None
    #: Kernels kept started for the participant page (``PREHEATED_NOTEBOOK``), its notebook run up
    #: to the wait for a visitor; 0 turns preheating off. Size it to the room.
    pool_size: int = 0
    #: Most participant kernels at once, the pool included (0: no cap); see :func:`default_max_participants`.
    max_participants: int = 0
    cull_idle_seconds: int = 600
    cull_interval_seconds: int = 10
    #: Seconds a participant kernel whose page never connected is kept (kit/apps/kernels.py).
    unconnected_grace_seconds: int = 60
    token: str = ""
    public_url: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)
    #: Behind a reverse proxy (kit/apps/deploy.py): the participant app's path prefix (Voila's
    #: ``base_url``); the facilitator's is this plus ``facilitator/``.
    base_url: str = "/"
    #: The facilitator server's own TLS certificate and key (a console reached without a proxy).
    facilitator_tls_cert: str = ""
    facilitator_tls_key: str = ""
    #: ``(I, N)``: this is participant shard I of N (kit/apps/shards.py); only shard 1 runs the console.
    shard: tuple[int, int] | None = None
    #: Kernels at which this shard sends newcomers to another (0: never).
    shard_capacity: int = 0

    @property
    def participant_base_url(self) -> str:
        """The participant server's own prefix (``PREFIX/sI/`` for a shard)."""
        from kit.apps.shards import shard_base_url

        base = deploy.normalize_base_url(self.base_url)
        return shard_base_url(base, self.shard[0]) if self.shard else base

    @property
    def runs_console(self) -> bool:
        return self.shard is None or self.shard[0] == 1


def public_base(config: ServeConfig) -> str:
    """The participant base URL people should type: ``--public-url``, else this machine's address."""
    return _public_base(config.host, config.port, config.public_url, config.base_url)


def stage_participant_notebooks(target: Path) -> list[str]:
    """Copy the participant notebooks (top level of ``notebooks/`` only) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for notebook in sorted(paths.notebooks_dir().glob("*.ipynb")):
        shutil.copy2(notebook, target / notebook.name)
        names.append(notebook.name)
    return names


#: Memory planned per participant kernel: 67 MB just joined, 72 MB after a whole agenda (benchmarks/README.md,
#: *agenda*), with room to grow.
KERNEL_MB = 80
#: Share of the memory available at start-up that participant kernels may take; the rest is left to
#: both servers, the facilitator's console, the database and whatever else the machine runs.
MEMORY_SHARE = 0.75
#: The smallest default room, and the default when the machine's memory cannot be read.
MIN_ROOM, UNKNOWN_MEMORY_ROOM = 4, 40


def available_memory_mb(meminfo: str | None = None) -> float | None:
    """Memory available for new processes, in MB: ``MemAvailable`` on Linux, else half the physical
    memory; None when neither can be read."""
    try:
        text = meminfo if meminfo is not None else Path("/proc/meminfo").read_text()
        for line in text.splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    if meminfo is not None:
        return None
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2 / 2**20
    except (ValueError, OSError, AttributeError):
        return None


def default_max_participants(available_mb: float | None = None) -> tuple[int, str]:
    """The default cap on participant kernels and how it was derived: :data:`MEMORY_SHARE` of the
    memory available at start-up, :data:`KERNEL_MB` a kernel, at least :data:`MIN_ROOM`."""
    mb = available_memory_mb() if available_mb is None else available_mb
    if mb is None:
        return UNKNOWN_MEMORY_ROOM, "the machine's memory could not be read"
    room = max(MIN_ROOM, int(mb * MEMORY_SHARE // KERNEL_MB))
    return room, (f"{MEMORY_SHARE:.0%} of the {mb / 1024:.1f} GB of memory available at start-up, "
                  f"{KERNEL_MB} MB a kernel")


#: Seconds a page waits for its kernel to start before Voila gives up on it (Voila's default: 60).
KERNEL_STARTUP_TIMEOUT = 300

#: The participant notebook that gets the preheated pool: the join link and the one page everyone
#: stays on. The other participant notebooks are old links to the same page; they start a kernel
#: when visited.
PREHEATED_NOTEBOOK = "home.ipynb"


def local_address(host: str) -> str:
    """The address a process on this machine uses to reach a server listening on ``host``: the host
    itself, or loopback when it listens on every address (Voila binds ``::`` to IPv6 only)."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "::1"
    return host


def url_host(address: str) -> str:
    """``address`` as written in a URL (IPv6 literals in brackets)."""
    return f"[{address}]" if ":" in address and not address.startswith("[") else address


def preheat_args(pool_size: int) -> list[str]:
    """Voila's command-line switches for a pool of ``pool_size`` preheated kernels *per notebook*
    (none for 0); :func:`write_pool_config` narrows the pool to one notebook."""
    return ["--preheat_kernel=True", f"--pool_size={pool_size}"] if pool_size > 0 else []


#: Seconds Voila waits after handing out a preheated kernel before starting its replacement
#: (Voila's ``fill_delay``, 1 s by default).
POOL_REFILL_DELAY = 10


def write_pool_config(root: Path, pool_size: int, notebook: str = PREHEATED_NOTEBOOK) -> Path | None:
    """Write ``voila.json`` into ``root`` (the served folder, Voila's working directory, where it
    reads its configuration): ``pool_size`` preheated kernels for ``notebook`` only, refilled
    :data:`POOL_REFILL_DELAY` seconds after each is handed out. Returns the file written (None when
    preheating is off). Measured in benchmarks/README.md, *Preheating under a burst*:

    * Voila keeps one pool per notebook: ``--pool_size=30`` alone starts 30 kernels for each of the
      five participant notebooks, 150 at once (10 GB), most of them for old links nobody opens
      first. ``kernel_pools_config`` (Voila's documented per-notebook pool sizes) keeps the pool for
      the participant page.
    * With Voila's 1 s refill delay, every person joining starts a new kernel a second later, so a
      room joining at once still starts a kernel per person, competing with the pages being served:
      p95 7 s instead of 0.1 s, and a browser page amid the burst often never drew its widgets.
      Refilling after 10 s lets the room's pages finish first. The price: Voila counts refills not
      yet started as pool, so a visitor beyond the pool in those 10 s waits for one (about 1–12 s).
    """
    path = root / "voila.json"
    if pool_size <= 0:
        path.unlink(missing_ok=True)
        return None
    pools = {"default": {"pool_size": 0}, notebook: {"pool_size": pool_size}}
    path.write_text(json.dumps({"VoilaKernelManager": {"kernel_pools_config": pools,
                                                       "fill_delay": POOL_REFILL_DELAY}}, indent=2))
    return path


#: Longest Unix socket path the platforms take (sun_path: 108 bytes on Linux, 104 on macOS).
UNIX_SOCKET_PATH_MAX = 100


def kernel_transport_args(temp_dir: str | None = None) -> list[str]:
    """Voila settings that connect kernels over Unix sockets where the platform has them.

    Over TCP, each kernel gets five ports that jupyter_client picked free a moment before the kernel
    binds them; when many kernels start at once (a preheated pool, a room joining), another socket
    can take one meanwhile and that kernel dies with "Address already in use". Pages were then lost
    (handed that kernel), and twice Voila's one event loop was found blocked in a synchronous ZMQ
    send while waiting for such a kernel (jupyter_client sends synchronously even from its asyncio
    client): every page of the server hung, the CPU idle (benchmarks/README.md, *Preheating under a
    burst*). Unix sockets are named after the kernel: nothing to race for. Kept on TCP where Unix
    sockets are missing (Windows) or their paths would be too long for the platform.
    """
    if os.name != "posix":
        return []
    root = temp_dir if temp_dir is not None else tempfile.gettempdir()
    # Voila's connection folder (voila_XXXXXXXX) in the temporary folder, one name per kernel socket.
    longest = os.path.join(root, "voila_XXXXXXXX", "kernel-00000000-0000-0000-0000-000000000000-ipc-65535")
    if len(longest.encode()) < UNIX_SOCKET_PATH_MAX:
        return ["--KernelManager.transport=ipc"]
    if root != "/tmp" and os.path.isdir("/tmp") and os.access("/tmp", os.W_OK):
        return ["--KernelManager.transport=ipc", "--Voila.connection_dir_root=/tmp"]
    return []


def voila_command(root: Path, *, host: str, port: int, pool_size: int, config: ServeConfig,
                  token: str | None) -> list[str]:
    """The command line for one Voila process (``pool_size`` preheated kernels per notebook, unless
    :func:`write_pool_config` wrote a narrower pool into ``root``)."""
    command = [
        # Voila itself, with compressed responses and cacheable static files (kit/apps/voila_app.py),
        # and the kit's template: nothing fetched from outside, a page that shows its connection.
        sys.executable, "-m", "kit.apps.voila_app", str(root),
        f"--template={paths.VOILA_TEMPLATE}",
        "--no-browser",
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",  # a URL we print must be the URL that answers
        f"--MappingKernelManager.cull_idle_timeout={config.cull_idle_seconds}",
        # A kernel whose page never connected is judged by its own grace, not the idle timeout: kept
        # while a slow phone loads the scripts, ended soon after when nobody came (kit/apps/kernels.py).
        "--VoilaConfiguration.multi_kernel_manager_class=kit.apps.kernels.RoomKernelManager",
        f"--RoomKernelManager.unconnected_grace={config.unconnected_grace_seconds}",
        f"--MappingKernelManager.cull_interval={config.cull_interval_seconds}",
        "--VoilaConfiguration.http_header_envs=Cookie",  # the kernel reads the remembered participant
        "--VoilaConfiguration.show_tracebacks=False",
        # When a room joins at once, a 2-core machine can take over a minute to start a kernel.
        # Voila's default (60 s) then gives up on it and never finishes that page: measured with
        # the bare Button notebook in `make bench`. A slow page is better than one that never ends.
        f"--VoilaExecutor.startup_timeout={KERNEL_STARTUP_TIMEOUT}",
        *kernel_transport_args(),
    ]
    command += preheat_args(pool_size)
    if not token:  # the participant server: kernels only for pages, and only while there is room
        command.append("--KitVoila.room_door=True")
        if config.max_participants > 0:
            command.append(f"--RoomKernelManager.max_kernels={config.max_participants}")
    if token:
        # The token itself goes in the process's environment (JUPYTER_TOKEN, read by jupyter_server's
        # identity provider; see Servers.start), not on its command line, which `ps` shows every user.
        command.append("--Voila.auto_token=True")
    else:
        # Voila shuts a kernel down on page unload with a sendBeacon POST that carries no XSRF token
        # (voila-dashboards/voila#1458), so each closed tab would keep its kernel until culled. The
        # open participant server has no login to protect and only that endpoint changes anything,
        # keyed by an unguessable kernel id; the token-protected facilitator server keeps its check.
        command.append("--Voila.tornado_settings=disable_check_xsrf=True")
    return command


def server_env(env: dict[str, str], host: str) -> dict[str, str]:
    """The environment of a Voila process listening on ``host`` (its kernels inherit it).

    A preheated kernel learns who visits over a websocket to its own server
    (:func:`kit.ui.visit.wait_for_visitor`, like ``voila.utils.wait_for_request``), at
    ``VOILA_APP_IP``, which Voila does not set: without it the kernel dials 127.0.0.1, which a server
    listening on one LAN address does not answer, and every preheated page loses its visitor's link
    and cookie (it shows the join form to people who had joined).
    """
    return {**env, "VOILA_APP_IP": local_address(host)}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer: following the participant server's (to the join page) would start a
    kernel for nobody."""

    def redirect_request(self, *args, **kwargs):
        return None


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    # Our own server's self-signed certificate (a directly exposed console) is fine to reach.
    context = ssl._create_unverified_context() if url.startswith("https://") else None
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=context))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Voila exited with code {process.returncode} while starting ({url}).")
        try:
            with opener.open(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered (e.g. 403 without the token): it is up
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"Voila did not answer at {url} within {timeout:.0f} s.")


def compile_package() -> bool:
    """Write the kit's bytecode once, here, so kernels do not compile it each time they start.

    An editable install leaves ``kit/`` uncompiled, and where ``PYTHONDONTWRITEBYTECODE`` is set no
    kernel writes it either: each participant would wait about 0.1 s longer. Up-to-date files are
    skipped; a package folder that cannot be written to is left as it is.
    """
    import compileall

    try:
        return compileall.compile_dir(str(Path(__file__).resolve().parents[1]), quiet=2)
    except OSError:
        return False


def port_is_free(host: str, port: int) -> bool:
    """Can we bind ``host:port`` right now?"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host if host not in ("", "::") else "0.0.0.0", port))
        except OSError:
            return False
    return True


class Servers:
    """The two Voila processes; a context manager that always stops both and their kernels."""

    def __init__(self, config: ServeConfig):
        self.config = config
        self.token = config.token or secrets.token_urlsafe(24)
        self.runtime = Path(tempfile.mkdtemp(prefix="runtime-", dir=paths.user_data_dir()))
        self.logs = paths.user_data_dir() / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes: list[subprocess.Popen] = []

    @property
    def participant_base(self) -> str:
        return public_base(self.config)

    @property
    def facilitator_base(self) -> str:
        """The facilitator server's URL for its user: through the proxy behind one (``--public-url``),
        else its own address (https with its own certificate)."""
        cfg = self.config
        if cfg.public_url:
            return cfg.public_url.rstrip("/") + "/" + deploy.FACILITATOR_SEGMENT
        scheme = "https" if cfg.facilitator_tls_cert else "http"
        host = cfg.facilitator_host
        if host in ("", "0.0.0.0", "::"):  # reachable on every address: name the one others use
            host = _public_base(host, cfg.facilitator_port).split("://", 1)[1].rsplit(":", 1)[0]
        return (f"{scheme}://{url_host(host)}:{cfg.facilitator_port}"
                f"{deploy.facilitator_base_url(cfg.base_url, cfg.public_url)}")

    @property
    def facilitator_url(self) -> str:
        return f"{self.facilitator_base}voila/render/{FACILITATOR_CONSOLE}?token={self.token}"

    def proxy_args(self, name: str) -> list[str]:
        """Voila options for serving behind a proxy or over TLS (none on a laptop in a room)."""
        cfg = self.config
        args = []
        base = (cfg.participant_base_url if name == "participant"
                else deploy.facilitator_base_url(cfg.base_url, cfg.public_url))
        if base != "/":
            args.append(f"--Voila.base_url={base}")
        if deploy.behind_proxy(cfg.base_url, cfg.public_url):
            args.append("--KitVoila.trust_xheaders=True")  # the visitor's address and scheme, from nginx
        if name == "participant" and cfg.shard:
            args += [f"--KitVoila.shard_entry={deploy.normalize_base_url(cfg.base_url)}",
                     f"--KitVoila.shard_capacity={cfg.shard_capacity}"]
        if name == "facilitator" and cfg.facilitator_tls_cert:
            args += [f"--KitVoila.certfile={cfg.facilitator_tls_cert}", f"--KitVoila.keyfile={cfg.facilitator_tls_key}"]
        return args

    def start(self) -> "Servers":
        """Start both servers and wait until each answers; raises RuntimeError with the reason."""
        cfg = self.config
        wanted = 2 if cfg.runs_console else 1  # a shard other than 1 runs no facilitator server
        for host, port, what in ((cfg.host, cfg.port, "--port"), (cfg.facilitator_host, cfg.facilitator_port,
                                                                  "--facilitator-port"))[:wanted]:
            if not port_is_free(host, port):
                raise RuntimeError(f"Port {port} on {host} is already in use: stop what uses it or pick "
                                   f"another with {what}.")
        env = dict(os.environ)
        env[paths.ENV_DB] = cfg.db_url
        if cfg.content_dir is not None:
            env[paths.ENV_CONTENT] = str(cfg.content_dir)
        env[ENV_PUBLIC_URL] = self.participant_base
        # Kernels read the content validated once here instead of parsing and validating it each.
        from kit.content.snapshot import ENV_SNAPSHOT, write_snapshot

        env[ENV_SNAPSHOT] = str(write_snapshot(self.runtime / "content.json", cfg.content_dir))
        env.update(cfg.extra_env)
        compile_package()
        participant_root = self.runtime / "participant"
        stage_participant_notebooks(participant_root)
        write_pool_config(participant_root, cfg.pool_size)
        facilitator_root = paths.notebooks_dir() / "facilitator"
        logs = self.logs
        specs = [
            (participant_root, cfg.host, cfg.port, cfg.pool_size, None, "participant"),
            (facilitator_root, cfg.facilitator_host, cfg.facilitator_port, 0, self.token, "facilitator"),
        ]
        for root, host, port, pool, token, name in specs[:wanted]:
            log_file = open(logs / f"{name}.log", "ab")
            process_env = server_env(env, host)
            if token:
                process_env["JUPYTER_TOKEN"] = token
            self.processes.append(subprocess.Popen(
                voila_command(root, host=host, port=port, pool_size=pool, config=cfg, token=token)
                + self.proxy_args(name),
                cwd=root, env=process_env, stdout=log_file, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # own process group: stopping it also stops its kernels
            ))
        _wait_until_up(f"http://{url_host(local_address(cfg.host))}:{cfg.port}{cfg.participant_base_url}",
                       self.processes[0])
        if not cfg.runs_console:
            return self
        scheme = "https" if cfg.facilitator_tls_cert else "http"
        _wait_until_up(f"{scheme}://{url_host(local_address(cfg.facilitator_host))}:{cfg.facilitator_port}"
                       f"{deploy.facilitator_base_url(cfg.base_url, cfg.public_url)}", self.processes[1])
        return self

    def log_path(self, name: str) -> Path:
        """Where a server's output goes (``participant`` or ``facilitator``)."""
        return self.logs / f"{name}.log"

    def stop(self) -> None:
        """Stop both servers: SIGTERM to each process group, SIGKILL what is left after a grace period."""
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 10
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            try:  # kernels may outlive their server: the group goes too
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.processes.clear()
        shutil.rmtree(self.runtime, ignore_errors=True)

    def wait(self) -> int:
        """Block until a server exits (or Ctrl-C); returns its exit code."""
        while True:
            for process in self.processes:
                code = process.poll()
                if code is not None:
                    return code
            time.sleep(0.5)

    def __enter__(self) -> "Servers":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
