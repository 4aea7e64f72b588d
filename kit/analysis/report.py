"""A self-contained HTML report of one or more sessions, for trainers to send to programme leads.

One file: styles inline, charts embedded as PNG data URIs, no scripts, nothing fetched from the
network. Every number comes from :mod:`kit.analysis.summaries` with the k rule applied
(:mod:`kit.analysis.suppress`): a cell of fewer than k respondents shows '–' and no number. Names
and participant keys never appear; free text appears only where its author shared it, and
everything that came from a person (answers, cohort names) is HTML-escaped.

Charts use matplotlib's object API (never pyplot) and the Okabe-Ito palette of :mod:`kit.charts`.
:class:`Chart` objects also display themselves in a notebook.
"""

from __future__ import annotations

import base64
import html
import io
import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from kit.analysis import summaries
from kit.analysis.suppress import SUPPRESSED_MARK, SUPPRESSED_NOTE, effective_k, suppress
from kit.analysis.tidy import load_answers, load_sessions, with_quick_activities
from kit.charts import PALETTE, as_written, diverging_bar_chart, stacked_bar_chart
from kit import kinds
from kit.content.model import Exercise, Item
from kit.logic.aggregate import ItemDistribution, diverging, divisiveness, mean_position, scale_halves
from kit.store import Store

#: Most groups one comparison chart shows (one colour each); tables always show every group.
MAX_CHART_GROUPS = len(PALETTE)


