"""Reading a mentoring goal for the five SMART components, in plain words.

:func:`analyze_goal` is pure (no widgets, no I/O, no clock unless ``today`` is left out) and fast: it
runs in every participant's kernel on each keystroke (about 0.2 ms for a typical goal, under 10 ms for
the longest text it reads; ``tests/test_smart.py`` checks the bound). It returns a
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
"""

from __future__ import annotations

import datetime as _dt
import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterator, Mapping

#: The five components, in the order of the seed's check list.
COMPONENTS = ("specific", "measurable", "action_oriented", "realistic", "timely")
LABELS = MappingProxyType({
    "specific": "Specific", "measurable": "Measurable", "action_oriented": "Action-oriented",
    "realistic": "Realistic", "timely": "Timely",
})

#: Issue codes a finding can carry, and how the facilitator's view names them.
ISSUES = MappingProxyType({
    "vague": "Vague wording: says what to improve, not what to do",
    "no_measure": "No number, frequency or visible result",
    "no_action": "Describes a state, not an action",
    "absolute": "Absolute words (always, never, everyone, perfect)",
    "too_many": "Several goals in one",
    "too_much": "A lot to do in the time given",
    "no_time": "No deadline or time frame",
    "too_far": "Time frame longer than the partnership",
    "passed": "Deadline already passed",
    "unreadable": "Too short, too long or not words",
})

#: A partnership rarely lasts longer than this; a deadline further away is not "timely" here.
PARTNERSHIP_MONTHS = 24
#: Texts longer than this get a message; only this many characters are read.
LONG_TEXT = 1000


@dataclass(frozen=True, slots=True)
class Finding:
    """What the analysis sees for one SMART component of one goal."""

    met: bool
    #: One sentence: what the words show (or do not show).
    reason: str
    #: One sentence: how to improve; empty when met.
    tip: str = ""
    #: A key of :data:`ISSUES` when not met, else empty.
    issue: str = ""


@dataclass(frozen=True)
class GoalAnalysis:
    """The result of :func:`analyze_goal`: a :class:`Finding` per component, plus a message for input that
    is not a goal yet (empty, one word, very long, emoji only, HTML); ``message`` is empty otherwise."""

    text: str
    message: str
    findings: Mapping[str, Finding] = field(hash=False)

    def __getitem__(self, component: str) -> Finding:
        return self.findings[component]

    def __iter__(self) -> Iterator[str]:
        return iter(COMPONENTS)

    @property
    def met(self) -> dict[str, bool]:
        """``{component: met}`` in check-list order."""
        return {c: self.findings[c].met for c in COMPONENTS}

    @property
    def issues(self) -> list[str]:
        """The issue codes of the components not met (each at most once, in check-list order)."""
        seen: list[str] = []
        for c in COMPONENTS:
            issue = self.findings[c].issue
            if issue and issue not in seen:
                seen.append(issue)
        return seen

    @property
    def score(self) -> int:
        """How many of the five components the words show."""
        return sum(self.met.values())


# --- words ------------------------------------------------------------------------------------------

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
_NUMBER_RUN = re.compile(rf"\b(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}))*\b")
# "one" that is not a count: "one day I will", "one of", "no one", "one-to-one", "one another".
_NOT_A_COUNT = re.compile(r"\bone(?=[\s-]+(?:day\b(?![\s-]+(?:a|per|each|every)\b)|of\b|another\b|on[\s-]+one|to[\s-]+one"
                          r"|thing\b))|(?<=\bno )one\b|(?<=[-\s]to-)one\b|(?<=\bon-)one\b")
_APPROX = [(re.compile(r"\b(?:a|one)\s+dozen\b"), "12"), (re.compile(r"\bhalf\s+a\s+dozen\b"), "6"),
           (re.compile(r"\ba\s+couple\s+of\b"), "2"), (re.compile(r"\ba\s+few\b"), "3"),
           (re.compile(r"\bhalf\s+an?\s+(hour|day|year)\b"), r"0.5 \1")]


def _number_value(words: str) -> int | None:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if word == "thousand":
                total, current = total + current, 0
    return total + current


def _digits_for_words(text: str) -> str:
    """``"three papers and twenty-five notes"`` -> ``"3 papers and 25 notes"``; idioms with "one" stay."""
    text = _NOT_A_COUNT.sub("uno", text)  # hide idiomatic "one" from the number reader
    for pattern, replacement in _APPROX:
        text = pattern.sub(replacement, text)
    text = _NUMBER_RUN.sub(lambda m: str(_number_value(m.group(0))), text)
    return text.replace("uno", "one")


