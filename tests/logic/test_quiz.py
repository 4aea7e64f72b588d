"""Quiz scoring and item statistics, against tables worked out by hand (and scipy where it computes
the same thing), plus the shipped Myths of Mentoring quiz content."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import pytest

from kit import paths
from kit.content import load_content
from kit.content.model import Exercise, Item, Option, Scale, Source
from kit.errors import InputError
from kit.logic.answers import clean_answers
from kit.logic.quiz import (
    before_after,
    confidence_weights,
    current_run,
    item_stats,
    misconceptions_first,
    my_change,
    pearson,
    score,
    score_distribution,
    selected_items,
    updated_settings,
)

MYTH_FACT = Scale("myth_fact", (Option("myth", "Myth"), Option("fact", "Fact")))
CONFIDENCE = Scale("confidence", (Option("sure", "Sure"), Option("think_so", "Think so"),
                                  Option("guessing", "Guessing", unsure=True)))
SOURCE = Source("000_35ff590ecf8585c2.txt", "Adapted from Demystifying Mentoring by Amy Gallo, HBR")


def quiz_exercise(answers: str = "mfm", *, confidence: bool = True) -> Exercise:
    """A quiz with items q1..qN whose correct answers are given as m (myth) / f (fact)."""
    items = tuple(
        Item(id=f"q{n}", type="quiz", text=f"Statement <{n}>", scale=MYTH_FACT,
             answer="myth" if letter == "m" else "fact", explanation=f"Because <{n}>.", source=SOURCE)
        for n, letter in enumerate(answers, start=1))
    return Exercise(
        id="quiz", title="Quiz <test>", summary="A test quiz.", instructions="Judge each statement.",
        source=SOURCE, facilitator_note="", duration_minutes=None, items=items,
        scales=MappingProxyType({"myth_fact": MYTH_FACT, "confidence": CONFIDENCE}), notebook="quiz.ipynb",
        order=1, pairing=None, path=Path("quiz.yaml"), confidence_scale=CONFIDENCE if confidence else None)


def a(answer: str, confidence: str = "sure") -> dict:
    return {"answer": answer, "confidence": confidence}


# Worked by hand: q1 myth, q2 fact, q3 myth.
#        q1                q2                 q3                  total right
# P1  myth sure   R    fact sure     R    myth think_so  R        3
# P2  myth think  R    myth sure     W    fact guessing  W        1
# P3  fact sure   W    fact guessing R    myth sure      R        2
# P4  fact sure   W    myth think_so W    (no answer)             0
TABLE = [
    {"q1": a("myth"), "q2": a("fact"), "q3": a("myth", "think_so")},
    {"q1": a("myth", "think_so"), "q2": a("myth"), "q3": a("fact", "guessing")},
    {"q1": a("fact"), "q2": a("fact", "guessing"), "q3": a("myth")},
    {"q1": a("fact"), "q2": a("myth", "think_so")},
]


def test_score_counts_right_and_lists_items_to_revisit():
    """Does a score count right answers and list wrong or unanswered items, in order, to revisit?"""
    ex = quiz_exercise()
    assert score(ex, TABLE[0]) == score(ex, TABLE[0]).__class__(3, 3, 3, ())
    second = score(ex, TABLE[1])
    assert (second.correct, second.answered, second.total, second.revisit) == (1, 3, 3, ("q2", "q3"))
    fourth = score(ex, TABLE[3])
    assert (fourth.correct, fourth.answered, fourth.revisit, fourth.complete) == (0, 2, ("q1", "q2", "q3"), False)
    assert score(ex, TABLE[1], [ex.item("q1")]).correct == 1


def test_item_stats_match_the_hand_worked_table():
    """Do difficulty, wrong-while-sure, discrimination and confidence-weighted accuracy match the hand-worked values?"""
    q1, q2, q3 = item_stats(quiz_exercise(), TABLE)
    assert (q1.n, q1.correct, q1.wrong_sure, q1.difficulty, q1.wrong_while_sure) == (4, 2, 2, 0.5, 0.5)
    # item x = 1,1,0,0 and rest score 2,0,2,0: no relation at all
    assert q1.discrimination == pytest.approx(0.0)
    # +1 (sure, right) +0.5 (think so, right) -1 -1 (sure, wrong) over 4
    assert q1.confidence_weighted_accuracy == pytest.approx(-0.125)
    assert (q2.n, q2.correct, q2.wrong_sure, q2.wrong_unsure) == (4, 2, 1, 1)
    # x = 1,0,1,0 and rest = 2,1,1,0: r = 1 / sqrt(1 * 2)
    assert q2.discrimination == pytest.approx(2 ** -0.5)
    # +1 -1 +0 (guessing) -0.5 over 4
    assert q2.confidence_weighted_accuracy == pytest.approx(-0.125)
    assert (q3.n, q3.correct, q3.wrong_sure) == (3, 2, 0)
    assert q3.difficulty == pytest.approx(2 / 3)
    # x = 1,0,1 and rest = 2,1,1: r = (1/3) / (2/3)
    assert q3.discrimination == pytest.approx(0.5)
    assert q3.confidence_weighted_accuracy == pytest.approx(0.5)


def test_undefined_statistics_are_none():
    """With nobody answering, or no spread, are the statistics None rather than a division by zero?"""
    ex = quiz_exercise("mf")
    (empty, _) = item_stats(ex, [])
    assert (empty.n, empty.difficulty, empty.discrimination, empty.confidence_weighted_accuracy) == (0, None, None, None)
    everyone_right = [{"q1": a("myth"), "q2": a("fact")}, {"q1": a("myth"), "q2": a("myth")}]
    assert item_stats(ex, everyone_right)[0].discrimination is None
    assert pearson([1.0], [2.0]) is None


def test_confidence_weights_and_no_confidence_scale():
    """Are weights spread evenly from 1 (most sure) to 0, and without a confidence scale is every answer weighed 1?"""
    assert confidence_weights(CONFIDENCE) == {"sure": 1.0, "think_so": 0.5, "guessing": 0.0}
    ex = quiz_exercise("m", confidence=False)
    (stats,) = item_stats(ex, [{"q1": {"answer": "myth"}}, {"q1": {"answer": "fact"}}, {"q1": {"answer": "myth"}}])
    assert stats.confidence_weighted_accuracy == pytest.approx(2 * (2 / 3) - 1)
    assert stats.wrong_sure == 0


def test_misconceptions_first():
    """Are items ordered by share wrong-while-sure, then lowest share right, with unanswered items last?"""
    ex = quiz_exercise("mfmm")
    ordered = misconceptions_first(item_stats(ex, TABLE))
    assert [s.item_id for s in ordered] == ["q1", "q2", "q3", "q4"]
    # Same share wrong-while-sure: the harder one first.
    table = [{"q1": a("fact"), "q2": a("fact")}, {"q1": a("myth"), "q2": a("myth", "guessing")},
             {"q1": a("myth"), "q2": a("fact", "guessing")}]
    assert [s.item_id for s in misconceptions_first(item_stats(quiz_exercise("mm"), table))] == ["q2", "q1"]


def test_discrimination_agrees_with_scipy_pointbiserialr():
    """On random answer tables, is discrimination scipy.stats.pointbiserialr of item against rest score?"""
    from scipy.stats import pointbiserialr

    rng = random.Random(20241121)
    ex = quiz_exercise("mfmfmmf")
    for _ in range(40):
        n = rng.randint(3, 25)
        table = [{item.id: a(rng.choice(["myth", "fact"]), rng.choice(["sure", "think_so", "guessing"]))
                  for item in ex.items if rng.random() < 0.9} for _ in range(n)]
        for item, stats in zip(ex.items, item_stats(ex, table)):
            rows = [answers for answers in table if item.id in answers]
            x = [1 if answers[item.id]["answer"] == item.answer else 0 for answers in rows]
            rest = [sum(1 for other in ex.items if other.id != item.id and other.id in answers
                        and answers[other.id]["answer"] == other.answer) for answers in rows]
            if len(set(x)) < 2 or len(set(rest)) < 2:
                assert stats.discrimination is None
            else:
                assert stats.discrimination == pytest.approx(pointbiserialr(x, rest).statistic, abs=1e-9)


def test_score_distribution_is_anonymous_counts():
    """Is the score distribution a count of people per score, 0..items, leaving out people who answered nothing?"""
    ex = quiz_exercise()
    assert score_distribution(ex, TABLE + [{}]) == {0: 1, 1: 1, 2: 1, 3: 1}


def test_before_after_per_item():
    """Does before/after give each run's share right per item and the change, None where a run has no answer?"""
    ex = quiz_exercise()
    after = [{"q1": a("myth"), "q2": a("fact")}, {"q1": a("myth"), "q2": a("fact")}]
    shifts = {s.item_id: s for s in before_after(ex, TABLE, after)}
    assert (shifts["q1"].before, shifts["q1"].after, shifts["q1"].change) == (0.5, 1.0, 0.5)
    assert (shifts["q2"].n_before, shifts["q2"].n_after, shifts["q2"].change) == (4, 2, 0.5)
    assert shifts["q3"].after is None and shifts["q3"].change is None