@dataclass(frozen=True)
class Chart:
    """A finished chart: PNG bytes, with alternative text; shows itself in Jupyter."""

    png: bytes = field(repr=False)
    alt: str = ""

    @classmethod
    def from_figure(cls, figure: Figure, alt: str) -> "Chart":
        """Render ``figure`` to PNG."""
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return cls(buffer.getvalue(), alt)

    @property
    def data_uri(self) -> str:
        """The PNG as a ``data:`` URI, to embed in HTML."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def to_html(self) -> str:
        """An ``<img>`` element with the chart embedded."""
        return f'<img src="{self.data_uri}" alt="{html.escape(self.alt)}">'

    def _repr_png_(self) -> bytes:
        return self.png


def plain_label(text: object, width: int = 40, lines: int = 2) -> str:
    """Text for a chart label: wrapped and shortened. (Chart functions are :func:`as_written`, so a
    ``$`` is shown as typed.)"""
    wrapped = textwrap.wrap(str(text), width=width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" .,;") + "…"
    return "\n".join(wrapped)


def session_label(index: object) -> str:
    """A row label of a comparison table: date, cohort and code, or a period."""
    parts = index if isinstance(index, tuple) else (index,)
    return " · ".join(p.strftime("%Y-%m-%d") if isinstance(p, (pd.Timestamp, datetime)) else str(p) for p in parts)


@as_written
def comparison_chart(table: pd.DataFrame, *, title: str, item_texts: Mapping[str, str] | None = None,
                     what: str = "Share (%)") -> Chart | None:
    """Dots per item, one colour per group (row of ``table`` from :func:`summaries.compare`).

    Shows the last :data:`MAX_CHART_GROUPS` groups; empty (suppressed) cells are not drawn.
    None when there is nothing to draw.
    """
    table = table.tail(MAX_CHART_GROUPS)
    if table.empty or table.isna().all().all():
        return None
    item_texts = item_texts or {}
    items = list(table.columns)
    figure = Figure(figsize=(11, 1.6 + 0.55 * len(items) + 0.25 * len(table)), dpi=100, layout="constrained")
    ax = figure.add_subplot()
    ypos = list(range(len(items)))[::-1]
    markers = "oDs^vP*X"
    for index, (label, row) in enumerate(table.iterrows()):
        values = row.astype("Float64")
        points = [(100 * float(v), y) for v, y in zip(values, ypos) if not pd.isna(v)]
        if points:
            ax.scatter([p[0] for p in points], [p[1] for p in points], s=70, color=PALETTE[index % len(PALETTE)],
                       marker=markers[index % len(markers)], label=plain_label(session_label(label), 60, 1), zorder=3)
    ax.set_yticks(ypos, [plain_label(item_texts.get(item, item), 60) for item in items], fontsize=10)
    ax.set_xlim(-2, 102)
    ax.set_xlabel(what, fontsize=11)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.set_title(plain_label(title, 90, 1), fontsize=14, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.06 - 0.5 / len(items)), ncols=1, frameon=False, fontsize=10)
    return Chart.from_figure(figure, f"{title}: one dot per group and item")


@as_written
def trend_chart(table: pd.DataFrame, *, title: str, item_texts: Mapping[str, str] | None = None,
                what: str = "Share (%)") -> Chart | None:
    """Lines over time, one per item (column of ``table`` from :func:`summaries.trends`), at most
    :data:`MAX_CHART_GROUPS` of them. None when fewer than two periods have numbers."""
    table = table.dropna(how="all")
    if len(table) < 2:
        return None
    item_texts = item_texts or {}
    figure = Figure(figsize=(11, 5.5), dpi=100, layout="constrained")
    ax = figure.add_subplot()
    x = [pd.Timestamp(i) for i in table.index]
    for index, item in enumerate(list(table.columns)[:MAX_CHART_GROUPS]):
        values = [100 * float(v) if not pd.isna(v) else float("nan") for v in table[item]]
        ax.plot(x, values, marker="o", color=PALETTE[index % len(PALETTE)], linewidth=2,
                label=plain_label(item_texts.get(item, item), 70, 1))
    ax.set_ylim(-2, 102)
    ax.set_ylabel(what, fontsize=11)
    ax.grid(axis="y", color="#dddddd")
    ax.set_title(plain_label(title, 90, 1), fontsize=14, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9)
    return Chart.from_figure(figure, f"{title}: one line per item over time")


def distribution_chart(summary: pd.DataFrame, exercise: str, *, title: str, run: int = 1) -> Chart | None:
    """The facilitator's stacked bars (:func:`kit.charts.stacked_bar_chart`) for one exercise's
    choice items, from a pooled :func:`summaries.summarize`; items below k are left out. (Likert
    items have their own chart: :func:`likert_chart`.)"""
    rows = summary[(summary["exercise_id"] == exercise) & (summary["run"] == run) & (summary["measure"] == "option")
                   & ~summary["item_type"].isin(kinds.types(lambda kind: kind.rated or not kind.scaled))]
    distributions = _visible_distributions(rows)
    # One chart needs one scale: keep the items answered on the first item's options.
    distributions = [d for d in distributions if list(d.counts) == list(distributions[0].counts)] if distributions else []
    if not distributions:
        return None
    png = stacked_bar_chart(distributions, title=plain_label(title, 90, 1), fmt="png", dpi=100)
    return Chart(png, f"{title}: share of answers per option, one bar per statement")


def _visible_distributions(rows: pd.DataFrame) -> list[ItemDistribution]:
    """Option counts per item from summary ``rows`` (measure ``option``), items below k left out."""
    rows = rows[~suppress(rows)["suppressed"]]
    distributions = []
    for item_id, part in rows.groupby("item_id", sort=False):
        counts = dict(zip(part["category"], part["count"].astype(int)))
        distributions.append(ItemDistribution(
            item_id=item_id, text=str(part["item_text"].iloc[0]), counts=counts,
            labels=dict(zip(part["category"], part["category_label"].astype(str))),
            total=int(part["respondents"].iloc[0]), divisiveness=divisiveness(counts.values()),
            item_type=str(part["item_type"].iloc[0])))
    return distributions


def likert_chart(summary: pd.DataFrame, exercise: Exercise, *, title: str, run: int = 1) -> Chart | None:
    """The facilitator's diverging bars (:func:`kit.charts.diverging_bar_chart`) for one exercise's
    likert items, lowest rated first, from a pooled :func:`summaries.summarize`. Items below k, and
    items the content no longer has, are left out; one chart shows the scale of the first item.
    None when there is nothing to draw."""
    rows = summary[(summary["exercise_id"] == exercise.id) & (summary["run"] == run)
                   & (summary["measure"] == "option")
                   & summary["item_type"].isin(kinds.types(lambda kind: kind.rated))]
    scales = {item.id: item.scale for item in exercise.items if kinds.kind_of(item.type).rated and item.scale is not None}
    distributions = [d for d in _visible_distributions(rows) if d.item_id in scales]
    if not distributions:
        return None
    scale = scales[distributions[0].item_id]
    distributions = [d for d in distributions if scales[d.item_id].values() == scale.values()]
    order = {item.id: n for n, item in enumerate(exercise.items)}
    # Lowest rated first, as on the facilitator's console; statements nobody rated go last.
    distributions.sort(key=lambda d: (mean_position(d, scale) is None, mean_position(d, scale) or 0.0,
                                      order[d.item_id]))
    bars = [diverging(d, scale) for d in distributions]
    png = diverging_bar_chart(bars, title=plain_label(title, 90, 1), fmt="png", dpi=100)
    return Chart(png, f"{title}: ratings per statement, lower ratings left of the centre line and higher ones "
                      "right, lowest rated first")


# -- HTML ----------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; max-width: 1100px;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #0072B2; }
h3 { margin-top: 1.6rem; } .meta, .note { color: #555; } .note { font-size: .92rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; } thead th { background: #f2f2f2; }
img { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
blockquote { margin: .4rem 0; padding: .3rem .8rem; border-left: 4px solid #56B4E9; background: #f7fbfe;
             white-space: pre-wrap; }
@media print { h2 { page-break-before: auto; } img { page-break-inside: avoid; } }
"""


