"""Drafts saved a moment after the last change (kit/ui/draft.py), on a real event loop."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from kit.ui.draft import DraftKeeper


def test_a_burst_of_changes_is_saved_once_after_the_last_one(room):
    """Do five quick changes on the kernel's loop make one draft save, a moment after the last change,
    with the last answers; and does an unchanged page save nothing more?"""
    store, session, ana, _ = room
    page = {"s1": "yes"}
    saves = []
    original = store.save_draft

    def counting(*args, **kwargs):
        saves.append(dict(args[2]))
        return original(*args, **kwargs)

    store.save_draft = counting
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