def test_my_change_between_runs():
    """Does a participant's change list each item answered in run 2 with its status and both scores?"""
    ex = quiz_exercise()
    changes, before, after = my_change(ex, TABLE[1], {"q1": a("myth"), "q2": a("fact"), "q3": a("fact")})
    assert [(c.item_id, c.status) for c in changes] == [("q1", "still_right"), ("q2", "improved"),
                                                        ("q3", "still_wrong")]
    assert (before.correct, after.correct, after.total) == (1, 2, 3)
    changes, before, _ = my_change(ex, None, {"q1": a("fact")})
    assert [c.status for c in changes] == ["new"] and before.correct == 0


def test_settings_helpers():
    """Do selected_items and current_run read the session settings, defaulting to all items and run 1?"""
    ex = quiz_exercise("mfmf")
    assert [i.id for i in selected_items(ex, {})] == ["q1", "q2", "q3", "q4"]
    assert current_run(ex, {}) == 1
    settings = {"quiz": {"quiz": {"run": 2, "items": ["q3", "q1", "gone"]}}, "open": None}
    assert [i.id for i in selected_items(ex, settings)] == ["q1", "q3"]
    assert current_run(ex, settings) == 2
    # Nonsense falls back to the defaults instead of breaking the app.
    assert current_run(ex, {"quiz": {"quiz": {"run": 7}}}) == 1
    assert current_run(ex, {"quiz": {"quiz": {"run": True}}}) == 1
    assert len(selected_items(ex, {"quiz": {"quiz": {"items": ["gone"]}}})) == 4
    assert len(selected_items(ex, {"quiz": "broken"})) == 4


