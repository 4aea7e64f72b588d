"""Acting on a button only once the page has sent the kernel everything typed before the press.

Why this exists: the ipywidgets page sends at most one change of a widget at a time. While a text
box's change is on its way, the next key presses wait in the page and leave only when the kernel
reports that it has handled that change (is idle again). A button's click belongs to another widget,
so it leaves at once, and on a slow or busy kernel it reached the kernel before the last letters:
"listeners" typed key by key and submitted straight away was stored as "l" (the page still held
"listeners" and sent it just after the click). Nothing is wrong with the text boxes themselves;
the order between widgets is what the page does not keep.

:func:`after_page_sync` is a round trip through the page that restores that order: the kernel changes a
hidden number, the page copies it (``jsdlink``, in the browser) into a second hidden number and sends
that back. The page can only see the first number after the kernel's "idle" for every change it was
holding, and it sends what it holds as soon as it sees that "idle", so the copy arrives behind all of
it. Work waiting for the copy then reads every box as the person left it when they pressed.

Without a page (plain Python, widget tests), the work runs at once. If the page never answers (it was
closed or lost its connection), the work runs after :data:`WAIT_SECONDS` with what the kernel has, as it
did before this module existed, so a press is never dropped.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Callable

import ipywidgets as widgets

log = logging.getLogger(__name__)

#: Seconds to wait for the page's answer before doing the work anyway.
WAIT_SECONDS = 10.0


class PageSync:
    """Two hidden numbers joined in the browser, and the work waiting for the page to echo a number."""

    def __init__(self) -> None:
        # Never displayed: their models exist in the page all the same, which is all the link needs.
        layout = widgets.Layout(display="none")
        style = widgets.widget_description.DescriptionStyle()
        self.asked = widgets.IntText(0, layout=layout, style=style)
        self.heard = widgets.IntText(0, layout=layout, style=style)
        self.link = widgets.jsdlink((self.asked, "value"), (self.heard, "value"))
        self._waiting: list[tuple[int, Callable[[], None], asyncio.TimerHandle | None]] = []
        self.heard.observe(self._heard, names="value")

    def alive(self) -> bool:
        """Can a page answer (the widgets are open and talk to a kernel that a page reaches)?"""
        return all(w.comm is not None and getattr(w.comm, "kernel", None) is not None
                   for w in (self.asked, self.heard, self.link))

    def after(self, work: Callable[[], None]) -> None:
        """Run ``work`` once the page has sent everything it held when this was called."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or not self.alive():
            work()
            return
        number = self.asked.value + 1
        timer = loop.call_later(WAIT_SECONDS, self._late, number)
        self._waiting.append((number, work, timer))
        self.asked.value = number

    def _heard(self, change) -> None:
        self._run(lambda number: number <= change["new"])

    def _late(self, number: int) -> None:
        log.warning("the page did not answer within %s s; acting on what the kernel has", WAIT_SECONDS)
        self._run(lambda waiting: waiting <= number)

    def _run(self, due: Callable[[int], bool]) -> None:
        ready = [entry for entry in self._waiting if due(entry[0])]
        self._waiting = [entry for entry in self._waiting if not due(entry[0])]
        for _number, work, timer in ready:
            if timer is not None:
                timer.cancel()
            try:
                work()
            except Exception:  # one failing action must not keep the next ones waiting
                log.exception("an action after the page's sync failed")

    def close(self) -> None:
        for widget in (self.link, self.asked, self.heard):
            widget.close()


_sync: PageSync | None = None


def after_page_sync(work: Callable[[], None]) -> None:
    """Run ``work`` (what a button press does) once the page has sent the kernel every change made
    before the press; at once where there is no page. One pair of hidden widgets per kernel, made on
    first use (during a press, so no view's clean-up closes them)."""
    global _sync
    if not _in_kernel():
        work()
        return
    if _sync is None or not _sync.alive():
        _sync = PageSync()
    _sync.after(work)


def _in_kernel() -> bool:
    """Is this a kernel (which a page may reach) rather than plain Python?"""
    try:
        from ipykernel.kernelbase import Kernel
    except ImportError:
        return False
    return Kernel.initialized()


def on_press(button: widgets.Button, action: Callable[[widgets.Button], None]) -> None:
    """``button.on_click(action)``, with ``action`` run after the page's sync (see :func:`after_page_sync`):
    for every button whose action reads what was typed."""
    button.on_click(lambda pressed: after_page_sync(lambda: action(pressed)))


__all__ = ["PageSync", "WAIT_SECONDS", "after_page_sync", "on_press"]
