"""Helpers for the analysis tests: a small exercise set with every item type, and a filled store."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from kit.content.model import Exercise, Item, Option, Scale, Source
from kit.store import Store

YNU = Scale("ynu", (Option("yes", "Yes"), Option("no", "No"), Option("not_sure", "Not sure", unsure=True)))
MYTH_FACT = Scale("myth_fact", (Option("myth", "Myth"), Option("fact", "Fact")))
CONFIDENCE = Scale("confidence", (Option("sure", "Sure"), Option("guessing", "Guessing", unsure=True)))

SCRIPT = "<script>alert('x')</script>"


def _exercise(id: str, items: list[Item], scales: dict, *, order: int, **extra) -> Exercise:
    return Exercise(
        id=id, title=f"Title of {id}", summary="s", instructions="i",
        source=Source(document="test", attribution="Made for tests"), facilitator_note="", duration_minutes=5,
        items=tuple(items), scales=MappingProxyType(scales), notebook=f"{id}.ipynb", order=order, pairing=None,
        path=Path(f"{id}.yaml"), **extra,
    )


def exercises() -> dict[str, Exercise]:
    """A checklist (two choice items, one shareable text item) and a two-statement quiz."""
    checklist = _exercise("check", [
        Item(id="a", type="choice", text="Statement A", scale=YNU),
        Item(id="b", type="choice", text="Statement B", scale=YNU),
        Item(id="note", type="text", text="Your thoughts?", required=False, shareable=True),
    ], {"ynu": YNU}, order=1)
    quiz = _exercise("quiz", [
        Item(id="q1", type="quiz", text="Myth one", scale=MYTH_FACT, answer="myth"),
        Item(id="q2", type="quiz", text="Fact two", scale=MYTH_FACT, answer="fact"),
    ], {"myth_fact": MYTH_FACT, "confidence": CONFIDENCE}, order=2, confidence_scale=CONFIDENCE)
    return {checklist.id: checklist, quiz.id: quiz}


def new_store(tmp_path: Path, name: str = "a.sqlite3") -> Store:
    return Store(f"sqlite:///{tmp_path / name}")


def fill(store: Store, name: str = "Cohort <A>", people: int = 4, *, k: int = 3, prefix: str = "p") -> dict:
    """A session where ``people`` answer the checklist and the quiz; returns what was stored.

    Person 0 types a <script> in a note and shares it; person 1 writes a private note; person 2
    resubmits the checklist; everyone takes the quiz once, and persons 0 and 1 a second time.
    """
    session = store.create_session(name, k_threshold=k)
    joined = []
    for n in range(people):
        person = store.join(session.code, f"{prefix.upper()}erson {n} <b>", join_token=f"{session.code}-{n}")
        joined.append(person)
        answers = {"a": "yes" if n % 2 == 0 else "no", "b": "not_sure"}
        if n == 0:
            answers |= {"note": SCRIPT, "_shared": ["note"]}
        if n == 1:
            answers |= {"note": "my private thoughts"}
        store.submit(person.key, "check", answers, submission_id=f"{session.code}-c{n}")
        if n == 2:
            store.submit(person.key, "check", {"a": "no", "b": "yes"}, submission_id=f"{session.code}-c{n}b")
        store.submit(person.key, "quiz", {"q1": {"answer": "myth", "confidence": "sure"},
                                          "q2": {"answer": "myth" if n % 2 else "fact", "confidence": "guessing"}},
                     submission_id=f"{session.code}-q{n}")
        if n < 2:
            store.submit(person.key, "quiz", {"q1": {"answer": "myth", "confidence": "sure"},
                                              "q2": {"answer": "fact", "confidence": "sure"}},
                         submission_id=f"{session.code}-q{n}r2", run=2)
    return {"session": session, "people": joined}
