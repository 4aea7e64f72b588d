"""The word cloud's light part: normalisation, cleaning, the per-word k rule and hidden words,
against hand-worked tables; hostile input with hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import kinds
from kit.content import load_content
from kit.content.model import Item
from kit.errors import InputError
from kit.kinds.wordcloud import cloud, hidden_words, normalise, with_hidden
from kit.logic.answers import clean_answers, is_answered

EXERCISE = load_content()["great_mentor_words"]
ITEM = EXERCISE.item("words")


@pytest.mark.parametrize("typed, key", [
    ("Listener", "listener"),
    ("  LISTENERS  ", "listener"),
    ("a listener", "listener"),
    ("a good   listener", "good listener"),
    ("Abilities", "ability"),
    ("coaches", "coach"),
    ("boxes", "box"),
    ("kindness", "kindness"),
    ("focus", "focus"),
    ("curious", "curious"),
    ("always", "always"),
    ("open-minded!", "open-minded"),
    ("\"Honest\"", "honest"),
    ("mentor's", "mentor"),
    ("the", None),
    ("very, very", None),
    ("...", None),
])
def test_normalise(typed, key):
    """Does a word fold case, spacing, edge punctuation, stop words and plurals as the table says?"""
    assert normalise(typed) == key


def test_clean_keeps_what_was_typed_once_per_word():
    """Are blanks dropped, inner spacing collapsed, and a second spelling of the same word dropped?"""
    cleaned = clean_answers(EXERCISE, {"words": ["  Good   listener ", "", "good listeners"]})
    assert cleaned == {"words": ["Good listener"]}


@pytest.mark.parametrize("value, message", [
    (["the"], "too common"),
    (["x" * 41], "40"),
    (["a", "b", "c", "d"], "expected form"),
    ("listener", "expected form"),
    ([1], "expected form"),
    ({"words": ["x"]}, "expected form"),
])
def test_clean_refuses(value, message):
    """Are a stop word alone, an overlong phrase, too many words and a wrong shape refused with a message?"""
    with pytest.raises(InputError, match=message):
        clean_answers(EXERCISE, {"words": value})


def test_answered_and_required():
    """Does a list with one non-blank word count as answered, and blanks not?"""
    assert is_answered(ITEM, ["x"]) and not is_answered(ITEM, ["", "  "]) and not is_answered(ITEM, [])
    with pytest.raises(InputError, match="still needs an answer"):
        clean_answers(EXERCISE, {"words": ["", ""]})


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.text(), st.integers(), st.lists(st.one_of(st.text(max_size=80), st.integers(),
                                                                         st.none()), max_size=5),
                 st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3)))
def test_hostile_input_is_cleaned_or_refused(value):
    """Whatever a tampered page sends, is it either refused with a message or stored as at most three
    short, clean, single-line, distinct words?"""
    try:
        cleaned = clean_answers(EXERCISE, {"words": value})
    except InputError:
        return
    words = cleaned["words"]
    assert 1 <= len(words) <= 3
    assert all(isinstance(w, str) and 0 < len(w) <= 40 and "\n" not in w and w == w.strip() for w in words)
    assert len({normalise(w) for w in words}) == len(words) and None not in {normalise(w) for w in words}


# Five people; k = 3. "listener" is given by 4 people (one of them twice, as "Listeners" too),
# "patient" by 3, "honest" by 2 and "wise" by 1.
ANSWERS = [
    {"words": ["Listener", "listeners", "patient"]},
    {"words": ["a good listener"]},
    {"words": ["listener", "Patient", "honest"]},
    {"words": ["LISTENER", "patient", "wise"]},
    {"words": ["Listener", "Honest"]},
    {},
]


def test_cloud_counts_people_per_word_and_applies_k_per_word():
    """Hand-worked: listener 4 (one person's two spellings count once), patient 3 shown; good listener 1,
    honest 2 and wise 1 are below k=3 and not shown, only counted as rare words."""
    result = cloud(ITEM, ANSWERS, k=3)
    assert [(w.word, w.count) for w in result.words] == [("listener", 4), ("patient", 3)]
    assert result.respondents == 5 and result.rare == 3 and result.hidden == ()


def test_hidden_words_leave_the_cloud_only():
    """Does a hidden word leave the room's words, listed apart for the facilitator, with its count kept?"""
    result = cloud(ITEM, ANSWERS, k=3, hidden=["listener"])
    assert [w.word for w in result.words] == ["patient"]
    assert [(w.word, w.count) for w in result.hidden] == [("listener", 4)]


def test_hiding_and_showing_again_in_settings():
    """Is a word hidden per exercise, once, and shown again without touching other exercises?"""
    settings_ = {"hidden_words": {"other": ["x"]}}
    settings_["hidden_words"] = with_hidden(settings_, "ex", "listener", True)
    settings_["hidden_words"] = with_hidden(settings_, "ex", "listener", True)
    assert hidden_words(settings_, "ex") == ["listener"] and hidden_words(settings_, "other") == ["x"]
    settings_["hidden_words"] = with_hidden(settings_, "ex", "listener", False)
    assert hidden_words(settings_, "ex") == [] and hidden_words({}, "ex") == []
    assert hidden_words({"hidden_words": "junk"}, "ex") == []


def test_prints_the_words_escaped():
    """Does the printable page list the words, escaped?"""
    html = kinds.get("wordcloud").print_html(ITEM, ["<b>kind</b>", "wise"])
    assert "&lt;b&gt;kind&lt;/b&gt;, wise" in html and "<b>" not in html
    assert "Not filled in" in kinds.get("wordcloud").print_html(ITEM, None)


def test_max_words_comes_from_the_content():
    """Does an item with max_words 1 refuse a second word?"""
    one = Item(id="w", type="wordcloud", text="One word", extra={"max_words": 1}, max_length=20)
    with pytest.raises(InputError):
        kinds.get("wordcloud").clean(EXERCISE, one, ["a", "b"])