_STOP = frozenset("""
a an the my our your their his her its this that these those i me we us you he she they it myself
to of in on at by for with from about into onto over under as than then and or but so if while
will would shall should can could may might must do does did be am is are was were been being
have has had get gets got want wants wanted like would'd i'd i'll i'm id ill im also just really very
more most less some any each every all much many other another own same such only not no
what which who whom whose how when where why there here up out off back down again once
able around within before after until till during per via one ones lot lots way ways part
""".split())

#: Verbs for a step you can take.
_ACTIONS = frozenset("""
present submit publish write draft read lead run organise organize host teach shadow ask schedule book meet
attend complete finish pass apply enrol enroll register build create design implement launch deliver prepare
practise practice record review audit call email phone contact connect interview observe mentor coach train
volunteer join chair co-author author collect analyse analyze survey track log spend say summarise summarize
conduct map document share propose pitch negotiate delegate block protect request seek use introduce discuss
send clear defend hire double sell visit pilot test study revise edit update rewrite plan speak talk listen
sit buy fix follow sign set start begin pick choose identify list invite observe rotate co-write co-lead
cut save earn obtain secure sign-up check note compare calculate present shortlist outline
""".split())
#: Verbs that are a step only with a concrete object ("do an audit", not "do better").
_WEAK = frozenset("do make have hold take give get develop manage create".split())
#: Verbs for a wish or a state, not a step.
_VAGUE_VERBS = frozenset("""
improve be become feel know understand learn work enhance grow explore gain expand strengthen increase reduce
decrease raise boost try want like need handle network notice inspire revolutionise revolutionize transform
stop lose help see think focus keep continue aim hope strive achieve
""".split())
_VAGUE_WORDS = frozenset("""
better best good great strong always never forever stronger more most greater bigger really lot things thing stuff everything
anything something everyone everybody anyone professionally personally professional personal able
comfortable confident confidence happy happier clear clearer whole entire perfect perfectly general overall
difficult new various different well nice proper properly effective effectively efficient
""".split())
_ABSTRACT = frozenset("""
communication communications leadership skill skills career careers research teaching writing management
time balance knowledge experience experiences network networking visibility presence development growth
ability abilities work job role roles life satisfaction confidence organisation organization problems
problem issues issue responsibility responsibilities idea ideas speaking thinking thinker temper mistake
mistakes self myself potential impact level levels area areas field topics topic aspects aspect
efficiency productivity wellbeing well-being resilience mindset attitude habits habit progress success
""".split())
#: Things someone could check were done: a paper submitted, an exam passed, a talk given.
_ARTEFACTS = frozenset("""
paper papers article articles manuscript manuscripts abstract abstracts poster posters chapter chapters
review reviews thesis theses dissertation proposal proposals application applications grant grants report
reports plan plans protocol protocols policy policies guideline guidelines checklist checklists dashboard
dashboards course courses module modules certificate certification certifications recertification exam
exams examination test qualification degree diploma phd masters mba doctorate fellowship presentation
presentations talk talks lecture lectures seminar seminars workshop workshops session sessions club audit
audits project projects pilot survey surveys study case portfolio logbook cv resume statement draft drafts
curriculum toolkit handbook website newsletter rollout training interview interviews conversation
conversations meeting meetings check-in check-ins call calls tutorial tutorials book books blog post program
programme products product application summary handover rota schedule template video podcast sop
""".split())
_OCCASIONS = frozenset("""
day days week weeks month months year years quarter shift shifts meeting meetings presentation presentations
session sessions class classes lecture lectures visit visits call calls clinic clinics round rounds handover
handovers sprint sprints one-to-one one-to-ones 1:1 weekday weekdays weekend weekends morning mornings
evening evenings night nights time times term semester rotation monday tuesday wednesday thursday friday
saturday sunday huddle huddles patient-visit other
""".split())
_CLAUSE_STARTERS = frozenset("""
to i will ll and then or also can could should would must shall want wants need plan aim hope going let
help please first finally regularly actively personally but so & + i'll we we'll actually really
""".split())
_ING_STARTERS = frozenset("by through via start starting keep begin continue try including after before "
                          "and then while am be also".split())