def test_updated_settings():
    """Does updated_settings change one exercise's run or items, keep the rest, and refuse bad values?"""
    ex = quiz_exercise("mfmf")
    other = {"quiz": {"other": {"run": 2, "items": None}}}
    value = updated_settings(ex, other, items=["q2", "q1"])
    assert value == {"other": {"run": 2, "items": None}, "quiz": {"run": 1, "items": ["q1", "q2"]}}
    value = updated_settings(ex, {"quiz": value}, run=2)
    assert value["quiz"] == {"run": 2, "items": ["q1", "q2"]}
    assert updated_settings(ex, {"quiz": value}, items=None)["quiz"] == {"run": 2, "items": None}
    assert updated_settings(ex, {}, items=["q1", "q2", "q3", "q4"])["quiz"]["items"] is None
    for bad in (dict(run=3), dict(items=["q9"]), dict(items=[])):
        with pytest.raises(ValueError):
            updated_settings(ex, {}, **bad)


def test_clean_answers_quiz_branch():
    """Does clean_answers accept an answer with a confidence and refuse values off either scale?"""
    ex = quiz_exercise()
    assert clean_answers(ex, {"q1": a("myth")}, require_all=False) == {"q1": {"answer": "myth", "confidence": "sure"}}
    for bad in ({"q1": a("maybe")}, {"q1": a("myth", "very")}, {"q1": {"answer": "myth"}}, {"q1": "myth"},
                {"q1": {"answer": "myth", "confidence": "sure", "extra": 1}}):
        with pytest.raises(InputError):
            clean_answers(ex, bad, require_all=False)
    with pytest.raises(InputError, match="still need"):
        clean_answers(ex, {"q1": a("myth")})
    no_confidence = quiz_exercise("m", confidence=False)
    assert clean_answers(no_confidence, {"q1": {"answer": "fact"}}) == {"q1": {"answer": "fact"}}
    with pytest.raises(InputError):
        clean_answers(no_confidence, {"q1": a("fact")})
    assert ex.choice_items == ()  # quiz items are not choice items (pairing and aggregation rely on it)


def test_logic_stays_pure():
    """Does importing kit.logic.quiz leave numpy, scipy, pandas and ipywidgets unimported?"""
    code = ("import sys, kit.logic.quiz; print(sorted(m for m in ('numpy', 'scipy', 'pandas', 'ipywidgets') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- the shipped quiz ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def myths():
    return load_content(paths.content_dir())["myths_quiz"]


def test_shipped_quiz_items_are_complete(myths):
    """Does every shipped quiz item have an answer on its scale, an explanation and a source with attribution?"""
    assert len(myths.quiz_items) >= 16
    seeds = {"000_35ff590ecf8585c2.txt", "001_225f49928e1c6619.txt", "002_210d4a71c61e34b5.txt",
             "003_a6c1f2b666f360d5.txt"}
    for item in myths.quiz_items:
        assert item.scale is not None and item.answer in item.scale.values(), item.id
        assert item.explanation and len(item.explanation) > 40, item.id
        assert item.source is not None and item.source.document in seeds and item.source.attribution, item.id
        assert item.explanation not in item.text
    assert {item.source.document for item in myths.quiz_items} == seeds
    assert {item.answer for item in myths.quiz_items} == {"myth", "fact"}
    assert myths.confidence_scale is not None and myths.confidence_scale.values() == ("sure", "think_so", "guessing")
    assert (myths.notebook, myths.order) == ("myths_quiz.ipynb", 20)
    assert myths.facilitator_note and myths.summary and myths.instructions


def test_shipped_quiz_keeps_the_four_myths_and_their_credit(myths):
    """Are the four Myths of Mentoring in the quiz word for word as in the seed, credited to Amy Gallo, HBR?"""
    seed = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_35ff590ecf8585c2.txt"
    headings = ["You have to find one perfect mentor", "Mentoring is a formal long-term relationship",
                "Mentoring is for junior people",
                "Mentoring is something more experienced people do out of the goodness of their hearts"]
    texts = {item.text.rstrip("."): item for item in myths.quiz_items}
    for heading in headings:
        item = texts[heading]
        assert item.answer == "myth" and "Amy Gallo, HBR" in item.source.attribution
    if seed.is_file():
        text = seed.read_text(encoding="utf-8")
        for number, heading in enumerate(headings, start=1):
            assert f"Myth #{number}: {heading}" in text
        assert "adapted from Demystifying Mentoring by Amy Gallo, HBR" in text
