"""The facilitator's side of a ranking item: per option, the room's average rank and spread, best
first, as a table (the projector shows it large). Nothing below k."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from kit.kinds.ranking import rank_stats
from kit.ui.sections.base import Section, Snapshot


def ranking_html(item_text: str, stats, orders: int) -> str:
    """One item's table: rank by average, option, average rank, spread, how many put it first; escaped."""
    rows = "".join(
        f'<tr data-value="{escape(s.value)}"><td>{position}</td><td>{escape(s.label)}</td>'
        f"<td data-mean=\"{s.mean:.2f}\">{s.mean:.1f}</td><td>{s.spread:.1f}</td><td>{s.first}</td></tr>"
        for position, s in enumerate(stats, start=1))
    return (f"<h3>{escape(item_text)}</h3>"
            f'<table class="mk-ranking-table"><caption>The room\'s order: {orders} people, average rank '
            "(1 = first) and spread (0 = everyone put it in the same place)</caption>"
            "<thead><tr><th>#</th><th>Option</th><th>Average rank</th><th>Spread</th><th>Ranked first</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


class RankingSection(Section):
    """The room's average order per ranking item."""

    item_type = "ranking"

    def __init__(self, exercise, items):
        super().__init__(exercise, items)
        self.body = widgets.HTML()
        self.body.add_class("mk-ranking-section")
        self.widget = widgets.VBox([self.body])

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        if not snapshot.gate.visible:
            self.body.value = ""
            return
        parts = []
        for item in self.items:
            stats, orders = rank_stats(item, snapshot.answers)
            parts.append(ranking_html(item.text, stats, orders))
        style = ' style="font-size:1.6em"' if large else ""
        self.body.value = f"<div{style}>" + "".join(parts) + "</div>"

    def text_summary(self, snapshot: Snapshot) -> str:
        if not snapshot.gate.visible:
            return ""
        lines = []
        for item in self.items:
            stats, _ = rank_stats(item, snapshot.answers)
            lines.append(f"{item.text}: " + ", ".join(f"{s.label} {s.mean:.1f}±{s.spread:.1f}" for s in stats))
        return "\n".join(lines)
