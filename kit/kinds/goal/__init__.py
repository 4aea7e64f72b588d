"""``goal``: up to three goals in the person's own words, each with a check list and its rewrites."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import NOT_FILLED, Kind, clean_text, register

#: Most versions one goal keeps (the rewrite history) and most characters in one check-list note.
GOAL_MAX_VERSIONS = 20
GOAL_NOTE_LENGTH = 500


def latest_wording(goal: Any) -> str | None:
    """A goal's latest wording: its last version, trimmed; None when it has none. The one place a
    stored goal (``{"versions": [text, ...], ...}``) is read for its current text."""
    versions = goal.get("versions") if isinstance(goal, Mapping) else None
    if isinstance(versions, list) and versions and isinstance(versions[-1], str) and versions[-1].strip():
        return versions[-1].strip()
    return None


def goals_with_wording(value: Any) -> list[tuple[str, Mapping[str, Any]]]:
    """Each goal of a goal answer that has text, as ``(latest wording, the goal)``, in order."""
    goals = value.get("goals") if isinstance(value, Mapping) else None
    found = []
    for goal in goals if isinstance(goals, list) else []:
        text = latest_wording(goal)
        if text is not None:
            found.append((text, goal))
    return found


def latest_goals(value: Any) -> list[str]:
    """Each goal of a goal answer in its latest wording, in order; goals without text are left out."""
    return [text for text, _goal in goals_with_wording(value)]


@register
class Goal(Kind):
    """SMART feedback while writing; the room sees which components the goals show, never the goals."""

    type = "goal"
    schema = "#/$defs/item_goal"
    own_page = True
    own_report = True  # its report section stands instead of the charts and table
    css = """
.mk-goal-card { width: 100%; margin: 1rem 0 0.4rem; padding: 0.6rem 0.7rem; border: 1px solid #b9b9b9;
  border-radius: 6px; }
.mk-goal-card h2 { margin-top: 0.2rem; }
.mk-goal-card .widget-textarea { max-width: 100%; }
.mk-goal-card textarea { min-height: 5.5rem; }
.mk-feedback { list-style: none; padding: 0; margin: 0.3rem 0; }
.mk-feedback li { padding: 0.35rem 0.5rem; margin: 0.25rem 0; border-left: 4px solid #999; background: #f6f6f6; }
.mk-feedback li.mk-fb-met { border-left-color: #2e7d47; }
.mk-feedback li.mk-fb-open { border-left-color: #a06a00; }
.mk-goal-component { margin: 0.8rem 0 0.2rem; }
.mk-goal-component h3 { font-size: 1.1rem; margin: 0.2rem 0; }
.mk-goal-card .mk-choice { margin: 0.4rem 0 0.1rem; }
.mk-tick-hint { background: #fff4d6; border: 1px solid #a06a00; border-radius: 6px; padding: 0.4rem 0.6rem; }
.mk-goal-history ol { margin: 0.2rem 0; }
.mk-goal-export textarea { width: 100%; min-height: 10rem; font: inherit; font-size: 0.95rem; padding: 0.4rem;
  border: 1px solid #555; border-radius: 4px; }
"""
    default_max_length = 600
    prefill_source = True
    smart_goals = True
    unique_keys = ((("checklist",), "id", "component"), (("checklist", "*", "questions"), "id", "question id"))
    parts = {
        # Goals have a page of their own (live SMART feedback, rewrite history).
        "form": "kit.kinds.goal.view:GoalView",
        "section": "kit.kinds.goal.console:GoalSection",
        "summary": "kit.kinds.goal.tables:summarize_goal",
        "demo": "kit.kinds.goal.tables:demo_goal",
        "report": "kit.kinds.goal.report:report_goal",
    }

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        """A goal answer is ``{"goals": [{"versions": [text, ...], "checks": {question id: {"answer": "yes" |
        "no", "note": text}}, "shared": bool}, ...]}``: every version of a goal in order (the last one counts),
        the check list per goal, and whether its author shares it with the group. At most ``max_goals``
        goals; each goal needs text. None when there is no goal."""
        form_error = f"The goals for '{item.text}' are not in the expected form. Reload the page."
        if not isinstance(value, Mapping) or set(value) - {"goals"} or not isinstance(value.get("goals", []), list):
            raise InputError(form_error)
        goals = value.get("goals", [])
        if len(goals) > item.max_goals:
            raise InputError(f"Write at most {item.max_goals} goals; this has {len(goals)}.")
        questions = {q.id for component in item.checklist for q in component.questions}
        cleaned = []
        for number, goal in enumerate(goals, start=1):
            if not isinstance(goal, Mapping) or set(goal) - {"versions", "checks", "shared"}:
                raise InputError(form_error)
            versions_raw, checks_raw = goal.get("versions", []), goal.get("checks", {})
            shared = goal.get("shared", False)
            if (not isinstance(versions_raw, list) or not isinstance(checks_raw, Mapping)
                    or not isinstance(shared, bool) or not all(isinstance(v, str) for v in versions_raw)):
                raise InputError(form_error)
            if len(versions_raw) > GOAL_MAX_VERSIONS:
                raise InputError(f"Goal {number} has {len(versions_raw)} versions; at most {GOAL_MAX_VERSIONS} are kept. "
                                 "Start again from your latest wording.")
            versions: list[str] = []
            for raw in versions_raw:
                try:
                    text = clean_text(raw, max_length=item.max_length)
                except InputError:
                    raise InputError(f"Goal {number} is {len(raw.strip())} characters long; the limit is "
                                     f"{item.max_length}.") from None
                if text and (not versions or versions[-1] != text):
                    versions.append(text)
            if not versions:
                raise InputError(f"Goal {number} has no text yet: write it, or leave its card empty.")
            checks: dict[str, dict[str, str]] = {}
            for question_id, check in checks_raw.items():
                if question_id not in questions or not isinstance(check, Mapping) or set(check) - {"answer", "note"}:
                    raise InputError(form_error)
                answer, note = check.get("answer"), check.get("note") or ""
                if answer not in (None, "yes", "no") or not isinstance(note, str):
                    raise InputError(form_error)
                try:
                    note = clean_text(note, max_length=GOAL_NOTE_LENGTH)
                except InputError:
                    raise InputError(f"A note on goal {number} is longer than {GOAL_NOTE_LENGTH} characters.") from None
                entry = {key: val for key, val in (("answer", answer), ("note", note)) if val}
                if entry:
                    checks[question_id] = entry
            if shared and not item.shareable:
                raise InputError(f"Goals for '{item.text}' cannot be shared with the group. Reload the page.")
            cleaned.append({"versions": versions, "checks": checks, "shared": shared})
        return {"goals": cleaned} if cleaned else None

    def prefill_texts(self, value: Any) -> list[str]:
        """Each goal in its latest wording: a group's entries start from them."""
        return latest_goals(value)

    def print_html(self, item: Item, value: Any) -> str:
        """A goal item's goals, each in its latest wording."""
        texts = latest_goals(value)
        if not texts:
            return f'<p class="answer empty">{NOT_FILLED}</p>'
        return '<ol class="entries">' + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ol>"
