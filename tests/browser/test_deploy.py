"""Hosting behind a reverse proxy, for real: `mentorkit serve` under a path prefix, the nginx site
`mentorkit deploy nginx` writes, run by Debian's nginx with a self-signed certificate, and
participants and the console in Chromium over HTTPS (kit/apps/deploy.py)."""

from __future__ import annotations

import os
import re
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, make_self_paced, need
from tests.browser.test_journey import answer_and_submit, join
from tests.nginx import Nginx, free_port, main_config, need_nginx, self_signed, site_options

pytestmark = pytest.mark.browser

TOKEN = "proxy-test-token-0123456789"
UNVERIFIED = ssl._create_unverified_context()  # the test's own self-signed certificate


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, **headers: str) -> tuple[int, dict, bytes]:
    """Status, headers and body of a GET through the proxy, without following redirects."""
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=UNVERIFIED))
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def mentorkit(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kit.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def proxied(tmp_path):
    """`mentorkit serve --public-url https://127.0.0.1:PORT/mk` behind nginx running the generated site."""
    binary = need_nginx()
    need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    cert, key = self_signed(tmp_path / "tls")
    port, fport, nport = free_port(), free_port(), free_port()
    public = f"https://127.0.0.1:{nport}/mk"
    db_url = f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"), MENTORKIT_DB=db_url, PYTHONUNBUFFERED="1")
    env.pop("MENTORKIT_CONTENT", None)
    env.pop("MENTORKIT_PUBLIC_URL", None)
    site = tmp_path / "nginx" / "mentorkit.conf"
    site.parent.mkdir()
    made = mentorkit(env, "deploy", "nginx", "--public-url", public, "--tls-cert", str(cert), "--tls-key", str(key),
                     "--participant", f"127.0.0.1:{port}", "--facilitator", f"127.0.0.1:{fport}",
                     "--facilitator-allow", "127.0.0.1", "--cache-dir", str(tmp_path / "nginx" / "cache"),
                     "-o", str(site), *site_options())
    assert made.returncode == 0, made.stderr
    nginx = Nginx(binary, site.parent, main_config(site.parent, site))
    checked = nginx.test()
    assert checked.returncode == 0, checked.stderr
    output = tmp_path / "serve.out"
    serve = subprocess.Popen(
        [sys.executable, "-m", "kit.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--facilitator-port", str(fport), "--public-url", public, "--token", TOKEN, "--cull-idle", "60",
         "--pool-size", "1"],  # a preheated kernel learns its visitor from its server under the prefix
        env=env, stdout=open(output, "w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while "Press Ctrl-C" not in output.read_text():
            assert serve.poll() is None and time.monotonic() < deadline, output.read_text()
            time.sleep(0.3)
        nginx.start(nport)
        yield {"public": public, "db_url": db_url, "env": env, "output": output.read_text(), "nginx": nginx,
               "serve": serve}
    finally:
        nginx.stop()
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)


def test_participants_and_console_over_https_behind_nginx(proxied, browser):
    """Behind nginx under /mk/ over HTTPS: does serve print the proxy's URLs, do two participants in
    Chromium join and answer (kernel websockets through the proxy; the first gets the preheated
    kernel), does the console reached through
    the proxy with the token see both answers and show the HTTPS join URL, and are the facilitator
    routes refused without the token?"""
    public, text = proxied["public"], proxied["output"]
    join_url = re.search(r"Participant URL: (\S+)", text).group(1)
    console_url = re.search(r"Facilitator URL: (\S+)", text).group(1)
    assert re.fullmatch(re.escape(public) + r"/voila/render/home\.ipynb\?code=[A-Z0-9]{6}", join_url), text
    assert console_url == f"{public}/facilitator/voila/render/console.ipynb?token={TOKEN}", text
    code = join_url.rsplit("=", 1)[1]
    make_self_paced(proxied["db_url"], code)

    # The facilitator routes: a login redirect or a refusal without the token, never the console.
    for path in ("/facilitator/voila/render/console.ipynb", "/facilitator/voila/render/console.ipynb?token=wrong",
                 "/facilitator/voila/render/dashboard.ipynb"):
        status, headers, body = get(public + path)
        assert status in (302, 401, 403), (path, status)
        assert b"console" not in body.lower() or status != 200
        if status == 302:
            assert "/mk/facilitator/login" in headers["Location"]
    # The participant prefix itself leads to the participant page.
    status, headers, _ = get(public + "/")
    assert status == 302 and headers["Location"].endswith("/mk/voila/render/home.ipynb")

    contexts = []
    # The suite's one Chromium (a second Playwright would clash with its event loop).
    try:

        def new_page(viewport=(390, 844)):
            context = browser.new_context(ignore_https_errors=True,
                                          viewport={"width": viewport[0], "height": viewport[1]})
            context.set_default_timeout(60_000)
            contexts.append(context)
            return context.new_page()

        console = new_page((1280, 1000))
        console.goto(console_url, wait_until="domcontentloaded")
        console.get_by_label("Session", exact=True).wait_for()
        panel = console.locator(".mk-panel-confidentiality")
        panel.locator('[data-answered="0"]').wait_for()
        for name, values in (("Ana", ["yes"] * 8), ("Kim", ["no"] * 8)):
            page = new_page()
            join(page, join_url, name)
            answer_and_submit(page, values)
            assert page.url.startswith(public + "/voila/render/home.ipynb")
        panel.locator('[data-answered="2"]').wait_for(timeout=30_000)  # live, over the console's websocket
        console.get_by_role("tab", name="Join screen").click()
        assert console.inner_text(".mk-join-url").strip() == f"{public}/voila/render/home.ipynb?code={code}"
        assert console.locator("img.mk-qr").first.is_visible()
    finally:
        for context in contexts:
            context.close()

    # Kernel websockets went through nginx: upgraded (101) on both servers' kernel channels. nginx logs a
    # websocket when it has closed, which the closed pages' sockets do shortly after.
    access = proxied["nginx"].folder / "access.log"
    for path in ("/mk/api/kernels/", "/mk/facilitator/api/kernels/"):
        pattern = re.compile(rf'"GET {path}[0-9a-f-]{{36}}/channels\S* HTTP/1\.1" 101')
        deadline = time.monotonic() + 60
        while not pattern.search(access.read_text()) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert pattern.search(access.read_text()), access.read_text()[-2000:]


def test_nginx_compresses_and_caches_static_files_and_status_sees_both_servers(proxied):
    """Through the proxy, is a static file gzip-compressed, kept by nginx (a second request is a cache
    HIT) and cacheable by browsers; does `mentorkit status` through the proxy exit 0, and exit 1 once
    the servers are stopped?"""
    public = proxied["public"]
    status, headers, _ = get(public + "/voila/static/voila.js", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "max-age" in headers.get("Cache-Control", "")
    status, headers, _ = get(public + "/voila/static/voila.js", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("X-Cache-Status") == "HIT"
    assert "max-age=31536000" in headers.get("Strict-Transport-Security", "")

    env = proxied["env"]
    healthy = mentorkit(env, "status", "--url", public + "/", "--facilitator-url", public + "/facilitator/",
                        "--no-verify-tls")
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert "participant:" in healthy.stdout and "facilitator:" in healthy.stdout and "database:" in healthy.stdout

    proxied["serve"].send_signal(signal.SIGTERM)
    proxied["serve"].wait(timeout=60)
    down = mentorkit(env, "status", "--url", public + "/", "--facilitator-url", public + "/facilitator/",
                     "--no-verify-tls", "--timeout", "5")
    assert down.returncode == 1, down.stdout
    assert "FAIL" in down.stdout


def start_serve(env: dict, output: Path, *args: str) -> subprocess.Popen:
    """`mentorkit serve ARGS`, waited for until it prints its URLs."""
    process = subprocess.Popen([sys.executable, "-m", "kit.cli", "serve", *args], env=env, stdout=open(output, "w"),
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while "Press Ctrl-C" not in output.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("mentorkit serve did not start:\n" + output.read_text())
        time.sleep(0.3)
    return process


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)


def shard_of(url: str) -> str:
    """``s1`` for a page of shard 1 (its path starts /mk/s1/)."""
    return re.search(r"/mk/(s\d+)/", url).group(1)


def test_shards_share_a_session_behind_nginx(tmp_path, pg_url, browser):
    """Two participant shards on one PostgreSQL behind nginx: do people land on the shard their visitor
    id hashes to, does a full shard send a newcomer to the other, does a reload keep each on their
    shard, does the one console see all three answers, and when a shard stops, do its participants
    reconnect to the other shard as themselves and do new joiners go there?"""
    binary = need_nginx()
    need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    cert, key = self_signed(tmp_path / "tls")
    port1, port2, fport, nport = free_port(), free_port(), free_port(), free_port()
    public = f"https://127.0.0.1:{nport}/mk"
    env = dict(os.environ, MENTORKIT_DB=pg_url, PYTHONUNBUFFERED="1")
    for name in ("MENTORKIT_CONTENT", "MENTORKIT_PUBLIC_URL"):
        env.pop(name, None)
    created = mentorkit(env, "session", "create", "--name", "Big day", "--self-paced", "--public-url", public)
    assert created.returncode == 0, created.stderr
    join_url = re.search(r"Participant URL: (\S+)", created.stdout).group(1)
    site = tmp_path / "nginx" / "mentorkit.conf"
    site.parent.mkdir()
    made = mentorkit(env, "deploy", "nginx", "--public-url", public, "--tls-cert", str(cert), "--tls-key", str(key),
                     "--participant", f"127.0.0.1:{port1}", "--participant", f"127.0.0.1:{port2}",
                     "--facilitator", f"127.0.0.1:{fport}", "--cache-dir", str(tmp_path / "nginx" / "cache"),
                     "-o", str(site), *site_options())
    assert made.returncode == 0, made.stderr
    nginx = Nginx(binary, site.parent, main_config(site.parent, site))
    common = ["--host", "127.0.0.1", "--public-url", public, "--no-first-session", "--cull-idle", "60"]
    shards = {}
    try:
        shards["s1"] = start_serve(dict(env, XDG_DATA_HOME=str(tmp_path / "xdg1")), tmp_path / "s1.out", *common,
                                   "--shard", "1/2", "--port", str(port1), "--facilitator-port", str(fport),
                                   "--token", TOKEN)
        shard1_text = (tmp_path / "s1.out").read_text()
        shards["s2"] = start_serve(dict(env, XDG_DATA_HOME=str(tmp_path / "xdg2")), tmp_path / "s2.out", *common,
                                   "--shard", "2/2", "--shard-capacity", "1", "--port", str(port2))
        assert "Facilitator URL" not in (tmp_path / "s2.out").read_text()  # one console, on shard 1
        console_url = re.search(r"Facilitator URL: (\S+)", shard1_text).group(1)
        nginx.start(nport)

        # Which visitor ids the proxy sends where (a redirect only: no kernel starts).
        landing: dict[str, list[str]] = {"s1": [], "s2": []}
        for number in range(200):
            visitor = f"visitor{number:04d}"
            status, headers, _ = get(join_url, Cookie=f"mk_visitor={visitor}")
            assert status == 302, status
            landing[shard_of(headers["Location"])].append(visitor)
            if len(landing["s1"]) >= 1 and len(landing["s2"]) >= 3:
                break
        # A first visit gets its visitor id from nginx, kept in a cookie.
        status, headers, _ = get(join_url)
        assert status == 302 and "mk_visitor=" in headers.get("Set-Cookie", "")

        contexts = []
        # The suite's one Chromium (a second Playwright would clash with its event loop).
        try:
            def person(visitor: str, viewport=(390, 844)):
                context = browser.new_context(ignore_https_errors=True,
                                              viewport={"width": viewport[0], "height": viewport[1]})
                context.set_default_timeout(60_000)
                contexts.append(context)
                if visitor:
                    context.add_cookies([{"name": "mk_visitor", "value": visitor, "domain": "127.0.0.1",
                                          "path": "/"}])
                return context.new_page()

            console = person("", (1280, 1000))
            console.goto(console_url, wait_until="domcontentloaded")
            panel = console.locator(".mk-panel-confidentiality")
            panel.locator('[data-answered="0"]').wait_for()

            ana, ben, cyd = person(landing["s1"][0]), person(landing["s2"][0]), person(landing["s2"][1])
            for page, name, values in ((ana, "Ana", ["yes"] * 8), (ben, "Ben", ["no"] * 8)):
                join(page, join_url, name)
                answer_and_submit(page, values)
            assert shard_of(ana.url) == "s1" and shard_of(ben.url) == "s2"
            # Shard 2 holds one kernel, its capacity: the next newcomer it is asked for goes to shard 1.
            join(cyd, join_url, "Cyd")
            assert shard_of(cyd.url) == "s1"
            # The join URL again at once (a second scan of the QR code): Ben is known, so the full shard
            # takes him; its refusal of Cyd just now must not have marked it down in nginx.
            ben.goto(join_url, wait_until="domcontentloaded")
            ben.locator(".mk-identity", has_text="joined as Ben").wait_for()
            assert shard_of(ben.url) == "s2"
            answer_and_submit(cyd, ["not_sure"] * 8)
            panel.locator('[data-answered="3"]').wait_for(timeout=60_000)  # one console, both shards

            for page, name, where in ((ana, "Ana", "s1"), (ben, "Ben", "s2"), (cyd, "Cyd", "s1")):
                page.reload(wait_until="domcontentloaded")
                page.locator(".mk-identity", has_text=f"joined as {name}").wait_for()
                assert shard_of(page.url) == where

            stop(shards.pop("s2"))
            # Ben's page finds its kernel gone, offers a reconnect, and lands on shard 1 as Ben.
            ben.get_by_role("button", name="Tap to reconnect").click()
            ben.locator(".mk-identity", has_text="joined as Ben").wait_for()
            assert shard_of(ben.url) == "s1"
            # A newcomer whose visitor id points to the stopped shard joins on the running one.
            dee = person(landing["s2"][2])
            join(dee, join_url, "Dee")
            assert shard_of(dee.url) == "s1"
            assert console.locator('.mk-panel-confidentiality [data-answered="3"]').count() == 1
        finally:
            for context in contexts:
                context.close()
    finally:
        nginx.stop()
        for process in shards.values():
            stop(process)
