"""The pair talk's light rules: the countdown and the switch moment computed from the session's
settings at hand-picked times, the timer setting read defensively, and the takeaway cleaned."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from kit import kinds
from kit.content import load_content
from kit.errors import InputError
from kit.kinds.pairtalk import TIMERS_KEY, Timer, countdown, switch_seconds, talk_seconds, timer, with_timer

CONTENT = load_content()
EXERCISE = CONTENT["active_listening"]
ITEM = EXERCISE.items[0]
KIND = kinds.get("pairtalk")
START = datetime(2026, 11, 27, 21, 0, 0, tzinfo=timezone.utc)


def settings_at(seconds=360, switch_at=180, started=START):
    return {TIMERS_KEY: {EXERCISE.id: {"started_at": started.isoformat(), "seconds": seconds, "switch_at": switch_at}}}


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def test_the_content_gives_six_minutes_with_a_switch_at_half_time():
    """Does a six-minute item last 360 s and switch roles at 180 s?"""
    assert (talk_seconds(ITEM), switch_seconds(ITEM)) == (360, 180)


@pytest.mark.parametrize("elapsed, state, remaining, switched, text", [
    (0, "running", 360, False, "6:00"),
    (0.4, "running", 360, False, "6:00"),  # rounded up: a started talk never shows less than it has
    (1, "running", 359, False, "5:59"),
    (179.5, "running", 181, False, "3:01"),
    (180, "running", 180, True, "3:00"),  # the switch moment
    (359.2, "running", 1, True, "0:01"),
    (360, "over", 0, True, "Time is up."),
    (4000, "over", 0, True, "Time is up."),
    (-5, "running", 360, False, "6:00"),  # a clock a little behind the facilitator's shows the full time
])
def test_the_countdown_at_hand_picked_times(elapsed, state, remaining, switched, text):
    """What do a phone and the projector show at these moments of a 6-minute talk started at 21:00?"""
    shown = countdown(timer(settings_at(), EXERCISE.id), at(elapsed))
    assert (shown.state, shown.remaining, shown.switched, shown.text) == (state, remaining, switched, text)
    assert shown.phase == ("" if state != "running" else "Switch roles" if switched else "First speaker")


def test_no_timer_is_idle_and_a_talk_without_switch_never_switches():
    """Is an exercise nobody started idle, and does a talk without a switch stay with the first speaker?"""
    assert countdown(timer({}, EXERCISE.id), at(10)).state == "idle"
    shown = countdown(timer(settings_at(switch_at=None), EXERCISE.id), at(300))
    assert (shown.state, shown.switched) == ("running", False)


def test_a_time_without_zone_is_read_as_utc_and_an_offset_is_converted():
    """Do a naive ISO time (UTC) and the same moment given at +01:00 give the same countdown?"""
    naive = settings_at(started=START.replace(tzinfo=None))
    paris = settings_at(started=START.astimezone(timezone(timedelta(hours=1))))
    assert countdown(timer(naive, EXERCISE.id), at(60)) == countdown(timer(paris, EXERCISE.id), at(60))


@pytest.mark.parametrize("entry", [
    None, "soon", [], {"started_at": "yesterday", "seconds": 360}, {"started_at": START.isoformat(), "seconds": "360"},
    {"started_at": START.isoformat(), "seconds": 0}, {"started_at": START.isoformat(), "seconds": 10 ** 9},
    {"started_at": 12, "seconds": 360}, {"started_at": "x" * 10_000, "seconds": 360},
])
def test_a_malformed_timer_setting_counts_as_not_started(entry):
    """Does a damaged or hand-edited timer setting show "waiting" rather than break the page?"""
    assert timer({TIMERS_KEY: {EXERCISE.id: entry}}, EXERCISE.id) is None
    assert timer({TIMERS_KEY: "all"}, EXERCISE.id) is None


def test_a_bad_switch_moment_is_dropped():
    """Is a switch moment outside the talk ignored rather than shown?"""
    assert timer(settings_at(switch_at=999), EXERCISE.id).switch_at is None
    assert timer(settings_at(switch_at=True), EXERCISE.id).switch_at is None


def test_starting_and_stopping_keep_other_exercises_timers():
    """Does starting one exercise's talk, then stopping it, leave another exercise's timer alone?"""
    other = {TIMERS_KEY: {"kick_starters": {"started_at": START.isoformat(), "seconds": 60, "switch_at": None}}}
    started = with_timer(other, EXERCISE.id, Timer(START, 360, 180))
    assert started[EXERCISE.id] == {"started_at": "2026-11-27T21:00:00+00:00", "seconds": 360, "switch_at": 180}
    assert set(started) == {"kick_starters", EXERCISE.id}
    assert with_timer({TIMERS_KEY: started}, EXERCISE.id, None) == other[TIMERS_KEY]


def test_the_takeaway_is_one_cleaned_line():
    """Is a takeaway cleaned like text (controls dropped, spaces collapsed onto one line)?"""
    assert KIND.clean(EXERCISE, ITEM, "  Summarise\n more\u200b\x07  often ") == "Summarise more often"
    assert KIND.clean(EXERCISE, ITEM, " \n ") is None
    assert not KIND.is_answered(ITEM, "   ")


def test_a_takeaway_too_long_or_not_text_is_refused_with_a_message():
    """Are a takeaway over the limit and a value of the wrong shape refused with a message?"""
    with pytest.raises(InputError, match="limit is 280"):
        KIND.clean(EXERCISE, ITEM, "x" * 281)
    for value in (["a"], {"a": 1}, 3):
        with pytest.raises(InputError, match="must be text"):
            KIND.clean(EXERCISE, ITEM, value)
    with pytest.raises(InputError):
        KIND.clean_unanswered(EXERCISE, ITEM, ["tampered"])


def test_the_takeaway_is_private_unless_shared():
    """Is a takeaway free text (private unless shared, withheld from exports) that prints escaped?"""
    assert KIND.free_text and not KIND.closed and not KIND.tidy_value
    assert "&lt;b&gt;" in KIND.print_html(ITEM, "<b>x</b>")


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=400), st.none(), st.integers(), st.lists(st.text(max_size=5), max_size=3)))
def test_hostile_takeaways_are_cleaned_or_refused(value):
    """Does any input either clean to one short line without control characters, or raise InputError?"""
    try:
        cleaned = KIND.clean(EXERCISE, ITEM, value)
    except InputError:
        return
    assert cleaned is None or (isinstance(cleaned, str) and len(cleaned) <= ITEM.max_length and "\n" not in cleaned
                               and not any(ord(c) < 32 for c in cleaned))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=12), st.one_of(st.none(), st.integers(), st.text(max_size=30),
                                                      st.booleans()), max_size=4),
       st.floats(min_value=-1e6, max_value=1e6))
def test_hostile_timer_settings_never_break_the_countdown(entry, elapsed):
    """Does any timer entry give a countdown between 0 and the talk's length, or none at all?"""
    shown = countdown(timer({TIMERS_KEY: {EXERCISE.id: entry}}, EXERCISE.id), at(elapsed))
    assert shown.state in ("idle", "running", "over") and 0 <= shown.remaining <= 3600
