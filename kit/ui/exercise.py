"""One exercise for one participant: the form, Submit, the confirmation, pairing if the exercise has
it, and a printable page if it has ``printable``. Stored answers come back when the page is reloaded.

:class:`ExerciseView` is also the base of :class:`kit.ui.agreement.AgreementView` (answers a pair
fills in together), which changes where answers come from and how a submit is checked.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from html import escape
from typing import Any, Mapping
from urllib.parse import quote

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.kinds.goal import latest_goals
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.background import Later, in_event_loop
from kit.ui.batch import close_widgets, recording
from kit.ui.browser import BrowserBridge
from kit.ui.draft import DraftKeeper
from kit.ui.form import Form, exercise_header
from kit.ui.home import exercise_list_html
from kit.ui.pairing import PairingView
from kit.ui.printable import file_name, printable_html
from kit.ui.style import message
from kit.ui.submission import ended_message, save, submit_once, when

#: Whether a pair exercise builds its pairing box after the answers (in a kernel), rather than with them.
PAIRING_LATER = True
#: Seconds (a random moment in this range, once the machine is calm) before a pair exercise adds its
#: pairing box, and the most it waits on a busy machine.
PAIRING_AFTER = (0.5, 1.5)
PAIRING_LATEST = 6.0


def prefill(form: Form, store: Store, participant: ParticipantRecord,
            content: Mapping[str, Exercise] | None = None) -> str:
    """Fill every empty group that has a ``prefill`` from the participant's latest goals in the named
    exercise (each goal's latest wording starts one entry). Returns a note to show ("" when nothing
    was filled), so people know where the text came from and that it is theirs to change."""
    sources = []
    for item in form.exercise.items:  # an item still to be built shows what was filled in once it is
        if item.prefill is None or not form.is_empty(item.id):
            continue
        if item.prefill.field not in {f.id for f in item.fields}:
            continue
        response = store.latest_response(participant.key, item.prefill.exercise)
        texts = latest_goals(response.answers.get(item.prefill.item) if response else None)[:item.max_entries]
        if not texts:
            continue
        form.fill(item.id, [{item.prefill.field: text} for text in texts])
        source = (content or {}).get(item.prefill.exercise)
        sources.append(source.title if source is not None else item.prefill.exercise.replace("_", " "))
    if not sources:
        return ""
    names = " and ".join(f"\u201c{escape(name)}\u201d" for name in dict.fromkeys(sources))
    return f"Filled in from your goals in {names}; edit freely."


class PrintPanel(widgets.VBox):
    """ "Print or save as PDF" for an exercise with ``printable``: a link that opens the document in a
    new tab (from a blob URL the page makes) and a link that downloads it as an HTML file.

    Why links and not a Print button: a tap on a real link is a user gesture, so it works on phones
    where a ``window.open``/``print()`` sent later from the kernel is blocked or ignored, and the new
    tab shows the whole document, which the browser's own Print (or Share, Print on a phone) turns
    into paper or a PDF. The download link needs no JavaScript at all, as a fallback.
    """

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.links = widgets.HTML()
        self.bridge = BrowserBridge()
        self.anchor_id = f"mk-print-{uuid.uuid4().hex[:12]}"
        #: The document currently offered ("" before there is one), for tests.
        self.document = ""
        super().__init__([self.links, self.bridge])
        self.add_class("mk-print")
        self.layout.display = "none"

    def show(self, answers: Mapping[str, Any], saved: datetime | None) -> None:
        """Offer the document for ``answers`` (saved at ``saved``)."""
        document = printable_html(self.exercise, answers, saved=saved)
        if document == self.document:
            return
        self.document = document
        name = escape(file_name(self.exercise))
        data_url = "data:text/html;charset=utf-8," + quote(document)
        self.links.value = (
            '<p class="mk-print-links">'
            f'<a id="{self.anchor_id}" class="mk-print-open" target="_blank" rel="noopener" aria-disabled="true">'
            "Print or save as PDF</a> "
            f'<a class="mk-print-download" download="{name}" href="{escape(data_url)}">Download ({name})</a></p>'
            '<p class="mk-muted mk-hint">Opens the page in a new tab: print it from there, or choose '
            '"Save as PDF" as the printer. On a phone: browser menu, Share, Print.</p>'
        )
        self.bridge.offer_document(self.anchor_id, document)
        self.layout.display = None

    def hide(self) -> None:
        """Nothing saved yet: nothing to print."""
        self.layout.display = "none"



class ExerciseView(widgets.VBox):
    """The participant's view of ``exercise``."""

    #: Items of the form built with the view where the rest can come later (None: the form's default).
    FIRST_ITEMS: int | None = None

    def __init__(self, store: Store, exercise: Exercise, session: SessionRecord, participant: ParticipantRecord,
                 *, poll_seconds: float | None = 3.0, content: Mapping[str, Exercise] | None = None):
        self.store, self.exercise, self.session, self.participant = store, exercise, session, participant
        self.content = content or {exercise.id: exercise}
        #: Model ids of the parts added after the view was built (closed with it: :meth:`close`).
        self._later: set[str] = set()
        self.form = Form(exercise, first=self.FIRST_ITEMS)
        parts = self.form.parts  # layouts and styles shared with the form's inputs
        self.submit = widgets.Button(description="Submit answers", button_style="primary",
                                     tooltip="Save your answers", layout=parts.layout(),
                                     style=parts.style(widgets.ButtonStyle))
        self.submit.add_class("mk-submit")
        self.hint = parts.html()
        self.status = parts.html()
        self.status.add_class("mk-submit-status")
        self._submission_id = uuid.uuid4().hex
        self._busy = False
        #: Where prefilled answers came from ("Filled in from your goals in ...").
        self.note = parts.html()
        self.note.add_class("mk-prefill-note")
        #: "Print or save as PDF", made when there is something to print (None before, and always for an
        #: exercise without ``printable``): see :meth:`_offer_print`.
        self.printout: PrintPanel | None = None
        #: Where the pairing box goes: below the answers, so it is built a moment after them (see
        #: :meth:`_late_pairing`); None for an exercise without pairing.
        self.pairing_slot: widgets.Box | None = None
        self.pairing: PairingView | None = self._late_pairing(poll_seconds)
        #: Keeps unsubmitted answers in the store (set once the stored answers are on the form).
        self.drafts: DraftKeeper | None = None
        super().__init__(self._children(), layout=parts.layout())
        self.add_class("mk-exercise")
        self.form.on_change(self._changed)
        self.submit.on_click(self._submit)
        self._restore()
        self._update_submit()
        self.form.tick(session.settings)

    def tick(self, settings: Mapping[str, Any]) -> None:
        """Redraw what follows the session's settings (a pair talk's countdown); the room calls this
        from its poll."""
        self.form.tick(settings)

    def _make_pairing(self, poll_seconds: float | None) -> PairingView | None:
        if self.exercise.pairing is not None and self.exercise.pairing.enabled:
            return PairingView(self.store, self.exercise, self.session, self.participant, poll_seconds=poll_seconds,
                               parts=self.form.parts)
        return None

    def _late_pairing(self, poll_seconds: float | None) -> PairingView | None:
        """The pairing box, below the answers: built with the view where no event loop runs (tests,
        scripts), else a moment later once the machine is calm (:mod:`kit.ui.background`), so a room
        jumping to a pair exercise first builds what people answer (the box is a third of the view)."""
        if self.exercise.pairing is None or not self.exercise.pairing.enabled:
            return None
        self.pairing_slot = self.form.parts.box([])
        if not (PAIRING_LATER and in_event_loop()):
            pairing = self._make_pairing(poll_seconds)
            self.pairing_slot.children = [pairing]
            return pairing
        self._pairing_later = Later(lambda: self._add_pairing(poll_seconds), PAIRING_AFTER, latest=PAIRING_LATEST)
        return None

    def _add_pairing(self, poll_seconds: float | None) -> None:
        if self.comm is None or self.pairing is not None or self.pairing_slot is None:  # closed meanwhile
            return
        with recording(self._later):
            self.pairing = self._make_pairing(poll_seconds)
        if self.pairing is not None:
            self.pairing_slot.children = [self.pairing]

    def close(self) -> None:
        later = getattr(self, "_pairing_later", None)
        if later is not None:
            later.cancel()
        if self.drafts is not None:
            self.drafts.close()
        if self.pairing is not None:
            self.pairing.close()  # its poller stops even where no room closes what the view was made of
        close_widgets(self._later)  # made after the view: not among the widgets the room recorded
        super().close()

    def _children(self) -> list[widgets.Widget]:
        children = [exercise_header(self.exercise, self.form.parts), self.note, self.form, self.hint, self.submit, self.status]
        if self.pairing_slot is not None:
            children.append(self.pairing_slot)
        elif self.pairing is not None:
            children.append(self.pairing)
        return children

    def _offer_print(self, answers: Mapping[str, Any], saved: datetime | None) -> None:
        """Offer ``answers`` (saved at ``saved``) to print, if the exercise has ``printable``. The panel is
        made the first time, below the confirmation: a view with nothing saved yet has none (a room
        presenting such an exercise builds fewer widgets)."""
        if self.exercise.printable is None:
            return
        if self.printout is None:
            with recording(self._later):
                self.printout = PrintPanel(self.exercise)
            self._insert_after(self.status, self.printout)
        self.printout.show(answers, saved)

    def _insert_after(self, anchor: widgets.Widget, widget: widgets.Widget) -> None:
        """Put ``widget`` (a part made after the view was built) right below ``anchor``."""
        children = list(self.children)
        children.insert(children.index(anchor) + 1, widget)
        self.children = children

    def _prefill(self) -> None:
        text = prefill(self.form, self.store, self.participant, self.content)
        self.note.value = f'<p class="mk-muted mk-hint" role="status">{text}</p>' if text else ""

    def _restore(self) -> None:
        latest = self.store.latest_response(self.participant.key, self.exercise.id)
        if latest is not None:
            self.form.restore(latest.answers)
            self._submission_id = latest.submission_id
            self.status.value = message(
                f"These are the answers you submitted at {when(latest)}. Change any and submit again to update them.",
                "ok")
            self._offer_print(latest.answers, latest.created_at)
        elif self.session.is_open:  # answers saved before are what they chose, empty groups included
            self._prefill()
        if self.session.is_open:
            self._restore_draft(latest)
        self._lock_if_closed(latest is not None)

    def _restore_draft(self, latest) -> None:
        """Put back what was typed after the last submit (or before any), and keep it from now on."""
        self.drafts = DraftKeeper(self.store, self.participant.key, self.exercise.id, lambda: self.form.answers)
        found = self.drafts.load(latest)
        if found is not None:
            self._put_back(latest, *found)
        self.drafts.settle()
        self.drafts.look_again(latest, found[1] if found else None,
                               lambda answers, saved_at: self._late_draft(latest, answers, saved_at))

    def _put_back(self, latest, answers: Mapping[str, Any], saved_at) -> None:
        self.form.restore(answers)
        at = saved_at.astimezone().strftime("%H:%M")
        if latest is not None:
            self.status.value = message(
                f"You changed these answers after submitting them at {when(latest)}. Your changes (kept at {at}) "
                "are not submitted yet: press Submit to save them.", "warn")
        else:
            self.note.value = (f'<p class="mk-muted mk-hint mk-draft-note" role="status">What you typed at {at} '
                               "is back. It is not submitted yet.</p>")

    def _late_draft(self, latest, answers: Mapping[str, Any], saved_at) -> None:
        """A newer draft arrived after this view was built (the reload's old kernel saved it as it
        exited): show it, if the view is still there and the session open."""
        if self.comm is None or not self.session.is_open or self.drafts is None:
            return
        self._put_back(latest, answers, saved_at)
        self.drafts.settle()
        self._update_submit()


    def _lock_if_closed(self, anything_stored: bool = True) -> None:
        if not self.session.is_open:
            self.form.set_disabled(True)
            self.status.value = ended_message(anything_stored)

    def _changed(self) -> None:
        # New answers get a new submission id; the same answers keep it, so a double click saves once.
        self._submission_id = uuid.uuid4().hex
        if self.drafts is not None:
            self.drafts.changed()
        self._update_submit()

    def _update_submit(self) -> None:
        missing = self.form.missing()
        closed = not self.session.is_open
        self.submit.disabled = bool(missing) or closed or self._busy
        if closed:
            self.hint.value = ""
        elif missing:
            n = len(missing)
            self.hint.value = (f'<p class="mk-muted mk-hint">Answer every question to submit '
                               f"({n} still open).</p>")
        else:
            self.hint.value = '<p class="mk-muted mk-hint">All answered. Press Submit to save.</p>'

    def _submit(self, _=None) -> None:
        submit_once(self, self._save)

    def _save(self) -> None:
        """Store the form's answers and show what happened (one Submit press)."""
        self.status.value, result = save(self.store, self.exercise, self.session, self.participant,
                                         self.form.answers, self._submission_id)
        if result is not None and self.drafts is not None:
            self.drafts.clear()
        if result is not None and self.pairing is not None:
            self.pairing.refresh()
        if result is not None:
            self._offer_print(result.response.answers, result.response.created_at)


class NotOpenView(widgets.VBox):
    """Shown instead of an exercise the facilitator has not opened: says so and lists what is open."""

    def __init__(self, store: Store, content: Mapping[str, Exercise], exercise: Exercise, session: SessionRecord,
                 participant: ParticipantRecord):
        super().__init__([
            widgets.HTML(f"<h1>{escape(exercise.title)}</h1>"),
            widgets.HTML(message("This exercise is not open right now. Your facilitator will open it when it is "
                                 "time; the exercises below are the ones you can do now.", "warn")),
            widgets.HTML(exercise_list_html(store, content, session, participant, current=exercise.id)),
        ])
        self.add_class("mk-not-open")
