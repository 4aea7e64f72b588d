"""Quiz items: per statement the share right and the share wrong while sure, the most firmly held
misconceptions first, as a chart and a table with the same numbers; an anonymous score histogram;
and, once the quiz ran twice, the shift per statement from before the talk to after it."""

from __future__ import annotations

from html import escape
from typing import Any, Mapping, Sequence

import ipywidgets as widgets

from kit.charts import before_after_chart, quiz_items_chart, score_histogram_chart
from kit.logic.aggregate import gate
from kit.logic.quiz import (
    ItemShift,
    ItemStats,
    before_after,
    current_run,
    item_stats,
    misconceptions_first,
    score_distribution,
    selected_items,
)
from kit.ui.sections.base import Section, Snapshot, chart_image


def _pct(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole) if whole else 0}%)"


def stats_table(stats: Sequence[ItemStats], labels: Mapping[str, str]) -> str:
    """The chart's numbers as an HTML table, in the chart's order (misconceptions first)."""
    rows = "".join(
        f'<tr data-item="{escape(s.item_id)}" data-right="{s.correct}" data-wrong-sure="{s.wrong_sure}" '
        f'data-n="{s.n}"><td>{escape(s.text)}</td><td>{escape(labels.get(s.item_id, ""))}</td>'
        f"<td>{_pct(s.correct, s.n)}</td><td>{_pct(s.wrong_sure, s.n)}</td></tr>"
        for s in stats)
    return (
        '<table class="mk-compare mk-chart-table mk-quiz-table"><caption>The chart in numbers, most firmly held '
        "misconceptions first</caption><thead><tr><th scope=\"col\">Statement</th><th scope=\"col\">Answer</th>"
        '<th scope="col">Right</th><th scope="col">Wrong while sure</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def histogram_table(counts: Mapping[int, int], total_items: int) -> str:
    """The score histogram as a one-line table: how many people got each number of items right."""
    head = "".join(f'<th scope="col">{score}</th>' for score in counts)
    cells = "".join(f'<td data-score="{score}">{count}</td>' for score, count in counts.items())
    return (
        '<table class="mk-compare mk-quiz-histogram"><caption>People by number of statements right '
        f"(out of {total_items})</caption><thead><tr><th scope=\"col\">Right</th>{head}</tr></thead>"
        f'<tbody><tr><th scope="row">People</th>{cells}</tr></tbody></table>'
    )


def shift_table(shifts: Sequence[ItemShift]) -> str:
    """Before / after share right per statement, with the change in percentage points."""
    def share(value: float | None) -> str:
        return "—" if value is None else f"{round(100 * value)}%"

    rows = "".join(
        f'<tr data-item="{escape(s.item_id)}"><td>{escape(s.text)}</td><td>{share(s.before)}</td>'
        f"<td>{share(s.after)}</td><td>{'—' if s.change is None else f'{round(100 * s.change):+d} points'}</td></tr>"
        for s in shifts)
    return (
        '<table class="mk-compare mk-quiz-shift"><caption>Share right before and after the talk</caption>'
        '<thead><tr><th scope="col">Statement</th><th scope="col">Before</th><th scope="col">After</th>'
        f'<th scope="col">Change</th></tr></thead><tbody>{rows}</tbody></table>'
    )


class QuizSection(Section):
    """The facilitator's view of an exercise's quiz items."""

    item_type = "quiz"

    def __init__(self, exercise, items):
        super().__init__(exercise, items)
        self.heading = widgets.HTML()
        self.chart = chart_image("mk-quiz-chart")
        self.table = widgets.HTML()
        self.histogram = chart_image("mk-quiz-histogram-chart")
        self.histogram_table = widgets.HTML()
        self.shift_chart = chart_image("mk-quiz-shift-chart")
        self.shift = widgets.HTML()
        self.widget = widgets.VBox([self.heading, self.chart, self.table, self.histogram, self.histogram_table,
                                    self.shift_chart, self.shift])
        self.widget.add_class("mk-quiz-section")

    @classmethod
    def run(cls, settings, exercise) -> int:
        """The quiz's current run (1 before the talk, 2 after) from the session settings."""
        return current_run(exercise, settings)

    @classmethod
    def settings_widget(cls, store: Any, exercise, code: str):
        """Which items this session uses, and starting the second run."""
        from kit.kinds.quiz.settings import QuizSettingsView

        return QuizSettingsView(store, exercise, code)

    @classmethod
    def extra(cls, store: Any, code: str, exercise) -> dict:
        """``{"quiz": {"run": 1|2, "items": [selected ids], "answers": {"1": [...], "2": [...]}}}``.

        ``answers`` are :meth:`Store.latest_answers` of each run (anonymous dicts), ``run`` and
        ``items`` the session's quiz settings (see :mod:`kit.logic.quiz`).
        """
        session = store.get_session(code)
        settings = session.settings if session is not None else {}
        return {"quiz": {
            "run": current_run(exercise, settings),
            "items": [item.id for item in selected_items(exercise, settings)],
            "answers": {str(run): store.latest_answers(code, exercise.id, run=run) for run in (1, 2)},
        }}

    # -- what to show ------------------------------------------------------------------------------
    def _data(self, snapshot: Snapshot) -> dict[str, Any]:
        data = snapshot.extra.get("quiz") if isinstance(snapshot.extra, Mapping) else None
        data = data if isinstance(data, Mapping) else {}
        answers = data.get("answers") if isinstance(data.get("answers"), Mapping) else {}
        chosen = data.get("items")
        mine = [item for item in self.items if chosen is None or item.id in chosen] or list(self.items)
        run1 = list(answers.get("1", snapshot.answers))
        run2 = list(answers.get("2", []))
        k = snapshot.gate.k
        run = data.get("run", 1)
        # The console's gate counts the snapshot's answers; each run shown is gated on its own too.
        show1 = snapshot.gate.visible and gate(len(run1), k).visible
        show2 = snapshot.gate.visible and gate(len(run2), k).visible
        if run == 2 and show2:
            current, label = run2, "after the talk (second run)"
        elif show1:
            current, label = run1, "before the talk (first run)" if (run == 2 or run2) else ""
        else:
            current, label = [], ""
        return {"items": mine, "run": run, "run1": run1, "run2": run2, "show1": show1, "show2": show2,
                "current": current, "label": label, "k": k}

    def stats(self, snapshot: Snapshot) -> list[ItemStats]:
        """Per-statement numbers of the run shown, most firmly held misconceptions first (none below k)."""
        data = self._data(snapshot)
        if not data["current"]:
            return []
        return [s for s in misconceptions_first(item_stats(self.exercise, data["current"], data["items"])) if s.n]

    def shifts(self, snapshot: Snapshot) -> list[ItemShift]:
        """Before / after per statement once both runs have at least k answers, biggest gain first."""
        data = self._data(snapshot)
        if not (data["show1"] and data["show2"]):
            return []
        shifts = [s for s in before_after(self.exercise, data["run1"], data["run2"], data["items"])
                  if s.change is not None]
        order = {item.id: n for n, item in enumerate(data["items"])}
        return sorted(shifts, key=lambda s: (-(s.change or 0.0), order[s.item_id]))

    # -- drawing -----------------------------------------------------------------------------------
    def _hide(self) -> None:
        self.heading.value = self.table.value = self.histogram_table.value = self.shift.value = ""
        for image in (self.chart, self.histogram, self.shift_chart):
            image.value = b""
            image.layout.display = "none"

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        if not snapshot.gate.visible:
            self._hide()
            return
        data = self._data(snapshot)
        stats = self.stats(snapshot)
        if not stats:
            self._hide()
            if data["run"] == 2:
                self.heading.value = (f'<p class="mk-muted">Second run: {len(data["run2"])} answered so far. '
                                      f"Results appear once at least {data['k']} people have answered.</p>")
            return
        notes = []
        if data["run"] == 2 and not data["show2"]:
            notes.append(f"Second run: {len(data['run2'])} answered so far; its results appear once at least "
                         f"{data['k']} people have answered.")
        self.heading.value = (f'<h3 class="mk-quiz-heading" data-run="{2 if data["current"] is data["run2"] else 1}">'
                              f"Misconceptions first{escape(': ' + data['label'] if data['label'] else '')}</h3>"
                              + "".join(f'<p class="mk-muted">{escape(n)}</p>' for n in notes))
        title = f"{self.exercise.title}: misconceptions held most firmly first"
        self.chart.value = quiz_items_chart([(s.text, s.correct, s.wrong_unsure, s.wrong_sure) for s in stats],
                                            title=title)
        self.chart.layout.display = None
        labels = {item.id: item.scale.label(item.answer) if item.scale and item.answer else "" for item in self.items}
        self.table.value = stats_table(stats, labels)
        counts = score_distribution(self.exercise, data["current"], data["items"])
        self.histogram.value = score_histogram_chart(counts, title="Scores (no names)")
        self.histogram.layout.display = None
        self.histogram_table.value = histogram_table(counts, len(data["items"]))
        shifts = self.shifts(snapshot)
        if shifts:
            self.shift_chart.value = before_after_chart([(s.text, s.before, s.after) for s in shifts],
                                                        title="Before and after the talk: share right")
            self.shift_chart.layout.display = None
            self.shift.value = shift_table(shifts)
        else:
            self.shift_chart.value = b""
            self.shift_chart.layout.display = "none"
            self.shift.value = ""

    def text_summary(self, snapshot: Snapshot) -> str:
        if not snapshot.gate.visible:
            return ""
        lines = [f"{s.text}: right {_pct(s.correct, s.n)}, wrong while sure {_pct(s.wrong_sure, s.n)}"
                 for s in self.stats(snapshot)]
        lines += [f"{s.text}: before {round(100 * s.before)}%, after {round(100 * s.after)}%"
                  for s in self.shifts(snapshot)]
        return "\n".join(lines)
