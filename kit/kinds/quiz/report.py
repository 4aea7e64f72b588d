"""The quiz's section of the trainer's report (matplotlib): accuracy before and after the talk, per
statement and per session. It stands instead of the exercise's charts and table (``own_report``)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from kit.analysis import summaries
from kit.analysis.report import Chart, ReportContext, escape_cell, html_table, percent, plain_label, session_label
from kit.analysis.suppress import SUPPRESSED_MARK
from kit.charts import PALETTE, as_written


@as_written
def accuracy_chart(gains: pd.DataFrame, *, title: str) -> Chart | None:
    """Quiz accuracy per statement, before and (when there was a second run) after the talk, from a
    pooled :func:`summaries.quiz_gains`."""
    rows = gains[gains["item_id"].notna()]
    if rows.empty or rows["accuracy_before"].isna().all():
        return None
    figure = Figure(figsize=(11, 1.6 + 0.42 * len(rows)), dpi=100, layout="constrained")
    ax = figure.add_subplot()
    ypos = list(range(len(rows)))[::-1]
    height = 0.38
    runs = [("accuracy_before", "Before the talk (run 1)", 0)]
    if rows["accuracy_after"].notna().any():
        runs.append(("accuracy_after", "After the talk (run 2)", 1))
    for column, label, shift in runs:
        values = [100 * float(v) if not pd.isna(v) else 0.0 for v in rows[column]]
        offset = (shift - 0.5) * height if len(runs) > 1 else 0
        ax.barh([y - offset for y in ypos], values, height=height, color=PALETTE[3 if shift else 0], label=label)
    ax.set_yticks(ypos, [plain_label(t, 60) for t in rows["item_text"]], fontsize=9)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Answered correctly (%)", fontsize=11)
    ax.set_title(plain_label(title, 90, 1), fontsize=14, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="lower right", frameon=False, fontsize=10)
    return Chart.from_figure(figure, f"{title}: share answered correctly per statement")


def report_quiz(ctx: ReportContext) -> str:
    """Quiz results: the share answered correctly before and (with a second run) after the talk, per
    statement as a chart, and per session."""
    answers = ctx.answers
    exercise_id = str(answers["exercise_id"].iloc[0]) if not answers.empty else ""
    pooled = summaries.quiz_gains(answers, by=[], exercise_id=exercise_id)
    if pooled.empty:
        return ""
    overall = pooled[pooled["item_id"].isna()].iloc[0]
    out = ["<h3>Quiz results</h3>"]
    if pd.isna(overall["accuracy_before"]):
        return out[0] + f"<p>{SUPPRESSED_MARK}</p>"
    line = f"Answered correctly before the talk: {percent(overall['accuracy_before'])}"
    if pd.notna(overall["accuracy_after"]):
        line += f"; after the talk: {percent(overall['accuracy_after'])} (gain {100 * overall['gain']:+.0f} points)"
    out.append(f"<p>{line}.</p>")
    chart = accuracy_chart(pooled, title="Answered correctly, per statement")
    if chart is not None:
        out.append(chart.to_html())
    per_session = summaries.quiz_gains(answers, exercise_id=exercise_id)
    per_session = per_session[per_session["item_id"].isna()]
    if per_session["session_code"].nunique() > 1 or per_session["accuracy_after"].notna().any():
        rows = [[(escape_cell(session_label((r.session_date, r.cohort, r.session_code))), False), (percent(r.accuracy_before), True),
                 (percent(r.accuracy_after) if r.second_run else "", True),
                 ("" if pd.isna(r.gain) else f"{100 * r.gain:+.0f}", True)]
                for r in per_session.itertuples()]
        out.append(html_table(["Session", "Correct before", "Correct after", "Gain (points)"], rows))
    return "".join(out)
