"""The shipped exercises as a whole: every instrument carries what a facilitator needs, every item
type it uses has a renderer, a facilitator section, a summariser and demo answers, and the wording
kept from the seeds is really there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit import paths
from kit import kinds
from kit.analysis.demo import fill_demo
from kit.content import load_content
from kit.content.model import GENERAL_NOTEBOOK
from kit.logic.answers import clean_answers
from kit.ui.form import Form

CONTENT = load_content()
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

#: The instruments of the source material and the exercise each became.
INSTRUMENTS = {
    "confidentiality", "smart_goals", "myths_quiz", "accountability", "planning", "agreement", "reflection_321",
    "midway_checkin", "closure", "mentor_self_reflection", "preparing_mentee", "want_from_mentor", "five_questions", "choosing_mentor",
}


def test_every_instrument_is_an_exercise():
    """Is every instrument of the seeds that a workshop would use shipped as an exercise?"""
    assert sorted(INSTRUMENTS - set(CONTENT)) == []


@pytest.mark.parametrize("exercise_id", sorted(CONTENT))
def test_exercise_is_complete(exercise_id):
    """Does the exercise carry its attribution, instructions, a facilitator note with timing, a
    notebook that exists, and a renderer, a section, a summariser and demo answers per item type?"""
    exercise = CONTENT[exercise_id]
    assert exercise.source.attribution and exercise.source.document.endswith(".txt")
    assert exercise.instructions and exercise.summary
    assert len(exercise.facilitator_note) > 200 and exercise.duration_minutes
    assert (paths.notebooks_dir() / exercise.notebook).is_file()
    if exercise.notebook == GENERAL_NOTEBOOK:
        assert exercise.link == f"exercise.ipynb?exercise={exercise.id}"
    if not any(kinds.kind_of(item.type).own_page for item in exercise.items):  # quiz, goal, Q&A: own views
        form = Form(exercise)
        form.finish()  # built whole even where a running event loop would leave the rest for later
        assert list(form.fields) == [item.id for item in exercise.items]
    for item in exercise.items:
        kinds.get(item.type)  # a registered kind has every part (tests/kinds/test_registry.py)


def test_demo_answers_are_valid_submissions(sqlite_store):
    """Would every demo answer of every shipped exercise be accepted from a participant's page?"""
    fill_demo(sqlite_store, cohorts=1, participants=6, exercises=CONTENT)
    seen = set()
    for record in sqlite_store.list_sessions():
        for exercise in CONTENT.values():
            for answers in sqlite_store.latest_answers(record.code, exercise.id):
                assert clean_answers(exercise, answers) == answers
                seen.add(exercise.id)
    assert seen == set(CONTENT)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds folder (../shared/seeds) is not beside the repo")
@pytest.mark.parametrize("exercise_id", sorted(INSTRUMENTS - {"smart_goals", "myths_quiz", "confidentiality"}))
def test_instrument_wording_is_kept(exercise_id):
    """Is each checklist statement or question of the new instruments found word for word in its seed
    (apart from spacing, quotes and the typo fixes noted in the content file)?"""
    exercise = CONTENT[exercise_id]
    seed = _normal((SEEDS / exercise.source.document).read_text(encoding="utf-8"))
    fixed = {"What else do I still need to learn?", "What will you do now that's different?",
             "How will you express your appreciation?",
             "Describe your top three personal or professional successes or milestones from over your lifetime.",
             "We are conscientious in safeguarding confidentiality"}
    texts = [item.text for item in exercise.items if item.type in ("choice", "likert", "text", "group")]
    kept = [t for t in texts if t not in fixed and _normal(t)[:40] in seed]
    # Items the kit words itself (names, dates on the agreement) are few; the instrument's own are kept.
    assert len(kept) >= len(texts) - 3, [t for t in texts if t not in kept]


def _normal(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text)


#: Exercises whose cards reword their seed on purpose (the header of the file says how).
REWORDED = {"mentoring_or_coaching"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds folder (../shared/seeds) is not beside the repo")
@pytest.mark.parametrize("exercise_id", sorted(
    e.id for e in CONTENT.values() if e.id not in REWORDED and any(i.type in ("ranking", "sorting") for i in e.items)))
def test_cards_and_ranked_options_keep_the_seeds_words(exercise_id):
    """Is every card of a sorting and every option of a ranking found word for word in its seed?"""
    from kit.kinds.sorting import cards

    exercise = CONTENT[exercise_id]
    seed = _normal((SEEDS / exercise.source.document).read_text(encoding="utf-8"))
    texts = [c.text for i in exercise.items if i.type == "sorting" for c in cards(i)]
    texts += [o.label for i in exercise.items if i.type == "ranking" for o in i.scale.options]
    assert texts and [t for t in texts if _normal(t).rstrip(".")[:40] not in seed] == []


def test_a_new_sessions_default_agenda_follows_the_order_field(sqlite_store):
    """Does a new session's default agenda hold every shipped exercise exactly once, in the content
    files' ``order`` (distinct numbers, so no tie is left to the ids), opening with the word cloud and
    the myths quiz and closing with the workshop's Q&A?"""
    from kit.logic import pacing

    record = sqlite_store.create_session("Half-day workshop")
    agenda = pacing.pace(sqlite_store.get_session(record.code).settings, CONTENT).agenda
    assert sorted(agenda) == sorted(CONTENT) and len(agenda) == len(set(agenda))
    orders = {exercise_id: CONTENT[exercise_id].order for exercise_id in agenda}
    assert list(orders.values()) == sorted(orders.values())
    assert len(set(orders.values())) == len(orders), "two shipped exercises share an order number"
    assert [kinds.get(CONTENT[agenda[0]].items[0].type).type, agenda[1]] == ["wordcloud", "myths_quiz"]
    assert agenda[-1] == "workshop_qa" and agenda[-2] == "closure"
