"""The facilitator's agenda: what the room sees now, and Present / Back / Next / Pause / Self-paced.

Every change goes through :meth:`Store.change_session_settings` with a function of
:mod:`kit.logic.pacing`, so it is decided on the settings as stored (two tabs pressing Next at once
move the room two steps) and a refused change (an :class:`InputError`) changes nothing and is shown
in the status line.

:meth:`AgendaControls.sync` runs on every console refresh: it only sets values, and creates a row
the first time an exercise appears on the agenda (at most one row per exercise, ever), so memory
stays flat through a three-hour workshop.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any, Callable, Mapping

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.errors import InputError
from kit.logic import pacing
from kit.logic.visibility import is_open
from kit.store import SessionRecord, Store
from kit.ui.style import message
from kit.ui.sync import on_press

log = logging.getLogger(__name__)

Decide = Callable[[dict[str, Any]], dict[str, Any]]

PACED_HELP = ("<b>Participants follow you:</b> phones show the exercise you present, the lobby while "
              "nothing is presented, and your message during a pause.")
SELF_PACED_HELP = ("<b>Self-paced:</b> participants move freely between the open exercises on the agenda. "
                   "Present opens an exercise and puts it on the projector; a pause still reaches every phone.")


class AgendaRow(widgets.HBox):
    """One exercise of the agenda: position, title, Present, Up, Down, Remove."""

    def __init__(self, exercise: Exercise, act: Callable[[Decide], None], all_ids: list[str]):
        self.exercise_id = exercise.id
        self.title_text = title = exercise.title
        self.position = widgets.HTML()
        self.position.add_class("mk-agenda-position")
        self.title = widgets.HTML(f"<span>{escape(title)}</span>")
        self.title.add_class("mk-agenda-title")
        self.present = widgets.Button(description="Present", icon="play",
                                      tooltip=f"Show “{title}” on every phone and on the projector")
        self.up = widgets.Button(description="Up", icon="arrow-up", tooltip=f"Move “{title}” earlier")
        self.down = widgets.Button(description="Down", icon="arrow-down", tooltip=f"Move “{title}” later")
        self.remove = widgets.Button(description="Remove", icon="times", tooltip=f"Take “{title}” off the agenda")
        ex_id = exercise.id
        self.present.on_click(lambda _: act(lambda s: pacing.present(s, all_ids, ex_id)))
        self.up.on_click(lambda _: act(lambda s: pacing.moved(s, all_ids, ex_id, -1)))
        self.down.on_click(lambda _: act(lambda s: pacing.moved(s, all_ids, ex_id, 1)))
        self.remove.on_click(lambda _: act(lambda s: pacing.removed(s, all_ids, ex_id)))
        self.buttons = (self.present, self.up, self.down, self.remove)
        super().__init__([self.position, self.title, *self.buttons],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self.add_class("mk-agenda-row")
        self.add_class(f"mk-agenda-row-{exercise.id}")
        self._current = False

    def show(self, index: int, count: int, *, current: bool, opened: bool, enabled: bool) -> None:
        """Show this row at ``index`` (0-based) of ``count``; ``current`` marks the presented one."""
        closed = "" if opened else ' <span class="mk-muted">(not open)</span>'
        self.position.value = f"<span>{index + 1}.</span>"
        self.title.value = f"<span>{escape(self.title_text)}</span>{closed}"
        self.present.description = "Presenting" if current else "Present"
        self.present.button_style = "success" if current else ""
        self.present.disabled = not enabled
        self.up.disabled = not enabled or index == 0
        self.down.disabled = not enabled or index == count - 1
        self.remove.disabled = not enabled
        if current != self._current:
            (self.add_class if current else self.remove_class)("mk-current")
            self._current = current

    def close(self) -> None:
        for child in (self.position, self.title, *self.buttons):
            child.close()
        super().close()


class AgendaControls(widgets.VBox):
    """The session's agenda and the room's pace, for the facilitator console.

    ``on_change(session)`` is called after every stored change, with the session as stored.
    """

    def __init__(self, store: Store, content: Mapping[str, Exercise],
                 on_change: Callable[[SessionRecord], None] | None = None):
        self.store, self.content, self.on_change = store, content, on_change
        self.ids = list(content)
        self.heading = widgets.HTML("<h2>Agenda and pace</h2>")
        self.now = widgets.HTML()
        self.now.add_class("mk-now-presenting")
        self.back = widgets.Button(description="Back", icon="step-backward", tooltip="Present the previous exercise")
        self.next = widgets.Button(description="Next", icon="step-forward", button_style="primary",
                                   tooltip="Present the next exercise")
        self.pause_message = widgets.Text(description="Pause message", placeholder=pacing.DEFAULT_PAUSE,
                                          style={"description_width": "initial"},
                                          layout=widgets.Layout(width="22rem"))
        self.pause = widgets.Button(description="Pause", icon="pause",
                                    tooltip="Phones show the pause message: people look up")
        self.resume = widgets.Button(description="Resume", icon="play",
                                     tooltip="End the pause: the presented exercise comes back")
        self.self_paced = widgets.ToggleButton(description="Self-paced", icon="random", value=False,
                                               tooltip="Let participants move freely between the open exercises")
        self.mode = widgets.HTML()
        self.mode.add_class("mk-pace-mode")
        self.back.on_click(lambda _: self._act(lambda s: pacing.step(s, self.ids, -1, self._titles())))
        self.next.on_click(lambda _: self._act(lambda s: pacing.step(s, self.ids, 1, self._titles())))
        on_press(self.pause, lambda _: self._act(lambda s: pacing.pause(self.pause_message.value)))
        self.resume.on_click(lambda _: self._act(lambda s: pacing.resume()))
        self.self_paced.observe(self._toggled, names="value")
        self.rows = widgets.VBox()
        self.rows.add_class("mk-agenda-rows")
        self.to_add = widgets.Dropdown(description="Add exercise", style={"description_width": "initial"},
                                       layout=widgets.Layout(width="auto", min_width="18rem"))
        self.add = widgets.Button(description="Add to agenda", icon="plus",
                                  tooltip="Put the chosen exercise at the end of the agenda")
        self.add.on_click(lambda _: self._add())
        self.status = widgets.HTML()
        self.status.add_class("mk-agenda-status")
        self.controls = widgets.HBox([self.back, self.next, self.pause_message, self.pause, self.resume,
                                      self.self_paced], layout=widgets.Layout(flex_flow="row wrap",
                                                                              align_items="center"))
        self.controls.add_class("mk-pace-controls")
        super().__init__([self.heading, self.now, self.controls, self.mode, self.status, self.rows,
                          widgets.HBox([self.to_add, self.add], layout=widgets.Layout(flex_flow="row wrap"))])
        self.add_class("mk-agenda")
        self._rows: dict[str, AgendaRow] = {}
        self._order: tuple[str, ...] | None = None
        self._session: SessionRecord | None = None
        self._shown: tuple[str | None, pacing.Pace] | None = None
        self._syncing = False
        self.sync(None)

    def use(self, content: Mapping[str, Exercise]) -> None:
        """Follow ``content`` (a session's catalogue: its quick activities too); the rows already made
        keep the same id list, changed in place."""
        self.content = content
        self.ids[:] = list(content)
        self._order = None  # rows and the Add list are drawn again at the next sync

    # -- showing ---------------------------------------------------------------------------------
    def sync(self, session: SessionRecord | None) -> None:
        """Show ``session``'s agenda and pace as stored (a change made in another tab or by the CLI
        shows up here). Sets values only; rows are rearranged only when the agenda's order changed."""
        settings = session.settings if session is not None else {}
        state = pacing.pace(settings, self.ids)
        enabled = session is not None and session.is_open
        if (session and session.code, state) != self._shown:
            # Changed elsewhere (another tab, the CLI): the last confirmation here is out of date.
            self.status.value = ""
            self._shown = (session and session.code, state)
        self._session = session
        if state.agenda != self._order:
            self._order = state.agenda
            self.rows.children = tuple(self._row(ex_id) for ex_id in state.agenda)
            missing = [(self.content[i].title, i) for i in self.ids if i not in state.agenda]
            self.to_add.options = missing
            self.to_add.index = 0 if missing else None  # a Dropdown keeps no selection by itself
        for index, ex_id in enumerate(state.agenda):
            self._rows[ex_id].show(index, len(state.agenda), current=ex_id == state.current,
                                   opened=is_open(settings, ex_id), enabled=enabled)
        self.to_add.disabled = self.add.disabled = not enabled or not self.to_add.options
        self.back.disabled = self.next.disabled = not enabled or not state.agenda
        self.pause.disabled = self.pause_message.disabled = not enabled
        self.resume.disabled = not enabled or state.paused is None
        self._syncing = True
        try:
            self.self_paced.value = state.self_paced
            self.self_paced.disabled = not enabled
        finally:
            self._syncing = False
        self.now.value = self._now_html(session, state)
        if session is None:
            self.mode.value = '<p class="mk-muted">Choose or create a session first.</p>'
        elif not session.is_open:
            self.mode.value = '<p class="mk-muted">This session has ended: its agenda and pace can no longer change.</p>'
        else:
            self.mode.value = f'<p class="mk-muted">{SELF_PACED_HELP if state.self_paced else PACED_HELP}</p>'

    def _now_html(self, session: SessionRecord | None, state: pacing.Pace) -> str:
        if state.current is not None:
            line = (f"Now presenting: <b>{escape(self.content[state.current].title)}</b> "
                    f"({state.position + 1} of {len(state.agenda)})")
        elif state.self_paced:
            line = "Nothing presented: participants choose from the open exercises"
        else:
            line = "Nothing presented: phones show the lobby"
        paused = ""
        if session is not None and session.is_open and state.paused is not None:
            paused = (f'<p class="mk-paused-line"><b>Paused:</b> phones show “{escape(state.paused or pacing.DEFAULT_PAUSE)}” '
                      "until you press Resume.</p>")
        return f'<p class="mk-now-line">{line}.</p>{paused}'

    def _row(self, exercise_id: str) -> AgendaRow:
        if exercise_id not in self._rows:
            self._rows[exercise_id] = AgendaRow(self.content[exercise_id], self._act, self.ids)
        return self._rows[exercise_id]

    # -- acting ----------------------------------------------------------------------------------
    def _toggled(self, change) -> None:
        if not self._syncing:
            on = bool(change["new"])
            self._act(lambda s: pacing.self_paced(on))

    def _add(self) -> None:
        exercise_id = self.to_add.value
        if exercise_id is None:
            self._say("Every exercise is on the agenda already.", "warn")
            return
        self._act(lambda s: pacing.added(s, self.ids, exercise_id))

    def _titles(self) -> dict[str, str]:
        """Each exercise's title by id, for messages that name an exercise (quick activities included)."""
        return {exercise_id: exercise.title for exercise_id, exercise in self.content.items()}

    def _act(self, decide: Decide) -> None:
        """Store ``decide``'s changes, then show the session as stored and what the room sees now."""
        if self._session is None:
            self._say("Choose or create a session first.", "warn")
            return
        code = self._session.code
        try:
            record = self.store.change_session_settings(code, decide, require_open=True)
        except InputError as error:
            self.sync(self.store.get_session(code) or self._session)
            self._say(escape(str(error)), "error")
            return
        except Exception as error:  # a database hiccup must not break the console's buttons
            log.exception("agenda change failed")
            self.sync(self._session)
            self._say(escape(f"Nothing changed ({type(error).__name__}): please try again."), "error")
            return
        self.sync(record)
        self._say(self._room_line(record), "ok")
        if self.on_change is not None:
            self.on_change(record)

    def _room_line(self, session: SessionRecord) -> str:
        """What the room sees now, as the status line after a change."""
        state = pacing.pace(session.settings, self.ids)
        screen = pacing.screen(session.settings, self.ids)
        if screen.kind == pacing.PAUSED:
            return f"Paused: phones show “{escape(screen.message)}”"
        if state.self_paced:
            opened = len(pacing.choices(session.settings, self.ids))
            where = (f" “{escape(self.content[state.current].title)}” is on the projector."
                     if state.current is not None else "")
            return f"Self-paced: participants choose from {opened} open exercise(s).{where}"
        if screen.kind == pacing.EXERCISE:
            return (f"Presenting “{escape(self.content[screen.exercise].title)}” "
                    f"({state.position + 1} of {len(state.agenda)}): phones show it now.")
        return "Phones show the lobby."

    def _say(self, text: str, kind: str) -> None:
        self.status.value = message(text, kind)

    def close(self) -> None:
        for row in self._rows.values():
            row.close()
        super().close()
