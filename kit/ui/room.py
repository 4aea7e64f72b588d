"""The one page a participant stays on for the whole workshop: the lobby, the exercise the
facilitator presents, a pause, or (self-paced) the list of open exercises, switching in place.

The room follows the session's pacing settings (:mod:`kit.logic.pacing`) with one
:class:`~kit.ui.poll.Poller`, reading one session row every half second. A switch needs no page load
and no new kernel: exercise views are built once and kept (a few at a time), so what someone filled in
but did not submit is still there when the exercise comes back. What they typed is also kept as a
draft in the store (:mod:`kit.ui.draft`), so it survives a reload or a new kernel too.

In the lobby, during a pause and while an exercise is presented, the room builds the exercise the
facilitator will most likely present next (:func:`kit.logic.pacing.upcoming`) in the background, so
Present or Next in the console is a swap of children on every phone rather than a build.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from html import escape
from typing import Callable, Mapping

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.errors import InputError
from kit.logic import pacing
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.background import Later, in_event_loop
from kit.ui.batch import close_widgets, recording
from kit.ui.browser import BrowserBridge
from kit.ui.pairing import RequestNotice
from kit.ui import poll
from kit.ui.poll import Poller
from kit.ui.style import message

log = logging.getLogger(__name__)

#: Seconds between two looks at the session (what the facilitator presents).
POLL_SECONDS = 0.5
#: Seconds between two redraws of an unchanged list of exercises (its "Submitted" badges).
LIST_SECONDS = 10.0
#: Exercise views a page keeps built (the current one, the next, the ones just left).
KEEP_VIEWS = 4
#: Seconds (a random moment in this range, so a room's kernels do not all build at once) before
#: building ahead after a switch to an exercise, and in the lobby or a pause. Not at once: right after
#: a switch, other pages of the room may still be building what was presented (a jump), and in the
#: lobby the rest of the room is still joining; a facilitator rarely presses Next within seconds.
AHEAD_AFTER_SWITCH = (2.0, 8.0)
AHEAD_IN_LOBBY = (3.0, 8.0)
#: Seconds (a random moment in this range, once the machine is calm) before the views beyond
#: :data:`KEEP_VIEWS` are closed after a switch, and the latest. Closing a view is one message per
#: widget, which can wait: in a jump the room's last pages are still building what was presented.
TRIM_AFTER = (1.0, 4.0)
TRIM_LATEST = 20.0
#: Whether that waits (widget tests close them at once; see tests/ui/test_room.py).
TRIM_LATER = True
#: Seconds between two looks for requests to pair (as often as a pairing view looks).
PAIR_POLL_SECONDS = 3.0

BuildView = Callable[[Exercise, SessionRecord, ParticipantRecord], widgets.Widget]


def _pairs(exercise: Exercise | None) -> bool:
    """Does this exercise have a pairing view (which shows requests to pair itself)?"""
    return exercise is not None and exercise.pairing is not None and exercise.pairing.enabled


class Chooser(widgets.VBox):
    """Self-paced: the exercises a participant may open, each a button, with whether they submitted."""

    def __init__(self, on_choose: Callable[[str], None]):
        self.on_choose = on_choose
        self.heading = widgets.HTML()
        self.rows = widgets.VBox()
        self.rows.add_class("mk-choose-list")
        self._key: tuple | None = None
        super().__init__([self.heading, self.rows])
        self.add_class("mk-choose")

    def show(self, heading: str, entries: list[tuple[str, str, str, str]]) -> None:
        """``entries``: (exercise id, title, summary, state) in order; rebuilt only when they change."""
        self.heading.value = heading
        key = tuple(entries)
        if key == self._key:
            return
        self._key = key
        old = self.rows.children
        rows = []
        for exercise_id, title, summary, state in entries:
            button = widgets.Button(description=title, tooltip=f"Open {title}",
                                    layout=widgets.Layout(width="auto", max_width="100%"))
            button.add_class("mk-choose-button")
            button.on_click(lambda _b, exercise_id=exercise_id: self.on_choose(exercise_id))
            badge = ('<span class="mk-badge agree">Submitted</span>' if state == "done"
                     else '<span class="mk-badge missing">Not started</span>')
            rows.append(widgets.VBox([button, widgets.HTML(f'{badge} <span class="mk-muted">{escape(summary)}</span>')],
                                     layout=widgets.Layout(margin="0 0 0.6rem 0")))
        self.rows.children = rows
        for row in old:
            for child in row.children:
                child.close()
            row.close()


class RoomView(widgets.VBox):
    """The joined participant's one page. ``build_view`` makes an exercise's view (the apps choose
    which view each exercise gets); ``requested`` is an exercise this visit asked for (self-paced,
    or the exercise named in an old per-exercise link)."""

    def __init__(self, store: Store, content: Mapping[str, Exercise], session: SessionRecord,
                 participant: ParticipantRecord, build_view: BuildView, *, bridge: BrowserBridge | None = None,
                 requested: str | None = None, poll_seconds: float | None = POLL_SECONDS,
                 prebuild: bool = True):
        self.store, self.content, self.session, self.participant = store, content, session, participant
        self.build_view, self.bridge, self.prebuild = build_view, bridge, prebuild
        self.requested = requested if requested in content else None
        self.views: OrderedDict[str, tuple[widgets.Widget, set[str]]] = OrderedDict()
        #: The pollers each kept view made (its pairing's, a Q&A list's): paused while it is hidden.
        self._scopes: dict[str, poll.Scope] = {}
        self.screen: pacing.Screen | None = None
        self.nav = widgets.HBox()
        self.back = widgets.Button(description="All exercises", icon="list", tooltip="Back to the list of exercises")
        self.back.add_class("mk-room-back")
        self.back.on_click(lambda _: self.choose(None))
        self.marker = widgets.HTML()
        self.marker.add_class("mk-room-marker")
        self.body = widgets.VBox()
        self.body.add_class("mk-room-body")
        self.lobby = widgets.HTML()
        self.lobby.add_class("mk-lobby")
        self.paused = widgets.HTML()
        self.paused.add_class("mk-paused")
        self.chooser = Chooser(self.choose)
        # Requests to pair reach the person wherever they are; a pair exercise shows them itself.
        self.requests = RequestNotice(store, participant, poll_seconds=PAIR_POLL_SECONDS if poll_seconds else None)
        super().__init__([self.marker, self.nav, self.requests, self.body])
        self.add_class("mk-room")
        self._shown_class = ""
        self._listed_settings: dict | None = None  # the settings the list was last drawn for
        self._listed_at = 0.0
        self._free = False  # whether the participant moves freely (self-paced or an ended session)
        self._prebuild_handle: Later | None = None
        self._trim_handle: Later | None = None
        self.refresh()
        self.poller = Poller(poll_seconds, lambda: self.refresh(recount=False)) if poll_seconds else None
        if self.poller is not None:
            self.poller.start()

    # -- following the session ------------------------------------------------------------------
    def refresh(self, *, recount: bool = True) -> None:
        """Re-read the session and switch the page if what it should show changed.

        The list of exercises also shows what this person submitted, which takes a query per
        exercise: the half-second poll (``recount=False``) redraws it only when the session changed
        or every :data:`LIST_SECONDS`, so a room of open lists does not query the database
        thousands of times a second."""
        fresh = self.store.get_session(self.session.code)
        if fresh is None:  # the session row is gone (a database swapped under the server)
            return
        ended_now = self.session.is_open and not fresh.is_open
        self.session = fresh
        sync = getattr(self.content, "sync", None)  # a session's catalogue: a quick activity made since
        if callable(sync):
            sync(fresh.settings)
        if ended_now:  # views built while open would still take answers: build them again, read-only
            self._drop_views(keep=None)
        ids = list(self.content)
        screen = pacing.screen(fresh.settings, ids, session_open=fresh.is_open, requested=self.requested)
        if screen.kind == pacing.EXERCISE and screen.exercise not in self.content:
            screen = pacing.Screen(pacing.LOBBY)
        free = fresh.settings.get("self_paced") is True or not fresh.is_open
        if (screen != self.screen or free != self._free or ended_now or self._current_is_stale()
                or (screen.kind == pacing.CHOOSE and self._list_is_due(recount))):
            self._free = free
            self._show(screen)
        self._tick_current()

    def _tick_current(self) -> None:
        """Let the exercise on screen follow the session's settings (a pair talk's countdown), from
        this poll rather than a timer of its own."""
        screen = self.screen
        kept = self.views.get(screen.exercise) if screen is not None and screen.exercise else None
        tick = getattr(kept[0], "tick", None) if kept else None
        if callable(tick):
            try:
                tick(self.session.settings)
            except Exception:  # a countdown must not stop the page following the session
                log.exception("updating exercise %s failed", screen.exercise)

    def _list_is_due(self, recount: bool) -> bool:
        """Should the list of exercises be drawn again now (see :meth:`refresh`)?"""
        settings = self.session.settings
        return recount or settings != self._listed_settings or time.monotonic() - self._listed_at >= LIST_SECONDS

    def _current_is_stale(self) -> bool:
        """Does the view on screen ask to be built again (e.g. the quiz moved to its second run)?"""
        screen = self.screen
        kept = self.views.get(screen.exercise) if screen is not None and screen.exercise else None
        stale = getattr(kept[0], "is_stale", None) if kept else None
        return bool(callable(stale) and stale(self.session))

    def choose(self, exercise_id: str | None) -> None:
        """Self-paced: open ``exercise_id`` (None: back to the list)."""
        self.requested = exercise_id if exercise_id in self.content else None
        self.refresh()

    # -- screens ----------------------------------------------------------------------------------
    def _show(self, screen: pacing.Screen) -> None:
        previous = self.screen
        self.screen = screen
        if previous is not None and previous.kind == pacing.EXERCISE and previous.exercise != screen.exercise:
            self._flush(previous.exercise)
        free = self._free
        if screen.kind == pacing.EXERCISE:
            view = self._view(screen.exercise)
            body = [view]
            self.requested = screen.exercise  # stays on it if the room turns self-paced
            self.nav.children = [self.back] if free else []
            self._schedule_prebuild()
        elif screen.kind == pacing.PAUSED:
            self.paused.value = (f'<div class="mk-pause-box" role="status"><p class="mk-pause-label">Paused</p>'
                                 f"<h1>{escape(screen.message)}</h1>"
                                 '<p class="mk-muted">Your answers stay on this page.</p></div>')
            body, self.nav.children = [self.paused], []
            self._schedule_prebuild(AHEAD_IN_LOBBY)
        elif screen.kind == pacing.CHOOSE:
            self._fill_chooser()
            body, self.nav.children = [self.chooser], []
        else:
            name = self.participant.display_name
            you = f"You're in, {escape(name)}." if name else "You're in."
            self.lobby.value = (f'<div class="mk-lobby-box" role="status"><h1>{you}</h1>'
                                "<p>The facilitator will start soon. Keep this page open: the exercise "
                                "appears here by itself.</p></div>")
            body, self.nav.children = [self.lobby], []
            self._schedule_prebuild(AHEAD_IN_LOBBY)
        current = screen.exercise if screen.kind == pacing.EXERCISE else screen.kind
        self.marker.value = (f'<span class="mk-screen" data-screen="{escape(screen.kind)}" '
                             f'data-exercise="{escape(screen.exercise or "")}"></span>')
        if list(self.body.children) != body:
            self.body.children = body
        self.requests.set_active(self.session.is_open and not _pairs(self.content.get(screen.exercise or "")))
        self._wake_shown()
        self._mark(current)
        if self.bridge is not None:
            self.bridge.show_exercise(screen.exercise if screen.kind == pacing.EXERCISE and free else None)

    def _mark(self, current: str) -> None:
        """Tell the page (and tests, benchmarks) what is shown: ``mk-current-<id or screen>``."""
        wanted = f"mk-current-{current}"
        if wanted != self._shown_class:
            if self._shown_class:
                self.body.remove_class(self._shown_class)
            self.body.add_class(wanted)
            self._shown_class = wanted

    def _fill_chooser(self) -> None:
        settings = self.session.settings
        ids = list(self.content)
        if self.session.is_open:
            allowed = pacing.choices(settings, ids)
            heading = ("<h1>Exercises</h1><p>Choose an exercise when your facilitator asks you to. This page "
                       "remembers you: you will not need to join again.</p>")
        else:
            allowed = pacing.agenda(settings, ids)
            heading = ("<h1>This session has ended</h1>"
                       + message("Thank you for taking part! You can look back at your answers below; they can "
                                 "no longer be changed.", "warn"))
        if not allowed:
            heading += "<p>No exercise is open right now. Your facilitator will open one soon.</p>"
        entries = []
        for exercise_id in allowed:
            exercise = self.content[exercise_id]
            try:
                done = self.store.latest_response(self.participant.key, exercise_id) is not None
            except Exception:
                log.exception("reading a response failed")
                done = False
            entries.append((exercise_id, exercise.title, exercise.summary, "done" if done else "todo"))
        self.chooser.show(heading, entries)
        self._listed_settings, self._listed_at = dict(settings), time.monotonic()

    # -- exercise views, built once and kept ------------------------------------------------------
    def _view(self, exercise_id: str) -> widgets.Widget:
        kept = self.views.get(exercise_id)
        if kept is not None:
            view = kept[0]
            stale = getattr(view, "is_stale", None)
            if callable(stale) and stale(self.session):
                self._drop(exercise_id)
                kept = None
        if kept is None:
            kept = self._build(exercise_id)
        self.views.move_to_end(exercise_id)
        self._schedule_trim()
        return kept[0]

    def _wake_shown(self) -> None:
        """Let only the view on screen poll: kept views are hidden, and a hidden view's pairing or
        question list has nobody to update for (it refreshes at once when shown again)."""
        screen = self.screen
        shown = screen.exercise if screen is not None and screen.kind == pacing.EXERCISE else None
        for exercise_id, scope in self._scopes.items():
            scope.set_hidden(exercise_id != shown)

    def _build(self, exercise_id: str) -> tuple[widgets.Widget, set[str]]:
        made: set[str] = set()
        scope = poll.Scope()
        with recording(made):  # one message per widget (kit/ui/batch.py), and what to close with the view
            try:
                with poll.within(scope):
                    view = self.build_view(self.content[exercise_id], self.session, self.participant)
            except InputError as error:
                view = widgets.HTML(message(escape(str(error)), "error"))
            except Exception:  # one broken exercise must not take the page down
                log.exception("building exercise %s failed", exercise_id)
                view = widgets.HTML(message("This exercise could not be shown. Please tell your facilitator.",
                                            "error"))
        self.views[exercise_id] = (view, made)
        self._scopes[exercise_id] = scope
        self._wake_shown()
        return self.views[exercise_id]

    def _flush(self, exercise_id: str | None) -> None:
        kept = self.views.get(exercise_id) if exercise_id else None
        keeper = getattr(kept[0], "drafts", None) if kept else None
        if keeper is not None:
            keeper.flush()

    def _drop(self, exercise_id: str) -> None:
        self._flush(exercise_id)
        _view, made = self.views.pop(exercise_id)
        scope = self._scopes.pop(exercise_id, None)
        if scope is not None:
            scope.stop()  # closing the view stops its pollers too; a view that forgot must not poll on
        close_widgets(made)

    def _drop_views(self, keep: str | None) -> None:
        for exercise_id in [i for i in self.views if i != keep]:
            self._drop(exercise_id)

    def _trim(self, keep: str) -> None:
        while len(self.views) > KEEP_VIEWS:
            oldest = next(i for i in self.views if i != keep)
            self._drop(oldest)

    def _schedule_trim(self) -> None:
        """Close the views beyond :data:`KEEP_VIEWS` (the least recently shown) a moment after a switch,
        once the machine is calm; at once without a running event loop."""
        if len(self.views) <= KEEP_VIEWS or (self._trim_handle is not None and self._trim_handle.waiting):
            return
        if not (TRIM_LATER and in_event_loop()):
            self._trim_shown()
            return
        self._trim_handle = Later(self._trim_shown, TRIM_AFTER, latest=TRIM_LATEST)

    def _trim_shown(self) -> None:
        self._trim_handle = None
        screen = self.screen
        shown = screen.exercise if screen is not None and screen.kind == pacing.EXERCISE else None
        keep = shown if shown in self.views else next(reversed(self.views), None)
        if keep is not None:
            self._trim(keep=keep)

    def _schedule_prebuild(self, delay: tuple[float, float] = AHEAD_AFTER_SWITCH) -> None:
        """Build what the facilitator will likely present next a little later, at a random moment in
        ``delay`` once the machine is calm (:mod:`kit.ui.background`), so it never competes with
        pages of the room still building what was presented."""
        if not self.prebuild or self._prebuild_handle is not None:
            return
        if not in_event_loop():
            return
        self._prebuild_handle = Later(self._prebuild_next, delay)

    def _prebuild_next(self) -> None:
        """Build one exercise of :func:`~kit.logic.pacing.upcoming` that is not built yet (one per
        turn of the event loop, so the page keeps answering), then schedule the next."""
        self._prebuild_handle = None
        screen = self.screen
        if (screen is None or screen.kind not in (pacing.EXERCISE, pacing.LOBBY, pacing.PAUSED)
                or not self.session.is_open or self._free):
            return
        wanted = [i for i in pacing.upcoming(self.session.settings, list(self.content))
                  if i in self.content and i not in self.views]
        if not wanted:
            return
        try:
            self._build(wanted[0])
            keep = screen.exercise if screen.kind == pacing.EXERCISE else wanted[0]
            self._trim(keep=keep)
        except Exception:
            log.exception("building an exercise ahead failed")
            return
        if len(wanted) > 1:
            self._schedule_prebuild((0.2, 1.0))

    def close(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        self.requests.close()
        for handle in (self._prebuild_handle, self._trim_handle):
            if handle is not None:
                handle.cancel()
        self._drop_views(keep=None)
        super().close()