_IRREGULAR = {"ran": "run", "running": "run", "wrote": "write", "written": "write", "led": "lead",
              "taught": "teach", "gave": "give", "given": "give", "took": "take", "taken": "take", "sat": "sit",
              "sitting": "sit", "met": "meet", "did": "do", "done": "do", "doing": "do", "made": "make",
              "making": "make", "had": "have", "having": "have", "held": "hold", "got": "get", "getting": "get",
              "spent": "spend", "said": "say", "sent": "send", "bought": "buy", "became": "become",
              "planning": "plan", "setting": "set", "shadowing": "shadow", "submitting": "submit",
              "cutting": "cut", "putting": "put"}


def _lemma(word: str) -> str:
    """A rough base form, good enough to look a verb up in the lists above."""
    if word in _IRREGULAR:
        return word[:0] + _IRREGULAR[word]
    known = _ACTIONS | _WEAK | _VAGUE_VERBS
    if word in known:
        return word
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("d", "")):
        if word.endswith(suffix) and word[: len(word) - len(suffix)] + repl in known:
            return word[: len(word) - len(suffix)] + repl
    return word


_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|[.,;:!?()\n•*]")


@dataclass
class _Verb:
    index: int
    word: str
    lemma: str
    kind: str  # action | weak | vague


def _verbs(tokens: list[str]) -> list[_Verb]:
    """Words used as verbs: at the start of a clause, after "to", "i", "will", "and", or "by ...ing"."""
    found = []
    for i, word in enumerate(tokens):
        lemma = _lemma(word)
        kind = ("action" if lemma in _ACTIONS else "weak" if lemma in _WEAK
                else "vague" if lemma in _VAGUE_VERBS else "")
        if not kind:
            continue
        prev = tokens[i - 1] if i else "."
        ing = word.endswith("ing") and word != lemma
        if ing:
            ok = prev in _ING_STARTERS or not prev[0].isalnum()
        else:
            ok = prev in _CLAUSE_STARTERS or not prev[0].isalnum()
        if word == "better" or (lemma == "work" and tokens[i + 1: i + 2] != ["on"]):
            ok = ok and lemma != "work"
        if ok:
            found.append(_Verb(i, word, lemma, kind))
    return found


def _object_has_artefact(tokens: list[str], start: int, span: int = 8) -> str:
    for offset, word in enumerate(tokens[start + 1: start + 1 + span], start=start + 1):
        if not word[0].isalnum() and word not in "(":
            break
        if (word in _ARTEFACTS or word.rstrip("s") in _ARTEFACTS) and tokens[offset - 1] != "more":
            return word
    return ""


# --- time frames --------------------------------------------------------------------------------------

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


# --- the analysis -----------------------------------------------------------------------------------

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_ABSOLUTES = re.compile(
    r"\b(?P<what>always|never|every\s+single|everyone|everybody|everything|anyone|anything|forever|perfect(?:ly)?|"
    r"flawless(?:ly)?|the\s+best|the\s+most\s+[a-z]+|the\s+perfect|number\s+one|world[- ]class|the\s+whole|the\s+entire|"
    r"all\s+(?:the|of|my|our|their)\b(?!\s+\d)|100\s*%|zero\s+(?:mistakes|errors)|no\s+mistakes|at\s+all\s+times)\b")
_HEAVY = re.compile(r"\b(?P<n>\d+)\s+(?:[a-z-]+\s+){0,2}?(?P<what>papers|articles|publications|grants|books|"
                    r"products|companies|patents|trials|studies)\b")
_LEAP = re.compile(r"\b(?:become|be|get promoted to|promoted to|made)\s+(?:the\s+|a\s+|an\s+)?(?P<what>ceo|cfo|coo|"
                   r"vp|vice[- ]president|director|chief\s+\w+|head of \w+|chair|dean|president|partner|"
                   r"department chair|professor|full professor|manager)\b")


def _finding(met: bool, reason: str, tip: str = "", issue: str = "") -> Finding:
    return Finding(met, reason, "" if met else tip, "" if met else issue)


def _quote(words: str, limit: int = 60) -> str:
    words = " ".join(words.split())
    return "“" + (words if len(words) <= limit else words[: limit - 1].rstrip() + "…") + "”"


def _unreadable(text: str, message: str) -> GoalAnalysis:
    reason = "There is no goal to read yet." if not text else "This is not yet a goal the kit can read."
    tips = {
        "specific": "Say what you want to achieve, in a sentence.",
        "measurable": "Say how you will know you got there.",
        "action_oriented": "Start with something you will do.",
        "realistic": "Keep it to one goal you can reach within the partnership.",
        "timely": "Say by when.",
    }
    return GoalAnalysis(text, message, MappingProxyType(
        {c: Finding(False, reason, tips[c], "unreadable") for c in COMPONENTS}))


