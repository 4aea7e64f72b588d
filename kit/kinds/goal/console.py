"""Goal items (e.g. the SMART goal check list): how many goals were written, per component the share
whose words show it next to the share ticked Yes (a chart and the same numbers as a table), the most
common issues, and the goals their authors chose to share, without names and in alphabetical order.

The analysis runs here on the latest version of each goal (kit.logic.smart, well under a millisecond a goal
and cached), only when the panel's answers changed."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from kit.charts import smart_components_chart
from kit.logic.smart import ISSUES, LABELS, GoalSummary, summarize_goals
from kit.ui.sections.base import Section, Snapshot, chart_image


def _share(count: int, total: int) -> str:
    return f"{count} of {total} ({round(100 * count / total) if total else 0}%)"


class GoalSection(Section):
    """The facilitator's view of an exercise's goal items."""

    item_type = "goal"

    def __init__(self, exercise, items):
        super().__init__(exercise, items)
        self.count = widgets.HTML()
        self.count.add_class("mk-goal-count")
        self.chart = chart_image()
        self.table = widgets.HTML()
        self.issues = widgets.HTML()
        self.issues.add_class("mk-goal-issues")
        self.shared = widgets.HTML()
        self.shared.add_class("mk-goal-shared")
        self.widget = widgets.VBox([self.count, self.chart, self.table, self.issues, self.shared])
        self.widget.add_class("mk-goal-section")

    def summary(self, snapshot: Snapshot) -> GoalSummary:
        """The numbers this section shows (computed whatever the gate says; :meth:`update` checks it)."""
        return summarize_goals(self.items, snapshot.answers)

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        if not snapshot.gate.visible:
            for part in (self.count, self.table, self.issues, self.shared):
                part.value = ""
            self.chart.value = b""
            self.chart.layout.display = "none"
            return
        s = self.summary(snapshot)
        self.count.value = (f'<p class="mk-goal-total"><b data-goals="{s.goals}">{s.goals}</b> goal'
                            f'{"" if s.goals == 1 else "s"} written by <b data-writers="{s.writers}">{s.writers}</b> '
                            f'{"person" if s.writers == 1 else "people"}.</p>')
        if not s.goals or not s.components:
            self.chart.value, self.chart.layout.display = b"", "none"
            self.table.value = self.issues.value = self.shared.value = ""
            return
        rows = [(LABELS[c], s.shown[c] / s.goals, s.ticked[c] / s.goals) for c in s.components]
        self.chart.value = smart_components_chart(rows, title=f"{self.exercise.title}: what the goals show")
        self.chart.layout.display = None
        body = "".join(
            f'<tr data-component="{c}" data-shown="{s.shown[c]}" data-ticked="{s.ticked[c]}">'
            f"<td>{escape(LABELS[c])}</td><td>{_share(s.shown[c], s.goals)}</td>"
            f"<td>{_share(s.ticked[c], s.goals)}</td></tr>"
            for c in s.components)
        self.table.value = (
            '<table class="mk-compare mk-chart-table mk-goal-table"><caption>The chart in numbers: goals whose words '
            "show each component (the kit's reading) and goals whose authors ticked Yes</caption>"
            '<thead><tr><th scope="col">Component</th><th scope="col">The words show it</th>'
            f'<th scope="col">Ticked Yes</th></tr></thead><tbody>{body}</tbody></table>')
        top = [(code, n) for code, n in s.issues if code in ISSUES][:5]
        self.issues.value = ("<h3>Most common issues</h3><ol>" + "".join(
            f'<li data-issue="{code}">{escape(ISSUES[code])}: {n} goal{"" if n == 1 else "s"}</li>' for code, n in top)
            + "</ol>") if top else "<h3>Most common issues</h3><p>None: every goal shows all five.</p>"
        if s.shared:
            listed = "".join(f"<li>{escape(text)}</li>" for text in s.shared)
            self.shared.value = (f"<h3>Goals shared with the group ({len(s.shared)})</h3>"
                                 f'<p class="mk-muted">Without names, in alphabetical order.</p><ul>{listed}</ul>')
        else:
            self.shared.value = '<h3>Goals shared with the group</h3><p class="mk-muted">Nobody has shared a goal yet.</p>'

    def text_summary(self, snapshot: Snapshot) -> str:
        if not snapshot.gate.visible:
            return ""
        s = self.summary(snapshot)
        lines = [f"{s.goals} goals by {s.writers} people"]
        lines += [f"{LABELS[c]}: words show it {_share(s.shown[c], s.goals)}, ticked Yes {_share(s.ticked[c], s.goals)}"
                  for c in s.components if s.goals]
        lines += [f"Issue: {ISSUES[code]}: {n}" for code, n in s.issues[:5]]
        return "\n".join(lines)
