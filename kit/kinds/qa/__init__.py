"""``qa``: Q&A with votes. Anyone posts a question without their name, others upvote it, the room's
list orders by votes as they arrive, and the facilitator marks a question answered or hides it.

Everything here is light (participant kernels import it). The heavy parts sit next to it: ``view.py``
(the participant's page: post, the room's list, upvote; ipywidgets), ``console.py`` (the
facilitator's list with moderation; ipywidgets) and ``tables.py`` (the trainer's counts, pandas).

Storage, with no new machinery: one person's answer to a Q&A item holds the questions they posted and
the ids of the questions they voted for, ``{"questions": [{"id": id, "text": text}], "votes": [id]}``.
Votes are a set, so nobody votes twice by construction (across tabs too: answers are per person,
and each post or vote is merged into the latest stored answer). The room's list is computed from
everyone's latest answers (:func:`board`). A question id is random (:func:`new_id`), never derived
from the person, so two questions of one person cannot be linked by their ids. The facilitator's
marks live in the session's settings (``settings["qa"][exercise id] = {"answered": [ids], "hidden":
[ids]}``): a hidden question leaves the room's list but stays stored.

The room sees a question's text (cleaned, and escaped wherever it is shown) and its votes, never who
posted or voted; and only once at least k people are in the session, so that a question cannot be
traced to one of very few people.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import NOT_FILLED, Kind, clean_text, register
from kit.logic.moderation import chosen, with_chosen

if TYPE_CHECKING:
    from kit.logic.aggregate import Gate

#: Most characters in one question (default), most questions one person posts, most votes kept.
MAX_LENGTH = 280
MAX_QUESTIONS = 10
MAX_VOTES = 1000
#: The session settings key holding the facilitator's marks, per exercise.
MARKS_KEY = "qa"
MARKS = ("answered", "hidden")
_ID = re.compile(r"^[0-9a-f]{12}$")


def new_id() -> str:
    """A fresh question id: random, so it says nothing about who posted it."""
    return secrets.token_hex(6)


def questions_of(value: Any) -> list[dict[str, str]]:
    """The well-formed questions of one person's answer, in the order they posted them."""
    questions = value.get("questions") if isinstance(value, Mapping) else None
    return [q for q in questions if isinstance(q, Mapping) and isinstance(q.get("id"), str)
            and isinstance(q.get("text"), str)] if isinstance(questions, list) else []


def votes_of(value: Any) -> set[str]:
    """The question ids one person voted for (a set: a second vote is the same vote)."""
    votes = value.get("votes") if isinstance(value, Mapping) else None
    return {v for v in votes if isinstance(v, str)} if isinstance(votes, list) else set()


def with_question(value: Any, text: str, question_id: str | None = None) -> dict[str, list]:
    """``value`` (one person's answer, or None) with one more question."""
    questions = [dict(q) for q in questions_of(value)]
    return {"questions": questions + [{"id": question_id or new_id(), "text": text}], "votes": sorted(votes_of(value))}


def with_vote(value: Any, question_id: str) -> dict[str, list]:
    """``value`` (one person's answer, or None) with a vote for ``question_id`` (unchanged if given)."""
    return {"questions": [dict(q) for q in questions_of(value)], "votes": sorted(votes_of(value) | {question_id})}


@dataclass(frozen=True)
class Question:
    """One question as the room sees it: no author, the number of people who voted for it."""

    id: str
    text: str
    votes: int
    answered: bool = False


@dataclass(frozen=True)
class Board:
    """The room's questions for one Q&A item, and what only the facilitator sees."""

    questions: tuple[Question, ...]  # shown: most votes first, answered ones after the open ones
    hidden: tuple[Question, ...]  # hidden by the facilitator (stored, not shown to the room)
    people: int  # how many people posted or voted


def board(item: Item, answers: Iterable[Mapping[str, Any]], *, hidden: Iterable[str] = (),
          answered: Iterable[str] = ()) -> Board:
    """The room's list for ``item`` from everyone's latest ``answers``: each question once (the first
    post of an id wins), its votes counted once per person (the author's own vote left out), ordered
    by votes, most first; answered questions go after the open ones; ties in order of text."""
    posted: dict[str, tuple[str, int]] = {}  # id -> (text, author's position in answers)
    voters: list[tuple[int, set[str]]] = []
    people = 0
    for position, answer in enumerate(answers):
        value = answer.get(item.id) if isinstance(answer, Mapping) else None
        questions, votes = questions_of(value), votes_of(value)
        people += bool(questions or votes)
        for q in questions:
            posted.setdefault(q["id"], (q["text"], position))
        voters.append((position, votes))
    counts = dict.fromkeys(posted, 0)
    for position, votes in voters:
        for question_id in votes:
            if question_id in posted and posted[question_id][1] != position:
                counts[question_id] += 1
    hidden, answered = set(hidden), set(answered)
    every = sorted((Question(qid, text, counts[qid], qid in answered) for qid, (text, _) in posted.items()),
                   key=lambda q: (q.answered, -q.votes, q.text.casefold(), q.id))
    return Board(questions=tuple(q for q in every if q.id not in hidden),
                 hidden=tuple(q for q in every if q.id in hidden), people=people)


