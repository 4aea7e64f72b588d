"""Small exercises built in code, for tests that need hand-worked numbers."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from kit import paths
from kit.content import load_exercise
from kit.content.model import Exercise, Item, Option, Pairing, Scale, Source

YNU = Scale("ynu", (Option("yes", "Yes"), Option("no", "No"), Option("not_sure", "Not sure", unsure=True)))


def tiny_exercise(n_items: int = 3, *, with_text: bool = False, pairing: bool = True) -> Exercise:
    """An exercise with ``n_items`` Yes/No/Not sure statements s1..sN (and optionally a text item)."""
    items = [Item(id=f"s{i}", type="choice", text=f"Statement {i}", scale=YNU, discuss=f"Discuss {i}")
             for i in range(1, n_items + 1)]
    if with_text:
        items.append(Item(id="note", type="text", text="Anything else?", required=False, max_length=50))
    return Exercise(
        id="tiny", title="Tiny <checklist>", summary="A tiny test exercise", instructions="Answer.\n\nThen compare.",
        source=Source(document="test", attribution="Made for tests"), facilitator_note="", duration_minutes=5,
        items=tuple(items), scales=MappingProxyType({"ynu": YNU}), notebook="tiny.ipynb", order=1,
        pairing=Pairing(enabled=True, intro="Compare.", agree="Same.", differ="Differ!", unsure="Unsure!") if pairing else None,
        path=Path("tiny.yaml"),
    )


def confidentiality() -> Exercise:
    """The shipped Confidentiality Checklist."""
    return load_exercise(paths.data_dir() / "exercises" / "confidentiality.yaml")


def svg_texts(data: bytes) -> list[str]:
    """The text lines of an SVG chart as the browser will draw them; fails unless ``data`` is an SVG
    document whose text was left as text (not turned into glyph paths)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(bytes(data))
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts, "no <text> elements: the chart's text was drawn as paths"
    return texts


def pair_up(store, asker, owner) -> None:
    """Pair two participants the only way the kit allows: ``asker`` types ``owner``'s code and
    ``owner`` accepts the request."""
    assert store.request_partner(asker.key, owner.pair_code) in ("waiting", "paired")
    for request in store.pairing_state(owner.key).incoming:
        store.answer_request(owner.key, request.id, True)
    assert store.partner(asker.key) == owner


class Clock:
    """A store's clock moved by hand (``store.clock = Clock()``), so the pairing attempt limit is tested
    without waiting a minute."""

    def __init__(self) -> None:
        from datetime import datetime, timezone

        self.now = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now


def run_async(coroutine):
    """Run ``coroutine`` to the end on an event loop of its own, in a thread of its own, and return
    its result: in the whole suite the browser tier's Playwright (sync API) keeps a loop running in
    the test thread, where ``asyncio.run`` refuses to start."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=120)


def run_without_loop(function):
    """Call ``function()`` in a thread of its own, where no event loop runs, and return its result:
    plain Python (a script, a test) as the kit sees it, even in the whole suite, where the browser
    tier's Playwright keeps a loop marked running in the test thread."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function).result(timeout=120)
