"""Goals for one participant: up to three goal cards, each with live feedback on its wording, the check
list (Yes / No and a note per question), a Rewrite that keeps every version, and a plain-text copy for
the mentoring agreement.

The feedback is computed on every change of a goal's text (the textarea sends each keystroke):
``kit.logic.smart.analyze_goal`` takes well under a millisecond for a typical goal and a few milliseconds for
the longest one, so no debounce is needed; the page's own round trip is the slower part. One submit
stores every goal as one response; a later submit is a new revision, as for every exercise.
"""

from __future__ import annotations

import uuid
from html import escape
from typing import Any, Callable, Mapping
from urllib.parse import quote

import ipywidgets as widgets

from kit.content.model import Exercise, Item
from kit.kinds.goal import GOAL_MAX_VERSIONS, GOAL_NOTE_LENGTH, latest_wording
from kit.logic.smart import COMPONENTS, LABELS, analyze_goal, tick_hint, ticked_yes
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.draft import DraftKeeper
from kit.ui.form import exercise_header
from kit.ui.parts import Parts
from kit.ui.progressive import Stages
from kit.ui.style import message
from kit.ui.submission import ended_message, save, submit_once, when
from kit.ui.sync import on_press


YES_NO = (("Yes", "yes"), ("No", "no"))
#: Components of a card's check list built with the card (the rest follow, :mod:`kit.ui.progressive`):
#: none, as the goal's box and its feedback fill a phone's screen.
FIRST_COMPONENTS = 0


def feedback_html(text: str) -> str:
    """The analysis of ``text`` as a list, one line per component (escaped; words, not only colours)."""
    if not text.strip():
        return '<p class="mk-muted">Start typing: the kit will say what it notices in your goal.</p>'
    analysis = analyze_goal(text)
    parts = []
    if analysis.message:
        parts.append(message(escape(analysis.message), "warn"))
    rows = []
    for component in COMPONENTS:
        finding = analysis[component]
        state = "Shows it" if finding.met else "Not yet"
        rows.append(f'<li class="mk-fb-{"met" if finding.met else "open"}" data-component="{component}" '
                    f'data-met="{str(finding.met).lower()}"><b>{escape(LABELS[component])}: {state}.</b> '
                    f"{escape(finding.reason)}{(' ' + escape(finding.tip)) if finding.tip else ''}</li>")
    parts.append('<ul class="mk-feedback" aria-label="What the kit notices in this goal">' + "".join(rows) + "</ul>")
    return "".join(parts)


