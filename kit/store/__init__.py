"""Persistence: sessions, participants, append-only responses and pairs (SQLAlchemy Core).

Imported by every participant kernel, so it stays light: no pandas, matplotlib or ipywidgets.
"""

from kit.store.codes import format_pair_code, looks_like_code, new_join_code, new_pair_code, normalize_code
from kit.store.records import (
    PairingState,
    PairRequest,
    ParticipantRecord,
    ResponseRecord,
    SessionRecord,
    SessionSummary,
    SubmitResult,
)
from kit.store.pairing import MAX_REQUESTS, NO_PAIR_MESSAGE, TooManyRequests
from kit.store.answers import BUSY_MESSAGE, MAX_ANSWERS_BYTES
from kit.store.store import Store

__all__ = [
    "BUSY_MESSAGE",
    "MAX_ANSWERS_BYTES",
    "MAX_REQUESTS",
    "NO_PAIR_MESSAGE",
    "PairRequest",
    "PairingState",
    "ParticipantRecord",
    "ResponseRecord",
    "SessionRecord",
    "SessionSummary",
    "Store",
    "SubmitResult",
    "TooManyRequests",
    "format_pair_code",
    "looks_like_code",
    "new_join_code",
    "new_pair_code",
    "normalize_code",
]
