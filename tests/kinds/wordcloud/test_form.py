"""The participant's word boxes, headless: labelled, restored, submitted through the general view."""

from __future__ import annotations

from kit.content import load_content
from kit.kinds.wordcloud.form import WordsInput
from kit.ui.exercise import ExerciseView
from kit.ui.form import Form

EXERCISE = load_content()["great_mentor_words"]


def test_three_labelled_boxes_with_the_question_and_what_happens_to_the_words():
    """Does the form show the question, three boxes each with its own visible label (later ones
    optional), and say the words go to the cloud without names?"""
    form = Form(EXERCISE)
    field = form.fields["words"]
    assert isinstance(field, WordsInput)
    assert [box.description for box in field.controls] == ["Word 1", "Word 2 (optional)", "Word 3 (optional)"]
    html = " ".join(getattr(child, "value", "") for child in field.widget.children)
    assert "One word for a great mentor" in html and "without your name" in html


def test_get_and_restore():
    """Does the field read the non-blank boxes in order, and show stored words again?"""
    form = Form(EXERCISE)
    field = form.fields["words"]
    field.controls[0].value, field.controls[2].value = "Patient", "wise"
    assert form.answers == {"words": ["Patient", "wise"]}
    form.restore({"words": ["kind", 3, "honest"]})
    assert [box.value for box in field.controls] == ["kind", "honest", ""]
    form.restore({})
    assert form.answers == {}


def test_submit_stores_the_cleaned_words(room):
    """Does Submit stay off until a word is typed, then store the words once per word, trimmed?"""
    store, session, ana, _ = room
    view = ExerciseView(store, EXERCISE, session, ana, poll_seconds=None)
    assert view.submit.disabled
    boxes = view.form.fields["words"].controls
    boxes[0].value, boxes[1].value = "  Good   listener ", "good listeners"
    assert not view.submit.disabled
    view.submit.click()
    assert store.latest_response(ana.key, EXERCISE.id).answers == {"words": ["Good listener"]}


def test_a_stop_word_alone_gets_a_message(room):
    """Is a word that cannot count ("the") refused with a message the person can act on?"""
    store, session, ana, _ = room
    view = ExerciseView(store, EXERCISE, session, ana, poll_seconds=None)
    view.form.fields["words"].controls[0].value = "The"
    view.submit.click()
    assert store.latest_response(ana.key, EXERCISE.id) is None
    assert "too common" in view.status.value
