"""Choice items (e.g. Yes / No / Not sure): a 100 % stacked bar per statement, most divided first,
with the same numbers as a table under it."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from kit.charts import stacked_bar_chart
from kit.content.model import Scale
from kit.logic.aggregate import ItemDistribution, distributions
from kit.ui.sections.base import Section, Snapshot, chart_image


def text_alternative(dists: list[ItemDistribution]) -> str:
    """The chart's numbers as an HTML table (for screen readers and for the back row)."""
    if not dists:
        return ""
    values = list(dists[0].counts)
    head = "".join(f'<th scope="col">{escape(dists[0].labels[v])}</th>' for v in values)
    rows = "".join(
        f"<tr><td>{escape(d.text)}</td>"
        + "".join(f"<td>{d.counts[v]} ({round(100 * d.share(v))}%)</td>" for v in values)
        + "</tr>"
        for d in dists
    )
    return (
        '<table class="mk-compare mk-chart-table"><caption>The chart in numbers, most divided first</caption>'
        f'<thead><tr><th scope="col">Statement</th>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


class ScaledSection(Section):
    """Items answered on a scale (choice, likert): one chart and one table per scale, so bars stay
    comparable. Subclasses say how one scale's distributions are drawn (:meth:`draw`)."""

    #: Extra CSS class of the charts (e.g. the kind of chart).
    chart_class = ""

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
            chart = chart_image(*[self.chart_class] if self.chart_class else [])
            table = widgets.HTML()
            self.charts[scale_id], self.tables[scale_id] = chart, table
            parts += [chart, table]
        self.widget = widgets.VBox(parts)

    def distributions(self, snapshot: Snapshot, scale_id: str | None = None) -> list[ItemDistribution]:
        """Counts for this section's items (of one scale when given), in discussion order."""
        mine = self.members[scale_id] if scale_id is not None else {item.id for item in self.items}
        return [d for d in distributions(self.exercise, snapshot.answers) if d.item_id in mine]

    def draw(self, scale: Scale, dists: list[ItemDistribution], *, large: bool) -> tuple[bytes, str]:
        """The chart (SVG) and its table for one scale's items."""
        raise NotImplementedError

    def summary_line(self, scale: Scale, d: ItemDistribution) -> str:
        """One statement's counts as plain text."""
        return f"{d.text}: " + ", ".join(f"{d.labels[v]} {d.counts[v]}" for v in d.counts)

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        for scale_id, chart in self.charts.items():
            table = self.tables[scale_id]
            if not snapshot.gate.visible:
                chart.value = b""
                chart.layout.display = "none"
                table.value = ""
                continue
            chart.value, table.value = self.draw(self.scales[scale_id], self.distributions(snapshot, scale_id),
                                                 large=large)
            chart.layout.display = None

    def text_summary(self, snapshot: Snapshot) -> str:
        if not snapshot.gate.visible:
            return ""
        return "\n".join(self.summary_line(scale, d) for scale_id, scale in self.scales.items()
                         for d in self.distributions(snapshot, scale_id))


class ChoiceSection(ScaledSection):
    """Stacked bars for an exercise's choice items, most divided first."""

    item_type = "choice"

    def draw(self, scale: Scale, dists: list[ItemDistribution], *, large: bool) -> tuple[bytes, str]:
        return stacked_bar_chart(dists, title=f"{self.exercise.title}: most divided first"), text_alternative(dists)