def escape_cell(value: object) -> str:
    """Escaped text for HTML (empty for missing values)."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def percent(value: object) -> str:
    """A share as a whole percentage, or the suppression mark for a missing (suppressed) share."""
    return SUPPRESSED_MARK if pd.isna(value) else f"{100 * float(value):.0f}%"


def html_table(head: Sequence[str], rows: Iterable[Sequence[tuple[str, bool]]]) -> str:
    """An HTML table; each cell is (already escaped html, is_number)."""
    out = ["<table><thead><tr>"]
    out += [f"<th>{h}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="num">{c}</td>' if num else f"<td>{c}</td>" for c, num in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


@dataclass(frozen=True)
class ReportContext:
    """What a kind's ``report`` part (:data:`kit.kinds.OPTIONAL_PARTS`) is given for one exercise: it
    returns HTML (escaped, k rule applied) shown after the exercise's table of answers."""

    #: The tidy latest answers of this exercise, every session of the report.
    answers: pd.DataFrame
    #: The report's sessions (:func:`kit.analysis.load_sessions`; ``settings`` holds moderation).
    sessions: pd.DataFrame
    #: The exercise (None when the content no longer has it; only a kind with ``own_report`` is then asked).
    exercise: Exercise | None
    #: The exercise's items of this kind, in order.
    items: tuple[Item, ...]
    #: The report's k (the largest of its sessions'): a pooled cell below it shows no number.
    k: int

    def session_k(self, code: str) -> int:
        """The k of one session (its cells below it show no number)."""
        row = self.sessions[self.sessions["session_code"] == code]
        return effective_k(int(row["k_threshold"].iloc[0])) if len(row) else self.k

    def settings(self, code: str) -> Mapping:
        """One session's settings (empty when the sessions frame has none)."""
        if "settings" not in self.sessions.columns:
            return {}
        row = self.sessions[self.sessions["session_code"] == code]
        value = row["settings"].iloc[0] if len(row) else None
        return value if isinstance(value, Mapping) else {}

    def by_session(self) -> list[tuple[str, str, pd.DataFrame]]:
        """Per session, oldest first: (code, label for a table row, its answers)."""
        out = []
        for session in self.sessions.itertuples():
            part = self.answers[self.answers["session_code"] == session.session_code]
            if not part.empty:
                out.append((session.session_code, session_label((session.session_date, session.cohort,
                                                                 session.session_code)), part))
        return out


