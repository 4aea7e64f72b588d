"""Likert items (e.g. Never / Sometimes / Mostly / Always): a diverging bar per statement, lowest
rated first (what the room struggles with), with the same numbers as a table under it."""

from __future__ import annotations

from html import escape

from kit.charts import diverging_bar_chart
from kit.content.model import Scale
from kit.logic.aggregate import ItemDistribution, diverging, high_share, scale_halves
from kit.kinds.choice.console import ScaledSection


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


class LikertSection(ScaledSection):
    """Diverging bars for an exercise's likert items, lowest rated first."""

    item_type = "likert"
    chart_class = "mk-diverging"

    def draw(self, scale: Scale, dists: list[ItemDistribution], *, large: bool) -> tuple[bytes, str]:
        chart = diverging_bar_chart([diverging(d, scale) for d in dists],
                                    title=f"{self.exercise.title}: lowest rated first")
        return chart, text_alternative(dists, scale)

    def summary_line(self, scale: Scale, d: ItemDistribution) -> str:
        high = sum(d.counts.get(v, 0) for v in scale_halves(scale)[2])
        return f"{super().summary_line(scale, d)} ({high_label(scale)}: {high} of {diverging(d, scale).rated})"
