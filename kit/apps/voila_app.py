"""Voila, as `mentorkit serve` runs it: the same application, with compressed responses and cacheable
static files, for a room of phones on slow venue Wi-Fi.

Voila builds its Tornado application in ``start()`` and applies ``--Voila.tornado_settings`` only
afterwards, too late for Tornado's ``compress_response`` (which chooses the output transforms when
the application is built). This subclass sets it where the settings are made, and adds one output
transform, Tornado's documented hook for changing every response, that lets the browser keep static
files. With ``--KitVoila.room_door=True`` (the participant server), Voila's page handler is replaced
in its route table by :class:`kit.apps.admission.RoomDoorHandler`, a subclass that decides first
whether a request may start a kernel, and Voila's notebook listing (``/`` and ``voila/tree``, which
fetches icon fonts from a public CDN and shows nothing a participant needs) by a redirect to the join
page. Nothing of Voila is patched: ``python -m kit.apps.voila_app``
takes Voila's own options.

For hosting (kit/apps/deploy.py, kit/apps/shards.py) it also takes a TLS certificate, trusts a
reverse proxy's ``X-Forwarded-*`` headers, and on a shard answers the unsharded join URL: options
Voila's ``listen()`` and routes do not have, added when the server starts listening.
"""

from __future__ import annotations

import functools
import os

from jupyter_server.utils import url_path_join
from tornado.web import OutputTransform, RedirectHandler
from traitlets import Bool, Integer, Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from kit import paths
from kit.urls import PARTICIPANT_HOME

#: Static files (scripts, styles, fonts, themes): kept by the browser for a day, so a return visit or
#: a reload downloads only the page. A versioned URL (``?v=<hash>``) never changes: kept for a year.
STATIC_PREFIXES = ("voila/static/", "voila/labextensions/", "voila/templates/", "voila/api/themes/")
STATIC_MAX_AGE = 24 * 3600
VERSIONED_MAX_AGE = 365 * 24 * 3600


class CacheStatic(OutputTransform):
    """Adds ``Cache-Control`` to successful GETs of static files (the page and the API stay uncached)."""

    def __init__(self, request) -> None:
        super().__init__(request)
        path = request.path.lstrip("/")
        self._static = request.method == "GET" and any(prefix in path for prefix in STATIC_PREFIXES)
        self._versioned = "v=" in (request.query or "")

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if self._static and status_code == 200:
            age = VERSIONED_MAX_AGE if self._versioned else STATIC_MAX_AGE
            headers["Cache-Control"] = f"public, max-age={age}" + (", immutable" if self._versioned else "")
        return status_code, headers, chunk


class KitVoila(Voila):
    """Voila with gzip-compressed responses (the scripts shrink about fourfold) and cacheable statics;
    with ``room_door``, pages go through :class:`kit.apps.admission.RoomDoorHandler` first."""

    room_door = Bool(False, config=True,
                     help="Start a kernel only for a top-level navigation and while the kernel manager has "
                          "room (kit.apps.admission).")

    def init_handlers(self) -> list:
        handlers = super().init_handlers()
        if not self.room_door:
            return handlers
        from kit.apps.admission import RoomDoorHandler

        # Voila's page handler replaced by the kit's subclass of it, in the route table Voila built; its
        # listing by the join page (RedirectHandler keeps the query, so ?code= still fills the form).
        join = {"url": url_path_join(self.base_url, "voila/render", PARTICIPANT_HOME)}
        routes = []
        for spec in handlers:
            handler = spec[1] if len(spec) > 1 else None
            if handler is TornadoVoilaHandler:
                routes.append((spec[0], RoomDoorHandler, *spec[2:]))
            elif handler is TornadoVoilaTreeHandler:
                routes.append((spec[0], RedirectHandler, join))
            else:
                routes.append(spec)
        return routes

    # Hosting options (kit/apps/deploy.py); Voila's listen() has no TLS or proxy-header settings.
    certfile = Unicode("", config=True, help="TLS certificate (PEM) the server answers HTTPS with.")
    keyfile = Unicode("", config=True, help="Private key of certfile.")
    trust_xheaders = Bool(False, config=True,
                          help="Take the visitor's address and scheme from a reverse proxy's X-Real-IP, "
                               "X-Forwarded-For and X-Forwarded-Proto headers.")

    shard_entry = Unicode("", config=True,
                          help="Shards (kit/apps/shards.py): the unsharded prefix whose join URLs this "
                               "server redirects to its own base_url ('' when not a shard).")
    shard_capacity = Integer(0, config=True, help="Kernels at which this shard refuses newcomers (0: never).")

    def server_options(self) -> dict:
        """Keyword arguments for Tornado's HTTPServer (through ``Application.listen``)."""
        options = {}
        if self.certfile:
            options["ssl_options"] = {"certfile": self.certfile, "keyfile": self.keyfile or None}
        if self.trust_xheaders:
            options["xheaders"] = True
        return options

    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings["compress_response"] = True
        return settings

    def listen(self) -> None:
        # The application exists now (start() built it from init_settings); add the transform before
        # the first request can arrive.
        if CacheStatic not in self.app.transforms:
            self.app.transforms.append(CacheStatic)
        if self.shard_entry:
            from kit.apps.shards import entry_handlers

            self.app.add_handlers(".*$", entry_handlers(self.shard_entry, self.base_url,
                                                        kernel_manager=self.kernel_manager,
                                                        capacity=self.shard_capacity))
        options = self.server_options()
        if options:  # Voila calls self.app.listen(port, ip) itself
            self.app.listen = functools.partial(self.app.listen, **options)
        super().listen()


def main() -> None:
    """Run Voila with the kit's settings; takes Voila's own command line."""
    # Voila looks for templates on the Jupyter data path, read when the app starts.
    share = str(paths.jupyter_share_dir())
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [share, os.environ.get("JUPYTER_PATH")]))
    KitVoila.launch_instance()


if __name__ == "__main__":
    main()