def _kind_sections(answers: pd.DataFrame, sessions: pd.DataFrame, exercise: Exercise | None, k: int, *,
                   own: bool = False) -> list[str]:
    """The report parts of the kinds answered in ``answers`` that have one, in item order (kinds the
    content no longer has last): with ``own``, only of the kinds whose section stands instead of the
    exercise's charts and table (:attr:`kit.kinds.Kind.own_report`), else only of the others."""
    types = [item.type for item in exercise.items] if exercise is not None else []
    types += sorted(set(answers["item_type"].dropna()) - set(types))
    out = []
    for kind in dict.fromkeys(kinds.kind_of(t) for t in types):
        if "report" in kind.parts and kind.own_report == own and (exercise is not None or kind.own_report):
            items = tuple(item for item in exercise.items if item.type == kind.type) if exercise is not None else ()
            out.append(kind.part("report")(ReportContext(answers, sessions, exercise, items, k)))
    return out


def _sessions_section(sessions: pd.DataFrame) -> str:
    rows = [[(escape_cell(s.session_date.strftime("%Y-%m-%d")), False), (escape_cell(s.cohort), False), (escape_cell(s.session_code), False),
             (str(int(s.participants)), True), (str(effective_k(s.k_threshold)), True)]
            for s in sessions.itertuples()]
    return "<h2>Sessions</h2>" + html_table(["Date", "Cohort", "Code", "People joined", "k"], rows)


def _distribution_table(summary: pd.DataFrame, exercise_id: str, run: int = 1) -> str:
    rows = summary[(summary["exercise_id"] == exercise_id) & (summary["run"] == run)
                   & (summary["measure"].isin(["option", "shared", "answered"]))]
    if rows.empty:
        return ""
    rows = suppress(rows, columns=["count", "share", "respondents"])
    body = []
    for _, part in rows.groupby(["item_position", "item_id"], sort=True, dropna=False):
        first = part.iloc[0]
        # Options chosen are listed here; the other kinds' own measures are their report parts'.
        listed = part[part["measure"] == "option"]
        if first["suppressed"]:
            detail = SUPPRESSED_MARK
        elif not listed.empty:
            detail = "; ".join(
                f"{escape_cell(r.category_label)} {percent(r.share)} ({int(r['count'])})" for _, r in listed.iterrows())
        elif first["measure"] == "shared":
            detail = f"{int(first['count'])} shared their answer"
        else:
            detail = "answered"
        respondents = SUPPRESSED_MARK if first["suppressed"] else str(int(first["respondents"]))
        body.append([(escape_cell(first["item_text"] if pd.notna(first["item_text"]) else first["item_id"]), False),
                     (detail, False), (respondents, True)])
    return html_table(["Statement or question", "Answers", "Respondents"], body)


def _headline_label(exercises: Mapping[str, Exercise], exercise_id: str, *, quiz: bool) -> str:
    """What the numbers of a cohort comparison are (see :func:`kit.analysis.summaries.compare`)."""
    if quiz:
        return "Answered correctly (%)"
    items = [i for i in exercises[exercise_id].items if i.scale] if exercise_id in exercises else []
    likert = {" or ".join(i.scale.label(v) for v in scale_halves(i.scale)[2]) for i in items
              if kinds.kind_of(i.type).rated}
    first = {i.scale.options[0].label for i in items if not kinds.kind_of(i.type).rated}
    if len(likert) == 1 and not first:
        return f"Share answering '{likert.pop()}' (%)"
    if len(first) == 1 and not likert:
        return f"Share answering '{first.pop()}' (%)"
    return "Share choosing the first option (%)"


def _comparison_section(answers: pd.DataFrame, exercise_id: str, item_texts: Mapping[str, str],
                        exercises: Mapping[str, Exercise], *, quiz: bool) -> str:
    table = summaries.compare_cohorts(answers, exercise_id, exercises=exercises)
    if table.empty:
        return ""
    what = _headline_label(exercises, exercise_id, quiz=quiz)
    out = [f"<h3>Cohort by cohort</h3><p class='note'>{escape_cell(what)}, one row per session.</p>"]
    columns = list(table.columns)
    head = ["Session"] + [f'<span title="{escape_cell(item_texts.get(c, c))}">{n}</span>' for n, c in enumerate(columns, 1)]
    rows = [[(escape_cell(session_label(index)), False)] + [(percent(v), True) for v in row]
            for index, row in zip(table.index, table.itertuples(index=False))]
    out.append(html_table(head, rows))
    out.append("<ol class='note'>" + "".join(f"<li>{escape_cell(item_texts.get(c, c))}</li>" for c in columns) + "</ol>")
    chart = comparison_chart(table, title="Cohort by cohort", item_texts=item_texts, what=what)
    if chart is not None:
        if len(table) > MAX_CHART_GROUPS:
            out.append(f"<p class='note'>The chart shows the {MAX_CHART_GROUPS} most recent sessions.</p>")
        out.append(chart.to_html())
    return "".join(out)


