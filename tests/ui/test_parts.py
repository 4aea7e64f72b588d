"""Shared layout and style models (kit/ui/parts.py): fewer models for a room to build at once."""

from __future__ import annotations

import ipywidgets as widgets
from ipywidgets.widgets.widget import _instances

from kit.content import load_content
from kit.ui.form import Form
from kit.ui.parts import Parts
from kit.kinds.quiz.view import QuizItemCard

CONTENT = load_content()


def made_by(build) -> dict[str, int]:
    """How many widget models of each kind ``build()`` created."""
    before = set(_instances)
    build()
    counts: dict[str, int] = {}
    for model_id in set(_instances) - before:
        name = type(_instances[model_id]).__name__
        counts[name] = counts.get(name, 0) + 1
    return counts


def test_the_same_traits_give_the_same_model_and_other_traits_another():
    """Does one view's Parts hand out one model per layout or style, and keep different ones apart?"""
    parts = Parts()
    assert parts.layout(width="100%") is parts.layout(width="100%")
    assert parts.layout(width="100%") is not parts.layout(width="auto")
    assert parts.labelled()["style"] is parts.labelled()["style"]
    assert parts.labelled()["style"] is not parts.labelled(widgets.widget_string.TextStyle)["style"]
    assert Parts().layout() is not parts.layout()  # another view, other models (closed with it)


def test_a_quiz_statement_adds_no_layout_or_style_models_of_its_own():
    """Does every statement after the first cost only its four widgets, its layouts and styles shared,
    and its feedback one more once checked?"""
    quiz = CONTENT["myths_quiz"]
    parts = Parts()
    first = QuizItemCard(quiz, quiz.quiz_items[0], 1, parts)
    first.show({"answer": quiz.quiz_items[0].answer, "confidence": "sure"})
    cards = []
    second = made_by(lambda: cards.append(QuizItemCard(quiz, quiz.quiz_items[1], 2, parts)))
    assert second == {"RadioButtons": 2, "Button": 1, "QuizItemCard": 1}
    item = quiz.quiz_items[1]
    checked = made_by(lambda: cards[0].show({"answer": item.answer, "confidence": "sure"}))
    assert checked == {"HTML": 1} and cards[0].feedback in cards[0].children


def test_a_form_shares_its_inputs_layouts():
    """Does a form of many radio rows make a handful of layouts, not one (and a style) per input?"""
    exercise = CONTENT["confidentiality"]
    counts = made_by(lambda: Form(exercise))
    radios = counts.get("RadioButtons", 0)
    assert radios >= 5
    assert counts.get("Layout", 0) <= 3 and counts.get("DescriptionStyle", 0) == 1


def test_ranking_rows_and_sorting_cards_share_their_layouts_and_styles():
    """Do a sorting item's cards share their layout and style models (one per view, whatever the number
    of cards), and is a ranking a handful of models whatever its length (its rows are one HTML list)?"""
    counts = made_by(lambda: Form(CONTENT["four_stages"]))
    assert counts.get("HBox", 0) + counts.get("RadioButtons", 0) >= 7, counts
    assert counts.get("ButtonStyle", 0) <= 3 and counts.get("HTMLStyle", 0) == 1, counts
    assert counts.get("Layout", 0) <= 10, counts
    seven, five = (sum(made_by(lambda: Form(CONTENT[name])).values()) for name in ("seven_things", "deadly_mistakes"))
    assert seven == five <= 16, (seven, five)
