"""Long views built in groups (kit/ui/progressive.py), through the form that uses it: the first items
at once, the rest a moment later, nothing restored lost meanwhile, nothing left behind when closed.
The quiz's own use is tested in tests/kinds/quiz/test_view.py. Headless: widgets only."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from ipywidgets.widgets.widget import _instances

from kit.content import load_content, load_exercise
from kit.logic.answers import SHARED
from kit.ui import progressive
from kit.ui.form import Form
from tests.factories import run_async, run_without_loop

CLOSURE = load_content()["closure"]  # 13 items in sections
NEW_TYPES = load_exercise(Path(__file__).parents[1] / "content" / "cases" / "valid" / "new_types.yaml")


@pytest.fixture
def in_groups(monkeypatch):
    monkeypatch.setattr(progressive, "FIRST", 2)
    monkeypatch.setattr(progressive, "MORE", 3)
    monkeypatch.setattr(progressive, "MORE_AFTER", (0.02, 0.05))
    monkeypatch.setattr(progressive, "BETWEEN", (0.0, 0.01))


def _ids(exercise):
    return [item.id for item in exercise.items]


async def _until_whole(form: Form) -> None:
    while len(form.fields) < len(form.exercise.items):
        await asyncio.sleep(0.01)


def test_a_long_form_shows_its_first_items_then_the_rest(in_groups):
    """Does a form built under a running loop show its first items at once and add the others later,
    in order, each section heading once?"""
    ids = _ids(CLOSURE)
    assert len(ids) > 5

    async def build():
        form = Form(CLOSURE)
        first = list(form.fields)
        await _until_whole(form)
        return form, first

    form, first = run_async(build())
    assert first == ids[:2]
    assert list(form.fields) == ids
    shown = [c for c in form.children if c in {f.widget for f in form.fields.values()}]
    assert shown == [form.fields[i].widget for i in ids]
    headings = [c.value for c in form.children if "mk-section" in getattr(c, "value", "")]
    assert len(headings) == len({item.section for item in CLOSURE.items if item.section})


def test_what_was_restored_is_kept_until_its_item_is_built(in_groups, monkeypatch):
    """Are restored answers (and sharing) of items not built yet counted in the form's answers at
    once, so a draft or submit keeps them, and shown once the item is built?"""
    monkeypatch.setattr(progressive, "FIRST", 1)
    stored = {"meet": "always", "steps": [{"goal": "Lead", "step": "Ask"}], "rules": "<i>none</i>",
              SHARED: ["rules"]}

    async def build():
        form = Form(NEW_TYPES)
        form.restore(stored)
        early = form.answers
        built_early = "rules" in form.fields
        await _until_whole(form)
        return form, early, built_early

    form, early, built_early = run_async(build())
    assert not built_early
    assert early == stored
    assert form.answers == stored
    assert form.fields["rules"].get() == "<i>none</i>" and form.fields["rules"].share.value is True


def test_a_locked_form_locks_what_comes_later_and_reports_changes(in_groups):
    """Is an item built after the form was locked locked too, and does a late item's input tell the
    form when it changes (and not when it is built)?"""
    ids = _ids(CLOSURE)

    async def build():
        form = Form(CLOSURE)
        calls = []
        form.on_change(lambda: calls.append(1))
        form.restore({ids[-1]: "kept"})
        form.set_disabled(True)
        await _until_whole(form)
        quiet = len(calls)
        form.fields[ids[-1]].control.value = "changed"
        return form, quiet, len(calls)

    form, quiet, after = run_async(build())
    assert all(c.disabled for f in form.fields.values() for c in f.controls)
    assert quiet == 0 and after == 1


def test_a_form_closed_before_it_is_whole_leaves_no_widgets(in_groups):
    """When the room drops a view while its form is still growing, does closing stop the additions and
    close every widget it made, the late ones included?"""

    async def build_and_close():
        before = set(_instances)
        form = Form(CLOSURE)
        while len(form.fields) < 5:
            await asyncio.sleep(0.005)
        made = set(_instances) - before
        form.close()
        for model_id in made:  # what the room does with the widgets recorded when it built the view
            widget = _instances.get(model_id)
            if widget is not None:
                widget.close()
        built = len(form.fields)
        await asyncio.sleep(0.3)
        return form, before, built

    form, before, built = run_async(build_and_close())
    assert len(form.fields) == built < len(CLOSURE.items)
    assert set(_instances) - before == set()


def test_finish_builds_the_rest_now_and_no_loop_builds_all(in_groups):
    """Does finish() build every item at once (prefill needs them), and is a form made without a
    running loop (a script, the printable page) whole from the start?"""

    async def build():
        form = Form(CLOSURE)
        form.finish()
        whole = len(form.fields)
        await asyncio.sleep(0.2)  # nothing left to add, nothing added twice
        return form, whole

    form, whole = run_async(build())
    assert whole == len(CLOSURE.items) == len(form.fields)
    assert len(run_without_loop(lambda: Form(CLOSURE)).fields) == len(CLOSURE.items)


def test_a_view_may_ask_for_none_first_or_its_own_number(in_groups):
    """With a running loop, is a view's own first number used as asked, none included, and the kit's
    default otherwise; and without a loop (or with FIRST None) is everything built at once?"""

    async def counts():
        first = progressive.Stages.first_count
        return first(10, 0), first(10, 1), first(10), first(1, 5)

    assert run_async(counts()) == (0, 1, 2, 1)
    assert run_without_loop(lambda: progressive.Stages.first_count(10, 0)) == 10
