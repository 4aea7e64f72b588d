"""A throwaway PostgreSQL cluster from Debian's packages, for the tests and the benchmarks.

The server refuses to run as root, so as root the cluster is made and run as ``postgres``.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PG_USER = "mentorkit"


def pg_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    # Debian/Ubuntu keep the server binaries off PATH, one folder per major version.
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    return candidates[-1] if candidates else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run as ``postgres`` when we are root."""

    def __init__(self, initdb: str, *, durable: bool = False) -> None:
        self.durable = durable
        self.bin_dir = Path(initdb).parent
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        # Not under pytest's tmp_path: that is private to root, and the server must reach it.
        self.base = Path(tempfile.mkdtemp(prefix="mentorkit-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = 0
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            # The server refuses to run as root.
            command = ["su", "postgres", "-c", shlex.join(command)]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def start(self) -> str:
        result = self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", PG_USER,
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")
        for _ in range(3):  # the free port may be taken between probing and binding
            self.port = free_port()
            options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c max_connections=300"
            if not self.durable:
                # Durability is pointless for a throwaway test cluster; speed is not. Benchmarks keep it.
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            result = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
            )
            if result.returncode == 0:
                return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/postgres"
        log = self.log.read_text(errors="replace") if self.log.exists() else ""
        raise RuntimeError(f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}\n{log}")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


