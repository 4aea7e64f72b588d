from kit.logic.visibility import is_open, is_revealed, open_exercises, with_open, with_revealed

IDS = ["a", "b", "c"]


def test_new_session_has_everything_open_and_nothing_revealed():
    """Does a session without settings open every exercise and reveal none?"""
    assert open_exercises({}, IDS) == IDS and is_open({}, "b")
    assert not is_revealed({}, "a")


def test_open_and_close_keep_content_order():
    """Do opening and closing one exercise keep the others and the content order?"""
    closed_b = with_open({}, IDS, "b", False)
    assert closed_b == ["a", "c"]
    assert not is_open({"open": closed_b}, "b")
    assert with_open({"open": closed_b}, IDS, "b", True) == IDS
    assert with_open({"open": []}, IDS, "c", True) == ["c"]
    assert open_exercises({"open": ["zzz", "c"]}, IDS) == ["c"]  # an exercise removed from content is ignored


def test_reveal_and_hide():
    """Are reveal and hide idempotent per exercise?"""
    r = with_revealed({}, "a", True)
    assert r == ["a"] and with_revealed({"revealed": r}, "a", True) == ["a"]
    assert with_revealed({"revealed": ["a", "b"]}, "a", False) == ["b"]
