"""Several participant servers for one event (`serve --shard I/N`), behind one nginx and on one
PostgreSQL.

Shard I serves its pages under ``PREFIX/sI/`` (its Voila ``base_url``), so nginx routes by path and a
page, its scripts and its kernel's websocket always reach the server that holds its kernel: no
sticky load balancing. The join URL stays ``PREFIX/voila/render/home.ipynb?code=…``; nginx sends it
to a shard by a consistent hash of the participant's key (``?p=…``, once joined) or, for a newcomer,
of a visitor id kept in the ``mk_visitor`` cookie, so coming back lands on the same shard. Every
shard answers that entry URL with :class:`EntryHandler`: a redirect to the same page under its own
prefix, or 503 when it is full (``--shard-capacity`` kernels) and the visitor is new, which makes
nginx try the next shard. A stopped shard refuses connections, so nginx tries the next one too.
Everything a participant has is in the database, so any shard can carry on with them.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote

from tornado.web import RequestHandler

from kit.apps.deploy import normalize_base_url

VISITOR_COOKIE = "mk_visitor"
#: Set by nginx: the visitor id it hashed (the cookie's value, or a new id for a first visit).
VISITOR_HEADER = "X-Mentorkit-Visitor"
VISITOR_MAX_AGE = 30 * 24 * 3600


def parse_shard(value: str) -> tuple[int, int]:
    """``"I/N"`` → ``(I, N)``, 1 ≤ I ≤ N; ValueError otherwise."""
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise ValueError(f"give the shard as I/N, e.g. 1/2, not {value!r}") from None
    if not 1 <= index <= count:
        raise ValueError(f"shard {index} of {count} does not exist: I must be between 1 and N")
    return index, count


def shard_base_url(base_url: str, index: int) -> str:
    """Shard ``index``'s own prefix under ``base_url``: ``/mk/`` → ``/mk/s2/``."""
    return f"{normalize_base_url(base_url)}s{index}/"


class EntryHandler(RequestHandler):
    """The join URL on a shard: redirects to this shard's copy of the page, or refuses a newcomer
    with 503 when the shard is full (nginx then asks the next shard)."""

    def initialize(self, *, kernel_manager, own_base: str, capacity: int) -> None:
        self.kernel_manager = kernel_manager
        self.own_base = own_base
        self.capacity = capacity

    def returning(self) -> bool:
        """Is this a participant who has joined before (a key in the URL or a session cookie)?"""
        from kit.ui.visit import cookie_name

        query = parse_qs(self.request.query)
        if query.get("p", [""])[-1]:
            return True
        code = query.get("code", [""])[-1]
        return bool(code) and bool(self.get_cookie(cookie_name(code)))

    def full(self) -> bool:
        return self.capacity > 0 and len(self.kernel_manager.list_kernel_ids()) >= self.capacity

    def get(self, path: str) -> None:
        if self.full() and not self.returning():
            self.set_status(503)
            self.set_header("Retry-After", "30")
            self.set_header("Cache-Control", "no-store")
            self.finish("<!doctype html><title>Full</title><p>This workshop server is full. "
                        "Please try again in a minute, or ask your facilitator.</p>")
            return
        visitor = self.request.headers.get(VISITOR_HEADER, "")
        if visitor and not self.get_cookie(VISITOR_COOKIE) and visitor.replace("-", "").isalnum():
            self.set_cookie(VISITOR_COOKIE, visitor, path="/", expires_days=VISITOR_MAX_AGE / 86400,
                            samesite="Lax")
        query = f"?{self.request.query}" if self.request.query else ""
        self.set_header("Cache-Control", "no-store")
        self.redirect(f"{self.own_base}voila/render/{quote(path, safe='/')}{query}")


def entry_handlers(entry_base: str, own_base: str, *, kernel_manager, capacity: int) -> list:
    """Tornado routes for the unsharded join URLs under ``entry_base``."""
    options = {"kernel_manager": kernel_manager, "own_base": own_base, "capacity": capacity}
    return [(f"{normalize_base_url(entry_base)}voila/render/(.*)", EntryHandler, options)]
