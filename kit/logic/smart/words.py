"""The word lists the SMART reading uses (stop words, actions, vague verbs and words, abstract
nouns, artefacts someone could check, occasions), a rough lemmatiser, and which words act as verbs."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