def analyze_goal(text: object, *, today: _dt.date | None = None) -> GoalAnalysis:
    """Read ``text`` (one goal, as a participant wrote it) for the five SMART components.

    Never raises for any input: empty text, a single word, emoji, HTML or thousands of characters get a
    :class:`GoalAnalysis` whose ``message`` says what is wrong. ``today`` anchors dates such as
    "by 31 March" (default: the local date).
    """
    today = today or _dt.date.today()
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return _analyze(text, today)


@functools.lru_cache(maxsize=512)
def _analyze(raw: str, today: _dt.date) -> GoalAnalysis:
    message = ""
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text)
    if _TAG.search(text):
        text = html.unescape(_TAG.sub(" ", text))
        message = "The goal contains HTML code, which is ignored: write it in plain words."
    text = text.strip()
    if len(text) > LONG_TEXT:
        return _unreadable(raw.strip(), f"This is {len(text):,} characters long; one goal fits in a sentence or two "
                                        "(under {LONG_TEXT:,} characters). Split it into separate goals, up to three."
                           .replace("{LONG_TEXT:,}", f"{LONG_TEXT:,}"))
    if not text:
        return _unreadable("", "Write your goal in a sentence or two: what you will do, by when, and how you "
                               "will know you got there.")
    if not re.search(r"[^\W\d_]", text):
        return _unreadable(text, "There are no words here to read. Write your goal in words: what you will do "
                                 "and by when.")
    lower = text.lower().replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", " - ")
    lower = re.sub(r"(?m)^\s*(?:[-*•·]|\d+[.)])\s+", ". ", lower)  # bullets start clauses
    words = re.findall(r"[^\W\d_]+", lower)
    if len(words) < 2:
        return _unreadable(text, "One or two words name a topic, not yet a goal. Say what you will do about it, "
                                 "how you will know, and by when.")
    if message == "" and not re.search(r"[a-z]", lower):
        message = "The kit reads goals written in English; the feedback below may not fit other languages."

    numeric = _digits_for_words(lower)
    times = _time_frames(numeric, today)
    masked = numeric
    for t in times:
        a, b = t.span
        masked = masked[:a] + " " * (b - a) + masked[b:]
    # Time frames become a clause break, so "by 31/03 submit my paper" still starts with a verb.
    tokens = _TOKEN.findall(_mask_times(numeric, times))
    all_tokens = tokens
    verbs = _verbs(tokens)

    findings = {
        "specific": _specific(tokens, verbs, all_tokens),
        "measurable": _measurable(masked, tokens, all_tokens, verbs),
        "action_oriented": _action(all_tokens, verbs),
        "realistic": _realistic(numeric, verbs, times),
        "timely": _timely(times),
    }
    return GoalAnalysis(text, message, MappingProxyType(findings))


def _mask_times(text: str, times: list[_Time]) -> str:
    for t in reversed(times):
        a, b = t.span
        text = text[:a] + " ; " + text[b:]
    return text


def _concrete_words(tokens: list[str]) -> list[str]:
    out = []
    for word in tokens:
        if not word[0].isalnum() or word in _STOP or word in _VAGUE_WORDS or word in _ABSTRACT:
            continue
        lemma = _lemma(word)
        if lemma in _VAGUE_VERBS or lemma in _WEAK or word.isdigit() and False:
            continue
        out.append(word)
    return out


def _specific(tokens: list[str], verbs: list[_Verb], all_tokens: list[str]) -> Finding:
    concrete = _concrete_words(tokens)
    score = len(set(concrete)) + sum(1 for w in set(concrete) if w in _ARTEFACTS)
    vague_quantity = [w for i, w in enumerate(tokens) if w in ("more", "better", "best", "less")
                      and not any(t.isdigit() for t in tokens[max(0, i - 3): i + 4])]
    score -= min(len(vague_quantity), 1)
    head = next((v for v in verbs if v.kind != "action"), None) if verbs and verbs[0].kind != "action" else None
    if score >= 3:
        shown = " ".join(w for w in concrete[:4])
        return _finding(True, f"It names what exactly the goal is about ({_quote(shown)}).")
    if head is not None:
        phrase = " ".join(all_tokens[head.index: head.index + 3])
        return _finding(False, f"{_quote(phrase)} says what you want to change, but not what exactly you will do.",
                        "Name the situation and the one thing you will do differently: who, where, or which task.",
                        "vague")
    return _finding(False, "It does not yet say exactly what you want to achieve, or in which situation.",
                    "Add the task, the people or the setting it is about, so someone else could picture it.",
                    "vague")


