"""Who gets a kernel on the participant server: the page handler in front of Voila's.

Every request for a participant page starts a kernel (about 70 MB), so before Voila's handler runs:

* **Only a top-level navigation starts one.** A request the browser marks as something else
  (``Sec-Fetch-Dest: image``, ``script``, ``iframe``…: an ``<img>`` on another website) gets a short
  403. A navigation from another website (``Sec-Fetch-Site: cross-site``: a link in webmail, or a
  script on a hostile page) gets a small page with a link to continue, which starts the kernel when
  followed. Requests without these headers (older browsers, scripts) are taken as navigations.
* **Only while there is room.** The kernel manager (:class:`kit.apps.kernels.RoomKernelManager`)
  counts places; a page that finds none waits up to :data:`ROOM_WAIT` seconds for one being freed
  (the old page of a participant who reloads is shut down by its unload beacon meanwhile), then gets
  "The room is full" with 503 and ``Retry-After``, without a kernel. A page that can use a preheated
  kernel needs no new place.

Installed by :class:`kit.apps.voila_app.KitVoila` in place of Voila's page handler; nothing of Voila
is patched.
"""

from __future__ import annotations

from html import escape

import tornado.web
from voila.tornado.handler import TornadoVoilaHandler

from kit.apps.kernels import ADMITTED, RoomFull

#: Seconds a page waits for a place being freed before it is told the room is full: a reload's old
#: kernel is shut down by its unload beacon, which can reach the server after the new page request.
ROOM_WAIT = 10.0
#: What the room-full answer asks the browser to wait before trying again (seconds).
RETRY_AFTER = 60
#: ``Sec-Fetch-Dest`` values of a top-level navigation (absent: a client that does not send it).
NAVIGATION = {"document", ""}

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}}
a{{display:inline-block;margin-top:1rem;padding:.6rem 1rem;border:1px solid #555;border-radius:.4rem;
color:inherit;text-decoration:none}}</style></head>
<body><h1>{title}</h1><p>{text}</p>{link}</body></html>
"""


def page(title: str, text: str, link: str = "", label: str = "") -> str:
    """A small HTML page (no scripts, nothing fetched)."""
    anchor = f'<a href="{escape(link)}">{escape(label)}</a>' if link else ""
    return _PAGE.format(title=escape(title), text=escape(text), link=anchor)


class RoomDoorHandler(TornadoVoilaHandler):
    """Voila's page handler, behind the navigation rules and the room's cap."""

    _use_preheated = True

    def refusal(self) -> tuple[int, str] | None:
        """(status, page) for a request that may not start a kernel, or None."""
        headers = self.request.headers
        dest = headers.get("Sec-Fetch-Dest", "").strip().lower()
        if dest not in NAVIGATION:
            return 403, page("Not a page", "This address opens only as a page of its own.")
        if headers.get("Sec-Fetch-Site", "").strip().lower() == "cross-site":
            return 200, page("Mentor workshop", "You followed a link from another website.",
                             self.request.uri or "/", "Open the workshop page")
        return None

    def answer(self, status: int, body: str, retry_after: int | None = None) -> None:
        self.clear()
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        if retry_after is not None:
            self.set_header("Retry-After", str(retry_after))
        self.finish(body)

    def room_full(self) -> None:
        self.log.warning("The room is full: %s answered without a kernel.", self.request.path)
        self.answer(503, page("The room is full", "The room is full: try again in a minute.",
                              self.request.uri or "/", "Try again"), RETRY_AFTER)

    def should_use_rendered_notebook(self, *args, **kwargs) -> bool:
        # A preheated kernel only when one is ready (checked, and put first, just before).
        return self._use_preheated and super().should_use_rendered_notebook(*args, **kwargs)

    @tornado.web.authenticated
    async def get(self, path=None):
        refused = self.refusal()
        if refused is not None:
            return self.answer(*refused)
        manager = self.kernel_manager
        if getattr(manager, "max_kernels", 0) <= 0:  # no room to keep: Voila as it is
            return await super().get(path)
        # Nothing is awaited between this check and Voila taking the pool's first kernel.
        self._use_preheated = manager.preheated_ready(self.notebook_path or path or "")
        if self._use_preheated:
            return await super().get(path)
        place = await manager.admit(ROOM_WAIT)
        if place is None:
            return self.room_full()
        if self.request.connection.stream.closed():  # abandoned while it waited: no kernel for nobody
            manager.release(place)
            return
        reset = ADMITTED.set(place)
        try:
            await super().get(path)
        except RoomFull:
            if self._headers_written:
                raise
            self.room_full()
        finally:
            ADMITTED.reset(reset)
            manager.release(place)
