"""The facilitator's live console: sessions, the agenda and the room's pace, join screen, open
exercises, live panels, and a projector view that follows the presented exercise.

It updates by itself every few seconds from one :class:`~kit.ui.poll.Poller`. A refresh reads only
each exercise's latest answers (so it does not grow with history), redraws only panels whose data
changed, and creates no widgets: memory stays flat through a three-hour workshop.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Callable, Mapping

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.errors import InputError
from kit.logic import pacing
from kit.logic.visibility import is_open, with_open, with_revealed
from kit.store import SessionRecord, Store
from kit.store.quick import Catalogue
from kit.ui.agenda import AgendaControls
from kit.ui.browser import BrowserBridge
from kit.ui.join_screen import JoinCorner, JoinScreen
from kit.ui.panel import ExercisePanel
from kit.ui.poll import Poller
from kit.ui.quick import QuickActivityForm
from kit.ui.session_bar import SessionBar
from kit.ui.style import message, stylesheet

log = logging.getLogger(__name__)

Exporter = Callable[[Store, str], bytes]


class ExerciseSwitches(widgets.VBox):
    """One "open to participants" checkbox per exercise, stored in the session's settings."""

    def __init__(self, store: Store, content: Mapping[str, Exercise], on_change: Callable[[], None]):
        self.store, self.content, self.on_change = store, content, on_change
        self.boxes = {ex_id: widgets.Checkbox(description=ex.title, indent=False, value=True)
                      for ex_id, ex in content.items()}
        for ex_id, box in self.boxes.items():
            box.observe(lambda change, ex_id=ex_id: self._changed(ex_id, change["new"]), names="value")
        self.status = widgets.HTML()
        self._session: SessionRecord | None = None
        self._syncing = False
        self.heading = widgets.HTML("<h2>Open to participants now</h2><p class=\"mk-muted\">Participants "
                                    "see closed exercises as “not open yet”.</p>")
        super().__init__([self.heading, *self.boxes.values(), self.status])

    def use(self, content: Mapping[str, Exercise]) -> None:
        """Show a box for every exercise of ``content`` (a session's catalogue: its quick activities too)."""
        self.content = content
        for ex_id, ex in content.items():
            if ex_id not in self.boxes:
                box = widgets.Checkbox(description=ex.title, indent=False, value=True)
                box.observe(lambda change, ex_id=ex_id: self._changed(ex_id, change["new"]), names="value")
                self.boxes[ex_id] = box
        self.children = (self.heading, *(self.boxes[ex_id] for ex_id in content), self.status)

    def sync(self, session: SessionRecord | None) -> None:
        """Show ``session``'s open exercises."""
        self._session = session
        self._syncing = True
        try:
            for ex_id in self.content:
                box = self.boxes[ex_id]
                box.value = bool(session) and is_open(session.settings, ex_id)
                box.disabled = session is None or not session.is_open
        finally:
            self._syncing = False

    def _changed(self, exercise_id: str, value: bool) -> None:
        if self._syncing or self._session is None:
            return
        try:
            fresh = self.store.get_session(self._session.code) or self._session
            self._session = self.store.update_session_settings(
                fresh.code, open=with_open(fresh.settings, list(self.content), exercise_id, value))
        except InputError as error:
            self.status.value = message(escape(str(error)), "error")
            return
        self.status.value = ""
        self.on_change()


