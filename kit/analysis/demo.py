"""Synthetic cohorts, so the dashboard, the analysis notebook, reports and exports can be tried
without a room of people.

Answers are written through the real :class:`~kit.store.Store` API (join, submit, pair, close), so
the data is exactly what the apps write. Only the timestamps are moved afterwards, so the cohorts
are spread over past months and trends over time have something to show. Everything is drawn from
one seeded random generator: the same seed and content give the same answers.

What makes the data realistic enough to analyse:

* each cohort leans its own way on every choice item (drawn around a common tendency), so cohort
  comparisons show real differences;
* some people answer nothing at all, some skip an exercise, some resubmit with a change of mind;
* quiz answers are right more often in some cohorts than others, and in some cohorts the quiz is run
  a second time after the talk, with better results;
* shareable free text is shared by about half of the people who write it;
* people in exercises with pairing pair up with a neighbour (one asks, the other accepts; the pair
  then covers the session's later paired exercises too).

Each kind's answers come from its ``demo`` part (e.g. ``kit/kinds/quiz/tables.py``), which draws on the
cohort described here; a kind without one is left unanswered (its exercises are still submitted).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import Any

import numpy as np
from sqlalchemy import bindparam, select, update

from kit import kinds
from kit.content.model import Exercise, Item
from kit.store import SessionRecord, Store
from kit.store import tables

COHORT_NAMES = (
    "Residents, internal medicine", "Nurse mentors", "New faculty", "Allied health leads",
    "First-line managers", "Pharmacy residents", "Research supervisors", "Graduate mentors",
)
FIRST_NAMES = (
    "Amira", "Ben", "Chloé", "Dev", "Elif", "Farid", "Grace", "Hana", "Ines", "Jonas", "Kofi", "Lena",
    "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tomás", "Uma", "Viktor", "Wen", "Yara",
)
TEXT_ANSWERS = (
    "Honest feedback on how I come across in meetings.",
    "Help deciding whether to apply for the leadership role next year.",
    "Someone outside my team to think out loud with.",
    "Advice on balancing clinical work and research.",
    "Introductions to people in other departments.",
    "Practical tips for giving difficult feedback to my own team.",
    "A sounding board when a project goes wrong.",
    "To understand how my mentor built their career.",
    "Accountability for the goals I keep postponing.",
    "More confidence presenting to senior colleagues.",
)

#: A plausible common tendency (option weights in scale order) for items of the shipped content;
#: items not listed get a random one, so new exercises need nothing here.
TENDENCIES: dict[tuple[str, str], tuple[float, ...]] = {
    ("confidentiality", "stays_between_us"): (0.8, 0.08, 0.12),
    ("confidentiality", "free_to_disclose"): (0.08, 0.78, 0.14),
    ("confidentiality", "open_after_end"): (0.25, 0.45, 0.3),
    ("confidentiality", "need_to_know"): (0.5, 0.2, 0.3),
    ("confidentiality", "permission_first"): (0.7, 0.12, 0.18),
    ("confidentiality", "some_issues_private"): (0.5, 0.25, 0.25),
    ("confidentiality", "relationship_not_content"): (0.35, 0.3, 0.35),
    ("confidentiality", "positive_only"): (0.2, 0.55, 0.25),
}

#: Marks demo sessions in their settings, so they can be told apart from real workshops.
DEMO_SETTING = "demo"


@dataclass
class _Cohort:
    """How one synthetic cohort tends to answer."""

    rng: np.random.Generator
    #: Per (exercise, item): the probability of each option.
    leanings: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    #: Per (exercise, item): how much easier (positive) or harder a quiz statement is than usual.
    ease: dict[tuple[str, str], float] = field(default_factory=dict)
    #: Chance of answering a quiz statement of usual ease correctly the first time.
    quiz_skill: float = 0.55
    #: Whether this cohort takes quizzes a second time, after the talk.
    quiz_twice: bool = False
    #: Chance a person resubmits an exercise with a change of mind.
    resubmit: float = 0.15
    #: Chance a person skips an exercise.
    skip: float = 0.1


def _option_probabilities(exercise: Exercise, item: Item, base: np.random.Generator,
                          cohort: np.random.Generator) -> np.ndarray:
    """A common tendency for the item (same in every cohort), and this cohort's variation on it."""
    options = item.scale.options if item.scale else ()
    known = TENDENCIES.get((exercise.id, item.id))
    if known is not None and len(known) == len(options):
        common = np.array(known, dtype=float)
    else:
        weights = np.array([0.35 if option.unsure else 1.0 for option in options])
        common = base.dirichlet(np.full(len(options), 1.2)) * weights
    common = common / common.sum()
    return cohort.dirichlet(common * 14 + 0.3)