def room_gate(joined: int, k: int) -> "Gate":
    """The one rule for when the room's list shows, on the phones and in the facilitator's console
    alike: once at least ``k`` people have JOINED the session (not answered: the list holds anonymous
    posts, and k people in the room keep a question from being traced to one of very few). The
    console follows it so the facilitator can always moderate whatever the phones show."""
    from kit.logic.aggregate import Gate  # here, not at the top: kit.logic.aggregate imports kit.kinds

    return Gate(respondents=joined, k=max(int(k), 2), counted="joined")


def marks(settings: Mapping[str, Any], exercise_id: str) -> dict[str, list[str]]:
    """The facilitator's marks for ``exercise_id``: ``{"answered": [ids], "hidden": [ids]}``."""
    return {mark: chosen(settings, MARKS_KEY, exercise_id, mark) for mark in MARKS}


def with_mark(settings: Mapping[str, Any], exercise_id: str, question_id: str, mark: str,
              on: bool) -> dict[str, Any]:
    """The new ``qa`` setting after setting (or clearing) ``mark`` on ``question_id``."""
    if mark not in MARKS:
        raise ValueError(f"unknown mark {mark!r}")
    return with_chosen(settings, MARKS_KEY, exercise_id, question_id, on, mark, MARKS)


def limit(item: Item) -> int:
    """Most characters in one question of ``item``."""
    return item.max_length


@register
class QA(Kind):
    """Questions posted without names, upvoted once per person, ordered by votes; moderated live."""

    type = "qa"
    schema = "#/$defs/item_qa"
    own_page = True  # posting and voting are stored at once, and the page polls the room's list
    tidy_value = False
    default_max_length = MAX_LENGTH
    parts = {
        "form": "kit.kinds.qa.view:QAView",
        "section": "kit.kinds.qa.console:QASection",
        "summary": "kit.kinds.qa.tables:summarize_questions",
        "demo": "kit.kinds.qa.tables:demo_questions",
        "report": "kit.kinds.qa.tables:report_questions",
    }

    def is_answered(self, item: Item, value: Any) -> bool:
        return bool(questions_of(value) or votes_of(value))

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        """``{"questions": [{"id": id, "text": text}], "votes": [id]}``: at most ``MAX_QUESTIONS``
        questions of one line each, at most ``max_length`` characters, with distinct ids; the votes
        a sorted set of ids, never one of the person's own questions. None when both are empty."""
        form_error = f"The questions for '{item.text}' are not in the expected form. Reload the page."
        if not isinstance(value, Mapping) or set(value) - {"questions", "votes"}:
            raise InputError(form_error)
        questions, votes = value.get("questions", []), value.get("votes", [])
        if not isinstance(questions, list) or not isinstance(votes, list) or len(votes) > MAX_VOTES:
            raise InputError(form_error)
        if len(questions) > MAX_QUESTIONS:
            raise InputError(f"You can post at most {MAX_QUESTIONS} questions here.")
        kept: list[dict[str, str]] = []
        for question in questions:
            if (not isinstance(question, Mapping) or set(question) != {"id", "text"}
                    or not isinstance(question["id"], str) or not _ID.match(question["id"])
                    or not isinstance(question["text"], str) or any(q["id"] == question["id"] for q in kept)):
                raise InputError(form_error)
            text = " ".join(clean_text(question["text"], max_length=10 * limit(item)).split())
            if not text:
                raise InputError("A question needs some words.")
            if len(text) > limit(item):
                raise InputError(f"This question is {len(text)} characters long; keep it to {limit(item)}.")
            kept.append({"id": question["id"], "text": text})
        if not all(isinstance(v, str) and _ID.match(v) for v in votes):
            raise InputError(form_error)
        own = {q["id"] for q in kept}
        voted = sorted(set(votes) - own)
        return {"questions": kept, "votes": voted} if kept or voted else None

    def clean_unanswered(self, exercise: Exercise, item: Item, value: Any) -> Any:
        # Nothing posted or voted is no answer, but a value of the wrong shape is a stale or tampered page.
        return None if value is None else self.clean(exercise, item, value)

    def shared_texts(self, item: Item, value: Any) -> list[str]:
        return [q["text"] for q in questions_of(value)]

    def print_html(self, item: Item, value: Any) -> str:
        texts = [q["text"] for q in questions_of(value)]
        if not texts:
            return f'<p class="answer empty">{NOT_FILLED}</p>'
        return '<ul class="answer">' + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ul>"