_NUMBER = re.compile(r"(?<![\w/.-])(?P<what>\d+(?:[.,]\d+)?)(?![\d/]|[a-z])(?P<pct>\s*(?:%|percent|per cent))?")
_FREQUENCY = re.compile(r"\b(?P<what>daily|weekly|fortnightly|monthly|quarterly|yearly|annually|bi-?weekly|"
                        r"bi-?monthly|twice|(?<=at least )once|once(?=\s+(?:a|an|per|every|each|or|more)\b)|"
                        r"(?:every|each|per|a)\s+(?:other\s+|single\s+|second\s+)?(?P<occasion>[a-z0-9:-]+))\b")


def _measurable(masked: str, tokens: list[str], all_tokens: list[str], verbs: list[_Verb]) -> Finding:
    for match in _NUMBER.finditer(masked):
        what = match.group("what") + (match.group("pct") or "")
        tail = masked[match.end(): match.end() + 25].split()
        return _finding(True, f"It has a number you can check: {_quote(' '.join([what, *tail[:2]]))}.")
    if re.search(r"\bzero\b|\bnone left\b|\ball\s+\d", masked):
        return _finding(True, "It names a target you can check (zero).")
    for match in _FREQUENCY.finditer(masked):
        occasion = match.group("occasion")
        if occasion is not None and match.group(0).split()[0] == "a":
            continue  # "a week" on its own is a time frame, not a frequency
        if occasion is not None and occasion not in _OCCASIONS and occasion.rstrip("s") not in _OCCASIONS:
            continue
        return _finding(True, f"It says how often: {_quote(match.group(0))}.")
    for verb in verbs:
        if verb.lemma in _VAGUE_VERBS:
            continue
        thing = _object_has_artefact(all_tokens, verb.index)
        if thing:
            return _finding(True, f"It has a result someone could see: {verb.word} … {thing}.")
    if re.search(r"\b(?:certified|licensed|accredited|registered|qualified)\b", masked):
        return _finding(True, "It has a result someone could check: a qualification.")
    return _finding(False, "There is no number, frequency or result someone could see in it yet.",
                    "Add how you will know you got there: a number, how often, or something you will have done "
                    "(a talk given, a draft sent, an exam passed).", "no_measure")


def _action(tokens: list[str], verbs: list[_Verb]) -> Finding:
    for verb in verbs:
        if verb.kind == "action":
            return _finding(True, f"It says what you will do: {_quote(verb.word)}.")
        if verb.kind == "weak":
            thing = _object_has_artefact(tokens, verb.index)
            if thing:
                return _finding(True, f"It says what you will do: {_quote(verb.word + ' … ' + thing)}.")
    state = next((v.word for v in verbs), "")
    if state:
        return _finding(False, f"{_quote(state)} describes a wish or a state rather than a step you will take.",
                        "Start with a verb for something you can do, such as ask, draft, present, shadow or "
                        "practise.", "no_action")
    return _finding(False, "It does not say what you will do.",
                    "Start with a verb for something you can do, such as ask, draft, present, shadow or practise.",
                    "no_action")


def _realistic(numeric: str, verbs: list[_Verb], times: list[_Time]) -> Finding:
    absolute = _ABSOLUTES.search(numeric)
    if absolute:
        return _finding(False, f"Words like {_quote(absolute.group('what'))} set a bar nobody reaches every time.",
                        "Aim for a clear step forward rather than perfection: say what good enough looks like.",
                        "absolute")
    heads = [v for v in verbs if not (v.word.endswith("ing") and v.word != v.lemma)]
    if len(heads) >= 4:
        return _finding(False, f"It holds {len(heads)} different aims in one goal.",
                        "Pick the one that matters most now and make it a goal of its own; keep the others for "
                        "later.", "too_many")
    horizon = min((t.months for t in times if t.months is not None and not t.passed), default=None)
    if horizon is None and any(t for t in times if not t.far):
        horizon = 12.0  # "this year", "by the end of term": within about a year
    heavy = _HEAVY.search(numeric)
    if heavy and int(heavy.group("n")) >= 10 and (horizon is None or horizon <= 12):
        return _finding(False, f"{_quote(heavy.group(0))} is a great deal for one partnership.",
                        "Choose a number you could reach with the time you really have, and say how.",
                        "too_much")
    leap = _LEAP.search(numeric)
    if leap and horizon is not None and horizon < 6:
        return _finding(False, f"Becoming {leap.group('what')} that soon depends on much more than you.",
                        "Set a step you control on the way there, such as a conversation or an application.",
                        "too_much")
    return _finding(True, "Nothing in the wording suggests it is too big for one mentoring partnership.")


