"""The session's agenda and pace (kit.logic.pacing): hand-worked settings in, changes or screens out."""

from __future__ import annotations

import pytest

from kit.errors import InputError
from kit.logic import pacing
from kit.logic.pacing import CHOOSE, DEFAULT_PAUSE, EXERCISE, LOBBY, PAUSED, Screen

IDS = ["a", "b", "c", "d"]


def merged(settings: dict, changes: dict) -> dict:
    """The settings after the store merged ``changes`` (top-level keys replaced)."""
    return {**settings, **changes}


# -- agenda and pace ---------------------------------------------------------------------------------


@pytest.mark.parametrize("settings,expected", [
    ({}, IDS),
    ({"agenda": None}, IDS),
    ({"agenda": "a,b"}, IDS),  # not a list: as if none were stored
    ({"agenda": ["c", "a"]}, ["c", "a"]),
    ({"agenda": []}, []),
    ({"agenda": ["c", "gone", "a"]}, ["c", "a"]),  # an exercise removed from the content files
    ({"agenda": ["c", "a", "c", 3, None]}, ["c", "a"]),  # repeats and non-ids from a hand-edited database
])
def test_agenda(settings, expected):
    """Is the agenda the stored order without unknown ids or repeats, and the content's order when
    none is stored?"""
    assert pacing.agenda(settings, IDS) == expected


def test_pace_reads_every_field():
    """Does pace read agenda, current (with its position), pause message and self-paced mode?"""
    state = pacing.pace({"agenda": ["c", "a", "b"], "current": "a", "paused": "Talk", "self_paced": True}, IDS)
    assert state == pacing.Pace(agenda=("c", "a", "b"), current="a", paused="Talk", self_paced=True)
    assert state.position == 1


@pytest.mark.parametrize("settings,current,paused,self_paced", [
    ({}, None, None, False),
    ({"current": "d", "agenda": ["a", "b"]}, None, None, False),  # taken off the agenda: nothing presented
    ({"current": "gone"}, None, None, False),  # removed from the content files
    ({"current": 7, "paused": 3, "self_paced": "yes"}, None, None, False),  # wrong types count as absent
    ({"current": "b", "paused": ""}, "b", "", False),  # "" is a pause with the default message
])
def test_pace_is_forgiving(settings, current, paused, self_paced):
    """Does a current exercise that left the agenda, or a value of the wrong type, count as absent?"""
    state = pacing.pace(settings, IDS)
    assert (state.current, state.paused, state.self_paced) == (current, paused, self_paced)
    assert state.position == (None if current is None else IDS.index(current))


# -- present and step --------------------------------------------------------------------------------


def test_present_makes_current_opens_it_and_ends_a_pause():
    """Does Present make the exercise current, open it when it was closed, and end a pause?"""
    settings = {"open": ["a"], "paused": "Look up", "current": "a"}
    assert pacing.present(settings, IDS, "c") == {"current": "c", "paused": None, "open": ["a", "c"]}


def test_present_leaves_open_alone_when_it_is_open_already():
    """With every exercise open (no list stored), does Present leave ``open`` untouched?"""
    assert pacing.present({}, IDS, "b") == {"current": "b", "paused": None}
    assert pacing.present({"open": ["b"]}, IDS, "b") == {"current": "b", "paused": None}


@pytest.mark.parametrize("settings,exercise_id,needle", [
    ({}, "zzz", "“zzz” does not exist. The agenda has: a, b, c, d."),
    ({"agenda": ["a", "b"]}, "c", "“c” is not on this session's agenda. The agenda has: a, b."),
    ({"agenda": []}, "a", "(the agenda is empty)"),
])
def test_present_refuses_what_is_not_on_the_agenda(settings, exercise_id, needle):
    """Is an unknown exercise, or one not on the agenda, refused with a message naming the agenda?"""
    with pytest.raises(InputError) as caught:
        pacing.present(settings, IDS, exercise_id)
    assert needle in str(caught.value)


