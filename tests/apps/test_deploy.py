"""Hosting settings (kit/apps/deploy.py): the path prefix, when the console may leave loopback, and the
nginx site and systemd unit `mentorkit deploy` writes (checked by Debian's nginx itself)."""

from __future__ import annotations

import os
import re
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from kit.apps import deploy
from kit.apps.serve import ServeConfig, Servers, public_base
from kit.cli import main
from tests.nginx import Nginx, free_port, main_config, need_nginx, self_signed, site_options


@pytest.mark.parametrize("given,expected", [
    ("", "/"), ("/", "/"), ("mk", "/mk/"), ("/mk", "/mk/"), ("/mk/", "/mk/"), ("//a//b/", "/a/b/"),
])
def test_a_base_url_is_written_as_voila_wants_it(given, expected):
    """Does any spelling of a prefix become Voila's /PREFIX/ form?"""
    assert deploy.normalize_base_url(given) == expected


def test_a_full_url_is_not_a_base_url():
    """Is a URL given as --base-url refused rather than served under a nonsense path?"""
    with pytest.raises(ValueError):
        deploy.normalize_base_url("https://example.org/mk")


def test_behind_a_proxy_the_facilitator_shares_the_prefix(tmp_path, monkeypatch):
    """On a laptop the facilitator stays at /; behind a proxy is it PREFIX/facilitator/, and do the
    participant URLs carry the prefix?"""
    assert deploy.facilitator_base_url("/") == "/"
    assert deploy.facilitator_base_url("/mk/") == "/mk/facilitator/"
    assert deploy.facilitator_base_url("/", "https://example.org") == "/facilitator/"
    assert public_base(ServeConfig(host="10.1.2.3", port=8866, base_url="/mk/")) == "http://10.1.2.3:8866/mk"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # Servers makes its runtime folder there
    servers = Servers(ServeConfig(public_url="https://example.org/mk", base_url="/mk/", token="T" * 24))
    assert servers.participant_base == "https://example.org/mk"
    assert servers.facilitator_url == "https://example.org/mk/facilitator/voila/render/console.ipynb?token=" + "T" * 24
    assert servers.proxy_args("participant") == ["--Voila.base_url=/mk/", "--KitVoila.trust_xheaders=True"]
    assert servers.proxy_args("facilitator")[0] == "--Voila.base_url=/mk/facilitator/"


@pytest.mark.parametrize("host,kwargs,refused", [
    ("127.0.0.1", {}, False),
    ("::1", {}, False),
    ("localhost", {}, False),
    ("0.0.0.0", {}, True),
    ("192.168.1.20", {}, True),
    ("192.168.1.20", {"public_url": "http://example.org/mk"}, True),
    ("192.168.1.20", {"public_url": "https://example.org/mk"}, False),
    ("0.0.0.0", {"tls_cert": "/etc/ssl/console.pem"}, False),
    ("0.0.0.0", {"insecure": True}, False),
])
def test_the_console_leaves_loopback_only_with_tls_or_insecure(host, kwargs, refused):
    """Is a console beyond loopback refused over plain HTTP, and accepted behind an HTTPS proxy, with
    its own certificate, or with --insecure?"""
    problem = deploy.facilitator_exposure_problem(host, **kwargs)
    assert (problem is not None) == refused
    if refused:
        assert "--insecure" in problem and "https" in problem


def test_serve_refuses_an_exposed_console_without_tls(tmp_path):
    """Does `serve --facilitator-host 0.0.0.0` stop with the reason, before starting anything?"""
    result = CliRunner().invoke(main, ["serve", "--facilitator-host", "0.0.0.0", "--db",
                                       f"sqlite:///{tmp_path / 'x.sqlite3'}"])
    assert result.exit_code == 2
    assert "--insecure" in result.output and "plain HTTP" in result.output
    assert not (tmp_path / "x.sqlite3").exists()


def test_deploy_nginx_refuses_plain_http():
    """Does `mentorkit deploy nginx` insist on an https:// public URL?"""
    result = CliRunner().invoke(main, ["deploy", "nginx", "--public-url", "http://example.org/mk",
                                       "--tls-cert", "c.pem", "--tls-key", "k.pem"])
    assert result.exit_code == 2 and "https" in result.output