class GoalCard(widgets.VBox):
    """One goal: its text, live feedback, Rewrite with the history, the check list and Share."""

    def __init__(self, item: Item, number: int, on_change: Callable[[], None], parts: Parts | None = None):
        self.item, self.number, self._on_change = item, number, on_change
        self.versions: list[str] = []  # frozen earlier versions, oldest first
        # Nothing in a card changes its layout or style: one model each, shared with its view's.
        parts = parts if parts is not None else Parts()
        self.heading = parts.html(f"<h2>Goal {number}</h2>")
        self.history = parts.html()
        self.history.add_class("mk-goal-history")
        self.text = widgets.Textarea(
            value="", description=f"Goal {number}, in your own words",
            placeholder="e.g. Present my audit results at the unit meeting by 30 April",
            continuous_update=True, **parts.labelled(widgets.widget_string.TextStyle))
        self.text.add_class("mk-goal-text")
        self.limit = parts.html(f'<span class="mk-muted">Up to {item.max_length} characters.</span>')
        self.feedback = parts.html(feedback_html(""))
        self.feedback.add_class("mk-goal-feedback")
        self.rewrite = widgets.Button(description="Rewrite", icon="pencil",
                                      tooltip="Keep this version and write a better one", disabled=True,
                                      layout=parts.layout(), style=parts.style(widgets.ButtonStyle))
        self.rewrite.add_class("mk-rewrite")
        self.rewrite_status = parts.html()
        #: The check list's questions built so far (their answer and note), by question id; its
        #: components come a moment after the card (:data:`FIRST_COMPONENTS`): the goal's box and its
        #: feedback fill a phone's screen, and the check list is two thirds of a card's models.
        self.checks: dict[str, tuple[widgets.RadioButtons, widgets.Text]] = {}
        self.hints: dict[str, widgets.HTML] = {}
        #: Answers and notes restored for questions not built yet: still part of the goal.
        self._unbuilt: dict[str, tuple[str | None, str]] = {}
        self._disabled = False
        self._parts = parts
        self.checklist = parts.box([parts.html(
            "<h3>The check list</h3><p class=\"mk-muted\">Answer each question for this goal; a note is optional.</p>")])
        self._built = 0  # components of ``item.checklist`` built
        self.stages = Stages(self, lambda: len(item.checklist) - self._built, self._add_components)
        self._add_components(self.stages.first_count(len(item.checklist), FIRST_COMPONENTS))
        self.shared = widgets.Checkbox(value=False, description="Share this goal with the group (shown without "
                                                                "your name)", indent=False,
                                     layout=parts.layout(), style=parts.style(widgets.widget_bool.CheckboxStyle))
        self.shared.add_class("mk-goal-share")
        self.shared.observe(self._changed_other, names="value")
        children = [self.heading, self.history, self.text, self.limit, self.feedback, self.rewrite,
                    self.rewrite_status, self.checklist]
        if item.shareable:
            children.append(self.shared)
        super().__init__(children, layout=parts.layout())
        self.add_class("mk-goal-card")
        self.add_class(f"mk-goal-{number}")
        self.text.observe(self._changed_text, names="value")
        on_press(self.rewrite, self._rewrite)
        self.stages.schedule()

    def _add_components(self, count: int) -> None:
        """Build the next ``count`` components of the check list, each question as it was left."""
        parts, new = self._parts, []
        for component in self.item.checklist[self._built:self._built + count]:
            rows: list[widgets.Widget] = [parts.html(
                f"<h3>{escape(component.label)}</h3>"
                + (f'<p class="mk-muted">{escape(component.explanation)}</p>' if component.explanation else ""))]
            for index, question in enumerate(component.questions, start=1):
                answer, text = self._unbuilt.pop(question.id, (None, ""))
                choice = widgets.RadioButtons(options=YES_NO, value=answer, description=question.text,
                                              disabled=self._disabled, **parts.labelled())
                choice.add_class("mk-choice")
                choice.add_class(f"mk-q-{question.id}")
                note = widgets.Text(value=text, description=f"Note on {component.label} question {index}",
                                    placeholder="Optional note", disabled=self._disabled,
                                    **parts.labelled(widgets.widget_string.TextStyle))
                note.add_class("mk-goal-note")
                choice.observe(self._changed_checks, names="value")
                note.observe(self._changed_other, names="value")
                self.checks[question.id] = (choice, note)
                rows += [choice, note]
            hint = parts.html()
            hint.add_class("mk-tick-hint-box")
            self.hints[component.id] = hint
            rows.append(hint)
            box = parts.box(rows)
            box.add_class("mk-goal-component")
            box.add_class(f"mk-component-{component.id}")
            new.append(box)
            self._built += 1
        if new:
            self.checklist.children = (*self.checklist.children, *new)
            self._refresh_hints()

    def close(self) -> None:
        """Close the card, with the check list's components added after it was built."""
        self.stages.close()
        super().close()

    # -- values -----------------------------------------------------------------------------------
    @property
    def current(self) -> str:
        """The goal as it stands in the box now."""
        return self.text.value.strip()

    def all_versions(self) -> list[str]:
        """Every version in order, the one in the box last (unless it repeats the last frozen one)."""
        versions = list(self.versions)
        if self.current and (not versions or versions[-1] != self.current):
            versions.append(self.current)
        return versions

    def check_values(self) -> dict[str, tuple[str | None, str]]:
        """Every question's (answer, note), built or not, in the check list's order."""
        values = {question_id: (choice.value, note.value) for question_id, (choice, note) in self.checks.items()}
        values.update(self._unbuilt)
        return {q.id: values.get(q.id, (None, "")) for c in self.item.checklist for q in c.questions}

    def has_checks(self) -> bool:
        return any(answer is not None or note.strip() for answer, note in self.check_values().values())

    def value(self) -> dict[str, Any] | None:
        """The goal as stored, or None while it has no text."""
        versions = self.all_versions()
        if not versions:
            return None
        checks = {}
        for question_id, (answer, note) in self.check_values().items():
            entry = {key: val for key, val in (("answer", answer), ("note", note.strip())) if val}
            if entry:
                checks[question_id] = entry
        return {"versions": versions, "checks": checks, "shared": bool(self.shared.value and self.item.shareable)}

    def restore(self, goal: Mapping[str, Any]) -> None:
        """Show a stored goal: the earlier versions as history, the latest in the box, ticks and notes."""
        versions = [v for v in goal.get("versions", []) if isinstance(v, str)]
        self.versions = versions[:-1]
        self.text.value = versions[-1] if versions else ""
        checks = goal.get("checks") or {}
        for component in self.item.checklist:
            for question in component.questions:
                entry = checks.get(question.id) or {}
                answer = entry.get("answer") if entry.get("answer") in ("yes", "no") else None
                note = entry.get("note", "") if isinstance(entry.get("note", ""), str) else ""
                if question.id in self.checks:
                    choice, box = self.checks[question.id]
                    choice.value, box.value = answer, note
                else:
                    self._unbuilt[question.id] = (answer, note)
        self.shared.value = bool(goal.get("shared")) and self.item.shareable
        self._refresh()

    def set_disabled(self, disabled: bool) -> None:
        self._disabled = disabled  # the check list's later components are built the same way
        self.text.disabled = self.shared.disabled = disabled
        for choice, note in self.checks.values():
            choice.disabled = note.disabled = disabled
        self.rewrite.disabled = disabled or not self._can_rewrite()

    # -- behaviour --------------------------------------------------------------------------------
    def _can_rewrite(self) -> bool:
        return bool(self.current) and (not self.versions or self.versions[-1] != self.current) \
            and len(self.versions) < GOAL_MAX_VERSIONS - 1

    def _rewrite(self, _=None) -> None:
        if not self._can_rewrite() or self.text.disabled:
            return
        self.versions.append(self.current)
        self.rewrite_status.value = message(
            f"Version {len(self.versions)} is kept below. Edit the goal above to write version "
            f"{len(self.versions) + 1}.", "ok")
        self._refresh()
        self._on_change()

    def _changed_text(self, _change: Any) -> None:
        self.rewrite_status.value = ""
        self._refresh()
        self._on_change()

    def _changed_checks(self, _change: Any) -> None:
        self._refresh_hints()
        self._on_change()

    def _changed_other(self, _change: Any) -> None:
        self._on_change()

    def _refresh(self) -> None:
        self.feedback.value = feedback_html(self.text.value)
        self.rewrite.disabled = self.text.disabled or not self._can_rewrite()
        if self.versions:
            rows = "".join(f"<li>{escape(v)} <span class=\"mk-muted\">(shows {analyze_goal(v).score} of 5)</span></li>"
                           for v in self.versions)
            self.history.value = (f'<details open><summary>Earlier versions of goal {self.number} '
                                  f"({len(self.versions)})</summary><ol>{rows}</ol></details>")
        else:
            self.history.value = ""
        self._refresh_hints()

    def _refresh_hints(self) -> None:
        analysis = analyze_goal(self.current) if self.current else None
        ticks = {q: {"answer": answer} for q, (answer, _) in self.check_values().items()}
        for component in self.item.checklist:
            if component.id not in self.hints:  # not built yet: drawn when it is
                continue
            hint = ""
            if analysis is not None and not analysis.message and component.id in COMPONENTS \
                    and ticked_yes(component, ticks):
                hint = tick_hint(component.id, analysis[component.id])
            self.hints[component.id].value = (f'<p class="mk-tick-hint" role="status">{escape(hint)}</p>'
                                              if hint else "")


