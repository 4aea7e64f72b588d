"""The one document two partners fill in together (pairing mode ``shared``, e.g. a mentoring agreement).

Each partner's submits are stored as that partner's own revisions (responses stay append-only and
per participant); the pair's document is whichever of the two latest responses was saved last. A
page remembers which version it was loaded from, and a submit from a page that is behind is refused,
so nobody overwrites their partner's newer version without having seen it.

Pure rules over :class:`kit.store.Store` reads: no widgets, so they are tested on both databases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kit.errors import InputError
from kit.store import ParticipantRecord, ResponseRecord, Store


@dataclass(frozen=True)
class Version:
    """One version of the pair's document: the stored response and who saved it."""

    response: ResponseRecord
    author: ParticipantRecord

    @property
    def token(self) -> tuple[str, int]:
        """What identifies this version: its author's key and revision (a page keeps it)."""
        return (self.author.key, self.response.revision)

    @property
    def answers(self) -> dict:
        """The document's answers."""
        return self.response.answers

    def saved_at(self) -> str:
        """When it was saved, as the room's clock shows it (HH:MM)."""
        return self.response.created_at.astimezone().strftime("%H:%M")

    def is_by(self, participant: ParticipantRecord) -> bool:
        """Whether ``participant`` saved this version."""
        return self.author.key == participant.key


class Conflict(InputError):
    """A submit from a page that is behind the pair's latest version; its message says what to do."""

    def __init__(self, latest: Version | None, me: ParticipantRecord):
        self.latest = latest
        if latest is None:  # cannot happen with append-only responses, but say something true
            text = "The agreement changed while you were editing: reload the page, then make your change again."
        elif latest.is_by(me):
            text = (f"You saved a newer version at {latest.saved_at()} (in another tab?) while this page was open: "
                    "load it, then make your change again.")
        else:
            text = (f"{partner_label(latest.author)} saved a newer version at {latest.saved_at()} while you were "
                    "editing: load it, then make your change again.")
        super().__init__(text)


def partner_label(partner: ParticipantRecord) -> str:
    """How the partner is called on the page: their name, or "Your partner" when anonymous."""
    return partner.display_name or "Your partner"


#: ``current_version``'s default: read the partner from the store.
_READ: Any = object()


def current_version(store: Store, me: ParticipantRecord, exercise_id: str,
                    partner: ParticipantRecord | None = _READ) -> Version | None:
    """The pair's document as it stands: the later of my latest response and my partner's (None when
    neither has saved). Without a partner it is simply my own latest response.

    ``partner``: my partner (or None) as just read from the store, e.g. by the pairing view's refresh
    a moment before, which saves reading the pairing again (a page polls this every few seconds);
    read here when not given.
    """
    candidates: list[Version] = []
    mine = store.latest_response(me.key, exercise_id)
    if mine is not None:
        candidates.append(Version(mine, me))
    if partner is _READ:
        partner = store.partner(me.key)
    if partner is not None:
        theirs = store.latest_response(partner.key, exercise_id)
        if theirs is not None:
            candidates.append(Version(theirs, partner))
    if not candidates:
        return None
    # Timestamps decide; on an exact tie (two clocks, same microsecond) my own version wins, so the
    # answer is stable from refresh to refresh.
    return max(candidates, key=lambda v: (v.response.created_at, v.is_by(me)))


def check_current(store: Store, me: ParticipantRecord, exercise_id: str,
                  loaded: tuple[str, int] | None) -> Version | None:
    """Refuse a submit from a page loaded from version ``loaded`` (a :attr:`Version.token`, None for
    an empty document) when the pair's document has moved on since: raises :class:`Conflict`.

    Returns the current version (the one the submit builds on) otherwise.
    """
    latest = current_version(store, me, exercise_id)
    if (latest.token if latest else None) != loaded:
        raise Conflict(latest, me)
    return latest