def test_the_generated_nginx_site_is_valid_for_debians_nginx(tmp_path):
    """Does Debian's nginx accept the generated site (nginx -t), with websockets, TLS, gzip, the cache,
    the body limit and the facilitator allow-list in it?"""
    binary = need_nginx()
    cert, key = self_signed(tmp_path / "tls", "workshop.example.org")
    site = tmp_path / "site.conf"
    result = CliRunner().invoke(main, [
        "deploy", "nginx", "--public-url", "https://workshop.example.org/mentorkit", "--tls-cert", str(cert),
        "--tls-key", str(key), "--listen", str(free_port()), "--facilitator-allow", "10.0.0.0/8",
        "--facilitator-allow", "203.0.113.7", "--max-body-size", "2m", "--cache-dir", str(tmp_path / "cache"),
        "-o", str(site), *site_options()])
    assert result.exit_code == 0, result.output
    text = site.read_text()
    checked = Nginx(binary, tmp_path, main_config(tmp_path, site)).test()
    assert checked.returncode == 0, checked.stderr
    assert "server_name workshop.example.org;" in text and "client_max_body_size 2m;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text and "proxy_read_timeout 1h;" in text
    facilitator = re.search(r"location \^~ /mentorkit/facilitator/ \{(.*?)\}", text, re.S).group(1)
    assert "allow 10.0.0.0/8;" in facilitator and "allow 203.0.113.7;" in facilitator and "deny all;" in facilitator
    assert "location = /mentorkit/ {" in text and "gzip on;" in text and "proxy_cache mentorkit_static;" in text


def test_deploy_systemd_runs_serve_with_secrets_from_a_file():
    """Does the unit run `serve` with the arguments given, read the database URL and token from the
    environment file, and keep its state in its own folder?"""
    result = CliRunner().invoke(main, ["deploy", "systemd", "--user", "kit", "--env-file", "/etc/mk/env", "--",
                                       "--host", "127.0.0.1", "--public-url", "https://example.org/mk"])
    assert result.exit_code == 0, result.output
    unit = result.output
    assert "EnvironmentFile=/etc/mk/env" in unit and "User=kit" in unit
    exec_start = re.search(r"^ExecStart=(.*)$", unit, re.M).group(1)
    assert exec_start.endswith("-m kit.cli serve --host 127.0.0.1 --public-url https://example.org/mk")
    assert "MENTORKIT_DB" in unit and "MENTORKIT_TOKEN" in unit and "StateDirectory=mentorkit" in unit


def test_status_fails_when_nothing_answers(tmp_path):
    """Does `mentorkit status` exit 1 and say FAIL when no server answers?"""
    port = free_port()
    result = CliRunner().invoke(main, ["status", "--url", f"http://127.0.0.1:{port}/", "--facilitator-url", "",
                                       "--db", f"sqlite:///{tmp_path / 's.sqlite3'}", "--timeout", "2"])
    assert result.exit_code == 1
    assert re.search(r"participant:\s+FAIL", result.output) and re.search(r"database:\s+ok", result.output)


