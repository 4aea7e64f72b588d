"""The participant's side of a timed pair talk (ipywidgets only): the countdown, the prompts, and one
takeaway box with the share tick box.

The countdown is not a timer of its own: :meth:`TalkInput.tick` recomputes it from the session's
settings, and the room calls it from the poll it already runs (every half second). The text changes
once a second while the talk runs and not at all otherwise (a widget sends a value only when it
changes), so 100 phones cost 100 small messages a second during a talk and nothing else.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any, Mapping

import ipywidgets as widgets

from kit.content.model import Item
from kit.kinds.pairtalk import Countdown, countdown, now_utc, prompts, switch_seconds, talk_seconds, timer
from kit.ui.form import Field, Form


def countdown_html(shown: Countdown, *, switch_at: int | None, large: bool = False) -> str:
    """The countdown as escaped HTML: the time left, and whose turn (``data-state`` and
    ``data-remaining`` for tests and styles)."""
    size = "3.2em" if large else "2em"
    phase = (f'<p class="mk-talk-phase" data-switched="{str(shown.switched).lower()}"><b>{escape(shown.phase)}</b>'
             + (" — the other person talks now." if shown.switched else
                (" — switch roles at half time." if switch_at is not None else "")) + "</p>") if shown.phase else ""
    time_style = f"font-size:{size};font-weight:700;margin:.2em 0" if shown.state == "running" else ""
    return (f'<div class="mk-talk-timer" role="timer" data-state="{shown.state}" data-remaining="{shown.remaining}">'
            f'<p class="mk-talk-time" style="{time_style}">{escape(shown.text)}</p>{phase}</div>')


def prompts_html(item: Item) -> str:
    """The talk's prompts as an escaped list (empty when the item has none)."""
    found = prompts(item)
    if not found:
        return ""
    return ('<ul class="mk-talk-prompts">' + "".join(f"<li>{escape(p)}</li>" for p in found) + "</ul>")


class TalkInput(Field):
    """The takeaway (one line of text) plus the countdown the room keeps up to date."""

    def __init__(self, item: Item, exercise_id: str, clock: widgets.HTML | None, control: widgets.Text):
        super().__init__(item, None, [control])
        self.exercise_id = exercise_id
        self.clock = clock

    def get(self) -> Any:
        return self.control.value if self.control.value.strip() else None

    def set(self, value: Any) -> None:
        self.control.value = value if isinstance(value, str) else ""

    def tick(self, settings: Mapping[str, Any], now: datetime | None = None) -> Countdown:
        """Show the countdown for the session ``settings`` at ``now`` (default: the current UTC time)."""
        started = timer(settings, self.exercise_id)
        shown = countdown(started, now or now_utc())
        if self.clock is None:  # another talk of the page shows the countdown
            return shown
        value = countdown_html(shown, switch_at=started.switch_at if started else switch_seconds(self.item))
        if self.clock.value != value:
            self.clock.value = value
        return shown


def talk_field(form: Form, item: Item, number: int) -> Field:
    """The countdown, the question with its prompts, and the takeaway box with its privacy hint."""
    minutes = talk_seconds(item) / 60
    length = f"{minutes:g} minute{'s' if minutes != 1 else ''}"
    switch = " Switch roles at half time." if switch_seconds(item) is not None else ""
    clock = widgets.HTML(countdown_html(countdown(None, now_utc()), switch_at=switch_seconds(item)))
    clock.add_class("mk-talk-clock")
    question = form.parts.html(f'<p class="mk-question"><b>{number}. {escape(item.text)}</b></p>'
                               + (f'<p class="mk-help">{escape(item.help)}</p>' if item.help else "")
                               + f'<p class="mk-muted">A talk in pairs of {escape(length)}.{switch}</p>'
                               + prompts_html(item))
    # Several talks on one page (themes) each name their box, so no two inputs share a label.
    several = sum(1 for i in form.exercise.items if i.type == item.type) > 1
    label = f"Takeaway: {item.section or item.text}" if several else "Your takeaway"
    control = widgets.Text(value="", description=label, placeholder="One takeaway (optional)"
                           if not item.required else "One takeaway", continuous_update=True,
                           **form.parts.labelled(widgets.widget_string.TextStyle))
    control.add_class("mk-takeaway")
    # One countdown per page: an exercise with several talks (themes to choose from) shares one timer.
    first = not any(isinstance(f, TalkInput) and f.clock is not None for f in form.fields.values())
    field = TalkInput(item, form.exercise.id, clock if first else None, control)
    field.widget = form.parts.box([*([clock] if first else []), question, control,
                                   *form.privacy(field, f"Up to {item.max_length} characters.")])
    field.widget.add_class("mk-pairtalk")
    return field
