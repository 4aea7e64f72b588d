"""Moderation lists in the session's settings, shared by the word cloud and the Q&A (kit/logic/moderation.py)."""

from kit.logic.moderation import chosen, with_chosen


def test_a_plain_list_per_exercise_takes_and_gives_back_values():
    """Is a value added once, kept sorted, removed again, and are other exercises' lists kept?"""
    settings = {"hidden_words": {"other": ["x"]}}
    new = with_chosen(settings, "hidden_words", "cloud", "patient", True)
    new = with_chosen({"hidden_words": new}, "hidden_words", "cloud", "kind", True)
    new = with_chosen({"hidden_words": new}, "hidden_words", "cloud", "kind", True)
    assert new == {"other": ["x"], "cloud": ["kind", "patient"]}
    assert chosen({"hidden_words": new}, "hidden_words", "cloud") == ["kind", "patient"]
    assert with_chosen({"hidden_words": new}, "hidden_words", "cloud", "kind", False)["cloud"] == ["patient"]


def test_named_lists_keep_each_other_and_malformed_settings_read_empty():
    """Does changing one named list keep the others (all named lists present), and does anything
    malformed in stored settings read as empty rather than fail?"""
    settings = {"qa": {"ex": {"answered": ["q1"], "hidden": "not a list"}}}
    new = with_chosen(settings, "qa", "ex", "q2", True, "hidden", ("answered", "hidden"))
    assert new == {"ex": {"answered": ["q1"], "hidden": ["q2"]}}
    for broken in ({}, {"qa": []}, {"qa": {"ex": ["q1"]}}, {"qa": {"ex": {"hidden": [1, None]}}}):
        assert chosen(broken, "qa", "ex", "hidden") == []
    assert chosen({"hidden_words": {"cloud": [1, "a"]}}, "hidden_words", "cloud") == ["a"]
