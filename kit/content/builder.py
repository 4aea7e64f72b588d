"""Building the model (:mod:`kit.content.model`) from a content file's plain data, once it has no
problems (the loader's checks, or the snapshot `serve` wrote)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from kit import kinds
from kit.content.model import (GENERAL_NOTEBOOK, ChecklistComponent, ChecklistQuestion, Exercise, GroupField, Item,
                               Option, Pairing, Prefill, Printable, Scale, Source)

# Item keys that map onto Item fields; anything else goes to Item.extra for types added later.
_ITEM_FIELDS = frozenset(
    {"id", "type", "text", "scale", "discuss", "required", "multiline", "max_length", "shareable", "answer",
     "explanation", "source", "max_goals", "checklist", "fields", "min_entries", "max_entries", "entry_label",
     "prefill", "help", "section"}
)


def _clean(text: str | None) -> str | None:
    # Block scalars (| and >) end with a newline; nobody means it as content.
    return text.strip() if isinstance(text, str) else text


def build(path: Path, data: dict) -> Exercise:
    """The :class:`Exercise` of a checked file's plain ``data`` (``path`` is where it came from)."""
    scales = {
        scale_id: Scale(
            id=scale_id,
            options=tuple(
                Option(option["value"], _clean(option["label"]), unsure=option.get("unsure", False))
                for option in scale["options"]
            ),
        )
        for scale_id, scale in data.get("scales", {}).items()
    }
    items = tuple(
        Item(
            id=item["id"],
            type=item["type"],
            text=_clean(item.get("text", "")),
            scale=scales[item["scale"]] if kinds.kind_of(item["type"]).uses_scale else None,
            discuss=_clean(item.get("discuss")),
            required=item.get("required", True),
            help=_clean(item.get("help")),
            section=_clean(item.get("section")),
            multiline=item.get("multiline", False),
            max_length=item.get("max_length", kinds.kind_of(item["type"]).default_max_length),
            shareable=item.get("shareable", False),
            answer=item.get("answer"),
            explanation=_clean(item.get("explanation")),
            source=_source(item["source"]) if "source" in item else None,
            max_goals=item.get("max_goals", 3),
            checklist=_checklist(item.get("checklist", [])),
            fields=tuple(GroupField(id=f["id"], label=_clean(f["label"]), multiline=f.get("multiline", False),
                                    max_length=f.get("max_length", 1000), required=f.get("required", True))
                         for f in item.get("fields", [])),
            min_entries=item.get("min_entries", 1),
            max_entries=item.get("max_entries", 3),
            entry_label=_clean(item.get("entry_label", "Entry")),
            prefill=Prefill(**item["prefill"]) if "prefill" in item else None,
            extra=MappingProxyType({key: value for key, value in item.items() if key not in _ITEM_FIELDS}),
        )
        for item in data["items"]
    )
    pairing = data.get("pairing")
    return Exercise(
        id=data["id"],
        title=_clean(data["title"]),
        summary=_clean(data["summary"]),
        instructions=_clean(data["instructions"]),
        source=_source(data["source"]),
        facilitator_note=_clean(data.get("facilitator_note", "")),
        duration_minutes=data.get("duration_minutes"),
        items=items,
        scales=MappingProxyType(scales),
        notebook=data.get("notebook", GENERAL_NOTEBOOK),
        order=data.get("order", 100),
        pairing=None
        if pairing is None
        else Pairing(
            enabled=pairing.get("enabled", True),
            intro=_clean(pairing["intro"]),
            agree=_clean(pairing.get("agree", "")),
            differ=_clean(pairing.get("differ", "")),
            unsure=_clean(pairing.get("unsure", "")),
            mode=pairing.get("mode", "compare"),
        ),
        printable=None if "printable" not in data else Printable(
            title=_clean(data["printable"]["title"]),
            intro=_clean(data["printable"].get("intro")),
            signatures=tuple(_clean(s) for s in data["printable"].get("signatures", [])),
        ),
        path=path,
        confidence_scale=scales[data["confidence_scale"]] if "confidence_scale" in data else None,
    )


def _checklist(components: list) -> tuple[ChecklistComponent, ...]:
    return tuple(
        ChecklistComponent(
            id=component["id"],
            label=_clean(component["label"]),
            questions=tuple(ChecklistQuestion(q["id"], _clean(q["text"]), q.get("check_text", False))
                            for q in component["questions"]),
            explanation=_clean(component.get("explanation")),
        )
        for component in components
    )


def _source(source: dict) -> Source:
    return Source(document=_clean(source["document"]), attribution=_clean(source["attribution"]), url=source.get("url"))
