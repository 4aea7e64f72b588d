"""Summaries of tidy answers: per exercise and item, per cohort, and over time.

Every function takes the frame from :func:`kit.analysis.load_answers` (or an export read back with
pandas) and returns a new DataFrame; nothing is read from the database here. Summaries count the
answers that count (each participant's latest revision, ``is_latest``), separately for each run.

How an item is summarised depends on its kind: :func:`summarizer` returns the function
``(rows, keys, content) -> DataFrame`` its kind names (:mod:`kit.kinds`, part ``summary``, in the
kind's ``tables.py``). What several kinds share is here: option counts (choice, likert, quiz), the
free-text summary (text, group, pair talk) and the count of who answered. Items of a type the kit
does not know (or no longer in the content) are still counted (measure ``answered``).

Measures in a summary:

* ``option``: how many chose each option (``category``) of a choice or quiz item;
* ``correct``: how many answered a quiz item correctly (``share`` is the accuracy);
* ``confidence``: how many gave each confidence level (``category``) on a quiz item;
* ``shared``: how many shared their free text (text and group items);
* ``entries``: how many entries a repeated group's answers hold in all;
* ``answered``: how many answered (text and group items, and every type without its own summariser);
* the newer kinds' own: ``ranked_first`` and ``mean_rank`` (ranking: ``mean`` is the option's average
  rank), ``sorted_right`` (sorting), ``word`` (word cloud), ``entries`` (Q&A questions posted).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from kit import kinds
from kit.analysis.suppress import effective_k, suppress
from kit.analysis.tidy import content_frames
from kit.content.model import Exercise
from kit.logic.aggregate import scale_halves

#: Group by session: one group per workshop, labelled by date and cohort name.
BY_SESSION: tuple[str, ...] = ("session_date", "cohort", "session_code")

#: Columns of :func:`summarize` after the ``by`` columns.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "exercise_id", "exercise_title", "item_id", "item_position", "item_type", "item_text", "run",
    "measure", "category", "category_label", "category_position", "count", "respondents", "share", "mean", "k",
)


@dataclass(frozen=True)
class Content:
    """What summarisers may need from the exercise content."""

    exercises: Mapping[str, Exercise]
    #: One row per option of each item (see :func:`kit.analysis.tidy.content_frames`).
    options: pd.DataFrame


Summarizer = Callable[[pd.DataFrame, list, Content], pd.DataFrame]


def person_column(answers: pd.DataFrame) -> str:
    """The column identifying participants: ``participant_key``, or ``participant`` in an export."""
    return "participant_key" if "participant_key" in answers.columns else "participant"


def _content(exercises: Mapping[str, Exercise] | None) -> Content:
    if exercises is None:
        from kit.content import load_content

        exercises = load_content()
    return Content(exercises=exercises, options=content_frames(exercises)[1])


def _option_counts(rows: pd.DataFrame, keys: list, content: Content, measure: str = "option") -> pd.DataFrame:
    """Count each option per group, with a zero for options nobody chose (scale order)."""
    counts = rows.dropna(subset=["value"]).groupby(keys + ["value"], dropna=False).size().rename("count").reset_index()
    groups = rows[keys].drop_duplicates()
    grid = groups.merge(content.options[["exercise_id", "item_id", "value", "label", "option_position"]],
                        on=["exercise_id", "item_id"])
    out = grid.merge(counts, on=keys + ["value"], how="outer")
    out["count"] = out["count"].fillna(0).astype("int64")
    # Values no longer on the scale (edited content) are kept, after the scale's options.
    out["label"] = out["label"].fillna(out["value"])
    out = out.rename(columns={"value": "category", "label": "category_label", "option_position": "category_position"})
    out["measure"] = measure
    return out


def _summarize_text(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """Free text: how many answered and how many shared their answer (the texts themselves are never
    summarised)."""
    shared = rows.groupby(keys, dropna=False)["shared"].sum().astype("int64").rename("count").reset_index()
    shared["measure"] = "shared"
    return pd.concat([_summarize_answered(rows, keys, content), shared], ignore_index=True)


def _summarize_answered(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """Any other item type: how many answered."""
    answered = rows.groupby(keys, dropna=False)[person_column(rows)].nunique().rename("count").reset_index()
    answered["measure"] = "answered"
    return answered


def summarizer(item_type: str) -> Summarizer:
    """The summariser the kind of ``item_type`` names (:mod:`kit.kinds`); items of a type the kit
    does not know (content changed since) are counted as answered."""
    kind = kinds.kind_of(item_type)
    return kind.part("summary") if "summary" in kind.parts else _summarize_answered


def summarize(
    answers: pd.DataFrame,
    *,
    by: Sequence[str] = (),
    exercises: Mapping[str, Exercise] | None = None,
    latest_only: bool = True,
) -> pd.DataFrame:
    """Per-item summaries of ``answers``, one row per measure and category, for each group in ``by``.

    ``by`` are columns of ``answers`` to group by, e.g. :data:`BY_SESSION` for one summary per
    session, or ``["cohort"]``; default: everything pooled. Columns: the ``by`` columns, then
    :data:`SUMMARY_COLUMNS`: ``count`` people chose ``category`` (an option value, a confidence
    level, or empty) out of ``respondents`` who answered the item, ``share = count / respondents``,
    ``mean`` an average where the measure is one (``mean_rank``: the option's average rank over
    ``count`` complete orders), and ``k`` is the group's k (the largest ``k_threshold`` of its sessions). Nothing is suppressed
    here: pass the result to :func:`kit.analysis.suppress.suppress` before showing it to anyone
    else. ``exercises`` default to :func:`kit.content.load_content` (for options nobody chose).
    """
    by = list(by)
    content = _content(exercises)
    rows = answers[answers["is_latest"]] if latest_only else answers
    keys = by + ["exercise_id", "item_id", "run"]
    columns = by + list(SUMMARY_COLUMNS)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    person = person_column(rows)
    groups = rows.groupby(keys, dropna=False, sort=False).agg(
        respondents=(person, "nunique"), k=("k_threshold", "max")).reset_index()
    groups["k"] = groups["k"].map(effective_k).astype("int64")
    parts = []
    for item_type, part in rows.groupby("item_type", sort=False):
        parts.append(summarizer(item_type)(part, keys, content))
    out = pd.concat(parts, ignore_index=True).merge(groups, on=keys, how="left")
    meta = rows.drop_duplicates(["exercise_id", "item_id"])[
        ["exercise_id", "item_id", "exercise_title", "item_position", "item_type", "item_text"]]
    out = out.merge(meta, on=["exercise_id", "item_id"], how="left")
    # A summariser may count things other than people (goals: up to three per person) and says out of
    # how many in ``denominator``; everything else is a share of the people who answered.
    denominator = out["denominator"] if "denominator" in out else pd.Series(pd.NA, index=out.index)
    out["share"] = out["count"] / denominator.fillna(out["respondents"]).replace(0, pd.NA).astype("Float64")
    for column in ("category", "category_label"):
        out[column] = out[column].astype("string") if column in out else pd.Series(pd.NA, index=out.index, dtype="string")
    out["category_position"] = (out["category_position"] if "category_position" in out else pd.NA)
    out["category_position"] = out["category_position"].astype("Int64")
    # An average rather than a count (a ranking's average rank); empty for every other measure.
    out["mean"] = (out["mean"] if "mean" in out else pd.Series(pd.NA, index=out.index)).astype("Float64")
    order = {"option": 0, "correct": 1, "confidence": 2, "goals": 3, "shown": 4, "ticked": 5, "shared": 6,
             "answered": 7, "ranked_first": 8, "mean_rank": 9}
    out["_measure_order"] = out["measure"].map(order).fillna(10)
    out = out.sort_values(by + ["exercise_id", "run", "item_position", "item_id", "_measure_order",
                                "category_position", "category"], na_position="last", kind="stable")
    return out[columns].reset_index(drop=True)


def overview(answers: pd.DataFrame, *, by: Sequence[str] = ()) -> pd.DataFrame:
    """One row per exercise (and group in ``by``): who answered, how often, in how many runs.

    Columns: the ``by`` columns, ``exercise_id``, ``exercise_title``, ``sessions``, ``respondents``
    (people with at least one response), ``responses`` (stored submissions, every revision),
    ``resubmissions`` (submissions after a person's first, per run), ``runs`` (1, or 2 for a quiz
    taken twice) and ``second_run_respondents``.
    """
    by = list(by)
    person = person_column(answers)
    responses = answers.drop_duplicates(by + ["exercise_id", person, "run", "revision"]).assign(
        _resubmission=lambda frame: frame["revision"] > 1)
    keys = by + ["exercise_id"]
    out = responses.groupby(keys, dropna=False).agg(
        exercise_title=("exercise_title", "first"),
        sessions=("session_code", "nunique"),
        respondents=(person, "nunique"),
        responses=("revision", "size"),
        resubmissions=("_resubmission", "sum"),
        runs=("run", "max"),
        k=("k_threshold", "max"),
    ).reset_index()
    second = responses[responses["run"] > 1].groupby(keys, dropna=False)[person].nunique()
    out = out.merge(second.rename("second_run_respondents").reset_index(), on=keys, how="left")
    out["second_run_respondents"] = out["second_run_respondents"].fillna(0).astype("int64")
    out["k"] = out["k"].map(effective_k).astype("int64")
    return out


def _headline(summary: pd.DataFrame, category: str | None,
              exercises: Mapping[str, Exercise] | None = None) -> pd.DataFrame:
    """Per item, the one number to compare: quiz accuracy, else the share choosing ``category``
    (default: each item's first option, e.g. Yes: holding the assumption; for likert items the share
    in the high half of the scale, e.g. Mostly or Always)."""
    quiz = summary["measure"] == "correct"
    options = summary["measure"] == "option"
    if category is None:
        pick = options & (summary["category_position"] == 1)
    else:
        pick = options & (summary["category"] == category)
    quiz_items = set(summary.loc[quiz, "item_id"])
    likert = options & summary["item_type"].isin(kinds.types(lambda kind: kind.rated))
    if category is None and likert.any() and exercises is not None:
        # Rating scales: the share in the high half (e.g. Mostly or Always), not the first option.
        pick &= ~likert
        high = {(ex.id, item.id, value) for ex in exercises.values() for item in ex.items
                if kinds.kind_of(item.type).rated and item.scale is not None for value in scale_halves(item.scale)[2]}
        rows = summary[likert]
        rows = rows[[key in high for key in zip(rows["exercise_id"], rows["item_id"], rows["category"])]]
        keys = [c for c in rows.columns if c not in ("category", "category_label", "category_position", "count",
                                                     "share")]
        rated = rows.groupby(keys, dropna=False, sort=False)["count"].sum().reset_index()
        rated["share"] = rated["count"] / rated["respondents"].where(rated["respondents"] > 0)
        rated["category"] = "high"
        summary = pd.concat([summary, rated], ignore_index=True)
        pick = pick.reindex(summary.index, fill_value=False) | (summary["category"] == "high")
        quiz = quiz.reindex(summary.index, fill_value=False)
    # SMART goals: one column per component, the share of goals whose words show it.
    shown = summary["measure"] == "shown"
    goals = summary[shown].assign(item_id=summary.loc[shown, "category"].astype(str),
                                  item_position=summary.loc[shown, "category_position"])
    return pd.concat([summary[quiz | (pick & ~summary["item_id"].isin(quiz_items))], goals], ignore_index=True)


def compare(
    answers: pd.DataFrame,
    exercise_id: str,
    *,
    by: Sequence[str] = BY_SESSION,
    category: str | None = None,
    run: int = 1,
    exercises: Mapping[str, Exercise] | None = None,
    suppress_small: bool = True,
) -> pd.DataFrame:
    """A wide table: one row per group in ``by``, one column per item, the share in each cell.

    The share is the quiz accuracy for quiz items, for choice items the share choosing ``category``
    (default: each item's first option, e.g. "Yes": holding the assumption), for likert items by
    default the share in the high half of the scale (e.g. "Mostly or Always"), and for SMART goals one
    column per component: the share of goals whose words show it. With
    ``suppress_small`` (the default) cells with fewer than k respondents are empty.
    """
    summary = summarize(answers[(answers["exercise_id"] == exercise_id) & (answers["run"] == run)],
                        by=by, exercises=exercises)
    cells = _headline(summary, category, _content(exercises).exercises)
    if suppress_small:
        cells = suppress(cells, columns=["share"])
    if cells.empty:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=list(by)) if len(by) > 1 else None)
    table = cells.set_index(list(by) + ["item_id"])["share"].unstack("item_id")
    order = cells.drop_duplicates("item_id").sort_values("item_position")["item_id"]
    table = table.reindex(columns=[c for c in order if c in table.columns]).sort_index()
    table.columns.name = None
    return table.astype("Float64")


def compare_cohorts(answers: pd.DataFrame, exercise_id: str, *, category: str | None = None, run: int = 1,
                    exercises: Mapping[str, Exercise] | None = None, suppress_small: bool = True) -> pd.DataFrame:
    """:func:`compare` with one row per session (date, cohort name and code), oldest first.

    Example: the share holding each confidentiality assumption, cohort by cohort::

        compare_cohorts(answers, "confidentiality", category="yes")
    """
    return compare(answers, exercise_id, by=BY_SESSION, category=category, run=run, exercises=exercises,
                   suppress_small=suppress_small)


def with_period(answers: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """``answers`` with a ``period`` column: the start of the ``freq`` period ("M" months, "Q"
    quarters, "Y" years) in which each session took place."""
    out = answers.copy()
    out["period"] = out["session_date"].dt.to_period(freq).dt.start_time
    return out


def trends(answers: pd.DataFrame, exercise_id: str, *, freq: str = "M", category: str | None = None, run: int = 1,
           exercises: Mapping[str, Exercise] | None = None, suppress_small: bool = True) -> pd.DataFrame:
    """:func:`compare` over time: one row per period (``freq``: "M", "Q" or "Y") pooling its sessions."""
    return compare(with_period(answers, freq), exercise_id, by=["period"], category=category, run=run,
                   exercises=exercises, suppress_small=suppress_small)


def quiz_gains(
    answers: pd.DataFrame,
    *,
    by: Sequence[str] = BY_SESSION,
    exercise_id: str | None = None,
    exercises: Mapping[str, Exercise] | None = None,
    suppress_small: bool = True,
) -> pd.DataFrame:
    """Quiz accuracy before (run 1) and after (run 2), and the gain, per group, quiz and item.

    One row per group, quiz exercise and item, plus one row per group and quiz with ``item_id``
    empty for all its statements together (answers correct out of answers given). Columns: the
    ``by`` columns, ``exercise_id``, ``item_id``, ``item_text``, ``respondents_before``,
    ``accuracy_before``, ``second_run`` (whether the group took the quiz a second time),
    ``respondents_after``, ``accuracy_after``, ``gain`` (after minus before; empty without a second
    run). Groups are compared as a whole (not only the people who took
    both runs). With ``suppress_small`` a run with fewer than k respondents shows no accuracy.
    """
    by = list(by)
    rows = answers[answers["is_latest"] & answers["item_type"].isin(kinds.types(lambda kind: kind.scored))]
    if exercise_id is not None:
        rows = rows[rows["exercise_id"] == exercise_id]
    columns = by + ["exercise_id", "item_id", "item_text", "respondents_before", "accuracy_before",
                    "second_run", "respondents_after", "accuracy_after", "gain"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    person = person_column(rows)
    keys = by + ["exercise_id", "run"]
    per_item = rows.groupby(keys + ["item_id"], dropna=False).agg(
        item_position=("item_position", "first"), item_text=("item_text", "first"),
        respondents=(person, "nunique"), correct=("correct", "sum"), answered=("correct", "count"),
        k=("k_threshold", "max")).reset_index()
    overall = rows.groupby(keys, dropna=False).agg(
        respondents=(person, "nunique"), correct=("correct", "sum"), answered=("correct", "count"),
        k=("k_threshold", "max")).reset_index()
    overall["item_id"] = pd.NA
    overall["item_text"] = "All statements"
    overall["item_position"] = 0
    both = pd.concat([overall, per_item], ignore_index=True)
    both["accuracy"] = both["correct"] / both["answered"]
    if suppress_small:
        both = suppress(both, columns=["respondents", "accuracy"])
    both["ran"] = True
    index = by + ["exercise_id", "item_position", "item_id", "item_text"]
    before = both[both["run"] == 1].set_index(index)[["respondents", "accuracy", "ran"]]
    after = both[both["run"] == 2].set_index(index)[["respondents", "accuracy", "ran"]]
    out = before.add_suffix("_before").join(after.add_suffix("_after"), how="outer").reset_index()
    out["second_run"] = out["ran_after"].notna()
    out["gain"] = out["accuracy_after"] - out["accuracy_before"]
    out = out.sort_values(by + ["exercise_id", "item_position"], kind="stable")
    return out[columns].reset_index(drop=True)
