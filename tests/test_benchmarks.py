"""Benchmarks are not tests, but they must keep running: a smoke run of every one with tiny sizes.
No timing is asserted here; `make bench` measures."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.__main__ import BENCHMARKS
from tests.nginx import IN_CI, NGINX

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.browser
def test_every_benchmark_runs(tmp_path):
    """Does `python -m benchmarks --smoke` run every benchmark to the end and write its numbers?"""
    out = tmp_path / "smoke.json"
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"))
    names = list(BENCHMARKS)
    if not IN_CI and not (Path(NGINX).exists() and shutil.which("openssl")):
        names.remove("proxy")  # needs nginx and openssl (tests/nginx.py); never left out in CI
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--smoke", "--only", ",".join(names), "--out", str(out)],
                          cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(out.read_text())
    assert data["failures"] == []
    assert {r["benchmark"] for r in data["results"]} == set(names)
    assert all(r["value"] == r["value"] for r in data["results"])  # no NaN: every measure was taken
    assert "ratio" in done.stdout and "baseline" in done.stdout
