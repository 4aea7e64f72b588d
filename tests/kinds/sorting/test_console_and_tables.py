"""The room's sorting (console) and how many sorted each card right (analysis), with k."""

from __future__ import annotations

import re
from html import escape

from kit.analysis import load_answers, summarize
from kit.analysis.demo import fill_demo
from kit.content import load_content
from kit.kinds.sorting import cards
from kit.kinds.sorting.console import SortingSection
from kit.logic.aggregate import gate
from kit.logic.answers import clean_answers
from kit.store import Store
from kit.ui.sections import Snapshot, sections_for

EXERCISE = load_content()["whose_tip"]
ITEM = EXERCISE.item("whose")
RIGHT = {c.id: c.answer for c in cards(ITEM)}
PEOPLE = [dict(RIGHT, initiative="mentor"), dict(RIGHT, initiative="both"), dict(RIGHT)]


def snapshot(answers, k=3):
    return Snapshot(exercise=EXERCISE, joined=len(answers), answers=answers, gate=gate(len(answers), k))


def test_section_most_mis_sorted_first_from_k():
    """Below k nothing; from k, the card sorted wrong most is the first row, its right cell marked."""
    [section] = sections_for(EXERCISE)
    assert isinstance(section, SortingSection)
    answers = [{"whose": p} for p in PEOPLE]
    section.update(snapshot(answers[:2]))
    assert section.body.value == ""
    section.update(snapshot(answers))
    html = section.body.value
    assert html.index('data-card="initiative"') < html.index('data-card="up_front"')
    assert '<td class="mk-sort-right" title="the right category">1 (33%) ✓</td>' in html
    assert "&quot;guide on the side&quot;" in html


def test_sorted_right_per_card_and_demo(tmp_path):
    """Hand-worked: 'initiative' sorted right by 1 of 3, 'up_front' by 3; demo sortings are valid."""
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    store.create_schema()
    try:
        session = store.create_session("Cohort S")
        for number, given in enumerate(PEOPLE):
            person = store.join(session.code, f"P{number}", join_token=f"t{number}")
            store.submit(person.key, EXERCISE.id, {"whose": given}, submission_id=f"s{number}")
        summary = summarize(load_answers(store, exercises={EXERCISE.id: EXERCISE}), exercises={EXERCISE.id: EXERCISE})
        fill_demo(store, cohorts=1, participants=6, exercises={EXERCISE.id: EXERCISE})
        demo_code = [s.code for s in store.list_sessions() if s.code != session.code][0]
        demo = store.latest_answers(demo_code, EXERCISE.id)
    finally:
        store.dispose()
    right = summary[summary["measure"] == "sorted_right"].set_index("category")["count"]
    assert right["initiative"] == 1 and right["up_front"] == 3 and len(right) == 10
    assert demo and all(clean_answers(EXERCISE, a) == a for a in demo)


def _report(tmp_path, cohorts):
    from kit.analysis.report import write_report

    store = Store(f"sqlite:///{tmp_path / 'sr.sqlite3'}")
    store.create_schema()
    try:
        for cohort, people in cohorts.items():
            session = store.create_session(cohort)
            for number, given in enumerate(people):
                person = store.join(session.code, f"P{number}", join_token=f"{cohort}{number}")
                store.submit(person.key, EXERCISE.id, {"whose": given}, submission_id=f"{cohort}{number}")
        return write_report(store, tmp_path / "report.html", exercises={EXERCISE.id: EXERCISE}).read_text("utf-8")
    finally:
        store.dispose()


def test_the_report_shows_sorting_accuracy_most_mis_sorted_first(tmp_path):
    """Hand-worked: 3 people sort 10 cards, 28 of 30 right (93%); is 'initiative' (1 of 3: 33%) listed
    first, and with a second session of 2 people (k = 3), is its cohort cell only the mark while the
    first session's is 93%?"""
    wrong = dict(RIGHT, initiative="mentor", up_front="mentor")
    html = _report(tmp_path, {"Cohort A": PEOPLE, "Cohort B": [wrong, wrong]})
    part = html.split("Sorted right: Whose tip is it?")[1]
    texts = {c.id: c.text for c in cards(ITEM)}
    assert "5 people sorted the cards; 88% of the cards were sorted right" in part  # 44 of 50
    rows = re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">([^<]*)</td></tr>", part.split("Cohort by cohort")[0])
    assert rows[0] == (escape(texts["initiative"]), "20%")  # 1 of 5
    assert rows[1] == (escape(texts["up_front"]), "60%")  # 3 of 5
    assert {share for _, share in rows[2:]} == {"100%"}
    cohorts = dict((label.split(" · ")[1], share) for label, share in rows_of(part.split("Cohort by cohort")[1]))
    assert cohorts == {"Cohort A": "93%", "Cohort B": "–"}


def rows_of(html):
    return re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">([^<]*)</td></tr>", html)