class ConsoleView(widgets.VBox):
    """Everything a facilitator does during a workshop, on one page."""

    def __init__(self, store: Store, content: Mapping[str, Exercise], *, public_url: str,
                 poll_seconds: float | None = 5.0, exporter: Exporter | None = None,
                 params: Mapping[str, str] | None = None):
        self.store, self.exporter = store, exporter
        # The content files' exercises; self.content is the chosen session's catalogue (these plus
        # its quick activities), the one place the console looks an exercise up.
        self.base_content = self.content = content
        self.catalogue: Catalogue | None = None
        # The address bar keeps the session and the view, so a reload (after a restart, say) comes
        # back to where the facilitator was.
        self.address = BrowserBridge()
        self.bar = SessionBar(store, self._session_changed)
        self.join_screen = JoinScreen(public_url)
        self.switches = ExerciseSwitches(store, content, self.refresh)
        self.agenda = AgendaControls(store, content, on_change=lambda _: self.refresh())
        self.panels = {ex_id: ExercisePanel(store, ex, self._reveal) for ex_id, ex in content.items()}
        self.quick = QuickActivityForm(store, content, on_created=lambda _: self.refresh())
        self.summary = widgets.HTML()
        self.summary.add_class("mk-console-summary")
        self.reload = widgets.Button(description="Reload sessions", icon="refresh")
        self.reload.on_click(lambda _: self.bar.load())
        self.projector = widgets.ToggleButton(description="Projector view", icon="desktop", value=False,
                                              tooltip="Large type for the room: the presented exercise, or the pause")
        self.projector.observe(lambda _: self._layout(), names="value")
        # The projector follows the presented exercise; this choice is the fallback while none is.
        self.projected = widgets.Dropdown(description="Show", options=[(ex.title, ex_id) for ex_id, ex in content.items()],
                                          style={"description_width": "initial"})
        self.projected.observe(lambda _: self._layout(), names="value")
        # Back and Next are the agenda's own buttons, so the room can be paced from the projector too.
        self.projector_bar = widgets.HBox([self.projector, self.agenda.back, self.agenda.next, self.projected],
                                          layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self.projector_bar.add_class("mk-projector-bar")
        self.corner = JoinCorner(public_url)
        self.pause_screen = widgets.HTML()
        self.pause_screen.add_class("mk-projector-pause")
        self.download = widgets.HTML()
        self.download_button = widgets.Button(description="Prepare CSV download", icon="download",
                                              tooltip="Pseudonymous answers of this session")
        self.download_button.on_click(self._prepare_download)
        self.live = widgets.VBox()
        self.tabs = widgets.Tab()
        self.exercise_settings = widgets.VBox()
        self.tabs.children = [self.live, self.join_screen,
                              widgets.VBox([self.switches, self.exercise_settings, widgets.HTML("<h2>Answers</h2>"),
                                            self.download_button, self.download])]
        self.tabs.titles = ("Live", "Join screen", "Set-up & download")
        self.header = widgets.VBox([widgets.HTML("<h1>Facilitator console</h1>"), self.bar,
                                    widgets.HBox([self.reload, self.projector],
                                                 layout=widgets.Layout(flex_flow="row wrap"))])
        super().__init__([stylesheet(), self.address, self.header, self.summary, self.tabs])
        self.add_class("mk-app")
        self.add_class("mk-console")
        self.layout.max_width = "1200px"
        self._session: SessionRecord | None = None
        params = params or {}
        self.bar.load(select=(params.get("session") or "").strip().upper()[:12] or None)
        self._session_changed(self.bar.code)
        if params.get("view") == "projector":
            self.projector.value = True
        self.poller = Poller(poll_seconds, self.refresh) if poll_seconds else None
        if self.poller is not None:
            self.poller.start()

    # -- layout ------------------------------------------------------------------------------
    def _layout(self) -> None:
        self.address.set_params({"session": self._session.code if self._session else None,
                                 "view": "projector" if self.projector.value else None})
        if self.projector.value:
            self.add_class("mk-projector")
            self.header.layout.display = "none"
            self.tabs.selected_index = 0
        else:
            self.remove_class("mk-projector")
            self.header.layout.display = None
        # Not forced: a panel's fingerprint includes the projector's large type, so only the panels
        # whose look changed are redrawn (all thirteen took seconds when leaving the projector view).
        self.refresh()

    def _place(self, session: SessionRecord | None) -> None:
        """Put on the Live tab the agenda and every panel, or, in the projector view, what the room
        should look at: the pause message, else the presented exercise, else the one chosen in Show."""
        if not self.projector.value:
            children = (self.agenda, self.quick, *(self.panels[ex_id] for ex_id in self.content))
        else:
            settings = session.settings if session is not None else {}
            ids = list(self.content)
            current = pacing.pace(settings, ids).current
            screen = pacing.screen(settings, ids, session_open=session is not None and session.is_open)
            self.corner.show(session)
            self.projected.layout.display = "none" if current is not None else None
            if screen.kind == pacing.PAUSED:
                self.pause_screen.value = f'<p class="mk-pause-message" role="status">{escape(screen.message)}</p>'
                shown = self.pause_screen
            else:
                shown = self.panels.get(current or self.projected.value)
            children = (self.projector_bar, self.agenda.status, self.corner, *([shown] if shown is not None else []))
        if tuple(self.live.children) != children:
            self.live.children = children

    # -- events --------------------------------------------------------------------------------
    def _session_changed(self, code: str | None) -> None:
        self._session = self.store.get_session(code) if code else None
        self.catalogue = (Catalogue(self.store, self._session.code, self.base_content, self._session.settings)
                          if self._session is not None else None)
        self._use_catalogue()
        self.switches.sync(self._session)
        self._build_exercise_settings()
        self.join_screen.show(self._session)
        self.download.value = ""
        self._layout()

    def _use_catalogue(self) -> None:
        """Make every part of the console follow the session's catalogue (a quick activity made in this
        tab, another tab or by the CLI gets its panel, agenda row, switch and place in Show)."""
        self.content = self.catalogue if self.catalogue is not None else self.base_content
        for ex_id, ex in self.content.items():
            if ex_id not in self.panels:
                self.panels[ex_id] = ExercisePanel(self.store, ex, self._reveal)
        self.switches.use(self.content)
        self.agenda.use(self.content)
        self.quick.show(self._session, self.content)
        options = [(ex.title, ex_id) for ex_id, ex in self.content.items()]
        if options != list(self.projected.options):
            chosen = self.projected.value
            self.projected.options = options
            if chosen in self.content:
                self.projected.value = chosen

    def _build_exercise_settings(self) -> None:
        """Per-exercise controls that item types offer (e.g. the quiz's items and second run)."""
        for child in self.exercise_settings.children:
            child.close()
        controls = []
        if self._session is not None:
            for panel in (self.panels[ex_id] for ex_id in self.content):
                for section in panel.sections:
                    control = type(section).settings_widget(self.store, panel.exercise, self._session.code)
                    if control is not None:
                        controls.append(control)
        self.exercise_settings.children = controls

    def _reveal(self, exercise_id: str, revealed: bool) -> None:
        if self._session is None:
            return
        fresh = self.store.get_session(self._session.code) or self._session
        self._session = self.store.update_session_settings(
            fresh.code, revealed=with_revealed(fresh.settings, exercise_id, revealed))
        self.refresh()

    def _prepare_download(self, _=None) -> None:
        if self._session is None or self.exporter is None:
            self.download.value = message("Choose a session first.", "warn")
            return
        import base64

        data = self.exporter(self.store, self._session.code)
        name = f"mentorkit-{self._session.code}-answers.csv"
        href = "data:text/csv;base64," + base64.b64encode(data).decode("ascii")
        self.download.value = (f'<p><a download="{escape(name)}" href="{href}" class="mk-download">Download '
                               f"{escape(name)}</a> (pseudonymous: no names, no keys; private free text left out)</p>")

    # -- refresh ------------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        """Re-read the session and redraw the panels that are on screen."""
        if self._session is None:
            self.summary.value = "<p>No session yet: create one above.</p>"
            self.agenda.sync(None)
            self._place(None)
            return
        session = self.store.get_session(self._session.code) or self._session
        ended_now = self._session.is_open and not session.is_open
        self._session = session
        if self.catalogue is not None and self.catalogue.sync(session.settings):
            self._use_catalogue()
            self._build_exercise_settings()
        self.quick.show(session)
        # Values only, so cheap: Present opens an exercise, and another tab or the CLI may change the
        # pace or what is open at any time.
        self.switches.sync(session)
        self.agenda.sync(session)
        self._place(session)
        if ended_now:
            self.join_screen.show(session)
        joined = self.store.count_participants(session.code)
        state = "open" if session.is_open else "ended"
        self.summary.value = (f'<p class="mk-console-line">Session <b>{escape(session.code)}</b> '
                              f"({escape(session.name)}) · {state} · <b data-joined=\"{joined}\">{joined}</b> joined"
                              f" · groups smaller than {session.k_threshold} are never charted</p>")
        large = self.projector.value
        for panel in self.live.children:
            if isinstance(panel, ExercisePanel):
                panel.refresh(session, joined, large=large, force=force)

    def close(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        super().close()
