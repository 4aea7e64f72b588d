"""What the word cloud's and the Q&A's console sections share: moderation kept in the session's
settings (:mod:`kit.logic.moderation`), applied in the store's locked transaction, and a redraw at
once from the last snapshot, so the facilitator sees the change before the next refresh reads it."""

from __future__ import annotations

from html import escape
from typing import Any, Callable, Mapping

import ipywidgets as widgets

from kit.errors import InputError
from kit.ui.sections.base import Section, Snapshot
from kit.ui.style import message


class ModeratedSection(Section):
    """A section whose facilitator changes one session setting (``settings_key``) to moderate what
    the room sees. Subclasses set ``self.status`` (an HTML widget) and call :meth:`change_setting`."""

    #: The session setting this section's moderation lives in (e.g. ``hidden_words``).
    settings_key = ""

    def __init__(self, exercise, items):
        super().__init__(exercise, items)
        self.store: Any = None
        self.code: str | None = None
        self._snapshot: Snapshot | None = None
        self._large = False
        self.status = widgets.HTML()

    def connect(self, store: Any, code: str) -> None:
        self.store, self.code = store, code

    def remember(self, snapshot: Snapshot, large: bool) -> None:
        """Keep the snapshot just drawn (``update`` calls this), for :meth:`redraw`."""
        self._snapshot, self._large = snapshot, large

    def change_setting(self, change: Callable[[Mapping[str, Any]], Any]) -> Mapping[str, Any] | None:
        """Store ``change(settings)`` as the new value of ``settings_key``; returns the session's new
        settings, or None when nothing was stored (no session, or the store refused: said in the status)."""
        if self.store is None or self.code is None:
            return None
        try:
            record = self.store.change_session_settings(self.code, lambda settings: {self.settings_key: change(settings)})
        except InputError as error:
            self.status.value = message(escape(str(error)), "error")
            return None
        return record.settings

    def redraw(self, extra_name: str, extra: Any) -> None:
        """Draw again from the last snapshot with ``extra[extra_name]`` replaced (what the next refresh
        will read from the same settings), keeping the status message."""
        if self._snapshot is None:
            return
        extras = dict(self._snapshot.extra or {})
        extras[extra_name] = extra
        snapshot = Snapshot(exercise=self._snapshot.exercise, joined=self._snapshot.joined,
                            answers=self._snapshot.answers, gate=self._snapshot.gate, extra=extras)
        status = self.status.value
        self.update(snapshot, large=self._large)
        self.status.value = status