def generator(item_type: str) -> Callable[[Item, Exercise, _Cohort, int], Any] | None:
    """The demo answer generator ``(item, exercise, cohort, run) -> answer or None`` the kind of
    ``item_type`` names (:mod:`kit.kinds`); None for a type the kit does not know."""
    kind = kinds.kind_of(item_type)
    return kind.part("demo") if "demo" in kind.parts else None


def _answers(exercise: Exercise, cohort: _Cohort, run: int = 1) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    shared = []
    for item in exercise.items:
        make = generator(item.type)
        value = make(item, exercise, cohort, run) if make else None
        if value is None:
            continue
        answers[item.id] = value
        if kinds.kind_of(item.type).free_text and item.shareable and cohort.rng.random() < 0.5:
            shared.append(item.id)
    if shared:
        answers["_shared"] = shared
    return answers


def _change_of_mind(exercise: Exercise, answers: dict[str, Any], cohort: _Cohort) -> dict[str, Any]:
    """The same answers with one or two choice items answered differently."""
    changed = dict(answers)
    choices = [item for item in exercise.items if kinds.kind_of(item.type).scaled and item.id in answers]
    if not choices:
        return changed
    for index in cohort.rng.choice(len(choices), size=min(len(choices), int(cohort.rng.integers(1, 3))), replace=False):
        item = choices[index]
        others = [v for v in item.scale.values() if v != answers[item.id]]
        changed[item.id] = others[cohort.rng.integers(len(others))]
    return changed


def fill_demo(
    store: Store,
    *,
    cohorts: int = 5,
    participants: int = 18,
    seed: int = 1,
    exercises: Mapping[str, Exercise] | None = None,
    now: datetime | None = None,
) -> list[SessionRecord]:
    """Add ``cohorts`` closed demo sessions of about ``participants`` people each to ``store``.

    Sessions are about seven weeks apart, the last one a week before ``now``; they are named after
    a cohort with " (demo)" appended and carry ``{"demo": true}`` in their settings. Returns the
    sessions as created (their ``created_at`` is moved afterwards; reload them to see it).
    """
    if exercises is None:
        from kit.content import load_content

        exercises = load_content()
    if cohorts < 1 or participants < 1:
        raise ValueError("cohorts and participants must be at least 1")
    rng = np.random.default_rng(seed)
    now = now or datetime.now(timezone.utc)
    can_run_twice = "run" in inspect.signature(store.submit).parameters
    ordered = sorted(exercises.values(), key=lambda ex: (ex.order, ex.id))
    created: list[SessionRecord] = []
    for number in range(cohorts):
        cohort = _new_cohort(rng, ordered, seed)
        name = f"{COHORT_NAMES[number % len(COHORT_NAMES)]} (demo)"
        record = store.create_session(name, k_threshold=3)
        store.update_session_settings(record.code, **{DEMO_SETTING: True})
        start = datetime.combine((now - timedelta(days=7 + 49 * (cohorts - 1 - number))).date(), time(9, 30),
                                 tzinfo=timezone.utc)
        times = _fill_session(store, record, ordered, cohort, start,
                              people=max(4, int(rng.integers(int(participants * 0.7), int(participants * 1.3) + 1))),
                              can_run_twice=can_run_twice)
        store.close_session(record.code)
        _move_in_time(store, record, start, times)
        created.append(record)
    return created


def _new_cohort(rng: np.random.Generator, exercises: list[Exercise], seed: int) -> _Cohort:
    """A cohort with its own leanings around the tendency every cohort of this ``seed`` shares."""
    base = np.random.default_rng(seed * 7919)  # the tendency all cohorts share, item by item
    cohort = _Cohort(rng=rng, quiz_skill=float(rng.uniform(0.4, 0.7)), quiz_twice=bool(rng.random() < 0.6),
                     resubmit=float(rng.uniform(0.05, 0.25)), skip=float(rng.uniform(0.03, 0.15)))
    for exercise in exercises:
        for item in exercise.items:
            if kinds.kind_of(item.type).scaled and item.scale is not None:
                cohort.leanings[(exercise.id, item.id)] = _option_probabilities(exercise, item, base, rng)
            cohort.ease[(exercise.id, item.id)] = float(base.normal(0, 0.15))
    return cohort


def sample_answers(exercises: Mapping[str, Exercise], people: int, *, seed: int = 1) -> list[dict[str, dict[str, Any]]]:
    """Answers ``people`` people of one demo cohort would give, each a dict of exercise id -> answers,
    every exercise answered by everyone (for load tests and benchmarks; :func:`fill_demo` also skips,
    resubmits and pairs)."""
    rng = np.random.default_rng(seed)
    ordered = sorted(exercises.values(), key=lambda ex: (ex.order, ex.id))
    cohort = _new_cohort(rng, ordered, seed)
    people_answers = []
    for _ in range(people):
        mine = {}
        for exercise in ordered:
            answers = _answers(exercise, cohort)
            if answers:
                mine[exercise.id] = answers
        people_answers.append(mine)
    return people_answers


