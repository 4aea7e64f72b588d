"""``wordcloud``: one to three short words or phrases per person, shown to the room as a cloud.

Everything here is light (participant kernels import it). The heavy parts sit next to it:
``form.py`` (the participant's boxes, ipywidgets), ``console.py`` (the facilitator's cloud with
moderation, ipywidgets) and ``tables.py`` (the trainer's top words and demo answers, pandas/numpy).

Normalisation (:func:`normalise`), so that "Listener", "listeners " and "a good listener" meet:
case folded; whitespace collapsed; punctuation stripped from both ends of each word (inner hyphens
and apostrophes kept: "open-minded", "don't"); English stop words dropped ("a", "the", "very", ...);
each remaining word made singular by a few conservative suffix rules ("abilities" -> "ability",
"coaches" -> "coach", "listeners" -> "listener"; "kindness", "focus", "curious", "always" stay).
A phrase of only stop words counts as nothing and is refused with a message.

The k rule applies per word: the room sees a word only when at least k people gave it, so no word
can be traced to one person; a person who gives the same word twice counts once. Words the
facilitator hides stay stored and counted in exports, and leave the room's cloud
(``settings["hidden_words"][exercise id]``, decided inside the store's locked transaction).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import NOT_FILLED, Kind, clean_text, register
from kit.logic.moderation import chosen, with_chosen

#: Default and largest number of words one person gives, and the default length of one.
MAX_WORDS = 3
MAX_LENGTH = 40
#: The session settings key holding the words hidden from the room, per exercise.
HIDDEN_KEY = "hidden_words"

STOP_WORDS = frozenset("""
a an the and or but nor so yet of to in on at for with by from as into about than then
is are was were be been being am do does did have has had will would can could should may might must
it its it's this that these those there here
i me my mine you your yours we us our ours they them their theirs he him his she her hers one
very really quite just too also more most much many some any all every no not
who whom whose what which when where why how
""".split())
#: Words ending in -s that are not plurals (the suffix rules would break them).
NOT_PLURAL = frozenset({"always", "perhaps", "news", "series", "species", "lens", "bias", "canvas", "yes",
                        "thanks", "ethics", "politics", "progress", "success", "less", "unless", "various",
                        "plus", "status", "campus", "virus", "bonus", "analysis", "basis", "crisis", "emphasis"})
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def singular(word: str) -> str:
    """``word`` (folded) made singular by a few conservative English suffix rules."""
    if len(word) <= 3 or word in NOT_PLURAL:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is", "'s")):
        return word[:-2] if word.endswith("'s") else word
    if word.endswith("s"):
        return word[:-1]
    return word


def normalise(phrase: str) -> str | None:
    """The key a word or phrase is counted under (see the module's rules); None when nothing is left."""
    words = []
    for raw in phrase.casefold().split():
        word = _EDGE.sub("", raw)
        if word and word not in STOP_WORDS:
            words.append(singular(word))
    return " ".join(words) or None


def person_words(value: Any) -> set[str]:
    """The distinct keys of one person's answer (a word given twice counts once)."""
    if not isinstance(value, list):
        return set()
    return {key for phrase in value if isinstance(phrase, str) and (key := normalise(phrase))}


@dataclass(frozen=True)
class WordCount:
    """One word of the cloud and how many people gave it."""

    word: str
    count: int


@dataclass(frozen=True)
class Cloud:
    """What the room may see of a word cloud item: words given by at least k people, not hidden."""

    words: tuple[WordCount, ...]  # most given first, then alphabetical
    respondents: int
    #: Words the facilitator hid that would otherwise show (their own view lists them to show again).
    hidden: tuple[WordCount, ...]
    #: How many different words fewer than k people gave (never which ones).
    rare: int


def cloud(item: Item, answers: Iterable[Mapping[str, Any]], *, k: int, hidden: Iterable[str] = ()) -> Cloud:
    """Count the people per word for ``item`` over everyone's latest ``answers`` and keep what the
    room may see: words given by at least ``k`` people, without the ``hidden`` ones."""
    counts: Counter[str] = Counter()
    respondents = 0
    for answer in answers:
        words = person_words(answer.get(item.id))
        respondents += bool(words)
        counts.update(words)
    hidden = set(hidden)
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    shown = tuple(WordCount(w, c) for w, c in ordered if c >= k and w not in hidden)
    held = tuple(WordCount(w, c) for w, c in ordered if c >= k and w in hidden)
    return Cloud(words=shown, respondents=respondents, hidden=held, rare=sum(1 for c in counts.values() if c < k))


def hidden_words(settings: Mapping[str, Any], exercise_id: str) -> list[str]:
    """The words the facilitator hid from the room for ``exercise_id``."""
    return chosen(settings, HIDDEN_KEY, exercise_id)


def with_hidden(settings: Mapping[str, Any], exercise_id: str, word: str, hide: bool) -> dict[str, list[str]]:
    """The new ``hidden_words`` setting after hiding (or showing again) ``word`` of ``exercise_id``."""
    return with_chosen(settings, HIDDEN_KEY, exercise_id, word, hide)


def limits(item: Item) -> tuple[int, int]:
    """How many words one person may give and how long one may be, from the item's content."""
    return int((item.extra or {}).get("max_words", MAX_WORDS)), item.max_length


@register
class WordCloud(Kind):
    """Short words or phrases counted per person; the room sees a cloud of those at least k gave."""

    type = "wordcloud"
    schema = "#/$defs/item_wordcloud"
    tidy_value = False
    default_max_length = MAX_LENGTH
    help_above = False  # its field shows the help under the question
    parts = {
        "form": "kit.kinds.wordcloud.form:words_field",
        "section": "kit.kinds.wordcloud.console:WordCloudSection",
        "summary": "kit.kinds.wordcloud.tables:summarize_words",
        "demo": "kit.kinds.wordcloud.tables:demo_words",
        "report": "kit.kinds.wordcloud.tables:report_words",
    }

    def is_answered(self, item: Item, value: Any) -> bool:
        return isinstance(value, list) and any(isinstance(v, str) and v.strip() for v in value)

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        """A list of one to ``max_words`` words or short phrases, each on one line and at most
        ``max_length`` characters; blanks dropped, a second spelling of the same word dropped."""
        most, length = limits(item)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or len(value) > most:
            raise InputError(f"The words for '{item.text}' are not in the expected form. Reload the page.")
        kept: list[str] = []
        keys: set[str] = set()
        for raw in value:
            text = " ".join(clean_text(raw, max_length=10 * length).split())
            if not text:
                continue
            if len(text) > length:
                raise InputError(f"'{text[:length]}…' is {len(text)} characters long; keep each word or phrase "
                                 f"to {length}.")
            key = normalise(text)
            if key is None:
                raise InputError(f"'{text}' is too common a word to count in the cloud: try another.")
            if key not in keys:
                keys.add(key)
                kept.append(text)
        return kept or None

    def clean_unanswered(self, exercise: Exercise, item: Item, value: Any) -> Any:
        # Blank boxes are no answer, but a value of the wrong shape is a stale or tampered page.
        return None if value is None else self.clean(exercise, item, value)

    def print_html(self, item: Item, value: Any) -> str:
        words = [v for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []
        if not words:
            return f'<p class="answer empty">{NOT_FILLED}</p>'
        return '<p class="answer">' + escape(", ".join(w.strip() for w in words)) + "</p>"
