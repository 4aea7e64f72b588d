"""Reading a mentoring goal for the five SMART components, in plain words.

:func:`analyze_goal` is pure (no widgets, no I/O, no clock unless ``today`` is left out) and fast: it
runs in every participant's kernel on each keystroke (about 0.2 ms for a typical goal, under 10 ms for
the longest text it reads; ``tests/logic/smart/test_analysis.py`` checks the bound). It returns a
:class:`GoalAnalysis`: for each of ``specific``, ``measurable``, ``action_oriented``, ``realistic``
and ``timely`` a :class:`Finding` that says whether the words show it, why (one sentence), how to
improve it (one sentence) and, when not met, a short issue code the facilitator's view counts.

It reads English as people write goals: lower case, no full stop, bullet fragments, numbers as words
("three papers", "twenty-five", "a dozen", "twice a month"), and time frames in many forms ("by 31
March", "jan 15", "31/03/2026", "within six weeks", "this quarter", "by the end of Q2", "before my
review", "starting in september"). The wording of every reason and tip is the kit's own.

Libraries (measured on the kit's Python 3.11 virtualenv, cold import in a fresh interpreter, RSS from
``resource.getrusage``; the participant kernel itself is about 53 MB):

* ``python-dateutil`` (used): turns the calendar dates found here into dates. It is already imported
  by every Jupyter kernel (``jupyter_client`` uses it), so in a participant kernel it costs nothing
  more; on its own ``import dateutil.parser`` takes about 57 ms and 6 MB.
* ``dateparser`` (not used): ``search_dates`` finds dates in free text, but costs about 150 ms and
  24 MB to import plus 170 ms for the first call, per kernel, and still misses "this quarter" or
  "before my review".
* ``parsedatetime`` (not used): light (35-60 ms, 5 MB) but unreleased since 2020, misses the
  workplace time frames above, and reads "may", "morning" and "one day" as dates.
* ``number-parser`` (not used): light (13 ms, 2 MB) but turns ordinals into counts ("first author"
  becomes "1 author"), which would make weak goals look measurable; the number words a goal uses fit
  in the small table below.

Time frames such as "this term" or "before my review" are workplace phrases no date library knows,
so they are listed here as patterns.

The package by concept: :mod:`.findings` (the result types and the issue codes), :mod:`.numbers`
(number words to digits), :mod:`.words` (the word lists and which words act as verbs),
:mod:`.timeframes` (dates, periods and events), :mod:`.analysis` (one goal) and :mod:`.summary`
(a group's goals, for the facilitator). Names with a leading underscore are shared between these
modules only.
"""

from kit.logic.smart.analysis import analyze_goal, tick_hint
from kit.logic.smart.findings import COMPONENTS, ISSUES, LABELS, LONG_TEXT, PARTNERSHIP_MONTHS, Finding, GoalAnalysis
from kit.logic.smart.summary import GoalSummary, summarize_goals, ticked_yes

__all__ = ["COMPONENTS", "ISSUES", "LABELS", "LONG_TEXT", "PARTNERSHIP_MONTHS", "Finding", "GoalAnalysis",
           "GoalSummary", "analyze_goal", "summarize_goals", "tick_hint", "ticked_yes"]
