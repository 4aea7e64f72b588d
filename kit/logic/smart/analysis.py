"""One goal read for the five SMART components: :func:`analyze_goal` (pure, cached, never raises) and
:func:`tick_hint` for a participant who ticked Yes where the words do not show it."""

from __future__ import annotations

import datetime as _dt
import functools
import html
import re
import unicodedata
from types import MappingProxyType

from kit.logic.smart.findings import COMPONENTS, LABELS, LONG_TEXT, Finding, GoalAnalysis
from kit.logic.smart.numbers import _digits_for_words
from kit.logic.smart.timeframes import _Time, _time_frames
from kit.logic.smart.words import (_ABSTRACT, _ARTEFACTS, _OCCASIONS, _STOP, _TOKEN, _VAGUE_VERBS, _VAGUE_WORDS,
                                   _WEAK, _lemma, _object_has_artefact, _Verb, _verbs)

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
