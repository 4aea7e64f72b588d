"""Opening a view's widgets together, each once, with its final state.

ipywidgets opens a widget's model in the browser the moment the widget is constructed, and every
trait set afterwards is one more message: a class added, a tooltip or a label drawn, a button
disabled. Building a view that way costs about two messages per widget, and every message goes
through the kernel, the one server and the page. When a whole room builds the same view at once (a
facilitator jumping to an exercise nobody built ahead), those messages are the room's time.

Inside :func:`batched`, widgets made are not opened yet: each gets an id at once (containers can name
it) and is opened when the batch ends, with the state it has by then, after the widgets it names.
A message from an already open widget that names a waiting one (a view appended to a page) opens
the waiting widgets first, so the page never hears of a model before it exists.

The hook is ipywidgets' own construction callback (``Widget.on_widget_constructed``, which nothing
else in a kernel uses) and a wrapper of ``Widget._send`` while a batch is open, in that thread only.
"""

from __future__ import annotations

import logging
import threading
import uuid
from contextlib import contextmanager
from typing import Any, Iterator

from ipywidgets._version import __protocol_version__
from ipywidgets.widgets import widget as _widget_module
from ipywidgets.widgets.widget import Widget, _instances, _remove_buffers

log = logging.getLogger(__name__)

_ORIGINAL_SEND = Widget._send
_local = threading.local()
_lock = threading.Lock()
_open_batches = 0  # in any thread: the class-level hooks stay installed while one is open
_previous_callback: Any = None


class _Unopened:
    """Stands in for a widget's comm until its batch opens it: it gives the model's id, and the
    messages a closed-to-the-page widget would send are dropped (the opening carries the final state)."""

    kernel = None  # ``Widget._send`` sends nothing through a comm without a kernel

    def __init__(self) -> None:
        self.comm_id = uuid.uuid4().hex

    def on_msg(self, callback: Any) -> None:
        """Nothing can come from the page before the model is opened."""

    def send(self, *args: Any, **kwargs: Any) -> None:  # pragma: no cover - ``_send`` never calls it
        """Dropped, like every message before the opening."""

    def close(self, *args: Any, **kwargs: Any) -> None:
        """A widget closed before its batch ended is simply never opened."""


class Batch:
    """The widgets made in one thread's batch, waiting to be opened."""

    def __init__(self) -> None:
        self.waiting: dict[str, tuple[Widget, _Unopened]] = {}
        self.depth = 0

    def hold(self, widget: Widget) -> None:
        """Give a just-constructed ``widget`` an id without opening it."""
        stand_in = _Unopened()
        widget.comm = stand_in  # registers the widget under this id, as an opened one would be
        self.waiting[stand_in.comm_id] = (widget, stand_in)

    def open_all(self) -> None:
        """Open every waiting widget, each after those it names."""
        while self.waiting:
            self._open(next(iter(self.waiting)))

    def _open(self, model_id: str) -> None:
        widget, stand_in = self.waiting.pop(model_id, (None, None))
        if widget is None or widget.comm is not stand_in:  # opened already, or closed meanwhile
            return
        state = widget.get_state()
        for named in _names(state):
            if named in self.waiting:
                self._open(named)
        # What ``Widget.open`` does, with the state just read (reading it is most of the cost), under
        # the id the widget was given.
        state, buffer_paths, buffers = _remove_buffers(state)
        widget.comm = None
        widget.comm = _widget_module.comm.create_comm(target_name="jupyter.widget",
                                       data={"state": state, "buffer_paths": buffer_paths}, buffers=buffers,
                                       metadata={"version": __protocol_version__}, comm_id=widget._model_id)


def _names(value: Any) -> Iterator[str]:
    """The model ids a widget's (JSON) state names."""
    if isinstance(value, str):
        if value.startswith("IPY_MODEL_"):
            yield value[10:]
    elif isinstance(value, dict):
        for item in value.values():
            yield from _names(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _names(item)


def _current() -> Batch | None:
    batch = getattr(_local, "batch", None)
    return batch if batch is not None and batch.depth > 0 else None


def _constructed(widget: Widget) -> None:
    if callable(_previous_callback):
        _previous_callback(widget)
    batch = _current()
    if batch is not None:
        batch.hold(widget)


def _send(widget: Widget, msg: dict, buffers: Any = None) -> None:
    batch = _current()
    if batch is not None and batch.waiting and not isinstance(widget.comm, _Unopened):
        if any(named in batch.waiting for named in _names(msg.get("state", {}))):
            batch.open_all()
    _ORIGINAL_SEND(widget, msg, buffers)


@contextmanager
def batched() -> Iterator[Batch]:
    """Open the widgets made inside this block together when it ends, each with its final state.
    Batches nest (the outermost one opens); an exception still opens what was made."""
    global _open_batches, _previous_callback
    batch = getattr(_local, "batch", None)
    if batch is None:
        batch = _local.batch = Batch()
    batch.depth += 1
    with _lock:
        if _open_batches == 0:
            _previous_callback = Widget._widget_construction_callback
            Widget._widget_construction_callback = staticmethod(_constructed)
            Widget._send = _send
        _open_batches += 1
    try:
        yield batch
    finally:
        batch.depth -= 1
        with _lock:
            _open_batches -= 1
            if _open_batches == 0:
                Widget._widget_construction_callback = _previous_callback
                Widget._send = _ORIGINAL_SEND
        if batch.depth == 0:
            batch.open_all()


@contextmanager
def recording(into: set[str]) -> Iterator[None]:
    """:func:`batched`, adding the model ids of the widgets made inside to ``into``. A view that adds
    parts after it was built (a pairing box, a print panel) records them so that closing the view
    closes them too (:func:`close_widgets`): the room only knows what was made with the view."""
    before = set(_instances)
    try:
        with batched():
            yield
    finally:
        into.update(set(_instances) - before)


def close_widgets(ids: set[str]) -> None:
    """Close every widget whose model id is in ``ids`` (a view's whole tree, hidden parts, layouts and
    styles included), stopping their pollers first, so nothing is left behind in the kernel or the page."""
    for model_id in ids:
        widget = _instances.get(model_id)
        if widget is None:
            continue
        poller = getattr(widget, "poller", None)
        if poller is not None:
            poller.stop()
        try:
            widget.close()
        except Exception:  # a half-built widget must not stop the others from closing
            log.exception("closing a widget failed")
