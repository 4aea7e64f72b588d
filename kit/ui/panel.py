"""One exercise's live panel in the facilitator console: counts, Reveal, and its sections.

A panel never lets an error escape: a broken section shows its error in the panel and the other
panels keep updating.
"""

from __future__ import annotations

import json
import logging
from html import escape
from typing import Callable

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.logic.aggregate import gate
from kit.logic.visibility import is_open, is_revealed
from kit.store import SessionRecord, Store
from kit.ui.sections import Snapshot, sections_for
from kit.ui.style import message, paragraphs_html

log = logging.getLogger(__name__)


def facilitator_note_html(exercise: Exercise) -> str:
    """The exercise's facilitator note (how to run it, timing, what to discuss) folded under a summary
    line, with its source; escaped. The projector view hides it (see kit.ui.style)."""
    if not exercise.facilitator_note:
        return ""
    minutes = f" · about {exercise.duration_minutes} minutes" if exercise.duration_minutes else ""
    paragraphs = paragraphs_html(exercise.facilitator_note)
    return (f'<details class="mk-facilitator-note"><summary>How to run it{minutes}</summary>{paragraphs}'
            f'<p class="mk-source">{escape(exercise.source.attribution)}</p></details>')


def instructions_html(exercise: Exercise) -> str:
    """The exercise's instructions to participants, one paragraph per blank-line-separated block,
    escaped (the projector shows them in large type)."""
    return paragraphs_html(exercise.instructions)


class ExercisePanel(widgets.VBox):
    """Counts always; the charts only once revealed and only for at least k respondents."""

    def __init__(self, store: Store, exercise: Exercise, on_reveal: Callable[[str, bool], None]):
        self.store, self.exercise, self.on_reveal = store, exercise, on_reveal
        self.title = widgets.HTML(f"<h2>{escape(exercise.title)}</h2>")
        self.note = widgets.HTML(facilitator_note_html(exercise))
        # Shown in the projector view only: the room reads what to do while the facilitator talks.
        self.instructions = widgets.HTML(instructions_html(exercise), layout=widgets.Layout(display="none"))
        self.instructions.add_class("mk-instructions")
        self.counts = widgets.HTML()
        self.counts.add_class("mk-counts")
        self.reveal = widgets.ToggleButton(value=False, description="Reveal results", icon="eye",
                                           tooltip="Show the group's results to the room")
        self.reveal.add_class("mk-reveal")
        self.reveal.observe(self._toggled, names="value")
        self.notice = widgets.HTML()
        self.sections = sections_for(exercise)
        self.body = widgets.VBox([s.widget for s in self.sections])
        # What a section shows whatever the reveal and the k rule say (a pair talk's countdown).
        self.live = widgets.VBox([s.live for s in self.sections if s.live is not None])
        super().__init__([self.title, self.instructions, self.note, self.counts, self.live, self.reveal, self.notice,
                          self.body])
        self.add_class("mk-panel")
        self.add_class(f"mk-panel-{exercise.id}")
        self._fingerprint: tuple | None = None
        self._syncing = False

    def _toggled(self, change) -> None:
        if not self._syncing:
            self.on_reveal(self.exercise.id, bool(change["new"]))

    def _sync_reveal(self, revealed: bool) -> None:
        self._syncing = True
        try:
            self.reveal.value = revealed
            self.reveal.description = "Hide results" if revealed else "Reveal results"
            self.reveal.icon = "eye-slash" if revealed else "eye"
        finally:
            self._syncing = False

    def refresh(self, session: SessionRecord, joined: int, *, large: bool = False, force: bool = False) -> None:
        """Re-read this exercise's latest answers and redraw what changed; errors stay in this panel."""
        try:
            self._refresh(session, joined, large=large, force=force)
        except Exception as error:  # one broken exercise must not stop the console
            log.exception("panel %s failed", self.exercise.id)
            self._fingerprint = None
            self.notice.value = message(escape(f"This panel could not update: {type(error).__name__}: {error}"),
                                        "error")

    def _refresh(self, session: SessionRecord, joined: int, *, large: bool, force: bool) -> None:
        run = max((type(section).run(session.settings, self.exercise) for section in self.sections), default=1)
        answers = self.store.latest_answers(session.code, self.exercise.id, run=run)
        extra: dict = {}
        for section in self.sections:
            section.projector(large)
            section.connect(self.store, session.code)
            hook = getattr(type(section), "extra", None)
            if callable(hook):
                extra.update(hook(self.store, session.code, self.exercise) or {})
        revealed = is_revealed(session.settings, self.exercise.id)
        g = gate(len(answers), session.k_threshold)
        state = "open to participants" if is_open(session.settings, self.exercise.id) else "not open"
        which = f" (run {run})" if run > 1 else ""
        self.instructions.layout.display = None if large else "none"
        if large:  # the room's view: progress only, in the order people read it
            self.counts.value = (f'<p class="mk-count-line"><b data-answered="{len(answers)}">{len(answers)}</b> '
                                 f'answered{which} of <b data-joined="{joined}">{joined}</b> joined</p>')
        else:
            self.counts.value = (f'<p class="mk-count-line"><b data-joined="{joined}">{joined}</b> joined · '
                                 f'<b data-answered="{len(answers)}">{len(answers)}</b> answered{which} · {state}</p>')
        self._sync_reveal(revealed)
        # Each section's gate: the k rule on answers, or the room's own rule for a section whose
        # answers the phones already show (the Q&A list), drawn whenever the room sees it.
        gates = [type(section).room_gate(joined, session.k_threshold) for section in self.sections]
        shown = [(room.visible and (revealed or not large)) if room is not None else (revealed and g.visible)
                 for room in gates]
        fingerprint = (session.code, revealed, g.visible, large, tuple(shown),
                       json.dumps(sorted(json.dumps(a, sort_keys=True) for a in answers)),
                       json.dumps(extra, sort_keys=True, default=str))
        if fingerprint == self._fingerprint and not force:
            return
        self._fingerprint = fingerprint
        held = [room or g for room, drawn in zip(gates, shown) if not drawn]
        if not revealed and any(room is None or large for room in gates):
            self.notice.value = message("Results are hidden: answers keep arriving. Press <b>Reveal results</b> "
                                        "when you want the room to see them.", "warn")
        elif held:
            self.notice.value = message(escape(held[0].message), "warn")
        else:
            self.notice.value = ""
        for section, room, drawn in zip(self.sections, gates, shown):
            section.widget.layout.display = None if drawn else "none"
            if drawn:
                snapshot = Snapshot(exercise=self.exercise, joined=joined, answers=answers, gate=room or g,
                                    extra=extra)
                section.update(snapshot, large=large)
        self.body.layout.display = None if any(shown) else "none"
