"""The goal's summary (kit/kinds/goal/tables.py), through :func:`kit.analysis.summarize`."""

from __future__ import annotations

from kit.analysis.summaries import summarize
from kit.analysis.tidy import load_answers
from kit.content import load_content
from kit.store import Store


def test_goal_summary_counts_goals_not_people(tmp_path):
    """Are SMART goals summarised per component as goals whose words show it and goals ticked Yes, out
    of the goals written (three goals from one person count three times)?"""
    exercise = load_content()["smart_goals"]
    item = exercise.goal_items[0]
    every_yes = {q.id: {"answer": "yes", "note": ""} for c in item.checklist for q in c.questions}
    store = Store(f"sqlite:///{tmp_path / 'g.sqlite3'}")
    session = store.create_session("Goals")
    texts = [["improve"], ["lead two team huddles a week on my ward for the next six weeks",
                           "present one case at the department meeting by 30 June"]]
    for n, goals in enumerate(texts):
        person = store.join(session.code, None, join_token=f"g{n}")
        store.submit(person.key, exercise.id, {item.id: {"goals": [
            {"versions": [text], "checks": every_yes if n else {}, "shared": False} for text in goals]}},
            submission_id=f"g{n}")
    summary = summarize(load_answers(store), exercises={exercise.id: exercise})
    goals = summary[summary["measure"] == "goals"]
    assert goals["count"].tolist() == [3] and goals["respondents"].tolist() == [2]
    timely = summary[(summary["measure"] == "shown") & (summary["category"] == "timely")].iloc[0]
    assert timely["count"] == 2 and abs(timely["share"] - 2 / 3) < 1e-9
    ticked = summary[(summary["measure"] == "ticked") & (summary["category"] == "specific")].iloc[0]
    assert ticked["count"] == 2
    store.dispose()