@pytest.mark.parametrize("settings,direction,current", [
    ({}, 1, "a"),  # nothing presented: Next starts at the first
    ({}, -1, "d"),  # and Back at the last
    ({"current": "b"}, 1, "c"),
    ({"current": "b"}, -1, "a"),
    ({"agenda": ["d", "b", "a"], "current": "b"}, 1, "a"),  # the agenda's order, not the content's
    ({"agenda": ["d", "b", "a"], "current": "c"}, 1, "d"),  # current off the agenda: from the start
    ({"current": "gone"}, -1, "d"),  # current removed from content: as if nothing were presented
])
def test_step(settings, direction, current):
    """Do Next and Back present the neighbour in agenda order, and start at an end when nothing is
    presented?"""
    assert pacing.step(settings, IDS, direction)["current"] == current


def test_next_at_the_last_exercise_keeps_it_and_says_why():
    """Does Next at the last exercise keep it and say why?"""
    with pytest.raises(InputError, match="“d” is the last exercise of the agenda"):
        pacing.step({"current": "d"}, IDS, 1)


def test_the_end_of_the_agenda_names_the_exercise_by_its_title_when_known():
    """Does the message at either end name the exercise by its title when titles are given (a quick
    activity's id, ``quick_k7m2qx_3``, means nothing to the facilitator), and by its id otherwise?"""
    titles = {"d": "Closing round", "c": "Warm-up"}
    with pytest.raises(InputError, match="“Closing round” is the last exercise of the agenda"):
        pacing.step({"current": "d"}, IDS, 1, titles=titles)
    with pytest.raises(InputError, match="“Warm-up” is the first exercise of the agenda"):
        pacing.step({"agenda": ["c", "a"], "current": "c"}, IDS, -1, titles=titles)
    with pytest.raises(InputError, match="“d” is the last exercise of the agenda"):
        pacing.step({"current": "d"}, IDS, 1, titles={})


def test_back_at_the_first_exercise_keeps_it_and_says_why():
    """Does Back at the first exercise keep it and say why?"""
    with pytest.raises(InputError, match="“c” is the first exercise of the agenda"):
        pacing.step({"agenda": ["c", "a"], "current": "c"}, IDS, -1)


def test_step_on_an_empty_agenda():
    """Does Next on an empty agenda ask for an exercise to be added first?"""
    with pytest.raises(InputError, match="agenda is empty"):
        pacing.step({"agenda": []}, IDS, 1)


def test_step_ends_a_pause_and_opens_the_exercise():
    """Does Next during a pause end it, and open a closed exercise, as Present does?"""
    assert pacing.step({"current": "a", "paused": "", "open": ["a"]}, IDS, 1) == {
        "current": "b", "paused": None, "open": ["a", "b"]}


# -- pause, resume, self-paced --------------------------------------------------------------------


@pytest.mark.parametrize("message,stored", [
    (None, ""),
    ("", ""),
    ("   \n ", ""),
    ("  Discuss with\n\nyour   partner ", "Discuss with your partner"),
    ("x" * pacing.PAUSE_MAX, "x" * pacing.PAUSE_MAX),
])
def test_pause(message, stored):
    """Is a pause message stored on one line with single spaces, and "" for the default?"""
    assert pacing.pause(message) == {"paused": stored}


def test_an_overlong_pause_message_is_refused():
    """Is a pause message over the limit refused with the limit and the length given?"""
    with pytest.raises(InputError, match=f"at most {pacing.PAUSE_MAX} characters \\(201 given\\)"):
        pacing.pause("y" * 201)


def test_resume_and_self_paced():
    """Does Resume end a pause, and does switching self-paced on or off end it too?"""
    assert pacing.resume() == {"paused": None}
    assert pacing.self_paced(True) == {"self_paced": True, "paused": None}
    assert pacing.self_paced(0) == {"self_paced": False, "paused": None}


# -- changing the agenda -----------------------------------------------------------------------------


def test_with_agenda_stores_any_order_of_known_ids():
    """Is any order of known ids, shorter or empty, stored as it is?"""
    assert pacing.with_agenda(IDS, ["d", "a"]) == {"agenda": ["d", "a"]}
    assert pacing.with_agenda(IDS, []) == {"agenda": []}