def test_a_console_with_its_own_certificate_answers_https(tmp_path):
    """With --facilitator-tls-cert/--facilitator-tls-key, does the facilitator server answer HTTPS with
    that certificate, does serve print an https:// console URL, and does the console page load with the token?"""
    need_nginx()  # openssl makes the certificate
    cert, key = self_signed(tmp_path / "tls")
    port, fport = free_port(), free_port()
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"), MENTORKIT_DB=f"sqlite:///{tmp_path / 's.sqlite3'}",
               PYTHONUNBUFFERED="1")
    env.pop("MENTORKIT_PUBLIC_URL", None)
    out = tmp_path / "serve.out"
    process = subprocess.Popen(
        [sys.executable, "-m", "kit.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--facilitator-port",
         str(fport), "--facilitator-tls-cert", str(cert), "--facilitator-tls-key", str(key), "--token", "t" * 24],
        env=env, stdout=open(out, "w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while "Press Ctrl-C" not in out.read_text():
            assert process.poll() is None and time.monotonic() < deadline, out.read_text()
            time.sleep(0.3)
        text = out.read_text()
        assert f"Facilitator URL: https://127.0.0.1:{fport}/voila/render/console.ipynb?token={'t' * 24}" in text, text
        context = ssl.create_default_context(cafile=str(cert))  # verified against the given certificate
        try:
            with urllib.request.urlopen(f"https://127.0.0.1:{fport}/voila/static/voila.js", context=context,
                                        timeout=60) as response:
                assert response.status == 200
        except OSError as error:
            log = next((tmp_path / "xdg").rglob("facilitator.log")).read_text()
            pytest.fail(f"{error}\n{text}\n{log[-3000:]}")
    finally:
        process.terminate()
        process.wait(timeout=60)


@pytest.mark.parametrize("value,expected", [("1/1", (1, 1)), ("2/3", (2, 3))])
def test_a_shard_is_i_of_n(value, expected):
    """Is `--shard I/N` read as shard I of N?"""
    from kit.apps.shards import parse_shard

    assert parse_shard(value) == expected


@pytest.mark.parametrize("value", ["0/2", "3/2", "2", "a/b", "1/2/3"])
def test_a_shard_that_cannot_exist_is_refused(value):
    """Is a shard outside 1..N, or not written I/N, refused?"""
    from kit.apps.shards import parse_shard

    with pytest.raises(ValueError):
        parse_shard(value)


def test_a_shard_needs_the_proxy(tmp_path):
    """Does `serve --shard` without --public-url stop with the reason (shards only work behind the proxy)?"""
    result = CliRunner().invoke(main, ["serve", "--shard", "1/2", "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"])
    assert result.exit_code == 2 and "--public-url" in result.output


def test_a_shard_serves_under_its_own_prefix_and_only_shard_1_runs_the_console(tmp_path, monkeypatch):
    """Does shard 2 of 2 serve its pages under PREFIX/s2/, answer the join URL, and leave the console to shard 1?"""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    config = ServeConfig(public_url="https://example.org/mk", base_url="/mk/", shard=(2, 2), shard_capacity=40)
    servers = Servers(config)
    assert config.participant_base_url == "/mk/s2/" and not config.runs_console
    assert servers.proxy_args("participant") == ["--Voila.base_url=/mk/s2/", "--KitVoila.trust_xheaders=True",
                                                 "--KitVoila.shard_entry=/mk/", "--KitVoila.shard_capacity=40"]
    assert ServeConfig(shard=(1, 2)).runs_console


def test_the_sharded_nginx_site_is_valid_and_routes_by_path(tmp_path):
    """With several --participant addresses, does nginx accept the site, with one upstream per shard
    routed by path and the join URL hashed over all of them?"""
    binary = need_nginx()
    cert, key = self_signed(tmp_path / "tls")
    site = tmp_path / "site.conf"
    result = CliRunner().invoke(main, [
        "deploy", "nginx", "--public-url", f"https://127.0.0.1:{free_port()}/mk", "--tls-cert", str(cert),
        "--tls-key", str(key), "--participant", "10.0.0.1:8866", "--participant", "10.0.0.2:8866",
        "--participant", "10.0.0.3:8866", "--cache-dir", str(tmp_path / "cache"), "-o", str(site),
        *site_options()])
    assert result.exit_code == 0, result.output
    text = site.read_text()
    checked = Nginx(binary, tmp_path, main_config(tmp_path, site)).test()
    assert checked.returncode == 0, checked.stderr
    for index in (1, 2, 3):
        assert f"upstream mentorkit_shard{index} {{\n    server 10.0.0.{index}:8866;" in text
    entry = re.search(r"upstream mentorkit_entry \{(.*?)\}", text, re.S).group(1)
    assert "hash $mentorkit_key consistent;" in entry and entry.count("server ") == 3
    assert "proxy_next_upstream error timeout http_502 http_503 http_504;" in text


def test_ipv4_only_leaves_out_the_ipv6_listen():
    """Does --ipv4-only drop `listen [::]` (nginx will not start on it where IPv6 is disabled)?"""
    args = ["deploy", "nginx", "--public-url", "https://example.org/mk", "--tls-cert", "c.pem", "--tls-key", "k.pem"]
    assert "listen [::]:443 ssl;" in CliRunner().invoke(main, args).output
    only = CliRunner().invoke(main, [*args, "--ipv4-only"]).output
    assert "listen 443 ssl;" in only and "[::]" not in only


def test_the_token_is_not_on_any_command_line(tmp_path):
    """Given in the environment (MENTORKIT_TOKEN), is the facilitator token kept off every process's
    command line (which `ps` shows to every user of a shared server), while the console still takes it?"""
    from benchmarks.common import tree
    from tests.apps.test_serve import start, wait_for

    token = "secret-token-" + "x" * 20
    process, out, _, fport = start(tmp_path, env_extra={"MENTORKIT_TOKEN": token})  # as the systemd unit gives it
    try:
        assert "Press Ctrl-C" in wait_for(out, process, "Press Ctrl-C")
        for pid in tree(process.pid):
            try:
                cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
            except OSError:
                continue
            assert token.encode() not in cmdline, cmdline
        with urllib.request.urlopen(f"http://127.0.0.1:{fport}/voila/static/voila.js?token={token}",
                                    timeout=60) as response:
            assert response.status == 200
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError):  # a login redirect or a refusal, not the console
            opener.open(f"http://127.0.0.1:{fport}/voila/render/console.ipynb?token=wrong", timeout=60)
    finally:
        process.terminate()
        process.wait(timeout=60)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
