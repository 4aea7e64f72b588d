"""Pairing two phones in browser tests the way people do it: one asks by the other's code, the other
accepts on their own page (picked up by its poller)."""

from __future__ import annotations


def ask_to_pair(asker, owner) -> str:
    """``asker`` types the code shown on ``owner``'s page and presses "Ask to pair"; returns the code."""
    code = owner.inner_text(".mk-pair-code").strip()
    asker.get_by_label("Partner's pair code").fill(code)
    asker.get_by_role("button", name="Ask to pair").click()
    asker.locator(".mk-pair-status", has_text="Waiting for them to accept").wait_for()
    return code


def accept_request(owner, name: str | None = None):
    """Wait for the request on ``owner``'s page (from ``name``, if given) and press Accept."""
    request = owner.locator(".mk-pair-request", has_text=name or "wants to pair with you")
    request.wait_for(timeout=30_000)  # the owner's page polls every few seconds
    request.get_by_role("button", name="Accept").click()


def pair(asker, owner, asker_name: str | None = None) -> None:
    """Make ``asker`` and ``owner`` a pair (request, then Accept) and wait until both pages say so."""
    ask_to_pair(asker, owner)
    accept_request(owner, asker_name)
    owner.locator(".mk-pair-status", has_text="Paired with").wait_for()
    asker.locator(".mk-pair-status", has_text="Paired with").wait_for(timeout=30_000)
