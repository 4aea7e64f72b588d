"""Quiz rules and item statistics: scoring, the facilitator's per-item numbers, trainers' statistics.

Pure Python on purpose (no numpy, pandas or scipy): participant kernels import ``kit.logic``.

A stored quiz answer is ``{item_id: {"answer": <option value>, "confidence": <option value>}}``
(``confidence`` only when the exercise has a ``confidence_scale``). ``answers_list`` arguments are
what :meth:`kit.store.Store.latest_answers` returns: one such mapping per participant, anonymous.

Session settings choose which items a session uses and which run is current::

    settings["quiz"][exercise_id] == {"run": 1 or 2, "items": [item ids] or None}   # None: all items
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from kit.content.model import Exercise, Item, Scale

#: The runs a quiz can have in one workshop: before the talk and after it.
RUNS = (1, 2)
SETTINGS_KEY = "quiz"


# --- session settings -------------------------------------------------------------------------------


def _exercise_settings(exercise: Exercise, settings: Mapping[str, Any] | None) -> Mapping[str, Any]:
    quiz = (settings or {}).get(SETTINGS_KEY)
    mine = quiz.get(exercise.id) if isinstance(quiz, Mapping) else None
    return mine if isinstance(mine, Mapping) else {}


def selected_items(exercise: Exercise, settings: Mapping[str, Any] | None) -> tuple[Item, ...]:
    """The quiz items a session uses, in the exercise's order.

    ``settings`` is the session's settings mapping. All quiz items when nothing is chosen (``items``
    missing or None); ids that are not quiz items of the exercise (an edited content file) are
    ignored, and a choice that leaves nothing falls back to all items rather than an empty quiz.
    """
    chosen = _exercise_settings(exercise, settings).get("items")
    items = exercise.quiz_items
    if not isinstance(chosen, (list, tuple)):
        return items
    wanted = {item_id for item_id in chosen if isinstance(item_id, str)}
    picked = tuple(item for item in items if item.id in wanted)
    return picked or items


def current_run(exercise: Exercise, settings: Mapping[str, Any] | None) -> int:
    """The run participants answer now: 1 (before the talk, the default) or 2 (after it)."""
    run = _exercise_settings(exercise, settings).get("run", 1)
    return run if isinstance(run, int) and not isinstance(run, bool) and run in RUNS else 1


def updated_settings(exercise: Exercise, settings: Mapping[str, Any] | None, *, run: int | None = None,
                     items: Any = ...) -> dict[str, Any]:
    """The new value of the session's ``quiz`` settings key after changing ``exercise``'s entry.

    ``run`` None keeps the run; ``items`` ``...`` keeps the choice, None means all items. Other
    exercises' entries are kept. Raises ValueError for a run other than 1 or 2, an unknown item id or
    an empty choice. Store it with ``store.update_session_settings(code, quiz=<result>)``.
    """
    quiz = (settings or {}).get(SETTINGS_KEY)
    result = {key: dict(value) for key, value in quiz.items() if isinstance(value, Mapping)} \
        if isinstance(quiz, Mapping) else {}
    entry = {"run": current_run(exercise, settings), "items": None, **result.get(exercise.id, {})}
    if run is not None:
        if isinstance(run, bool) or run not in RUNS:
            raise ValueError(f"A quiz run is 1 (before the talk) or 2 (after it), not {run!r}.")
        entry["run"] = run
    if items is not ...:
        if items is not None:
            known = [item.id for item in exercise.quiz_items]
            unknown = [item_id for item_id in items if item_id not in known]
            if unknown:
                raise ValueError(f"Not quiz items of {exercise.id}: {', '.join(unknown)} (known: {', '.join(known)}).")
            if not items:
                raise ValueError("Choose at least one item.")
            items = [item_id for item_id in known if item_id in set(items)]
            if items == known:
                items = None
        entry["items"] = items
    result[exercise.id] = entry
    return result


# --- one participant ----------------------------------------------------------------------------------


def _value(answer: Any, key: str) -> Any:
    return answer.get(key) if isinstance(answer, Mapping) else None


def is_correct(item: Item, answer: Any) -> bool | None:
    """True or False for a stored answer to ``item``; None when it was not answered."""
    given = _value(answer, "answer")
    if given is None:
        return None
    return given == item.answer


def confidence_weights(scale: Scale | None) -> dict[str, float]:
    """Weight of each confidence option: evenly from 1 (first, most sure) to 0 (last, least sure).

    Sure / think so / guessing gives 1, 0.5 and 0. Without a confidence scale there is nothing to weigh.
    """
    if scale is None:
        return {}
    last = len(scale.options) - 1
    return {option.value: (1 - index / last) if last else 1.0 for index, option in enumerate(scale.options)}


def sure_value(exercise: Exercise) -> str | None:
    """The most confident option of the exercise's confidence scale (the first), or None."""
    scale = exercise.confidence_scale
    return scale.options[0].value if scale is not None and scale.options else None


