"""Drafts saved a moment after the last change (kit/ui/draft.py), on a real event loop."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from kit.ui.draft import DraftKeeper


def counting_saves(store) -> list[dict]:
    """The answers of every draft ``store`` saves from now on, in order (the saves still happen)."""
    saves: list[dict] = []
    original = store.save_draft

    def counting(*args, **kwargs):
        saves.append(dict(args[2]))
        return original(*args, **kwargs)

    store.save_draft = counting
    return saves


def test_a_burst_of_changes_is_saved_once_after_the_last_one(room):
    """Do five quick changes on the kernel's loop make one draft save, a moment after the last change,
    with the last answers; and does an unchanged page save nothing more?"""
    store, session, ana, _ = room
    page = {"s1": "yes"}
    saves = counting_saves(store)
    keeper = DraftKeeper(store, ana.key, "confidentiality", lambda: dict(page), delay=0.05)

    async def type_quickly():
        for value in ("yes", "no", "not_sure", "no", "yes"):
            page["s1"] = value
            keeper.changed()
            await asyncio.sleep(0.01)
        assert saves == []  # nothing yet: still typing
        await asyncio.sleep(0.2)
        keeper.changed()  # the same page again
        await asyncio.sleep(0.2)

    # On a thread of its own: another test's browser may have left a loop marked running here.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, type_quickly()).result(timeout=30)
    assert saves == [{"s1": "yes"}]
    assert store.get_draft(ana.key, "confidentiality")[0] == {"s1": "yes"}


def test_a_draft_waiting_for_its_timer_is_saved_by_flush_pending_and_only_once(room):
    """Does :func:`flush_pending` (what the kernel's exit runs) save a draft whose timer has not fired,
    with the last answers, and does the cancelled timer then save nothing more?"""
    from kit.ui import draft

    store, _session, ana, _ = room
    page = {"s1": "no"}
    saves = counting_saves(store)
    keeper = DraftKeeper(store, ana.key, "confidentiality", lambda: dict(page), delay=0.2)

    async def type_then_shut_down():
        keeper.changed()
        page["s1"] = "yes"
        keeper.changed()
        assert saves == []  # still waiting for the timer
        draft.flush_pending()  # the kernel is exiting
        await asyncio.sleep(0.4)  # past the timer's moment

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, type_then_shut_down()).result(timeout=30)
    assert saves == [{"s1": "yes"}]
    assert keeper not in draft._pending


SHUT_DOWN_BEFORE_THE_TIMER = """
import asyncio, sys
from kit.store import Store
from kit.ui.draft import DraftKeeper

store = Store(sys.argv[1])
keeper = DraftKeeper(store, sys.argv[2], "confidentiality", lambda: {"s1": "not_sure"}, delay=60)

async def main():
    keeper.changed()  # the timer would fire in a minute; the loop stops (the kernel shuts down) first

asyncio.run(main())
"""


def test_a_process_that_exits_before_the_timer_still_saves_the_draft(room):
    """When the process stops (its loop ended, as ipykernel's does on a shutdown request) before a
    draft's timer fired, is the draft saved on the way out?"""
    import subprocess
    import sys

    store, _session, ana, _ = room
    done = subprocess.run([sys.executable, "-c", SHUT_DOWN_BEFORE_THE_TIMER, store.url, ana.key],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert store.get_draft(ana.key, "confidentiality")[0] == {"s1": "not_sure"}


def _late_draft_case(room, monkeypatch, *, type_first: bool) -> dict:
    """Build a closure view over an older draft, then let another kernel save a newer draft (as a
    reloaded page's old kernel does when it exits); ``type_first``: the participant types on the new
    page before the view looks again. Returns the form's answers after the look."""
    from kit.content import load_content
    from kit.ui import draft as draft_module
    from kit.ui.exercise import ExerciseView

    monkeypatch.setattr(draft_module, "LOOK_AGAIN_AFTER", 0.2)
    store, session, ana, _ = room
    closure = load_content()["closure"]
    store.save_draft(ana.key, closure.id, {"goals_achieved": "typed th"})

    async def reload():
        view = ExerciseView(store, closure, session, ana, poll_seconds=None)
        shown = view.form.answers
        await asyncio.sleep(0.02)
        if type_first:
            view.form.fields["insight"].control.value = "new page"
        store.save_draft(ana.key, closure.id, {"goals_achieved": "typed the rest"})  # the old kernel's exit
        await asyncio.sleep(0.5)
        return view, shown

    with ThreadPoolExecutor(1) as pool:
        view, shown = pool.submit(asyncio.run, reload()).result(timeout=30)
    assert shown == {"goals_achieved": "typed th"}
    return view.form.answers


def test_a_draft_saved_just_after_the_view_was_built_is_put_back(room, monkeypatch):
    """After a reload the new page may read the drafts before the old kernel saved its last letters at
    exit: does the view look once more and show the newer draft?"""
    assert _late_draft_case(room, monkeypatch, type_first=False) == {"goals_achieved": "typed the rest"}


def test_a_late_draft_never_replaces_what_was_typed_on_the_new_page(room, monkeypatch):
    """If the participant already typed on the new page, does the late look leave the page alone?"""
    answers = _late_draft_case(room, monkeypatch, type_first=True)
    assert answers == {"goals_achieved": "typed th", "insight": "new page"}
