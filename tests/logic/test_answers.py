import pytest

from kit.errors import InputError
from kit.logic.answers import clean_answers, clean_text, missing_items
from tests.factories import tiny_exercise


def test_complete_answers_pass():
    """Are complete, valid answers returned unchanged?"""
    ex = tiny_exercise(2)
    assert clean_answers(ex, {"s1": "yes", "s2": "not_sure"}) == {"s1": "yes", "s2": "not_sure"}


@pytest.mark.parametrize("raw,needle", [
    ({"s1": "yes"}, "1 question still needs an answer"),
    ({}, "2 questions still need an answer"),
    ({"s1": "yes", "s2": "maybe"}, "not one of the choices"),
    ({"s1": "yes", "s2": "no", "zz": "yes"}, "do not belong"),
])
def test_rejections(raw, needle):
    """Are missing, off-scale and foreign answers rejected with a readable message?"""
    with pytest.raises(InputError, match=needle):
        clean_answers(tiny_exercise(2), raw)


def test_text_is_cleaned_and_limited():
    """Is free text normalised, stripped of control characters and held to its length?"""
    ex = tiny_exercise(1, with_text=True)
    assert clean_answers(ex, {"s1": "yes", "note": "  caf\u0065\u0301\x07 "})["note"] == "café"
    assert "note" not in clean_answers(ex, {"s1": "yes", "note": "   "})
    with pytest.raises(InputError, match="limit is 50"):
        clean_answers(ex, {"s1": "yes", "note": "x" * 51})
    with pytest.raises(InputError, match="must be text"):
        clean_answers(ex, {"s1": "yes", "note": 5})


def test_missing_items_ignores_optional():
    """Are optional items never counted as missing?"""
    ex = tiny_exercise(1, with_text=True)
    assert [i.id for i in missing_items(ex, {})] == ["s1"]
    assert clean_text("a\tb\nc", max_length=10) == "a\tb\nc"
