"""Acting on a press only once the page has sent what was typed before it (kit/ui/sync.py).

The page itself is exercised in tests/browser/test_typing.py; here the page's answer (its copy of the
asked number) is given by hand, in an event loop as in a kernel."""

from __future__ import annotations

import asyncio

import pytest

from kit.ui import sync
from kit.ui.exercise import ExerciseView
from tests.factories import run_async, tiny_exercise


class Reachable(sync.PageSync):
    """A sync whose page is taken to be there (its answer is set by the test)."""

    def alive(self) -> bool:
        return True


def answer(page: sync.PageSync) -> None:
    """What the page does once it has sent everything it held: copy the asked number back."""
    page.heard.value = page.asked.value


def test_without_a_page_the_work_runs_at_once():
    """In plain Python (no kernel, so no page), does a press's work run straight away?"""
    ran = []
    sync.after_page_sync(lambda: ran.append(1))
    assert ran == [1]


def test_work_waits_for_the_page_and_runs_once_in_order():
    """Does work wait until the page copies the asked number back, run once, and do two presses
    answered together both run, in the order pressed?"""
    page, ran = Reachable(), []

    async def press():
        page.after(lambda: ran.append("first"))
        assert ran == [] and page.asked.value == 1
        answer(page)
        assert ran == ["first"]
        page.after(lambda: ran.append("second"))
        page.after(lambda: ran.append("third"))
        assert ran == ["first"]
        answer(page)
        answer(page)  # a copy arriving twice runs nothing again

    run_async(press())
    assert ran == ["first", "second", "third"]
    page.close()


def test_a_page_that_never_answers_does_not_drop_the_press(monkeypatch):
    """If the page never answers (closed, connection lost), does the work still run, later?"""
    monkeypatch.setattr(sync, "WAIT_SECONDS", 0.01)
    page, ran = Reachable(), []

    async def press():
        page.after(lambda: ran.append(1))
        assert ran == []
        while not ran:
            await asyncio.sleep(0.01)

    run_async(asyncio.wait_for(press(), 30))
    assert ran == [1]
    page.close()


def test_a_submit_stores_the_letters_that_arrive_after_the_press(room, monkeypatch):
    """Do the letters that reach the kernel after Submit was pressed (they were still in the page) go
    into the stored answers, with the button locked and the page saying "Saving…" meanwhile?"""
    store, session, ana, _ = room
    page = Reachable()
    monkeypatch.setattr(sync, "_sync", page)
    monkeypatch.setattr(sync, "_in_kernel", lambda: True)
    exercise = tiny_exercise(with_text=True, pairing=False)
    view = ExerciseView(store, exercise, session, ana, poll_seconds=None)
    note = view.form.fields["note"].control

    async def type_and_press():
        for field in view.form.fields.values():
            if field.item.scale is not None:
                field.control.value = field.item.scale.values()[0]
        note.value = "l"
        view.submit.click()
        assert store.latest_response(ana.key, exercise.id) is None
        assert view.submit.disabled and "Saving" in view.status.value
        note.value = "listeners"  # the rest of the word, sent by the page after the click
        answer(page)

    run_async(type_and_press())
    assert store.latest_response(ana.key, exercise.id).answers["note"] == "listeners"
    assert "Saved." in view.status.value and not view.submit.disabled
    page.close()


@pytest.fixture(autouse=True)
def fresh_sync(monkeypatch):
    """Each test starts without the kernel-wide sync of an earlier one."""
    monkeypatch.setattr(sync, "_sync", None)