def goals_text(exercise: Exercise, item: Item, goals: list[dict[str, Any]]) -> str:
    """Plain text of the goals for the mentoring agreement: latest wording, history, the check list."""
    lines = [exercise.title, "=" * len(exercise.title), ""]
    questions = {q.id: (c.label, q.text) for c in item.checklist for q in c.questions}
    for number, goal in enumerate(goals, start=1):
        versions = goal["versions"]
        lines.append(f"Goal {number}: {latest_wording(goal)}")
        if len(versions) > 1:
            lines.append("  Earlier versions:")
            lines += [f"    {i}. {v}" for i, v in enumerate(versions[:-1], start=1)]
        for question_id, (label, text) in questions.items():
            check = goal.get("checks", {}).get(question_id)
            if check:
                answer = {"yes": "Yes", "no": "No"}.get(check.get("answer", ""), "-")
                note = f" ({check['note']})" if check.get("note") else ""
                lines.append(f"  {label} - {text} {answer}{note}")
        lines.append("")
    lines.append(exercise.source.attribution)
    return "\n".join(lines)


class GoalView(widgets.VBox):
    """The participant's view of an exercise with goal items."""

    def __init__(self, store: Store, exercise: Exercise, session: SessionRecord, participant: ParticipantRecord):
        self.store, self.exercise, self.session, self.participant = store, exercise, session, participant
        self.items = exercise.goal_items
        self.cards: dict[str, list[GoalCard]] = {item.id: [] for item in self.items}
        self.boxes: dict[str, widgets.VBox] = {}
        self.adders: dict[str, widgets.Button] = {}
        #: Layout and style models shared by the view and its cards.
        self.parts = shared = Parts()
        parts: list[widgets.Widget] = [exercise_header(exercise, shared)]
        for item in self.items:
            self.boxes[item.id] = shared.box([])
            adder = widgets.Button(description="Add another goal", icon="plus",
                                   tooltip=f"Write up to {item.max_goals} goals", layout=shared.layout(),
                                   style=shared.style(widgets.ButtonStyle))
            adder.add_class("mk-add-goal")
            adder.on_click(lambda _=None, item=item: self.add_goal(item))
            self.adders[item.id] = adder
            parts += [shared.html(f"<p><b>{escape(item.text)}</b> (up to {item.max_goals})</p>"),
                      self.boxes[item.id], adder]
        self.submit = widgets.Button(description="Submit goals", button_style="primary", tooltip="Save your goals",
                                     layout=shared.layout(), style=shared.style(widgets.ButtonStyle))
        self.submit.add_class("mk-submit")
        self.hint = shared.html()
        self.status = shared.html()
        self.status.add_class("mk-submit-status")
        self.export = shared.html()
        self.export.add_class("mk-goal-export")
        parts += [self.hint, self.submit, self.status, self.export]
        super().__init__(parts, layout=shared.layout())
        self.add_class("mk-exercise")
        self.add_class("mk-goals")
        self._submission_id = uuid.uuid4().hex
        self._busy = False
        self._restoring = False
        #: Keeps unsubmitted goals in the store (None once the session has ended).
        self.drafts: DraftKeeper | None = None
        self.submit.on_click(self._submit)
        self._restore()
        self._changed(new_id=False)

    # -- cards ------------------------------------------------------------------------------------
    def add_goal(self, item: Item) -> GoalCard | None:
        """Add an empty goal card (up to the item's max_goals); returns it, or None at the limit."""
        cards = self.cards[item.id]
        if len(cards) >= item.max_goals:
            return None
        card = GoalCard(item, len(cards) + 1, self._changed, self.parts)
        cards.append(card)
        self.boxes[item.id].children = tuple(cards)
        self.adders[item.id].disabled = len(cards) >= item.max_goals or not self.session.is_open
        if not self._restoring:
            self._changed()
        return card

    def _restore(self) -> None:
        self._restoring = True
        latest = self.store.latest_response(self.participant.key, self.exercise.id)
        stored = latest.answers if latest is not None else {}
        draft = None
        if self.session.is_open:  # what was typed after the last submit (or before any) comes back
            self.drafts = DraftKeeper(self.store, self.participant.key, self.exercise.id, lambda: self.answers)
            draft = self.drafts.load(latest)
            if draft is not None:
                stored = draft[0]
        for item in self.items:
            goals = (stored.get(item.id) or {}).get("goals") or []
            for goal in goals[: item.max_goals]:
                self.add_goal(item).restore(goal)
            if not goals:
                self.add_goal(item)
        self._restoring = False
        if self.drafts is not None:
            self.drafts.settle()
        if latest is not None and draft is None:
            self._submission_id = latest.submission_id
            self.status.value = message(f"These are the goals you submitted at {when(latest)}. Change or rewrite any "
                                        "and submit again to update them.", "ok")
        elif draft is not None:
            at = draft[1].astimezone().strftime("%H:%M")
            self.status.value = message(f"What you wrote at {at} is back. It is not submitted yet: press Submit "
                                        "to save your goals.", "warn")
        if not self.session.is_open:
            for cards in self.cards.values():
                for card in cards:
                    card.set_disabled(True)
            for adder in self.adders.values():
                adder.disabled = True
            self.status.value = ended_message(latest is not None, "goals")

    # -- values -----------------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, Any]:
        """What Submit sends: per goal item, the goals that have text."""
        out = {}
        for item in self.items:
            goals = [value for card in self.cards[item.id] if (value := card.value()) is not None]
            if goals:
                out[item.id] = {"goals": goals}
        return out

    def _changed(self, new_id: bool = True) -> None:
        if self._restoring:
            return
        if new_id:  # new answers get a new submission id; the same answers keep it
            self._submission_id = uuid.uuid4().hex
            if self.drafts is not None:
                self.drafts.changed()
        self._update_submit()
        self._update_export()

    def _update_submit(self) -> None:
        closed = not self.session.is_open
        answers = self.answers
        missing = [item for item in self.items if item.required and item.id not in answers]
        self.submit.disabled = bool(missing) or closed or self._busy
        empty_with_ticks = [card.number for cards in self.cards.values() for card in cards
                            if not card.current and card.has_checks()]
        notes = []
        if empty_with_ticks:
            notes.append(f"Goal {empty_with_ticks[0]} has ticks but no text yet; it is saved only once it has text.")
        if closed:
            self.hint.value = ""
        elif missing:
            self.hint.value = '<p class="mk-muted mk-hint">Write at least one goal to submit.</p>'
        else:
            self.hint.value = ('<p class="mk-muted mk-hint">' + escape(" ".join(notes) or "Press Submit to save your goals.")
                               + "</p>")

    def _update_export(self) -> None:
        blocks = []
        for item in self.items:
            goals = (self.answers.get(item.id) or {}).get("goals") or []
            if goals:
                blocks.append(goals_text(self.exercise, item, goals))
        if not blocks:
            self.export.value = ""
            return
        text = "\n\n".join(blocks)
        href = "data:text/plain;charset=utf-8," + quote(text)
        self.export.value = (
            "<h2>Your goals as text</h2><p>For your mentoring agreement: "
            f'<a href="{escape(href)}" download="my-goals.txt" class="mk-goal-download">Download as a text file</a>, '
            "or select the text below and copy it.</p>"
            f'<textarea readonly rows="10" aria-label="Your goals as text, to copy">{escape(text)}</textarea>')

    # -- submit -----------------------------------------------------------------------------------
    def _submit(self, _=None) -> None:
        submit_once(self, self._save)

    def _save(self) -> None:
        self.status.value, result = save(self.store, self.exercise, self.session, self.participant,
                                         self.answers, self._submission_id, noun="goals", verb="rewrite")
        if result is not None and self.drafts is not None:
            self.drafts.clear()


__all__ = ["GoalCard", "GoalView", "feedback_html", "goals_text", "GOAL_NOTE_LENGTH"]
