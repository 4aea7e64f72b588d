"""`mentorkit serve`: two Voila processes, started and stopped together.

* Participants: every notebook at the top of ``notebooks/`` (copied into a private folder, so the
  facilitator's and trainers' notebooks are not even on that server's disk), on ``--host:--port``,
  with preheated kernels and idle-kernel culling.
* Facilitator: ``notebooks/facilitator/`` on loopback, protected by a generated token.

Both get the database URL and content folder through the environment, so every kernel they start
uses the same store.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kit import paths
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
    pool_size: int = 0
    cull_idle_seconds: int = 600
    cull_interval_seconds: int = 60
    token: str = ""
    public_url: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)


def public_base(config: ServeConfig) -> str:
    """The participant base URL people should type: ``--public-url``, else this machine's address."""
    return _public_base(config.host, config.port, config.public_url)


def stage_participant_notebooks(target: Path) -> list[str]:
    """Copy the participant notebooks (top level of ``notebooks/`` only) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for notebook in sorted(paths.notebooks_dir().glob("*.ipynb")):
        shutil.copy2(notebook, target / notebook.name)
        names.append(notebook.name)
    return names


#: Seconds a page waits for its kernel to start before Voila gives up on it (Voila's default: 60).
KERNEL_STARTUP_TIMEOUT = 300


def voila_command(root: Path, *, host: str, port: int, pool_size: int, config: ServeConfig,
                  token: str | None) -> list[str]:
    """The command line for one Voila process."""
    command = [
        sys.executable, "-m", "voila", str(root),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",  # a URL we print must be the URL that answers
        f"--MappingKernelManager.cull_idle_timeout={config.cull_idle_seconds}",
        f"--MappingKernelManager.cull_interval={config.cull_interval_seconds}",
        "--VoilaConfiguration.http_header_envs=Cookie",  # the kernel reads the remembered participant
        "--VoilaConfiguration.show_tracebacks=False",
        # When a room joins at once, a 2-core machine can take over a minute to start a kernel.
        # Voila's default (60 s) then gives up on it and never finishes that page: measured with
        # the bare Button notebook in `make bench`. A slow page is better than one that never ends.
        f"--VoilaExecutor.startup_timeout={KERNEL_STARTUP_TIMEOUT}",
    ]
    if pool_size > 0:
        command += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    if token:
        command.append(f"--token={token}")
    else:
        # Voila shuts a kernel down on page unload with a sendBeacon POST that carries no XSRF token
        # (voila-dashboards/voila#1458), so each closed tab would keep its kernel until culled. The
        # open participant server has no login to protect and only that endpoint changes anything,
        # keyed by an unguessable kernel id; the token-protected facilitator server keeps its check.
        command.append("--Voila.tornado_settings=disable_check_xsrf=True")
    return command


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Voila exited with code {process.returncode} while starting ({url}).")
        try:
            with urllib.request.urlopen(url, timeout=2):
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
    def facilitator_url(self) -> str:
        return (f"http://{self.config.facilitator_host}:{self.config.facilitator_port}"
                f"/voila/render/{FACILITATOR_CONSOLE}?token={self.token}")

    def start(self) -> "Servers":
        """Start both servers and wait until each answers; raises RuntimeError with the reason."""
        cfg = self.config
        for host, port, what in ((cfg.host, cfg.port, "--port"), (cfg.facilitator_host, cfg.facilitator_port,
                                                                  "--facilitator-port")):
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
        facilitator_root = paths.notebooks_dir() / "facilitator"
        logs = self.logs
        specs = [
            (participant_root, cfg.host, cfg.port, cfg.pool_size, None, "participant"),
            (facilitator_root, cfg.facilitator_host, cfg.facilitator_port, 0, self.token, "facilitator"),
        ]
        for root, host, port, pool, token, name in specs:
            log_file = open(logs / f"{name}.log", "ab")
            self.processes.append(subprocess.Popen(
                voila_command(root, host=host, port=port, pool_size=pool, config=cfg, token=token),
                cwd=root, env=env, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,  # own process group: stopping it also stops its kernels
            ))
        local = "127.0.0.1" if cfg.host in ("0.0.0.0", "") else cfg.host
        _wait_until_up(f"http://{local}:{cfg.port}/", self.processes[0])
        _wait_until_up(f"http://{cfg.facilitator_host}:{cfg.facilitator_port}/", self.processes[1])
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
