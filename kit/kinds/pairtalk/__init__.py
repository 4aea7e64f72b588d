"""``pairtalk``: a timed pair talk. The facilitator starts a countdown (for example 6 minutes, with
"Switch roles" at half time) that every phone and the projector show with the exercise's prompts;
each person may note one takeaway, private unless they tick share (the text kind's sharing rules,
:mod:`kit.logic.sharing`).

Everything here is light (participant kernels import it). The heavy parts sit next to it:
``form.py`` (the participant's countdown, prompts and takeaway box, ipywidgets), ``console.py``
(the facilitator's Start/Stop and the projector's countdown, ipywidgets) and ``tables.py`` (demo
takeaways; the trainer's summary is the text kind's).

The timer lives in the session's settings, ``settings["timers"][exercise id] = {"started_at": ISO
time in UTC, "seconds": 360, "switch_at": 180}`` (``switch_at`` None without a switch), so every
phone and the projector compute the remaining time from the same start: no per-phone timer drifts,
and a reload shows the right time. :func:`countdown` is that computation, pure, given ``now``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from typing import Any

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import NOT_FILLED, Kind, clean_text, register

#: The session settings key holding the running timers, per exercise.
TIMERS_KEY = "timers"
#: Default length of a talk (minutes) and the default takeaway length (characters).
MINUTES = 6
MAX_LENGTH = 280
#: Longest talk a content file may ask for (minutes).
MOST_MINUTES = 60


def now_utc() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


def talk_seconds(item: Item) -> int:
    """How long the talk of ``item`` lasts, in seconds (``minutes:`` in the content file)."""
    minutes = (item.extra or {}).get("minutes", MINUTES)
    try:
        minutes = float(minutes)
    except (TypeError, ValueError):
        minutes = MINUTES
    return int(round(min(max(minutes, 0.5), MOST_MINUTES) * 60))


def switch_seconds(item: Item) -> int | None:
    """Seconds after the start when the partners switch roles (half time), or None (``switch: false``)."""
    return talk_seconds(item) // 2 if (item.extra or {}).get("switch", True) is not False else None


def prompts(item: Item) -> list[str]:
    """The prompts shown during the talk, in content order."""
    found = (item.extra or {}).get("prompts")
    return [p for p in found if isinstance(p, str) and p.strip()] if isinstance(found, (list, tuple)) else []


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class Timer:
    """A started talk, as the session's settings hold it."""

    started_at: datetime
    seconds: int
    switch_at: int | None

    def as_setting(self) -> dict[str, Any]:
        """The JSON form kept in ``settings["timers"][exercise id]``."""
        return {"started_at": self.started_at.isoformat(), "seconds": self.seconds, "switch_at": self.switch_at}


def timer(settings: Mapping[str, Any], exercise_id: str) -> Timer | None:
    """The timer of ``exercise_id`` in the session ``settings``, or None (not started, or malformed)."""
    timers = settings.get(TIMERS_KEY) if isinstance(settings, Mapping) else None
    entry = timers.get(exercise_id) if isinstance(timers, Mapping) else None
    if not isinstance(entry, Mapping):
        return None
    started = _parse_time(entry.get("started_at"))
    seconds, switch_at = entry.get("seconds"), entry.get("switch_at")
    if started is None or type(seconds) is not int or not 0 < seconds <= MOST_MINUTES * 60:
        return None
    if switch_at is not None and (type(switch_at) is not int or not 0 < switch_at < seconds):
        switch_at = None
    return Timer(started, seconds, switch_at)


def with_timer(settings: Mapping[str, Any], exercise_id: str, started: Timer | None) -> dict[str, Any]:
    """The new ``timers`` setting after starting (``started``) or stopping (None) ``exercise_id``'s talk."""
    timers = settings.get(TIMERS_KEY) if isinstance(settings, Mapping) else None
    current = {k: v for k, v in timers.items()} if isinstance(timers, Mapping) else {}
    current.pop(exercise_id, None)
    if started is not None:
        current[exercise_id] = started.as_setting()
    return current


@dataclass(frozen=True)
class Countdown:
    """What a phone or the projector shows at one moment."""

    state: str  # "idle" (not started), "running", "over"
    remaining: int  # whole seconds left (rounded up), 0 when idle or over
    switched: bool  # past the switch moment: the partners have changed roles

    @property
    def text(self) -> str:
        """``m:ss`` left, or what the state means."""
        if self.state == "idle":
            return "Waiting for the facilitator to start the talk."
        if self.state == "over":
            return "Time is up."
        return f"{self.remaining // 60}:{self.remaining % 60:02d}"

    @property
    def phase(self) -> str:
        """Whose turn, in words ("" when not running)."""
        if self.state != "running":
            return ""
        return "Switch roles" if self.switched else "First speaker"


def countdown(started: Timer | None, now: datetime) -> Countdown:
    """The countdown at ``now`` (timezone-aware) for a talk ``started`` (None: not started)."""
    if started is None:
        return Countdown("idle", 0, False)
    elapsed = (now - started.started_at).total_seconds()
    left = started.seconds - max(elapsed, 0.0)
    if left <= 0:
        return Countdown("over", 0, started.switch_at is not None)
    whole = int(left) + (left > int(left))  # rounded up: "0:01" until the very end
    return Countdown("running", whole, started.switch_at is not None and elapsed >= started.switch_at)


@register
class PairTalk(Kind):
    """A timed pair talk with prompts; the answer is one takeaway, private unless shared."""

    type = "pairtalk"
    schema = "#/$defs/item_pairtalk"
    free_text = True
    tidy_value = False
    help_above = False  # its field shows the help under the question
    default_max_length = MAX_LENGTH
    parts = {
        "form": "kit.kinds.pairtalk.form:talk_field",
        "section": "kit.kinds.pairtalk.console:PairTalkSection",
        "summary": "kit.analysis.summaries:_summarize_text",
        "demo": "kit.kinds.pairtalk.tables:demo_takeaway",
    }

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        """One takeaway on one line: the text kind's cleaning, whitespace collapsed, at most
        ``max_length`` characters."""
        if not isinstance(value, str):
            raise InputError(f"The takeaway for '{item.text}' must be text.")
        text = " ".join(clean_text(value, max_length=10 * item.max_length).split())
        if len(text) > item.max_length:
            raise InputError(f"This takeaway is {len(text)} characters long; the limit is {item.max_length}.")
        return text or None

    def clean_unanswered(self, exercise: Exercise, item: Item, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise InputError(f"The takeaway for '{item.text}' must be text.")
        return None

    def print_html(self, item: Item, value: Any) -> str:
        if isinstance(value, str) and value.strip():
            return f'<p class="answer">{escape(value.strip())}</p>'
        return f'<p class="answer empty">{NOT_FILLED}</p>'
