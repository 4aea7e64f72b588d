"""Quick activities: a question the content files do not have, made in the console during a session.

A quick activity is written as the same document a content file holds (``id``, ``title``, ``items``,
…), validated by the same JSON schema and loader checks (:func:`validate`), and from then on it is an
exercise of its session like any other (:class:`kit.store.quick.Catalogue`). This module is pure:
it turns the few fields of the console's form into that document, says clearly what is wrong with
them, and writes the document as YAML for next time. What each quick type becomes is data (a content
fragment per type, :data:`QUICK_TYPES`), so no code here branches on an item kind.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from kit.errors import InputError
from kit.logic.text import clean_line

#: Every quick activity's id starts with this, then the session code and a number: it cannot be the id
#: of another session's activity, and ``mentorkit check`` content rarely starts so.
ID_PREFIX = "quick_"
#: The prompt is also the title on phones, the agenda and the projector, so it stays one short line.
PROMPT_MAX = 200
#: One option is one button on a phone.
OPTION_MAX = 80
#: Options a quick poll or scale may have: more do not fit a phone screen or a bar chart.
OPTIONS_MIN, OPTIONS_MAX = 2, 12
#: Where quick activities sort among the content's exercises (after the shipped ones).
ORDER_BASE = 1000
#: ``source`` of every quick activity (a content file must say where its content comes from).
SOURCE_DOCUMENT = "quick activity"
#: The scale's name inside a quick document.
SCALE = "options"


@dataclass(frozen=True)
class QuickType:
    """One kind of quick activity the console offers, as a content fragment: ``item`` is the item of
    the document without its ``id`` and ``text``; ``options`` is ``"required"``, ``"optional"`` (the
    ``default_options`` are used when none are typed) or ``"none"``."""

    name: str
    label: str
    noun: str
    item_id: str
    item: Mapping[str, Any]
    summary: str
    instructions: str
    options: str = "none"
    default_options: tuple[str, ...] = ()
    options_help: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


QUICK_TYPES: dict[str, QuickType] = {quick.name: quick for quick in (
    QuickType("poll", "Poll (one choice)", "poll", "answer", {"type": "choice", "scale": SCALE},
              "A quick poll: choose one answer.",
              "Choose one answer. The room sees only how many chose each option, never who.",
              options="required", options_help="one per line, 2 to 12"),
    QuickType("wordcloud", "Word cloud", "word cloud", "words", {"type": "wordcloud", "max_words": 3, "max_length": 40},
              "A quick word cloud: give up to three words.",
              "Give up to three words or short phrases. They join the room's word cloud without your name; "
              "a word shows only once several people have given it."),
    QuickType("scale", "Scale (rate it)", "scale", "rating", {"type": "likert", "scale": SCALE},
              "A quick rating on a scale.",
              "Choose the point of the scale that fits best. The room sees only how many chose each point.",
              options="optional", default_options=("Not at all", "A little", "Moderately", "Very", "Extremely"),
              options_help="low to high, one per line; empty: Not at all … Extremely"),
    QuickType("text", "Open question", "open question", "answer",
              {"type": "text", "multiline": True, "max_length": 1000, "shareable": True},
              "A quick open question: answer in your own words.",
              "Answer in your own words. Your answer stays private unless you choose to share it with the room."),
    QuickType("qa", "Q&A with votes", "Q&A", "questions", {"type": "qa", "required": False, "max_length": 280},
              "Questions without names: post one and upvote the ones you want answered.",
              "Post a question without your name and upvote the questions you also want answered. "
              "The list puts the most wanted first."),
)}


_QUICK_ID = re.compile(rf"^{ID_PREFIX}[a-z0-9]{{6}}_[0-9]+$")


def quick_id(code: str, number: int) -> str:
    """The id of the ``number``-th quick activity of session ``code``, e.g. ``quick_k7m2qx_1``."""
    return f"{ID_PREFIX}{code.lower()}_{number}"


def is_quick(exercise_id: str) -> bool:
    """Is ``exercise_id`` a quick activity's (made in a console, stored with its session)?"""
    return isinstance(exercise_id, str) and _QUICK_ID.match(exercise_id) is not None


def option_lines(text: str | Iterable[str]) -> list[str]:
    """The options typed one per line: each line cleaned (:func:`kit.logic.text.clean_line`), empty
    lines dropped."""
    lines = text.splitlines() if isinstance(text, str) else list(text)
    return [line for line in (clean_line(str(raw)) for raw in lines) if line]


def _title_key(title: str) -> str:
    return " ".join(clean_line(title).casefold().split())


