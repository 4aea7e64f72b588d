"""One set of answers two partners fill in together (pairing mode ``shared``), e.g. a mentoring agreement.

The pairing box comes first; once a pair is accepted, the form shows the pair's latest version (whoever
saved it). Before that, and after the pair ended, each person sees only what they saved themselves. Every few seconds the view looks for a newer version: it is loaded by itself when this page has
no unsaved edits, otherwise the person is told and loads it with a button. A submit from a page that
is behind is refused (:mod:`kit.store.pair_document`), so nobody overwrites a newer version unseen.
Without a partner it works for one person alone.
"""

from __future__ import annotations

from html import escape
from typing import Any, Mapping

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.errors import InputError
from kit.logic.answers import clean_answers
from kit.store.pair_document import Conflict, Version, check_current, current_version, partner_label
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.batch import recording
from kit.ui.draft import DraftKeeper
from kit.ui.exercise import ExerciseView
from kit.ui.form import exercise_header
from kit.ui.pairing import PairingView
from kit.ui.parts import show
from kit.ui.poll import Poller
from kit.ui.style import message
from kit.ui.submission import save, when


class AgreementView(ExerciseView):
    """The participant's view of a ``shared`` exercise: pairing above, the pair's document below.

    ``poll_seconds`` is how often it looks for the partner and their saves (None: only when
    :meth:`refresh` is called, as tests do).
    """

    def __init__(self, store: Store, exercise: Exercise, session: SessionRecord, participant: ParticipantRecord,
                 *, poll_seconds: float | None = 3.0, content: Mapping[str, Exercise] | None = None):
        #: The version this page shows and will build on (None: nothing saved yet).
        self.version: Version | None = None
        # The page's answers as they were after the last load (normalised): anything else is an
        # unsaved edit, which a partner's save must not wipe.
        self._pristine: Any = None
        #: "A newer version was saved" and its "Load it" button, made the first time it is offered
        #: (None before: most pages never need it, and a room presenting the agreement builds less).
        self.newer: widgets.VBox | None = None
        self.notice: widgets.HTML | None = None
        self.load: widgets.Button | None = None
        super().__init__(store, exercise, session, participant, poll_seconds=poll_seconds, content=content)
        self.add_class("mk-agreement")
        self.submit.description = "Submit"
        self.submit.tooltip = "Save this version for both of you"
        assert self.pairing is not None
        self.pairing.on_partner(lambda _partner: self.refresh())
        self.poller = Poller(poll_seconds, self.refresh) if poll_seconds else None
        if self.poller is not None:
            self.poller.start()

    #: The pairing box above the document fills a phone's screen: the document's first item is enough
    #: at first, the rest comes a moment later (a room jumping to the agreement builds a third of it).
    FIRST_ITEMS = 1

    # -- layout ---------------------------------------------------------------------------------
    def _late_pairing(self, poll_seconds: float | None) -> PairingView:
        # Above the document, and what the document follows: built with the view.
        return self._make_pairing(poll_seconds)

    def _make_pairing(self, poll_seconds: float | None) -> PairingView:
        # This view's own poller refreshes the pairing too: one task per view.
        return PairingView(self.store, self.exercise, self.session, self.participant, poll_seconds=None,
                           parts=self.form.parts)

    def _children(self) -> list[widgets.Widget]:
        return [exercise_header(self.exercise, self.form.parts), self.pairing, self.note, self.form, self.hint,
                self.submit, self.status]

    # -- versions -------------------------------------------------------------------------------
    def _normalised(self) -> Any:
        try:
            return clean_answers(self.exercise, self.form.answers, require_all=False)
        except InputError:  # text too long and the like: certainly not what was loaded
            return None

    @property
    def has_unsaved_edits(self) -> bool:
        """Whether the page differs from the version it was loaded from (prefilled goals do not count)."""
        current = self._normalised()
        return current is None or current != self._pristine

    def _show(self, version: Version | None) -> None:
        """Put ``version`` on the page (None: an empty document), prefilled where the content says so."""
        self.version = version
        keeper, self.drafts = self.drafts, None  # loading a version is not typing: no draft from it
        self.form.restore(version.answers if version else {})
        self.drafts = keeper
        if version is not None and version.is_by(self.participant):
            self._submission_id = version.response.submission_id  # an unchanged resubmit stores nothing
        if self.session.is_open:
            self._prefill()
        self._pristine = self._normalised()
        if self.drafts is not None:  # a version loaded onto the page is not a draft of mine
            self.drafts.settle()
        self._hide_newer()
        if version is not None:
            self._offer_print(version.answers, version.response.created_at)
        elif self.printout is not None:
            self.printout.hide()
        self._update_submit()

    def _describe(self, version: Version | None) -> str:
        if version is None:
            return ""
        if version.is_by(self.participant):
            return (f"This is the version you saved at {version.saved_at()}. Change anything and submit again "
                    "to update it.")
        return (f"This is the version {escape(partner_label(version.author))} saved at {version.saved_at()}. "
                "Change anything and submit to update it for both of you.")

    def _restore(self) -> None:
        assert self.pairing is not None
        # The pairing box has just read the pairing: the document follows the partner it found.
        version = current_version(self.store, self.participant, self.exercise.id, self.pairing.partner)
        self._show(version)
        text = self._describe(version)
        if text:
            self.status.value = message(text, "ok")
        if self.session.is_open:
            # My own unsubmitted changes come back if nobody saved a version since (then that counts).
            self.drafts = DraftKeeper(self.store, self.participant.key, self.exercise.id, lambda: self.form.answers)
            latest = version.response if version is not None else None
            found = self.drafts.load(latest)
            if found is not None:
                self._put_back(*found)
            self.drafts.settle()
            loaded = self.version
            self.drafts.look_again(latest, found[1] if found else None,
                                   lambda answers, saved_at: self._late_draft(loaded, answers, saved_at))
        self._lock_if_closed(version is not None)

    def _put_back(self, answers, saved_at) -> None:
        self.form.restore(answers)
        self.status.value = message(
            f"Your changes from {saved_at.astimezone().strftime('%H:%M')} are back. They are not submitted "
            "yet: your partner sees them once you press Submit.", "warn")

    def _late_draft(self, loaded: Version | None, answers, saved_at) -> None:
        """A newer draft of mine arrived after this view was built (a reload's old kernel saved it as
        it exited): show it, if the view is still there, the session open and no newer version loaded."""
        if self.comm is None or not self.session.is_open or self.drafts is None or self.version is not loaded:
            return
        self._put_back(answers, saved_at)
        self.drafts.settle()
        self._update_submit()

    def refresh(self) -> None:
        """Look for the partner and for a newer version: load it when this page has no unsaved edits,
        otherwise offer it with "Load it"."""
        assert self.pairing is not None
        self.pairing.refresh()
        latest = current_version(self.store, self.participant, self.exercise.id, self.pairing.partner)
        if (latest.token if latest else None) == (self.version.token if self.version else None):
            return
        if latest is None:
            # The pair ended and I never saved: my partner's version is theirs again, so it leaves my
            # page unless I changed it (then what is on the page is my own unsaved edit).
            if not self.has_unsaved_edits:
                self._show(None)
                self.status.value = ""
            return
        if not self.has_unsaved_edits:
            older = self.version is not None and latest.response.created_at < self.version.response.created_at
            self._show(latest)
            if older:  # the pair ended: back to my own version
                self.status.value = message(self._describe(latest), "ok")
                return
            who = "You" if latest.is_by(self.participant) else escape(partner_label(latest.author))
            self.status.value = message(f"{who} saved a newer version at {latest.saved_at()}; it is shown above.",
                                        "ok")
            return
        self._offer(latest)

    def _offer(self, latest: Version) -> None:
        who = "You" if latest.is_by(self.participant) else escape(partner_label(latest.author))
        text = message(
            f"{who} saved a newer version at {latest.saved_at()}. Load it to see it: your unsaved changes on this "
            "page will be replaced, so note anything you want to keep.", "warn")
        if self.newer is None:
            with recording(self._later):
                parts = self.form.parts
                self.notice = parts.html(text)
                self.load = widgets.Button(description="Load it", button_style="warning",
                                           tooltip="Show the newer version (your unsaved changes on this page are "
                                                   "replaced)", layout=parts.layout(),
                                           style=parts.style(widgets.ButtonStyle))
                self.load.add_class("mk-load-newer")
                self.load.on_click(self._load_latest)
                self.newer = parts.box([self.notice, self.load])
                self.newer.add_class("mk-newer")
            self._insert_after(self.pairing, self.newer)  # above the document, where the person reads
        else:
            self.notice.value = text
            show(self.newer, True)

    def _hide_newer(self) -> None:
        if self.newer is not None:
            show(self.newer, False)

    def _load_latest(self, _=None) -> None:
        latest = current_version(self.store, self.participant, self.exercise.id)
        self._show(latest)
        text = self._describe(latest)
        self.status.value = message(text, "ok") if text else ""

    # -- submit ---------------------------------------------------------------------------------
    def _save(self) -> None:
        """Store the pair's answers, unless the partner saved a newer version this page has not shown."""
        try:
            check_current(self.store, self.participant, self.exercise.id,
                          self.version.token if self.version else None)
        except Conflict as conflict:
            self.status.value = message(escape(str(conflict)), "error")
            if conflict.latest is not None:
                self._offer(conflict.latest)
            return
        self.status.value, result = save(self.store, self.exercise, self.session, self.participant,
                                         self.form.answers, self._submission_id)
        if result is None:
            return
        saved = Version(result.response, self.participant)
        latest = current_version(self.store, self.participant, self.exercise.id)
        if latest is not None and latest.token != saved.token:
            # The store keeps no second copy of answers equal to my own latest revision, so
            # going back to exactly what I saved earlier, after my partner saved, stores nothing.
            self.status.value = message(
                f"Nothing new was stored: these answers are the same as the version you saved at "
                f"{when(result.response)}, and {escape(partner_label(latest.author))}'s version from "
                f"{latest.saved_at()} still counts. Change something and submit again to replace it.", "warn")
            return
        self.version = saved
        if self.drafts is not None:
            self.drafts.clear()
        self._pristine = self._normalised()
        self._hide_newer()
        self._offer_print(saved.answers, saved.response.created_at)

    def close(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        super().close()