def _fill_session(store: Store, record: SessionRecord, exercises: list[Exercise], cohort: _Cohort,
                  start: datetime, *, people: int, can_run_twice: bool) -> dict[str, datetime]:
    """Join, answer and pair; returns the intended time of each participant key and submission id."""
    rng = cohort.rng
    times: dict[str, datetime] = {}
    joined = []
    for n in range(people):
        name = FIRST_NAMES[rng.integers(len(FIRST_NAMES))] if rng.random() < 0.7 else None
        person = store.join(record.code, name, join_token=f"demo-{record.code}-{n}")
        times[person.key] = start + timedelta(minutes=float(rng.uniform(0, 8)))
        joined.append(person)
    # A few people join and never answer anything.
    active = [person for person in joined if rng.random() > 0.05]
    counter = 0

    def submit(person, exercise, answers, when, run=1):
        nonlocal counter
        counter += 1
        submission = f"demo-{record.code}-{counter}"
        kwargs = {"run": run} if run != 1 else {}
        store.submit(person.key, exercise.id, answers, submission_id=submission, **kwargs)
        times[submission] = when

    for slot, exercise in enumerate(exercises):
        opens = start + timedelta(minutes=15 + 30 * slot)
        is_quiz = bool(exercise.quiz_items)
        submitters = []
        for person in active:
            if rng.random() < cohort.skip:
                continue
            answers = _answers(exercise, cohort)
            if not answers:
                continue
            when = opens + timedelta(minutes=float(rng.uniform(2, 12)))
            submit(person, exercise, answers, when)
            submitters.append(person)
            if rng.random() < cohort.resubmit:
                submit(person, exercise, _change_of_mind(exercise, answers, cohort),
                       when + timedelta(minutes=float(rng.uniform(1, 6))))
        if is_quiz and cohort.quiz_twice and can_run_twice:
            for person in submitters:
                if rng.random() < 0.85:
                    submit(person, exercise, _answers(exercise, cohort, run=2),
                           opens + timedelta(minutes=float(rng.uniform(60, 70))), run=2)
        if exercise.pairing is not None and exercise.pairing.enabled:
            order = [submitters[i] for i in rng.permutation(len(submitters))]
            for first, second in zip(order[0::2], order[1::2]):
                # One pair covers the session: people already paired in an earlier exercise stay so.
                if rng.random() < 0.8 and store.partner(first.key) is None and store.partner(second.key) is None:
                    store.request_partner(first.key, second.pair_code)
                    for request in store.pair_requests_to(second.key):
                        store.answer_request(second.key, request.id, True)
    times["_closed"] = start + timedelta(minutes=30 * len(exercises) + 90)
    return times


def _move_in_time(store: Store, record: SessionRecord, start: datetime, times: dict[str, datetime]) -> None:
    """Give the session, its participants, responses and pairs the timestamps of a past workshop."""
    sessions, participants, responses = tables.sessions, tables.participants, tables.responses
    requests = tables.pair_requests
    with store.engine.begin() as conn:
        conn.execute(update(sessions).where(sessions.c.id == record.id).values(
            created_at=start, closed_at=times["_closed"]))
        people = conn.execute(select(participants.c.id, participants.c.key)
                              .where(participants.c.session_id == record.id)).all()
        if people:
            conn.execute(update(participants).where(participants.c.id == bindparam("pid"))
                         .values(created_at=bindparam("when")),
                         [{"pid": row.id, "when": times[row.key]} for row in people])
        stored = conn.execute(select(responses.c.id, responses.c.submission_id)
                              .where(responses.c.participant_id.in_([row.id for row in people]))).all()
        if stored:
            conn.execute(update(responses).where(responses.c.id == bindparam("rid"))
                         .values(created_at=bindparam("when")),
                         [{"rid": row.id, "when": times[row.submission_id]} for row in stored])
        paired = start + timedelta(minutes=40)
        conn.execute(update(requests).where(requests.c.session_id == record.id)
                     .values(created_at=paired, answered_at=paired))


def ensure_demo(source: Store | str | None = None, *, min_sessions: int = 2, **options: Any) -> list[SessionRecord]:
    """Fill demo cohorts (:func:`fill_demo` with ``options``) when the database has fewer than
    ``min_sessions`` sessions; otherwise change nothing. Returns the sessions it added."""
    store = source if isinstance(source, Store) else Store(source)
    try:
        if len(store.list_sessions()) >= min_sessions:
            return []
        return fill_demo(store, **options)
    finally:
        if store is not source:
            store.dispose()