def check_fields(type_name: str, prompt: str, options: str | Iterable[str] = "",
                 titles: Mapping[str, str] | None = None) -> tuple[QuickType, str, list[str]]:
    """Check the console's fields and return ``(quick type, prompt, options)`` cleaned, or raise an
    :class:`InputError` saying what to change. ``titles`` maps the titles of the session's exercises
    to their ids (a quick activity must not look like one of them on the agenda)."""
    quick = QUICK_TYPES.get(type_name)
    if quick is None:
        raise InputError(f"Choose what kind of activity to make: {', '.join(q.label for q in QUICK_TYPES.values())}.")
    text = clean_line(prompt or "")
    if not text:
        raise InputError("The prompt is empty: type the question people should answer.")
    if len(text) > PROMPT_MAX:
        raise InputError(f"The prompt is {len(text)} characters long; keep it to {PROMPT_MAX} or fewer "
                         "(it is also the title on phones and the projector).")
    for title, exercise_id in (titles or {}).items():
        if _title_key(title) == _title_key(text):
            raise InputError(f"This session already has an exercise titled “{title}” ({exercise_id}): "
                             "present that one from the agenda, or word the prompt differently.")
    lines = option_lines(options)
    if quick.options == "none":
        if lines:
            raise InputError(f"A {quick.noun} has no options: clear the options box, or choose Poll or Scale.")
        return quick, text, []
    if not lines and quick.options == "optional":
        lines = list(quick.default_options)
    if len(lines) < OPTIONS_MIN:
        given = "none" if not lines else f"only {len(lines)}"
        raise InputError(f"A {quick.noun} needs at least {OPTIONS_MIN} options, one per line; you gave {given}.")
    if len(lines) > OPTIONS_MAX:
        raise InputError(f"A {quick.noun} takes at most {OPTIONS_MAX} options (so each fits a phone screen "
                         f"and the chart); you gave {len(lines)}.")
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if len(line) > OPTION_MAX:
            raise InputError(f"Option {number} is {len(line)} characters long; keep each option to "
                             f"{OPTION_MAX} or fewer.")
        key = _title_key(line)
        if key in seen:
            raise InputError(f"The option “{line}” is listed twice (lines {seen[key]} and {number}); "
                             "each option must be different.")
        seen[key] = number
    return quick, text, lines


def _slug(text: str, fallback: str, limit: int = 40) -> str:
    """Lowercase letters, digits and underscores, starting with a letter (the schema's ``slug``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:limit].strip("_")
    if not slug:
        return fallback
    return slug if slug[0].isalpha() else f"{fallback}_{slug}"[:limit]


def option_values(labels: Iterable[str]) -> list[str]:
    """A stored value for each option label (``Strongly agree`` -> ``strongly_agree``), unique."""
    values: list[str] = []
    for number, label in enumerate(labels, start=1):
        value = _slug(label, f"option_{number}")
        while value in values:
            value = f"{value}_{number}"
        values.append(value)
    return values


def build_document(quick: QuickType, prompt: str, options: list[str], *, code: str, number: int) -> dict[str, Any]:
    """The content document of the quick activity (the shape of a content file), from fields already
    checked by :func:`check_fields`."""
    item = {"id": quick.item_id, "type": quick.item["type"], "text": prompt,
            **{key: value for key, value in quick.item.items() if key != "type"}}
    document: dict[str, Any] = {
        "id": quick_id(code, number),
        "title": prompt,
        "summary": quick.summary,
        "instructions": quick.instructions,
        "source": {"document": SOURCE_DOCUMENT,
                   "attribution": f"The facilitator's own question (a quick activity of session {code})"},
        "order": ORDER_BASE + number,
        "facilitator_note": f"A quick {quick.noun} made in the console during session {code}.",
    }
    if options:
        document["scales"] = {SCALE: {"options": [{"value": value, "label": label}
                                                  for value, label in zip(option_values(options), options)]}}
    document["items"] = [item]
    return document


def to_yaml(document: Mapping[str, Any], *, heading: str | None = None) -> str:
    """``document`` as the text of a content file (block style, in the document's key order), with
    ``heading`` as a comment on top."""
    import io

    from ruamel.yaml import YAML  # deferred: only the console and the CLI write YAML

    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(_plain_copy(document), stream)
    comment = "".join(f"# {line}\n".replace("# \n", "#\n") for line in (heading or "").splitlines())
    return comment + ("\n" if comment else "") + stream.getvalue()


def _plain_copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain_copy(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_copy(item) for item in value]
    return value


def validate(document: Mapping[str, Any]):
    """The :class:`~kit.content.model.Exercise` of ``document`` once it passes every check a content
    file passes (it is written as YAML and loaded by :func:`kit.content.load_exercise`), else an
    :class:`InputError` listing the problems."""
    from kit.content import ContentError, load_exercise

    with tempfile.TemporaryDirectory(prefix="mentorkit-quick-") as folder:
        path = Path(folder) / f"{document.get('id', 'quick')}.yaml"
        path.write_text(to_yaml(document), encoding="utf-8")
        try:
            return load_exercise(path)
        except ContentError as error:
            problems = "; ".join(problem.message for problem in error.problems)
            raise InputError(f"This activity does not pass the content checks: {problems}") from None


def exercise_from_document(document: Mapping[str, Any], code: str):
    """The :class:`~kit.content.model.Exercise` of a stored (already validated) quick document, built
    as the content snapshot builds a checked file, without YAML or jsonschema (participant kernels
    build these)."""
    from kit.content.builder import build

    return build(Path(f"session-{code}") / f"{document['id']}.yaml", dict(document))


def for_next_time(document: Mapping[str, Any], taken: Iterable[str] = ()) -> dict[str, Any]:
    """A copy of a quick document to keep as a content file: its id made from its title (not the
    session's ``quick_`` id), different from every id in ``taken``."""
    taken = set(taken)
    base = _slug(str(document.get("title", "")), "activity", limit=48)
    exercise_id, number = base, 2
    while exercise_id in taken or is_quick(exercise_id):
        exercise_id, number = f"{base}_{number}", number + 1
    kept = dict(document)
    kept["id"] = exercise_id
    kept["order"] = 100
    return kept


def yaml_for_next_time(document: Mapping[str, Any], code: str, taken: Iterable[str] = ()) -> tuple[str, str]:
    """``(file name, YAML text)`` of the content file that keeps a quick activity for next time."""
    kept = for_next_time(document, taken)
    heading = (f"{kept['title']}\n"
               f"A quick activity from session {code} (id {document['id']} in its answers), kept as a content\n"
               "file. Put it in your content folder and run `mentorkit check`. Fields: docs/CONTENT.md.")
    return f"{kept['id']}.yaml", to_yaml(kept, heading=heading)