def _trend_section(answers: pd.DataFrame, exercise_id: str, item_texts: Mapping[str, str],
                   exercises: Mapping[str, Exercise], *, quiz: bool) -> str:
    if answers["session_date"].dt.to_period("M").nunique() < 2:
        return ""
    freq = "Q" if answers["session_date"].dt.to_period("M").nunique() > 12 else "M"
    if quiz:
        gains = summaries.quiz_gains(summaries.with_period(answers, freq), by=["period"], exercise_id=exercise_id)
        table = gains[gains["item_id"].isna()].set_index("period")[["accuracy_before", "accuracy_after"]]
        table.columns = ["before", "after"]
        table = table.dropna(axis=1, how="all")
        texts = {"before": "Before the talk (run 1)", "after": "After the talk (run 2)"}
        what = "Answered correctly (%)"
    else:
        table = summaries.trends(answers, exercise_id, freq=freq, exercises=exercises)
        texts, what = item_texts, _headline_label(exercises, exercise_id, quiz=False)
    chart = trend_chart(table, title="Over time", item_texts=texts, what=what)
    if chart is None:
        return ""
    period = "quarter" if freq == "Q" else "month"
    return (f"<h3>Over time</h3><p class='note'>Sessions pooled by {period}. {escape_cell(what)}.</p>" + chart.to_html())


def _shared_texts(answers: pd.DataFrame, exercise_id: str, exercise: Exercise | None) -> str:
    """The free text people chose to share, item by item (only called for exercises of at least k people),
    each answer as the room saw it (its kind's ``shared_texts``: a repeated group's entries one by one)."""
    items = {item.id: item for item in exercise.items} if exercise is not None else {}
    rows = answers[(answers["exercise_id"] == exercise_id) & answers["is_latest"]
                   & answers["item_type"].isin(kinds.types(lambda kind: kind.free_text)) & answers["shared"] & answers["answer"].notna()]
    out = []
    for (_, item_id), part in rows.groupby(["item_position", "item_id"], sort=True, dropna=False):
        text = part["item_text"].iloc[0]
        kind = kinds.kind_of(part["item_type"].iloc[0])
        texts = [line for answer in part["answer"] for line in _shared_lines(kind, items.get(item_id), str(answer))]
        out.append(f"<h3>{escape_cell(text if pd.notna(text) else item_id)}</h3>")
        out.append("<p class='note'>Answers their authors chose to share, in alphabetical order.</p>")
        # Sorted, so the order says nothing about who wrote what or when.
        out += [f"<blockquote>{escape_cell(answer)}</blockquote>" for answer in sorted(texts, key=str.casefold)]
    return "".join(out)


def _shared_lines(kind: kinds.Kind, item: Item | None, answer: str) -> list[str]:
    """One stored answer of the tidy frame (typed text as is, anything else as JSON) as the lines the
    room saw when it was shared; as it is when its item is unknown (an exercise no longer in the
    content)."""
    if item is None:
        return [answer]
    lines = kind.shared_texts(item, answer)
    if lines:
        return lines
    try:  # a structured answer (a group's entries) is JSON in the frame
        return kind.shared_texts(item, json.loads(answer))
    except ValueError:
        return []


