"""A private nginx for tests: Debian's binary with its own configuration, prefix, pid, logs and
temporary folders, on a free loopback port, as root or not (the system service is never touched).

Outside CI a test skips when nginx or openssl is missing; with CI=true it fails instead, as the
PostgreSQL fixtures do (tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

NGINX = os.environ.get("MENTORKIT_NGINX", "/usr/sbin/nginx")
IN_CI = os.environ.get("CI", "").lower() == "true"


def need_nginx() -> str:
    """The nginx binary, or a skip (a failure in CI) naming what is missing."""
    found = NGINX if Path(NGINX).exists() else shutil.which("nginx")
    missing = [name for name, path in (("nginx", found), ("openssl", shutil.which("openssl"))) if not path]
    if missing:
        reason = f"{' and '.join(missing)} not installed (apt-get install nginx openssl)"
        if IN_CI:
            pytest.fail(f"{reason}; CI=true: the deploy tests may not skip", pytrace=False)
        pytest.skip(reason)
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ipv6_works() -> bool:
    """Can this machine listen on IPv6 (some containers have it disabled)?"""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


def site_options() -> list[str]:
    """`mentorkit deploy nginx` options this machine needs."""
    return [] if ipv6_works() else ["--ipv4-only"]


def self_signed(folder: Path, name: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate and key for ``name`` (an IP address or a host name), made by openssl."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    kind = "IP" if name.replace(".", "").isdigit() else "DNS"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
                    "-addext", f"subjectAltName={kind}:{name}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def main_config(folder: Path, site: Path) -> Path:
    """nginx.conf around the generated ``site``: the http block Debian's nginx.conf would give it,
    with every path in ``folder``."""
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers may read the test's files
    temp = "".join(f"    {kind}_temp_path {folder / kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    mime = "    include /etc/nginx/mime.types;\n" if Path("/etc/nginx/mime.types").exists() else ""
    path = folder / "nginx.conf"
    path.write_text(f"""{user}worker_processes 1;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} info;
daemon off;
events {{ worker_connections 512; }}
http {{
{mime}    access_log {folder / 'access.log'};
{temp}    include {site};
}}
""")
    return path


class Nginx:
    """nginx running ``config`` in the foreground of its own process group; :meth:`stop` ends it."""

    def __init__(self, binary: str, folder: Path, config: Path):
        self.binary, self.folder, self.config = binary, folder, config
        self.process: subprocess.Popen | None = None

    def command(self, *extra: str) -> list[str]:
        return [self.binary, "-p", str(self.folder), "-c", str(self.config), "-e", str(self.folder / "error.log"),
                *extra]

    def test(self) -> subprocess.CompletedProcess:
        """``nginx -t``: is the configuration valid?"""
        return subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=60)

    def start(self, port: int, timeout: float = 30) -> "Nginx":
        self.process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited:\n" + (self.folder / "error.log").read_text())
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not listen on {port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGQUIT)  # graceful: workers finish, then exit
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
