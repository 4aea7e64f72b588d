"""Hosting `mentorkit serve` beyond a laptop in a room: a URL prefix behind a reverse proxy, a
facilitator console reached from another device, and what `mentorkit deploy` generates (an nginx site
for Debian's package, a systemd unit) and `mentorkit status` checks.

Behind a proxy, both Voila processes run under one path prefix (Voila's ``base_url``): participants
at ``PREFIX/``, the facilitator at ``PREFIX/facilitator/``, so one nginx ``server`` routes both by
path without rewriting any URL. Nothing here starts a process; :mod:`kit.apps.serve` does.
"""

from __future__ import annotations

import ipaddress
import shlex
import ssl
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

#: The facilitator's app under the shared prefix (see :func:`facilitator_base_url`).
FACILITATOR_SEGMENT = "facilitator/"

#: Paths of Voila's static files under a base URL: the ones nginx may cache (kit/apps/voila_app.py
#: marks the same ones cacheable for browsers).
STATIC_LOCATIONS = ("voila/static/", "voila/labextensions/", "voila/templates/", "voila/api/themes/")


def normalize_base_url(value: str) -> str:
    """``value`` as Voila's ``base_url`` wants it: starting and ending with one slash ('/' for none)."""
    value = (value or "").strip()
    if "://" in value or "?" in value or "#" in value:
        raise ValueError(f"--base-url takes a path such as /mentorkit/, not {value!r}.")
    parts = [part for part in value.split("/") if part]
    return "/" + "".join(f"{part}/" for part in parts)


def base_url_from_public_url(public_url: str) -> str:
    """The path of ``public_url`` as a base URL: ``https://h/mk`` → ``/mk/``."""
    return normalize_base_url(urlsplit(public_url).path) if public_url else "/"


def behind_proxy(base_url: str, public_url: str) -> bool:
    """Does `serve` run behind a reverse proxy (a prefix or a public URL given)?"""
    return bool(public_url) or normalize_base_url(base_url) != "/"


def facilitator_base_url(base_url: str, public_url: str = "") -> str:
    """The facilitator's base URL: ``/`` on a laptop (as before), ``PREFIX/facilitator/`` behind a
    proxy, so one address serves both apps and the proxy routes them by path."""
    base = normalize_base_url(base_url)
    return base + FACILITATOR_SEGMENT if behind_proxy(base, public_url) else "/"


