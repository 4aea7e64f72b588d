"""The servers the browser benchmarks compare: the kit's own `mentorkit serve`, a bare Voila notebook
with one Button served the same way (the platform's floor), and a static HTML form (the physical floor)."""

from __future__ import annotations

import json
import os
import re
import uuid
from pathlib import Path

import nbformat

from benchmarks.common import PYTHON, Background, free_port
from kit.store import Store

STATIC_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Static form</title>
<meta name="viewport" content="width=device-width"></head><body><form><label>Answer
<input type="radio" name="a" value="yes"> Yes</label><button type="button">Go</button></form></body></html>"""


class KitServer:
    """`mentorkit serve` on loopback with its own database; ``session`` and ``people`` ready to visit.

    ``pool_size`` is the participant server's preheated pool (any size, see ``benchmarks._serve``);
    ``voila_args`` are extra Voila settings for the participant server, for experiments; ``host`` is
    where it listens (another loopback address, such as 127.0.0.2, stands in for a LAN address)."""

    def __init__(self, scratch: Path, *, pool_size: int = 1, cull_idle: int = 600, name: str = "kit",
                 host: str = "127.0.0.1", voila_args: list[str] | None = None, max_participants: int | None = None):
        self.home = scratch / name
        self.home.mkdir(parents=True, exist_ok=True)
        self.db_url = f"sqlite:///{self.home / 'bench.sqlite3'}"
        self.host = host
        self.port, self.fport = free_port(), free_port()
        from benchmarks._serve import ENV_ARGS, ENV_POOL

        env = dict(os.environ, XDG_DATA_HOME=str(self.home / "xdg"), MENTORKIT_DB=self.db_url, PYTHONUNBUFFERED="1")
        env[ENV_POOL], env[ENV_ARGS] = str(pool_size), json.dumps(voila_args or [])
        self.server = Background([PYTHON, "-m", "benchmarks._serve", "serve", "--host", host, "--port", str(self.port),
                                  "--facilitator-port", str(self.fport), "--cull-idle", str(cull_idle),
                                  *(["--max-participants", str(max_participants)] if max_participants else [])],
                                 env=env, ready="Press Ctrl-C", log=self.home / "serve.log")
        self.code = re.search(r"code=(\w+)", (self.home / "serve.log").read_text()).group(1)
        self.root = f"http://{host}:{self.port}"
        self.base = f"{self.root}/voila/render"

    @property
    def participant_log(self) -> Path:
        """The participant Voila server's output (its kernels' stderr included)."""
        return next((self.home / "xdg").rglob("participant.log"))

    def people(self, n: int) -> list[str]:
        """``n`` participant keys, joined directly through the store (fast)."""
        store = Store(self.db_url)
        keys = [store.join(self.code, None, join_token=uuid.uuid4().hex).key for _ in range(n)]
        store.dispose()
        return keys

    def agenda(self) -> list[str]:
        """The session's agenda (the content's order unless one was stored)."""
        from kit.content import load_content
        from kit.logic import pacing

        store = Store(self.db_url)
        try:
            return pacing.agenda(store.get_session(self.code).settings, list(load_content()))
        finally:
            store.dispose()

    def set_agenda(self, order: list[str]) -> None:
        """Store ``order`` as the session's agenda (what the console's Up and Down do)."""
        from kit.content import load_content
        from kit.logic import pacing

        store = Store(self.db_url)
        try:
            store.change_session_settings(self.code, lambda _settings: pacing.with_agenda(list(load_content()), order))
        finally:
            store.dispose()

    def present(self, exercise_id: str) -> None:
        """What the facilitator's Present does: every page of the session switches to ``exercise_id``."""
        from kit.content import load_content
        from kit.logic import pacing

        ids = list(load_content())
        store = Store(self.db_url)
        try:
            store.change_session_settings(self.code, lambda settings: pacing.present(settings, ids, exercise_id))
        finally:
            store.dispose()

    def exercise_url(self, key: str, exercise_id: str = "") -> str:
        """An old per-exercise link: ``exercise.ipynb?exercise=<id>``, or the checklist's own notebook."""
        if exercise_id:
            return f"{self.base}/exercise.ipynb?exercise={exercise_id}&code={self.code}&p={key}"
        return f"{self.base}/confidentiality.ipynb?code={self.code}&p={key}"

    def home_url(self, key: str = "") -> str:
        """The join URL, or with ``key`` the page of a participant who has joined already."""
        return f"{self.base}/home.ipynb?code={self.code}" + (f"&p={key}" if key else "")

    @property
    def pid(self) -> int:
        return self.server.process.pid

    def stop(self) -> None:
        self.server.stop()


class BareVoila:
    """A notebook showing one ipywidgets Button, served by Voila with the same flags as the kit."""

    def __init__(self, scratch: Path, *, pool_size: int = 1, cull_idle: int = 600):
        root = scratch / "bare"
        root.mkdir(parents=True, exist_ok=True)
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("import ipywidgets as w\nw.Button(description='Go')")]
        nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        nbformat.write(nb, root / "button.ipynb")
        self.port = free_port()
        from kit.apps.serve import ServeConfig, voila_command

        command = voila_command(root, host="127.0.0.1", port=self.port, pool_size=pool_size,
                                config=ServeConfig(cull_idle_seconds=cull_idle,
                                                   cull_interval_seconds=max(5, min(60, cull_idle // 4))),
                                token=None)
        self.server = Background(command, cwd=root, url=f"http://127.0.0.1:{self.port}/",
                                 log=scratch / "bare.log")
        self.url = f"http://127.0.0.1:{self.port}/voila/render/button.ipynb"

    @property
    def pid(self) -> int:
        return self.server.process.pid

    def stop(self) -> None:
        self.server.stop()


class StaticPage:
    """A plain HTML form served by Python's http.server."""

    def __init__(self, scratch: Path):
        root = scratch / "static"
        root.mkdir(parents=True, exist_ok=True)
        (root / "index.html").write_text(STATIC_FORM)
        self.port = free_port()
        self.server = Background([PYTHON, "-m", "http.server", str(self.port), "--bind", "127.0.0.1"], cwd=root,
                                 url=f"http://127.0.0.1:{self.port}/", log=scratch / "static.log")
        self.url = f"http://127.0.0.1:{self.port}/index.html"

    def stop(self) -> None:
        self.server.stop()


def dump(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2))