@pytest.mark.parametrize("order,needle", [
    (["a", "zz", "b", "yy"], "Not an exercise: zz, yy."),
    (["a", "b", "a", "c", "c"], "An exercise can be on the agenda once: a, c."),
])
def test_with_agenda_refuses_unknown_ids_and_repeats(order, needle):
    """Are a typo and a repeat refused rather than silently dropped?"""
    with pytest.raises(InputError) as caught:
        pacing.with_agenda(IDS, order)
    assert str(caught.value) == needle


@pytest.mark.parametrize("exercise_id,offset,order", [
    ("c", -1, ["a", "c", "b", "d"]),
    ("c", 1, ["a", "b", "d", "c"]),
    ("a", -1, ["a", "b", "c", "d"]),  # clamped at the top
    ("d", 1, ["a", "b", "c", "d"]),  # and at the bottom
    ("b", 10, ["a", "c", "d", "b"]),
    ("c", -10, ["c", "a", "b", "d"]),
])
def test_moved(exercise_id, offset, order):
    """Does Up/Down move one place, clamped at the ends of the agenda?"""
    assert pacing.moved({}, IDS, exercise_id, offset) == {"agenda": order}


def test_moved_refuses_an_exercise_not_on_the_agenda():
    """Is moving an exercise that is not on the agenda refused?"""
    with pytest.raises(InputError, match="not on the agenda"):
        pacing.moved({"agenda": ["a"]}, IDS, "b", 1)


def test_removing_the_current_exercise_sends_the_room_to_the_lobby():
    """Does taking the presented exercise off the agenda leave nothing presented (phones: the lobby)?"""
    settings = {"current": "b"}
    changes = pacing.removed(settings, IDS, "b")
    assert changes == {"agenda": ["a", "c", "d"], "current": None}
    assert pacing.screen(merged(settings, changes), IDS) == Screen(LOBBY)


def test_removing_another_exercise_keeps_the_current_one():
    """Does taking another exercise off leave the presented one alone?"""
    assert pacing.removed({"current": "b"}, IDS, "d") == {"agenda": ["a", "b", "c"]}


def test_added_goes_to_the_end_once():
    """Is an added exercise put at the end, and adding it twice refused?"""
    assert pacing.added({"agenda": ["c", "a"]}, IDS, "b") == {"agenda": ["c", "a", "b"]}
    with pytest.raises(InputError, match="on the agenda already"):
        pacing.added({"agenda": ["c", "a"]}, IDS, "a")
    with pytest.raises(InputError, match="Not an exercise: zz"):
        pacing.added({}, IDS, "zz")


# -- what participants may open and see ------------------------------------------------------------------


@pytest.mark.parametrize("settings,expected", [
    ({}, IDS),
    ({"open": ["d", "a"]}, ["a", "d"]),
    ({"open": ["d", "a"], "agenda": ["d", "c", "a"]}, ["d", "a"]),  # agenda order, open ones only
    ({"open": [], "agenda": ["d"]}, []),
])
def test_choices(settings, expected):
    """Can a self-paced participant open exactly the open exercises on the agenda, in agenda order?"""
    assert pacing.choices(settings, IDS) == expected


@pytest.mark.parametrize("settings,requested,expected", [
    ({}, None, Screen(LOBBY)),  # a new session: nothing presented
    ({"current": "b"}, None, Screen(EXERCISE, "b")),
    ({"current": "b"}, "c", Screen(EXERCISE, "b")),  # an old link does not override the room's pace
    ({"current": "b", "open": ["a"]}, None, Screen(LOBBY)),  # presented, then closed in the set-up tab
    ({"current": "b", "agenda": ["a"]}, None, Screen(LOBBY)),  # presented, then taken off the agenda
    ({"current": "b", "paused": ""}, None, Screen(PAUSED, message=DEFAULT_PAUSE)),
    ({"current": "b", "paused": "Discuss"}, "b", Screen(PAUSED, message="Discuss")),
])
def test_screen_following_the_facilitator(settings, requested, expected):
    """Following the facilitator: the pause, else the presented open exercise, else the lobby?"""
    assert pacing.screen(settings, IDS, requested=requested) == expected


