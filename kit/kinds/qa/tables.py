"""The trainer's side of a Q&A item (pandas): how many took part and how many questions were posted,
per group of sessions (summaries and exports never hold their texts: a question is stored with its
author's answers); the report's top questions (texts the room saw, escaped, with at least k votes and
not hidden, never linked to who posted them); and demo answers."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pandas as pd

from kit.analysis.summaries import Content, _summarize_answered
from kit.analysis.tidy import item_answers
from kit.content.model import Exercise, Item
from kit.kinds.qa import board, limit, marks, questions_of

#: Questions demo participants post, the first ones more often.
DEMO_QUESTIONS = ("How often should a mentor and mentee meet?", "What if my mentee and I do not get along?",
                  "How do I end a mentoring relationship well?", "Can a mentor also be my manager?",
                  "How much should I share about my own mistakes?", "What do I do when my mentee misses meetings?")


def summarize_questions(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """How many took part (measure ``answered``) and how many questions they posted (measure
    ``entries``)."""
    answered = _summarize_answered(rows, keys, content)
    out = []
    for group, part in rows.groupby(keys, dropna=False, sort=False):
        group = dict(zip(keys, group if isinstance(group, tuple) else (group,)))
        posted = 0
        for text in part["answer"]:
            try:
                posted += len(questions_of(json.loads(text))) if isinstance(text, str) else 0
            except ValueError:
                continue
        out.append(dict(group, measure="entries", count=posted))
    entries = pd.DataFrame(out, columns=[*keys, "measure", "count"])
    return pd.concat([answered, entries], ignore_index=True) if out else answered


def demo_id(exercise: Exercise, item: Item, number: int) -> str:
    """The id of demo question ``number`` (the same in every demo session)."""
    return hashlib.sha256(f"{exercise.id}/{item.id}/{number}".encode()).hexdigest()[:12]


def demo_questions(item: Item, exercise: Exercise, cohort: Any, run: int) -> Any:
    """One demo participant's answer: sometimes a question of :data:`DEMO_QUESTIONS`, and votes for
    one to three of the others."""
    rng = cohort.rng
    ids = [demo_id(exercise, item, n) for n in range(len(DEMO_QUESTIONS))]
    questions = []
    if rng.random() < 0.35:
        n = int(rng.integers(0, len(DEMO_QUESTIONS)))
        questions = [{"id": ids[n], "text": DEMO_QUESTIONS[n][:limit(item)]}]
    own = {q["id"] for q in questions}
    weights = [1.0 / (n + 1) for n in range(len(ids))]
    chosen = rng.choice(len(ids), size=int(rng.integers(1, 4)), replace=False, p=[w / sum(weights) for w in weights])
    votes = sorted({ids[int(n)] for n in chosen} - own)
    return {"questions": questions, "votes": votes} if questions or votes else None


#: Most questions the report lists for one Q&A item.
TOP_QUESTIONS = 10



def report_questions(ctx: Any) -> str:
    """The trainer's report of Q&A items: how many questions were posted, and the top questions by
    votes with their session. A question is listed only when at least the session's k people voted
    for it (its author's own vote not counted) and the facilitator did not hide it; texts are
    escaped and never linked to who posted them."""
    from kit.analysis.report import escape_cell, html_table
    from kit.analysis.suppress import SUPPRESSED_MARK

    out = []
    sessions = ctx.by_session()
    for item in ctx.items:
        out.append(f"<h3>Top questions: {escape_cell(item.text)}</h3>")
        top, posted, people = [], 0, 0
        for code, label, part in sessions:
            room = board(item, item_answers(part, item.id), hidden=marks(ctx.settings(code), ctx.exercise.id)["hidden"])
            posted += len(room.questions) + len(room.hidden)
            people += room.people
            if room.people >= ctx.session_k(code):
                top += [(q.votes, q.text, label) for q in room.questions if q.votes >= ctx.session_k(code)]
        if people < ctx.k:
            out.append(f"<p>{SUPPRESSED_MARK} Fewer than k people took part.</p>")
            continue
        out.append(f"<p class='note'>{people} people took part and posted {posted} questions. Listed: questions at "
                   "least k people voted for, none the facilitator hid; most votes first.</p>")
        top.sort(key=lambda entry: (-entry[0], entry[1].casefold()))
        if top:
            out.append(html_table(["Question", "Votes", "Session"], [
                [(escape_cell(text), False), (str(votes), True), (escape_cell(label), False)]
                for votes, text, label in top[:TOP_QUESTIONS]]))
        else:
            out.append("<p>No question had k or more votes.</p>")
    return "".join(out)
