"""Free text items (short and long text): how many answered, and the answers their authors chose to
share, without names and in alphabetical order. Private answers are never shown, not even counted
apart."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from kit.logic.sharing import FreeTextSummary, summarize_free_text
from kit.ui.sections.base import Section, Snapshot


def _count(n: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def free_text_html(summaries: list[FreeTextSummary], respondents: int, *, noun: str = "answer") -> str:
    """Counts per question and the shared answers, escaped (used for text and group items)."""
    parts = []
    for s in summaries:
        entries = f", {_count(s.entries, noun)} in all" if s.entries else ""
        parts.append(f'<div class="mk-free-text" data-item="{escape(s.item_id)}">'
                     f"<h3>{escape(s.text)}</h3>"
                     f'<p><b data-answered="{s.answered}">{s.answered}</b> of {respondents} answered{entries}.</p>')
        if s.shared:
            listed = "".join(f"<li>{escape(text)}</li>" for text in s.shared)
            parts.append(f'<p class="mk-muted">Shared by their authors ({len(s.shared)}), without names, in '
                         f"alphabetical order:</p><ul class=\"mk-shared\">{listed}</ul>")
        parts.append("</div>")
    return "".join(parts)


class TextSection(Section):
    """The facilitator's view of an exercise's text items: counts and shared answers only."""

    item_type = "text"
    noun = "answer"

    def __init__(self, exercise, items):
        super().__init__(exercise, items)
        self.body = widgets.HTML()
        self.body.add_class("mk-free-text-section")
        private = not any(item.shareable for item in self.items)
        note = ("These answers are private: you see how many answered, never what they wrote."
                if private else "Answers are private unless their author chose to share them.")
        self.widget = widgets.VBox([widgets.HTML(f'<p class="mk-muted">{note}</p>'), self.body])

    def summaries(self, snapshot: Snapshot) -> list[FreeTextSummary]:
        """The counts and shared answers for this section's items."""
        return summarize_free_text(self.items, snapshot.answers)

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        if not snapshot.gate.visible:
            self.body.value = ""
            return
        self.body.value = free_text_html(self.summaries(snapshot), snapshot.respondents, noun=self.noun)

    def text_summary(self, snapshot: Snapshot) -> str:
        if not snapshot.gate.visible:
            return ""
        return "\n".join(f"{s.text}: {s.answered} answered" + (f", {_count(s.entries, self.noun)}" if s.entries else "")
                         + "".join(f"\n  shared: {t}" for t in s.shared) for s in self.summaries(snapshot))
