"""Building a long view in groups: the first parts now, the rest a moment later.

When the facilitator jumps to an exercise that no page built ahead, every kernel of the room builds
it at the same instant, and the one server relays every widget model of every page, on a small
machine. What people read first is the top of the page, so a long form or quiz builds its first
:data:`FIRST` parts with the view and adds the others in groups of :data:`MORE`, the first group a
random moment in :data:`MORE_AFTER` seconds later, or once the machine is calm
(:mod:`kit.ui.background`), so the room's kernels first finish everyone's first parts.

Without a running event loop (a test, a script, the printable page) everything is built at once.
"""

from __future__ import annotations

import logging
from typing import Callable

import ipywidgets as widgets

from kit.ui.background import Later, in_event_loop
from kit.ui.batch import close_widgets, recording

log = logging.getLogger(__name__)

#: Parts built with the view; None builds them all at once.
FIRST: int | None = 4
#: Parts added by each later group.
MORE = 6
#: Seconds (a random moment in this range) before the first later group.
MORE_AFTER = (1.0, 3.0)
#: Seconds between two later groups.
BETWEEN = (0.05, 0.2)
#: Seconds after which a group is added even on a busy machine: someone scrolling down waits no longer.
AT_THE_LATEST = 8.0


class Stages:
    """Adds the parts of ``owner`` not built yet, a group at a time.

    ``left()`` says how many parts are still to build and ``add(count)`` builds the next ``count``.
    Widgets made by later groups are not in the tree the room recorded when it built the view, so
    :meth:`close` (called from the owner's ``close``) closes them and stops what is still to come.
    """

    def __init__(self, owner: widgets.Widget, left: Callable[[], int], add: Callable[[int], None]):
        self.owner, self.left, self.add = owner, left, add
        self._handle: Later | None = None
        self._late: set[str] = set()

    @staticmethod
    def first_count(total: int, first: int | None = None) -> int:
        """How many of ``total`` parts to build with the view: ``first`` (a view's own number, 0
        included, else :data:`FIRST`); all of them without a running event loop to add the rest
        later, or when :data:`FIRST` is None."""
        if not in_event_loop():
            return total
        return total if FIRST is None else min(FIRST if first is None else first, total)

    def schedule(self, delay: tuple[float, float] | None = None) -> None:
        """Add the parts not built yet, starting a random moment in ``delay`` (:data:`MORE_AFTER`)
        once the machine is calm."""
        if self.left() <= 0 or self._handle is not None:
            return
        if not in_event_loop():
            self.add(self.left())
            return
        self._handle = Later(self._more, delay or MORE_AFTER, latest=AT_THE_LATEST)

    def finish(self) -> None:
        """Build every part still to come now (someone needs the whole view, e.g. to fill it in)."""
        self._cancel()
        if self.left() > 0:
            self._tracked(self.left())

    def _more(self) -> None:
        self._handle = None
        if self.owner.comm is None:  # closed meanwhile (the room dropped this view)
            return
        try:
            self._tracked(MORE)
        except Exception:  # the parts built so far still work
            log.exception("adding the rest of a view failed")
            return
        self.schedule(BETWEEN)

    def _tracked(self, count: int) -> None:
        with recording(self._late):
            self.add(count)

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def close(self) -> None:
        """Stop adding parts and close every widget a later group made."""
        self._cancel()
        close_widgets(self._late)
        self._late.clear()
