"""Opening a view's widgets together (kit/ui/batch.py): one message per widget, each with its final
state, and never a message naming a model the page has not been told about."""

from __future__ import annotations

import threading

import ipywidgets as widgets
import pytest
from ipywidgets.widgets import widget as widget_module

from kit.content import load_content
from kit.kinds import all as all_kinds
from kit.ui import batch as batch_module
from kit.ui.batch import batched, close_widgets, recording
from kit.apps.participant import exercise_view

CONTENT = load_content()


@pytest.fixture
def wire(monkeypatch):
    """What a page would receive, in order: ("open", id, state) and ("update", id, state)."""
    heard: list[tuple[str, str, dict]] = []
    create = widget_module.comm.create_comm

    def opening(**kwargs):
        made = create(**kwargs)
        heard.append(("open", made.comm_id, kwargs["data"]["state"]))
        return made

    def sending(widget, msg, buffers=None):
        if widget.comm is not None and getattr(widget.comm, "kernel", True) is not None:
            heard.append(("update", widget.comm.comm_id, msg.get("state", {})))

    monkeypatch.setattr(widget_module.comm, "create_comm", opening)
    monkeypatch.setattr(widget_module.Widget, "_send", sending)
    monkeypatch.setattr(batch_module, "_ORIGINAL_SEND", sending)
    return heard


def names(state) -> set[str]:
    return set(batch_module._names(state))


def assert_never_named_before_opened(heard) -> None:
    opened: set[str] = set()
    for what, model_id, state in heard:
        assert names(state) <= opened, f"{what} of {model_id} names models not opened yet"
        if what == "open":
            opened.add(model_id)


def test_a_widget_changed_after_construction_is_opened_once_with_its_final_state(wire):
    """Is a button whose class, tooltip and state change after it was made opened once, with all of
    it, and nothing more sent?"""
    with batched():
        button = widgets.Button(description="Up")
        button.add_class("mk-rank-up")
        button.tooltip = "Move up: Listening"
        button.disabled = True
    assert [what for what, model_id, _ in wire if model_id == button.model_id] == ["open"]
    assert [what for what, _, _ in wire] == ["open"] * 3  # its layout and style, then the button
    state = wire[-1][2]
    assert list(state["_dom_classes"]) == ["mk-rank-up"] and state["tooltip"] == "Move up: Listening" and state["disabled"]
    button.disabled = False  # after the batch: an update as usual
    assert wire[-1][0] == "update" and wire[-1][2] == {"disabled": False}


def test_recording_keeps_what_was_made_so_it_can_be_closed(wire):
    """Does ``recording`` open what was made inside once each, add exactly their ids to the set it
    was given, and does ``close_widgets`` then close all of them (layouts and styles too)?"""
    from ipywidgets.widgets.widget import _instances

    kept = widgets.HTML("made before")
    heard_before = len(wire)
    made: set[str] = set()
    with recording(made):
        box = widgets.VBox([widgets.Button(description="Load it")])
    button = box.children[0]
    assert made == {box.model_id, box.layout.model_id, button.model_id, button.layout.model_id,
                    button.style.model_id}
    assert sorted(model_id for what, model_id, _ in wire[heard_before:]) == sorted(made)  # opened once each
    close_widgets(made | {"not a model"})
    assert not made & set(_instances) and kept.model_id in _instances


def test_containers_made_before_their_children_open_after_them(wire):
    """Is a box whose children and layout were made after it opened after them, so the page never
    hears of a model before it exists?"""
    with batched():
        box = widgets.VBox()
        box.children = [widgets.HTML("a"), widgets.HBox([widgets.Button()])]
        box.layout = widgets.Layout(width="100%")
    assert all(what == "open" for what, _, _ in wire)
    assert len(wire) == len({model_id for _, model_id, _ in wire})  # each once
    assert_never_named_before_opened(wire)
    assert wire[-1][1] == box.model_id


def test_an_open_page_naming_a_waiting_view_opens_the_view_first(wire):
    """When a view made in a batch is put on an open page before the batch ends (a form's later
    items), are the view's widgets opened before the page's update that shows them?"""
    page = widgets.VBox()
    wire.clear()
    with batched():
        later = widgets.VBox([widgets.HTML("b")])
        page.children = [later]
        later.add_class("mk-more")  # already open by now: sent as an update
    kinds = [what for what, _, _ in wire]
    assert kinds == ["open"] * 5 + ["update", "update"]  # the view, its child, their layouts and style
    assert_never_named_before_opened(wire)


def test_a_widget_closed_before_the_batch_ends_is_never_opened(wire):
    """Does a widget made and closed inside a batch never reach the page, and leave no instance?"""
    with batched():
        gone = widgets.Layout(width="1px")  # a model with no models of its own
        gone_id = gone.model_id
        gone.close()
        kept = widgets.Layout(width="2px")
    assert [model_id for _, model_id, _ in wire] == [kept.model_id]
    assert gone_id not in widget_module._instances


def test_batches_nest_and_open_at_the_outermost_end(wire):
    """Does an inner batch (a view built inside the page's build) leave the opening to the outer one?"""
    with batched():
        with batched():
            inner = widgets.Layout(width="100%")
        assert wire == []
        outer = widgets.Box(layout=inner)
    assert [model_id for _, model_id, _ in wire] == [inner.model_id, outer.model_id]


def test_an_exception_still_opens_what_was_made(wire):
    """Are the widgets made before a failure opened all the same (the room shows an error instead of
    the view, and the page must not be left naming unknown models)?"""
    with pytest.raises(RuntimeError):
        with batched():
            made = widgets.Layout(width="1px")
            raise RuntimeError("broken exercise")
    assert [model_id for _, model_id, _ in wire] == [made.model_id]
    assert widget_module.Widget._send is not batch_module._send


def test_other_threads_open_their_widgets_as_usual(wire):
    """Is a widget made in another thread while a batch is open opened at once, as usual?"""
    made = []
    with batched():
        worker = threading.Thread(target=lambda: made.append(widgets.Layout(width="1px")))
        worker.start()
        worker.join()
        assert [model_id for _, model_id, _ in wire] == [made[0].model_id]


@pytest.mark.parametrize("exercise_id", list(CONTENT))
def test_every_exercise_view_is_opened_in_one_message_per_widget(wire, room, exercise_id):
    """Does building each shipped exercise's view in a batch send one message per widget model and
    no update, never naming a model before it is opened?"""
    store, session, ana, _ = room
    with batched():
        exercise_view(store, CONTENT, CONTENT[exercise_id], session, ana, poll_seconds=None)
    assert wire and all(what == "open" for what, _, _ in wire)
    assert len(wire) == len({model_id for _, model_id, _ in wire})
    assert_never_named_before_opened(wire)


def test_the_kinds_registry_is_what_the_shipped_exercises_use():
    """(Guard for the test above.) Do the shipped exercises use every registered kind, so the batch is
    tried on every kind's view?"""
    used = {item.type for exercise in CONTENT.values() for item in exercise.items}
    assert {kind.type for kind in all_kinds()} - used <= {"group"}
