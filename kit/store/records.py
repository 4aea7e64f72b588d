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
class PairRecord:
    """Two participants paired for one exercise (``a_key`` is the one who joined first)."""

    exercise_id: str
    a_key: str
    b_key: str
    created_at: datetime
