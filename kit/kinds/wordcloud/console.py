"""The facilitator's side of a word cloud item: the cloud (growing as answers arrive) and, outside
the projector view, moderation: hide a word from the room, or show it again. Hiding changes the
session's settings only; what people gave stays stored."""

from __future__ import annotations

import math
from html import escape
from typing import Any

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.kinds.wordcloud import HIDDEN_KEY, Cloud, WordCount, cloud, hidden_words, with_hidden
from kit.ui.sections.base import Snapshot
from kit.ui.sections.moderation import ModeratedSection
from kit.ui.style import message

#: Smallest and largest font size of a word (em), and the larger pair for the projector.
SIZES = (1.0, 2.6)
LARGE_SIZES = (1.6, 4.2)
#: Dark colours only (each above 7:1 on white), taking turns so neighbouring words stand apart.
COLOURS = ("#1b4f8a", "#7a3300", "#1e5b32", "#5b2a86", "#8a1c3c")


def cloud_html(words: tuple[WordCount, ...], *, large: bool = False) -> str:
    """The words as an escaped HTML cloud: size grows with the number of people (square root, so a
    few popular words do not crowd out the rest), most given first, ties alphabetical."""
    if not words:
        return '<p class="mk-muted mk-cloud-empty">No word has been given by enough people yet.</p>'
    low, high = LARGE_SIZES if large else SIZES
    most, least = words[0].count, min(w.count for w in words)
    spans = []
    for index, w in enumerate(words):
        weight = math.sqrt((w.count - least) / (most - least)) if most > least else 1.0
        size = low + (high - low) * weight
        people = f"{w.count} {'person' if w.count == 1 else 'people'}"
        spans.append(f'<li class="mk-cloud-word" data-word="{escape(w.word)}" data-count="{w.count}" '
                     f'style="font-size:{size:.2f}em;color:{COLOURS[index % len(COLOURS)]}" '
                     f'aria-label="{escape(w.word)}: {people}" title="{people}">{escape(w.word)}</li>')
    return ('<ul class="mk-cloud" aria-label="Word cloud" style="list-style:none;display:flex;flex-wrap:wrap;'
            'gap:.2em .8em;align-items:baseline;justify-content:center;padding:0;margin:.5em 0;'
            'font-weight:600;line-height:1.2">' + "".join(spans) + "</ul>")


class WordCloudSection(ModeratedSection):
    """One cloud per word cloud item; words below k never show; hidden words leave the room's view."""

    item_type = "wordcloud"
    settings_key = HIDDEN_KEY

    def __init__(self, exercise: Exercise, items):
        super().__init__(exercise, items)
        self.hidden: list[str] = []
        self.clouds = [widgets.HTML() for _ in self.items]
        for box in self.clouds:
            box.add_class("mk-cloud-box")
        self.to_hide = widgets.Dropdown(options=[], value=None, description="Word", layout=widgets.Layout(width="auto"))
        self.hide = widgets.Button(description="Hide from the room", icon="eye-slash",
                                   tooltip="Take this word out of the room's cloud; it stays stored")
        self.hide.add_class("mk-cloud-hide")
        self.to_show = widgets.Dropdown(options=[], value=None, description="Hidden",
                                        layout=widgets.Layout(width="auto"))
        self.show = widgets.Button(description="Show again", icon="eye", tooltip="Put this word back in the cloud")
        self.show.add_class("mk-cloud-show")
        self.moderation = widgets.VBox([widgets.HBox([self.to_hide, self.hide]),
                                        widgets.HBox([self.to_show, self.show]), self.status])
        self.moderation.add_class("mk-cloud-moderation")
        self.hide.on_click(lambda _: self.set_hidden(self.to_hide.value, True))
        self.show.on_click(lambda _: self.set_hidden(self.to_show.value, False))
        parts: list[widgets.Widget] = []
        for item, box in zip(self.items, self.clouds):
            parts += [widgets.HTML(f"<h3>{escape(item.text)}</h3>"), box]
        self.widget = widgets.VBox([*parts, self.moderation])
        self.widget.add_class("mk-wordcloud-section")

    @classmethod
    def extra(cls, store: Any, code: str, exercise: Exercise) -> dict:
        """``{"wordcloud": {"hidden": [words]}}``: the words hidden from the room in this session."""
        session = store.get_session(code)
        return {"wordcloud": {"hidden": hidden_words(session.settings if session else {}, exercise.id)}}

    def clouds_for(self, snapshot: Snapshot) -> list[Cloud]:
        """Each item's cloud from ``snapshot``, with the session's k and hidden words."""
        extra = snapshot.extra.get("wordcloud") if isinstance(snapshot.extra, dict) else None
        self.hidden = list(extra.get("hidden", [])) if isinstance(extra, dict) else self.hidden
        return [cloud(item, snapshot.answers, k=snapshot.gate.k, hidden=self.hidden) for item in self.items]

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        self.remember(snapshot, large)
        self.moderation.layout.display = "none" if large or not snapshot.gate.visible else None
        if not snapshot.gate.visible:
            for box in self.clouds:
                box.value = ""
            return
        shown, held = [], []
        for box, result in zip(self.clouds, self.clouds_for(snapshot)):
            rare = (f'<p class="mk-muted">Words given by fewer than {snapshot.gate.k} people are not shown.</p>'
                    if result.rare else "")
            box.value = cloud_html(result.words, large=large) + ("" if large else rare)
            shown += [w.word for w in result.words]
            held += [w.word for w in result.hidden]
        self.to_hide.options = sorted(set(shown))
        self.to_hide.value = None
        self.to_show.options = sorted(set(held) | set(self.hidden))
        self.to_show.value = None

    def set_hidden(self, word: str | None, hide: bool) -> None:
        """Hide ``word`` from the room (or show it again), in the session's settings."""
        if not word:
            self.status.value = message("Choose a word first.", "warn")
            return
        exercise_id = self.exercise.id
        settings = self.change_setting(lambda settings: with_hidden(settings, exercise_id, word, hide))
        if settings is None:
            return
        self.hidden = hidden_words(settings, exercise_id)
        self.status.value = message(escape(f"“{word}” is {'hidden from' if hide else 'back in'} the room's cloud."),
                                    "ok")
        self.redraw("wordcloud", {"hidden": self.hidden})

    def text_summary(self, snapshot: Snapshot) -> str:
        if not snapshot.gate.visible:
            return ""
        return "\n".join(f"{item.text}: " + ", ".join(f"{w.word} {w.count}" for w in result.words)
                         for item, result in zip(self.items, self.clouds_for(snapshot)))
