"""Who is visiting: the join code (and an old link's participant key, `p`) from the URL, and the cookies.

Voila hands a page's URL and headers to the kernel as CGI-style environment variables. A preheated
kernel runs the notebook before anyone visits, so it first waits for Voila to send the visitor's
request. ``voila.utils.wait_for_request`` does this too, but importing voila costs every participant
kernel ~60 MB, so the same small websocket handshake is done here with ``websockets`` alone.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs

from kit.store.codes import normalize_code

COOKIE_PREFIX = "mk_"


def wait_for_visitor(timeout: float = 3600.0) -> None:
    """In a preheated Voila kernel, block until a visitor's request arrives and export its variables.

    Does nothing outside preheat mode (plain Voila, JupyterLab, nbval, tests).
    """
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    # Voila does not set VOILA_APP_IP; `mentorkit serve` does (kit.apps.serve.server_env), since a
    # server listening on one LAN address does not answer on 127.0.0.1.
    host = os.environ.get("VOILA_APP_IP", "") or "127.0.0.1"
    if host == "0.0.0.0":
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    kernel_id = os.environ.get("VOILA_KERNEL_ID", "")
    url = f"{protocol}://{host}:{port}{base}voila/query/{kernel_id}"
    try:
        # No keep-alive pings: a pooled kernel may wait hours for its visitor, and a ping missed while
        # the server is busy starting other kernels would close the socket and lose the visit.
        with connect(url, open_timeout=120, ping_interval=None, close_timeout=1) as socket:
            payload = socket.recv(timeout=timeout)
    except (OSError, TimeoutError, WebSocketException) as error:  # the page then behaves like a fresh visit
        # To the server's log, not the visitor's page.
        print(f"mentorkit: could not read the visitor's request from Voila: {error}", file=sys.__stderr__)
        return
    for name, value in json.loads(payload).items():
        os.environ[name] = value


def cookie_name(code: str) -> str:
    """The cookie that remembers which participant this browser is in session ``code``."""
    return COOKIE_PREFIX + normalize_code(code)


@dataclass(frozen=True)
class Visit:
    """The parameters of one page visit."""

    code: str = ""
    key: str = ""
    params: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)

    def remembered_key(self, code: str) -> str:
        """The participant key this browser remembers for session ``code`` ('' when none)."""
        return self.cookies.get(cookie_name(code), "")

    @classmethod
    def from_strings(cls, query: str = "", cookie_header: str = "") -> "Visit":
        """Parse a query string (``code``, ``p``) and a Cookie header; malformed parts are ignored."""
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        jar: dict[str, str] = {}
        try:
            parsed = SimpleCookie()
            parsed.load(cookie_header)
            jar = {name: morsel.value for name, morsel in parsed.items() if name.startswith(COOKIE_PREFIX)}
        except CookieError:
            pass
        return cls(code=params.get("code", "")[:64], key=params.get("p", "")[:64], params=params, cookies=jar)


def current_visit() -> Visit:
    """Wait for the visitor (preheated kernels) and return their :class:`Visit`."""
    wait_for_visitor()
    return Visit.from_strings(os.environ.get("QUERY_STRING", ""), os.environ.get("HTTP_COOKIE", ""))