def build_report(
    answers: pd.DataFrame,
    sessions: pd.DataFrame,
    *,
    exercises: Mapping[str, Exercise],
    title: str | None = None,
    generated_at: datetime | None = None,
) -> str:
    """The report as one HTML string, from tidy ``answers`` and the ``sessions`` they come from
    (:func:`kit.analysis.load_sessions`). Every aggregate obeys the k rule of its sessions."""
    if title is None:
        title = (f"Cohort report: {sessions['cohort'].iloc[0]}" if len(sessions) == 1
                 else f"Cohort report: {len(sessions)} sessions")
    generated_at = generated_at or datetime.now(timezone.utc)
    k_all = effective_k(int(sessions["k_threshold"].max())) if len(sessions) else effective_k(3)
    answers = answers[answers["session_code"].isin(sessions["session_code"])]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape_cell(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape_cell(title)}</h1>",
        f"<p class='meta'>Generated {escape_cell(generated_at.strftime('%Y-%m-%d %H:%M UTC'))} by the Mentor Workshop Kit. "
        f"{len(sessions)} session(s), {int(sessions['participants'].sum())} people joined.</p>",
        f"<p class='note'>Each person's latest answer counts. No names are shown. {escape_cell(SUPPRESSED_NOTE)} "
        f"Free text appears only where its author chose to share it.</p>",
        _sessions_section(sessions),
    ]
    if answers.empty:
        parts.append("<p>No answers yet.</p>")
    else:
        pooled = summaries.summarize(answers, exercises=exercises)
        known = sorted(exercises.values(), key=lambda ex: (ex.order, ex.id))
        ids = [ex.id for ex in known if ex.id in set(answers["exercise_id"])]
        ids += sorted(set(answers["exercise_id"]) - set(ids))
        for exercise_id in ids:
            rows = answers[answers["exercise_id"] == exercise_id]
            exercise_title = rows["exercise_title"].dropna().iloc[0] if rows["exercise_title"].notna().any() else exercise_id
            item_texts = dict(zip(rows["item_id"], rows["item_text"].fillna(rows["item_id"])))
            quiz = bool(rows["item_type"].isin(kinds.types(lambda kind: kind.scored)).any())
            people = rows.loc[rows["is_latest"], "participant_key"].nunique()
            parts.append(f"<h2>{escape_cell(exercise_title)}</h2>")
            if people < k_all:
                parts.append(f"<p>{SUPPRESSED_MARK} Fewer than k people answered this exercise.</p>")
                continue
            parts.append(f"<p class='meta'>{people} people answered, in {rows['session_code'].nunique()} session(s).</p>")
            own = _kind_sections(rows[rows["is_latest"]], sessions, exercises.get(exercise_id), k_all, own=True)
            if own:  # a quiz's or the SMART goals' section stands instead of the charts and table
                parts += own
            else:
                chart = distribution_chart(pooled, exercise_id, title=str(exercise_title))
                if chart is not None:
                    parts.append(chart.to_html())
                if exercise_id in exercises:
                    ratings = likert_chart(pooled, exercises[exercise_id], title=f"{exercise_title}: lowest rated first")
                    if ratings is not None:
                        parts.append("<p class='note'>Each bar shows one statement's ratings: lower ratings left "
                                     "of the centre line, higher ones right, as shares of the people who rated "
                                     "it; answers such as “Not applicable” are counted beside the bar.</p>")
                        parts.append(ratings.to_html())
                parts.append(_distribution_table(pooled, exercise_id))
                if exercise_id in exercises:
                    parts += _kind_sections(rows[rows["is_latest"]], sessions, exercises[exercise_id], k_all)
            if len(sessions) > 1:
                parts.append(_comparison_section(answers, exercise_id, item_texts, exercises, quiz=quiz))
                parts.append(_trend_section(answers, exercise_id, item_texts, exercises, quiz=quiz))
            parts.append(_shared_texts(answers, exercise_id, exercises.get(exercise_id)))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(
    source: Store | str | None,
    path: str | Path,
    *,
    sessions: Iterable[str] | str | None = None,
    exercises: Mapping[str, Exercise] | None = None,
    title: str | None = None,
) -> Path:
    """Write the report of ``sessions`` (default: all) in the database at ``source`` to ``path``.

    Example::

        write_report("sqlite:///workshop.sqlite3", "report.html", sessions=["K7M2QX"])
    """
    if exercises is None:
        from kit.content import load_content

        exercises = load_content()
    session_frame = load_sessions(source, sessions)
    exercises = with_quick_activities(source, list(session_frame["session_code"]), exercises)
    answers = load_answers(source, sessions, latest_only=True, exercises=exercises)
    document = build_report(answers, session_frame, exercises=exercises, title=title)
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(document, encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path