def _timely(times: list[_Time]) -> Finding:
    good = [t for t in times if not t.far and not t.passed]
    if good:
        return _finding(True, f"It has a time frame: {_quote(good[0].words)}.")
    passed = [t for t in times if t.passed]
    if passed:
        return _finding(False, f"The date {_quote(passed[0].words)} has already passed.",
                        "Choose a date that is still ahead of you.", "passed")
    if times:
        return _finding(False, f"{_quote(times[0].words)} is further away than a mentoring partnership usually "
                               "lasts.", "Add a first step you can reach within the partnership, and when.",
                        "too_far")
    return _finding(False, "There is no deadline or time frame in it.",
                    "Add when: a date (by 31 March), a period (within six weeks, this term) or an event (before my "
                    "review).", "no_time")


def tick_hint(component: str, finding: Finding) -> str:
    """A gentle note for a participant who ticked Yes for ``component`` where the words do not show it
    (plain text; empty when the finding is met)."""
    if finding.met:
        return ""
    label = LABELS.get(component, component)
    return (f"You ticked Yes for {label}, but the goal's own words do not show it yet: {finding.reason} "
            f"{finding.tip}").strip()


# --- many goals (the facilitator's view) -------------------------------------------------------------


def ticked_yes(component, checks: Mapping[str, Mapping[str, str]]) -> bool:
    """Did the author tick Yes for ``component`` (a :class:`kit.content.model.ChecklistComponent`)? Yes to
    every question marked ``check_text`` (or to every question, when none is marked)."""
    claims = [q for q in component.questions if q.check_text] or list(component.questions)
    return bool(claims) and all((checks.get(q.id) or {}).get("answer") == "yes" for q in claims)


@dataclass(frozen=True)
class GoalSummary:
    """A group's goals in numbers: no author, no order that could reveal one."""

    goals: int
    writers: int
    #: Component ids in check-list order, with how many goals' words show each and how many were ticked Yes.
    components: tuple[str, ...]
    shown: Mapping[str, int]
    ticked: Mapping[str, int]
    #: ``(issue code, number of goals)``, most common first.
    issues: tuple[tuple[str, int], ...]
    #: The latest wording of the goals their authors shared, sorted alphabetically.
    shared: tuple[str, ...]


def summarize_goals(items, answers, *, today: _dt.date | None = None) -> GoalSummary:
    """Count the latest version of every goal in ``answers`` (each participant's answers) for the goal
    ``items``: goals written, per component shown vs ticked Yes, the commonest issues, shared texts."""
    components: list = []
    for item in items:
        for component in item.checklist:
            if component.id not in [c.id for c in components]:
                components.append(component)
    ids = tuple(c.id for c in components if c.id in COMPONENTS)
    shown = {c: 0 for c in ids}
    ticked = {c: 0 for c in ids}
    issues: dict[str, int] = {}
    shared: list[str] = []
    goals = writers = 0
    for answer in answers:
        wrote = False
        for item in items:
            value = answer.get(item.id)
            entries = value.get("goals") if isinstance(value, Mapping) else None
            for goal in entries if isinstance(entries, list) else []:
                versions = goal.get("versions") if isinstance(goal, Mapping) else None
                if not versions or not isinstance(versions[-1], str):
                    continue
                goals += 1
                wrote = True
                analysis = analyze_goal(versions[-1], today=today)
                checks = goal.get("checks") if isinstance(goal.get("checks"), Mapping) else {}
                for component in item.checklist:
                    if component.id not in shown:
                        continue
                    shown[component.id] += analysis[component.id].met
                    ticked[component.id] += ticked_yes(component, checks)
                for issue in analysis.issues:
                    issues[issue] = issues.get(issue, 0) + 1
                if goal.get("shared") is True and item.shareable:
                    shared.append(versions[-1])
        writers += wrote
    ranked = tuple(sorted(issues.items(), key=lambda pair: (-pair[1], list(ISSUES).index(pair[0]))))
    return GoalSummary(goals, writers, ids, MappingProxyType(shown), MappingProxyType(ticked), ranked,
                       tuple(sorted(shared, key=lambda text: (text.casefold(), text))))