@dataclass(frozen=True)
class Score:
    """One participant's result on a set of quiz items."""

    correct: int
    answered: int
    total: int
    #: Items answered wrongly or not at all, in the exercise's order: the ones to revisit.
    revisit: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Whether every item was answered."""
        return self.answered == self.total


def score(exercise: Exercise, answers: Mapping[str, Any], items: Sequence[Item] | None = None) -> Score:
    """Score ``answers`` (one participant) on ``items`` (default: every quiz item of ``exercise``)."""
    items = exercise.quiz_items if items is None else tuple(items)
    results = [(item, is_correct(item, answers.get(item.id))) for item in items]
    return Score(
        correct=sum(1 for _, ok in results if ok),
        answered=sum(1 for _, ok in results if ok is not None),
        total=len(items),
        revisit=tuple(item.id for item, ok in results if not ok),
    )


@dataclass(frozen=True)
class ItemChange:
    """One item in a participant's two runs: True right, False wrong, None not answered."""

    item_id: str
    text: str
    before: bool | None
    after: bool | None

    @property
    def status(self) -> str:
        """``improved``, ``worse``, ``still_right``, ``still_wrong`` or ``new`` (not answered in run 1)."""
        if self.before is None or self.after is None:
            return "new"
        if self.before == self.after:
            return "still_right" if self.after else "still_wrong"
        return "improved" if self.after else "worse"


def my_change(exercise: Exercise, before: Mapping[str, Any] | None, after: Mapping[str, Any],
              items: Sequence[Item] | None = None) -> tuple[list[ItemChange], Score, Score]:
    """A participant's change from run 1 (``before``, None when not taken) to run 2 (``after``).

    Returns the per-item changes for ``items`` answered in run 2 and the two scores on those items.
    """
    items = exercise.quiz_items if items is None else tuple(items)
    before = before or {}
    answered = [item for item in items if is_correct(item, after.get(item.id)) is not None]
    changes = [ItemChange(item.id, item.text, is_correct(item, before.get(item.id)), is_correct(item, after.get(item.id)))
               for item in answered]
    return changes, score(exercise, before, answered), score(exercise, after, answered)


