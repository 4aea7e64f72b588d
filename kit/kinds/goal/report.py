"""The goal's section of the trainer's report: per SMART component, the share of goals whose words show
it next to the share ticked Yes. It stands instead of the exercise's charts and table (``own_report``)."""

from __future__ import annotations

from kit.analysis import summaries
from kit.analysis.report import ReportContext, escape_cell, html_table, percent
from kit.analysis.suppress import suppress


def report_goal(ctx: ReportContext) -> str:
    """SMART goals: per component, the share of goals whose words show it next to the share ticked Yes."""
    if ctx.exercise is None:
        return ""
    exercise_id = ctx.exercise.id
    pooled = summaries.summarize(ctx.answers, exercises={exercise_id: ctx.exercise})
    rows = pooled[(pooled["exercise_id"] == exercise_id) & pooled["measure"].isin(["shown", "ticked"])]
    rows = suppress(rows, columns=["share", "count"])
    if rows.empty:
        return ""
    goals = pooled[(pooled["exercise_id"] == exercise_id) & (pooled["measure"] == "goals")]["count"].sum()
    body = []
    for _, part in rows.sort_values("category_position").groupby("category_position", sort=True):
        share = dict(zip(part["measure"], part["share"]))
        body.append([(escape_cell(str(part["category_label"].iloc[0]).capitalize()), False),
                     (percent(share.get("shown")), True), (percent(share.get("ticked")), True)])
    return (f"<p class='meta'>{int(goals)} goals written. “Words show it” is the kit's reading of each goal's "
            "latest wording; “ticked Yes” is its author's own check.</p>"
            + html_table(["SMART component", "Words show it", "Ticked Yes"], body))
