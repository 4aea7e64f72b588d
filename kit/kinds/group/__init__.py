"""``group``: repeated fields (e.g. up to three action steps, each with a deadline)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import NOT_FILLED, Kind, clean_text, register


def filled_entries(value: Any) -> list[Mapping[str, Any]]:
    """The entries of a group answer that have any text (empty cards on the page are not entries)."""
    if not isinstance(value, list):
        return []
    return [entry for entry in value
            if isinstance(entry, Mapping) and any(isinstance(v, str) and v.strip() for v in entry.values())]


def entry_text(item: Item, entry: Mapping[str, Any]) -> str:
    """One group entry as one line: its only field's text, or ``label: text`` per filled field."""
    parts = [(f.label, entry.get(f.id)) for f in item.fields]
    parts = [(label, value.strip()) for label, value in parts if isinstance(value, str) and value.strip()]
    if len(item.fields) == 1:
        return parts[0][1] if parts else ""
    return "; ".join(f"{label}: {value}" for label, value in parts)


@register
class Group(Kind):
    """Free text in cards: private unless shared; the room sees how many entries, and shared ones."""

    type = "group"
    schema = "#/$defs/item_group"
    free_text = True
    help_above = False  # the form shows it under the question
    parts = {
        "form": "kit.kinds.group.form:group_field",
        "section": "kit.kinds.group.console:GroupSection",
        "summary": "kit.kinds.group.tables:summarize_group",
        "demo": "kit.kinds.group.tables:demo_group",
    }
    unique_keys = ((("fields",), "id", "field id"),)

    def item_problems(self, item: Mapping, values: list[str]) -> list[tuple[list, str]]:
        """``min_entries`` not above ``max_entries``, and a prefill into one of the group's fields."""
        problems: list[tuple[list, str]] = []
        low, high = item.get("min_entries", 1), item.get("max_entries", 3)
        if isinstance(low, int) and isinstance(high, int) and low > high:
            problems.append((["min_entries"], f"{low} is more than max_entries ({high})"))
        fields, prefill = item.get("fields"), item.get("prefill")
        ids = [f.get("id") for f in fields if isinstance(f, Mapping)] if isinstance(fields, list) else []
        if isinstance(prefill, Mapping) and isinstance(prefill.get("field"), str) and ids and prefill["field"] not in ids:
            problems.append((["prefill", "field"], f"{prefill['field']!r} is not a field of this group "
                                                   f"(fields: {', '.join(map(str, ids))})"))
        return problems

    def is_answered(self, item: Item, value: Any) -> bool:
        if value is None:
            return False
        if isinstance(value, str):
            return bool(value.strip())
        return len(filled_entries(value)) >= item.min_entries

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        return self.clean_unanswered(exercise, item, value)

    def clean_unanswered(self, exercise: Exercise, item: Item, value: Any) -> Any:
        """A group answer is a list of entries, each ``{field id: text}``. Entries with no text at all
        are dropped (the empty cards of the page); a kept entry must fill in every required field.
        Checked even when no card has text: a malformed group is a stale or tampered page."""
        if value is None:
            return None
        form_error = f"The answers to '{item.text}' are not in the expected form. Reload the page."
        if not isinstance(value, list):
            raise InputError(form_error)
        fields = {f.id: f for f in item.fields}
        entries: list[dict[str, str]] = []
        for entry in value:
            if not isinstance(entry, Mapping) or set(entry) - set(fields) or not all(
                    isinstance(v, str) for v in entry.values()):
                raise InputError(form_error)
        for entry in filled_entries(value):
            number = len(entries) + 1
            cleaned: dict[str, str] = {}
            for field in item.fields:
                try:
                    text = clean_text(entry.get(field.id, ""), max_length=field.max_length)
                except InputError:
                    raise InputError(f"{item.entry_label} {number}, '{field.label}': {len(entry[field.id].strip())} "
                                     f"characters; the limit is {field.max_length}.") from None
                if text:
                    cleaned[field.id] = text
                elif field.required:
                    raise InputError(f"{item.entry_label} {number} needs '{field.label}' too (or clear it to leave it out).")
            entries.append(cleaned)
        if len(entries) > item.max_entries:
            raise InputError(f"'{item.text}' takes at most {item.max_entries} entries; this has {len(entries)}.")
        return entries or None

    def shared_texts(self, item: Item, value: Any) -> list[str]:
        return [text for entry in filled_entries(value) if (text := entry_text(item, entry))]

    def print_html(self, item: Item, value: Any) -> str:
        """A group's entries as a numbered list (one field: its text; several: ``label: text`` lines)."""
        entries = filled_entries(value)
        if not entries:
            return f'<p class="answer empty">{NOT_FILLED}</p>'
        rows = []
        for entry in entries:
            parts = [(f.label, entry.get(f.id)) for f in item.fields]
            parts = [(label, text.strip()) for label, text in parts if isinstance(text, str) and text.strip()]
            if len(item.fields) == 1:
                rows.append(f"<li>{escape(parts[0][1]) if parts else ''}</li>")
            else:
                rows.append("<li>" + "".join(f'<span class="field"><b>{escape(label)}:</b> {escape(text)}</span>'
                                             for label, text in parts) + "</li>")
        return f'<ol class="entries">{"".join(rows)}</ol>'
