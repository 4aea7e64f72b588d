"""Participant URLs: what the join screen, the QR code and `mentorkit session create` hand out."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlencode

PARTICIPANT_HOME = "home.ipynb"
#: Set by `mentorkit serve` for the facilitator's kernels, so the console shows the URL participants use.
ENV_PUBLIC_URL = "MENTORKIT_PUBLIC_URL"


def public_base(host: str = "0.0.0.0", port: int = 8866, public_url: str = "", base_url: str = "/") -> str:
    """The participant base URL: ``public_url`` if given, else this machine's address and ``port``
    (and the server's ``base_url`` path, when it has one)."""
    if public_url:
        return public_url.rstrip("/")
    if host in ("0.0.0.0", "::", ""):
        try:  # the name a phone on the same network can reach; no packet is sent
            host = socket.gethostbyname(socket.gethostname())
        except OSError:
            host = "127.0.0.1"
    return f"http://{host}:{port}{base_url.rstrip('/')}"


def configured_base() -> str:
    """The base URL `serve` announced to this process (``$MENTORKIT_PUBLIC_URL``), else a best guess."""
    return os.environ.get(ENV_PUBLIC_URL) or public_base()


def join_url(base: str, code: str) -> str:
    """The participant URL for session ``code``: the home page with the join code filled in."""
    return f"{base.rstrip('/')}/voila/render/{PARTICIPANT_HOME}?{urlencode({'code': code})}"
