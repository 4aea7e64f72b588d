"""The database schema, as SQLAlchemy Core tables.

Responses are append-only: a resubmission is a new revision and the highest revision counts, so
nothing a participant submitted is ever overwritten.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

# Explicit constraint names keep the DDL identical on SQLite and PostgreSQL and make errors readable.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_N_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: Column sizes, also used for validation in the store.
SESSION_NAME_MAX = 80
DISPLAY_NAME_MAX = 40
TOKEN_MAX = 100
#: Room for the pair code (8 characters now; databases made when it had 4 are widened on open).
PAIR_CODE_MAX = 12


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware.

    PostgreSQL keeps the zone itself (``timestamptz``); SQLite has no zone support, so the value is
    stored as naive UTC and the zone is put back on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass a timezone-aware one")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(6), nullable=False, unique=True),
    Column("name", String(SESSION_NAME_MAX), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("k_threshold", Integer, nullable=False, default=3, server_default="3"),
    Column("settings", JSON, nullable=False, default=dict),
    CheckConstraint("k_threshold >= 1", name="k_threshold_positive"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id"), nullable=False),
    Column("key", String(TOKEN_MAX), nullable=False, unique=True),
    Column("display_name", String(DISPLAY_NAME_MAX), nullable=True),
    Column("pair_code", String(PAIR_CODE_MAX), nullable=False),
    Column("join_token", String(TOKEN_MAX), nullable=True, unique=True),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    # Also the index for "participants of a session" (session_id is its leading column).
    UniqueConstraint("session_id", "pair_code"),
)

responses = Table(
    "responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("exercise_id", String(TOKEN_MAX), nullable=False),
    Column("revision", Integer, nullable=False),
    # A quiz can run twice in one workshop (before and after the talk); every other exercise has run 1.
    Column("run", Integer, nullable=False, default=1, server_default="1"),
    Column("answers", JSON, nullable=False),
    Column("submission_id", String(TOKEN_MAX), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    # Serves "latest revision of this participant for this exercise and run" straight from the index.
    UniqueConstraint("participant_id", "exercise_id", "run", "revision"),
    CheckConstraint("revision >= 1", name="revision_positive"),
    CheckConstraint("run >= 1", name="run_positive"),
)

# The facilitator's aggregate starts from the exercise and joins the session's participants: with
# this index the database reads only that exercise's rows, newest revision last per participant.
Index("ix_responses_exercise_participant_run_revision", responses.c.exercise_id,
      responses.c.participant_id, responses.c.run, responses.c.revision)

# Pairing by consent: every "pair with this code" a participant sends is one row, kept, so the
# attempt limit counts rows and nothing is ever deleted. A pair is a request its owner accepted, and
# it covers every paired exercise of the session until one of the two leaves. (Databases from before
# consent also have a ``pairs`` table of one-sided pairs per exercise; nothing reads it any more.)
pair_requests = Table(
    "pair_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id"), nullable=False),
    Column("requester_id", Integer, ForeignKey("participants.id"), nullable=False),
    # Whose code was typed; None when no unpaired participant of the session has it (a miss).
    Column("owner_id", Integer, ForeignKey("participants.id"), nullable=True),
    # The code as typed (normalised), so the requester's page can say which code it is waiting on.
    Column("code", String(PAIR_CODE_MAX), nullable=False),
    # miss, pending, accepted, declined, closed (one of the two paired with someone else first),
    # cancelled (the requester asked someone else), ended (an accepted pair one of them left).
    Column("status", String(12), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("answered_at", UTCDateTime, nullable=True),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("ended_by", Integer, ForeignKey("participants.id"), nullable=True),
    CheckConstraint("status IN ('miss', 'pending', 'accepted', 'declined', 'closed', 'cancelled', 'ended')",
                    name="status_known"),
)
# "My requests in the last minute" (the attempt limit) and "my latest request" read this index.
Index("ix_pair_requests_requester_created", pair_requests.c.requester_id, pair_requests.c.created_at)
# "Requests to me" and "my pair" (either column) start from the owner or the session.
Index("ix_pair_requests_owner_status", pair_requests.c.owner_id, pair_requests.c.status)
Index("ix_pair_requests_session_status", pair_requests.c.session_id, pair_requests.c.status)

drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("exercise_id", String(TOKEN_MAX), nullable=False),
    Column("run", Integer, nullable=False, default=1, server_default="1"),
    # What the page held, as the view reads it (not cleaned: a draft may be half answered). Never
    # counted as an answer and never read by the facilitator's views.
    Column("answers", JSON, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False, default=utcnow),
    # One draft per participant, exercise and run: saving again replaces it.
    UniqueConstraint("participant_id", "exercise_id", "run"),
)

# Quick activities a facilitator made in the console during a session (kit/store/quick.py): each is
# the document a content file holds, already validated, stored with its session (not in data/).
quick_activities = Table(
    "quick_activities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id"), nullable=False),
    Column("exercise_id", String(TOKEN_MAX), nullable=False),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    # Also the index for "the quick activities of a session" (session_id leads).
    UniqueConstraint("session_id", "exercise_id"),
)
