"""The trainer's side of a word cloud item (pandas): the top words per group of sessions, and demo
answers. The k rule applies per word here too: a word is listed only when at least the group's k
people gave it, since a rare word can point at one person."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from kit.analysis.suppress import effective_k
from kit.analysis.summaries import Content, _summarize_answered, person_column
from kit.analysis.tidy import item_answers
from kit.content.model import Exercise, Item
from kit.kinds.wordcloud import cloud, hidden_words, limits, person_words

#: Words demo participants give, the first ones more often (a cloud with a few large words).
DEMO_WORDS = ("Listener", "good listeners", "Patient", "honest", "Trustworthy", "curious", "Supportive",
              "available", "Encouraging", "open-minded", "Role model", "challenging", "wise", "Empathy",
              "generous with time")


def summarize_words(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """How many answered (measure ``answered``), and per normalised word how many people gave it
    (measure ``word``, ``category`` the word, ``category_position`` its rank), for words at least
    the group's k people gave and the facilitator did not hide from the room (read from the rows'
    ``settings``; a word hidden in any session of the group is left out, as in the report)."""
    answered = _summarize_answered(rows, keys, content)
    person = person_column(rows)
    out = []
    for group, part in rows.groupby(keys, dropna=False, sort=False):
        group = dict(zip(keys, group if isinstance(group, tuple) else (group,)))
        k = effective_k(int(part["k_threshold"].max())) if "k_threshold" in part.columns else effective_k(3)
        hidden = _hidden(part, group["exercise_id"])
        people: dict[str, set] = {}
        for who, text in zip(part[person], part["answer"]):
            try:
                words = person_words(json.loads(text)) if isinstance(text, str) else set()
            except ValueError:
                continue
            for word in words:
                people.setdefault(word, set()).add(who)
        counts = sorted(((w, len(p)) for w, p in people.items() if len(p) >= k and w not in hidden),
                        key=lambda pair: (-pair[1], pair[0]))
        for position, (word, count) in enumerate(counts, start=1):
            out.append(dict(group, measure="word", category=word, category_label=word,
                            category_position=position, count=count))
    words = pd.DataFrame(out, columns=[*keys, "measure", "category", "category_label", "category_position", "count"])
    return pd.concat([answered, words], ignore_index=True) if out else answered


def _hidden(rows: pd.DataFrame, exercise_id: str) -> set[str]:
    """The words hidden from the room in any session of ``rows`` (none when the frame has no
    ``settings``, e.g. an export read back, whose words are withheld anyway)."""
    if "settings" not in rows.columns or "session_code" not in rows.columns:
        return set()
    sessions = rows.drop_duplicates("session_code")["settings"]
    return {w for settings in sessions if isinstance(settings, Mapping) for w in hidden_words(settings, exercise_id)}


def demo_words(item: Item, exercise: Exercise, cohort: Any, run: int) -> Any:
    """One demo participant's words: one to ``max_words`` of :data:`DEMO_WORDS`, early ones likelier."""
    rng = cohort.rng
    most, length = limits(item)
    weights = [1.0 / (position + 1) for position in range(len(DEMO_WORDS))]
    total = sum(weights)
    count = int(rng.integers(1, most + 1))
    chosen = rng.choice(len(DEMO_WORDS), size=count, replace=False, p=[w / total for w in weights])
    return [DEMO_WORDS[int(index)][:length] for index in chosen]


#: Most words per session in the report's cohort-by-cohort table.
TOP_PER_SESSION = 5



def report_words(ctx: Any) -> str:
    """The trainer's report of word cloud items: the top words pooled over the report's sessions, and
    cohort by cohort each session's top words. A word is listed only when at least k people gave it
    (the report's k pooled, the session's per session), and never when the facilitator hid it from
    the room (hidden in any session: left out of the pooled list too). Words are escaped."""
    from kit.analysis.report import escape_cell, html_table
    from kit.analysis.suppress import SUPPRESSED_MARK

    out = []
    sessions = ctx.by_session()
    for item in ctx.items:
        hidden = {w for code, _, _ in sessions for w in hidden_words(ctx.settings(code), ctx.exercise.id)}
        pooled = cloud(item, item_answers(ctx.answers, item.id), k=ctx.k, hidden=hidden)
        out.append(f"<h3>Top words: {escape_cell(item.text)}</h3>")
        if pooled.respondents < ctx.k:
            out.append(f"<p>{SUPPRESSED_MARK} Fewer than k people gave words.</p>")
            continue
        out.append(f"<p class='note'>{pooled.respondents} people gave words. Listed: words at least {ctx.k} people "
                   "gave (counted after folding case and plurals), none the facilitator hid.</p>")
        if pooled.words:
            out.append(html_table(["Word", "People"], [[(escape_cell(w.word), False), (str(w.count), True)]
                                                       for w in pooled.words]))
        else:
            out.append(f"<p>No word was given by {ctx.k} or more people.</p>")
        if len(sessions) > 1:
            body = []
            for code, label, part in sessions:
                k = ctx.session_k(code)
                room = cloud(item, item_answers(part, item.id), k=k, hidden=hidden_words(ctx.settings(code), ctx.exercise.id))
                words = ("; ".join(f"{escape_cell(w.word)} ({w.count})" for w in room.words[:TOP_PER_SESSION])
                         if room.respondents >= k else SUPPRESSED_MARK)
                body.append([(escape_cell(label), False), (words or f"no word given by {k} or more", False)])
            out.append(f"<p class='note'>Cohort by cohort: each session's top {TOP_PER_SESSION} words (people).</p>")
            out.append(html_table(["Session", "Top words"], body))
    return "".join(out)