@pytest.mark.parametrize("settings,requested,expected", [
    ({"self_paced": True}, None, Screen(CHOOSE)),
    ({"self_paced": True}, "c", Screen(EXERCISE, "c")),
    ({"self_paced": True, "current": "b"}, None, Screen(CHOOSE)),  # nobody is taken away from the list
    ({"self_paced": True, "current": "b"}, "d", Screen(EXERCISE, "d")),
    ({"self_paced": True, "open": ["a"]}, "c", Screen(CHOOSE)),  # closed
    ({"self_paced": True, "agenda": ["a"]}, "c", Screen(CHOOSE)),  # not on the agenda
    ({"self_paced": True}, "zz", Screen(CHOOSE)),  # not an exercise
    ({"self_paced": True, "paused": "Look up"}, "c", Screen(PAUSED, message="Look up")),
])
def test_screen_self_paced(settings, requested, expected):
    """Self-paced: the chosen exercise when it may be opened, else the list; does a pause still reach
    every phone?"""
    assert pacing.screen(settings, IDS, requested=requested) == expected


@pytest.mark.parametrize("settings,requested,expected", [
    ({"current": "b", "paused": "Look up"}, None, Screen(CHOOSE)),  # no pause, no pace: look back
    ({"current": "b", "open": []}, "c", Screen(EXERCISE, "c")),  # closed ones too, read-only
    ({"agenda": ["a"]}, "c", Screen(CHOOSE)),  # but only the agenda
    ({"self_paced": True}, "zz", Screen(CHOOSE)),
])
def test_screen_after_the_session_ended(settings, requested, expected):
    """After the session ended, may people look back at any exercise on the agenda, paused or not?"""
    assert pacing.screen(settings, IDS, session_open=False, requested=requested) == expected


def test_a_workshop_walked_through():
    """Walking a short workshop: Next, Pause, Resume, Next, self-paced, back to paced: does every phone
    show what the facilitator chose at each step?"""
    settings: dict = {"open": []}
    shown = []
    for change in (lambda s: pacing.step(s, IDS, 1), lambda s: pacing.pause("Pairs!"), lambda s: pacing.resume(),
                   lambda s: pacing.step(s, IDS, 1), lambda s: pacing.self_paced(True),
                   lambda s: pacing.self_paced(False)):
        settings = merged(settings, change(settings))
        shown.append(pacing.screen(settings, IDS, requested="a"))
    assert shown == [Screen(EXERCISE, "a"), Screen(PAUSED, message="Pairs!"), Screen(EXERCISE, "a"),
                     Screen(EXERCISE, "b"), Screen(EXERCISE, "a"), Screen(EXERCISE, "b")]
    assert settings["open"] == ["a", "b"]


@pytest.mark.parametrize("settings,expected", [
    ({}, ["a"]),  # nothing presented yet: Next starts at the first
    ({"agenda": ["c", "a"]}, ["c"]),
    ({"current": "b"}, ["b", "c"]),
    ({"current": "b", "paused": "Look up"}, ["b", "c"]),  # a pause ends on the presented one
    ({"current": "d"}, ["d"]),  # the last: nothing after it
    ({"agenda": ["d", "a"], "current": "d"}, ["d", "a"]),
    ({"agenda": [], "current": "a"}, []),
    ({"current": "gone"}, ["a"]),  # a current exercise the content lost counts as none
])
def test_upcoming(settings, expected):
    """Does a paced page build ahead what Present or Next will most likely show, likeliest first?"""
    assert pacing.upcoming(settings, IDS) == expected


def test_pause_message_loses_invisible_characters():
    """Is a pause message shown on every phone stored without bidi controls or zero-width spaces?"""
    assert pacing.pause("\u202eLook\u200b up:\n discuss \u2067שלום\u2069")["paused"] == "Look up: discuss שלום"
