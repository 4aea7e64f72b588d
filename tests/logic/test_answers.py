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


# --- the item types added for the rest of the source material ------------------------------------

from kit.content import load_exercise  # noqa: E402
from kit.logic.answers import SHARED, is_answered  # noqa: E402

NEW_TYPES = load_exercise(__import__("pathlib").Path(__file__).parents[1] / "content" / "cases" / "valid" / "new_types.yaml")


def test_group_entries_are_cleaned_and_empty_cards_dropped():
    """Are a group's empty cards dropped, its text cleaned, and optional empty fields left out?"""
    raw = {"meet": "never", "steps": [{"goal": " Lead a huddle\x07 ", "step": ""}, {"goal": "", "step": "  "}]}
    assert clean_answers(NEW_TYPES, raw)["steps"] == [{"goal": "Lead a huddle"}]


@pytest.mark.parametrize("steps,needle", [
    ([{"step": "only the step"}], "Goal 1 needs 'Goal' too"),
    ([{"goal": "a"}, {"goal": "b"}, {"goal": "c"}], "at most 2 entries"),
    ([{"goal": "x" * 1001}], "the limit is 1000"),
    ([{"goal": "a", "who": "me"}], "not in the expected form"),
    ({"goal": "a"}, "not in the expected form"),
    (["a goal"], "not in the expected form"),
    ([{"goal": 5}], "not in the expected form"),
])
def test_group_rejections(steps, needle):
    """Are a missing required field, too many entries, over-long text and wrong shapes refused clearly?"""
    with pytest.raises(InputError, match=needle):
        clean_answers(NEW_TYPES, {"meet": "always", "steps": steps})


def test_required_group_needs_min_entries():
    """Does a required group with only empty cards count as unanswered?"""
    item = NEW_TYPES.item("steps")
    assert not is_answered(item, [{"goal": " ", "step": ""}])
    assert is_answered(item, [{"goal": "a"}])
    with pytest.raises(InputError, match="1 question still needs an answer"):
        clean_answers(NEW_TYPES, {"meet": "always", "steps": [{"goal": ""}]})


def test_likert_value_must_be_on_its_scale():
    """Is a likert rating checked against its scale, the unsure option included?"""
    assert clean_answers(NEW_TYPES, {"meet": "not_applicable", "steps": [{"goal": "a"}]})["meet"] == "not_applicable"
    with pytest.raises(InputError, match="not one of the choices"):
        clean_answers(NEW_TYPES, {"meet": "sometimes", "steps": [{"goal": "a"}]})


def test_shared_lists_only_answered_shareable_free_text():
    """Is _shared kept in item order for answered shareable items only, and are other ids refused?"""
    raw = {"meet": "always", "steps": [{"goal": "a"}], SHARED: ["rules", "steps"]}
    assert clean_answers(NEW_TYPES, raw)[SHARED] == ["steps"]  # rules is unanswered
    raw["rules"] = "Nothing leaves the room."
    assert clean_answers(NEW_TYPES, raw)[SHARED] == ["steps", "rules"]
    for bad in (["meet"], ["nope"], "steps", [1]):
        with pytest.raises(InputError, match="shar"):
            clean_answers(NEW_TYPES, dict(raw, **{SHARED: bad}))
    with_text = tiny_exercise(1, with_text=True)  # its text item is not shareable
    with pytest.raises(InputError, match="cannot be shared"):
        clean_answers(with_text, {"s1": "yes", "note": "hi", SHARED: ["note"]})


def test_all_optional_exercise_needs_one_answer():
    """Does an exercise whose items are all optional refuse an empty submit but take a single answer?"""
    ex = load_exercise(__import__("kit").paths.data_dir() / "exercises" / "mentor_self_reflection.yaml")
    with pytest.raises(InputError, match="at least one answer"):
        clean_answers(ex, {"undiscussables": "   "})
    assert clean_answers(ex, {"undiscussables": "Workload."}) == {"undiscussables": "Workload."}


from hypothesis import given, settings, strategies as st  # noqa: E402

_ANY_TEXT = st.text(max_size=1200) | st.sampled_from(["", "   ", "<script>alert(1)</script>", "\x00\x07", "é" * 300])
_ANY_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | _ANY_TEXT,
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=4), max_leaves=8)
_ENTRY = st.dictionaries(st.sampled_from(["goal", "step", "other"]), _ANY_TEXT | st.integers(), max_size=3)


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(_ENTRY, max_size=4) | _ANY_VALUE, rules=_ANY_VALUE,
       shared=st.none() | st.lists(st.sampled_from(["rules", "steps", "meet", "nope"]), max_size=3) | _ANY_VALUE)
def test_any_group_text_or_share_input_is_refused_clearly_or_cleaned_for_good(steps, rules, shared):
    """Whatever a page sends for a group, a text or the share list, is it either refused with an InputError
    or cleaned into answers that pass the check again unchanged?"""
    raw = {"meet": "always", "steps": steps, "rules": rules}
    if shared is not None:
        raw[SHARED] = shared
    try:
        cleaned = clean_answers(NEW_TYPES, raw)
    except InputError:
        return
    assert clean_answers(NEW_TYPES, cleaned) == cleaned
    assert all(isinstance(entry, dict) and entry for entry in cleaned["steps"])
