"""Choosing, creating and ending sessions in the facilitator console."""

from __future__ import annotations

from html import escape
from typing import Callable

import ipywidgets as widgets

from kit.errors import InputError
from kit.store import SessionRecord, Store
from kit.ui.style import message
from kit.ui.sync import on_press


class SessionBar(widgets.VBox):
    """Session picker plus "new session" and a two-step "end session". Calls ``on_change(code)``."""

    def __init__(self, store: Store, on_change: Callable[[str | None], None]):
        self.store, self.on_change = store, on_change
        self.picker = widgets.Dropdown(description="Session", style={"description_width": "initial"},
                                       layout=widgets.Layout(width="auto", min_width="18rem"))
        self.picker.observe(lambda change: self.on_change(change["new"]), names="value")
        self.name = widgets.Text(description="New session name", placeholder="e.g. Residents, 21 Nov",
                                 style={"description_width": "initial"})
        self.k = widgets.BoundedIntText(value=3, min=2, max=50, description="Smallest group shown (k)",
                                        style={"description_width": "initial"}, layout=widgets.Layout(width="16rem"))
        self.create = widgets.Button(description="Create session", button_style="primary")
        on_press(self.create, self._create)
        self.end = widgets.Button(description="End session…", button_style="warning",
                                  tooltip="Participants can no longer submit; nothing is deleted")
        self.end.on_click(self._ask_end)
        self.confirm = widgets.Button(description="Yes, end it", button_style="danger")
        self.cancel = widgets.Button(description="Cancel")
        self.confirm.on_click(self._end)
        self.cancel.on_click(lambda _: self._confirming(False))
        self.confirm_row = widgets.HBox([widgets.HTML("<b>End this session for everyone?</b>"), self.confirm,
                                         self.cancel], layout=widgets.Layout(display="none", flex_flow="row wrap"))
        self.status = widgets.HTML()
        super().__init__([
            widgets.HBox([self.picker, self.end], layout=widgets.Layout(flex_flow="row wrap")),
            self.confirm_row,
            widgets.HBox([self.name, self.k, self.create], layout=widgets.Layout(flex_flow="row wrap")),
            self.status,
        ])
        self.add_class("mk-session-bar")

    def load(self, select: str | None = None) -> None:
        """Reload the session list, newest first; keep (or set) the selection."""
        current = select or self.picker.value
        sessions = self.store.list_sessions()
        options = [(f"{s.name} ({s.code})" + ("" if s.is_open else " — ended"), s.code) for s in sessions]
        if options != list(self.picker.options):
            self.picker.options = options
        codes = [code for _, code in options]
        value = current if current in codes else (codes[0] if codes else None)
        if self.picker.value != value:
            self.picker.value = value

    @property
    def code(self) -> str | None:
        """The chosen session's code."""
        return self.picker.value

    def _create(self, _=None) -> None:
        try:
            record = self.store.create_session(self.name.value, k_threshold=self.k.value)
        except InputError as error:
            self.status.value = message(escape(str(error)), "error")
            return
        self.name.value = ""
        self.status.value = message(f"Created session <b>{escape(record.code)}</b>.", "ok")
        self.load(select=record.code)

    def _confirming(self, on: bool) -> None:
        self.confirm_row.layout.display = None if on else "none"

    def _ask_end(self, _=None) -> None:
        if self.code:
            self._confirming(True)

    def _end(self, _=None) -> None:
        self._confirming(False)
        try:
            record: SessionRecord = self.store.close_session(self.code)
        except InputError as error:
            self.status.value = message(escape(str(error)), "error")
            return
        self.status.value = message(f"Session <b>{escape(record.code)}</b> has ended. Everything stored stays.",
                                    "ok")
        self.load(select=record.code)
        self.on_change(record.code)
