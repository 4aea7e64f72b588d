"""The facilitator's side of a sorting item: per card, how many put it in each category, the most
mis-sorted cards first, the right category marked; nothing below k; escaped."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from kit.kinds.sorting import card_stats
from kit.ui.sections.base import Section, Snapshot


def sorting_html(item, stats) -> str:
    """One item's table: a row per card, a column per category with count and share."""
    assert item.scale is not None
    head = "".join(f"<th>{escape(o.label)}</th>" for o in item.scale.options)
    rows = []
    for stat in stats:
        cells = []
        for option in item.scale.options:
            count = stat.counts[option.value]
            share = f" ({count / stat.total:.0%})" if stat.total else ""
            right = ' class="mk-sort-right" title="the right category"' if option.value == stat.card.answer else ""
            mark = " ✓" if option.value == stat.card.answer else ""
            cells.append(f"<td{right}>{count}{share}{mark}</td>")
        wrong = f' data-wrong="{stat.wrong:.2f}"' if stat.wrong is not None else ""
        rows.append(f'<tr data-card="{escape(stat.card.id)}"{wrong}><td>{escape(stat.card.text)}</td>{"".join(cells)}</tr>')
    return (f"<h3>{escape(item.text)}</h3><table class=\"mk-sorting-table\"><caption>How the room sorted each card "
            "(✓ the right category; the most mis-sorted cards first)</caption>"
            f"<thead><tr><th>Card</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


class SortingSection(Section):
    """The room's sorting per card."""

    item_type = "sorting"

    def __init__(self, exercise, items):
        super().__init__(exercise, items)
        self.body = widgets.HTML()
        self.body.add_class("mk-sorting-section")
        self.widget = widgets.VBox([self.body])

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        if not snapshot.gate.visible:
            self.body.value = ""
            return
        style = ' style="font-size:1.4em"' if large else ""
        self.body.value = (f"<div{style}>" + "".join(sorting_html(item, card_stats(item, snapshot.answers))
                                                      for item in self.items) + "</div>")

    def text_summary(self, snapshot: Snapshot) -> str:
        if not snapshot.gate.visible:
            return ""
        return "\n".join(f"{s.card.text}: " + ", ".join(f"{v} {n}" for v, n in s.counts.items())
                         for item in self.items for s in card_stats(item, snapshot.answers))
