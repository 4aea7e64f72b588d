"""Time frames in a goal: calendar dates ("by 31 March", "31/03/2026"), durations ("within six
weeks"), periods ("this quarter", "by the end of Q2"), events ("before my review") and the far
future ("one day", "eventually"), each with how many months away it is when that can be known.

Workplace phrases such as "this term" or "before my review" are no date library's, so they are
patterns here; ``python-dateutil`` turns the calendar dates into dates (see :mod:`kit.logic.smart`).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from kit.logic.smart.findings import PARTNERSHIP_MONTHS

_MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
           "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
           "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
           "dec": 12}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_UNIT_MONTHS = {"day": 1 / 30, "week": 0.25, "fortnight": 0.5, "month": 1, "quarter": 3, "term": 4, "semester": 5,
                "year": 12, "rotation": 2, "block": 1, "sprint": 0.5, "cycle": 3}
_UNIT = r"(?P<unit>days?|weeks?|fortnights?|months?|quarters?|terms?|semesters?|years?|rotations?|blocks?|sprints?|cycles?)\b"
_PERIOD = (r"(?:week|month|quarter|semester|term|year|academic year|school year|fiscal year|financial year|"
           r"calendar year|rotation|residency|placement|program|programme|mentorship|mentoring|partnership|"
           r"fellowship|internship|contract|block|sprint|cycle|summer|winter|spring|fall|autumn|season|"
           r"day|weekend|course|module|project|pilot|trial|review cycle|cohort)")
_EVENT = (r"(?:review|reviews|appraisal|appraisals|evaluation|evaluations|exam|exams|examination|examinations|"
          r"interview|interviews|panel|conference|deadline|intake|defen[cs]e|graduation|meeting|board|boards|"
          r"rotation|placement|promotion|retreat|offsite|launch|audit|inspection|accreditation|break|holidays?|"
          r"vacation|leave|start|call|one-to-one|check-in|session|visit|orientation|handover|cycle|"
          r"end of (?:the )?(?:year|term|month|quarter))")
_DURATION = re.compile(
    r"\b(?:within|in|over|for|during|inside|across|after)\s+(?:the\s+|a\s+)?(?:next|coming|first|following|"
    r"upcoming)?\s*(?P<n>\d+(?:\.\d+)?|a|an)\s+" + _UNIT
    + r"|\b(?:next|coming|following|upcoming)\s+(?P<n2>\d+(?:\.\d+)?)\s+" + _UNIT.replace("unit", "unit2")
    + r"|\b(?P<n3>\d+(?:\.\d+)?)\s+" + _UNIT.replace("unit", "unit3") + r"\s+(?:from now|time)\b")
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple((kind, re.compile(p)) for kind, p in (
    ("period", r"\b(?:this|next|the coming|coming|the next|current|the current|upcoming|the upcoming)\s+"
               r"(?:academic |school |fiscal |financial |calendar )?(?P<what>week|month|quarter|semester|term|"
               r"year|rotation|block|sprint|cycle|summer|winter|spring|fall|autumn|weekend|review cycle|"
               r"meeting|session|appraisal|review|cohort|intake)\b"),
    ("period", r"\b(?:by|before|until|till|til|at|in|for|around|towards?|no later than)\s+(?:the\s+)?"
               r"(?:end|close|middle|start|beginning|finish)\s+of\s+(?:the\s+|this\s+|next\s+|my\s+|our\s+)?(?:[a-z0-9-]+\s+){0,2}?"
               r"(?P<what>" + _PERIOD + r"|" + _MONTH + r"|q[1-4]|h[12]|20\d\d)"),
    ("period", r"\b(?:by|before|until|till|in|at)\s+(?:the\s+)?(?P<what>year[- ]end|end of year|eoy|eom|"
               r"mid-?year|month[- ]end|quarter[- ]end|term[- ]end)\b"),
    ("period", r"\b(?:by|in|before|during|for|until|till|within|end of|over)\s+(?:the\s+)?(?:end of\s+)?"
               r"(?P<what>q[1-4]|h[12])\b(?!\s+journals?)"),
    ("period", r"\b(?P<what>q[1-4]|h[12])\s+(?:20\d\d|'?\d\d)\b"),
    ("date", r"\b(?P<what>" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:\s*,?\s*20\d\d)?)"),
    ("date", r"\b(?P<what>(?<!\bmay\b)" + _MONTH + r"\s+" + _DAY + r"(?!\s*(?:%|" + r"[a-z]))(?:\s*,?\s*20\d\d)?)"),
    ("date", r"\b(?P<what>" + _MONTH + r"\s+20\d\d)\b"),
    ("date", r"\b(?:by|before|in|until|till|on|from|starting|start of|end of|mid|mid-|early|late|beginning of|"
             r"middle of|during|this|next|around|at|the|to|through|thru)\s+(?:the\s+)?(?:end of\s+|mid-?\s*|"
             r"early\s+|late\s+)?(?P<what>" + _MONTH + r")(?!\s+(?:i|we|you|be|have|need)\b)"),
    ("date", r"(?<![\d/.])(?P<what>\d{1,2}/\d{1,2}(?:/(?:20)?\d\d)?)(?![\d/])"),
    ("date", r"(?<![\d.])(?P<what>\d{1,2}\.\d{1,2}\.(?:20)?\d\d)(?![\d.])"),
    ("date", r"\b(?P<what>20\d\d-\d{1,2}-\d{1,2})\b"),
    ("year", r"\b(?:by|in|before|until|till|during|for|end of|within|through)\s+(?:the\s+)?(?:end of\s+)?"
             r"(?:the\s+)?(?:academic\s+year\s+)?(?P<what>20\d\d)(?:[/-]\d\d)?\b"),
    ("weekday", r"\b(?:by|before|on|until|till|this|next|coming|by next|before next)\s+(?:next\s+)?"
                r"(?P<what>monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|mon|tue|wed|thu|fri)\b"),
    ("soon", r"\b(?P<what>tomorrow|tonight|today|asap|as soon as possible|right away|straight away)\b"),
    ("event", r"\b(?:by|before|until|till|ahead of|prior to|in time for|at|for|after)\s+(?:my|the|our|his|her|"
              r"their|next|this|each)\s+(?:next\s+)?(?:[a-z0-9-]+\s+){0,3}?(?P<what>" + _EVENT + r")\b"),
    ("event", r"\b(?:before|until|till|by the time)\s+(?:my|the|our|this)\s+(?:[a-z-]+\s+){0,2}?(?P<what>" + _PERIOD
              + r"|rotation|placement|contract|mentorship|leave)\s+(?:ends|is over|finishes|starts|begins)\b"),
    ("season", r"\b(?:by|before|in|until|till|this|next|over|during|after|the)\s+(?:the\s+)?(?P<what>summer|winter|"
               r"spring|fall|autumn|christmas|easter|new year|holidays|holiday season|reading week|break)\b"),
    ("week_n", r"\b(?:by|in|before|until|till|at|during|from)?\s*(?:the\s+)?(?P<what>(?:week|month|day)\s+\d{1,2})\b"
               r"(?!\s*(?:%|[a-z]+s\b))"),
    ("rest", r"\b(?P<what>(?:for|over|during|throughout)\s+the\s+(?:rest|remainder|length|duration)\s+of)\b"),
    ("start", r"\b(?:starting|start|beginning|from)\s+(?P<what>now|today|tomorrow|next\s+\w+|this\s+\w+|in\s+\w+)"),
))
_FAR = re.compile(r"\b(?P<what>one day(?!\s+(?:a|per|each|every)\b)|some ?day|eventually|in the future|"
                  r"long[- ]term|in the long run|before i retire|by the time i retire|in the coming years|"
                  r"over the years)\b")


def _parse_date(words: str, today: _dt.date) -> _dt.date | None:
    """A calendar date in ``words`` (day first, like the seed's Canadian material), or None."""
    from dateutil import parser as dateparser  # already loaded in every Jupyter kernel (see module docstring)

    cleaned = re.sub(r"\b(the|of|st|nd|rd|th)\b|(?<=\d)(st|nd|rd|th)\b", " ", words).replace(".", " ").strip()
    has_year = bool(re.search(r"\b20\d\d\b|/\d\d$|-\d\d$", cleaned)) or bool(re.search(r"\d+\s+\d+\s+\d\d$", cleaned))
    has_day = bool(re.search(r"\d", re.sub(r"20\d\d", "", cleaned)))
    try:
        default = _dt.datetime(today.year, today.month, 1)
        parsed = dateparser.parse(cleaned, dayfirst=True, default=default).date()
    except (ValueError, OverflowError, TypeError):
        return None
    if not has_day and not re.search(r"/|-", cleaned):
        # "by june": the end of that month is what people mean.
        nxt = parsed.replace(day=28) + _dt.timedelta(days=4)
        parsed = nxt - _dt.timedelta(days=nxt.day)
    if not has_year and parsed < today:
        try:
            parsed = parsed.replace(year=parsed.year + 1)
        except ValueError:  # 29 February
            parsed = parsed + _dt.timedelta(days=365)
    return parsed


@dataclass
class _Time:
    span: tuple[int, int]
    words: str
    months: float | None = None  # how far away, when known
    passed: bool = False
    far: bool = False


def _time_frames(text: str, today: _dt.date) -> list[_Time]:
    found: list[_Time] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match, **info) -> None:
        start, end = match.span()
        if any(start < b and a < end for a, b in taken):
            return
        taken.append((start, end))
        found.append(_Time((start, end), match.group(0).strip(), **info))

    for match in _DURATION.finditer(text):
        n = match.group("n") or match.group("n2") or match.group("n3")
        unit = (match.group("unit") or match.group("unit2") or match.group("unit3")).rstrip("s")
        months = (1.0 if n in ("a", "an") else float(n)) * _UNIT_MONTHS.get(unit, 1)
        add(match, months=months, far=months > PARTNERSHIP_MONTHS)
    for match in _FAR.finditer(text):
        add(match, far=True)
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            what = match.group("what")
            info: dict = {}
            if kind == "date":
                if what.strip(". ") == "may" and not re.search(r"\b(?:by|before|in|until|till|end of|mid|early|late|"
                                                               r"from|starting|during|this|next)\s+(?:the\s+)?may\b",
                                                               match.group(0)):
                    continue
                when = _parse_date(what, today)
                if when is None:
                    continue
                months = (when - today).days / 30.4
                info = {"months": months, "passed": months < 0, "far": months > PARTNERSHIP_MONTHS}
            elif kind == "year":
                year = int(what)
                months = (year - today.year) * 12 + (12 - today.month)
                info = {"months": months, "passed": year < today.year, "far": months > PARTNERSHIP_MONTHS}
            add(match, **info)
    found.sort(key=lambda t: t.span)
    return found
