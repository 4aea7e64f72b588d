"""The join screen for the projector: the participant URL, the join code in large type, a QR code."""

from __future__ import annotations

import base64
import io
from html import escape

import ipywidgets as widgets
import segno

from kit.store import SessionRecord
from kit.urls import join_url


def qr_png(text: str, *, scale: int = 12) -> bytes:
    """A QR code of ``text`` as PNG bytes (error correction M: still scans from the back of a room)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


QR_TEXT = "QR code of the join link"


def qr_img(png: bytes, size: int) -> str:
    """An ``<img>`` of ``png`` with its text alternative (an ipywidgets ``Image`` has no ``alt``)."""
    data = base64.b64encode(png).decode("ascii")
    return (f'<img class="mk-qr" alt="{QR_TEXT}" width="{size}" height="{size}" '
            f'src="data:image/png;base64,{data}">')


class JoinScreen(widgets.VBox):
    """What people in the room need to join one session."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.text = widgets.HTML()
        self.text.add_class("mk-join-screen")
        self.qr = widgets.HTML(layout=widgets.Layout())  # its own layout: hidden without a session
        #: The QR code shown, as PNG bytes.
        self.png = b""
        super().__init__([self.text, self.qr])
        self._shown: str | None = None

    def show(self, session: SessionRecord | None) -> None:
        """Show ``session``'s code, URL and QR code (or a hint when there is no session)."""
        if session is None:
            self.text.value = "<p>Create or choose a session first.</p>"
            self.qr.layout.display = "none"
            return
        url = join_url(self.base_url, session.code)
        if url == self._shown and session.is_open:
            return
        self._shown = url
        ended = "" if session.is_open else '<p class="mk-status mk-warn">This session has ended.</p>'
        self.text.value = (
            f"{ended}<p class=\"mk-join-lead\">Join the workshop: scan the code, or open</p>"
            f'<p class="mk-join-url"><a href="{escape(url)}">{escape(url)}</a></p>'
            f'<p class="mk-join-lead">and type the code</p><p class="mk-bigcode" aria-label="Join code">'
            f"{escape(session.code)}</p>"
        )
        self.png = qr_png(url)
        self.qr.value = qr_img(self.png, 320)
        self.qr.layout.display = None


class JoinCorner(widgets.HBox):
    """A small QR code with the join code and URL, for a corner of the projector view: latecomers
    join without leaving the exercise on screen."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.qr = widgets.HTML()
        #: The QR code shown, as PNG bytes.
        self.png = b""
        self.text = widgets.HTML()
        super().__init__([self.qr, self.text], layout=widgets.Layout(align_items="center"))
        self.add_class("mk-qr-corner")
        self._shown: str | None = None

    def show(self, session: SessionRecord | None) -> None:
        """Show how to join ``session``; hidden when there is none or it has ended (nobody can join)."""
        if session is None or not session.is_open:
            self.layout.display = "none"
            return
        self.layout.display = None
        url = join_url(self.base_url, session.code)
        if url == self._shown:  # the QR is drawn once per session, not at every refresh
            return
        self._shown = url
        home = url.split("?", 1)[0]  # the code is shown on its own, in large type
        self.text.value = (f'<p class="mk-corner-lead">Join late? Scan, or open</p>'
                           f'<p class="mk-corner-url">{escape(home)}</p><p class="mk-corner-lead">and type</p>'
                           f'<p class="mk-corner-code" aria-label="Join code">{escape(session.code)}</p>')
        self.png = qr_png(url, scale=4)
        self.qr.value = qr_img(self.png, 140)
