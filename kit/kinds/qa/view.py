"""The participant's page of a Q&A exercise (ipywidgets): post a question without your name, read
the room's list ordered by votes (refreshed every few seconds), and upvote a question once.

Each post and each vote is stored at once, merged into the person's latest stored answer (so two
tabs of one person add up rather than overwrite each other). The page shows each question's text,
escaped, and its votes; never who posted or voted. A person's own questions say so, to them only.
"""

from __future__ import annotations

import uuid
from html import escape
from typing import Any

import ipywidgets as widgets

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import clean_text
from kit.kinds.qa import (Board, Question, board, limit, marks, questions_of, room_gate, votes_of, with_question,
                          with_vote)
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.browser import BrowserBridge
from kit.ui.form import exercise_header
from kit.ui.parts import Parts
from kit.ui.poll import Poller
from kit.ui.style import message
from kit.ui.submission import ended_message, save
from kit.ui.sync import on_press

#: Seconds between two reads of the room's list.
POLL_SECONDS = 3.0


def first_words(text: str, most: int = 60) -> str:
    """``text`` cut at a word boundary to at most ``most`` characters (with "…" when cut)."""
    if len(text) <= most:
        return text
    cut = text[:most].rsplit(" ", 1)[0] or text[:most]
    return cut.rstrip(" ,.;:") + "…"


class QuestionRow(widgets.HBox):
    """One question of the room's list: its text and votes, and an Upvote button. A row is redrawn in
    place (:meth:`show`) when its votes change, so a keyboard user's focus stays where it was."""

    def __init__(self, question_id: str, on_vote, parts: Parts) -> None:
        self.question_id = question_id
        # A room's list has many rows: they share their layouts and styles (``parts``, the view's).
        self.text = widgets.HTML(layout=parts.layout(flex="1 1 auto", min_width="0"),
                                 style=parts.style(widgets.widget_string.HTMLStyle))
        self.button = widgets.Button(icon="thumbs-up",
                                     layout=parts.layout(width="auto", min_width="7.5em", min_height="44px"),
                                     style=parts.style(widgets.ButtonStyle))
        self.button.add_class("mk-qa-vote")
        self.button.on_click(lambda _: on_vote(question_id))
        super().__init__([self.text, self.button], layout=parts.layout(align_items="center", width="100%"))
        self.add_class("mk-qa-question")

    def close(self) -> None:
        self.text.close()
        self.button.close()
        super().close()

    def show(self, question: Question, *, mine: bool, voted: bool, closed: bool) -> None:
        """Draw ``question`` (escaped, no author) and what this person may do with it."""
        votes = f"{question.votes} vote{'' if question.votes == 1 else 's'}"
        badge = ' <span class="mk-qa-answered">Answered</span>' if question.answered else ""
        self.text.value = (f'<p class="mk-qa-text" data-question="{escape(question.id)}">'
                           f'<b class="mk-qa-votes" data-votes="{question.votes}">{votes}</b> '
                           f"{escape(question.text)}{badge}</p>")
        label = "Your question" if mine else ("Upvoted" if voted else "Upvote")
        self.button.description = label
        self.button.icon = "" if mine else "thumbs-up"
        # Also the button's accessible name (the view's bridge copies it): says which question it is for.
        self.button.tooltip = f"{label}: {first_words(question.text)}"
        self.button.disabled = mine or voted or question.answered or closed


