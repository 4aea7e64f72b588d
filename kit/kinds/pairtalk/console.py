"""The facilitator's side of a timed pair talk: Start and Stop (which set and clear the talk's timer
in the session's settings, where every phone reads it), the countdown and the prompts for the
projector, and, once revealed, how many noted a takeaway and the takeaways their authors shared.

The countdown and the buttons sit in the section's ``live`` widget, which the panel shows whether or
not results are revealed. While a talk runs, one :class:`~kit.ui.poll.Poller` per section redraws the
countdown once a second from the settings the last refresh read (no query per second).
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any, Mapping

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.errors import InputError
from kit.kinds.pairtalk import (TIMERS_KEY, Timer, countdown, now_utc, switch_seconds, talk_seconds, timer,
                                with_timer)
from kit.kinds.pairtalk.form import countdown_html, prompts_html
from kit.logic.sharing import summarize_free_text
from kit.ui.poll import Poller
from kit.ui.sections.base import Section, Snapshot
from kit.kinds.text.console import free_text_html
from kit.ui.style import message

#: Seconds between two redraws of the projector's countdown while a talk runs.
TICK_SECONDS = 1.0


class PairTalkSection(Section):
    """Start/Stop and the countdown (always), the shared takeaways (once revealed, k rule)."""

    item_type = "pairtalk"

    def __init__(self, exercise: Exercise, items, *, tick_seconds: float | None = TICK_SECONDS):
        super().__init__(exercise, items)
        self.store: Any = None
        self.code: str | None = None
        self.settings: Mapping[str, Any] = {}
        first = self.items[0]
        self.seconds, self.switch_at = talk_seconds(first), switch_seconds(first)
        self.clock = widgets.HTML()
        self.clock.add_class("mk-talk-console-clock")
        minutes = self.seconds / 60
        self.start = widgets.Button(description=f"Start the talk ({minutes:g} min)", icon="play",
                                    button_style="primary", tooltip="Start the countdown on every phone")
        self.start.add_class("mk-talk-start")
        self.stop = widgets.Button(description="Stop", icon="stop", tooltip="Stop and clear the countdown")
        self.stop.add_class("mk-talk-stop")
        self.status = widgets.HTML()
        self.start.on_click(lambda _: self.begin())
        self.stop.on_click(lambda _: self.end())
        prompts = "".join((f"<h3>{escape(item.section)}</h3>" if item.section and len(self.items) > 1 else "")
                          + prompts_html(item) for item in self.items)
        self.controls = widgets.VBox([widgets.HBox([self.start, self.stop]), self.status])
        self.live = widgets.VBox([self.clock, widgets.HTML(prompts), self.controls])
        self.live.add_class("mk-pairtalk-live")
        self.body = widgets.HTML()
        self.widget = widgets.VBox([widgets.HTML('<p class="mk-muted">Takeaways are private unless their author '
                                                 "chose to share them.</p>"), self.body])
        self.widget.add_class("mk-pairtalk-section")
        self.poller = Poller(tick_seconds, self.show) if tick_seconds else None
        self.show()

    def projector(self, large: bool) -> None:
        """The projector shows the countdown and the prompts, without Start and Stop."""
        self.controls.layout.display = "none" if large else None

    def connect(self, store: Any, code: str) -> None:
        """Keep the store and session for Start and Stop, and redraw the countdown from the session."""
        self.store, self.code = store, code
        session = store.get_session(code)
        if session is not None:
            self.settings = session.settings
            self.show()

    # -- the timer ------------------------------------------------------------------------------
    def show(self, now: datetime | None = None) -> None:
        """Redraw the countdown from the settings last read, at ``now`` (default: the current time);
        the poller runs only while the talk does."""
        started = timer(self.settings, self.exercise.id)
        shown = countdown(started, now or now_utc())
        value = countdown_html(shown, switch_at=self.switch_at, large=True)
        if self.clock.value != value:
            self.clock.value = value
        self.stop.disabled = started is None
        self.start.description = (f"Start again ({self.seconds / 60:g} min)" if started is not None
                                  else f"Start the talk ({self.seconds / 60:g} min)")
        if self.poller is not None:
            if shown.state == "running":
                self.poller.start()
            else:
                self.poller.stop()

    def _change(self, started: Timer | None) -> None:
        if self.store is None or self.code is None:
            self.status.value = message("No session is selected.", "warn")
            return
        exercise_id = self.exercise.id
        try:
            record = self.store.change_session_settings(
                self.code, lambda settings: {TIMERS_KEY: with_timer(settings, exercise_id, started)}, require_open=True)
        except InputError as error:
            self.status.value = message(escape(str(error)), "error")
            return
        self.settings = record.settings
        self.status.value = message("The countdown is running on every phone." if started else
                                    "The countdown is stopped.", "ok")
        self.show()

    def begin(self, now: datetime | None = None) -> None:
        """Start (or restart) the talk now: its timer goes into the session's settings."""
        self._change(Timer(now or now_utc(), self.seconds, self.switch_at))

    def end(self) -> None:
        """Stop the talk: its timer leaves the session's settings."""
        self._change(None)

    # -- the takeaways --------------------------------------------------------------------------
    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        if not snapshot.gate.visible:
            self.body.value = ""
            return
        self.body.value = free_text_html(summarize_free_text(self.items, snapshot.answers), snapshot.respondents)

    def text_summary(self, snapshot: Snapshot) -> str:
        if not snapshot.gate.visible:
            return ""
        return "\n".join(f"{s.text}: {s.answered} answered" + "".join(f"\n  shared: {t}" for t in s.shared)
                         for s in summarize_free_text(self.items, snapshot.answers))

    def close(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        self.live.close()
        super().close()
