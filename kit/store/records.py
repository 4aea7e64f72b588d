"""What the store hands back: small frozen dataclasses, detached from any database connection.

All datetimes are timezone-aware UTC, whichever database they came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

ANONYMOUS_LABEL = "Anonymous participant"


@dataclass(frozen=True)
class SessionRecord:
    """One workshop session (one cohort on one day)."""

    id: int
    code: str
    name: str
    created_at: datetime
    closed_at: datetime | None
    k_threshold: int
    settings: dict[str, Any]

    @property
    def is_open(self) -> bool:
        """Whether participants can still join and submit."""
        return self.closed_at is None


@dataclass(frozen=True)
class SessionSummary:
    """A line in the facilitator's list of sessions."""

    code: str
    name: str
    created_at: datetime
    closed_at: datetime | None
    participants: int
    #: How many (participant, exercise) combinations have at least one response.
    responses: int

    @property
    def is_open(self) -> bool:
        """Whether the session is still open."""
        return self.closed_at is None


@dataclass(frozen=True)
class ParticipantRecord:
    """One participant of one session; ``key`` is their secret pseudonymous identity."""

    id: int
    session_id: int
    key: str
    display_name: str | None
    pair_code: str
    created_at: datetime

    @property
    def label(self) -> str:
        """The name to show: the display name, or a neutral label for anonymous participants."""
        return self.display_name or ANONYMOUS_LABEL


@dataclass(frozen=True)
class ResponseRecord:
    """One stored revision of a participant's answers to one exercise."""

    exercise_id: str
    revision: int
    answers: dict[str, Any]
    submission_id: str
    created_at: datetime
    #: Which run of the exercise (a quiz run before and after the talk: 1 and 2; otherwise 1).
    run: int = 1


@dataclass(frozen=True)
class SubmitResult:
    """The outcome of :meth:`Store.submit`: the revision that now counts, and whether it is new."""

    response: ResponseRecord
    created: bool


@dataclass(frozen=True)
class PairRequest:
    """A request to pair that waits for my answer: what its owner may see of the requester, who asked
    by typing the owner's code (their name, or None when anonymous, and their own pair code)."""

    id: int
    name: str | None
    code: str
    created_at: datetime

    @property
    def label(self) -> str:
        """The requester's name, or a neutral label when anonymous."""
        return self.name or ANONYMOUS_LABEL


@dataclass(frozen=True)
class PairingState:
    """Where a participant stands in pairing, read in one transaction for their page.

    Nothing in it shows anything of a person who has not agreed: before an accepted pair the
    requester knows only the code they typed, and the owner only the requester's name and code.
    """

    #: The accepted partner (None when not paired) and since when.
    partner: ParticipantRecord | None = None
    since: datetime | None = None
    #: Requests to me that wait for Accept or Decline, oldest first.
    incoming: tuple[PairRequest, ...] = ()
    #: The code of my own request that waits for its owner (None: no request waiting).
    waiting_code: str | None = None
    #: The code of my latest request when it made no pair (unknown code, declined, or the person paired
    #: with someone else): one neutral message for all of them, so a guess learns nothing more.
    refused_code: str | None = None
    #: The name (None: anonymous) and time of the partner who left our pair, until I pair again.
    left_by: tuple[str | None, datetime] | None = None
    #: When the attempt limit lets me ask again (None: now).
    retry_at: datetime | None = None


def participant_record(row: Any) -> ParticipantRecord:
    """A :class:`ParticipantRecord` from a row of the ``participants`` table."""
    return ParticipantRecord(
        id=row.id, session_id=row.session_id, key=row.key, display_name=row.display_name,
        pair_code=row.pair_code, created_at=row.created_at,
    )