class QAView(widgets.VBox):
    """The participant's Q&A page for every ``qa`` item of ``exercise``."""

    def __init__(self, store: Store, exercise: Exercise, session: SessionRecord, participant: ParticipantRecord,
                 *, poll_seconds: float | None = POLL_SECONDS) -> None:
        self.store, self.exercise, self.session, self.participant = store, exercise, session, participant
        self.items = [item for item in exercise.items if item.type == "qa"]
        self.boxes: dict[str, widgets.Textarea] = {}
        self.posts: dict[str, widgets.Button] = {}
        self.lists: dict[str, widgets.VBox] = {}
        self.notes: dict[str, widgets.HTML] = {}
        self.rows: dict[str, list[QuestionRow]] = {}
        self._shown: dict[str, Any] = {}
        self._stamp: tuple | None = None
        #: How many times the room's answers were read (a refresh with nothing new reads none).
        self.reads = 0
        self.parts = Parts()
        self.status = self.parts.html()
        self.status.add_class("mk-submit-status")
        children: list[widgets.Widget] = [exercise_header(exercise, self.parts)]
        for item in self.items:
            children += self._item_widgets(item)
        children.append(self.status)
        #: Names each Upvote button by its question for screen readers (see BrowserBridge.name_from_tooltip).
        self.bridge = BrowserBridge()
        self.bridge.name_from_tooltip(".mk-qa-vote")
        children.append(self.bridge)
        super().__init__(children, layout=self.parts.layout())
        self.add_class("mk-exercise")
        self.add_class("mk-qa")
        self.refresh()
        self.poller = Poller(poll_seconds, self.refresh) if poll_seconds else None
        if self.poller is not None:
            self.poller.start()

    def _item_widgets(self, item: Item) -> list[widgets.Widget]:
        parts = self.parts
        box = widgets.Textarea(value="", description="Your question", placeholder="Type a question", rows=3,
                               **parts.labelled(widgets.widget_string.TextStyle))
        box.add_class("mk-qa-input")
        post = widgets.Button(description="Post question", button_style="primary", icon="paper-plane",
                              tooltip="Post your question to the room, without your name",
                              layout=parts.layout(width="auto", min_height="44px"),
                              style=parts.style(widgets.ButtonStyle))
        post.add_class("mk-qa-post")
        on_press(post, lambda _, item=item: self.post(item))
        listed = widgets.VBox(layout=parts.layout(width="100%"))
        listed.add_class("mk-qa-list")
        note = parts.html()
        self.boxes[item.id], self.posts[item.id], self.lists[item.id], self.notes[item.id] = box, post, listed, note
        question = parts.html(f'<p class="mk-question"><b>{escape(item.text)}</b></p>'
                              + (f'<p class="mk-help">{escape(item.help)}</p>' if item.help else ""))
        hint = parts.html(f'<span class="mk-muted">Up to {limit(item)} characters. Your question is shown to the '
                          "room without your name; nobody sees who voted.</span>")
        heading = parts.html('<h2 class="mk-qa-heading">The room\'s questions, most votes first</h2>')
        return [question, box, hint, post, heading, note, listed]

    # -- reading ----------------------------------------------------------------------------------
    def mine(self) -> dict[str, Any]:
        """The participant's latest stored answers to this exercise ({} before any)."""
        latest = self.store.latest_response(self.participant.key, self.exercise.id)
        return dict(latest.answers) if latest is not None else {}

    def boards(self) -> dict[str, Board | None]:
        """Each item's list as the room sees it now, or None while fewer than k people have joined."""
        session = self.store.get_session(self.session.code) or self.session
        self.session = session
        joined = self.store.count_participants(session.code)
        if not room_gate(joined, session.k_threshold).visible:
            return {item.id: None for item in self.items}
        chosen = marks(session.settings, self.exercise.id)
        answers = self.store.latest_answers(session.code, self.exercise.id)
        return {item.id: board(item, answers, hidden=chosen["hidden"], answered=chosen["answered"])
                for item in self.items}

    def stamp(self) -> tuple:
        """What the room's lists depend on, read cheaply: anything stored for this exercise (the store's
        answer stamp), how many joined, and the session's k, state and the facilitator's marks."""
        session = self.store.get_session(self.session.code) or self.session
        self.session = session
        chosen = marks(session.settings, self.exercise.id)
        return (self.store.answers_stamp(session.code, self.exercise.id), self.store.count_participants(session.code),
                session.k_threshold, session.is_open, tuple((mark, tuple(ids)) for mark, ids in sorted(chosen.items())))

    def refresh(self) -> None:
        """Redraw the room's lists (only what changed) and lock the page when the session has ended.
        The answers are read again only when :meth:`stamp` changed (a post, a vote, a mark, a join)."""
        stamp = self.stamp()
        if stamp == self._stamp:
            return
        self._stamp = stamp
        self.reads += 1
        boards, mine = self.boards(), self.mine()
        closed = not self.session.is_open
        if closed:  # what every other exercise page says once the session has ended
            self.status.value = ended_message(bool(mine), "questions and votes")
        for item in self.items:
            self.boxes[item.id].disabled = self.posts[item.id].disabled = closed
            shown = boards[item.id]
            own = {q["id"] for q in questions_of(mine.get(item.id))}
            voted = votes_of(mine.get(item.id))
            key = (shown, frozenset(own), frozenset(voted), closed)
            if self._shown.get(item.id) == key:
                continue
            self._shown[item.id] = key
            if shown is None:
                self.notes[item.id].value = ('<p class="mk-muted">Questions appear here once at least '
                                             f"{self.session.k_threshold} people have joined, so that nobody's "
                                             "question can be singled out.</p>")
                questions: tuple[Question, ...] = ()
            else:
                self.notes[item.id].value = ("" if shown.questions else
                                             '<p class="mk-muted mk-qa-empty">No questions yet: be the first.</p>')
                questions = shown.questions
            known = {row.question_id: row for row in self.rows.get(item.id, [])}
            rows = []
            for q in questions:  # the same row object per question: redrawn in place, focus kept
                row = known.pop(q.id, None) or QuestionRow(
                    q.id, lambda qid, item=item: self.vote(item, qid), self.parts)
                row.show(q, mine=q.id in own, voted=q.id in voted, closed=closed)
                rows.append(row)
            self.rows[item.id] = rows
            if tuple(rows) != self.lists[item.id].children:
                self.lists[item.id].children = rows
            for gone in known.values():
                gone.close()

    # -- writing ----------------------------------------------------------------------------------
    def _store(self, change) -> bool:
        """Merge ``change`` into the latest stored answers and store them; True when stored."""
        answers = self.mine()
        answers = change(answers)
        status, result = save(self.store, self.exercise, self.session, self.participant, answers,
                              uuid.uuid4().hex, noun="questions and votes", verb="add to")
        if result is None:
            self.status.value = status
        return result is not None

    def post(self, item: Item) -> None:
        """Post the typed question (cleaned) to the room."""
        box = self.boxes[item.id]
        try:
            text = " ".join(clean_text(box.value, max_length=10 * limit(item)).split())
        except InputError as error:
            self.status.value = message(escape(str(error)), "error")
            return
        if not text:
            self.status.value = message("Type a question first.", "warn")
            return
        if self._store(lambda answers: {**answers, item.id: with_question(answers.get(item.id), text)}):
            box.value = ""
            room = room_gate(self.store.count_participants(self.session.code), self.session.k_threshold)
            if room.visible:
                self.status.value = message("<b>Posted.</b> Your question is on the room's list, without your name.",
                                            "ok")
            else:  # the list stays empty for now: say it was stored, without showing anyone's question
                self.status.value = message(f"<b>Posted.</b> Questions appear here once at least {room.k} people "
                                            "have joined.", "ok")
        self.refresh()

    def vote(self, item: Item, question_id: str) -> None:
        """Upvote ``question_id`` (a second vote for it changes nothing)."""
        if question_id in votes_of(self.mine().get(item.id)):
            self.status.value = message("You have already voted for this question.", "warn")
        elif self._store(lambda answers: {**answers, item.id: with_vote(answers.get(item.id), question_id)}):
            self.status.value = message("<b>Voted.</b> Thank you: nobody sees who voted.", "ok")
        self.refresh()

    def close(self) -> None:
        poller = getattr(self, "poller", None)  # None also when closed before it was made
        if poller is not None:
            poller.stop()
        # Rows made by a later refresh are not among the widgets the room recorded with the view.
        for rows in getattr(self, "rows", {}).values():
            for row in rows:
                row.close()
        super().close()
