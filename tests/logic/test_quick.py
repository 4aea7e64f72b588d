"""Quick activities as content documents: the console's fields checked, built and validated
(kit/logic/quick.py), without a browser or a database."""

from __future__ import annotations

import pytest

from kit import kinds
from kit.content import load_exercise
from kit.errors import InputError
from kit.logic import quick

TITLES = {"Confidentiality Checklist": "confidentiality", "Which part was best?": "quick_k7m2qx_1"}


@pytest.mark.parametrize("type_name,prompt,options,needle", [
    ("poll", "", "Yes\nNo", "The prompt is empty"),
    ("poll", "   \n ", "Yes\nNo", "The prompt is empty"),
    ("poll", "x" * 201, "Yes\nNo", "201 characters long; keep it to 200"),
    ("poll", "Ready?", "Yes", "at least 2 options, one per line; you gave only 1"),
    ("poll", "Ready?", "", "at least 2 options, one per line; you gave none"),
    ("poll", "Ready?", "\n".join(f"Option {n}" for n in range(200)), "at most 12 options (so each fits a phone "
                                                                     "screen and the chart); you gave 200"),
    ("poll", "Ready?", "Yes\n" + "n" * 81, "Option 2 is 81 characters long; keep each option to 80"),
    ("poll", "Ready?", "Yes\nno\n YES ", "“YES” is listed twice (lines 1 and 3)"),
    ("scale", "Rate it", "Only one", "A scale needs at least 2 options"),
    ("wordcloud", "One word", "a\nb", "A word cloud has no options"),
    ("poll", "confidentiality  CHECKLIST", "Yes\nNo", "already has an exercise titled “Confidentiality Checklist” "
                                                     "(confidentiality)"),
    ("qa", "which part was best?", "", "already has an exercise titled “Which part was best?”"),
    ("survey", "Ready?", "", "Choose what kind of activity"),
])
def test_bad_fields_get_a_clear_message(type_name, prompt, options, needle):
    """Does each bad input (empty prompt, one option, 200 options, a duplicate title, …) say what to change?"""
    with pytest.raises(InputError) as caught:
        quick.check_fields(type_name, prompt, options, TITLES)
    assert needle in str(caught.value)


@pytest.mark.parametrize("type_name,options,item_type,labels", [
    ("poll", "Pairing\n\n  The quiz \nGoals ✓", "choice", ["Pairing", "The quiz", "Goals ✓"]),
    ("poll", "\n".join(f"Option {n}" for n in range(12)), "choice", [f"Option {n}" for n in range(12)]),
    ("scale", "", "likert", ["Not at all", "A little", "Moderately", "Very", "Extremely"]),
    ("scale", "Low\nHigh", "likert", ["Low", "High"]),
    ("wordcloud", "", "wordcloud", None),
    ("text", "", "text", None),
    ("qa", "", "qa", None),
])
def test_good_fields_make_a_valid_content_document(type_name, options, item_type, labels):
    """Does each quick type become a document the content loader accepts, with the item kind and options
    typed (empty lines dropped, a scale's defaults when none are typed)?"""
    kind, prompt, lines = quick.check_fields(type_name, "  What   do you think? ", options, TITLES)
    document = quick.build_document(kind, prompt, lines, code="K7M2QX", number=3)
    exercise = quick.validate(document)
    assert exercise.id == "quick_k7m2qx_3" and quick.is_quick(exercise.id)
    assert exercise.title == "What do you think?" == exercise.items[0].text
    assert exercise.items[0].type == item_type and kinds.get(item_type)
    scale = exercise.items[0].scale
    assert (None if scale is None else [o.label for o in scale.options]) == labels
    assert quick.exercise_from_document(document, "K7M2QX").items == exercise.items


def test_option_values_are_unique_slugs():
    """Are stored option values schema slugs, unique even when labels differ only in punctuation or script?"""
    values = quick.option_values(["Strongly agree", "Strongly agree!", "123", "Ελληνικά", "été"])
    assert values == ["strongly_agree", "strongly_agree_2", "option_3_123", "option_4", "ete"]


def test_a_document_that_fails_the_schema_is_refused():
    """Is a document the schema refuses (an empty title) refused with the loader's message?"""
    kind, prompt, lines = quick.check_fields("poll", "Ready?", "Yes\nNo")
    document = quick.build_document(kind, prompt, lines, code="K7M2QX", number=1)
    document["title"] = " "
    with pytest.raises(InputError, match="does not pass the content checks: title"):
        quick.validate(document)


def test_yaml_for_next_time_is_a_valid_content_file(tmp_path):
    """Is the YAML kept for next time a content file the loader accepts, named after its title, with an id
    different from the taken ones and from quick ids?"""
    kind, prompt, lines = quick.check_fields("poll", "Which part helped most?", "Pairing\nQuiz: yes")
    document = quick.build_document(kind, prompt, lines, code="K7M2QX", number=1)
    name, text = quick.yaml_for_next_time(document, "K7M2QX", taken={"which_part_helped_most"})
    assert name == "which_part_helped_most_2.yaml" and text.startswith("# Which part helped most?")
    (tmp_path / name).write_text(text, encoding="utf-8")
    exercise = load_exercise(tmp_path / name)
    assert exercise.id == "which_part_helped_most_2" and not quick.is_quick(exercise.id)
    assert [o.label for o in exercise.items[0].scale.options] == ["Pairing", "Quiz: yes"]
