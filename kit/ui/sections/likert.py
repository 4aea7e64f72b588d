"""Likert items (e.g. Never / Sometimes / Mostly / Always): a diverging bar per statement, lowest
rated first (what the room struggles with), with the same numbers as a table under it."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from kit.charts import diverging_bar_png
from kit.content.model import Scale
from kit.logic.aggregate import ItemDistribution, distributions, diverging, high_share, scale_halves
from kit.ui.sections.base import Section, Snapshot, register


def high_label(scale: Scale) -> str:
    """How the high half of ``scale`` reads in a table heading, e.g. ``Mostly or Always``."""
    _, _, high = scale_halves(scale)
    return " or ".join(scale.label(value) for value in high)


def text_alternative(dists: list[ItemDistribution], scale: Scale) -> str:
    """The chart's numbers as an HTML table (for screen readers and for the back row): per statement,
    each option's count and share of the rated answers, the unsure answers apart, and the share in the
    high half of the scale."""
    if not dists:
        return ""
    rated = [o for o in scale.options if not o.unsure]
    unsure = [o for o in scale.options if o.unsure]
    head = "".join(f'<th scope="col">{escape(o.label)}</th>' for o in rated + unsure)
    head += f'<th scope="col">{escape(high_label(scale))}</th>'
    rows = []
    for d in dists:
        bar = diverging(d, scale)
        shares = {segment.value: segment.share for segment in bar.segments}
        cells = "".join(f"<td>{d.counts.get(o.value, 0)} ({round(100 * shares[o.value])}%)</td>" for o in rated)
        cells += "".join(f"<td>{d.counts.get(o.value, 0)}</td>" for o in unsure)
        high = high_share(d, scale)
        cells += f"<td>{round(100 * high)}%</td>" if bar.rated else "<td>–</td>"
        rows.append(f'<tr data-item="{escape(d.item_id)}" data-rated="{bar.rated}"><td>{escape(d.text)}</td>{cells}</tr>')
    note = " Percentages are of the people who rated the statement." + (
        f" {escape(' and '.join(o.label for o in unsure))} is counted apart." if unsure else "")
    return (
        '<table class="mk-compare mk-chart-table mk-likert-table">'
        f"<caption>The chart in numbers, lowest rated first.{note}</caption>"
        f'<thead><tr><th scope="col">Statement</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


@register
class LikertSection(Section):
    """Diverging bars for an exercise's likert items: one chart per scale, so bars stay comparable."""

    item_type = "likert"

    def __init__(self, exercise, items):
        super().__init__(exercise, items)
        self.scales: dict[str, Scale] = {}
        self.members: dict[str, set[str]] = {}
        for item in self.items:
            assert item.scale is not None
            self.scales[item.scale.id] = item.scale
            self.members.setdefault(item.scale.id, set()).add(item.id)
        self.charts: dict[str, widgets.Image] = {}
        self.tables: dict[str, widgets.HTML] = {}
        parts = []
        for scale_id in self.scales:
            chart = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="1100px",
                                                                       display="none"))
            chart.add_class("mk-chart")
            chart.add_class("mk-diverging")
            table = widgets.HTML()
            self.charts[scale_id], self.tables[scale_id] = chart, table
            parts += [chart, table]
        self.widget = widgets.VBox(parts)

    def distributions(self, snapshot: Snapshot, scale_id: str | None = None) -> list[ItemDistribution]:
        """Counts for this section's items (of one scale when given), lowest rated first."""
        mine = self.members[scale_id] if scale_id is not None else {item.id for item in self.items}
        return [d for d in distributions(self.exercise, snapshot.answers) if d.item_id in mine]

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        for scale_id, chart in self.charts.items():
            table = self.tables[scale_id]
            if not snapshot.gate.visible:
                chart.value = b""
                chart.layout.display = "none"
                table.value = ""
                continue
            scale = self.scales[scale_id]
            dists = self.distributions(snapshot, scale_id)
            bars = [diverging(d, scale) for d in dists]
            chart.value = diverging_bar_png(bars, title=f"{self.exercise.title}: lowest rated first",
                                            dpi=150 if large else 110)
            chart.layout.display = None
            table.value = text_alternative(dists, scale)

    def text_summary(self, snapshot: Snapshot) -> str:
        if not snapshot.gate.visible:
            return ""
        lines = []
        for scale_id, scale in self.scales.items():
            for d in self.distributions(snapshot, scale_id):
                parts = ", ".join(f"{d.labels[v]} {d.counts[v]}" for v in d.counts)
                bar = diverging(d, scale)
                high = sum(d.counts.get(v, 0) for v in scale_halves(scale)[2])
                lines.append(f"{d.text}: {parts} ({high_label(scale)}: {high} of {bar.rated})")
        return "\n".join(lines)