def is_loopback(host: str) -> bool:
    """Is ``host`` reachable from this machine only (127.0.0.0/8, ::1, localhost)?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def facilitator_exposure_problem(host: str, *, public_url: str = "", tls_cert: str = "",
                                 insecure: bool = False) -> str | None:
    """Why the console may not listen on ``host`` as configured, or None when it may.

    Beyond loopback the token travels over the network, so it must be encrypted: by the reverse proxy
    (``--public-url https://…``, the proxy reaching this server over a network you trust) or by the
    facilitator server itself (``--facilitator-tls-cert``/``--facilitator-tls-key``). ``--insecure``
    accepts plain HTTP, knowingly (a closed network, a test).
    """
    if is_loopback(host) or insecure or tls_cert or public_url.lower().startswith("https://"):
        return None
    return (f"--facilitator-host {host} would send the facilitator token over plain HTTP. Serve behind an "
            "HTTPS proxy (--public-url https://…), give --facilitator-tls-cert and --facilitator-tls-key, "
            "or accept plain HTTP explicitly with --insecure.")


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# -- nginx --------------------------------------------------------------------------------------


@dataclass
class NginxSite:
    """What the generated nginx site needs (``mentorkit deploy nginx`` fills it from its options)."""

    public_url: str
    tls_cert: str
    tls_key: str
    #: One participant server, or several: shards 1…N in order (`serve --shard I/N`).
    participant_upstreams: tuple[str, ...] = ("127.0.0.1:8866",)
    facilitator_upstream: str = "127.0.0.1:8867"
    listen: int | None = None
    base_url: str | None = None
    facilitator_allow: tuple[str, ...] = ()
    max_body_size: str = "1m"
    cache_dir: str = "/var/cache/nginx/mentorkit"
    server_name: str | None = None
    #: Also listen on IPv6 (off for a machine whose kernel has IPv6 disabled: nginx would not start).
    ipv6: bool = True

    @property
    def prefix(self) -> str:
        return normalize_base_url(self.base_url) if self.base_url is not None else base_url_from_public_url(self.public_url)

    @property
    def port(self) -> int:
        if self.listen:
            return self.listen
        return urlsplit(self.public_url).port or 443

    @property
    def name(self) -> str:
        return self.server_name or urlsplit(self.public_url).hostname or "_"


def _proxy_headers(indent: str) -> str:
    lines = [
        "proxy_http_version 1.1;",
        # Websockets: the kernel channels and Voila's query socket upgrade the connection.
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $mentorkit_connection_upgrade;",
        # Host with its port: jupyter_server compares a websocket's Origin with it.
        "proxy_set_header Host $http_host;",
        "proxy_set_header X-Real-IP $remote_addr;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        # A page waits up to 300 s for its kernel; a kernel socket stays open the whole workshop.
        "proxy_connect_timeout 10s;",
        "proxy_read_timeout 1h;",
        "proxy_send_timeout 1h;",
    ]
    return "".join(f"{indent}{line}\n" for line in lines)


def _security_headers(indent: str) -> str:
    # Repeated where a location adds its own header: nginx then drops the server's add_header lines.
    return (f'{indent}add_header Strict-Transport-Security "max-age=31536000" always;\n'
            f"{indent}add_header X-Content-Type-Options nosniff always;\n")


def _participant_routes(site: NginxSite, prefix: str, statics: str) -> tuple[str, str]:
    """The participant upstreams (http context) and locations (server context): one server, or
    shards under ``PREFIX/sI/`` with the join URL routed by a hash of the visitor (kit/apps/shards.py)."""
    cache = ("        proxy_cache mentorkit_static;\n        proxy_cache_valid 200 1d;\n"
             "        proxy_cache_use_stale error timeout updating;\n        proxy_cache_lock on;\n"
             "        add_header X-Cache-Status $upstream_cache_status;\n" + _security_headers("        "))
    headers = _proxy_headers("        ")
    if len(site.participant_upstreams) == 1:
        upstreams = f"""# A page's kernel lives in one participant server: its websocket must reach that same server.
upstream mentorkit_participant {{
    server {site.participant_upstreams[0]};
    keepalive 16;
}}
"""
        locations = f"""    # Voila's static files: the same for everyone, kept by nginx and by browsers.
    location ~ ^{prefix}({statics})/ {{
{headers}{cache}        proxy_pass http://mentorkit_participant;
    }}

    # Participant pages (streamed while the kernel runs) and kernel websockets.
    location {prefix} {{
{headers}        proxy_buffering off;
        proxy_pass http://mentorkit_participant;
    }}
"""
        return upstreams, locations
    shards = "".join(f"upstream mentorkit_shard{index} {{\n    server {address};\n    keepalive 16;\n}}\n"
                     for index, address in enumerate(site.participant_upstreams, start=1))
    # max_fails=0: a full shard's 503 to a newcomer must not mark it down for everyone (a returning
    # participant still belongs there); a stopped shard refuses connections at once, so trying it costs
    # nothing.
    entry = "".join(f"    server {address} max_fails=0;\n" for address in site.participant_upstreams)
    upstreams = f"""# Shards: shard I serves its pages under {prefix}sI/, so a page, its scripts and its kernel's
# websocket always reach the server holding its kernel (routing by path, no sticky sessions).
{shards}
# The join URL: the shard a consistent hash of the participant's key (?p=, once joined) or of the
# visitor id (cookie mk_visitor, made here on a first visit) points to; a stopped or full shard (503 to a
# newcomer) passes the request to the next one.
upstream mentorkit_entry {{
    hash $mentorkit_key consistent;
{entry}}}

map $cookie_mk_visitor $mentorkit_visitor {{
    ""      $request_id;
    default $cookie_mk_visitor;
}}

map $arg_p $mentorkit_key {{
    ""      $mentorkit_visitor;
    default $arg_p;
}}
"""
    locations = f"""    # Voila's static files on each shard: the same for everyone, kept by nginx and by browsers.
    location ~ ^{prefix}s(?<mentorkit_shard>\d+)/({statics})/ {{
{headers}{cache}        proxy_pass http://mentorkit_shard$mentorkit_shard;
    }}

    # A page asking whether its kernel still exists: a stopped shard's kernels are gone (404), so the
    # page offers its reconnect, which lands on a running shard.
    location ~ ^{prefix}s(?<mentorkit_shard>\d+)/api/kernels/[0-9a-f-]+$ {{
{headers}        error_page 502 503 504 = @mentorkit_gone;
        proxy_pass http://mentorkit_shard$mentorkit_shard;
    }}

    # A page of a stopped shard: back to the join URL, which picks a running shard (same participant).
    location ~ ^{prefix}s(?<mentorkit_shard>\d+)/voila/render/ {{
{headers}        proxy_buffering off;
        error_page 502 503 504 = @mentorkit_rejoin;
        proxy_pass http://mentorkit_shard$mentorkit_shard;
    }}

    # Everything else of a shard: scripts, kernel websockets.
    location ~ ^{prefix}s(?<mentorkit_shard>\d+)/ {{
{headers}        proxy_buffering off;
        proxy_pass http://mentorkit_shard$mentorkit_shard;
    }}

    location @mentorkit_gone {{
        return 404;
    }}

    location @mentorkit_rejoin {{
        return 302 {prefix}voila/render/home.ipynb$is_args$args;
    }}

    # The join URL (and old links): a shard answers with a redirect to its own copy of the page.
    location {prefix} {{
{headers}        proxy_set_header X-Mentorkit-Visitor $mentorkit_visitor;
        proxy_next_upstream error timeout http_502 http_503 http_504;
        proxy_pass http://mentorkit_entry;
    }}
"""
    return upstreams, locations


def nginx_site(site: NginxSite) -> str:
    """An nginx site (a file for ``/etc/nginx/sites-available/``, included in the ``http`` block of
    Debian's nginx.conf): TLS, websockets, gzip, cached static files, a request size limit, the
    participant server (or shards) and the facilitator server under one prefix."""
    prefix = site.prefix
    facilitator = prefix + FACILITATOR_SEGMENT
    allow = "".join(f"        allow {address};\n" for address in site.facilitator_allow)
    if allow:
        allow += "        deny all;\n"
    statics = "|".join(location.rstrip("/") for location in STATIC_LOCATIONS)
    upstreams, locations = _participant_routes(site, prefix, statics)
    generated_by = shlex.join(["mentorkit", "deploy", "nginx", "--public-url", site.public_url])
    return f"""# Mentor Workshop Kit behind nginx ({generated_by} …).
# Participants: {site.public_url.rstrip('/')}/   Facilitator: {origin(site.public_url)}{facilitator}
# Include it in the http block (Debian: /etc/nginx/sites-available/mentorkit, linked from sites-enabled).

map $http_upgrade $mentorkit_connection_upgrade {{
    default upgrade;
    ''      '';
}}

{upstreams}
upstream mentorkit_facilitator {{
    server {site.facilitator_upstream};
}}

proxy_cache_path {site.cache_dir} levels=1:2 keys_zone=mentorkit_static:10m max_size=200m inactive=7d use_temp_path=off;

server {{
    listen {site.port} ssl;
{f"    listen [::]:{site.port} ssl;" + chr(10) if site.ipv6 else ""}    server_name {site.name};

    ssl_certificate     {site.tls_cert};
    ssl_certificate_key {site.tls_key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:mentorkit_tls:10m;
    ssl_session_timeout 1d;

    # Answers travel over the kernel's websocket; pages and API requests are small.
    client_max_body_size {site.max_body_size};

    gzip on;
    gzip_proxied any;
    gzip_vary on;
    gzip_min_length 1024;
    gzip_types text/css application/javascript text/javascript application/json image/svg+xml text/plain;

{_security_headers('    ')}
    # The participant page at the prefix itself.
    location = {prefix} {{
        return 302 {prefix}voila/render/home.ipynb$is_args$args;
    }}

    # The facilitator's console: Voila checks the token on every page and request{'; only these addresses' if allow else ''}.
    location ^~ {facilitator} {{
{allow}{_proxy_headers('        ')}        proxy_buffering off;
        proxy_pass http://mentorkit_facilitator;
    }}

{locations}}}
"""


# -- systemd ------------------------------------------------------------------------------------


def systemd_unit(*, user: str, env_file: str, serve_args: list[str], state_dir: str = "mentorkit",
                 executable: str | None = None) -> str:
    """A systemd service running `mentorkit serve` as ``user``; the database URL and the token come
    from ``env_file`` (root-owned, mode 600: systemd reads it before dropping privileges)."""
    command = shlex.join([executable or sys.executable, "-m", "kit.cli", "serve", *serve_args])
    return f"""# Mentor Workshop Kit: `mentorkit serve` as a service.
# Put MENTORKIT_DB=postgresql+psycopg://… and MENTORKIT_TOKEN=… in {env_file}
# (chown root:root, chmod 600), then: systemctl daemon-reload && systemctl enable --now mentorkit
[Unit]
Description=Mentor Workshop Kit (participant and facilitator servers)
After=network-online.target postgresql.service
Wants=network-online.target

[Service]
Type=simple
User={user}
EnvironmentFile={env_file}
# The facilitator token (when not in the environment file), logs and runtime files.
StateDirectory={state_dir}
Environment=XDG_DATA_HOME=/var/lib/{state_dir}
Environment=PYTHONUNBUFFERED=1
WorkingDirectory=/var/lib/{state_dir}
ExecStart={command}
# serve stops both servers and every kernel on SIGTERM.
KillSignal=SIGTERM
TimeoutStopSec=30
Restart=on-failure
RestartSec=5
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full
ProtectHome=read-only

[Install]
WantedBy=multi-user.target
"""


# -- status -------------------------------------------------------------------------------------


@dataclass
class Check:
    """One line of `mentorkit status`."""

    name: str
    ok: bool
    detail: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_url(name: str, url: str, *, timeout: float = 10.0, verify_tls: bool = True,
              expect_token: bool = False) -> Check:
    """Does the server at ``url`` answer? 2xx and 3xx count as up; so does 403 from a token-protected
    facilitator server (``expect_token``), which refuses a request without the token."""
    context = None
    if url.startswith("https://") and not verify_tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    # A redirect is an answer (the facilitator's login page): not followed.
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=context))
    started = time.monotonic()
    try:
        with opener.open(url, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Check(name, False, f"no answer at {url} ({reason})")
    took = time.monotonic() - started
    ok = status < 400 or (expect_token and status == 403)
    return Check(name, ok, f"HTTP {status} from {url} in {took:.2f} s")


def check_database(url: str) -> Check:
    """Can the database be opened and read?"""
    from kit.store import Store

    try:
        store = Store(url)
    except Exception as error:  # any driver error is a failed check, said in one line
        return Check("database", False, f"cannot open it: {error}")
    try:
        sessions = store.list_sessions()
        described = store.describe()
    except Exception as error:
        return Check("database", False, f"cannot read it: {error}")
    finally:
        store.dispose()
    open_now = sum(1 for s in sessions if s.closed_at is None)
    return Check("database", True, f"{described}: {len(sessions)} session(s), {open_now} open")