# --- the group ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStats:
    """The group's numbers for one quiz item (only participants who answered it count)."""

    item_id: str
    text: str
    #: How many answered the item.
    n: int
    correct: int
    #: How many were wrong while choosing the most confident option ("sure").
    wrong_sure: int
    #: Share correct, 0..1 (the classical item "difficulty": higher is easier); None when n is 0.
    difficulty: float | None
    #: Share of respondents who were wrong while sure, 0..1; None when n is 0.
    wrong_while_sure: float | None
    #: Point-biserial correlation of the item (1 right, 0 wrong) with the rest-of-test score; None
    #: when undefined (fewer than two respondents, or no spread in either).
    discrimination: float | None
    #: Mean of +w (right) and -w (wrong), w the confidence weight (see :func:`item_stats`); -1..1.
    confidence_weighted_accuracy: float | None

    @property
    def wrong(self) -> int:
        """How many answered wrongly."""
        return self.n - self.correct

    @property
    def wrong_unsure(self) -> int:
        """How many answered wrongly without being sure."""
        return self.n - self.correct - self.wrong_sure


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation of two equally long sequences; None when undefined (n < 2 or no spread)."""
    n = len(xs)
    if n != len(ys):
        raise ValueError("sequences differ in length")
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return sxy / math.sqrt(sxx * syy)


def item_stats(exercise: Exercise, answers_list: Iterable[Mapping[str, Any]],
               items: Sequence[Item] | None = None) -> list[ItemStats]:
    """Per-item statistics over many participants' answers, in the exercise's order.

    For each item, over the participants who answered it:

    * **difficulty** = correct / answered (share correct);
    * **wrong_while_sure** = share who were wrong *and* chose the first (most sure) confidence option;
    * **discrimination** = the point-biserial correlation (Pearson's r with a 0/1 variable) between
      the item (1 right, 0 wrong) and the rest-of-test score: how many of the *other* ``items`` the
      participant got right (an unanswered item counts as not right). Positive when those who know
      the rest also get this one right;
    * **confidence-weighted accuracy** = the mean over respondents of ``+w`` when right and ``-w``
      when wrong, where ``w`` is the confidence weight of :func:`confidence_weights` (sure 1, think
      so 0.5, guessing 0; a missing confidence counts 0). It runs from -1 (everyone sure and wrong)
      to +1 (everyone sure and right); guesses count for nothing either way. Without a confidence
      scale every answer weighs 1, which gives ``2 * difficulty - 1``.

    ``items`` defaults to every quiz item of the exercise.
    """
    items = exercise.quiz_items if items is None else tuple(items)
    answers_list = [a for a in answers_list if isinstance(a, Mapping)]
    weights = confidence_weights(exercise.confidence_scale)
    sure = sure_value(exercise)
    # 1 / 0 / None per participant and item.
    marks = [{item.id: is_correct(item, a.get(item.id)) for item in items} for a in answers_list]
    totals = [sum(1 for ok in m.values() if ok) for m in marks]
    result = []
    for item in items:
        rows = [(m[item.id], total, a.get(item.id)) for m, total, a in zip(marks, totals, answers_list)
                if m[item.id] is not None]
        n = len(rows)
        correct = sum(1 for ok, _, _ in rows if ok)
        wrong_sure = sum(1 for ok, _, a in rows if not ok and sure is not None and _value(a, "confidence") == sure)
        xs = [1.0 if ok else 0.0 for ok, _, _ in rows]
        rest = [float(total - (1 if ok else 0)) for ok, total, _ in rows]
        signed = [(1 if ok else -1) * (weights.get(_value(a, "confidence"), 0.0) if weights else 1.0)
                  for ok, _, a in rows]
        result.append(ItemStats(
            item_id=item.id,
            text=item.text,
            n=n,
            correct=correct,
            wrong_sure=wrong_sure,
            difficulty=correct / n if n else None,
            wrong_while_sure=wrong_sure / n if n else None,
            discrimination=pearson(xs, rest),
            confidence_weighted_accuracy=sum(signed) / n if n else None,
        ))
    return result


def misconceptions_first(stats: Iterable[ItemStats]) -> list[ItemStats]:
    """Items ordered for the facilitator: the most firmly held misconceptions first.

    By share wrong-while-sure (highest first), then share correct (lowest first), then the exercise's
    order; items nobody answered go last.
    """
    stats = list(stats)
    return [s for _, s in sorted(
        enumerate(stats),
        key=lambda pair: (pair[1].n == 0, -(pair[1].wrong_while_sure or 0.0), pair[1].difficulty or 0.0, pair[0]),
    )]


def score_distribution(exercise: Exercise, answers_list: Iterable[Mapping[str, Any]],
                       items: Sequence[Item] | None = None) -> dict[int, int]:
    """How many participants scored 0, 1, ..., len(items) on ``items``: an anonymous histogram.

    Only participants who answered at least one of the items count.
    """
    items = exercise.quiz_items if items is None else tuple(items)
    counts = {value: 0 for value in range(len(items) + 1)}
    for answers in answers_list:
        result = score(exercise, answers, items)
        if result.answered:
            counts[result.correct] += 1
    return counts


@dataclass(frozen=True)
class ItemShift:
    """The group's share correct on one item before (run 1) and after (run 2) the talk."""

    item_id: str
    text: str
    n_before: int
    n_after: int
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        """after - before (share correct, -1..1); None when either run has no answer to the item."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def before_after(exercise: Exercise, run1_answers: Iterable[Mapping[str, Any]],
                 run2_answers: Iterable[Mapping[str, Any]], items: Sequence[Item] | None = None) -> list[ItemShift]:
    """Share correct per item in each run, in the exercise's order.

    The runs are compared as groups (the answers carry no identity, and not everyone takes both):
    each share is over the participants who answered the item in that run.
    """
    first = {s.item_id: s for s in item_stats(exercise, run1_answers, items)}
    second = item_stats(exercise, run2_answers, items)
    return [ItemShift(s.item_id, s.text, first[s.item_id].n, s.n, first[s.item_id].difficulty, s.difficulty)
            for s in second]
